use sea_orm::entity::prelude::*;

/// One judge's score sheet for one entry in one round (SCORING.md §2).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sheets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub round_id: Uuid,
    pub entry_id: Uuid,
    pub judge_id: Uuid,
    /// `SheetState::code`: draft, submitted, reopened or void.
    pub state: String,
    /// Counts saves: a save names the version it was made from.
    pub version: i32,
    /// JSON object: criterion key → score as an exact decimal string.
    #[sea_orm(column_type = "Text")]
    pub scores: String,
    /// JSON object: criterion key → comment.
    #[sea_orm(column_type = "Text")]
    pub comments: String,
    #[sea_orm(column_type = "Text")]
    pub overall_comment: String,
    #[sea_orm(column_type = "Text")]
    pub committee_note: String,
    #[sea_orm(column_type = "Text")]
    pub founder_feedback: String,
    /// Why the sheet was last reopened or voided.
    #[sea_orm(column_type = "Text")]
    pub state_reason: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
