//! An entry's score in a round (SCORING.md §3), with §4 calibration when the round uses
//! `normalized_mean`.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::aggregate::{aggregate, mean, trimmed_mean_of_sorted};
use crate::calibration::{JudgeCalibration, Spread};
use crate::points::round_half_away;
use crate::rubric::Rubric;
use crate::settings::{Aggregate, RoundSettings};
use crate::sheet::ScoreSheet;

/// A counted sheet as the explanation shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountedSheet {
    pub judge: String,
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
    /// The aggregate before rounding.
    pub exact: Option<Decimal>,
    /// §3: the aggregate rounded half away from zero at the round's precision; what ranks.
    pub score: Option<Decimal>,
    /// The plain mean of the raw totals, rounded the same way (shown beside a calibrated score).
    pub raw_mean: Option<Decimal>,
    /// §3: `trimmed_mean` with `n ≤ 2k` fell back to the mean.
    pub fell_back_to_mean: bool,
    /// §3, §11: per-criterion scores in rubric order, rounded; `None` when no sheet scored it.
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

/// Scores every entry from its counted sheets (`by_entry[i]` holds entry `i`'s sheets).
pub(crate) fn score_round(
    rubric: &Rubric,
    settings: &RoundSettings,
    by_entry: &[Vec<&ScoreSheet>],
) -> Scored {
    let kind = settings.aggregate();
    let totals: Vec<Vec<Decimal>> = by_entry
        .iter()
        .map(|sheets| sheets.iter().map(|s| s.total(rubric)).collect())
        .collect();
    let calibration = (kind == Aggregate::NormalizedMean)
        .then(|| calibrate_round(by_entry, &totals))
        .flatten();
    let bounds = (rubric.min_total(), rubric.max_total());
    let judge_index: HashMap<&str, usize> = calibration
        .as_ref()
        .map(|c| {
            c.judges
                .iter()
                .enumerate()
                .map(|(i, j)| (j.judge.as_str(), i))
                .collect()
        })
        .unwrap_or_default();
    let entries = by_entry
        .iter()
        .zip(&totals)
        .map(|(sheets, totals)| {
            let calibrated: Option<Vec<Decimal>> = calibration.as_ref().map(|report| {
                sheets
                    .iter()
                    .zip(totals)
                    .map(|(sheet, &t)| match judge_index.get(sheet.judge()) {
                        Some(&j) => report.judges[j].calibrate(t, &report.round, bounds),
                        None => t,
                    })
                    .collect()
            });
            score_entry(rubric, settings, sheets, totals, calibrated)
        })
        .collect();
    Scored {
        entries,
        calibration,
    }
}

/// §4, §11: each judge's spread over all their counted sheets, incomplete entries included,
/// and one round-wide spread.
fn calibrate_round(
    by_entry: &[Vec<&ScoreSheet>],
    totals: &[Vec<Decimal>],
) -> Option<CalibrationReport> {
    let mut per_judge: HashMap<&str, Vec<Decimal>> = HashMap::new();
    let mut all = Vec::new();
    for (sheets, totals) in by_entry.iter().zip(totals) {
        for (sheet, &t) in sheets.iter().zip(totals) {
            per_judge.entry(sheet.judge()).or_default().push(t);
            all.push(t);
        }
    }
    let round = Spread::of(&all)?;
    let mut judges: Vec<JudgeCalibration> = per_judge
        .into_iter()
        .filter_map(|(judge, totals)| JudgeCalibration::new(judge, &totals))
        .collect();
    judges.sort_unstable_by(|a, b| a.judge.cmp(&b.judge));
    Some(CalibrationReport { round, judges })
}

fn score_entry(
    rubric: &Rubric,
    settings: &RoundSettings,
    sheets: &[&ScoreSheet],
    totals: &[Decimal],
    calibrated: Option<Vec<Decimal>>,
) -> EntryScore {
    let kind = settings.aggregate();
    let precision = settings.precision;
    let round = |d: Decimal| round_half_away(d, precision);
    let mut counted: Vec<CountedSheet> = sheets
        .iter()
        .enumerate()
        .map(|(i, sheet)| CountedSheet {
            judge: sheet.judge().to_owned(),
            total: totals[i],
            calibrated: calibrated.as_ref().map(|c| c[i]),
            dropped: None,
        })
        .collect();
    let (exact, fell_back_to_mean) = match kind {
        Aggregate::NormalizedMean => (calibrated.as_deref().and_then(mean), false),
        Aggregate::TrimmedMean { trim } => trimmed(&mut counted, trim),
        Aggregate::Mean | Aggregate::Median => match aggregate(kind, totals) {
            Some(a) => (Some(a.value), a.fell_back_to_mean),
            None => (None, false),
        },
    };
    counted.sort_unstable_by(|a, b| a.judge.cmp(&b.judge));
    let criteria = rubric
        .criteria()
        .iter()
        .enumerate()
        .map(|(c, criterion)| {
            let values: Vec<Decimal> = sheets
                .iter()
                .filter_map(|s| s.scores()[c].map(|v| v * criterion.weight.value()))
                .collect();
            aggregate(kind, &values).map(|a| round(a.value))
        })
        .collect();
    EntryScore {
        complete: sheets.len() >= settings.min_sheets() as usize,
        sheets: counted,
        exact,
        score: exact.map(round),
        raw_mean: mean(totals).map(round),
        fell_back_to_mean,
        criteria,
    }
}

/// §3: marks the `trim` lowest and highest totals as dropped (ties between equal totals are
/// settled by judge, so the explanation is stable) and returns the trimmed mean.
fn trimmed(counted: &mut [CountedSheet], trim: u32) -> (Option<Decimal>, bool) {
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
    (Some(result.value), result.fell_back_to_mean)
}
