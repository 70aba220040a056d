use sea_orm::entity::prelude::*;

/// What a round was finalised with (SCORING.md §10): its files exactly as `jurydesk results`
/// reads them, and the digest they replay to.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "round_results")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: Uuid,
    pub digest: String,
    /// `round.toml`: the rules with the committee's decisions.
    #[sea_orm(column_type = "Text")]
    pub rules: String,
    /// `entries.csv`.
    #[sea_orm(column_type = "Text")]
    pub entries: String,
    /// `sheets.csv`.
    #[sea_orm(column_type = "Text")]
    pub sheets: String,
    pub finalised_by: Uuid,
    pub finalised_at: DateTimeUtc,
    /// When its committee published it; none while it is not published.
    pub published_at: Option<DateTimeUtc>,
    pub published_by: Option<Uuid>,
    /// Published pages show scores (else ranks, advancement and prizes only).
    pub show_scores: bool,
    /// Anyone may download the files above, to check the digest with `jurydesk results`.
    pub publish_files: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
