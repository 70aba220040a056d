//! Properties of the planner on random rounds, checked against an exhaustive search on rounds
//! small enough to try every plan (SCORING.md §9).

use std::cmp::Reverse;
use std::collections::HashSet;

use proptest::prelude::*;

use super::tests::{entry, judge, member};
use super::*;

const ORGANISATIONS: [&str; 3] = ["", "Sở KH&CN", "so kh  cn"];

fn round(max_entries: usize, max_judges: usize) -> impl Strategy<Value = AssignmentRequest> {
    (1..=max_entries, 1..=max_judges, 1u32..=3, any::<u64>()).prop_flat_map(
        move |(entries, judges, k, seed)| {
            let cells = entries * judges;
            (
                prop::collection::vec((0usize..3, 0usize..3, any::<bool>()), entries),
                prop::collection::vec((0usize..3, prop::option::of(0u32..5), 0u8..4), judges),
                prop::collection::vec(prop::bool::weighted(0.2), cells),
                prop::collection::vec(prop::bool::weighted(0.15), cells),
            )
                .prop_map(move |(es, js, declared, keep)| {
                    let entries: Vec<Entry> = (0..es.len())
                        .map(|e| {
                            let (category, organisation, has_member) = es[e];
                            let category = ["agri", "tourism", ""][category];
                            let members = if has_member {
                                vec![member("M", "", ORGANISATIONS[organisation])]
                            } else {
                                Vec::new()
                            };
                            entry(
                                &format!("E-{e}"),
                                Some(category).filter(|c| !c.is_empty()),
                                members,
                            )
                        })
                        .collect();
                    let judges: Vec<Judge> = (0..js.len())
                        .map(|j| {
                            let (organisation, max_load, expertise) = js[j];
                            let expertise: &[&str] =
                                [&[][..], &["agri"], &["tourism"], &["agri", "tourism"]]
                                    [expertise as usize];
                            Judge {
                                max_load,
                                ..judge(
                                    &format!("J{j}"),
                                    "",
                                    ORGANISATIONS[organisation],
                                    expertise,
                                )
                            }
                        })
                        .collect();
                    let pairs = |bits: &[bool]| -> Vec<Pairing> {
                        (0..cells)
                            .filter(|&c| bits[c])
                            .map(|c| {
                                let (e, j) = (c / judges.len(), c % judges.len());
                                Pairing::new(judges[j].id.clone(), entries[e].id.clone())
                            })
                            .collect()
                    };
                    AssignmentRequest {
                        declared_conflicts: pairs(&declared),
                        keep: pairs(&keep),
                        lifted_conflicts: Vec::new(),
                        entries: entries.clone(),
                        judges: judges.clone(),
                        judges_per_entry: k,
                        seed,
                    }
                })
        },
    )
}

/// Per entry, the judge indices of the plan.
fn chosen(request: &AssignmentRequest, plan: &AssignmentPlan) -> Vec<Vec<usize>> {
    plan.entries
        .iter()
        .map(|e| {
            e.judges
                .iter()
                .map(|pj| {
                    request
                        .judges
                        .iter()
                        .position(|j| j.id == pj.judge_id)
                        .unwrap_or(usize::MAX)
                })
                .collect()
        })
        .collect()
}

fn conflict_set(request: &AssignmentRequest) -> HashSet<(usize, usize)> {
    let conflicts = detect_conflicts(request).unwrap_or_default();
    let position =
        |id: &str, ids: Vec<&str>| ids.iter().position(|x| *x == id).unwrap_or(usize::MAX);
    conflicts
        .iter()
        .map(|c| {
            let e = position(
                &c.entry_id,
                request.entries.iter().map(|e| e.id.as_str()).collect(),
            );
            let j = position(
                &c.judge_id,
                request.judges.iter().map(|j| j.id.as_str()).collect(),
            );
            (e, j)
        })
        .collect()
}

/// Every plan of a small round, tried one entry at a time.
struct Exhaustive {
    k: u32,
    conflicts: HashSet<(usize, usize)>,
    on: Vec<Vec<bool>>,
    cap: Vec<u32>,
    load: Vec<u32>,
    best: (u32, Reverse<Vec<u32>>, u32),
    expert: Vec<Vec<bool>>,
}

impl Exhaustive {
    fn go(&mut self, e: usize, covered: u32, matched: u32) {
        let judges = self.load.len();
        if e == self.on.len() {
            let mut sorted = self.load.clone();
            sorted.sort_unstable_by(|a, b| b.cmp(a));
            let candidate = (covered, Reverse(sorted), matched);
            if candidate > self.best {
                self.best = candidate;
            }
            return;
        }
        let have = self.on[e].iter().filter(|&&x| x).count() as u32;
        let need = self.k.saturating_sub(have);
        for subset in 0u32..(1 << judges) {
            let picked: Vec<usize> = (0..judges).filter(|&j| subset & (1 << j) != 0).collect();
            let allowed = picked.len() as u32 <= need
                && picked.iter().all(|&j| {
                    !self.on[e][j]
                        && !self.conflicts.contains(&(e, j))
                        && self.load[j] < self.cap[j]
                });
            if allowed {
                picked.iter().for_each(|&j| self.load[j] += 1);
                let gained = picked.iter().filter(|&&j| self.expert[e][j]).count() as u32;
                self.go(
                    e + 1,
                    covered + have.min(self.k) + picked.len() as u32,
                    matched + gained,
                );
                picked.iter().for_each(|&j| self.load[j] -= 1);
            }
        }
    }
}

/// The best (places covered, loads sorted from the heaviest, expertise matches) over every
/// plan that keeps the valid started assignments and breaks no hard rule.
fn exhaustive(request: &AssignmentRequest) -> (u32, Vec<u32>, u32) {
    let conflicts = conflict_set(request);
    let (entries, judges) = (request.entries.len(), request.judges.len());
    let mut load = vec![0u32; judges];
    let mut on = vec![vec![false; judges]; entries];
    let expert: Vec<Vec<bool>> = request
        .entries
        .iter()
        .map(|e| {
            let category = e.category.as_deref().unwrap_or("-");
            request
                .judges
                .iter()
                .map(|j| j.expertise.iter().any(|x| x == category))
                .collect()
        })
        .collect();
    let mut kept_matches = 0;
    for pair in &request.keep {
        let e = request
            .entries
            .iter()
            .position(|x| x.id == pair.entry_id)
            .unwrap_or(0);
        let j = request
            .judges
            .iter()
            .position(|x| x.id == pair.judge_id)
            .unwrap_or(0);
        if !conflicts.contains(&(e, j)) && !on[e][j] {
            on[e][j] = true;
            load[j] += 1;
            kept_matches += u32::from(expert[e][j]);
        }
    }
    let mut search = Exhaustive {
        k: request.judges_per_entry,
        conflicts,
        on,
        cap: request
            .judges
            .iter()
            .map(|j| j.max_load.unwrap_or(u32::MAX))
            .collect(),
        load,
        best: (0, Reverse(vec![u32::MAX]), 0),
        expert,
    };
    search.go(0, 0, kept_matches);
    (search.best.0, search.best.1.0, search.best.2)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn no_plan_breaks_a_hard_rule_and_every_short_entry_is_reported(request in round(5, 5)) {
        let plan = plan_assignment(&request).expect("valid request");
        let conflicts = conflict_set(&request);
        let chosen = chosen(&request, &plan);
        let k = request.judges_per_entry as usize;
        for (e, judges) in chosen.iter().enumerate() {
            let distinct: HashSet<_> = judges.iter().collect();
            prop_assert_eq!(distinct.len(), judges.len());
            prop_assert!(judges.iter().all(|&j| !conflicts.contains(&(e, j))));
            let kept = plan.entries[e].judges.iter().filter(|j| j.kept).count();
            prop_assert!(judges.len() <= k.max(kept));
            let reported = plan.shortfalls.iter().find(|s| s.entry_id == request.entries[e].id);
            prop_assert_eq!(reported.is_some(), judges.len() < k);
            if let Some(s) = reported {
                prop_assert_eq!(s.eligible + s.in_conflict + s.at_max_load, request.judges.len() as u32);
                prop_assert_eq!(s.assigned as usize, judges.len());
            }
        }
        for (load, judge) in plan.loads.iter().zip(&request.judges) {
            let over = judge.max_load.is_some_and(|max| load.load > max);
            prop_assert!(!over || load.load == load.kept);
        }
        for pair in &request.keep {
            let e = request.entries.iter().position(|x| x.id == pair.entry_id).unwrap_or(0);
            let j = request.judges.iter().position(|x| x.id == pair.judge_id).unwrap_or(0);
            prop_assert_eq!(chosen[e].contains(&j), !conflicts.contains(&(e, j)));
        }
    }

    #[test]
    fn the_plan_covers_the_most_places_with_the_most_even_loads_and_a_true_expertise_bound(request in round(4, 4)) {
        let plan = plan_assignment(&request).expect("valid request");
        let mut sorted: Vec<u32> = plan.loads.iter().map(|l| l.load).collect();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        let covered: u32 = plan.entries.iter()
            .map(|e| (e.judges.len() as u32).min(request.judges_per_entry)).sum();
        let (best_covered, best_sorted, best_matches) = exhaustive(&request);
        prop_assert_eq!((covered, sorted), (best_covered, best_sorted));
        prop_assert!(plan.expertise_matches <= best_matches);
        if let Some(bound) = plan.expertise_bound {
            prop_assert!(bound >= best_matches, "bound {} below the best {}", bound, best_matches);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_plan(request in round(6, 6)) {
        prop_assert_eq!(plan_assignment(&request), plan_assignment(&request));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn without_limits_or_conflicts_loads_differ_by_at_most_one(
        entries in 1usize..60, judges in 3usize..15, k in 1u32..=3, seed in any::<u64>()
    ) {
        let request = AssignmentRequest {
            entries: (0..entries).map(|e| entry(&format!("E-{e}"), Some(["a", "b", "c"][e % 3]), Vec::new())).collect(),
            judges: (0..judges).map(|j| judge(&format!("J{j}"), "", "", &[["a", "b", "c"][j % 3]])).collect(),
            judges_per_entry: k,
            seed,
            ..Default::default()
        };
        let plan = plan_assignment(&request).expect("valid request");
        let loads: Vec<u32> = plan.loads.iter().map(|l| l.load).collect();
        let spread = loads.iter().max().copied().unwrap_or(0) - loads.iter().min().copied().unwrap_or(0);
        prop_assert!(spread <= 1, "{:?}", loads);
        prop_assert!(plan.is_complete());
        prop_assert_eq!(plan.assignments, entries as u32 * k);
    }
}
