//! From a request to a plan: ids checked and turned into indices, conflicts found, started
//! assignments carried over, the solver run, and the answer written back in the request's ids.

use std::collections::HashMap;

use super::report::{AssignmentError, PairList, PlanWarning, Shortfall};
use super::solve::{self, NO_LIMIT, Problem, State};
use super::{
    AssignmentPlan, AssignmentRequest, Conflict, ConflictReason, JudgeLoad, Pairing, PlannedEntry,
    PlannedJudge, conflicts, connect,
};

type PerEntryConflicts = Vec<Vec<(u32, Vec<ConflictReason>)>>;

/// Every conflicting (judge, entry) pair of the request, declared or detected, with reasons;
/// ordered by entry, then judge, as in the request.
pub fn detect_conflicts(request: &AssignmentRequest) -> Result<Vec<Conflict>, AssignmentError> {
    let ids = Ids::new(request)?;
    let declared = ids.resolve(&request.declared_conflicts, PairList::DeclaredConflicts)?;
    let lifted = ids.resolve(&request.lifted_conflicts, PairList::LiftedConflicts)?;
    let found = conflicts::find(&request.entries, &request.judges, &declared, &lifted);
    Ok(conflict_list(request, found))
}

/// Plans the round (SCORING.md §9). Refuses only malformed input; a round whose hard rules
/// cannot all hold still gets the plan covering the most places, with its shortfalls named.
pub fn plan_assignment(request: &AssignmentRequest) -> Result<AssignmentPlan, AssignmentError> {
    let k = request.judges_per_entry;
    if k == 0 {
        return Err(AssignmentError::NoJudgesPerEntry);
    }
    let ids = Ids::new(request)?;
    let declared = ids.resolve(&request.declared_conflicts, PairList::DeclaredConflicts)?;
    let mut keep = ids.resolve(&request.keep, PairList::Keep)?;
    keep.sort_unstable();
    keep.dedup();
    let lifted = ids.resolve(&request.lifted_conflicts, PairList::LiftedConflicts)?;
    let found = conflicts::find(&request.entries, &request.judges, &declared, &lifted);
    let conflicted: Vec<Vec<u32>> = found
        .iter()
        .map(|list| list.iter().map(|(j, _)| *j).collect())
        .collect();

    let mut warnings = Vec::new();
    let mut kept = Vec::with_capacity(keep.len());
    for &(e, j) in &keep {
        let (entry, judge) = (&request.entries[e], &request.judges[j]);
        if conflicted[e].binary_search(&(j as u32)).is_ok() {
            warnings.push(PlanWarning::KeptInConflict {
                entry_id: entry.id.clone(),
                code: entry.code.clone(),
                judge_id: judge.id.clone(),
                judge_name: judge.name.clone(),
            });
        } else {
            kept.push((e as u32, j as u32));
        }
    }

    let problem = problem(request, conflicted);
    let mut state = State::with_kept(problem.entries(), problem.judges(), &kept);
    for (entry, judges) in request.entries.iter().zip(&state.judges_of) {
        if judges.len() as u32 > k {
            warnings.push(PlanWarning::KeptAboveK {
                entry_id: entry.id.clone(),
                code: entry.code.clone(),
                kept: judges.len() as u32,
                judges_per_entry: k,
            });
        }
    }
    for (judge, &load) in request.judges.iter().zip(&state.load) {
        if let Some(max_load) = judge.max_load.filter(|&max| load > max) {
            warnings.push(PlanWarning::KeptAboveMaxLoad {
                judge_id: judge.id.clone(),
                judge_name: judge.name.clone(),
                kept: load,
                max_load,
            });
        }
    }

    let new_pairs_bound = solve::run(&problem, &mut state);
    connect::connect(&problem, &mut state);
    let judge_groups = connect::group_count(&problem, &state);
    if judge_groups > 1 {
        warnings.push(PlanWarning::Disconnected {
            groups: judge_groups,
        });
    }
    let mut plan = answer(
        request,
        &problem,
        &state,
        &kept,
        found,
        judge_groups,
        warnings,
    );
    let kept_matches = kept.iter().filter(|&&(e, j)| problem.matches(e, j)).count() as u32;
    plan.expertise_bound = new_pairs_bound.map(|bound| bound + kept_matches);
    Ok(plan)
}

struct Ids<'a> {
    entries: HashMap<&'a str, usize>,
    judges: HashMap<&'a str, usize>,
}

impl<'a> Ids<'a> {
    fn new(request: &'a AssignmentRequest) -> Result<Ids<'a>, AssignmentError> {
        let mut entries = HashMap::with_capacity(request.entries.len());
        for (e, entry) in request.entries.iter().enumerate() {
            if entries.insert(entry.id.as_str(), e).is_some() {
                return Err(AssignmentError::DuplicateEntry {
                    id: entry.id.clone(),
                });
            }
        }
        let mut judges = HashMap::with_capacity(request.judges.len());
        for (j, judge) in request.judges.iter().enumerate() {
            if judges.insert(judge.id.as_str(), j).is_some() {
                return Err(AssignmentError::DuplicateJudge {
                    id: judge.id.clone(),
                });
            }
        }
        Ok(Ids { entries, judges })
    }

    /// (entry index, judge index) for each pair.
    fn resolve(
        &self,
        pairs: &[Pairing],
        list: PairList,
    ) -> Result<Vec<(usize, usize)>, AssignmentError> {
        pairs
            .iter()
            .map(|pair| {
                let entry = self.entries.get(pair.entry_id.as_str()).ok_or_else(|| {
                    AssignmentError::UnknownEntry {
                        id: pair.entry_id.clone(),
                        list,
                    }
                })?;
                let judge = self.judges.get(pair.judge_id.as_str()).ok_or_else(|| {
                    AssignmentError::UnknownJudge {
                        id: pair.judge_id.clone(),
                        list,
                    }
                })?;
                Ok((*entry, *judge))
            })
            .collect()
    }
}

fn problem(request: &AssignmentRequest, conflicted: Vec<Vec<u32>>) -> Problem {
    // Classes number categories in order of first appearance; entries without one share the
    // last class, which no judge matches.
    let mut class_by_name: HashMap<&str, u32> = HashMap::new();
    for entry in &request.entries {
        if let Some(category) = &entry.category {
            let next = class_by_name.len() as u32;
            class_by_name.entry(category.as_str()).or_insert(next);
        }
    }
    let uncategorised = class_by_name.len() as u32;
    let class_of = request
        .entries
        .iter()
        .map(|entry| {
            entry
                .category
                .as_deref()
                .map_or(uncategorised, |c| class_by_name[c])
        })
        .collect();
    let judges = request.judges.len();
    let classes = class_by_name.len() + 1;
    let mut expert = vec![false; classes * judges];
    for (j, judge) in request.judges.iter().enumerate() {
        for key in &judge.expertise {
            if let Some(&c) = class_by_name.get(key.as_str()) {
                expert[c as usize * judges + j] = true;
            }
        }
    }
    Problem {
        k: request.judges_per_entry,
        seed: request.seed,
        class_of,
        classes,
        expert,
        conflicted,
        cap: request
            .judges
            .iter()
            .map(|judge| judge.max_load.unwrap_or(NO_LIMIT))
            .collect(),
    }
}

fn answer(
    request: &AssignmentRequest,
    p: &Problem,
    st: &State,
    kept: &[(u32, u32)],
    found: PerEntryConflicts,
    judge_groups: u32,
    warnings: Vec<PlanWarning>,
) -> AssignmentPlan {
    let mut kept_load = vec![0u32; p.judges()];
    let mut matches = vec![0u32; p.judges()];
    let mut entries = Vec::with_capacity(p.entries());
    let mut shortfalls = Vec::new();
    for (e, entry) in (0u32..).zip(&request.entries) {
        let mut judges = st.judges_of[e as usize].clone();
        judges.sort_unstable();
        let planned = judges
            .iter()
            .map(|&j| {
                let was_kept = kept.binary_search(&(e, j)).is_ok();
                let expertise_match = p.matches(e, j);
                kept_load[j as usize] += u32::from(was_kept);
                matches[j as usize] += u32::from(expertise_match);
                PlannedJudge {
                    judge_id: request.judges[j as usize].id.clone(),
                    kept: was_kept,
                    expertise_match,
                }
            })
            .collect();
        entries.push(PlannedEntry {
            entry_id: entry.id.clone(),
            code: entry.code.clone(),
            judges: planned,
        });
        if (judges.len() as u32) < p.k {
            let in_conflict = p.conflicted[e as usize].len() as u32;
            let at_max_load = (0..p.judges() as u32)
                .filter(|&j| st.eligible(p, e, j) && st.load[j as usize] >= p.cap[j as usize])
                .count() as u32;
            shortfalls.push(Shortfall {
                entry_id: entry.id.clone(),
                code: entry.code.clone(),
                needed: p.k,
                assigned: judges.len() as u32,
                eligible: p.judges() as u32 - in_conflict - at_max_load,
                in_conflict,
                at_max_load,
            });
        }
    }
    let loads = request
        .judges
        .iter()
        .enumerate()
        .map(|(j, judge)| JudgeLoad {
            judge_id: judge.id.clone(),
            load: st.load[j],
            kept: kept_load[j],
            max_load: judge.max_load,
            expertise_matches: matches[j],
        })
        .collect();
    AssignmentPlan {
        judges_per_entry: p.k,
        entries,
        loads,
        assignments: st.load.iter().sum(),
        expertise_matches: matches.iter().sum(),
        expertise_bound: None,
        judge_groups,
        shortfalls,
        conflicts: conflict_list(request, found),
        warnings,
    }
}

fn conflict_list(request: &AssignmentRequest, found: PerEntryConflicts) -> Vec<Conflict> {
    request
        .entries
        .iter()
        .zip(found)
        .flat_map(|(entry, list)| {
            list.into_iter().map(|(j, reasons)| Conflict {
                judge_id: request.judges[j as usize].id.clone(),
                entry_id: entry.id.clone(),
                reasons,
            })
        })
        .collect()
}
