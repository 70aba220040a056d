//! An entry's score in a round (SCORING.md §3), with §4 calibration when the round uses
//! `normalized_mean`.

use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::aggregate::{aggregate, trimmed_mean_of_sorted};
use crate::calibration::{Affine, Bounds, JudgeCalibration, Spread};
use crate::points::at_precision;
use crate::round::{Counted, Grouped};
use crate::rubric::Rubric;
use crate::settings::{Aggregate, RoundSettings};
use crate::tally::{self, Sum, mean_at};

/// A counted sheet as the explanation shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountedSheet {
    pub judge: Arc<str>,
    /// §1: `Σ weight × score`.
    pub total: Decimal,
    /// §4: the calibrated total, in `normalized_mean` rounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calibrated: Option<Decimal>,
    /// §3: dropped by `trimmed_mean`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dropped: Option<Dropped>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dropped {
    Lowest,
    Highest,
}

/// An entry's §3 score and what it was made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryScore {
    /// Counted sheets, ordered by judge.
    pub sheets: Vec<CountedSheet>,
    /// §3: `n ≥ min_sheets`; an incomplete entry is listed but not ranked, advanced or awarded.
    pub complete: bool,
    /// §3: the aggregate rounded half away from zero at the round's precision, carrying exactly
    /// that many decimals; what ranks.
    pub score: Option<Decimal>,
    /// The plain mean of the raw totals, rounded the same way (shown beside a calibrated score).
    pub raw_mean: Option<Decimal>,
    /// §3: `trimmed_mean` with `n ≤ 2k` fell back to the mean.
    pub fell_back_to_mean: bool,
    /// §3, §11: per-criterion scores in rubric order, rounded like the score; `None` when no
    /// sheet scored it.
    pub criteria: Vec<Option<Decimal>>,
}

/// §4's round-wide figures and each judge's, in `normalized_mean` rounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalibrationReport {
    pub round: Spread,
    /// Ordered by judge.
    pub judges: Vec<JudgeCalibration>,
}

pub(crate) struct Scored {
    pub entries: Vec<EntryScore>,
    pub calibration: Option<CalibrationReport>,
}

/// Scores every entry from its counted sheets.
pub(crate) fn score_round(rubric: &Rubric, settings: &RoundSettings, grouped: &Grouped) -> Scored {
    let kind = settings.aggregate();
    // Every counted sheet's total, aligned with `grouped.all()`.
    let (weighted, totals) = match Weighted::of(rubric, settings, grouped) {
        Some((weighted, totals)) => (Some(weighted), totals),
        None => (
            None,
            grouped
                .all()
                .iter()
                .map(|c| c.sheet.total(rubric))
                .collect(),
        ),
    };
    let calibration = (kind == Aggregate::NormalizedMean)
        .then(|| calibrate_round(grouped, &totals))
        .flatten();
    let calibrated: Option<Vec<Decimal>> = calibration.as_ref().map(|report| {
        let bounds = Bounds::new((rubric.min_total(), rubric.max_total()));
        let maps: Vec<Affine> = report.judges.iter().map(|j| j.map(&report.round)).collect();
        grouped
            .all()
            .iter()
            .zip(&totals)
            .map(|(c, &t)| maps[c.judge].apply_within(t, &bounds))
            .collect()
    });
    let entries = (0..grouped.entries())
        .map(|i| {
            let range = grouped.range(i);
            let criteria = criterion_scores(
                rubric,
                settings,
                weighted.as_ref().and_then(|w| w.of_entry(i)),
                grouped.of_entry(i),
            );
            score_entry(
                settings,
                &grouped.judges,
                grouped.of_entry(i),
                &totals[range.clone()],
                calibrated.as_ref().map(|c| &c[range]),
                criteria,
            )
        })
        .collect();
    Scored {
        entries,
        calibration,
    }
}

/// §4, §11: each judge's spread over all their counted sheets, incomplete entries included,
/// and one round-wide spread. Judges are reported in their numbers' (name) order.
fn calibrate_round(grouped: &Grouped, totals: &[Decimal]) -> Option<CalibrationReport> {
    let round = Spread::of(totals)?;
    // Each judge's totals, side by side (a counting sort by judge, keeping the entries' order).
    let mut starts = vec![0; grouped.judges.len() + 1];
    for c in grouped.all() {
        starts[c.judge + 1] += 1;
    }
    for j in 0..grouped.judges.len() {
        starts[j + 1] += starts[j];
    }
    let mut next = starts.clone();
    let mut by_judge = vec![Decimal::ZERO; totals.len()];
    for (c, &t) in grouped.all().iter().zip(totals) {
        by_judge[next[c.judge]] = t;
        next[c.judge] += 1;
    }
    let judges = grouped
        .judges
        .iter()
        .enumerate()
        .filter_map(|(j, name)| JudgeCalibration::new(name, &by_judge[starts[j]..starts[j + 1]]))
        .collect();
    Some(CalibrationReport { round, judges })
}

fn score_entry(
    settings: &RoundSettings,
    judges: &[Arc<str>],
    sheets: &[Counted],
    totals: &[Decimal],
    calibrated: Option<&[Decimal]>,
    criteria: Vec<Option<Decimal>>,
) -> EntryScore {
    let kind = settings.aggregate();
    let places = settings.precision;
    // Already ordered by judge.
    let mut counted: Vec<CountedSheet> = sheets
        .iter()
        .enumerate()
        .map(|(i, c)| CountedSheet {
            judge: judges[c.judge].clone(),
            total: totals[i],
            calibrated: calibrated.map(|c| c[i]),
            dropped: None,
        })
        .collect();
    let raw_mean = mean_at(totals, places);
    let (score, fell_back_to_mean) = match kind {
        Aggregate::NormalizedMean => (calibrated.and_then(|c| mean_at(c, places)), false),
        Aggregate::Mean => (raw_mean, false),
        Aggregate::TrimmedMean { trim } => {
            let result = trimmed(&mut counted, trim, places);
            counted.sort_unstable_by(|a, b| a.judge.cmp(&b.judge));
            result
        }
        Aggregate::Median => (
            aggregate(kind, totals).map(|a| at_precision(a.value, places)),
            false,
        ),
    };
    EntryScore {
        complete: sheets.len() >= settings.min_sheets() as usize,
        sheets: counted,
        score,
        raw_mean,
        fell_back_to_mean,
        criteria,
    }
}

/// §3, §4, §11: an entry's per-criterion scores in rubric order, each the round's aggregate of
/// the weighted scores of the sheets that scored it (the plain mean in calibrated rounds),
/// rounded like the score; `means` are those summed in integers, where they could be.
fn criterion_scores(
    rubric: &Rubric,
    settings: &RoundSettings,
    means: Option<&[Option<Option<Decimal>>]>,
    sheets: &[Counted],
) -> Vec<Option<Decimal>> {
    let kind = settings.aggregate();
    let places = settings.precision;
    rubric
        .criteria()
        .iter()
        .enumerate()
        .map(|(c, criterion)| {
            means.and_then(|m| m[c]).unwrap_or_else(|| {
                let values: Vec<Decimal> = sheets
                    .iter()
                    .filter_map(|s| s.sheet.scores()[c].map(|v| v * criterion.weight.value()))
                    .collect();
                aggregate(kind, &values).map(|a| at_precision(a.value, places))
            })
        })
        .collect()
}

/// What the sheets' weighted scores (`weight × score`, §1) give as exact integers: each
/// criterion's are counted in units of one scale (the largest of its products' scales), so
/// that a sheet's total and a criterion's mean over an entry's sheets are integer sums. Kept:
/// in `mean` and `normalized_mean` rounds, each entry's per-criterion means (§3, §4: plain
/// means), rounded; the weighted scores themselves are not kept.
struct Weighted {
    width: usize,
    /// Entry after entry, one per criterion: `None` where the sum does not fit a machine
    /// integer (the caller then takes that mean in `Decimal`), `Some(None)` where no sheet
    /// scored the criterion.
    means: Option<Vec<Option<Option<Decimal>>>>,
}

impl Weighted {
    /// The per-criterion means, and every sheet's total (§1) as a decimal at the largest scale
    /// of its scored columns, aligned with [`Grouped::all`]. `None` when some product does not
    /// fit a machine integer: the caller works in `Decimal`.
    fn of(
        rubric: &Rubric,
        settings: &RoundSettings,
        grouped: &Grouped,
    ) -> Option<(Weighted, Vec<Decimal>)> {
        let weights: Vec<Decimal> = rubric.criteria().iter().map(|c| c.weight.value()).collect();
        let width = weights.len();
        let places = settings.precision;
        // A column's scale is the largest of its products' scales (a product's is the sum of
        // its factors'), and never below its weight's. The sheets' scores lie scattered in
        // memory: this first pass only reads them, in a loop short enough for the processor to
        // fetch many sheets at once, and leaves them in cache for the second.
        let mut scales: Vec<u32> = weights.iter().map(|w| w.scale()).collect();
        for c in grouped.all() {
            for ((scale, w), score) in scales.iter_mut().zip(&weights).zip(c.scores) {
                if let Some(v) = score {
                    *scale = (*scale).max(w.scale() + v.scale());
                }
            }
        }
        let mut means = matches!(
            settings.aggregate(),
            Aggregate::Mean | Aggregate::NormalizedMean
        )
        .then(|| Vec::with_capacity(grouped.entries() * width));
        let mut totals = Vec::with_capacity(grouped.all().len());
        // Each column's sum over one entry's sheets: `None` once it overflows.
        let mut sums: Vec<(Option<i128>, u32)> = vec![(Some(0), 0); width];
        for i in 0..grouped.entries() {
            sums.fill((Some(0), 0));
            for counted in grouped.of_entry(i) {
                let mut total = Some(Sum::default());
                let scores = counted.scores;
                for (((&scale, w), score), (sum, count)) in
                    scales.iter().zip(&weights).zip(scores).zip(&mut sums)
                {
                    if let Some(v) = score {
                        let units = tally::product_at(*v, *w, scale)?;
                        total = total.and_then(|mut t| t.add(units, scale).map(|()| t));
                        *sum = sum.and_then(|s| s.checked_add(units));
                        *count += 1;
                    }
                }
                // A total beyond machine integers is summed in `Decimal`, as the sheet sums it.
                totals.push(
                    total
                        .and_then(|t| t.total())
                        .unwrap_or_else(|| counted.sheet.total(rubric)),
                );
            }
            if let Some(means) = &mut means {
                // Every term of a column is at its scale, so its sum is a plain integer sum.
                means.extend(sums.iter().zip(&scales).map(|(&(sum, count), &scale)| {
                    sum.and_then(|units| Sum::of_units(units, scale, count).mean_at(places))
                }));
            }
        }
        Some((Weighted { width, means }, totals))
    }

    /// Entry `i`'s per-criterion means, when the round takes means.
    fn of_entry(&self, i: usize) -> Option<&[Option<Option<Decimal>>]> {
        let means = self.means.as_ref()?;
        Some(&means[i * self.width..(i + 1) * self.width])
    }
}

/// §3: marks the `trim` lowest and highest totals as dropped (ties between equal totals are
/// settled by judge, so the explanation is stable) and returns the trimmed mean.
fn trimmed(counted: &mut [CountedSheet], trim: u32, places: u32) -> (Option<Decimal>, bool) {
    counted.sort_unstable_by(|a, b| a.total.cmp(&b.total).then_with(|| a.judge.cmp(&b.judge)));
    let sorted: Vec<Decimal> = counted.iter().map(|s| s.total).collect();
    let Some(result) = trimmed_mean_of_sorted(&sorted, trim) else {
        return (None, false);
    };
    let k = trim as usize;
    let n = counted.len();
    if n > 2 * k {
        for sheet in &mut counted[..k] {
            sheet.dropped = Some(Dropped::Lowest);
        }
        for sheet in &mut counted[n - k..] {
            sheet.dropped = Some(Dropped::Highest);
        }
    }
    (
        Some(at_precision(result.value, places)),
        result.fell_back_to_mean,
    )
}
