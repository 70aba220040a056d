//! SCORING.md §1–§5 and §11 as hand-computed tables.

mod common;

use common::*;
use jurydesk_domain::Lang;
use jurydesk_domain::calibration::{CalibrationMode, Spread};
use jurydesk_domain::error::DomainError;
use jurydesk_domain::points::Points;
use jurydesk_domain::round::{EntryStatus, Pending, Warning};
use jurydesk_domain::rubric::{Rubric, criterion};
use jurydesk_domain::scoring::Dropped;
use jurydesk_domain::settings::{AggregateKind, DiscrepancyRule, RoundSettings};
use jurydesk_domain::sheet::{ScoreSheet, SheetState};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn hundred_points() -> Rubric {
    Rubric::new(vec![
        criterion("novelty", dec!(0), dec!(40)),
        criterion("feasibility", dec!(0), dec!(30)),
        criterion("market", dec!(0), dec!(20)),
        criterion("team", dec!(0), dec!(10)),
    ])
    .unwrap()
}

/// Ten criteria scored 1–5 with multipliers 1 to 4: maximum 100, minimum 20.
fn ten_by_five() -> Rubric {
    let weights = [1, 1, 2, 2, 2, 2, 2, 2, 3, 3];
    Rubric::new(
        weights
            .iter()
            .enumerate()
            .map(|(i, w)| {
                criterion(&format!("c{}", i + 1), dec!(1), dec!(5))
                    .step(dec!(1))
                    .weight(Decimal::from(*w))
            })
            .collect(),
    )
    .unwrap()
}

#[test]
fn a_100_point_rubric_of_four_criteria_averages_three_judges() {
    let rubric = hundred_points();
    assert_eq!(
        (rubric.min_total(), rubric.max_total()),
        (dec!(0), dec!(100))
    );
    let s = |v: [Decimal; 4]| v.map(Some);
    let sheets = [
        sheet(
            &rubric,
            "J1",
            "A",
            &s([dec!(32), dec!(24.5), dec!(15), dec!(8)]),
        ),
        sheet(
            &rubric,
            "J2",
            "A",
            &s([dec!(35), dec!(22), dec!(16.5), dec!(9)]),
        ),
        sheet(
            &rubric,
            "J3",
            "A",
            &s([dec!(30), dec!(25), dec!(14), dec!(7.5)]),
        ),
    ];
    assert_eq!(
        sheets.iter().map(|s| s.total(&rubric)).collect::<Vec<_>>(),
        [dec!(79.5), dec!(82.5), dec!(76.5)]
    );
    let outcome = run(
        &rubric,
        &RoundSettings::with_judges_per_entry(3),
        &entries(&["A"]),
        &sheets,
    );
    let a = &outcome.entries[0];
    assert_eq!(a.scoring.score, Some(dec!(79.50)));
    // 97/3, 71.5/3, 45.5/3, 24.5/3, each rounded half away from zero.
    assert_eq!(
        a.scoring.criteria,
        [
            Some(dec!(32.33)),
            Some(dec!(23.83)),
            Some(dec!(15.17)),
            Some(dec!(8.17))
        ]
    );
    assert_eq!(a.status, EntryStatus::Ranked);
}

#[test]
fn ten_criteria_of_one_to_five_with_multipliers_and_a_pass_mark_of_50() {
    let rubric = ten_by_five();
    assert_eq!(
        (rubric.min_total(), rubric.max_total()),
        (dec!(20), dec!(100))
    );
    let all = |v: i64| vec![Some(Decimal::from(v)); 10];
    let mixed: Vec<Option<Decimal>> = [2, 2, 2, 2, 2, 3, 3, 2, 3, 2]
        .map(|v| Some(Decimal::from(v)))
        .to_vec();
    let sheets = [
        sheet(&rubric, "J1", "P", &all(3)),
        sheet(&rubric, "J2", "P", &mixed),
        sheet(&rubric, "J1", "F", &mixed),
        sheet(&rubric, "J2", "F", &mixed),
        sheet(&rubric, "J1", "Z", &all(5)),
        sheet(&rubric, "J2", "Z", &all(4)),
    ];
    assert_eq!(sheets[1].total(&rubric), dec!(47));
    let mut settings = RoundSettings::with_judges_per_entry(2);
    settings.advance = Some(jurydesk_domain::settings::AdvanceRule {
        min_score: Some(dec!(50)),
        ..Default::default()
    });
    let outcome = run(&rubric, &settings, &entries(&["F", "P", "Z"]), &sheets);
    assert_eq!(
        scores(&outcome),
        owned(&[
            ("F", Some(dec!(47))),
            ("P", Some(dec!(53.5))),
            ("Z", Some(dec!(90)))
        ])
    );
    let advances: Vec<_> = outcome
        .entries
        .iter()
        .map(|r| r.advancement.as_ref().and_then(|a| a.advances()))
        .collect();
    assert_eq!(advances, [Some(false), Some(true), Some(true)]);
    // c9 has weight 3: P's per-criterion score is the mean of 3×3 and 3×3.
    assert_eq!(outcome.entries[1].scoring.criteria[8], Some(dec!(9)));
}

#[test]
fn a_score_off_the_step_or_out_of_range_is_refused_naming_the_criterion_and_allowed_values() {
    let rubric = ten_by_five();
    let mut sheet = ScoreSheet::new(&rubric, "J1", "P");
    let off = sheet
        .set_score(&rubric, "c1", Points::parse("2.5"))
        .unwrap_err();
    assert_eq!(
        off.message(Lang::En),
        "Criterion \"c1\": score 2.5 is not on the step; allowed: 1 to 5 in steps of 1."
    );
    assert_eq!(
        off.message(Lang::Vi),
        "Tiêu chí \"c1\": điểm 2.5 không đúng bước điểm; điểm hợp lệ: từ 1 đến 5, bước 1."
    );
    let out = sheet
        .set_score(&rubric, "c2", Points::parse("0"))
        .unwrap_err();
    assert_eq!(
        out.message(Lang::En),
        "Criterion \"c2\": score 0 is out of range; allowed: 1 to 5 in steps of 1."
    );
    let nan = rubric.criteria()[0].parse_score("NaN").unwrap_err();
    assert_eq!(
        nan,
        DomainError::ScoreNotANumber {
            criterion: "c1".into(),
            text: "NaN".into()
        }
    );
}

#[test]
fn a_rubric_breaking_a_rule_is_refused_naming_the_criterion() {
    let cases = [
        (vec![], DomainError::RubricEmpty),
        (
            vec![criterion("novelty", dec!(0), dec!(10)).step(dec!(3))],
            DomainError::CriterionStepDoesNotDivide {
                key: "novelty".into(),
                step: dec!(3),
                min: dec!(0),
                max: dec!(10),
            },
        ),
        (
            vec![criterion("team", dec!(5), dec!(5))],
            DomainError::CriterionRangeEmpty {
                key: "team".into(),
                min: dec!(5),
                max: dec!(5),
            },
        ),
        (
            vec![criterion("team", dec!(0), dec!(5)).weight(dec!(0))],
            DomainError::CriterionWeightInvalid {
                key: "team".into(),
                weight: dec!(0),
            },
        ),
        (
            vec![
                criterion("a", dec!(0), dec!(5)),
                criterion("a", dec!(0), dec!(5)),
            ],
            DomainError::CriterionKeyDuplicate { key: "a".into() },
        ),
        (
            vec![criterion("tính mới", dec!(0), dec!(5))],
            DomainError::CriterionKeyInvalid {
                key: "tính mới".into(),
            },
        ),
    ];
    for (specs, expected) in cases {
        assert_eq!(Rubric::new(specs), Err(expected));
    }
    let err = Rubric::new(vec![criterion("novelty", dec!(0), dec!(10)).step(dec!(3))]).unwrap_err();
    assert_eq!(
        err.message(Lang::Vi),
        "Tiêu chí \"novelty\": bước điểm 3 không chia hết khoảng từ 0 đến 10."
    );
}

#[test]
fn a_draft_may_be_partial_but_submitting_needs_every_required_criterion() {
    let rubric = Rubric::new(vec![
        criterion("idea", dec!(0), dec!(10)),
        criterion("bonus", dec!(0), dec!(5)).optional(),
    ])
    .unwrap();
    let mut sheet = ScoreSheet::new(&rubric, "J1", "E1");
    sheet
        .set_score(&rubric, "bonus", Points::parse("2"))
        .unwrap();
    assert_eq!(
        sheet.submit(&rubric),
        Err(DomainError::RequiredCriterionMissing {
            criterion: "idea".into(),
            judge: "J1".into(),
            entry: "E1".into()
        })
    );
    sheet
        .set_score(&rubric, "idea", Points::parse("7.5"))
        .unwrap();
    sheet.submit(&rubric).unwrap();
    assert_eq!(
        (sheet.state(), sheet.total(&rubric)),
        (SheetState::Submitted, dec!(9.5))
    );
    assert!(
        sheet
            .set_score(&rubric, "idea", Points::parse("1"))
            .is_err()
    );
    assert!(sheet.reopen("  ").is_err());
    sheet.reopen("judge misread the dossier").unwrap();
    assert_eq!(sheet.state(), SheetState::Reopened);
}

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
    let dropped: Vec<_> = five
        .sheets
        .iter()
        .map(|s| (s.judge.as_str(), s.dropped))
        .collect();
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
    assert_eq!(outcome.entries[0].scoring.exact, Some(dec!(80.75)));
    assert_eq!(outcome.entries[0].scoring.score, Some(dec!(80.8)));
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

#[test]
fn a_stored_sheet_is_restored_only_if_its_scores_still_obey_the_rubric() {
    let rubric = hundred_points();
    let scores = [
        ("novelty", Some(dec!(30))),
        ("feasibility", Some(dec!(20))),
        ("market", None),
        ("team", Some(dec!(5))),
    ];
    let draft = ScoreSheet::restore(&rubric, "J1", "E1", SheetState::Draft, &scores).unwrap();
    assert_eq!(
        (draft.state(), draft.total(&rubric)),
        (SheetState::Draft, dec!(55))
    );
    assert_eq!(
        ScoreSheet::restore(&rubric, "J1", "E1", SheetState::Submitted, &scores).unwrap_err(),
        DomainError::RequiredCriterionMissing {
            criterion: "market".into(),
            judge: "J1".into(),
            entry: "E1".into()
        }
    );
    let off = [("team", Some(dec!(7.25)))];
    assert!(matches!(
        ScoreSheet::restore(&rubric, "J1", "E1", SheetState::Void, &off),
        Err(DomainError::ScoreOffStep { .. })
    ));
}

#[test]
fn a_judge_sees_other_scores_only_after_submitting_and_only_where_the_round_allows() {
    use jurydesk_domain::sheet::may_see_other_scores;
    let table = [
        (None, true, false),
        (Some(SheetState::Draft), true, false),
        (Some(SheetState::Reopened), true, false),
        (Some(SheetState::Submitted), false, false),
        (Some(SheetState::Submitted), true, true),
    ];
    for (own, allows, sees) in table {
        assert_eq!(may_see_other_scores(own, allows), sees, "{own:?} {allows}");
    }
}
