use sea_orm::entity::prelude::*;

/// One record of the audit log (see `services::audit`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `site`, or the id of the contest the record belongs to.
    pub chain: String,
    /// Position in the chain, from 1, without gaps.
    pub seq: i64,
    pub at: DateTimeUtc,
    pub actor_id: Option<Uuid>,
    /// Who, as a person reads it: an email, or `system` for the command line.
    pub actor: String,
    pub contest_id: Option<Uuid>,
    pub kind: String,
    pub object_kind: String,
    pub object_id: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    /// JSON: `{field: [before, after]}` of the fields that changed.
    #[sea_orm(column_type = "Text")]
    pub changes: String,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
