use sea_orm::entity::prelude::*;

/// The committee's change to a round's advancing list for one entry (SCORING.md §7).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "advancement_overrides")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub entry_id: Uuid,
    /// `add` or `remove` (`OverrideAction`).
    pub action: String,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub decided_by: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
