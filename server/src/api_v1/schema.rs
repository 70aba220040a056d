//! What the JSON API v1 sends, as documented types: the wire contract, kept apart from the
//! pages' models so that a page can change without breaking a portal that reads the API.
//! Scores are decimal strings (`"72.50"`), exactly as the engine computed them; instants are
//! RFC 3339 in UTC; codes (`ranked`, `open`) are stable and never translated; names come in
//! the language the request asks for (`Accept-Language`).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

/// A refusal: a stable `code` for programs, a `message` in the requested language that says
/// what to do, and for invalid input each field at fault.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
    /// `api.token_invalid`, `api.cursor_invalid`, `auth.forbidden`, `not_found`,
    /// `results.not_published`, `server.error`…
    pub code: String,
    pub message: String,
    pub fields: Vec<FieldError>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldError {
    /// The query parameter or field: `limit`, `cursor`.
    pub path: String,
    pub code: String,
    pub message: String,
}

/// A contest as the public reads it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Contest {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    /// The IANA time zone its dates are set in (`Asia/Ho_Chi_Minh`).
    pub time_zone: String,
    pub submissions_open: Option<DateTime<Utc>>,
    pub submissions_close: Option<DateTime<Utc>>,
    /// When the committee plans to announce results.
    pub results_at: Option<DateTime<Utc>>,
    /// The contest's page, relative to the server.
    pub page: String,
    /// Its published results in this API.
    pub results: String,
}

/// One page of contests, in code order.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContestPage {
    pub items: Vec<Contest>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// A contest's published results: each published round, the latest first. Empty before the
/// committee publishes a round; nothing of an unpublished round is ever here.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContestResults {
    pub contest: ContestName,
    pub results_at: Option<DateTime<Utc>>,
    pub rounds: Vec<PublishedRound>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContestName {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
}

/// A published round, without its entries (they come a page at a time from `entries`).
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedRound {
    pub position: i32,
    pub name: String,
    /// The final round awards prizes; an earlier one sends entries on to the next.
    pub is_final: bool,
    pub published_at: DateTime<Utc>,
    /// SCORING.md §10: the SHA-256 of the round as finalised; `jurydesk results` on the
    /// round's files prints the same.
    pub digest: String,
    /// Whether scores are published with the ranks.
    pub show_scores: bool,
    /// Entries ranked in the round.
    pub ranked: u64,
    /// Entries listed: a final round's ranked entries, an earlier round's advancing ones.
    pub listed: u64,
    /// The round its advancing entries went on to, in a round that is not final.
    pub next_round: Option<String>,
    /// The listed entries, in this API.
    pub entries: String,
    /// The round's files as finalised, when the committee published them.
    pub files: Option<RoundFiles>,
}

/// A published round's files, relative to the server, for `jurydesk results`.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundFiles {
    pub round_toml: String,
    pub entries_csv: String,
    pub sheets_csv: String,
}

/// One page of a published round's listed entries: by category in the contest's order
/// (entries without a category last), in each the prize winners by prize, then the others by
/// rank.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedEntryPage {
    pub round: PublishedRound,
    pub items: Vec<PublishedEntry>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedEntry {
    pub code: String,
    pub title: String,
    /// The lead founder's name.
    pub lead: String,
    /// None for the entries without a category.
    pub category: Option<CategoryRef>,
    /// Rank in its category (SCORING.md §6).
    pub rank: Option<u32>,
    /// The rank is shared with another entry.
    pub shared: bool,
    /// The official score, when the round is published with scores.
    pub score: Option<Decimal>,
    /// The prize's name, in a final round.
    pub prize: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CategoryRef {
    pub code: String,
    pub name: String,
}

/// One page of a round's full ranking as its committee reads it, published or not.
#[derive(Debug, Serialize, ToSchema)]
pub struct RankingPage {
    pub round: RankedRound,
    pub items: Vec<RankedEntry>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RankedRound {
    pub position: i32,
    pub name: String,
    pub is_final: bool,
    /// The official aggregation (`mean`, `trimmed_mean`, `median`, `normalized_mean`).
    pub aggregate: String,
    /// The criteria's keys, in the order of each entry's `criteria`.
    pub criteria: Vec<String>,
    /// When the round was finalised; none while its result may still change.
    pub finalised_at: Option<DateTime<Utc>>,
    /// SCORING.md §10, of the result as it stands.
    pub digest: String,
    /// Entries in the round.
    pub entries: u64,
}

/// An entry's line of the ranking: what `results.csv` holds, as data.
#[derive(Debug, Serialize, ToSchema)]
pub struct RankedEntry {
    pub rank: Option<u32>,
    pub category_rank: Option<u32>,
    pub code: String,
    pub title: String,
    pub category: Option<String>,
    /// `ranked`, `incomplete` or `disqualified`.
    pub status: String,
    /// The official score.
    pub score: Option<Decimal>,
    /// The score under every other aggregation, by its code.
    pub other_scores: Vec<AggregateScore>,
    /// The plain mean of the raw totals, in a calibrated round.
    pub raw_mean: Option<Decimal>,
    /// Per-criterion scores, in the round's `criteria` order.
    pub criteria: Vec<Option<Decimal>>,
    pub sheets_counted: u64,
    /// `open` or `accepted` when the scores disagree (SCORING.md §5).
    pub flag: Option<String>,
    /// In a round that is not final: whether it goes on; none while the committee decides.
    pub advances: Option<bool>,
    /// In a final round: the prize, from 1 in the round's list, and its name.
    pub prize: Option<Prize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AggregateScore {
    pub aggregate: String,
    pub score: Option<Decimal>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Prize {
    pub position: u32,
    pub name: String,
}
