//! The planner's core over indices (SCORING.md §9). Goals, in order: cover as many of the
//! k × entries places as the hard rules allow; loads as even as capacities allow; expertise.
//!
//! 1. Water-filling gives each judge its even share of the open places within its capacity.
//! 2. A min-cost flow over (category → judge) decides how many entries of each category each
//!    judge takes: every even share filled first, then the fewest expertise mismatches. Its arcs
//!    are capped by how many entries of that category the judge may score, so a category's
//!    quotas can be dealt out per entry to distinct judges.
//! 3. Entries are dealt their judges from those quotas, largest remaining quota first (this
//!    realises any such quota table when no conflict interferes), ties broken by the seed.
//! 4. Places left open by conflicts are filled by augmenting paths, first within the shares,
//!    then within the capacities: a plan that leaves an entry short has no augmenting path,
//!    so no plan covers more places.
//! 5. If loads then differ from the even shares, single-unit moves along alternating paths
//!    take load from a judge to one carrying at least two fewer until none exists; that is the
//!    optimality test for even loads (no judge could give one entry to a judge two below it).

use std::cmp::Reverse;

use super::flow::Network;
use super::rng;
use super::search::{Roots, Search};

pub(super) const NO_LIMIT: u32 = u32::MAX;

/// The instance, by index.
pub(super) struct Problem {
    pub k: u32,
    pub seed: u64,
    /// Per entry, its category class (entries without a category share one class).
    pub class_of: Vec<u32>,
    pub classes: usize,
    /// `expert[class * judges + judge]`: the judge lists the class's category as expertise.
    pub expert: Vec<bool>,
    /// Per entry, the judges it conflicts with, ascending.
    pub conflicted: Vec<Vec<u32>>,
    /// Per judge, the maximum load, or `NO_LIMIT`.
    pub cap: Vec<u32>,
}

impl Problem {
    pub fn judges(&self) -> usize {
        self.cap.len()
    }

    pub fn entries(&self) -> usize {
        self.class_of.len()
    }

    pub fn matches(&self, entry: u32, judge: u32) -> bool {
        self.expert[self.class_of[entry as usize] as usize * self.judges() + judge as usize]
    }

    pub fn conflicts(&self, entry: u32, judge: u32) -> bool {
        self.conflicted[entry as usize]
            .binary_search(&judge)
            .is_ok()
    }
}

/// The plan under construction.
pub(super) struct State {
    /// Per entry, all its judges, kept ones included.
    pub judges_of: Vec<Vec<u32>>,
    /// Per judge, the entries given to it in this run (kept ones are never moved).
    pub movable: Vec<Vec<u32>>,
    pub load: Vec<u32>,
}

impl State {
    /// A state holding only the kept pairs (entry, judge), already checked.
    pub fn with_kept(entries: usize, judges: usize, kept: &[(u32, u32)]) -> State {
        let mut state = State {
            judges_of: vec![Vec::new(); entries],
            movable: vec![Vec::new(); judges],
            load: vec![0; judges],
        };
        for &(e, j) in kept {
            state.judges_of[e as usize].push(j);
            state.load[j as usize] += 1;
        }
        state
    }

    pub fn need(&self, p: &Problem, entry: u32) -> u32 {
        p.k.saturating_sub(self.judges_of[entry as usize].len() as u32)
    }

    pub fn eligible(&self, p: &Problem, entry: u32, judge: u32) -> bool {
        !p.conflicts(entry, judge) && !self.judges_of[entry as usize].contains(&judge)
    }

    pub fn add(&mut self, entry: u32, judge: u32) {
        self.judges_of[entry as usize].push(judge);
        self.movable[judge as usize].push(entry);
        self.load[judge as usize] += 1;
    }

    pub fn remove(&mut self, entry: u32, judge: u32) {
        let judges = &mut self.judges_of[entry as usize];
        if let Some(at) = judges.iter().position(|&j| j == judge) {
            judges.swap_remove(at);
        }
        let entries = &mut self.movable[judge as usize];
        if let Some(at) = entries.iter().position(|&e| e == entry) {
            entries.swap_remove(at);
            self.load[judge as usize] -= 1;
        }
    }
}

/// Fills `state` (holding the kept pairs) as far as the hard rules allow. When every open
/// place is filled with even loads, returns the most expertise matches among the new pairs
/// that any such plan can have: the category split's, which relaxes only the per-entry rules.
pub(super) fn run(p: &Problem, st: &mut State) -> Option<u32> {
    let kept_load = st.load.clone();
    let open: u64 = (0..p.entries() as u32)
        .map(|e| u64::from(st.need(p, e)))
        .sum();
    let (base, extra) = water_fill(&kept_load, &p.cap, open);
    let mut quotas = category_quotas(p, st, &base, &extra);
    let share: Vec<u32> = (0..p.judges())
        .map(|j| kept_load[j] + (0..p.classes).map(|c| quotas[c][j]).sum::<u32>())
        .collect();
    let bound = (0..p.classes)
        .flat_map(|c| (0..p.judges()).map(move |j| (c, j)))
        .filter(|&(c, j)| p.expert[c * p.judges() + j])
        .map(|(c, j)| quotas[c][j])
        .sum();
    deal(p, st, &mut quotas);

    let mut search = Search::new(p.entries(), p.judges());
    fill(p, st, &mut search, |st, j| {
        st.load[j as usize] < share[j as usize]
    });
    fill(p, st, &mut search, |st, j| {
        st.load[j as usize] < p.cap[j as usize]
    });
    let placed: u64 = st
        .load
        .iter()
        .zip(&kept_load)
        .map(|(l, k)| u64::from(l - k))
        .sum();
    if is_even(p, st, &kept_load) {
        (placed == open).then_some(bound)
    } else {
        balance(p, st, &mut search);
        None
    }
}

/// The even split of `units` new places over judges already carrying `kept` (SCORING.md §9:
/// loads as even as capacities allow): each judge gets `base` places, and `extra` (0 or 1)
/// marks the judges of whom exactly the remainder get one more.
pub(super) fn water_fill(kept: &[u32], cap: &[u32], units: u64) -> (Vec<u32>, Vec<u32>) {
    let room = |j: usize| u64::from(cap[j].saturating_sub(kept[j]));
    let taken = |level: u64, j: usize| level.saturating_sub(u64::from(kept[j])).min(room(j));
    let filled = |level: u64| (0..kept.len()).map(|j| taken(level, j)).sum::<u64>();
    let (mut lo, mut hi) = (
        0u64,
        kept.iter().copied().max().map_or(0, u64::from) + units + 1,
    );
    if filled(hi) <= units {
        lo = hi;
    }
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if filled(mid) <= units {
            lo = mid
        } else {
            hi = mid - 1
        }
    }
    let base: Vec<u32> = (0..kept.len()).map(|j| taken(lo, j) as u32).collect();
    let extra = (0..kept.len())
        .map(|j| (taken(lo + 1, j) - taken(lo, j)) as u32)
        .collect();
    (base, extra)
}

/// Whether the new places per judge form an even split of their total: then no plan has
/// more even loads.
fn is_even(p: &Problem, st: &State, kept: &[u32]) -> bool {
    let placed: u64 = st
        .load
        .iter()
        .zip(kept)
        .map(|(l, k)| u64::from(l - k))
        .sum();
    let (base, extra) = water_fill(kept, &p.cap, placed);
    (0..p.judges()).all(|j| {
        let new = st.load[j] - kept[j];
        base[j] <= new && new <= base[j] + extra[j]
    })
}

/// Per category class and judge, how many of the class's open places the judge takes.
fn category_quotas(p: &Problem, st: &State, base: &[u32], extra: &[u32]) -> Vec<Vec<u32>> {
    let (classes, judges) = (p.classes, p.judges());
    let mut supply = vec![0i64; classes];
    let mut open_entries = vec![0i64; classes];
    let mut closed = vec![vec![0i64; judges]; classes];
    for e in 0..p.entries() as u32 {
        let need = st.need(p, e);
        if need == 0 {
            continue;
        }
        let c = p.class_of[e as usize] as usize;
        supply[c] += i64::from(need);
        open_entries[c] += 1;
        for &j in p.conflicted[e as usize]
            .iter()
            .chain(&st.judges_of[e as usize])
        {
            closed[c][j as usize] += 1;
        }
    }
    // Any even share filled outweighs every expertise mismatch together.
    let share_weight = supply.iter().sum::<i64>() + 1;
    let (source, sink) = (0, classes + judges + 1);
    let mut net = Network::new(classes + judges + 2);
    let mut arcs = vec![vec![None; judges]; classes];
    for c in 0..classes {
        net.add_arc(source, 1 + c, supply[c], 0);
        for j in 0..judges {
            let may_take = (open_entries[c] - closed[c][j]).min(i64::from(base[j] + extra[j]));
            if may_take > 0 {
                let mismatch = i64::from(!p.expert[c * judges + j]);
                arcs[c][j] = Some(net.add_arc(1 + c, 1 + classes + j, may_take, mismatch));
            }
        }
    }
    for j in 0..judges {
        net.add_arc(1 + classes + j, sink, i64::from(base[j]), 0);
        net.add_arc(1 + classes + j, sink, i64::from(extra[j]), share_weight);
    }
    net.min_cost_max_flow(source, sink);
    arcs.iter()
        .map(|row| {
            row.iter()
                .map(|a| a.map_or(0, |a| net.flow(a) as u32))
                .collect()
        })
        .collect()
}

/// Deals each open entry its judges from its class's quotas, largest remaining quota first.
fn deal(p: &Problem, st: &mut State, quotas: &mut [Vec<u32>]) {
    let mut by_class: Vec<Vec<u32>> = vec![Vec::new(); p.classes];
    for e in 0..p.entries() as u32 {
        if st.need(p, e) > 0 {
            by_class[p.class_of[e as usize] as usize].push(e);
        }
    }
    for (entries, quota) in by_class.iter_mut().zip(quotas.iter_mut()) {
        entries.sort_by_key(|&e| (Reverse(st.need(p, e)), rng::key(p.seed, 0, u64::from(e))));
        let mut pool: Vec<u32> = (0..p.judges() as u32)
            .filter(|&j| quota[j as usize] > 0)
            .collect();
        let mut best: Vec<(Reverse<u32>, u64, u32)> = Vec::new();
        for &e in entries.iter() {
            let need = st.need(p, e) as usize;
            best.clear();
            for &j in &pool {
                if quota[j as usize] == 0 || !st.eligible(p, e, j) {
                    continue;
                }
                let candidate = (
                    Reverse(quota[j as usize]),
                    rng::key(p.seed, u64::from(e), u64::from(j)),
                    j,
                );
                if best.len() < need || best.last().is_some_and(|worst| candidate < *worst) {
                    let at = best.partition_point(|b| *b < candidate);
                    best.insert(at, candidate);
                    best.truncate(need);
                }
            }
            for &(_, _, j) in &best {
                st.add(e, j);
                quota[j as usize] -= 1;
            }
            if best.iter().any(|&(_, _, j)| quota[j as usize] == 0) {
                pool.retain(|&j| quota[j as usize] > 0);
            }
        }
    }
}

/// Augments from entries still short towards judges for whom `room` holds, until none can be
/// reached.
fn fill(p: &Problem, st: &mut State, search: &mut Search, room: impl Fn(&State, u32) -> bool) {
    loop {
        let short: Vec<u32> = (0..p.entries() as u32)
            .filter(|&e| st.need(p, e) > 0)
            .collect();
        if short.is_empty() {
            return;
        }
        match search.run(p, st, Roots::Entries(&short), |j| room(st, j)) {
            Some(end) => search.apply(st, end, None),
            None => return,
        }
    }
}

/// Moves single places from heavier to lighter judges (by at least two) along alternating
/// paths until no such move exists.
fn balance(p: &Problem, st: &mut State, search: &mut Search) {
    let mut settled = vec![0u32; p.judges()];
    for round in 1u32.. {
        let mut moved = false;
        let mut order: Vec<u32> = (0..p.judges() as u32).collect();
        order.sort_by_key(|&j| (Reverse(st.load[j as usize]), j));
        for h in order {
            while settled[h as usize] != round && st.load[h as usize] >= 2 {
                let heavy = st.load[h as usize];
                let lighter = |j: u32| {
                    st.load[j as usize] + 2 <= heavy && st.load[j as usize] < p.cap[j as usize]
                };
                match search.run(p, st, Roots::Judge(h), lighter) {
                    Some(end) => {
                        search.apply(st, end, Some(h));
                        moved = true;
                    }
                    None => {
                        // Judges no heavier than `h` that it reaches reach no lighter judge.
                        for j in search.reached() {
                            if st.load[j as usize] <= heavy {
                                settled[j as usize] = round;
                            }
                        }
                    }
                }
            }
        }
        if !moved {
            return;
        }
    }
}
