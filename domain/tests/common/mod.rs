//! Builders shared by the rule tables.
#![allow(dead_code)]

use jurydesk_domain::committee::CommitteeDecisions;
use jurydesk_domain::round::{Entry, RoundInput, RoundOutcome, compute};
use jurydesk_domain::rubric::{Rubric, criterion};
use jurydesk_domain::settings::RoundSettings;
use jurydesk_domain::sheet::ScoreSheet;
use rust_decimal::Decimal;

/// One criterion, `overall`, 0–100 in steps of 0.5: a sheet's total is its one score.
pub fn single() -> Rubric {
    Rubric::new(vec![criterion(
        "overall",
        Decimal::ZERO,
        Decimal::ONE_HUNDRED,
    )])
    .unwrap()
}

/// A submitted sheet with `scores` in rubric order (`None` = blank).
pub fn sheet(rubric: &Rubric, judge: &str, entry: &str, scores: &[Option<Decimal>]) -> ScoreSheet {
    let keyed: Vec<(&str, Decimal)> = rubric
        .criteria()
        .iter()
        .zip(scores)
        .filter_map(|(c, s)| s.map(|s| (c.key.as_str(), s)))
        .collect();
    ScoreSheet::submitted(rubric, judge, entry, &keyed).unwrap()
}

/// Sheets of a one-criterion rubric: `(judge, entry, total)`.
pub fn totals(rubric: &Rubric, rows: &[(&str, &str, Decimal)]) -> Vec<ScoreSheet> {
    rows.iter()
        .map(|(j, e, t)| sheet(rubric, j, e, &[Some(*t)]))
        .collect()
}

pub fn entries(codes: &[&str]) -> Vec<Entry> {
    codes.iter().map(|c| Entry::new(*c)).collect()
}

pub fn run(
    rubric: &Rubric,
    settings: &RoundSettings,
    entries: &[Entry],
    sheets: &[ScoreSheet],
) -> RoundOutcome {
    decide(
        rubric,
        settings,
        entries,
        sheets,
        &CommitteeDecisions::default(),
    )
}

pub fn decide(
    rubric: &Rubric,
    settings: &RoundSettings,
    entries: &[Entry],
    sheets: &[ScoreSheet],
    committee: &CommitteeDecisions,
) -> RoundOutcome {
    compute(&RoundInput {
        rubric,
        settings,
        entries,
        sheets,
        committee,
    })
    .unwrap()
}

/// `(code, score)` in entry-code order.
pub fn scores(outcome: &RoundOutcome) -> Vec<(String, Option<Decimal>)> {
    outcome
        .entries
        .iter()
        .map(|r| (r.entry.code.clone(), r.scoring.score))
        .collect()
}

/// `(code, overall rank)` in display order.
pub fn ranks(outcome: &RoundOutcome) -> Vec<(String, Option<u32>)> {
    outcome
        .order
        .iter()
        .map(|&i| {
            let r = &outcome.entries[i];
            (r.entry.code.clone(), r.rank.as_ref().map(|p| p.rank))
        })
        .collect()
}

pub fn owned<T: Clone>(rows: &[(&str, T)]) -> Vec<(String, T)> {
    rows.iter()
        .map(|(c, v)| (c.to_string(), v.clone()))
        .collect()
}

/// A round where judge J1 alone scores each entry on the one-criterion rubric.
pub fn one_judge_round(rows: &[(&str, Decimal)], settings: &RoundSettings) -> RoundOutcome {
    let rubric = single();
    let sheets: Vec<_> = rows
        .iter()
        .map(|(e, t)| sheet(&rubric, "J1", e, &[Some(*t)]))
        .collect();
    let codes: Vec<&str> = rows.iter().map(|r| r.0).collect();
    run(&rubric, settings, &entries(&codes), &sheets)
}
