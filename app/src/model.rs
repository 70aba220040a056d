//! The types services take and return, shared with pages (they compile for the browser too).
//! Services own them: `api` passes them across the wire and converts where the wire needs
//! another shape; services never import `api`.

use crate::domain::Lang;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "ssr")]
use sea_orm::entity::prelude::*;

/// Validation limits, defined once: services check them and forms put them in
/// `maxlength`/`minlength`.
pub mod limits {
    /// A person's name, in characters.
    pub const PERSON_NAME_MAX: usize = 100;
    /// A contest's or a category's name, in characters.
    pub const TITLE_MAX: usize = 200;
    /// A contest's description, in characters.
    pub const DESCRIPTION_MAX: usize = 20_000;
    /// Contest and category codes: ASCII letters, digits and dashes.
    pub const CODE_MIN: usize = 2;
    pub const CODE_MAX: usize = 32;
    /// Passwords, in characters (argon2 hashes any length; the ceiling bounds the work).
    pub const PASSWORD_MIN: usize = 8;
    pub const PASSWORD_MAX: usize = 200;
    /// An email address, in bytes (RFC 5321).
    pub const EMAIL_MAX: usize = 254;
    /// A reason given for an action, in characters.
    pub const REASON_MAX: usize = 2_000;
    /// An entry's title, in characters.
    pub const ENTRY_TITLE_MAX: usize = 200;
    /// An entry's summary, in characters.
    pub const ENTRY_SUMMARY_MAX: usize = 2_000;
    /// Each long field of an entry (problem, solution, market, business model), in
    /// characters: what a dossier page holds several times over, and well inside a request.
    pub const ENTRY_TEXT_MAX: usize = 20_000;
    /// Entries one person may lead in one contest at a time (withdrawn ones do not count):
    /// a ceiling against runaway drafts, not a contest rule.
    pub const ENTRIES_PER_PERSON_MAX: u64 = 5;
    /// A search typed into a list, in characters.
    pub const SEARCH_MAX: usize = 100;
    /// Team members of an entry besides its lead.
    pub const MEMBERS_MAX: usize = 10;
    /// Files attached to one entry.
    pub const ATTACHMENTS_MAX: usize = 10;
    /// The largest attachment limit a committee may set, in megabytes.
    pub const ATTACHMENT_MB_MAX: i32 = 100;
    /// The attachment limit of a new contest, in megabytes.
    pub const ATTACHMENT_MB_DEFAULT: i32 = 20;
    /// The shown name of an attachment, in characters.
    pub const ATTACHMENT_NAME_MAX: usize = 120;
    /// The name a committee gives an API token, in characters.
    pub const API_TOKEN_LABEL_MAX: usize = 120;
    /// Live API tokens a contest may hold at once.
    pub const API_TOKENS_MAX: u64 = 20;
}

pub mod api_tokens;
mod attachments;
pub mod eligibility;
pub mod form_fields;
pub mod judging;
pub mod progress;
pub mod publication;
pub mod results;
pub mod sheets;
pub use attachments::{AttachmentKind, AttachmentRules, AttachmentView, size_text};
pub use eligibility::{EligibilityForm, EligibilityRules, EligibilityView};
pub use form_fields::{Answers, FieldKind, FormField};

/// A person's part in one contest. Stored as text; an unknown stored value is an error when
/// read, never some default role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(DeriveActiveEnum, EnumIter))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The organising committee: runs the whole contest.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "committee"))]
    Committee,
    /// A committee member limited to some categories.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "sub_committee"))]
    SubCommittee,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "judge"))]
    Judge,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Judge, Role::Committee, Role::SubCommittee];

    /// The form value and stored text.
    pub fn code(self) -> &'static str {
        match self {
            Role::Committee => "committee",
            Role::SubCommittee => "sub_committee",
            Role::Judge => "judge",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code.trim())
    }
}

/// A category of a contest, as lists and forms show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: Uuid,
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
}

impl Category {
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_vi, &self.name_en)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCategory {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContestSummary {
    pub id: Uuid,
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub description_vi: String,
    pub description_en: String,
    /// The descriptions (the rules text, Markdown) as safe HTML, made on the server for a
    /// contest's own page (empty in lists).
    pub description_html_vi: String,
    pub description_html_en: String,
    pub time_zone: String,
    pub created: crate::format::Zoned,
    /// When founders may start entering; `None` until the committee sets it.
    pub submissions_open: Option<crate::format::Zoned>,
    /// The deadline for submitting and editing entries.
    pub submissions_close: Option<crate::format::Zoned>,
    /// When founders may start preparing drafts, before submissions open; `None`: when
    /// submissions open.
    pub registration_open: Option<crate::format::Zoned>,
    /// When the committee means to publish the results.
    pub results: Option<crate::format::Zoned>,
    /// Whether founders may start and edit entries, as the server saw it when it answered
    /// (the browser has no clock it may trust).
    pub window: Window,
    /// Registration is open but submissions are not yet: drafts only.
    pub drafts_only: bool,
    /// The contest's own questions on the entry form, after the core fields.
    pub form: Vec<FormField>,
    /// While submissions are open: whole minutes left until the deadline, as the server saw it.
    pub minutes_left: Option<i64>,
    /// Which files entries may carry.
    pub attachments: AttachmentRules,
    /// Who may enter.
    pub eligibility: EligibilityRules,
}

/// The text in `lang`, else the other language's (a text given in one language only).
pub fn pick_or_other<'a>(lang: Lang, vi: &'a str, en: &'a str) -> &'a str {
    let first = lang.pick(vi, en);
    if first.trim().is_empty() {
        lang.pick(en, vi)
    } else {
        first
    }
}

/// Time left as days, hours and minutes: `(2, 3, 15)`.
pub fn split_minutes(minutes: i64) -> (i64, i64, i64) {
    let minutes = minutes.max(0);
    (minutes / (24 * 60), minutes / 60 % 24, minutes % 60)
}

impl ContestSummary {
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_vi, &self.name_en)
    }

    pub fn description(&self, lang: Lang) -> &str {
        lang.pick(&self.description_vi, &self.description_en)
    }

    /// The description in `lang` as HTML (see `ssr::markdown`).
    pub fn description_html(&self, lang: Lang) -> &str {
        lang.pick(&self.description_html_vi, &self.description_html_en)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewContest {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub description_vi: String,
    pub description_en: String,
    pub time_zone: String,
}

/// What a contest's committee may change after creation (the code stays: links use it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContestSettings {
    pub name_vi: String,
    pub name_en: String,
    pub description_vi: String,
    pub description_en: String,
    pub time_zone: String,
    /// When submissions open and close, as `YYYY-MM-DDTHH:MM` in the contest's time zone
    /// (what a `datetime-local` input sends); empty for not set.
    #[serde(default)]
    pub submissions_open: String,
    #[serde(default)]
    pub submissions_close: String,
    /// When registration opens: founders may prepare drafts before submissions open; empty
    /// for from when submissions open.
    #[serde(default)]
    pub registration_open: String,
    /// When the results are to be published (announced on the contest page).
    #[serde(default)]
    pub results: String,
    /// The kinds of file entries may carry, as a list of codes (`pdf, docx`); blank keeps
    /// the current setting.
    #[serde(default)]
    pub attachment_types: String,
    /// The largest file, in megabytes, as typed; blank keeps the current setting.
    #[serde(default)]
    pub attachment_max_mb: String,
}

/// Where a contest stands with its submission window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Window {
    /// The committee has not set the window yet: no entries.
    NotSet,
    /// Before the opening: no entries yet.
    NotYet,
    /// Founders may create, edit, submit.
    Open,
    /// After the deadline: entries can be read and withdrawn, not changed.
    Closed,
}

impl Window {
    /// The rule: open from `opens` (inclusive) to `closes` (exclusive); both must be set.
    pub fn at(
        opens: Option<DateTime<Utc>>,
        closes: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Self {
        match (opens, closes) {
            (Some(opens), Some(_)) if now < opens => Window::NotYet,
            (Some(_), Some(closes)) if now < closes => Window::Open,
            (Some(_), Some(_)) => Window::Closed,
            _ => Window::NotSet,
        }
    }
}

/// The state of an entry. Stored as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(DeriveActiveEnum, EnumIter))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    /// Being written; only its team sees it.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "draft"))]
    Draft,
    /// Complete and handed in; still editable until the deadline.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "submitted"))]
    Submitted,
    /// Taken back by its lead; kept, read-only, out of the contest.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "withdrawn"))]
    Withdrawn,
}

impl EntryStatus {
    pub const ALL: [EntryStatus; 3] = [
        EntryStatus::Draft,
        EntryStatus::Submitted,
        EntryStatus::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EntryStatus::Draft => "draft",
            EntryStatus::Submitted => "submitted",
            EntryStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code.trim())
    }
}

/// How far the idea has come (a core field of the entry form).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(DeriveActiveEnum, EnumIter))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "idea"))]
    Idea,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "prototype"))]
    Prototype,
    /// First customers or revenue.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "early_revenue"))]
    EarlyRevenue,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "growth"))]
    Growth,
}

impl Stage {
    pub const ALL: [Stage; 4] = [
        Stage::Idea,
        Stage::Prototype,
        Stage::EarlyRevenue,
        Stage::Growth,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Idea => "idea",
            Stage::Prototype => "prototype",
            Stage::EarlyRevenue => "early_revenue",
            Stage::Growth => "growth",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code.trim())
    }
}

/// The entry form's core fields, as typed (the form posts text; the service checks it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryFields {
    #[serde(default)]
    pub title: String,
    /// A category code of the contest; empty for none chosen yet.
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub problem: String,
    #[serde(default)]
    pub solution: String,
    #[serde(default)]
    pub market: String,
    #[serde(default)]
    pub business_model: String,
    /// A `Stage` code; empty for none chosen yet.
    #[serde(default)]
    pub stage: String,
    /// The lead's date of birth, `YYYY-MM-DD` (for an age rule); empty for not given.
    #[serde(default)]
    pub birth_date: String,
    /// The province the team lives or studies in (for a province rule).
    #[serde(default)]
    pub province: String,
    /// When the company behind the idea was founded, `YYYY-MM-DD`; empty for no company.
    #[serde(default)]
    pub founded: String,
    /// The team besides the lead; rows left blank are dropped.
    #[serde(default)]
    pub members: Vec<MemberFields>,
    /// The answers to the contest's own questions, by key (`entry[answers][website]`); a
    /// multiple choice one choice per line.
    #[serde(default)]
    pub answers: Answers,
    /// A multiple choice as a form ticks it: `entry[picks][key][i]` for each ticked choice.
    /// Read into `answers` (`with_picks`); never stored.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub picks: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
}

/// One team member as typed: name, email (optional; with an account, they read the entry),
/// organisation, role in the team.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberFields {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub role: String,
}

impl MemberFields {
    pub fn is_blank(&self) -> bool {
        [&self.name, &self.email, &self.organisation, &self.role]
            .iter()
            .all(|v| v.trim().is_empty())
    }

    /// `Name (email, organisation, role)`, the parts given.
    pub fn summary(&self) -> String {
        let details: Vec<&str> = [&self.email, &self.organisation, &self.role]
            .into_iter()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .collect();
        if details.is_empty() {
            self.name.trim().to_owned()
        } else {
            format!("{} ({})", self.name.trim(), details.join(", "))
        }
    }
}

impl EntryFields {
    /// The answers with each ticked multiple choice read in (one choice per line, in the
    /// order ticked; the question's check puts them in its own order).
    pub fn with_picks(&self) -> Answers {
        let mut answers = self.answers.clone();
        for (key, ticked) in &self.picks {
            let mut ticked: Vec<(&String, &String)> = ticked.iter().collect();
            // `entry[picks][k][10]` after `[9]`, not after `[1]`.
            ticked.sort_by_key(|(i, _)| i.parse::<usize>().unwrap_or(usize::MAX));
            let lines: Vec<&str> = ticked.into_iter().map(|(_, v)| v.as_str()).collect();
            answers.insert(key.clone(), lines.join("\n"));
        }
        answers
    }

    /// Each field's form name with its value, in the form's order.
    pub fn named(&self) -> [(&'static str, &str); 11] {
        [
            ("title", &self.title),
            ("category", &self.category),
            ("summary", &self.summary),
            ("problem", &self.problem),
            ("solution", &self.solution),
            ("market", &self.market),
            ("business_model", &self.business_model),
            ("stage", &self.stage),
            ("birth_date", &self.birth_date),
            ("province", &self.province),
            ("founded", &self.founded),
        ]
    }

    /// Everything submitting needs that is still missing: the core fields (`missing`), then
    /// the contest's required questions unanswered, as `answers.KEY`. `files` are the keys of
    /// file questions with a file.
    pub fn missing_with(
        &self,
        has_categories: bool,
        form: &[FormField],
        files: &[String],
    ) -> Vec<String> {
        self.missing(has_categories)
            .into_iter()
            .map(str::to_owned)
            .chain(
                form_fields::missing(form, &self.answers, files)
                    .into_iter()
                    .map(|key| format!("answers.{key}")),
            )
            .collect()
    }

    /// The fields only eligibility rules ask for: never needed to submit.
    pub const OPTIONAL: [&'static str; 3] = ["birth_date", "province", "founded"];

    /// The fields submitting needs that are still empty, in the form's order: every core
    /// field, and the category when the contest has categories. A draft may lack any.
    pub fn missing(&self, has_categories: bool) -> Vec<&'static str> {
        self.named()
            .into_iter()
            .filter(|(name, value)| {
                value.trim().is_empty()
                    && (*name != "category" || has_categories)
                    && !Self::OPTIONAL.contains(name)
            })
            .map(|(name, _)| name)
            .collect()
    }
}

/// One entry as its team and its committee read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryView {
    pub code: String,
    pub contest: ContestSummary,
    pub categories: Vec<Category>,
    pub status: EntryStatus,
    pub fields: EntryFields,
    /// Increases with every save; a save names the version it started from.
    pub version: i32,
    pub lead_name: String,
    pub created: crate::format::Zoned,
    pub updated: crate::format::Zoned,
    pub submitted: Option<crate::format::Zoned>,
    /// Whether the asking person may change it (its lead, while the window is open).
    pub editable: bool,
    /// Whether the asking person may withdraw it (its lead, until it is withdrawn).
    pub withdrawable: bool,
    /// Its files, oldest first.
    pub attachments: Vec<AttachmentView>,
    /// The contest's eligibility checks on it, and the committee's decision.
    pub eligibility: EligibilityView,
    /// Whether the asking person may decide on its eligibility (its committee).
    pub decidable: bool,
    /// For whoever reads the contest's audit log: the log filtered to this entry (every
    /// start, submission, change after submission, file, decision and withdrawal).
    pub history: Option<String>,
    /// The round it is in (position, names); `None` for none (a draft, a withdrawn entry,
    /// a contest without rounds).
    pub round: Option<(i32, String, String)>,
}

/// What a save answers: the entry's new version and when it was saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub version: i32,
    pub at: crate::format::Zoned,
    pub status: EntryStatus,
    /// Asked to submit, but these fields are empty: saved as a draft instead.
    pub missing: Vec<String>,
    /// The eligibility checks as the saved entry now stands.
    pub eligibility: EligibilityView,
}

/// One line of a list of entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryRow {
    pub code: String,
    pub contest_code: String,
    pub contest_name_vi: String,
    pub contest_name_en: String,
    pub title: String,
    pub category: Option<String>,
    pub status: EntryStatus,
    /// What counts: the committee's decision, else the checks'.
    pub eligibility: eligibility::Eligibility,
    pub lead_name: String,
    pub updated: crate::format::Zoned,
    /// The position of the round it is in; 0 for none (a draft, a withdrawn entry).
    pub round: i32,
}

/// How the committee's list of entries is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntrySort {
    /// By code, in the order entries were started.
    #[default]
    Code,
    /// By title, ignoring accents and case.
    Title,
    /// Most recently changed first.
    Updated,
}

impl EntrySort {
    pub const ALL: [EntrySort; 3] = [EntrySort::Code, EntrySort::Title, EntrySort::Updated];

    pub fn code(self) -> &'static str {
        match self {
            EntrySort::Code => "code",
            EntrySort::Title => "title",
            EntrySort::Updated => "updated",
        }
    }

    pub fn from_code(code: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|s| s.code() == code.trim())
            .unwrap_or_default()
    }
}

/// What the committee's list of entries is filtered by; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EntryFilter {
    /// A status code.
    pub status: Option<String>,
    /// A category code.
    pub category: Option<String>,
    /// An eligibility code (`eligible`, `ineligible`, `unknown`, `disqualified`).
    #[serde(default)]
    pub eligibility: Option<String>,
    /// The position of the round entries are in (`1`), or `none` for entries in none.
    #[serde(default)]
    pub round: Option<String>,
    /// Words to find in the code, title or lead's name, ignoring accents and case.
    pub q: Option<String>,
    pub sort: Option<String>,
}

/// Whether a contest's rules are locked, and their fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesStatus {
    pub locked: bool,
    /// When they lock (the opening of submissions), if set.
    pub locks_at: Option<crate::format::Zoned>,
    /// Unlocked by the committee since then, to correct them.
    pub unlocked_since: Option<crate::format::Zoned>,
    /// SHA-256 of the descriptions and the rounds (docs/formats.md §7).
    pub fingerprint: String,
}

/// A round as the committee types it: names and the rules file (docs/formats.md).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRound {
    #[serde(default)]
    pub name_vi: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub rules: String,
    /// When judges may score it, as `YYYY-MM-DDTHH:MM` in the contest's time zone; empty
    /// for not set (both or neither).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub judging_open: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub judging_close: String,
}

/// One criterion of a rubric, as the engine read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionView {
    pub key: String,
    pub name_vi: String,
    pub name_en: String,
    pub description_vi: String,
    pub description_en: String,
    pub min_points: rust_decimal::Decimal,
    pub max_points: rust_decimal::Decimal,
    pub step: rust_decimal::Decimal,
    pub weight: rust_decimal::Decimal,
    pub required: bool,
    /// What ranges of its points mean, lowest first.
    #[serde(default)]
    pub levels: Vec<LevelView>,
}

/// What a range of a criterion's points means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelView {
    pub min: rust_decimal::Decimal,
    pub max: rust_decimal::Decimal,
    pub text_vi: String,
    pub text_en: String,
}

impl LevelView {
    /// The text in `lang`, else the other language's.
    pub fn text(&self, lang: Lang) -> &str {
        pick_or_other(lang, &self.text_vi, &self.text_en)
    }
}

/// A round's rules as the engine read them: the rubric and the main settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesPreview {
    pub criteria: Vec<CriterionView>,
    pub min_total: rust_decimal::Decimal,
    /// The highest total a sheet can reach: Σ weight × maximum.
    pub max_total: rust_decimal::Decimal,
    pub judges_per_entry: u32,
    /// `mean`, `trimmed_mean`, `median` or `normalized_mean`.
    pub aggregate: String,
    pub is_final: bool,
    /// The final round's prizes, best first (SCORING.md §8).
    #[serde(default)]
    pub prizes: Vec<PrizeView>,
    /// The prize list is given in each category, not once for the round.
    #[serde(default)]
    pub prizes_per_category: bool,
    /// A sample sheet scored by the engine: each criterion at the middle of its range (on its
    /// step), in the rubric's order, and the sheet's weighted total.
    #[serde(default)]
    pub sample: Vec<rust_decimal::Decimal>,
    #[serde(default)]
    pub sample_total: rust_decimal::Decimal,
}

/// One criterion of the rubric form, as typed (numbers as text; `required` is a checkbox).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionForm {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub name_vi: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub description_vi: String,
    #[serde(default)]
    pub description_en: String,
    #[serde(default)]
    pub min_points: String,
    #[serde(default)]
    pub max_points: String,
    #[serde(default)]
    pub step: String,
    #[serde(default)]
    pub weight: String,
    #[serde(default)]
    pub required: Option<String>,
    /// Its levels, one per line: `16-20: Vietnamese text | English text`.
    #[serde(default)]
    pub levels: String,
}

impl CriterionForm {
    /// A row left empty (the required box aside): dropped.
    pub fn is_blank(&self) -> bool {
        [
            &self.key,
            &self.name_vi,
            &self.name_en,
            &self.description_vi,
            &self.description_en,
            &self.min_points,
            &self.max_points,
            &self.step,
            &self.weight,
            &self.levels,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
    }

    /// Levels as the form's lines: `16-20: Vietnamese text | English text`.
    pub fn levels_text(levels: &[LevelView]) -> String {
        levels
            .iter()
            .map(|l| {
                let texts = if l.text_en.is_empty() {
                    l.text_vi.clone()
                } else {
                    format!("{} | {}", l.text_vi, l.text_en)
                };
                format!("{}-{}: {texts}", l.min.normalize(), l.max.normalize())
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// One prize of a final round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrizeView {
    pub name_vi: String,
    pub name_en: String,
    pub count: u32,
    /// The lowest official score that may take it.
    pub min_score: Option<rust_decimal::Decimal>,
}

impl PrizeView {
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_vi, &self.name_en)
    }
}

/// A round of a contest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundView {
    /// From 1, in the order entries go through the rounds.
    pub position: i32,
    pub name_vi: String,
    pub name_en: String,
    pub rules: String,
    /// The rules as the engine reads them (always, for rules saved through the service).
    pub preview: Option<RulesPreview>,
    /// When judges may score it, in the contest's time zone; `None` until the committee
    /// sets it.
    pub judging_open: Option<crate::format::Zoned>,
    pub judging_close: Option<crate::format::Zoned>,
}

impl RoundView {
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_vi, &self.name_en)
    }
}

/// One of the signed-in user's roles, with its contest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyRole {
    pub contest: ContestSummary,
    pub role: Role,
    /// The categories a sub-committee member is limited to; empty for other roles.
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    pub contest: ContestSummary,
    pub role: Role,
    pub categories: Vec<Category>,
    /// The name the committee gave, offered as the new account's name.
    pub name: String,
    pub email: String,
    pub account_exists: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub is_admin: bool,
    pub lang: Lang,
    pub created_at: DateTime<Utc>,
}

/// One page of a longer listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

impl<T> Paged<T> {
    pub fn has_next(&self) -> bool {
        self.page * self.per_page < self.total
    }
}

/// A person with a role in a contest, or invited to one, as its committee sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub name: Option<String>,
    pub email: String,
    pub role: Role,
    pub categories: Vec<String>,
    /// Invited and not yet accepted; the date the link expires.
    pub pending_until: Option<crate::format::Zoned>,
}

/// A mail in the outbox, as administrators read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxMail {
    pub id: Uuid,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created: crate::format::Zoned,
    pub sent: bool,
}

/// One record of the audit log, as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: Uuid,
    /// Position in its chain, from 1.
    pub seq: i64,
    pub at: crate::format::Zoned,
    pub actor: String,
    pub contest: Option<String>,
    pub kind: String,
    pub object_kind: String,
    pub object_id: String,
    pub reason: Option<String>,
    /// Field → (before, after); `null` where the field had no value.
    pub changes: Vec<(String, Option<String>, Option<String>)>,
}

/// What the audit page filters by; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// A contest code (committee members must give theirs).
    pub contest: Option<String>,
    /// The object's id or code, exactly.
    pub object: Option<String>,
    /// The actor's email.
    pub actor: Option<String>,
    /// The kind, or its first part (`contest` finds `contest.created`).
    pub kind: Option<String>,
    /// From this day (YYYY-MM-DD, inclusive).
    pub from: Option<String>,
    /// To this day (YYYY-MM-DD, inclusive).
    pub to: Option<String>,
}

/// The columns an import of entries reads, by code (docs/formats.md §8).
pub const IMPORT_COLUMNS: [&str; 14] = [
    "title",
    "category",
    "lead_name",
    "lead_email",
    "summary",
    "problem",
    "solution",
    "market",
    "business_model",
    "stage",
    "birth_date",
    "province",
    "founded",
    "members",
];

/// What an import of entries from CSV found, or did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Whether the entries were created (otherwise it was a dry run, or refused).
    pub applied: bool,
    /// Data lines read.
    pub rows: usize,
    /// Every problem, by line (1 is the header) and column; none when it can be imported.
    pub problems: Vec<ImportProblem>,
    /// The codes given (when applied).
    pub codes: Vec<String>,
    /// Leads without an account, who get one and a link to set its password.
    pub new_accounts: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportProblem {
    pub line: u64,
    /// The column's name as the file has it; empty for the whole line.
    pub column: String,
    pub message: String,
}
