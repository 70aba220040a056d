//! SCORING.md §6–§7 and §11 as hand-computed tables: ranking and advancement.

mod common;

use common::*;
use jurydesk_domain::advancement::{AdvanceReason, Exclusion, Verdict};
use jurydesk_domain::committee::{CommitteeDecisions, Override, OverrideAction};
use jurydesk_domain::error::{DecisionProblem, DomainError};
use jurydesk_domain::ranking::DecidedBy;
use jurydesk_domain::round::{Entry, Pending, RoundInput, RoundOutcome, compute};
use jurydesk_domain::rubric::{Rubric, criterion};
use jurydesk_domain::settings::{
    AdvanceRule, CutoffTies, NoZeroCriterion, RoundSettings, TieBreak,
};
use jurydesk_domain::sheet::ScoreSheet;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

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
    let b = outcome.placing(
        &outcome.entry("B").unwrap().rank.unwrap(),
        &settings.tie_breaks,
    );
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
    let a = outcome.placing(
        &outcome.entry("A").unwrap().rank.unwrap(),
        &settings.tie_breaks,
    );
    let feasibility = DecidedBy::TieBreak(TieBreak::Criterion("feasibility".into()));
    assert_eq!(
        a.above.map(|n| (n.code, n.decided_by)),
        Some(("B".into(), feasibility))
    );
    let c = outcome.placing(
        &outcome.entry("C").unwrap().rank.unwrap(),
        &settings.tie_breaks,
    );
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

#[test]
fn an_entrys_category_place_is_its_place_were_its_category_ranked_alone() {
    // Forty entries in three categories and none, scored so that scores, the first criterion
    // and submission times all tie now and then.
    let rubric = Rubric::new(vec![
        criterion("novelty", dec!(0), dec!(4)),
        criterion("team", dec!(0), dec!(2)),
    ])
    .unwrap();
    let mut settings = RoundSettings::with_judges_per_entry(1);
    settings.tie_breaks = vec![
        TieBreak::Criterion("novelty".into()),
        TieBreak::EarlierSubmission,
    ];
    let categories = [Some("A"), Some("B"), None, Some("C")];
    let round: Vec<(Entry, ScoreSheet)> = (0..40u32)
        .map(|i| {
            let code = format!("E{:02}", (i * 17) % 40);
            let mut entry = Entry::new(&code);
            entry.category = categories[(i % 4) as usize].map(str::to_owned);
            entry.submitted_at = chrono::DateTime::from_timestamp(i64::from(i % 3), 0);
            let scores = [
                Some(Decimal::from((i * 7) % 5)),
                Some(Decimal::from((i * 3) % 3)),
            ];
            let sheet = sheet(&rubric, "J", &code, &scores);
            (entry, sheet)
        })
        .collect();
    let outcome = |round: &[&(Entry, ScoreSheet)]| {
        let entries: Vec<Entry> = round.iter().map(|(e, _)| e.clone()).collect();
        let sheets: Vec<ScoreSheet> = round.iter().map(|(_, s)| s.clone()).collect();
        compute(&RoundInput {
            rubric: &rubric,
            settings: &settings,
            entries: &entries,
            sheets: &sheets,
            committee: &CommitteeDecisions::default(),
        })
        .unwrap()
    };
    let whole = outcome(&round.iter().collect::<Vec<_>>());
    for category in categories {
        let alone = outcome(
            &round
                .iter()
                .filter(|(e, _)| e.category.as_deref() == category)
                .collect::<Vec<_>>(),
        );
        let placing = |o: &RoundOutcome, code: &str, within: bool| {
            let r = o.entry(code).unwrap();
            let place = if within { r.category_rank } else { r.rank };
            o.placing(&place.unwrap(), &settings.tie_breaks)
        };
        for r in &alone.entries {
            assert_eq!(
                placing(&whole, &r.entry.code, true),
                placing(&alone, &r.entry.code, false),
                "{}",
                r.entry.code
            );
        }
    }
}
