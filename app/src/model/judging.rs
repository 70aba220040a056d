//! Judging as the pages see it: the contest's jury, conflicts of interest, a round's
//! assignment and the planner's preview (SCORING.md §9), and a judge's own workspace.

use super::{Category, Paged};
use crate::domain::assignment::{ConflictReason, PlanWarning, Shortfall};
use crate::domain::sheet::SheetState;
use crate::format::Zoned;
#[cfg(feature = "ssr")]
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The most entries one judge may be given in one round, as the committee types it.
pub const MAX_LOAD_LIMIT: u32 = 10_000;

/// A recorded conflict of interest. Stored as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(DeriveActiveEnum, EnumIter))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
)]
#[serde(rename_all = "snake_case")]
pub enum ConflictState {
    /// Declared by the judge: they will not score the entry.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "declared"))]
    Declared,
    /// Recorded by the committee, with a reason.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "added"))]
    Added,
    /// Lifted by the committee, with a reason: what the engine detects for the pair does not
    /// count.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "lifted"))]
    Lifted,
}

impl ConflictState {
    pub fn code(self) -> &'static str {
        match self {
            ConflictState::Declared => "declared",
            ConflictState::Added => "added",
            ConflictState::Lifted => "lifted",
        }
    }

    /// Whether the pair is a conflict (a lifted one is not).
    pub fn holds(self) -> bool {
        self != ConflictState::Lifted
    }
}

/// One judge of a contest, with the profile the planner reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JudgeView {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub organisation: String,
    /// Codes of the categories they are expert in.
    pub expertise: Vec<String>,
    pub max_load: Option<u32>,
    /// Positions of the rounds they are chosen for.
    pub rounds: Vec<i32>,
}

/// A judge invited and not yet joined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitedJudge {
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub expertise: Vec<String>,
    pub max_load: Option<u32>,
    pub expires_at: Zoned,
}

/// A round as the judging pages name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundRef {
    pub position: i32,
    pub name_vi: String,
    pub name_en: String,
    /// `k`, judges per entry, from the round's rules (0 when they do not parse).
    pub judges_per_entry: u32,
}

/// The contest's jury, for its committee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JuryView {
    pub contest_id: Uuid,
    pub contest: ContestRef,
    pub judges: Vec<JudgeView>,
    pub invited: Vec<InvitedJudge>,
    pub categories: Vec<Category>,
    pub rounds: Vec<RoundRef>,
}

impl JuryView {
    /// The contest's category codes, as the expertise field's hint lists them.
    pub fn category_codes(&self) -> String {
        self.categories
            .iter()
            .map(|c| c.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A judge's profile as the committee types it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JudgeProfileForm {
    #[serde(default)]
    pub organisation: String,
    /// Comma-separated category codes.
    #[serde(default)]
    pub expertise: String,
    /// A whole number, or empty for no limit.
    #[serde(default)]
    pub max_load: String,
}

/// One (judge, entry) pair in conflict, recorded or detected, for the committee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictRow {
    pub judge_id: Uuid,
    pub judge_name: String,
    pub entry_code: String,
    pub entry_title: String,
    /// What the engine finds for the pair (a recorded declaration included).
    pub reasons: Vec<ConflictReason>,
    /// What was recorded for the pair, if anything.
    pub recorded: Option<RecordedConflict>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedConflict {
    pub state: ConflictState,
    pub reason: String,
    pub by: String,
    pub at: Zoned,
}

impl ConflictRow {
    /// Whether the judge must not score the entry.
    pub fn holds(&self) -> bool {
        match &self.recorded {
            Some(r) => r.state.holds(),
            None => !self.reasons.is_empty(),
        }
    }
}

/// The committee's conflicts page: every pair in conflict, then the lifted ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictsView {
    pub contest_id: Uuid,
    pub contest: ContestRef,
    pub rounds: Vec<RoundRef>,
    pub rows: Vec<ConflictRow>,
    pub judges: Vec<JudgeView>,
}

/// How the planner treats what is already assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanMode {
    /// Keep every assignment that still holds (its judge chosen, no conflict) and fill the
    /// gaps: the way to replace a judge who dropped out without touching anyone else.
    #[default]
    Fill,
    /// Plan the round afresh, keeping only assignments whose sheets are started.
    Replan,
}

impl PlanMode {
    pub fn code(self) -> &'static str {
        match self {
            PlanMode::Fill => "fill",
            PlanMode::Replan => "replan",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [PlanMode::Fill, PlanMode::Replan]
            .into_iter()
            .find(|m| m.code() == code.trim())
    }
}

/// One judge's share of a planned round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedLoad {
    pub judge_id: Uuid,
    pub name: String,
    pub load: u32,
    pub kept: u32,
    pub max_load: Option<u32>,
    pub expertise_matches: u32,
}

/// What applying the planner's answer would do, for the committee to read before applying.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanPreview {
    pub mode: PlanMode,
    /// Names this exact plan: applying refuses when the round has changed since.
    pub fingerprint: String,
    pub entries: u32,
    pub judges: u32,
    pub judges_per_entry: u32,
    /// Pairs in the plan, kept ones included, of `entries × judges_per_entry`.
    pub assignments: u32,
    pub kept: u32,
    pub added: u32,
    /// Current assignments the plan drops.
    pub removed: u32,
    pub expertise_matches: u32,
    pub expertise_bound: Option<u32>,
    pub judge_groups: u32,
    /// (judge, entry) pairs in conflict that the plan keeps apart.
    pub conflicts_avoided: u32,
    pub loads: Vec<PlannedLoad>,
    pub shortfalls: Vec<Shortfall>,
    pub warnings: Vec<PlanWarning>,
}

impl PlanPreview {
    pub fn places(&self) -> u32 {
        self.entries * self.judges_per_entry
    }

    pub fn is_complete(&self) -> bool {
        self.shortfalls.is_empty()
    }
}

/// A judge of the contest on a round's assignment page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundJudge {
    pub judge: JudgeView,
    pub chosen: bool,
    /// Entries assigned to them in this round.
    pub load: u32,
}

/// An entry of the round with its judges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignedEntry {
    pub code: String,
    pub title: String,
    pub category: Option<String>,
    pub judges: Vec<AssignedJudge>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignedJudge {
    pub id: Uuid,
    pub name: String,
    /// The judge's sheet for the entry, once started.
    pub sheet: Option<SheetState>,
}

/// A round's assignment, for its committee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentView {
    pub contest_id: Uuid,
    pub contest: ContestRef,
    /// Every round of the contest, for the links between them.
    pub rounds: Vec<RoundRef>,
    pub round: RoundRef,
    pub judges: Vec<RoundJudge>,
    pub entries: Paged<AssignedEntry>,
    /// Entries in the round, and those with all their judges.
    pub entries_in_round: u64,
    pub entries_complete: u64,
    pub assignments: u64,
}

/// One entry on a judge's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkEntry {
    pub code: String,
    pub title: String,
    pub category: Option<Category>,
    pub sheet: Option<SheetState>,
}

/// One round a judge scores in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkRound {
    pub contest_code: String,
    pub contest_name_vi: String,
    pub contest_name_en: String,
    pub round: RoundRef,
    /// The round's judging window, in the contest's time zone.
    pub judging_opens_at: Option<Zoned>,
    pub judging_closes_at: Option<Zoned>,
    pub submitted: u32,
    /// In entry order, the order the judge works through them.
    pub entries: Vec<WorkEntry>,
}

/// A contest as the judging pages name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContestRef {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
}

impl ContestRef {
    pub fn name(&self, lang: crate::domain::Lang) -> &str {
        lang.pick(&self.name_vi, &self.name_en)
    }
}

impl RoundRef {
    pub fn name(&self, lang: crate::domain::Lang) -> &str {
        lang.pick(&self.name_vi, &self.name_en)
    }
}

/// The judge's workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    pub contests: Vec<ContestRef>,
    pub rounds: Vec<WorkRound>,
}

/// An entry as a judge may see it before being assigned: its code and title only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryTitle {
    pub code: String,
    pub title: String,
}

/// A judge's conflicts page: what they declared, and the contest's entries to declare from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeclareView {
    pub contest: ContestRef,
    pub declared: Vec<EntryTitle>,
    pub entries: Paged<EntryTitle>,
}
