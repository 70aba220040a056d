//! SCORING.md §3–§5 and §11 as hand-computed tables: aggregation, calibration, incomplete
//! entries, discrepancies.

mod common;

use common::*;
use jurydesk_domain::calibration::{CalibrationMode, Spread};
use jurydesk_domain::error::DomainError;
use jurydesk_domain::points::Points;
use jurydesk_domain::round::{EntryStatus, Pending, Warning};
use jurydesk_domain::rubric::{Rubric, criterion};
use jurydesk_domain::scoring::Dropped;
use jurydesk_domain::settings::{AggregateKind, DiscrepancyRule, RoundSettings};
use jurydesk_domain::sheet::ScoreSheet;
use rust_decimal_macros::dec;

#[test]
fn a_blank_optional_criterion_adds_nothing_and_its_per_criterion_score_uses_only_sheets_that_scored_it()
 {
    let rubric = Rubric::new(vec![
        criterion("idea", dec!(0), dec!(10)),
        criterion("bonus", dec!(0), dec!(5)).optional(),
    ])
    .unwrap();
    let sheets = [
        sheet(&rubric, "J1", "E", &[Some(dec!(8)), Some(dec!(3))]),
        sheet(&rubric, "J2", "E", &[Some(dec!(6)), None]),
        sheet(&rubric, "J1", "N", &[Some(dec!(5)), None]),
        sheet(&rubric, "J2", "N", &[Some(dec!(5)), None]),
    ];
    let outcome = run(
        &rubric,
        &RoundSettings::with_judges_per_entry(2),
        &entries(&["E", "N"]),
        &sheets,
    );
    assert_eq!(outcome.entries[0].scoring.score, Some(dec!(8.5)));
    assert_eq!(
        outcome.entries[0].scoring.criteria,
        [Some(dec!(7)), Some(dec!(3))]
    );
    assert_eq!(outcome.entries[1].scoring.criteria, [Some(dec!(5)), None]);
}

#[test]
fn trimmed_mean_with_five_judges_drops_the_highest_and_lowest_and_falls_back_with_two() {
    let rubric = single();
    let mut settings = RoundSettings::with_judges_per_entry(5);
    settings.min_sheets = Some(2);
    settings.aggregate = AggregateKind::TrimmedMean;
    let sheets = totals(
        &rubric,
        &[
            ("J1", "FIVE", dec!(90)),
            ("J2", "FIVE", dec!(40)),
            ("J3", "FIVE", dec!(70)),
            ("J4", "FIVE", dec!(75)),
            ("J5", "FIVE", dec!(65)),
            ("J1", "TWO", dec!(80)),
            ("J2", "TWO", dec!(61)),
        ],
    );
    let outcome = run(&rubric, &settings, &entries(&["FIVE", "TWO"]), &sheets);
    let five = &outcome.entries[0].scoring;
    assert_eq!(
        (five.score, five.fell_back_to_mean),
        (Some(dec!(70)), false)
    );
    let dropped: Vec<_> = five.sheets.iter().map(|s| (&*s.judge, s.dropped)).collect();
    assert_eq!(
        dropped,
        [
            ("J1", Some(Dropped::Highest)),
            ("J2", Some(Dropped::Lowest)),
            ("J3", None),
            ("J4", None),
            ("J5", None)
        ]
    );
    let two = &outcome.entries[1].scoring;
    assert_eq!((two.score, two.fell_back_to_mean), (Some(dec!(70.5)), true));
    assert!(two.sheets.iter().all(|s| s.dropped.is_none()));
}

#[test]
fn the_median_of_an_even_count_is_the_mean_of_the_two_middle_totals() {
    let rubric = single();
    let mut settings = RoundSettings::with_judges_per_entry(4);
    settings.aggregate = AggregateKind::Median;
    let sheets = totals(
        &rubric,
        &[
            ("J1", "E", dec!(90)),
            ("J2", "E", dec!(60)),
            ("J3", "E", dec!(71)),
            ("J4", "E", dec!(62.5)),
        ],
    );
    let outcome = run(&rubric, &settings, &entries(&["E"]), &sheets);
    assert_eq!(outcome.entries[0].scoring.score, Some(dec!(66.75)));
    assert_eq!(outcome.entries[0].scoring.raw_mean, Some(dec!(70.88)));
}

#[test]
fn the_score_is_rounded_half_away_from_zero_at_the_rounds_precision() {
    let rubric = single();
    let mut settings = RoundSettings::with_judges_per_entry(2);
    settings.precision = 1;
    let sheets = totals(&rubric, &[("J1", "E", dec!(80.5)), ("J2", "E", dec!(81))]);
    let outcome = run(&rubric, &settings, &entries(&["E"]), &sheets);
    // The mean is 80.75 exactly; the tie at the second place goes away from zero.
    assert_eq!(outcome.entries[0].scoring.score, Some(dec!(80.8)));
    let negative = Rubric::new(vec![criterion("only", dec!(-100), dec!(100))]).unwrap();
    let sheets = totals(
        &negative,
        &[("J1", "E", dec!(-80.5)), ("J2", "E", dec!(-81))],
    );
    let outcome = run(&negative, &settings, &entries(&["E"]), &sheets);
    assert_eq!(outcome.entries[0].scoring.score, Some(dec!(-80.8)));
}

#[test]
fn calibration_brings_a_harsh_and_a_lenient_judge_to_the_same_scale() {
    // Harsh: 60 60 70 70 (μⱼ 65, σⱼ 5). Lenient: 85 85 91 91 (μⱼ 88, σⱼ 3).
    // Single: one sheet of 75. Flat: three sheets of 75 (σⱼ = 0).
    // Round: twelve totals, μ = 912/12 = 76, σ² = 1200/12 = 100, σ = 10.
    let rubric = single();
    let mut settings = RoundSettings::with_judges_per_entry(1);
    settings.aggregate = AggregateKind::NormalizedMean;
    let rows = [
        ("harsh", "H1", dec!(60)),
        ("harsh", "H2", dec!(60)),
        ("harsh", "H3", dec!(70)),
        ("harsh", "H4", dec!(70)),
        ("lenient", "L1", dec!(85)),
        ("lenient", "L2", dec!(85)),
        ("lenient", "L3", dec!(91)),
        ("lenient", "L4", dec!(91)),
        ("single", "S1", dec!(75)),
        ("flat", "F1", dec!(75)),
        ("flat", "F2", dec!(75)),
        ("flat", "F3", dec!(75)),
    ];
    let codes: Vec<&str> = rows.iter().map(|r| r.1).collect();
    let outcome = run(
        &rubric,
        &settings,
        &entries(&codes),
        &totals(&rubric, &rows),
    );
    let report = outcome.calibration.as_ref().unwrap();
    assert_eq!(
        report.round,
        Spread {
            sheets: 12,
            mean: dec!(76),
            sd: dec!(10)
        }
    );
    let modes: Vec<_> = report
        .judges
        .iter()
        .map(|j| (j.judge.as_str(), j.mode))
        .collect();
    assert_eq!(
        modes,
        [
            ("flat", CalibrationMode::Shifted),
            ("harsh", CalibrationMode::Scaled),
            ("lenient", CalibrationMode::Scaled),
            ("single", CalibrationMode::Unchanged)
        ]
    );
    // Harsh 60 → 76 + 10 × (60 − 65)/5 = 66; lenient 85 → 76 + 10 × (85 − 88)/3 = 66;
    // flat 75 → 75 − 75 + 76 = 76; single 75 stays 75.
    assert_eq!(
        scores(&outcome),
        owned(&[
            ("F1", Some(dec!(76))),
            ("F2", Some(dec!(76))),
            ("F3", Some(dec!(76))),
            ("H1", Some(dec!(66))),
            ("H2", Some(dec!(66))),
            ("H3", Some(dec!(86))),
            ("H4", Some(dec!(86))),
            ("L1", Some(dec!(66))),
            ("L2", Some(dec!(66))),
            ("L3", Some(dec!(86))),
            ("L4", Some(dec!(86))),
            ("S1", Some(dec!(75))),
        ])
    );
    let h1 = outcome.entry("H1").unwrap();
    assert_eq!(h1.scoring.raw_mean, Some(dec!(60)));
    assert_eq!(h1.scoring.sheets[0].calibrated, Some(dec!(66)));
    assert_eq!(h1.scoring.criteria, [Some(dec!(60))]);
    assert_eq!(
        outcome.warnings,
        [
            Warning::DisconnectedJudges {
                groups: vec![
                    vec!["flat".into()],
                    vec!["harsh".into()],
                    vec!["lenient".into()],
                    vec!["single".into()]
                ]
            },
            Warning::FewSheets {
                judge: "single".into(),
                sheets: 1,
                mode: CalibrationMode::Unchanged
            }
        ]
    );
}

#[test]
fn entries_with_fewer_sheets_than_required_are_listed_with_a_score_but_not_ranked() {
    let rubric = single();
    let settings = RoundSettings::with_judges_per_entry(3);
    let mut sheets = totals(
        &rubric,
        &[
            ("J1", "FULL", dec!(70)),
            ("J2", "FULL", dec!(80)),
            ("J3", "FULL", dec!(90)),
            ("J1", "HALF", dec!(95)),
            ("J2", "HALF", dec!(85)),
        ],
    );
    let mut draft = ScoreSheet::new(&rubric, "J3", "HALF");
    draft
        .set_score(&rubric, "overall", Points::parse("99"))
        .unwrap();
    sheets.push(draft);
    let mut void = sheets[0].clone();
    void.void();
    sheets[0] = sheet(&rubric, "J4", "FULL", &[Some(dec!(70))]);
    sheets.push(void);
    let outcome = run(
        &rubric,
        &settings,
        &entries(&["FULL", "HALF", "NONE"]),
        &sheets,
    );
    let view: Vec<_> = outcome
        .entries
        .iter()
        .map(|r| {
            (
                r.entry.code.as_str(),
                r.status,
                r.scoring.sheets.len(),
                r.scoring.score,
                r.rank.as_ref().map(|p| p.rank),
            )
        })
        .collect();
    assert_eq!(
        view,
        [
            ("FULL", EntryStatus::Ranked, 3, Some(dec!(80)), Some(1)),
            ("HALF", EntryStatus::Incomplete, 2, Some(dec!(90)), None),
            ("NONE", EntryStatus::Incomplete, 0, None, None),
        ]
    );
}

#[test]
fn a_round_refuses_two_counted_sheets_of_one_judge_and_sheets_for_unknown_entries() {
    let rubric = single();
    let settings = RoundSettings::with_judges_per_entry(1);
    let twice = totals(&rubric, &[("J1", "E", dec!(1)), ("J1", "E", dec!(2))]);
    let input = |sheets: &[ScoreSheet]| {
        jurydesk_domain::compute(&jurydesk_domain::RoundInput {
            rubric: &rubric,
            settings: &settings,
            entries: &entries(&["E"]),
            sheets,
            committee: &Default::default(),
        })
    };
    assert_eq!(
        input(&twice).unwrap_err(),
        DomainError::DuplicateSheet {
            judge: "J1".into(),
            entry: "E".into()
        }
    );
    let stray = totals(&rubric, &[("J1", "X", dec!(1))]);
    assert_eq!(
        input(&stray).unwrap_err(),
        DomainError::UnknownEntry { code: "X".into() }
    );
}

#[test]
fn discrepancies_hold_back_finalising_unless_accepted_or_advisory() {
    let rubric = single();
    let mut settings = RoundSettings::with_judges_per_entry(3);
    settings.discrepancy = Some(DiscrepancyRule {
        spread_points: Some(dec!(20)),
        relative_to_mean: None,
        advisory: false,
    });
    let sheets = totals(
        &rubric,
        &[
            ("J1", "CALM", dec!(70)),
            ("J2", "CALM", dec!(80)),
            ("J3", "CALM", dec!(90)),
            ("J1", "WILD", dec!(50)),
            ("J2", "WILD", dec!(80)),
            ("J3", "WILD", dec!(75)),
            ("J1", "THIN", dec!(10)),
            ("J2", "THIN", dec!(90)),
        ],
    );
    let codes = entries(&["CALM", "THIN", "WILD"]);
    let outcome = run(&rubric, &settings, &codes, &sheets);
    assert_eq!(
        outcome.pending,
        [
            Pending::OpenFlag {
                entry: "THIN".into()
            },
            Pending::OpenFlag {
                entry: "WILD".into()
            }
        ]
    );
    assert!(!outcome.can_finalise());
    let mut committee = jurydesk_domain::committee::CommitteeDecisions::default();
    for entry in ["THIN", "WILD"] {
        committee
            .accepted_flags
            .push(jurydesk_domain::committee::AcceptedFlag {
                entry: entry.into(),
                note: "re-read, scores stand".into(),
            });
    }
    let accepted = decide(&rubric, &settings, &codes, &sheets, &committee);
    assert!(accepted.can_finalise());
    assert_eq!(
        accepted
            .entry("WILD")
            .and_then(|r| r.flag.as_ref())
            .and_then(|f| f.accepted.clone()),
        Some("re-read, scores stand".into())
    );
    settings.discrepancy.as_mut().unwrap().advisory = true;
    assert!(run(&rubric, &settings, &codes, &sheets).can_finalise());
}
