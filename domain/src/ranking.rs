//! Ranking (SCORING.md §6, §11): score, then the tie-break chain; equal entries share a rank
//! and the next rank skips (1, 2, 2, 4).

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::settings::TieBreak;
use crate::tally;

/// What an entry is ranked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rankable<'a> {
    pub code: &'a str,
    /// The rounded score (§3).
    pub score: Decimal,
    /// Rounded per-criterion scores in rubric order (§11).
    pub criteria: &'a [Option<Decimal>],
    pub submitted_at: Option<DateTime<Utc>>,
}

/// A tie-break with its criterion resolved to a rubric position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedTieBreak {
    pub rule: TieBreak,
    pub criterion: Option<usize>,
}

/// What set an entry apart from its neighbour in the ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "by", content = "rule")]
pub enum DecidedBy {
    Score,
    TieBreak(TieBreak),
    /// Equal on score and every tie-break: a shared rank.
    Shared,
}

/// The entry listed next to this one, and what set them apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Neighbour {
    pub code: String,
    pub decided_by: DecidedBy,
}

/// An entry's place within one scope as the engine keeps it for every entry: plain numbers,
/// nothing to allocate, copy or free. [`Place::resolve`] names the neighbours and the tie-break
/// for an explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Place {
    pub rank: u32,
    pub above: Option<Adjacent>,
    pub below: Option<Adjacent>,
}

/// The entry listed next to one, by its index (in the ranked list, or in
/// [`crate::round::RoundOutcome::entries`]), and what set the two apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Adjacent {
    pub index: usize,
    pub decided: Decided,
}

/// [`DecidedBy`] with the tie-break as its position in the round's chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Decided {
    Score,
    TieBreak(usize),
    Shared,
}

impl Place {
    /// The placing with its neighbours' codes (`code` of an index) and tie-breaks named.
    pub fn resolve<'c>(&self, code: impl Fn(usize) -> &'c str, chain: &[TieBreak]) -> Placing {
        let neighbour = |a: &Adjacent| Neighbour {
            code: code(a.index).into(),
            decided_by: match a.decided {
                Decided::Score => DecidedBy::Score,
                Decided::TieBreak(i) => DecidedBy::TieBreak(chain[i].clone()),
                Decided::Shared => DecidedBy::Shared,
            },
        };
        Placing {
            rank: self.rank,
            above: self.above.as_ref().map(neighbour),
            below: self.below.as_ref().map(neighbour),
        }
    }

    /// The same place with its neighbours' indices passed through `map`.
    pub(crate) fn renumbered(self, map: impl Fn(usize) -> usize) -> Place {
        let moved = |a: Adjacent| Adjacent {
            index: map(a.index),
            ..a
        };
        Place {
            rank: self.rank,
            above: self.above.map(moved),
            below: self.below.map(moved),
        }
    }
}

/// An entry's place within one scope (the round, or one category), as explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placing {
    pub rank: u32,
    /// The entry listed just above it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub above: Option<Neighbour>,
    /// The entry listed just below it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below: Option<Neighbour>,
}

/// Compares two entries, better first, and says what decided.
fn compare(a: &Rankable, b: &Rankable, chain: &[ResolvedTieBreak]) -> (Ordering, Decided) {
    let by_score = b.score.cmp(&a.score);
    if by_score != Ordering::Equal {
        return (by_score, Decided::Score);
    }
    for (position, link) in chain.iter().enumerate() {
        let order = match link.criterion {
            // §11: higher wins; an empty per-criterion score ranks below any number.
            Some(c) => {
                let get = |r: &Rankable| r.criteria.get(c).copied().flatten();
                get(b).cmp(&get(a))
            }
            // §11: earlier wins; no submission time counts as latest.
            None => {
                let key = |r: &Rankable| (r.submitted_at.is_none(), r.submitted_at);
                key(a).cmp(&key(b))
            }
        };
        if order != Ordering::Equal {
            return (order, Decided::TieBreak(position));
        }
    }
    (Ordering::Equal, Decided::Shared)
}

/// [`compare`] as rows of integers, higher better, compared in order: the score, then one
/// column per tie-break. Each decimal column is brought to one scale, a blank criterion score
/// is below any number, and an earlier submission is a higher (negated) instant, with no time
/// below every instant. Sorting on these is the same order, without decimal comparisons.
struct SortKeys {
    width: usize,
    cells: Vec<i128>,
    /// The same rows when there are at most [`SortKeys::NARROW`] columns and every value fits
    /// 64 bits (the usual case), padded with zeros: compared many times faster.
    narrow: Option<Vec<[i64; SortKeys::NARROW]>>,
}

impl SortKeys {
    /// `None` when some value does not fit a machine integer at its column's scale.
    fn of(items: &[Rankable], chain: &[ResolvedTieBreak]) -> Option<SortKeys> {
        let width = 1 + chain.len();
        let criterion = |r: &Rankable, c: usize| r.criteria.get(c).copied().flatten();
        let scales: Vec<u32> = std::iter::once(items.iter().map(|r| r.score.scale()).max())
            .chain(chain.iter().map(|link| {
                link.criterion.and_then(|c| {
                    items
                        .iter()
                        .filter_map(|r| criterion(r, c).map(|v| v.scale()))
                        .max()
                })
            }))
            .map(Option::unwrap_or_default)
            .collect();
        let at = tally::units_at;
        let mut cells = Vec::with_capacity(items.len() * width);
        for r in items {
            cells.push(at(r.score, scales[0])?);
            for (link, &scale) in chain.iter().zip(&scales[1..]) {
                cells.push(match link.criterion {
                    Some(c) => match criterion(r, c) {
                        Some(v) => at(v, scale)?,
                        None => i128::MIN,
                    },
                    None => r.submitted_at.map_or(i128::MIN, |t| {
                        -(i128::from(t.timestamp()) * 1_000_000_000
                            + i128::from(t.timestamp_subsec_nanos()))
                    }),
                });
            }
        }
        let narrow = (width <= Self::NARROW)
            .then(|| {
                cells
                    .chunks_exact(width)
                    .map(|row| {
                        let mut narrow = [0i64; Self::NARROW];
                        for (to, &from) in narrow.iter_mut().zip(row) {
                            *to = i64::try_from(from).ok()?;
                        }
                        Some(narrow)
                    })
                    .collect::<Option<Vec<_>>>()
            })
            .flatten();
        Some(SortKeys {
            width,
            cells,
            narrow,
        })
    }

    const NARROW: usize = 4;

    fn row(&self, i: usize) -> &[i128] {
        &self.cells[i * self.width..(i + 1) * self.width]
    }

    /// Rows `a` and `b` compared, higher first.
    fn order(&self, a: usize, b: usize) -> Ordering {
        match &self.narrow {
            Some(rows) => rows[b].cmp(&rows[a]),
            None => self.row(b).cmp(self.row(a)),
        }
    }

    /// What set rows `a` and `b` apart: the first column where they differ.
    fn decided(&self, a: usize, b: usize) -> Decided {
        let first = match &self.narrow {
            // Padding columns are zero in every row, so never differ.
            Some(rows) => (0..self.width).find(|&c| rows[a][c] != rows[b][c]),
            None => {
                let (a, b) = (self.row(a), self.row(b));
                (0..a.len()).find(|&c| a[c] != b[c])
            }
        };
        match first {
            Some(0) => Decided::Score,
            Some(c) => Decided::TieBreak(c - 1),
            None => Decided::Shared,
        }
    }
}

/// Ranks `items`; returns their indices in display order (entries sharing a rank by code),
/// each with its placing.
pub fn rank(items: &[Rankable], chain: &[ResolvedTieBreak]) -> Vec<(usize, Placing)> {
    let all: Vec<usize> = (0..items.len()).collect();
    let rules: Vec<TieBreak> = chain.iter().map(|link| link.rule.clone()).collect();
    Ranker::new(items, chain)
        .rank(&all)
        .into_iter()
        .map(|(i, place)| (i, place.resolve(|k| items[k].code, &rules)))
        .collect()
}

/// Ranks several scopes (the round, each category) of one list of items, converting each
/// item's sort key once.
pub struct Ranker<'a> {
    items: &'a [Rankable<'a>],
    chain: &'a [ResolvedTieBreak],
    keys: Option<SortKeys>,
    /// The items are in ascending code order (as a round's entries are), so that between two
    /// of them the earlier code is the lower index.
    in_code_order: bool,
}

impl<'a> Ranker<'a> {
    pub fn new(items: &'a [Rankable<'a>], chain: &'a [ResolvedTieBreak]) -> Ranker<'a> {
        Ranker {
            items,
            chain,
            keys: SortKeys::of(items, chain),
            in_code_order: items.windows(2).all(|pair| pair[0].code < pair[1].code),
        }
    }

    /// Ranks `members` (indices into the items) among themselves; returns them in display
    /// order (entries sharing a rank by code), each with its place (neighbours as item indices).
    pub fn rank(&self, members: &[usize]) -> Vec<(usize, Place)> {
        let items = self.items;
        if self.in_code_order
            && let Some(rows) = self.keys.as_ref().and_then(|k| k.narrow.as_ref())
        {
            // Each member's row beside its index, sorted where they lie: higher rows first,
            // then the earlier code, which is the lower index.
            let mut keyed: Vec<([i64; SortKeys::NARROW], usize)> =
                members.iter().map(|&i| (rows[i], i)).collect();
            keyed.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let order: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
            return self.place_in_order(&order);
        }
        let mut order = members.to_vec();
        match &self.keys {
            Some(keys) => order.sort_unstable_by(|&a, &b| {
                keys.order(a, b)
                    .then_with(|| items[a].code.cmp(items[b].code))
            }),
            None => order.sort_unstable_by(|&a, &b| {
                compare(&items[a], &items[b], self.chain)
                    .0
                    .then_with(|| items[a].code.cmp(items[b].code))
            }),
        }
        self.place_in_order(&order)
    }

    /// The places of `order`, members already in display order: a scope within one already
    /// ranked (a category within the round) keeps the order the larger one gave its members,
    /// since the same rules compare them, so it is placed without sorting again.
    pub(crate) fn place_in_order(&self, order: &[usize]) -> Vec<(usize, Place)> {
        let items = self.items;
        let links: Vec<Decided> = order
            .windows(2)
            .map(|pair| match &self.keys {
                Some(keys) => keys.decided(pair[0], pair[1]),
                None => compare(&items[pair[0]], &items[pair[1]], self.chain).1,
            })
            .collect();
        let mut ranked = Vec::with_capacity(order.len());
        let mut rank = 1u32;
        for (position, &index) in order.iter().enumerate() {
            let adjacent = |at: usize, link: usize| Adjacent {
                index: order[at],
                decided: links[link],
            };
            let above = position.checked_sub(1).map(|p| adjacent(p, p));
            if above.is_some_and(|a| a.decided != Decided::Shared) {
                rank = position as u32 + 1;
            }
            let below = (position + 1 < order.len()).then(|| adjacent(position + 1, position));
            ranked.push((index, Place { rank, above, below }));
        }
        ranked
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn item<'a>(code: &'a str, score: Decimal, criteria: &'a [Option<Decimal>]) -> Rankable<'a> {
        Rankable {
            code,
            score,
            criteria,
            submitted_at: None,
        }
    }

    fn ranks(ranked: &[(usize, Placing)], items: &[Rankable]) -> Vec<(String, u32)> {
        ranked
            .iter()
            .map(|(i, p)| (items[*i].code.to_owned(), p.rank))
            .collect()
    }

    #[test]
    fn equal_scores_share_a_rank_and_the_next_rank_skips() {
        let none: [Option<Decimal>; 0] = [];
        let items = [
            item("E4", dec!(70), &none),
            item("E3", dec!(80), &none),
            item("E1", dec!(90), &none),
            item("E2", dec!(80), &none),
        ];
        let ranked = rank(&items, &[]);
        let expected = [("E1", 1), ("E2", 2), ("E3", 2), ("E4", 4)];
        assert_eq!(
            ranks(&ranked, &items),
            expected.map(|(c, r)| (c.to_owned(), r)).to_vec()
        );
        let by = |n: &Option<Neighbour>| {
            n.as_ref()
                .map(|n| (n.code.to_string(), n.decided_by.clone()))
        };
        assert_eq!(
            by(&ranked[1].1.below),
            Some(("E3".into(), DecidedBy::Shared))
        );
        assert_eq!(
            by(&ranked[3].1.above),
            Some(("E3".into(), DecidedBy::Score))
        );
    }

    #[test]
    fn a_tie_is_broken_by_the_second_criterion_when_the_first_is_equal() {
        let a = [Some(dec!(30)), Some(dec!(20))];
        let b = [Some(dec!(30)), Some(dec!(25))];
        let items = [item("A", dec!(80), &a), item("B", dec!(80), &b)];
        let chain = [
            ResolvedTieBreak {
                rule: TieBreak::Criterion("novelty".into()),
                criterion: Some(0),
            },
            ResolvedTieBreak {
                rule: TieBreak::Criterion("feasibility".into()),
                criterion: Some(1),
            },
        ];
        let ranked = rank(&items, &chain);
        let expected = [("B", 1), ("A", 2)];
        assert_eq!(
            ranks(&ranked, &items),
            expected.map(|(c, r)| (c.to_owned(), r)).to_vec()
        );
        let decided = DecidedBy::TieBreak(TieBreak::Criterion("feasibility".into()));
        let by = |n: &Option<Neighbour>| n.as_ref().map(|n| n.decided_by.clone());
        assert_eq!(by(&ranked[0].1.below), Some(decided.clone()));
        assert_eq!(by(&ranked[1].1.above), Some(decided));
    }

    #[test]
    fn scores_beyond_machine_integers_are_ranked_by_decimal_comparison() {
        let none: [Option<Decimal>; 0] = [];
        // At 28 places the largest decimal does not fit an i128: no integer sort keys.
        let items = [
            item("SMALL", dec!(0.0000000000000000000000000001), &none),
            item("HUGE", Decimal::MAX, &none),
            item("ALSO", Decimal::MAX, &none),
        ];
        assert!(SortKeys::of(&items, &[]).is_none());
        let ranked = rank(&items, &[]);
        let expected = [("ALSO", 1), ("HUGE", 1), ("SMALL", 3)];
        assert_eq!(
            ranks(&ranked, &items),
            expected.map(|(c, r)| (c.to_owned(), r)).to_vec()
        );
        assert_eq!(
            ranked[0].1.below.as_ref().map(|n| n.decided_by.clone()),
            Some(DecidedBy::Shared)
        );
    }

    #[test]
    fn an_empty_criterion_score_ranks_below_any_number_and_no_time_counts_as_latest() {
        let scored = [Some(dec!(0))];
        let blank = [None];
        let mut early = item("Z", dec!(50), &blank);
        early.submitted_at = DateTime::from_timestamp(1_700_000_000, 0);
        let items = [
            item("A", dec!(50), &blank),
            item("B", dec!(50), &scored),
            early,
        ];
        let chain = [
            ResolvedTieBreak {
                rule: TieBreak::Criterion("team".into()),
                criterion: Some(0),
            },
            ResolvedTieBreak {
                rule: TieBreak::EarlierSubmission,
                criterion: None,
            },
        ];
        let expected = [("B", 1), ("Z", 2), ("A", 3)];
        assert_eq!(
            ranks(&rank(&items, &chain), &items),
            expected.map(|(c, r)| (c.to_owned(), r)).to_vec()
        );
    }

    #[test]
    fn items_in_code_order_rank_as_the_same_items_in_any_order() {
        let criteria: Vec<[Option<Decimal>; 1]> = (0..60)
            .map(|i| [(i % 4 != 0).then(|| Decimal::from(i % 3))])
            .collect();
        let codes: Vec<String> = (0..60).map(|i| format!("E{i:02}")).collect();
        let items: Vec<Rankable> = (0..60)
            .map(|i| item(&codes[i], Decimal::new((i % 7) as i64 * 5, 1), &criteria[i]))
            .collect();
        let chain = [ResolvedTieBreak {
            rule: TieBreak::Criterion("team".into()),
            criterion: Some(0),
        }];
        // The same items listed backwards: not in code order, so sorted by their codes.
        let backwards: Vec<Rankable> = items.iter().rev().copied().collect();
        let placed = |items: &[Rankable]| -> Vec<(String, Placing)> {
            rank(items, &chain)
                .into_iter()
                .map(|(i, placing)| (items[i].code.to_owned(), placing))
                .collect()
        };
        assert!(Ranker::new(&items, &chain).in_code_order);
        assert!(!Ranker::new(&backwards, &chain).in_code_order);
        assert_eq!(placed(&items), placed(&backwards));
    }
}
