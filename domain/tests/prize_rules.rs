//! SCORING.md §8 and §11 as hand-computed tables: prizes, settings and committee decisions.

mod common;

use common::*;
use jurydesk_domain::committee::{CommitteeDecisions, Override, OverrideAction, PrizeChoice};
use jurydesk_domain::error::{DecisionProblem, DomainError, SettingRule};
use jurydesk_domain::localized::Localized;
use jurydesk_domain::prizes::{NoPrize, PrizePlaces, PrizeVerdict};
use jurydesk_domain::round::{Pending, RoundInput, RoundOutcome, compute};
use jurydesk_domain::settings::{BoundaryPolicy, Prize, PrizeRule, RoundSettings, TieBreak};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

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
        err,
        DomainError::Setting {
            setting: "tie_breaks".into(),
            rule: SettingRule::UnknownCriterion {
                key: "novelty".into()
            }
        }
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
        attempt(&RoundSettings::with_judges_per_entry(1), unknown),
        DomainError::Decision {
            entry: "Q".into(),
            problem: DecisionProblem::UnknownEntry
        }
    );
}
