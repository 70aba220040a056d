//! The explanation of one entry's result (SCORING.md §6: every rank can be explained), as data:
//! which rule decided, with its figures. The app puts it into words (`app::words`), as text
//! for the CLI and as structured HTML on pages.
//!
//! Figures are carried at the scale a person reads them: scores at the round's precision
//! (`72.00`), the sheet's distance from the mean to 4 places, and every other figure as
//! written (`70`, not `70.0000`). The words layer only chooses the decimal separator.

use rust_decimal::Decimal;

use crate::advancement::{Advancement, Exclusion, Verdict};
use crate::discrepancy::{Flag, RelativeExcess, SpreadExcess};
use crate::localized::Localized;
use crate::points::at_precision;
use crate::prizes::{NoPrize, PrizeAward, PrizeVerdict};
use crate::ranking::Placing;
use crate::round::{EntryStatus, RoundOutcome};
use crate::rubric::Rubric;
use crate::scoring::Dropped;
use crate::settings::{Aggregate, RoundSettings};

/// The places shown for a sheet's distance from the mean (§5): enough to see why it flags.
const RELATIVE_PLACES: u32 = 4;

/// Everything said about one entry, section by section, in the order the CLI prints them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub code: String,
    /// `None`: the entry has no category.
    pub category: Option<String>,
    pub title: Option<String>,
    pub status: EntryStatus,
    /// The counted sheets (§2), ordered by judge.
    pub sheets: Vec<SheetLine>,
    /// §3 `min_sheets`: fewer counted sheets leave the entry incomplete.
    pub min_sheets: u32,
    pub aggregate: Aggregate,
    /// §3: a `trimmed_mean` over `n ≤ 2 × trim` sheets used the plain mean.
    pub fell_back_to_mean: bool,
    /// §3: the score at the round's precision; `None` without counted sheets.
    pub score: Option<Decimal>,
    /// §4: the plain mean of the raw totals, shown beside a calibrated score.
    pub raw_score: Option<Decimal>,
    /// §3, §11: each criterion's score in rubric order, at the round's precision.
    pub criteria: Vec<CriterionScore>,
    /// §5: the discrepancy flag, if any.
    pub discrepancy: Option<Flag>,
    /// §6: the rank in the round.
    pub rank: Option<Placing>,
    /// §6, §11: the rank in the entry's category.
    pub category_rank: Option<Placing>,
    /// §7: rounds that are not final.
    pub advancement: Option<Advancement>,
    /// §8: final rounds with prizes.
    pub prize: Option<PrizeExplanation>,
}

/// One counted sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetLine {
    pub judge: String,
    /// §1: `Σ weight × score`.
    pub total: Decimal,
    /// §4: the calibrated total, in `normalized_mean` rounds.
    pub calibrated: Option<Calibrated>,
    /// §3: dropped by `trimmed_mean`.
    pub dropped: Option<Dropped>,
}

/// A calibrated total and how far calibration moved it (`total − raw total`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calibrated {
    pub total: Decimal,
    pub change: Decimal,
}

/// One criterion's score, named as the rubric names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionScore {
    pub key: String,
    /// The organiser's name for it; empty when the rubric gives only the key.
    pub name: Localized,
    /// `None` when no counted sheet scored it.
    pub score: Option<Decimal>,
}

/// §8: the prize the rules give, and the committee's choice in a tie across a boundary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrizeExplanation {
    pub by_rules: PrizeReason,
    pub committee: Option<ChosenPrize>,
}

/// A prize of the round by its name; `None` stands for no prize.
pub type PrizeName = Option<Localized>;

/// Why the rules give an entry a prize, or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrizeReason {
    /// `shared`: the entry's tied group crossed the prize's boundary and all got this prize.
    Awarded {
        prize: PrizeName,
        shared: bool,
    },
    /// A tied group spans these places; the committee chooses.
    CommitteeDecides {
        options: Vec<PrizeOption>,
    },
    Disqualified,
    Incomplete,
    /// Every prize went to entries ranked above.
    NoneLeft,
    /// The prizes left ask for more than its score; `prize` is the first of them.
    BelowMinScore {
        prize: PrizeName,
        min_score: Decimal,
    },
}

/// Places of one prize (or of no prize) open to a tied group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrizeOption {
    pub prize: PrizeName,
    pub places: u32,
}

/// The committee's choice for an entry of a tie across a prize boundary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChosenPrize {
    pub prize: PrizeName,
    pub reason: String,
}

/// The explanation of entry `code`, or `None` when the round has no such entry.
pub fn explain(
    outcome: &RoundOutcome,
    rubric: &Rubric,
    settings: &RoundSettings,
    code: &str,
) -> Option<Explanation> {
    let r = outcome.entry(code)?;
    let p = outcome.precision;
    let shown = |d: Decimal| at_precision(d, p);
    let sheets = r
        .scoring
        .sheets
        .iter()
        .map(|s| SheetLine {
            judge: s.judge.to_string(),
            total: s.total.normalize(),
            calibrated: s.calibrated.map(|c| Calibrated {
                total: c.normalize(),
                change: (c - s.total).normalize(),
            }),
            dropped: s.dropped,
        })
        .collect();
    let criteria = rubric
        .criteria()
        .iter()
        .zip(&r.scoring.criteria)
        .map(|(c, score)| CriterionScore {
            key: c.key.clone(),
            name: c.name.clone(),
            score: score.map(shown),
        })
        .collect();
    Some(Explanation {
        code: r.entry.code.clone(),
        category: r.entry.category.clone(),
        title: r.entry.title.clone(),
        status: r.status,
        sheets,
        min_sheets: settings.min_sheets(),
        aggregate: settings.aggregate(),
        fell_back_to_mean: r.scoring.fell_back_to_mean,
        score: r.scoring.score.map(shown),
        raw_score: r
            .scoring
            .raw_mean
            .filter(|_| outcome.calibration.is_some())
            .map(shown),
        criteria,
        discrepancy: r.flag.as_ref().map(shown_flag),
        rank: r.rank.map(|p| outcome.placing(&p, &settings.tie_breaks)),
        category_rank: r
            .category_rank
            .map(|p| outcome.placing(&p, &settings.tie_breaks)),
        advancement: r.advancement.as_ref().map(shown_advancement),
        prize: r.prize.as_ref().and_then(|award| prize(award, settings)),
    })
}

/// The flag with its figures as shown: totals and limits as written, the mean and the ratio
/// to [`RELATIVE_PLACES`].
fn shown_flag(flag: &Flag) -> Flag {
    Flag {
        spread: flag.spread.as_ref().map(|s| SpreadExcess {
            spread: s.spread.normalize(),
            limit: s.limit.normalize(),
        }),
        relative: flag.relative.as_ref().map(|r| RelativeExcess {
            judge: r.judge.clone(),
            total: r.total.normalize(),
            mean: at_precision(r.mean, RELATIVE_PLACES),
            ratio: r.ratio.map(|x| at_precision(x, RELATIVE_PLACES)),
            limit: r.limit.normalize(),
        }),
        accepted: flag.accepted.clone(),
    }
}

/// The advancement with a refused score and its minimum as written (`45 < 50`).
fn shown_advancement(a: &Advancement) -> Advancement {
    let by_rules = match &a.by_rules {
        Verdict::DoesNotAdvance(Exclusion::BelowMinScore { score, min_score }) => {
            Verdict::DoesNotAdvance(Exclusion::BelowMinScore {
                score: score.normalize(),
                min_score: min_score.normalize(),
            })
        }
        other => other.clone(),
    };
    Advancement {
        by_rules,
        committee: a.committee.clone(),
    }
}

/// The prize section, with the round's prizes named; `None` in a round without prizes.
fn prize(award: &PrizeAward, settings: &RoundSettings) -> Option<PrizeExplanation> {
    let list = &settings.prizes.as_ref()?.list;
    let name = |i: usize| list.get(i).map(|p| p.name.clone());
    let by_rules = match &award.by_rules {
        PrizeVerdict::Awarded { prize, shared } => PrizeReason::Awarded {
            prize: name(*prize),
            shared: *shared,
        },
        PrizeVerdict::CommitteeDecides { options } => PrizeReason::CommitteeDecides {
            options: options
                .iter()
                .map(|o| PrizeOption {
                    prize: o.prize.and_then(name),
                    places: o.places,
                })
                .collect(),
        },
        PrizeVerdict::NotAwarded(NoPrize::Disqualified) => PrizeReason::Disqualified,
        PrizeVerdict::NotAwarded(NoPrize::Incomplete) => PrizeReason::Incomplete,
        PrizeVerdict::NotAwarded(NoPrize::NoneLeft) => PrizeReason::NoneLeft,
        PrizeVerdict::NotAwarded(NoPrize::BelowMinScore { prize, min_score }) => {
            PrizeReason::BelowMinScore {
                prize: name(*prize),
                min_score: min_score.normalize(),
            }
        }
    };
    // The committee names a prize by its position in the list, from 1.
    let committee = award.committee.as_ref().map(|choice| ChosenPrize {
        prize: choice
            .prize
            .and_then(|p| (p as usize).checked_sub(1))
            .and_then(name),
        reason: choice.reason.clone(),
    });
    Some(PrizeExplanation {
        by_rules,
        committee,
    })
}
