//! What the planner tells people, as data: refused input, entries it could not cover and why
//! (SCORING.md §9: nothing half-done silently), and warnings. The app puts them into words.

use serde::{Deserialize, Serialize};

/// Which list of (judge, entry) pairs an unknown id came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PairList {
    DeclaredConflicts,
    LiftedConflicts,
    Keep,
}

/// Input the planner refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AssignmentError {
    #[error("judges per entry must be at least 1")]
    NoJudgesPerEntry,
    #[error("entry id {id} appears more than once")]
    DuplicateEntry { id: String },
    #[error("judge id {id} appears more than once")]
    DuplicateJudge { id: String },
    #[error("unknown entry id {id} in the {list:?} list")]
    UnknownEntry { id: String, list: PairList },
    #[error("unknown judge id {id} in the {list:?} list")]
    UnknownJudge { id: String, list: PairList },
}

/// An entry the plan leaves with fewer than k judges, and why. Every judge of the round is
/// counted once: in conflict with the entry, not in conflict but at their maximum load, or
/// eligible (not in conflict and with room, or already on the entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortfall {
    pub entry_id: String,
    pub code: String,
    pub needed: u32,
    pub assigned: u32,
    pub eligible: u32,
    pub in_conflict: u32,
    pub at_max_load: u32,
}

/// Something the committee should know about an otherwise valid plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlanWarning {
    /// Judges form several groups sharing no entry, so calibration (§4) cannot compare them.
    Disconnected { groups: u32 },
    /// A started assignment in conflict was not kept: the hard rule wins.
    KeptInConflict {
        entry_id: String,
        code: String,
        judge_id: String,
        judge_name: String,
    },
    /// An entry keeps more started assignments than judges per entry.
    KeptAboveK {
        entry_id: String,
        code: String,
        kept: u32,
        judges_per_entry: u32,
    },
    /// A judge keeps more started assignments than their maximum load; they get no more.
    KeptAboveMaxLoad {
        judge_id: String,
        judge_name: String,
        kept: u32,
        max_load: u32,
    },
}
