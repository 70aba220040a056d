//! A judge's score sheet as the pages see it (SCORING.md §2): the dossier, the rubric, what the
//! judge typed, and what the committee sees of a round's sheets for one entry.

use super::judging::{ContestRef, RoundRef};
use super::{AttachmentKind, Category, EntryFields, FormField};
use crate::domain::rubric::Rubric;
use crate::domain::sheet::{ScoreSheet, SheetState};
use crate::format::Zoned;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A comment on one criterion, in characters.
pub const COMMENT_MAX: usize = 4_000;
/// The overall comment, the note for the committee and the feedback, in characters.
pub const SHEET_TEXT_MAX: usize = 10_000;

/// What a judge typed on a sheet. Scores stay text, so that a refused one comes back exactly
/// as typed; the engine reads them (`ScoreSheet::from_typed`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetFields {
    /// Criterion key → score as typed; blank is not scored.
    #[serde(default)]
    pub scores: BTreeMap<String, String>,
    /// Criterion key → comment.
    #[serde(default)]
    pub comments: BTreeMap<String, String>,
    #[serde(default)]
    pub overall: String,
    /// For the committee only.
    #[serde(default)]
    pub note: String,
    /// For the founders, after publication, where the round allows it.
    #[serde(default)]
    pub feedback: String,
}

impl SheetFields {
    /// The sheet as the engine reads these scores, and each score it refuses.
    pub fn read(&self, rubric: &Rubric) -> (ScoreSheet, Vec<crate::domain::DomainError>) {
        ScoreSheet::from_typed(rubric, "", "", |key| {
            self.scores.get(key).map(String::as_str)
        })
    }

    /// The same sheet, ignoring blanks and surrounding spaces: whether a retried save is the
    /// one already stored.
    pub fn same_as(&self, other: &SheetFields) -> bool {
        fn non_blank(m: &BTreeMap<String, String>) -> BTreeMap<&str, &str> {
            m.iter()
                .map(|(k, v)| (k.as_str(), v.trim()))
                .filter(|(_, v)| !v.is_empty())
                .collect()
        }
        non_blank(&self.scores) == non_blank(&other.scores)
            && non_blank(&self.comments) == non_blank(&other.comments)
            && self.overall.trim() == other.overall.trim()
            && self.note.trim() == other.note.trim()
            && self.feedback.trim() == other.feedback.trim()
    }
}

/// The criterion a score refusal names (empty for another error).
pub fn criterion_of(error: &crate::domain::DomainError) -> String {
    use crate::domain::DomainError as E;
    match error {
        E::ScoreOffStep { criterion, .. }
        | E::ScoreOutOfRange { criterion, .. }
        | E::ScoreNotANumber { criterion, .. }
        | E::ScoreTooManyDigits { criterion, .. }
        | E::RequiredCriterionMissing { criterion, .. } => criterion.clone(),
        E::UnknownCriterion { key } => key.clone(),
        _ => String::new(),
    }
}

/// When the round takes scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Window {
    Open,
    NotYet(Zoned),
    Closed(Zoned),
}

/// A file of the dossier as a judge sees it: in a blind round numbered instead of named, and
/// without its size or date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetFile {
    pub id: Uuid,
    pub label: String,
    pub kind: AttachmentKind,
    /// The file question it answers; empty for a plain attachment.
    pub field: String,
    pub size: Option<i64>,
    pub href: String,
}

/// Another judge's submitted sheet, shown only where §2 allows it; judges are numbered, not
/// named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OtherSheet {
    pub number: u32,
    pub scores: Vec<Option<Decimal>>,
    pub total: Decimal,
}

/// A judge's sheet page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetView {
    pub contest: ContestRef,
    pub round: RoundRef,
    pub entry_code: String,
    pub category: Option<Category>,
    /// The entry's answers; in a blind round without the team, birth date or web addresses.
    pub fields: EntryFields,
    /// The contest's own questions, those the dossier shows.
    pub form: Vec<FormField>,
    /// The lead and members, one line each; empty in a blind round.
    pub team: Vec<String>,
    pub files: Vec<SheetFile>,
    pub blind: bool,
    pub rubric: Rubric,
    /// What is stored (nothing typed yet for a sheet not started).
    pub typed: SheetFields,
    pub state: Option<SheetState>,
    pub version: i32,
    /// Why the committee reopened it.
    pub reason: String,
    pub feedback_allowed: bool,
    pub window: Window,
    /// Whether the judge may change it now.
    pub editable: bool,
    pub others: Vec<OtherSheet>,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub saved: Option<Zoned>,
    pub submitted: Option<Zoned>,
}

/// What a save answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetSaved {
    pub version: i32,
    pub state: SheetState,
    pub total: Decimal,
    pub at: Zoned,
}

/// One judge's sheet for an entry, as the committee reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitteeSheet {
    pub judge_id: Uuid,
    pub judge: String,
    pub state: Option<SheetState>,
    pub scores: Vec<Option<Decimal>>,
    pub total: Option<Decimal>,
    pub comments: BTreeMap<String, String>,
    pub overall: String,
    pub note: String,
    pub feedback: String,
    pub reason: String,
    pub updated: Option<Zoned>,
}

/// An entry's sheets in a round, side by side, for the committee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntrySheets {
    pub contest: ContestRef,
    pub round: RoundRef,
    pub entry_code: String,
    pub title: String,
    pub rubric: Rubric,
    pub sheets: Vec<CommitteeSheet>,
    /// A discrepancy the committee accepted: its note, and the totals it was accepted for.
    pub accepted: Option<(String, String)>,
}

/// One sheet in the discrepancy queue: its judge, scores and raw total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlaggedSheet {
    pub judge_id: Uuid,
    pub judge: String,
    pub scores: Vec<Option<Decimal>>,
    pub total: Decimal,
}

/// An entry the round's discrepancy rule flags (SCORING.md §5), with its counted sheets
/// side by side and what the committee decided, if anything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlaggedEntry {
    pub code: String,
    pub title: String,
    /// The engine's flag, for the words (`words::flag_figures`); `accepted` holds the
    /// committee's note when it accepted these very totals.
    pub flag: crate::domain::discrepancy::Flag,
    pub sheets: Vec<FlaggedSheet>,
}

/// A round's discrepancy queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscrepancyQueue {
    pub contest: ContestRef,
    pub round: RoundRef,
    /// The round's rule; `None` when it flags nothing.
    pub rule: Option<crate::domain::settings::DiscrepancyRule>,
    pub rubric: Rubric,
    /// Open flags first, in entry order; then the accepted ones.
    pub entries: Vec<FlaggedEntry>,
    pub open: u64,
    /// The round's judges, for adding one to an entry.
    pub judges: Vec<(Uuid, String)>,
}
