use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rounds")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub contest_id: Uuid,
    /// 1 for the first round, in the order entries go through them.
    pub position: i32,
    pub name_vi: String,
    pub name_en: String,
    /// The round's rules file (docs/formats.md), exactly as the committee wrote it.
    #[sea_orm(column_type = "Text")]
    pub rules: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When judges may score the round, in the contest's time zone on screen.
    pub judging_opens_at: Option<DateTimeUtc>,
    pub judging_closes_at: Option<DateTimeUtc>,
    /// When the committee finalised the round: its sheets are frozen and its result kept in
    /// `round_results`; none while it is open.
    pub finalised_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
