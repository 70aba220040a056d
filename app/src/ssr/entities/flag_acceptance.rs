use sea_orm::entity::prelude::*;

/// A discrepancy the committee accepted with a note (SCORING.md §5), for the totals it saw.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "flag_acceptances")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub round_id: Uuid,
    pub entry_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    /// The raw totals accepted, sorted, as text (`55, 61, 87`).
    #[sea_orm(column_type = "Text")]
    pub totals: String,
    pub decided_by: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
