//! Prizes in the final round (SCORING.md §8, §11).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::committee::PrizeChoice;
use crate::settings::{BoundaryPolicy, PrizeRule};

/// An entry's prize: what the rules give, and the committee's choice where they leave one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrizeAward {
    pub by_rules: PrizeVerdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub committee: Option<PrizeChoice>,
}

impl PrizeAward {
    /// The prize (index in the round's list) or no prize; `None` while the committee decides.
    pub fn prize(&self) -> Option<Option<usize>> {
        match (&self.by_rules, &self.committee) {
            (PrizeVerdict::Awarded { prize, .. }, _) => Some(Some(*prize)),
            (PrizeVerdict::NotAwarded(_), _) => Some(None),
            (PrizeVerdict::CommitteeDecides { .. }, Some(choice)) => {
                Some(choice.prize.and_then(|p| (p as usize).checked_sub(1)))
            }
            (PrizeVerdict::CommitteeDecides { .. }, None) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "verdict")]
pub enum PrizeVerdict {
    /// `shared`: the entry's tied group crossed the prize's boundary and, under `share`, all of
    /// it got the higher prize.
    Awarded {
        prize: usize,
        shared: bool,
    },
    /// §8 `committee_decides`: a tied group spans these places; publication waits.
    CommitteeDecides {
        options: Vec<PrizePlaces>,
    },
    NotAwarded(NoPrize),
}

/// Places of one prize (or of no prize, `prize = None`, past the end of the list) that a tied
/// group spans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrizePlaces {
    pub prize: Option<usize>,
    pub places: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum NoPrize {
    Disqualified,
    Incomplete,
    /// The prizes left all ask for more than its score (§11).
    BelowMinScore {
        prize: usize,
        min_score: Decimal,
    },
    /// Every prize was given to entries ranked above it.
    NoneLeft,
}

/// What §8 looks at for one entry: its scope (the round, or its category), its rank there
/// and its rounded score, or why it cannot win (incomplete or disqualified).
pub struct Contestant {
    pub scope: usize,
    pub standing: Result<(u32, Decimal), NoPrize>,
}

/// §8: the rules' verdict for each contestant.
pub fn award(rule: &PrizeRule, all: &[Contestant]) -> Vec<PrizeVerdict> {
    let mut verdicts: Vec<PrizeVerdict> = all
        .iter()
        .map(|c| match &c.standing {
            Err(reason) => PrizeVerdict::NotAwarded(reason.clone()),
            Ok(_) => PrizeVerdict::NotAwarded(NoPrize::NoneLeft),
        })
        .collect();
    let mut scopes: BTreeMap<usize, BTreeMap<u32, (Decimal, Vec<usize>)>> = BTreeMap::new();
    for (i, c) in all.iter().enumerate() {
        if let Ok((rank, score)) = c.standing {
            let group = scopes.entry(c.scope).or_default().entry(rank).or_default();
            group.0 = score;
            group.1.push(i);
        }
    }
    for groups in scopes.values() {
        let mut ladder = Ladder::new(rule);
        for (score, members) in groups.values() {
            let verdict = ladder.place(*score, members.len() as u32);
            for &i in members {
                verdicts[i] = verdict.clone();
            }
        }
    }
    verdicts
}

/// Walks down the prize list as tied groups take their places.
struct Ladder<'a> {
    rule: &'a PrizeRule,
    prize: usize,
    left: u32,
    /// The last prize left unawarded for its `min_score`; every lower group misses it too.
    missed: Option<NoPrize>,
}

impl<'a> Ladder<'a> {
    fn new(rule: &'a PrizeRule) -> Self {
        let left = rule.list.first().map_or(0, |p| p.count);
        Ladder {
            rule,
            prize: 0,
            left,
            missed: None,
        }
    }

    fn next_prize(&mut self) {
        self.prize += 1;
        self.left = self.rule.list.get(self.prize).map_or(0, |p| p.count);
    }

    /// §11: a prize whose `min_score` the group misses stays unawarded; later ones are tried.
    fn skip_missed(&mut self, score: Decimal) {
        while let Some(prize) = self.rule.list.get(self.prize) {
            match prize.min_score {
                Some(min_score) if score < min_score => {
                    self.missed = Some(NoPrize::BelowMinScore {
                        prize: self.prize,
                        min_score,
                    });
                    self.next_prize();
                }
                _ => break,
            }
        }
    }

    fn place(&mut self, score: Decimal, size: u32) -> PrizeVerdict {
        self.skip_missed(score);
        if self.prize >= self.rule.list.len() {
            let reason = self.missed.clone().unwrap_or(NoPrize::NoneLeft);
            return PrizeVerdict::NotAwarded(reason);
        }
        let prize = self.prize;
        if size <= self.left {
            self.left -= size;
            if self.left == 0 {
                self.next_prize();
            }
            return PrizeVerdict::Awarded {
                prize,
                shared: false,
            };
        }
        match self.rule.at_boundary {
            // §11: all get the higher prize; the next prize starts after them, full count.
            BoundaryPolicy::Share => {
                self.next_prize();
                PrizeVerdict::Awarded {
                    prize,
                    shared: true,
                }
            }
            // §11: the group is offered the prizes it spans and uses up their places.
            BoundaryPolicy::CommitteeDecides => {
                let mut options = Vec::new();
                let mut places = size;
                while places > 0 {
                    self.skip_missed(score);
                    if self.prize >= self.rule.list.len() {
                        options.push(PrizePlaces {
                            prize: None,
                            places,
                        });
                        break;
                    }
                    let take = places.min(self.left);
                    options.push(PrizePlaces {
                        prize: Some(self.prize),
                        places: take,
                    });
                    places -= take;
                    self.left -= take;
                    if self.left == 0 {
                        self.next_prize();
                    }
                }
                PrizeVerdict::CommitteeDecides { options }
            }
        }
    }
}
