//! Invariants of SCORING.md §3, §4 and §6 over thousands of generated rounds.

use chrono::DateTime;
use jurydesk_domain::aggregate::aggregate;
use jurydesk_domain::calibration::{JudgeCalibration, Spread};
use jurydesk_domain::committee::CommitteeDecisions;
use jurydesk_domain::ranking::{Rankable, ResolvedTieBreak, rank};
use jurydesk_domain::round::{Entry, RoundInput, RoundOutcome, compute, scores_by_aggregation};
use jurydesk_domain::rubric::{Rubric, criterion};
use jurydesk_domain::settings::{Aggregate, AggregateKind, RoundSettings, TieBreak};
use jurydesk_domain::sheet::ScoreSheet;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn rubric() -> Rubric {
    Rubric::new(vec![
        criterion("idea", dec!(0), dec!(60)),
        criterion("team", dec!(0), dec!(40)).weight(dec!(2)),
    ])
    .unwrap()
}

fn half(points: u32) -> Decimal {
    Decimal::new(points as i64 * 5, 1)
}

/// Sheets of up to 8 entries by up to 6 judges, one per (judge, entry) at most.
fn sheets() -> impl Strategy<Value = Vec<ScoreSheet>> {
    prop::collection::btree_map((0..8usize, 0..6usize), (0..=120u32, 0..=80u32), 1..30).prop_map(
        |cells| {
            let rubric = rubric();
            cells
                .into_iter()
                .map(|((e, j), (idea, team))| {
                    let scores = [("idea", half(idea)), ("team", half(team))];
                    ScoreSheet::submitted(&rubric, format!("J{j}"), format!("E{e}"), &scores)
                        .unwrap()
                })
                .collect()
        },
    )
}

fn kind() -> impl Strategy<Value = (AggregateKind, Option<u32>)> {
    prop_oneof![
        Just((AggregateKind::Mean, None)),
        (0..3u32).prop_map(|t| (AggregateKind::TrimmedMean, Some(t))),
        Just((AggregateKind::Median, None)),
        Just((AggregateKind::NormalizedMean, None)),
    ]
}

fn outcome(settings: &RoundSettings, sheets: &[ScoreSheet]) -> RoundOutcome {
    let entries: Vec<Entry> = (0..8).map(|e| Entry::new(format!("E{e}"))).collect();
    compute(&RoundInput {
        rubric: &rubric(),
        settings,
        entries: &entries,
        sheets,
        committee: &CommitteeDecisions::default(),
    })
    .unwrap()
}

fn settings((aggregate, trim): (AggregateKind, Option<u32>), k: u32) -> RoundSettings {
    let mut settings = RoundSettings::with_judges_per_entry(k);
    settings.aggregate = aggregate;
    settings.trim = trim;
    settings.tie_breaks = vec![TieBreak::Criterion("team".into())];
    settings
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn each_aggregation_scores_as_a_round_set_to_it(sheets in sheets(), kind in kind(), k in 1..4u32) {
        let entries: Vec<Entry> = (0..8).map(|e| Entry::new(format!("E{e}"))).collect();
        let round = settings(kind, k);
        let input = RoundInput {
            rubric: &rubric(),
            settings: &round,
            entries: &entries,
            sheets: &sheets,
            committee: &CommitteeDecisions::default(),
        };
        let all = scores_by_aggregation(&input).unwrap();
        prop_assert_eq!(all.len(), 4);
        for (aggregate, scores) in all {
            let mut alone = round.clone();
            alone.aggregate = match aggregate {
                Aggregate::Mean => AggregateKind::Mean,
                Aggregate::TrimmedMean { trim } => {
                    prop_assert_eq!(trim, round.trim.unwrap_or(1));
                    AggregateKind::TrimmedMean
                }
                Aggregate::Median => AggregateKind::Median,
                Aggregate::NormalizedMean => AggregateKind::NormalizedMean,
            };
            if alone.aggregate != AggregateKind::TrimmedMean {
                alone.trim = None;
            }
            let expected: Vec<Option<Decimal>> =
                outcome(&alone, &sheets).entries.iter().map(|e| e.scoring.score).collect();
            prop_assert_eq!(scores, expected, "{:?}", aggregate);
        }
    }

    #[test]
    fn aggregation_does_not_depend_on_sheet_order(
        (sheets, shuffled) in sheets().prop_flat_map(|s| (Just(s.clone()), Just(s).prop_shuffle())),
        kind in kind(),
        k in 1..4u32,
    ) {
        let settings = settings(kind, k);
        prop_assert_eq!(outcome(&settings, &sheets), outcome(&settings, &shuffled));
    }

    #[test]
    fn trimmed_mean_and_median_lie_between_the_lowest_and_highest_total(
        points in prop::collection::vec(0..=400u32, 1..12),
        trim in 0..4u32,
    ) {
        let totals: Vec<Decimal> = points.into_iter().map(half).collect();
        let (lo, hi) = (totals.iter().min().copied(), totals.iter().max().copied());
        for kind in [Aggregate::TrimmedMean { trim }, Aggregate::Median] {
            let value = aggregate(kind, &totals).map(|a| a.value);
            prop_assert!(value >= lo && value <= hi, "{kind:?} of {totals:?} = {value:?}");
        }
    }

    #[test]
    fn calibrated_totals_stay_within_the_rubric(sheets in sheets(), k in 1..4u32) {
        let rubric = rubric();
        let round = outcome(&settings((AggregateKind::NormalizedMean, None), k), &sheets);
        let bounds = rubric.min_total()..=rubric.max_total();
        for entry in &round.entries {
            for sheet in &entry.scoring.sheets {
                let calibrated = sheet.calibrated.expect("normalized_mean calibrates every sheet");
                prop_assert!(bounds.contains(&calibrated), "{calibrated} outside {bounds:?}");
            }
            if let Some(score) = entry.scoring.score {
                prop_assert!(bounds.contains(&score));
            }
        }
    }

    #[test]
    fn shifting_every_total_of_a_judge_with_three_sheets_leaves_their_calibrated_totals_unchanged(
        points in prop::collection::vec(0..=200u32, 3..10),
        shift in -40..=40i64,
        mean in 0..=100u32,
        sd in 0..=30u32,
    ) {
        let totals: Vec<Decimal> = points.into_iter().map(half).collect();
        prop_assume!(totals.iter().any(|t| *t != totals[0]));
        let moved: Vec<Decimal> = totals.iter().map(|t| t + Decimal::from(shift)).collect();
        let round = Spread { sheets: 100, mean: Decimal::from(mean), sd: Decimal::from(sd) };
        let bounds = (dec!(-1000), dec!(1000));
        let before = JudgeCalibration::new("j", &totals).unwrap();
        let after = JudgeCalibration::new("j", &moved).unwrap();
        for (t, m) in totals.iter().zip(&moved) {
            let difference = before.calibrate(*t, &round, bounds) - after.calibrate(*m, &round, bounds);
            // Both sides are rounded to 10 places: they may differ by one unit there.
            prop_assert!(difference.abs() <= dec!(0.0000000001), "{t} vs {m}: {difference}");
        }
    }

    #[test]
    fn ranking_is_deterministic_and_consistent_with_scores(
        rows in prop::collection::vec((0..6u32, prop::option::of(0..4u32), prop::option::of(0..3i64)), 1..25),
    ) {
        let codes: Vec<String> = (0..rows.len()).map(|i| format!("E{i:02}")).collect();
        let criteria: Vec<[Option<Decimal>; 1]> = rows.iter().map(|r| [r.1.map(Decimal::from)]).collect();
        let items: Vec<Rankable> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| Rankable {
                code: &codes[i],
                score: Decimal::from(r.0),
                criteria: &criteria[i],
                submitted_at: r.2.and_then(|s| DateTime::from_timestamp(s, 0)),
            })
            .collect();
        let chain = [
            ResolvedTieBreak { rule: TieBreak::Criterion("c".into()), criterion: Some(0) },
            ResolvedTieBreak { rule: TieBreak::EarlierSubmission, criterion: None },
        ];
        let first = rank(&items, &chain);
        prop_assert_eq!(&first, &rank(&items, &chain));
        // The model: better = higher score, then higher criterion (blank lowest), then earlier.
        let key = |r: &(u32, Option<u32>, Option<i64>)| (std::cmp::Reverse(r.0), std::cmp::Reverse(r.1), r.2.is_none(), r.2);
        for window in first.windows(2) {
            prop_assert!(items[window[0].0].score >= items[window[1].0].score);
        }
        for (i, placing) in &first {
            let better = rows.iter().filter(|r| key(r) < key(&rows[*i])).count() as u32;
            prop_assert_eq!(placing.rank, better + 1);
        }
    }

    /// The engine sums and divides in machine integers and calibrates with one affine map per
    /// judge (domain/src/tally.rs, calibration.rs); this is the same arithmetic written the
    /// plain way, in `Decimal`, as SCORING.md §1, §3 and §4 state it.
    #[test]
    fn scores_equal_plain_decimal_arithmetic(sheets in sheets(), kind in kind(), k in 1..4u32) {
        let settings = settings(kind, k);
        let got = outcome(&settings, &sheets);
        let rubric = rubric();
        let round = |d: Decimal| d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        let total = |s: &ScoreSheet| -> Decimal {
            s.scores().iter().zip(rubric.criteria()).filter_map(|(v, c)| v.map(|v| v * c.weight.value())).sum()
        };
        let all: Vec<Decimal> = sheets.iter().map(total).collect();
        let spread = Spread::of(&all).unwrap();
        for r in &got.entries {
            let mine: Vec<&ScoreSheet> = sheets.iter().filter(|s| s.entry() == r.entry.code).collect();
            let totals: Vec<Decimal> = mine.iter().map(|s| total(s)).collect();
            let plain = |values: &[Decimal]| aggregate(settings.aggregate(), values).map(|a| round(a.value));
            let expected = match settings.aggregate() {
                Aggregate::NormalizedMean => {
                    let calibrated: Vec<Decimal> = mine.iter().map(|s| {
                        let theirs: Vec<Decimal> = sheets.iter().filter(|o| o.judge() == s.judge()).map(total).collect();
                        let judge = JudgeCalibration::new(s.judge(), &theirs).unwrap();
                        let own = judge.spread;
                        // §4 as written, in 28-digit decimals.
                        let moved = match judge.mode {
                            jurydesk_domain::calibration::CalibrationMode::Scaled => spread.mean + spread.sd * ((total(s) - own.mean) / own.sd),
                            jurydesk_domain::calibration::CalibrationMode::Shifted => total(s) - own.mean + spread.mean,
                            jurydesk_domain::calibration::CalibrationMode::Unchanged => total(s),
                        };
                        moved.round_dp_with_strategy(10, rust_decimal::RoundingStrategy::MidpointAwayFromZero).clamp(rubric.min_total(), rubric.max_total())
                    }).collect();
                    aggregate(Aggregate::Mean, &calibrated).map(|a| round(a.value))
                }
                _ => plain(&totals),
            };
            prop_assert_eq!(r.scoring.score, expected, "{}", r.entry.code);
            prop_assert_eq!(r.scoring.raw_mean, aggregate(Aggregate::Mean, &totals).map(|a| round(a.value)));
            for (c, criterion) in rubric.criteria().iter().enumerate() {
                let values: Vec<Decimal> = mine.iter().filter_map(|s| s.scores()[c].map(|v| v * criterion.weight.value())).collect();
                let kind = match settings.aggregate() { Aggregate::NormalizedMean => Aggregate::Mean, other => other };
                prop_assert_eq!(r.scoring.criteria[c], aggregate(kind, &values).map(|a| round(a.value)));
            }
        }
    }
}
