//! Judge assignment (SCORING.md §9): which judges score which entry in a round.
//!
//! Hard rules: no judge scores an entry they conflict with; each entry gets exactly `k`
//! distinct judges; no judge exceeds their maximum load. Soft goals, in order: loads as even as
//! capacities allow, expertise matching the entry's category, and judges overlapping so that
//! calibration (§4) sees one connected round. When the hard rules cannot all hold, the plan
//! covers as many places as possible and names every entry left short, with counts.
//! The same request and seed always give the same plan, on every platform.

mod conflicts;
mod connect;
mod flow;
mod plan;
mod report;
mod rng;
mod search;
mod solve;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use conflicts::{Conflict, ConflictReason, is_public_mail_domain, normalise_organisation};
pub use plan::{detect_conflicts, plan_assignment};
pub use report::{AssignmentError, PairList, PlanWarning, Shortfall};

/// A founder on an entry. Empty `email` or `organisation` means not given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TeamMember {
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub organisation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Entry {
    pub id: String,
    /// The code people read, e.g. "E-0142".
    pub code: String,
    /// The category key; a judge's expertise matches when it lists the same key.
    pub category: Option<String>,
    pub members: Vec<TeamMember>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Judge {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub organisation: String,
    /// Category keys this judge is expert in.
    #[serde(default)]
    pub expertise: Vec<String>,
    /// The most entries this judge scores in the round, kept ones included.
    pub max_load: Option<u32>,
}

/// One (judge, entry) pair: a declared conflict, or an assignment to keep.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Pairing {
    pub judge_id: String,
    pub entry_id: String,
}

impl Pairing {
    pub fn new(judge_id: impl Into<String>, entry_id: impl Into<String>) -> Pairing {
        Pairing {
            judge_id: judge_id.into(),
            entry_id: entry_id.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AssignmentRequest {
    pub entries: Vec<Entry>,
    pub judges: Vec<Judge>,
    pub declared_conflicts: Vec<Pairing>,
    /// Pairs the committee decided are not in conflict: no reason the engine detects counts
    /// for them (a declared pair is declared on purpose and is not lifted this way).
    #[serde(default)]
    pub lifted_conflicts: Vec<Pairing>,
    /// Assignments whose sheets are started: re-planning keeps them and fills the gaps.
    pub keep: Vec<Pairing>,
    /// `k`: distinct judges per entry.
    pub judges_per_entry: u32,
    /// Breaks ties; the same seed gives the same plan.
    pub seed: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedJudge {
    pub judge_id: String,
    /// Carried over from `keep`.
    pub kept: bool,
    /// The judge lists the entry's category as expertise.
    pub expertise_match: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedEntry {
    pub entry_id: String,
    pub code: String,
    /// In the order of the request's judges.
    pub judges: Vec<PlannedJudge>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JudgeLoad {
    pub judge_id: String,
    /// Entries this judge scores, kept ones included.
    pub load: u32,
    pub kept: u32,
    pub max_load: Option<u32>,
    pub expertise_matches: u32,
}

/// The planner's answer. Entries and loads follow the request's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentPlan {
    pub judges_per_entry: u32,
    pub entries: Vec<PlannedEntry>,
    pub loads: Vec<JudgeLoad>,
    /// All (judge, entry) pairs of the plan, kept ones included.
    pub assignments: u32,
    /// Pairs whose judge lists the entry's category as expertise.
    pub expertise_matches: u32,
    /// When the plan is complete with even loads: the most expertise matches any plan with
    /// these loads can have. Equal to `expertise_matches` proves no such plan matches more;
    /// the gap is what dealing around conflicts and joining judge groups cost. `None` when
    /// the planner cannot tell.
    pub expertise_bound: Option<u32>,
    /// Groups of judges linked by shared entries (judges without entries not counted);
    /// calibration compares judges only within one group.
    pub judge_groups: u32,
    /// Entries left with fewer than `k` judges; empty when the plan is complete.
    pub shortfalls: Vec<Shortfall>,
    /// Every conflicting (judge, entry) pair found, declared or detected, with its reasons.
    pub conflicts: Vec<Conflict>,
    pub warnings: Vec<PlanWarning>,
}

impl AssignmentPlan {
    /// Every entry has its `k` judges.
    pub fn is_complete(&self) -> bool {
        self.shortfalls.is_empty()
    }

    /// The pairs this plan adds to those kept, for the committee to accept.
    pub fn new_pairings(&self) -> impl Iterator<Item = Pairing> + '_ {
        self.entries.iter().flat_map(|entry| {
            entry
                .judges
                .iter()
                .filter(|judge| !judge.kept)
                .map(|judge| Pairing::new(judge.judge_id.clone(), entry.entry_id.clone()))
        })
    }
}
