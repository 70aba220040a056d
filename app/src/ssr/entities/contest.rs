use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    #[sea_orm(column_type = "Text")]
    pub description_vi: String,
    #[sea_orm(column_type = "Text")]
    pub description_en: String,
    pub time_zone: String,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub submissions_open_at: Option<DateTimeUtc>,
    pub submissions_close_at: Option<DateTimeUtc>,
    /// The number of the last entry started; the next one gets one more.
    pub entry_seq: i32,
    /// Set while the committee has unlocked the rules after submissions opened.
    pub rules_unlocked_at: Option<DateTimeUtc>,
    /// The kinds of file entries may carry, as codes: `pdf, docx`.
    pub attachment_types: String,
    /// The largest attachment, in megabytes.
    pub attachment_max_mb: i32,
    /// `EligibilityRules` as JSON; `{}` checks nothing.
    #[sea_orm(column_type = "Text")]
    pub eligibility: String,
    /// The contest's own questions, JSON of `Vec<FormField>`; `[]` for none.
    #[sea_orm(column_type = "Text")]
    pub entry_form: String,
    /// From when founders may start and save drafts, before submissions open; `None`: from
    /// when submissions open.
    pub registration_opens_at: Option<DateTimeUtc>,
    /// When the committee means to publish the results (announced, not enforced).
    pub results_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
