//! National-scale scoring (issue 4): 20,000 entries in 8 categories, 1,000 judges, k = 3,
//! 6 criteria, 60,000 sheets. Figures are recorded in docs/benchmarks.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use jurydesk_domain::advancement::{self, Contender};
use jurydesk_domain::committee::CommitteeDecisions;
use jurydesk_domain::digest::digest;
use jurydesk_domain::localized::Localized;
use jurydesk_domain::prizes::{self, Contestant, NoPrize};
use jurydesk_domain::round::{Entry, EntryResult, RoundInput, compute};
use jurydesk_domain::rubric::{Rubric, criterion};
use jurydesk_domain::settings::{
    AdvanceRule, AggregateKind, BoundaryPolicy, NoZeroCriterion, Prize, PrizeRule, RoundSettings,
    TieBreak,
};
use jurydesk_domain::sheet::ScoreSheet;
use rust_decimal::Decimal;

const ENTRIES: usize = 20_000;
const CATEGORIES: usize = 8;
const JUDGES: usize = 1_000;
const K: usize = 3;

/// A fixed linear congruential generator: the same round on every run and machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

struct Round {
    rubric: Rubric,
    entries: Vec<Entry>,
    sheets: Vec<ScoreSheet>,
}

fn generate() -> Round {
    let maxima = [25, 20, 20, 15, 10, 10];
    let keys = [
        "novelty",
        "feasibility",
        "market",
        "impact",
        "team",
        "pitch",
    ];
    let rubric = Rubric::new(
        keys.iter()
            .zip(maxima)
            .map(|(k, max)| criterion(k, Decimal::ZERO, Decimal::from(max)))
            .collect(),
    )
    .expect("the bench rubric is valid");
    let mut rng = Lcg(2026);
    let entries: Vec<Entry> = (0..ENTRIES)
        .map(|i| {
            let mut entry =
                Entry::new(format!("E-{i:05}")).in_category(format!("C{}", i % CATEGORIES));
            entry.submitted_at =
                chrono::DateTime::from_timestamp(1_790_000_000 + rng.next(2_000_000) as i64, 0);
            entry
        })
        .collect();
    let mut sheets = Vec::with_capacity(ENTRIES * K);
    for (i, entry) in entries.iter().enumerate() {
        // Judges i, i + 337, i + 674 (mod 1000): 60 sheets each, one connected round.
        for t in 0..K {
            let judge = (i + t * 337) % JUDGES;
            let severity = (judge % 7) as u64;
            let scores: Vec<(&str, Decimal)> = keys
                .iter()
                .zip(maxima)
                .map(|(k, max)| {
                    let halves = (max as u64) * 2;
                    let value = (rng.next(halves / 2 + 1) + halves / 3 + severity).min(halves);
                    (*k, Decimal::new(value as i64 * 5, 1))
                })
                .collect();
            sheets.push(
                ScoreSheet::submitted(
                    &rubric,
                    format!("J-{judge:04}"),
                    entry.code.clone(),
                    &scores,
                )
                .expect("generated scores are on the rubric"),
            );
        }
    }
    Round {
        rubric,
        entries,
        sheets,
    }
}

fn settings(aggregate: AggregateKind) -> RoundSettings {
    let mut settings = RoundSettings::with_judges_per_entry(K as u32);
    settings.aggregate = aggregate;
    settings.tie_breaks = vec![
        TieBreak::Criterion("novelty".into()),
        TieBreak::EarlierSubmission,
    ];
    settings
}

fn with_advancement() -> RoundSettings {
    let mut s = settings(AggregateKind::NormalizedMean);
    s.advance = Some(AdvanceRule {
        top_n: Some(5),
        per_category: true,
        min_score: Some(Decimal::from(50)),
        no_zero_criterion: NoZeroCriterion::All(true),
        ..Default::default()
    });
    s
}

fn with_prizes() -> RoundSettings {
    let mut s = settings(AggregateKind::NormalizedMean);
    s.is_final = true;
    let prize = |vi: &str, count| Prize {
        name: Localized::new(vi, vi),
        count,
        min_score: None,
    };
    s.prizes = Some(PrizeRule {
        per_category: true,
        at_boundary: BoundaryPolicy::Share,
        list: vec![
            prize("Nhất", 1),
            prize("Nhì", 2),
            prize("Ba", 3),
            prize("Khuyến khích", 5),
        ],
    });
    s
}

fn scoring(c: &mut Criterion) {
    let round = generate();
    let none = CommitteeDecisions::default();
    let mut group = c.benchmark_group("scoring");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    let cases = [
        ("mean_and_ranking", settings(AggregateKind::Mean)),
        ("trimmed_mean_and_ranking", {
            let mut s = settings(AggregateKind::TrimmedMean);
            s.trim = Some(1);
            s
        }),
        (
            "normalized_mean_and_ranking",
            settings(AggregateKind::NormalizedMean),
        ),
        ("normalized_mean_ranking_advancement", with_advancement()),
        ("normalized_mean_ranking_prizes", with_prizes()),
    ];
    for (name, settings) in &cases {
        let input = RoundInput {
            rubric: &round.rubric,
            settings,
            entries: &round.entries,
            sheets: &round.sheets,
            committee: &none,
        };
        group.bench_function(*name, |b| {
            b.iter(|| compute(black_box(&input)).expect("the bench round computes"))
        });
    }
    let settings = with_advancement();
    let input = RoundInput {
        rubric: &round.rubric,
        settings: &settings,
        entries: &round.entries,
        sheets: &round.sheets,
        committee: &none,
    };
    let outcome = compute(&input).expect("the bench round computes");
    group.bench_function("digest", |b| {
        b.iter(|| digest(black_box(&input), black_box(&outcome)))
    });

    // Advancement and prizes alone, on the ranked round: top 5 per category with a minimum
    // and no zero criterion, then four prizes per category.
    let category = |r: &EntryResult| {
        r.entry
            .category
            .as_deref()
            .and_then(|c| c[1..].parse::<usize>().ok())
            .unwrap_or(0)
    };
    let rule = with_advancement().advance;
    let prize_rule = with_prizes()
        .prizes
        .expect("the bench final round has prizes");
    group.bench_function("advancement_and_prizes", |b| {
        b.iter(|| {
            let contenders: Vec<Contender> = outcome
                .entries
                .iter()
                .map(|r| Contender {
                    scope: category(r),
                    rank: r.category_rank.as_ref().map(|p| p.rank),
                    complete: r.scoring.complete,
                    disqualified: r.entry.disqualified,
                    score: r.scoring.score,
                    criteria: &r.scoring.criteria,
                })
                .collect();
            let verdicts = advancement::decide(rule.as_ref(), &round.rubric, &contenders);
            let contestants: Vec<Contestant> = outcome
                .entries
                .iter()
                .map(|r| Contestant {
                    scope: category(r),
                    standing: match (&r.category_rank, r.scoring.score) {
                        (Some(p), Some(score)) => Ok((p.rank, score)),
                        _ => Err(NoPrize::Incomplete),
                    },
                })
                .collect();
            black_box((verdicts, prizes::award(&prize_rule, &contestants)))
        })
    });
    group.finish();
}

criterion_group!(benches, scoring);
criterion_main!(benches);
