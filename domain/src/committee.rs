//! The committee's written decisions that the rules leave to it (SCORING.md §5, §7, §8).

use serde::{Deserialize, Serialize};

/// Everything the committee decided for a round; each decision names an entry and a reason.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitteeDecisions {
    /// §7: add an entry to, or remove it from, the advancing list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
    /// §5: a discrepancy accepted with a note.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted_flags: Vec<AcceptedFlag>,
    /// §8 `committee_decides`: the prize chosen for an entry of a tie across a boundary.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prize_choices: Vec<PrizeChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub entry: String,
    pub action: OverrideAction,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverrideAction {
    Add,
    Remove,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptedFlag {
    pub entry: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrizeChoice {
    pub entry: String,
    /// The prize's position in the round's prize list, from 1; absent for no prize.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prize: Option<u32>,
    pub reason: String,
}
