//! SCORING.md §1–§2 as hand-computed tables: rubrics, scores, sheets.

mod common;

use common::*;
use jurydesk_domain::error::DomainError;
use jurydesk_domain::points::Points;
use jurydesk_domain::round::EntryStatus;
use jurydesk_domain::rubric::{Allowed, Rubric, criterion};
use jurydesk_domain::settings::RoundSettings;
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
    let one_to_five = Allowed {
        min: dec!(1),
        max: dec!(5),
        step: dec!(1),
    };
    assert_eq!(
        off,
        DomainError::ScoreOffStep {
            criterion: "c1".into(),
            score: dec!(2.5),
            allowed: one_to_five,
        }
    );
    let out = sheet
        .set_score(&rubric, "c2", Points::parse("0"))
        .unwrap_err();
    assert_eq!(
        out,
        DomainError::ScoreOutOfRange {
            criterion: "c2".into(),
            score: dec!(0),
            allowed: one_to_five,
        }
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

#[test]
fn a_sheet_read_as_typed_keeps_the_good_scores_and_names_every_refused_one() {
    let rubric = hundred_points();
    let typed = |key: &str| match key {
        "novelty" => Some(" 32.5 "),
        "feasibility" => Some("31"),
        "market" => Some("abc"),
        "team" => Some(""),
        _ => None,
    };
    let (sheet, refused) = ScoreSheet::from_typed(&rubric, "j1", "E-1", typed);
    assert_eq!(sheet.scores(), &[Some(dec!(32.5)), None, None, None]);
    assert_eq!(sheet.total(&rubric), dec!(32.5));
    let named: Vec<&str> = refused
        .iter()
        .map(|e| match e {
            DomainError::ScoreOutOfRange { criterion, .. } => criterion.as_str(),
            DomainError::ScoreNotANumber { criterion, .. } => criterion.as_str(),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(named, ["feasibility", "market"]);
    assert_eq!(sheet.missing(&rubric), ["feasibility", "market", "team"]);
}

#[test]
fn a_sheet_without_comments_equals_and_serialises_as_one_whose_comments_were_cleared() {
    let rubric = hundred_points();
    let plain = ScoreSheet::new(&rubric, "J1", "E1");
    let mut cleared = ScoreSheet::new(&rubric, "J1", "E1");
    cleared
        .set_comment(&rubric, "market", Some("Tốt".into()))
        .unwrap();
    assert_ne!(plain, cleared);
    assert_eq!(cleared.comment(2), Some("Tốt"));
    cleared.set_comment(&rubric, "market", None).unwrap();
    assert_eq!(plain, cleared);
    let json = serde_json::to_value(&plain).unwrap();
    assert_eq!(json, serde_json::to_value(&cleared).unwrap());
    assert_eq!(
        json["comments"],
        serde_json::json!([null, null, null, null])
    );
    assert_eq!((plain.comment(0), plain.comment(9)), (None, None));
}

#[test]
fn a_score_is_on_the_step_or_not_whatever_decimals_it_is_written_with() {
    let mut spec = criterion("team", dec!(-1), dec!(10));
    spec.step = dec!(0.25);
    let rubric = Rubric::new(vec![spec]).unwrap();
    let (_, team) = rubric.criterion("team").unwrap();
    let cases = [
        (dec!(2.5), true),
        (dec!(2.50000), true),
        (dec!(-0.75), true),
        (dec!(-1.000), true),
        (dec!(10.00), true),
        (dec!(0), true),
        (dec!(2.7), false),
        (dec!(2.2500000000000000000000000001), false),
        (dec!(0.0000000000000000000000000001), false),
        (dec!(10.25), false),
        (dec!(-1.25), false),
        (Decimal::MAX, false),
    ];
    for (score, accepted) in cases {
        assert_eq!(team.check(Points::new(score)).is_ok(), accepted, "{score}");
    }
}
