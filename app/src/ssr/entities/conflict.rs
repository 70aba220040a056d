use crate::model::judging::ConflictState;
use sea_orm::entity::prelude::*;

/// A conflict of interest recorded for one (judge, entry) pair of a contest.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conflicts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub contest_id: Uuid,
    pub judge_id: Uuid,
    pub entry_id: Uuid,
    pub state: ConflictState,
    /// Why, in the words of whoever recorded it (required from the committee).
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub decided_by: Uuid,
    pub created_at: DateTimeUtc,
    /// When the current state took effect.
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
