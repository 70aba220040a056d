use crate::model::{EntryStatus, Stage};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub contest_id: Uuid,
    pub category_id: Option<Uuid>,
    /// From 1 in its contest, in the order entries were started.
    pub number: i32,
    /// The contest's code and the number: `LS25-0042`.
    #[sea_orm(unique)]
    pub code: String,
    pub lead_id: Uuid,
    pub status: EntryStatus,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub problem: String,
    #[sea_orm(column_type = "Text")]
    pub solution: String,
    #[sea_orm(column_type = "Text")]
    pub market: String,
    #[sea_orm(column_type = "Text")]
    pub business_model: String,
    pub stage: Option<Stage>,
    pub version: i32,
    /// Code, title and lead's name folded for search (`services::fold`).
    #[sea_orm(column_type = "Text")]
    pub search: String,
    /// The title folded, for sorting by title the way a reader expects.
    #[sea_orm(column_type = "Text")]
    pub title_key: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
    /// The lead's date of birth, `YYYY-MM-DD`, or empty.
    pub birth_date: String,
    pub province: String,
    /// The company's founding date, `YYYY-MM-DD`, or empty.
    pub founded: String,
    /// What the eligibility checks conclude (`Eligibility::code`).
    pub auto_eligibility: String,
    /// What counts: the committee's decision when there is one, else the checks'.
    pub eligibility: String,
    pub decision: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub decision_reason: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<Uuid>,
    /// The answers to the contest's own questions, JSON of `Answers`.
    #[sea_orm(column_type = "Text")]
    pub answers: String,
    /// The position of the round the entry is in: 1 once submitted, more as it advances; 0
    /// for none (a draft, a withdrawn entry).
    pub round: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
