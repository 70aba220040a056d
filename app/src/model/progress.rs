//! A round's judging progress, for its committee: per judge, per category, per entry, and the
//! reminder the late judges would get.

use super::Paged;
use super::judging::{ContestRef, RoundRef};
use crate::format::Zoned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One judge's work in the round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JudgeProgress {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub assigned: u64,
    pub drafts: u64,
    pub submitted: u64,
    /// Their last save in the round.
    pub last_activity: Option<Zoned>,
}

impl JudgeProgress {
    /// Sheets still to submit (void ones aside, they are not theirs to finish).
    pub fn remaining(&self) -> u64 {
        self.assigned.saturating_sub(self.submitted)
    }
}

/// One category's entries: how many have all their sheets in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryProgress {
    /// The category's code and name; `None` for entries without one.
    pub code: Option<String>,
    pub name_vi: String,
    pub name_en: String,
    pub entries: u64,
    pub complete: u64,
}

/// One entry: submitted sheets of the judges it has, and of `k`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryProgress {
    pub code: String,
    pub title: String,
    pub category: Option<String>,
    pub submitted: u64,
    pub assigned: u64,
}

/// The reminder late judges would get, as the committee previews it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderPreview {
    /// Judges with sheets still to submit.
    pub judges: u64,
    pub subject: String,
    pub body: String,
    /// When reminders for this round were last sent.
    pub last_sent: Option<Zoned>,
}

/// Which entries the page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum EntryFilter {
    /// Those with fewer submitted sheets than `k` (the default: what is left to do).
    #[default]
    Incomplete,
    All,
}

impl EntryFilter {
    pub fn code(self) -> &'static str {
        match self {
            EntryFilter::Incomplete => "incomplete",
            EntryFilter::All => "all",
        }
    }

    pub fn from_code(code: &str) -> Self {
        if code == "all" {
            EntryFilter::All
        } else {
            EntryFilter::Incomplete
        }
    }
}

/// Which page of judges and of entries the progress page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProgressQuery {
    pub filter: EntryFilter,
    pub page: Option<u64>,
    pub judges_page: Option<u64>,
}

/// A round's progress page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgressView {
    pub contest: ContestRef,
    pub round: RoundRef,
    pub judging_closes: Option<Zoned>,
    pub assigned: u64,
    pub drafts: u64,
    pub submitted: u64,
    pub void: u64,
    pub entries_total: u64,
    pub entries_complete: u64,
    /// A page of the round's judges, those with the most left to do first.
    pub judges: Paged<JudgeProgress>,
    pub categories: Vec<CategoryProgress>,
    pub filter: EntryFilter,
    pub entries: Paged<EntryProgress>,
    pub reminder: ReminderPreview,
    /// When the counts were made (they are reused for a moment under load).
    pub counted_at: Zoned,
}
