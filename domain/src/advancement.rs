//! Advancement to the next round (SCORING.md §7, §11).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::committee::{Override, OverrideAction};
use crate::rubric::Rubric;
use crate::settings::{AdvanceRule, CutoffTies, NoZeroCriterion};

/// An entry's advancement: what the rules say, and the committee's change if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Advancement {
    pub by_rules: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub committee: Option<Override>,
}

impl Advancement {
    /// Whether the entry advances; `None` while a tie at the cutoff awaits the committee.
    pub fn advances(&self) -> Option<bool> {
        if let Some(change) = &self.committee {
            return Some(change.action == OverrideAction::Add);
        }
        match self.by_rules {
            Verdict::Advances(_) => Some(true),
            Verdict::DoesNotAdvance(_) => Some(false),
            Verdict::CommitteeDecides { .. } => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "verdict")]
pub enum Verdict {
    Advances(AdvanceReason),
    DoesNotAdvance(Exclusion),
    /// §7 `committee_decides`: a group tied at the N-th place crosses the cutoff.
    CommitteeDecides {
        rank: u32,
        /// Places left for the group under `top_n`.
        places: u32,
        /// How many candidates share the rank.
        tied: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum AdvanceReason {
    /// Among the top N candidates of its scope.
    WithinTopN { rank: u32 },
    /// §7 `all_advance`: shares the N-th place with candidates beyond the cutoff.
    TiedAtCutoff { rank: u32 },
    /// §11: without `top_n` every candidate advances.
    EveryCandidate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum Exclusion {
    Disqualified,
    Incomplete,
    /// §11: a round without `advance` advances no one.
    NoAdvanceRule,
    BelowMinScore {
        score: Decimal,
        min_score: Decimal,
    },
    ZeroCriterion {
        criterion: String,
    },
    BelowCutoff {
        rank: u32,
        last_rank: u32,
    },
}

/// What §7 looks at for one entry. `rank` is its rank in the scope it competes in (the round,
/// or its category with `per_category`); `scope` numbers that scope.
pub struct Contender<'a> {
    pub scope: usize,
    pub rank: Option<u32>,
    pub complete: bool,
    pub disqualified: bool,
    pub score: Option<Decimal>,
    pub criteria: &'a [Option<Decimal>],
}

/// §7: the rules' verdict for each contender.
pub fn decide(rule: Option<&AdvanceRule>, rubric: &Rubric, all: &[Contender]) -> Vec<Verdict> {
    let out = |e| Verdict::DoesNotAdvance(e);
    let zero_checked: Vec<usize> = match rule.map(|r| &r.no_zero_criterion) {
        Some(NoZeroCriterion::All(true)) => (0..rubric.len()).collect(),
        Some(NoZeroCriterion::Only(keys)) => {
            keys.iter().filter_map(|k| rubric.position(k)).collect()
        }
        _ => Vec::new(),
    };
    let mut verdicts = Vec::with_capacity(all.len());
    let mut scopes: BTreeMap<usize, Vec<(u32, usize)>> = BTreeMap::new();
    for (i, c) in all.iter().enumerate() {
        let verdict = match (rule, c.score, c.rank) {
            _ if c.disqualified => out(Exclusion::Disqualified),
            (_, None, _) | (_, _, None) => out(Exclusion::Incomplete),
            _ if !c.complete => out(Exclusion::Incomplete),
            (None, _, _) => out(Exclusion::NoAdvanceRule),
            (Some(rule), Some(score), Some(rank)) => {
                let zero = zero_checked.iter().find(|&&k| {
                    c.criteria
                        .get(k)
                        .copied()
                        .flatten()
                        .is_some_and(|v| v.is_zero())
                });
                match (rule.min_score, zero) {
                    (Some(min_score), _) if score < min_score => {
                        out(Exclusion::BelowMinScore { score, min_score })
                    }
                    (_, Some(&k)) => out(Exclusion::ZeroCriterion {
                        criterion: rubric.criteria()[k].key.clone(),
                    }),
                    _ => {
                        scopes.entry(c.scope).or_default().push((rank, i));
                        Verdict::Advances(AdvanceReason::EveryCandidate)
                    }
                }
            }
        };
        verdicts.push(verdict);
    }
    let Some(rule) = rule else {
        return verdicts;
    };
    let Some(n) = rule.top_n.map(|n| n as usize) else {
        return verdicts;
    };
    for candidates in scopes.values_mut() {
        candidates.sort_unstable();
        let (Some(&(last_rank, _)), Some(&(next_rank, _))) =
            (candidates.get(n.saturating_sub(1)), candidates.get(n))
        else {
            for &(rank, i) in candidates.iter() {
                verdicts[i] = Verdict::Advances(AdvanceReason::WithinTopN { rank });
            }
            continue;
        };
        let crosses = next_rank == last_rank;
        let above = candidates.iter().filter(|(r, _)| *r < last_rank).count();
        let tied = candidates.iter().filter(|(r, _)| *r == last_rank).count();
        for &(rank, i) in candidates.iter() {
            verdicts[i] = if rank < last_rank || (rank == last_rank && !crosses) {
                Verdict::Advances(AdvanceReason::WithinTopN { rank })
            } else if rank > last_rank {
                out(Exclusion::BelowCutoff { rank, last_rank })
            } else {
                match rule.ties_at_cutoff {
                    CutoffTies::AllAdvance => {
                        Verdict::Advances(AdvanceReason::TiedAtCutoff { rank })
                    }
                    CutoffTies::CommitteeDecides => Verdict::CommitteeDecides {
                        rank,
                        places: (n - above) as u32,
                        tied: tied as u32,
                    },
                }
            };
        }
    }
    verdicts
}
