//! A small minimum-cost maximum-flow solver for explicit networks with non-negative arc costs.
//!
//! Primal-dual: a Dijkstra on reduced costs fixes node potentials, then a Dinic blocking flow
//! pushes every augmenting path of that cost at once. The planner's networks have few distinct
//! path costs, so few phases run. No kept crate fitted: `mcmf` binds C++ (no wasm32),
//! `pathfinding` has no min-cost flow, and `rs-graph` brings a parser generator along.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

const INF: i64 = i64::MAX / 4;

pub(super) struct Network {
    adj: Vec<Vec<usize>>,
    to: Vec<usize>,
    cap: Vec<i64>,
    cost: Vec<i64>,
}

impl Network {
    pub(super) fn new(nodes: usize) -> Self {
        Network {
            adj: vec![Vec::new(); nodes],
            to: Vec::new(),
            cap: Vec::new(),
            cost: Vec::new(),
        }
    }

    /// Adds an arc and returns its id. Costs must not be negative.
    pub(super) fn add_arc(&mut self, from: usize, to: usize, cap: i64, cost: i64) -> usize {
        debug_assert!(cost >= 0 && cap >= 0);
        let id = self.to.len();
        self.adj[from].push(id);
        self.to.push(to);
        self.cap.push(cap);
        self.cost.push(cost);
        self.adj[to].push(id + 1);
        self.to.push(from);
        self.cap.push(0);
        self.cost.push(-cost);
        id
    }

    /// The flow carried by arc `id` (as returned by `add_arc`).
    pub(super) fn flow(&self, id: usize) -> i64 {
        self.cap[id ^ 1]
    }

    /// Sends as much flow as possible from `s` to `t`, at the least total cost among maximum
    /// flows. Returns (flow, cost).
    pub(super) fn min_cost_max_flow(&mut self, s: usize, t: usize) -> (i64, i64) {
        let n = self.adj.len();
        let mut potential = vec![0i64; n];
        let (mut flow, mut cost) = (0i64, 0i64);
        loop {
            let dist = self.dijkstra(s, &potential);
            if dist[t] >= INF {
                return (flow, cost);
            }
            for (p, d) in potential.iter_mut().zip(&dist) {
                *p += (*d).min(dist[t]);
            }
            while let Some(level) = self.admissible_levels(s, t, &potential) {
                let mut next = vec![0usize; n];
                loop {
                    let pushed = self.push(s, t, INF, &level, &potential, &mut next);
                    if pushed == 0 {
                        break;
                    }
                    flow += pushed;
                    cost += pushed * (potential[t] - potential[s]);
                }
            }
        }
    }

    fn reduced(&self, arc: usize, from: usize, potential: &[i64]) -> i64 {
        self.cost[arc] + potential[from] - potential[self.to[arc]]
    }

    fn dijkstra(&self, s: usize, potential: &[i64]) -> Vec<i64> {
        let mut dist = vec![INF; self.adj.len()];
        let mut heap = BinaryHeap::new();
        dist[s] = 0;
        heap.push(Reverse((0i64, s)));
        while let Some(Reverse((d, u))) = heap.pop() {
            if d > dist[u] {
                continue;
            }
            for &arc in &self.adj[u] {
                if self.cap[arc] > 0 {
                    let v = self.to[arc];
                    let nd = d + self.reduced(arc, u, potential);
                    if nd < dist[v] {
                        dist[v] = nd;
                        heap.push(Reverse((nd, v)));
                    }
                }
            }
        }
        dist
    }

    /// BFS levels over arcs with residual capacity and zero reduced cost; `None` when `t` is
    /// out of reach.
    fn admissible_levels(&self, s: usize, t: usize, potential: &[i64]) -> Option<Vec<u32>> {
        let mut level = vec![u32::MAX; self.adj.len()];
        let mut queue = std::collections::VecDeque::from([s]);
        level[s] = 0;
        while let Some(u) = queue.pop_front() {
            for &arc in &self.adj[u] {
                let v = self.to[arc];
                if self.cap[arc] > 0 && level[v] == u32::MAX && self.reduced(arc, u, potential) == 0
                {
                    level[v] = level[u] + 1;
                    queue.push_back(v);
                }
            }
        }
        (level[t] != u32::MAX).then_some(level)
    }

    fn push(
        &mut self,
        u: usize,
        t: usize,
        limit: i64,
        level: &[u32],
        potential: &[i64],
        next: &mut [usize],
    ) -> i64 {
        if u == t {
            return limit;
        }
        while next[u] < self.adj[u].len() {
            let arc = self.adj[u][next[u]];
            let v = self.to[arc];
            if self.cap[arc] > 0 && level[v] == level[u] + 1 && self.reduced(arc, u, potential) == 0
            {
                let pushed = self.push(v, t, limit.min(self.cap[arc]), level, potential, next);
                if pushed > 0 {
                    self.cap[arc] -= pushed;
                    self.cap[arc ^ 1] += pushed;
                    return pushed;
                }
            }
            next[u] += 1;
        }
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Reference: one unit at a time along a Bellman-Ford shortest path.
    fn reference(n: usize, arcs: &[(usize, usize, i64, i64)], s: usize, t: usize) -> (i64, i64) {
        let mut to = Vec::new();
        let mut cap = Vec::new();
        let mut cost = Vec::new();
        let mut from = Vec::new();
        for &(u, v, c, w) in arcs {
            from.extend([u, v]);
            to.extend([v, u]);
            cap.extend([c, 0]);
            cost.extend([w, -w]);
        }
        let (mut flow, mut total) = (0, 0);
        loop {
            let mut dist = vec![INF; n];
            let mut via = vec![usize::MAX; n];
            dist[s] = 0;
            for _ in 0..n {
                for a in 0..to.len() {
                    if cap[a] > 0 && dist[from[a]] < INF && dist[from[a]] + cost[a] < dist[to[a]] {
                        dist[to[a]] = dist[from[a]] + cost[a];
                        via[to[a]] = a;
                    }
                }
            }
            if dist[t] >= INF {
                return (flow, total);
            }
            let mut v = t;
            while v != s {
                let a = via[v];
                cap[a] -= 1;
                cap[a ^ 1] += 1;
                v = from[a];
            }
            flow += 1;
            total += dist[t];
        }
    }

    #[test]
    fn a_cheaper_longer_route_is_preferred_once_the_direct_one_is_full() {
        let mut net = Network::new(4);
        let direct = net.add_arc(0, 3, 1, 10);
        net.add_arc(0, 1, 2, 1);
        net.add_arc(1, 2, 2, 1);
        net.add_arc(2, 3, 1, 1);
        assert_eq!(net.min_cost_max_flow(0, 3), (2, 13));
        assert_eq!(net.flow(direct), 1);
    }

    proptest! {
        #[test]
        fn primal_dual_matches_one_unit_at_a_time_on_small_networks(
            arcs in prop::collection::vec((0usize..6, 0usize..6, 0i64..4, 0i64..6), 0..18)
        ) {
            let arcs: Vec<_> = arcs.into_iter().filter(|a| a.0 != a.1).collect();
            let mut net = Network::new(6);
            for &(u, v, c, w) in &arcs {
                net.add_arc(u, v, c, w);
            }
            prop_assert_eq!(net.min_cost_max_flow(0, 5), reference(6, &arcs, 0, 5));
        }
    }
}
