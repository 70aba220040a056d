//! Ranking (SCORING.md §6, §11): score, then the tie-break chain; equal entries share a rank
//! and the next rank skips (1, 2, 2, 4).

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::settings::TieBreak;

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

/// An entry's place within one scope (the round, or one category).
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
fn compare(a: &Rankable, b: &Rankable, chain: &[ResolvedTieBreak]) -> (Ordering, DecidedBy) {
    let by_score = b.score.cmp(&a.score);
    if by_score != Ordering::Equal {
        return (by_score, DecidedBy::Score);
    }
    for link in chain {
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
            return (order, DecidedBy::TieBreak(link.rule.clone()));
        }
    }
    (Ordering::Equal, DecidedBy::Shared)
}

/// Ranks `items`; returns their indices in display order (entries sharing a rank by code),
/// each with its placing.
pub fn rank(items: &[Rankable], chain: &[ResolvedTieBreak]) -> Vec<(usize, Placing)> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        compare(&items[a], &items[b], chain)
            .0
            .then_with(|| items[a].code.cmp(items[b].code))
    });
    let links: Vec<DecidedBy> = order
        .windows(2)
        .map(|pair| compare(&items[pair[0]], &items[pair[1]], chain).1)
        .collect();
    let mut ranked = Vec::with_capacity(order.len());
    let mut rank = 1u32;
    for (position, &index) in order.iter().enumerate() {
        let neighbour = |at: usize, link: usize| Neighbour {
            code: items[order[at]].code.to_owned(),
            decided_by: links[link].clone(),
        };
        let above = position.checked_sub(1).map(|p| neighbour(p, p));
        if above
            .as_ref()
            .is_some_and(|n| n.decided_by != DecidedBy::Shared)
        {
            rank = position as u32 + 1;
        }
        let below = (position + 1 < order.len()).then(|| neighbour(position + 1, position));
        ranked.push((index, Placing { rank, above, below }));
    }
    ranked
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
        let by = |n: &Option<Neighbour>| n.as_ref().map(|n| (n.code.clone(), n.decided_by.clone()));
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
}
