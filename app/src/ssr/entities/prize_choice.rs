use sea_orm::entity::prelude::*;

/// The committee's prize for one entry of a tie across a prize boundary (SCORING.md §8).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "prize_choices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub entry_id: Uuid,
    /// The prize's position in the round's list, from 1; none for no prize.
    pub prize: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub decided_by: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
