use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attachments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub entry_id: Uuid,
    pub contest_id: Uuid,
    /// The name it was uploaded with, cleaned; for display only.
    pub name: String,
    /// `AttachmentKind::code`, read from the content.
    pub kind: String,
    /// In bytes.
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: Uuid,
    pub created_at: DateTimeUtc,
    /// The key of the file question it answers; empty for a plain attachment.
    pub field: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
