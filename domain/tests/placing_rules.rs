//! SCORING.md §6–§8 and §11 as hand-computed tables.

mod common;

use common::*;
use jurydesk_domain::advancement::{AdvanceReason, Exclusion, Verdict};
use jurydesk_domain::committee::{CommitteeDecisions, Override, OverrideAction, PrizeChoice};
use jurydesk_domain::error::{DecisionProblem, DomainError};
use jurydesk_domain::localized::Localized;
use jurydesk_domain::prizes::{NoPrize, PrizePlaces, PrizeVerdict};
use jurydesk_domain::ranking::DecidedBy;
use jurydesk_domain::round::{Entry, Pending, RoundInput, RoundOutcome, compute};
use jurydesk_domain::rubric::{Rubric, criterion};
use jurydesk_domain::settings::{
    AdvanceRule, BoundaryPolicy, CutoffTies, NoZeroCriterion, Prize, PrizeRule, RoundSettings,
    TieBreak,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn one_judge_round(rows: &[(&str, Decimal)], settings: &RoundSettings) -> RoundOutcome {
    let rubric = single();
    let sheets: Vec<_> = rows
        .iter()
        .map(|(e, t)| sheet(&rubric, "J1", e, &[Some(*t)]))
        .collect();
    let codes: Vec<&str> = rows.iter().map(|r| r.0).collect();
    run(&rubric, settings, &entries(&codes), &sheets)
}

fn verdicts(outcome: &RoundOutcome) -> Vec<(String, Verdict)> {
    outcome
        .entries
        .iter()
        .map(|r| {
            (
                r.entry.code.clone(),
                r.advancement.as_ref().unwrap().by_rules.clone(),
            )
        })
        .collect()
}

#[test]
fn equal_scores_share_a_rank_and_the_next_rank_skips() {
    let settings = RoundSettings::with_judges_per_entry(1);
    let outcome = one_judge_round(
        &[
            ("D", dec!(70)),
            ("C", dec!(80)),
            ("A", dec!(90)),
            ("B", dec!(80)),
        ],
        &settings,
    );
    assert_eq!(
        ranks(&outcome),
        owned(&[
            ("A", Some(1)),
            ("B", Some(2)),
            ("C", Some(2)),
            ("D", Some(4))
        ])
    );
    let b = outcome.entry("B").unwrap().rank.clone().unwrap();
    assert_eq!(
        b.below.map(|n| (n.code, n.decided_by)),
        Some(("C".into(), DecidedBy::Shared))
    );
}

#[test]
fn a_tie_is_broken_by_the_second_criterion_of_the_chain() {
    let rubric = Rubric::new(vec![
        criterion("novelty", dec!(0), dec!(50)),
        criterion("feasibility", dec!(0), dec!(30)),
        criterion("team", dec!(0), dec!(20)),
    ])
    .unwrap();
    let mut settings = RoundSettings::with_judges_per_entry(1);
    settings.tie_breaks = vec![
        TieBreak::Criterion("novelty".into()),
        TieBreak::Criterion("feasibility".into()),
    ];
    let s = |n, f, t| [Some(n), Some(f), Some(t)];
    let sheets = [
        sheet(&rubric, "J1", "A", &s(dec!(40), dec!(20), dec!(10))),
        sheet(&rubric, "J2", "B", &s(dec!(40), dec!(25), dec!(5))),
        sheet(&rubric, "J1", "C", &s(dec!(30), dec!(25), dec!(15))),
        sheet(&rubric, "J2", "D", &s(dec!(40), dec!(20), dec!(10))),
    ];
    let outcome = run(&rubric, &settings, &entries(&["A", "B", "C", "D"]), &sheets);
    // All total 70. Novelty puts C last; among A, B, D (novelty 40) feasibility puts B first;
    // A and D are equal on the whole chain and share rank 2.
    assert_eq!(
        ranks(&outcome),
        owned(&[
            ("B", Some(1)),
            ("A", Some(2)),
            ("D", Some(2)),
            ("C", Some(4))
        ])
    );
    let a = outcome.entry("A").unwrap().rank.clone().unwrap();
    let feasibility = DecidedBy::TieBreak(TieBreak::Criterion("feasibility".into()));
    assert_eq!(
        a.above.map(|n| (n.code, n.decided_by)),
        Some(("B".into(), feasibility))
    );
    let c = outcome.entry("C").unwrap().rank.clone().unwrap();
    let novelty = DecidedBy::TieBreak(TieBreak::Criterion("novelty".into()));
    assert_eq!(
        c.above.map(|n| (n.code, n.decided_by)),
        Some(("D".into(), novelty))
    );
}

#[test]
fn ties_at_the_cutoff_all_advance_by_default() {
    let mut settings = RoundSettings::with_judges_per_entry(1);
    settings.advance = Some(AdvanceRule {
        top_n: Some(2),
        ..Default::default()
    });
    let rows = [
        ("A", dec!(90)),
        ("B", dec!(80)),
        ("C", dec!(80)),
        ("D", dec!(70)),
    ];
    let outcome = one_judge_round(&rows, &settings);
    assert_eq!(
        verdicts(&outcome),
        owned(&[
            (
                "A",
                Verdict::Advances(AdvanceReason::WithinTopN { rank: 1 })
            ),
            (
                "B",
                Verdict::Advances(AdvanceReason::TiedAtCutoff { rank: 2 })
            ),
            (
                "C",
                Verdict::Advances(AdvanceReason::TiedAtCutoff { rank: 2 })
            ),
            (
                "D",
                Verdict::DoesNotAdvance(Exclusion::BelowCutoff {
                    rank: 4,
                    last_rank: 2
                })
            ),
        ])
    );
    assert!(outcome.can_finalise());
}

#[test]
fn ties_crossing_the_cutoff_wait_for_the_committee_which_decides_with_reasons() {
    let mut settings = RoundSettings::with_judges_per_entry(1);
    settings.advance = Some(AdvanceRule {
        top_n: Some(2),
        ties_at_cutoff: CutoffTies::CommitteeDecides,
        ..Default::default()
    });
    let rows = [
        ("A", dec!(90)),
        ("B", dec!(80)),
        ("C", dec!(80)),
        ("D", dec!(70)),
    ];
    let outcome = one_judge_round(&rows, &settings);
    let tied = Verdict::CommitteeDecides {
        rank: 2,
        places: 1,
        tied: 2,
    };
    assert_eq!(
        verdicts(&outcome)[1..3],
        owned(&[("B", tied.clone()), ("C", tied)])
    );
    assert_eq!(
        outcome.pending,
        [
            Pending::CutoffTie { entry: "B".into() },
            Pending::CutoffTie { entry: "C".into() }
        ]
    );

    let rubric = single();
    let sheets: Vec<_> = rows
        .iter()
        .map(|(e, t)| sheet(&rubric, "J1", e, &[Some(*t)]))
        .collect();
    let change = |entry: &str, action| Override {
        entry: entry.into(),
        action,
        reason: "stronger pitch video".into(),
    };
    let committee = CommitteeDecisions {
        overrides: vec![
            change("B", OverrideAction::Add),
            change("C", OverrideAction::Remove),
            change("D", OverrideAction::Add),
        ],
        ..Default::default()
    };
    let decided = decide(
        &rubric,
        &settings,
        &entries(&["A", "B", "C", "D"]),
        &sheets,
        &committee,
    );
    let advances: Vec<_> = decided
        .entries
        .iter()
        .map(|r| r.advancement.as_ref().unwrap().advances())
        .collect();
    assert_eq!(advances, [Some(true), Some(true), Some(false), Some(true)]);
    assert!(decided.can_finalise());

    let unreasoned = CommitteeDecisions {
        overrides: vec![Override {
            entry: "B".into(),
            action: OverrideAction::Add,
            reason: " ".into(),
        }],
        ..Default::default()
    };
    let refused = compute(&RoundInput {
        rubric: &rubric,
        settings: &settings,
        entries: &entries(&["A", "B", "C", "D"]),
        sheets: &sheets,
        committee: &unreasoned,
    });
    assert_eq!(
        refused.unwrap_err(),
        DomainError::Decision {
            entry: "B".into(),
            problem: DecisionProblem::ReasonMissing
        }
    );

    // A tied group that fits inside top N is not the committee's: all of it advances.
    settings.advance.as_mut().unwrap().top_n = Some(3);
    let fits = one_judge_round(&rows, &settings);
    let advances: Vec<_> = fits
        .entries
        .iter()
        .map(|r| r.advancement.as_ref().unwrap().advances())
        .collect();
    assert_eq!(advances, [Some(true), Some(true), Some(true), Some(false)]);
}

#[test]
fn top_five_per_category_with_a_minimum_of_50_and_no_zero_criterion() {
    let rubric = Rubric::new(vec![
        criterion("idea", dec!(0), dec!(90)),
        criterion("team", dec!(0), dec!(10)),
    ])
    .unwrap();
    let mut settings = RoundSettings::with_judges_per_entry(1);
    settings.advance = Some(AdvanceRule {
        top_n: Some(5),
        per_category: true,
        min_score: Some(dec!(50)),
        no_zero_criterion: NoZeroCriterion::All(true),
        ties_at_cutoff: CutoffTies::AllAdvance,
    });
    let rows: [(&str, &str, Decimal, Decimal); 10] = [
        ("S1", "students", dec!(88), dec!(7)),
        ("S2", "students", dec!(82), dec!(8)),
        ("S3", "students", dec!(85), dec!(0)),
        ("S4", "students", dec!(75), dec!(5)),
        ("S5", "students", dec!(62), dec!(8)),
        ("S6", "students", dec!(55), dec!(5)),
        ("S7", "students", dec!(50), dec!(5)),
        ("B1", "business", dec!(80), dec!(8)),
        ("B2", "business", dec!(45), dec!(4.5)),
        ("B3", "business", dec!(45), dec!(5)),
    ];
    let sheets: Vec<_> = rows
        .iter()
        .map(|(e, _, i, t)| sheet(&rubric, "J1", e, &[Some(*i), Some(*t)]))
        .collect();
    let mut listed: Vec<Entry> = rows
        .iter()
        .map(|(e, c, ..)| Entry::new(*e).in_category(*c))
        .collect();
    listed.push(Entry::new("B4").in_category("business"));
    let outcome = run(&rubric, &settings, &listed, &sheets);
    assert_eq!(
        verdicts(&outcome),
        owned(&[
            (
                "B1",
                Verdict::Advances(AdvanceReason::WithinTopN { rank: 1 })
            ),
            (
                "B2",
                Verdict::DoesNotAdvance(Exclusion::BelowMinScore {
                    score: dec!(49.5),
                    min_score: dec!(50)
                })
            ),
            (
                "B3",
                Verdict::Advances(AdvanceReason::WithinTopN { rank: 2 })
            ),
            ("B4", Verdict::DoesNotAdvance(Exclusion::Incomplete)),
            (
                "S1",
                Verdict::Advances(AdvanceReason::WithinTopN { rank: 1 })
            ),
            (
                "S2",
                Verdict::Advances(AdvanceReason::WithinTopN { rank: 2 })
            ),
            (
                "S3",
                Verdict::DoesNotAdvance(Exclusion::ZeroCriterion {
                    criterion: "team".into()
                })
            ),
            (
                "S4",
                Verdict::Advances(AdvanceReason::WithinTopN { rank: 4 })
            ),
            (
                "S5",
                Verdict::Advances(AdvanceReason::WithinTopN { rank: 5 })
            ),
            (
                "S6",
                Verdict::Advances(AdvanceReason::WithinTopN { rank: 6 })
            ),
            (
                "S7",
                Verdict::DoesNotAdvance(Exclusion::BelowCutoff {
                    rank: 7,
                    last_rank: 6
                })
            ),
        ])
    );
    // Overall S1 95, S2 90, B1 88, S3 85: the round ranks S3 fourth, its category third.
    let s3 = outcome.entry("S3").unwrap();
    let places = (
        s3.rank.as_ref().map(|p| p.rank),
        s3.category_rank.as_ref().map(|p| p.rank),
    );
    assert_eq!(places, (Some(4), Some(3)));
}

fn final_round(policy: BoundaryPolicy) -> RoundSettings {
    let prize = |vi: &str, en: &str, count, min_score| Prize {
        name: Localized::new(vi, en),
        count,
        min_score,
    };
    let mut settings = RoundSettings::with_judges_per_entry(1);
    settings.is_final = true;
    settings.prizes = Some(PrizeRule {
        per_category: false,
        at_boundary: policy,
        list: vec![
            prize("Giải Nhất", "First prize", 1, None),
            prize("Giải Nhì", "Second prize", 1, None),
            prize("Giải Ba", "Third prize", 2, None),
            prize(
                "Giải Khuyến khích",
                "Encouragement prize",
                2,
                Some(dec!(78)),
            ),
        ],
    });
    settings
}

const FINALISTS: [(&str, Decimal); 7] = [
    ("A", dec!(95)),
    ("B", dec!(90)),
    ("C", dec!(90)),
    ("D", dec!(85)),
    ("E", dec!(80)),
    ("F", dec!(75)),
    ("G", dec!(70)),
];

fn prizes(outcome: &RoundOutcome) -> Vec<(String, PrizeVerdict)> {
    outcome
        .entries
        .iter()
        .map(|r| {
            (
                r.entry.code.clone(),
                r.prize.as_ref().unwrap().by_rules.clone(),
            )
        })
        .collect()
}

#[test]
fn a_tie_across_the_second_and_third_prize_shares_the_higher_prize_under_share() {
    let outcome = one_judge_round(&FINALISTS, &final_round(BoundaryPolicy::Share));
    let won = |prize, shared| PrizeVerdict::Awarded { prize, shared };
    assert_eq!(
        prizes(&outcome),
        owned(&[
            ("A", won(0, false)),
            ("B", won(1, true)),
            ("C", won(1, true)),
            ("D", won(2, false)),
            ("E", won(2, false)),
            (
                "F",
                PrizeVerdict::NotAwarded(NoPrize::BelowMinScore {
                    prize: 3,
                    min_score: dec!(78)
                })
            ),
            (
                "G",
                PrizeVerdict::NotAwarded(NoPrize::BelowMinScore {
                    prize: 3,
                    min_score: dec!(78)
                })
            ),
        ])
    );
    assert!(outcome.can_finalise());
}

#[test]
fn a_tie_across_the_second_and_third_prize_waits_for_the_committee_under_committee_decides() {
    let settings = final_round(BoundaryPolicy::CommitteeDecides);
    let outcome = one_judge_round(&FINALISTS, &settings);
    let span = PrizeVerdict::CommitteeDecides {
        options: vec![
            PrizePlaces {
                prize: Some(1),
                places: 1,
            },
            PrizePlaces {
                prize: Some(2),
                places: 1,
            },
        ],
    };
    let won = |prize| PrizeVerdict::Awarded {
        prize,
        shared: false,
    };
    assert_eq!(
        prizes(&outcome),
        owned(&[
            ("A", won(0)),
            ("B", span.clone()),
            ("C", span),
            ("D", won(2)),
            ("E", won(3)),
            (
                "F",
                PrizeVerdict::NotAwarded(NoPrize::BelowMinScore {
                    prize: 3,
                    min_score: dec!(78)
                })
            ),
            (
                "G",
                PrizeVerdict::NotAwarded(NoPrize::BelowMinScore {
                    prize: 3,
                    min_score: dec!(78)
                })
            ),
        ])
    );
    assert_eq!(
        outcome.pending,
        [
            Pending::PrizeTie { entry: "B".into() },
            Pending::PrizeTie { entry: "C".into() }
        ]
    );

    let rubric = single();
    let sheets: Vec<_> = FINALISTS
        .iter()
        .map(|(e, t)| sheet(&rubric, "J1", e, &[Some(*t)]))
        .collect();
    let codes = entries(&FINALISTS.map(|f| f.0));
    let choose = |entry: &str, prize| PrizeChoice {
        entry: entry.into(),
        prize: Some(prize),
        reason: "jury vote 4–3".into(),
    };
    let committee = CommitteeDecisions {
        prize_choices: vec![choose("B", 2), choose("C", 3)],
        ..Default::default()
    };
    let decided = decide(&rubric, &settings, &codes, &sheets, &committee);
    let chosen: Vec<_> = decided
        .entries
        .iter()
        .map(|r| r.prize.as_ref().unwrap().prize())
        .collect();
    assert_eq!(
        chosen,
        [
            Some(Some(0)),
            Some(Some(1)),
            Some(Some(2)),
            Some(Some(2)),
            Some(Some(3)),
            Some(None),
            Some(None)
        ]
    );
    assert!(decided.can_finalise());

    let greedy = CommitteeDecisions {
        prize_choices: vec![choose("B", 2), choose("C", 2)],
        ..Default::default()
    };
    let refused = compute(&RoundInput {
        rubric: &rubric,
        settings: &settings,
        entries: &codes,
        sheets: &sheets,
        committee: &greedy,
    });
    assert_eq!(
        refused.unwrap_err(),
        DomainError::Decision {
            entry: "C".into(),
            problem: DecisionProblem::TooManyForPrize {
                prize: Some(2),
                places: 1
            }
        }
    );
}

#[test]
fn a_tie_across_the_end_of_the_prize_list_is_a_boundary_too() {
    let rows = [("A", dec!(95)), ("B", dec!(90)), ("C", dec!(90))];
    let mut settings = final_round(BoundaryPolicy::Share);
    settings.prizes.as_mut().unwrap().list.truncate(2);
    let shared = one_judge_round(&rows, &settings);
    assert_eq!(
        prizes(&shared)[2],
        (
            "C".to_string(),
            PrizeVerdict::Awarded {
                prize: 1,
                shared: true
            }
        )
    );
    settings.prizes.as_mut().unwrap().at_boundary = BoundaryPolicy::CommitteeDecides;
    let open = one_judge_round(&rows, &settings);
    assert_eq!(
        prizes(&open)[2],
        (
            "C".to_string(),
            PrizeVerdict::CommitteeDecides {
                options: vec![
                    PrizePlaces {
                        prize: Some(1),
                        places: 1
                    },
                    PrizePlaces {
                        prize: None,
                        places: 1
                    }
                ]
            }
        )
    );
}

#[test]
fn settings_that_break_a_rule_are_refused_naming_the_setting() {
    let rubric = single();
    let mut settings = RoundSettings::with_judges_per_entry(3);
    settings.tie_breaks = vec![TieBreak::Criterion("novelty".into())];
    let err = settings.validate(&rubric).unwrap_err();
    assert_eq!(
        err.message(jurydesk_domain::Lang::En),
        "Setting \"tie_breaks\": there is no criterion \"novelty\" in the rubric."
    );
    assert_eq!(
        err.message(jurydesk_domain::Lang::Vi),
        "Thiết lập \"tie_breaks\": không có tiêu chí \"novelty\" trong bộ tiêu chí."
    );
    let mut prizes_early = RoundSettings::with_judges_per_entry(3);
    prizes_early.prizes = final_round(BoundaryPolicy::Share).prizes;
    assert!(matches!(
        prizes_early.validate(&rubric),
        Err(DomainError::Setting { .. })
    ));
}

#[test]
fn committee_decisions_that_do_not_fit_the_round_are_refused() {
    let rubric = single();
    let sheets: Vec<_> = FINALISTS
        .iter()
        .map(|(e, t)| sheet(&rubric, "J1", e, &[Some(*t)]))
        .collect();
    let codes = entries(&FINALISTS.map(|f| f.0));
    let attempt = |settings: &RoundSettings, committee: CommitteeDecisions| {
        compute(&RoundInput {
            rubric: &rubric,
            settings,
            entries: &codes,
            sheets: &sheets,
            committee: &committee,
        })
        .unwrap_err()
    };
    let add = CommitteeDecisions {
        overrides: vec![Override {
            entry: "G".into(),
            action: OverrideAction::Add,
            reason: "wildcard".into(),
        }],
        ..Default::default()
    };
    assert_eq!(
        attempt(&final_round(BoundaryPolicy::Share), add),
        DomainError::Decision {
            entry: "G".into(),
            problem: DecisionProblem::FinalRound
        }
    );
    let choose = CommitteeDecisions {
        prize_choices: vec![PrizeChoice {
            entry: "A".into(),
            prize: Some(2),
            reason: "modesty".into(),
        }],
        ..Default::default()
    };
    assert_eq!(
        attempt(
            &final_round(BoundaryPolicy::CommitteeDecides),
            choose.clone()
        ),
        DomainError::Decision {
            entry: "A".into(),
            problem: DecisionProblem::NoPrizeTie
        }
    );
    assert_eq!(
        attempt(&RoundSettings::with_judges_per_entry(1), choose),
        DomainError::Decision {
            entry: "A".into(),
            problem: DecisionProblem::NoPrizeTie
        }
    );
    let unknown = CommitteeDecisions {
        overrides: vec![Override {
            entry: "Q".into(),
            action: OverrideAction::Remove,
            reason: "late".into(),
        }],
        ..Default::default()
    };
    assert_eq!(
        attempt(&RoundSettings::with_judges_per_entry(1), unknown)
            .message(jurydesk_domain::Lang::Vi),
        "Quyết định của Ban tổ chức về hồ sơ Q: không có hồ sơ này trong vòng."
    );
}
