//! A round's results as its committee reads them: the ranking page's rows, the engine's
//! warnings and what waits for the committee, and one entry's explanation. Every figure is the
//! engine's (`domain::round::compute`); nothing here is computed again.

use super::judging::{ContestRef, RoundRef};
use crate::domain::rubric::Rubric;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Ranking rows per page.
pub const RANKING_PER_PAGE: u64 = 50;

/// Which of the round's entries the ranking lists: §6 ranks only complete, eligible entries;
/// the others are listed apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    #[default]
    Ranked,
    Incomplete,
    Disqualified,
}

impl Standing {
    pub const ALL: [Standing; 3] = [
        Standing::Ranked,
        Standing::Incomplete,
        Standing::Disqualified,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Standing::Ranked => "ranked",
            Standing::Incomplete => "incomplete",
            Standing::Disqualified => "disqualified",
        }
    }

    pub fn from_code(code: &str) -> Option<Standing> {
        Standing::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// What the ranking page asks for: a category (its code; none: the whole round), the
/// standing, a page from 1, and an entry to explain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankingQuery {
    pub category: Option<String>,
    pub standing: Standing,
    pub page: u64,
    pub explain: Option<String>,
}

/// A category as the page names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryName {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
}

impl CategoryName {
    pub fn name(&self, lang: crate::domain::Lang) -> &str {
        lang.pick(&self.name_vi, &self.name_en)
    }
}

/// §7 for one entry in a round that is not final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Advances {
    Yes,
    No,
    /// In a tie across the cutoff that the committee decides.
    Pending,
}

/// One entry's line of the ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankingRow {
    pub code: String,
    pub title: String,
    /// The category's code; none when the entry has none.
    pub category: Option<String>,
    pub rank: Option<u32>,
    pub category_rank: Option<u32>,
    /// Shares its rank with a neighbour (§6: equal scores and tie-breaks).
    pub shared: bool,
    /// §3 under each of `RankingView::aggregations`, the round's own first.
    pub scores: Vec<Option<Decimal>>,
    /// §4: the plain mean of the raw totals, in `normalized_mean` rounds.
    pub raw: Option<Decimal>,
    pub sheets: u32,
    /// §5: flagged; `Some(true)` when the committee accepted the flag.
    pub flag: Option<bool>,
    pub advances: Option<Advances>,
    /// §8: the prize's name in the reader's language, once decided.
    pub prize: Option<String>,
}

/// One counted sheet in an explanation, its judge by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExplainedSheet {
    pub judge: String,
    /// Rubric order; none for an optional criterion left blank.
    pub scores: Vec<Option<Decimal>>,
    pub total: Decimal,
    /// §4: the calibrated total, in `normalized_mean` rounds.
    pub calibrated: Option<Decimal>,
    /// §3: left out of the score by `trimmed_mean` (as highest or lowest).
    pub dropped: bool,
}

/// One entry's explanation (§6: every rank can be explained): its counted sheets side by side,
/// and the engine's explanation in the reader's language, line by line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryExplanation {
    pub code: String,
    pub title: String,
    pub sheets: Vec<ExplainedSheet>,
    pub lines: Vec<String>,
    /// §7 in a round that is not final: whether it advances, and the committee's change
    /// (`add` or `remove`) with its reason.
    pub advances: Option<Advances>,
    pub change: Option<(String, String)>,
    /// §8 in a tie across a prize boundary the committee decides: the prizes the group spans
    /// (position from 1 and name; none: no prize).
    pub prize_options: Vec<(Option<u32>, String)>,
    /// The committee's choice (the prize's position, none for no prize) and its reason.
    pub prize_choice: Option<(Option<u32>, String)>,
}

/// A finalised round: when, and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalisedView {
    pub at: crate::format::Zoned,
    pub by: String,
}

/// The ranking page of one round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankingView {
    pub contest: ContestRef,
    pub round: RoundRef,
    pub rubric: Rubric,
    /// When the engine computed what is shown (it recomputes at most every few seconds while
    /// judges submit, at once after the committee's own changes).
    pub computed_at: crate::format::Zoned,
    /// §10: the SHA-256 digest of the round as computed.
    pub digest: String,
    /// Aggregation codes (`mean`, `trimmed_mean`, `median`, `normalized_mean`), the round's
    /// own first: the official score.
    pub aggregations: Vec<String>,
    /// `trim` of `trimmed_mean`.
    pub trim: u32,
    pub is_final: bool,
    pub categories: Vec<CategoryName>,
    /// Entries per standing, in `Standing::ALL` order, within the chosen category.
    pub counts: [u64; 3],
    /// Open discrepancy flags in the round (§5).
    pub open_flags: u64,
    /// Entries that advance, the committee's changes included (§7).
    pub advancing: u64,
    /// §4 calibration warnings, in the reader's language.
    pub warnings: Vec<String>,
    /// What waits for the committee before the round can be finalised, in the reader's
    /// language.
    pub pending: Vec<String>,
    pub query: RankingQuery,
    /// Rows matching the query (all pages).
    pub total: u64,
    pub rows: Vec<RankingRow>,
    pub explanation: Option<EntryExplanation>,
    /// Set once the round is finalised: what is shown is what it was finalised with.
    pub finalised: Option<FinalisedView>,
    /// Entries the committee's finalising sends on to the next round (§7).
    pub next_round: Option<String>,
    /// Set once a finalised round is published.
    pub published: Option<crate::model::publication::PublicationView>,
}
