//! Overlap for calibration (SCORING.md §9, third soft goal; §4): judges who share an entry are
//! linked, and calibration compares judges fairly only within one linked group. When the plan
//! leaves several groups, two entries from different groups trade one judge each. A trade keeps
//! every load and every hard rule, and costs at most two expertise matches, the least costly
//! trade found being taken first; so joining `g` groups costs at most `2 (g - 1)` matches.

use super::solve::{Problem, State};

/// Trades examined for one join, so that the pass stays fast however scattered the plan.
const TRADE_BUDGET: usize = 100_000;
/// Best trades kept per join; the next is tried when one does not join two groups.
const SHORTLIST: usize = 8;

/// Per judge, the lowest-numbered judge of its group, or `None` for a judge without entries.
pub(super) fn groups(p: &Problem, st: &State) -> Vec<Option<u32>> {
    let mut parent: Vec<u32> = (0..p.judges() as u32).collect();
    fn find(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            let up = parent[parent[x as usize] as usize];
            parent[x as usize] = up;
            x = up;
        }
        x
    }
    for judges in &st.judges_of {
        if let Some((&first, rest)) = judges.split_first() {
            for &other in rest {
                let (a, b) = (find(&mut parent, first), find(&mut parent, other));
                parent[a.max(b) as usize] = a.min(b);
            }
        }
    }
    (0..p.judges() as u32)
        .map(|j| (st.load[j as usize] > 0).then(|| find(&mut parent, j)))
        .collect()
}

pub(super) fn group_count(p: &Problem, st: &State) -> u32 {
    let mut roots: Vec<u32> = groups(p, st).into_iter().flatten().collect();
    roots.sort_unstable();
    roots.dedup();
    roots.len() as u32
}

struct Trade {
    loss: i32,
    entry: u32,
    judge: u32,
    other_entry: u32,
    other_judge: u32,
}

/// Joins judge groups by trades while some trade does.
pub(super) fn connect(p: &Problem, st: &mut State) {
    if p.k < 2 {
        return;
    }
    loop {
        let count = group_count(p, st);
        if count <= 1 {
            return;
        }
        let joined = shortlist(p, st).into_iter().any(|t| {
            trade(st, &t, true);
            let better = group_count(p, st) < count;
            if !better {
                trade(st, &t, false);
            }
            better
        });
        if !joined {
            return;
        }
    }
}

fn trade(st: &mut State, t: &Trade, forward: bool) {
    let (from, to) = if forward {
        (t.judge, t.other_judge)
    } else {
        (t.other_judge, t.judge)
    };
    st.remove(t.entry, from);
    st.remove(t.other_entry, to);
    st.add(t.entry, to);
    st.add(t.other_entry, from);
}

/// The cheapest trades between the smallest group and the rest.
fn shortlist(p: &Problem, st: &State) -> Vec<Trade> {
    let group = groups(p, st);
    let mut size = vec![0usize; p.judges()];
    for root in group.iter().flatten() {
        size[*root as usize] += 1;
    }
    let Some(smallest) = (0..p.judges())
        .filter(|&r| size[r] > 0)
        .min_by_key(|&r| (size[r], r))
    else {
        return Vec::new();
    };
    let group_of = |e: u32| {
        st.judges_of[e as usize]
            .first()
            .and_then(|&j| group[j as usize])
    };
    let tradable = |e: u32| st.judges_of[e as usize].len() >= 2;
    let (inside, outside): (Vec<u32>, Vec<u32>) = (0..p.entries() as u32)
        .filter(|&e| tradable(e) && group_of(e).is_some())
        .partition(|&e| group_of(e) == Some(smallest as u32));
    let movable = |e: u32| {
        st.judges_of[e as usize]
            .iter()
            .copied()
            .filter(move |&j| st.movable[j as usize].contains(&e))
    };
    let matched = |e: u32, j: u32| i32::from(p.matches(e, j));

    let mut found: Vec<Trade> = Vec::new();
    let mut budget = TRADE_BUDGET;
    'search: for &e in &inside {
        for &f in &outside {
            for a in movable(e) {
                for b in movable(f) {
                    if !st.eligible(p, e, b) || !st.eligible(p, f, a) {
                        continue;
                    }
                    let loss = matched(e, a) + matched(f, b) - matched(e, b) - matched(f, a);
                    let at = found.partition_point(|t| t.loss <= loss);
                    if at < SHORTLIST {
                        let t = Trade {
                            loss,
                            entry: e,
                            judge: a,
                            other_entry: f,
                            other_judge: b,
                        };
                        found.insert(at, t);
                        found.truncate(SHORTLIST);
                    }
                }
            }
            budget -= 1;
            let enough = found.len() == SHORTLIST && found[SHORTLIST - 1].loss <= 0;
            if budget == 0 || enough {
                break 'search;
            }
        }
    }
    found
}
