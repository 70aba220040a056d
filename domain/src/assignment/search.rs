//! Alternating-path search over the implicit entry–judge graph: an entry may gain any judge it
//! does not conflict with and does not already have; a judge may hand over any entry given to
//! it in this run. The graph is never built: at national scale it would hold 20 million arcs.

use std::collections::VecDeque;

use super::solve::{Problem, State};

const NONE: u32 = u32::MAX;

pub(super) enum Roots<'a> {
    /// Entries that may take one more judge.
    Entries(&'a [u32]),
    /// A judge that gives one of its movable entries away.
    Judge(u32),
}

/// Reusable marks, so that a search costs what it visits, not the size of the round.
pub(super) struct Search {
    stamp: u32,
    seen_entry: Vec<u32>,
    seen_judge: Vec<u32>,
    /// For an entry reached, the judge that handed it over (`NONE` for a root entry).
    from_judge: Vec<u32>,
    /// For a judge reached, the entry that would gain it.
    from_entry: Vec<u32>,
    blocked_stamp: u32,
    blocked: Vec<u32>,
    reached: Vec<u32>,
}

impl Search {
    pub fn new(entries: usize, judges: usize) -> Search {
        Search {
            stamp: 0,
            seen_entry: vec![0; entries],
            seen_judge: vec![0; judges],
            from_judge: vec![NONE; entries],
            from_entry: vec![NONE; judges],
            blocked_stamp: 0,
            blocked: vec![0; judges],
            reached: Vec::new(),
        }
    }

    /// Breadth-first search from `roots` for a judge satisfying `target`; returns it.
    pub fn run(
        &mut self,
        p: &Problem,
        st: &State,
        roots: Roots,
        target: impl Fn(u32) -> bool,
    ) -> Option<u32> {
        self.stamp += 1;
        self.reached.clear();
        let mut queue = VecDeque::new();
        match roots {
            Roots::Entries(entries) => {
                for &e in entries {
                    self.visit_entry(e, NONE, &mut queue);
                }
            }
            Roots::Judge(h) => {
                self.seen_judge[h as usize] = self.stamp;
                self.reached.push(h);
                for &e in &st.movable[h as usize] {
                    self.visit_entry(e, h, &mut queue);
                }
            }
        }
        while let Some(e) = queue.pop_front() {
            self.blocked_stamp += 1;
            for &j in p.conflicted[e as usize]
                .iter()
                .chain(&st.judges_of[e as usize])
            {
                self.blocked[j as usize] = self.blocked_stamp;
            }
            for j in 0..p.judges() as u32 {
                if self.seen_judge[j as usize] == self.stamp
                    || self.blocked[j as usize] == self.blocked_stamp
                {
                    continue;
                }
                self.seen_judge[j as usize] = self.stamp;
                self.from_entry[j as usize] = e;
                self.reached.push(j);
                if target(j) {
                    return Some(j);
                }
                for &next in &st.movable[j as usize] {
                    self.visit_entry(next, j, &mut queue);
                }
            }
        }
        None
    }

    /// The judges the last search reached.
    pub fn reached(&self) -> impl Iterator<Item = u32> + '_ {
        self.reached.iter().copied()
    }

    fn visit_entry(&mut self, e: u32, from: u32, queue: &mut VecDeque<u32>) {
        if self.seen_entry[e as usize] != self.stamp {
            self.seen_entry[e as usize] = self.stamp;
            self.from_judge[e as usize] = from;
            queue.push_back(e);
        }
    }

    /// Shifts one place along the path the last search found to `end`: `end` gains an entry,
    /// and either a root entry gains a judge or the root judge loses one entry.
    pub fn apply(&self, st: &mut State, end: u32, root: Option<u32>) {
        let mut judge = end;
        loop {
            let entry = self.from_entry[judge as usize];
            let previous = self.from_judge[entry as usize];
            st.add(entry, judge);
            if previous == NONE {
                return;
            }
            st.remove(entry, previous);
            if Some(previous) == root {
                return;
            }
            judge = previous;
        }
    }
}
