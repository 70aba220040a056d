//! Judge assignment at national scale (SCORING.md §9): 20,000 entries, 1,000 judges,
//! 8 categories, k = 3, 100,000 declared conflicts plus those detected from organisations and
//! email domains. The round is generated from a fixed seed, so every run plans the same round.
//! A second round makes it hard: capacities barely above the places, one expertise per judge.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jurydesk_domain::assignment::{
    AssignmentRequest, Entry, Judge, Pairing, TeamMember, plan_assignment,
};

struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const CATEGORIES: u64 = 8;
const ENTRIES: u64 = 20_000;
const JUDGES: u64 = 1_000;
const DECLARED: u64 = 100_000;
/// Judges come from 300 organisations; founders from 2,000, of which those 300 are a part.
const JUDGE_ORGANISATIONS: u64 = 300;
const FOUNDER_ORGANISATIONS: u64 = 2_000;

/// `tight`: every judge has exactly one expertise and a maximum of 61 entries, so capacity
/// exceeds the 60,000 places by under 2% and categories never share a judge.
fn national_round(tight: bool) -> AssignmentRequest {
    let mut dice = Dice(2026);
    let category = |c: u64| format!("category-{c}");
    let judges: Vec<Judge> = (0..JUDGES)
        .map(|j| {
            let org = dice.below(JUDGE_ORGANISATIONS);
            let email = if dice.below(10) < 4 {
                format!("judge{j}@gmail.com")
            } else {
                format!("judge{j}@org{org}.edu.vn")
            };
            let first = dice.below(CATEGORIES);
            let mut expertise = vec![category(first)];
            if !tight && dice.below(3) == 0 {
                expertise.push(category(
                    (first + 1 + dice.below(CATEGORIES - 1)) % CATEGORIES,
                ));
            }
            let max_load = if tight {
                Some(61)
            } else {
                (dice.below(5) == 0).then(|| 40 + dice.below(31) as u32)
            };
            Judge {
                id: format!("J{j}"),
                name: format!("Giám khảo {j}"),
                email,
                organisation: format!("Tổ chức {org}"),
                expertise,
                max_load,
            }
        })
        .collect();
    let entries: Vec<Entry> = (0..ENTRIES)
        .map(|e| {
            let members = (0..1 + dice.below(4))
                .map(|m| {
                    let org = dice.below(FOUNDER_ORGANISATIONS);
                    let email = if dice.below(2) == 0 {
                        format!("founder{e}.{m}@yahoo.com.vn")
                    } else {
                        format!("founder{e}.{m}@org{org}.edu.vn")
                    };
                    TeamMember {
                        name: format!("Thành viên {e}.{m}"),
                        email,
                        organisation: format!("to chuc {org}"),
                    }
                })
                .collect();
            Entry {
                id: format!("entry-{e}"),
                code: format!("E-{e:05}"),
                category: Some(category(dice.below(CATEGORIES))),
                members,
            }
        })
        .collect();
    let declared_conflicts = (0..DECLARED)
        .map(|_| {
            let (j, e) = (dice.below(JUDGES), dice.below(ENTRIES));
            Pairing::new(format!("J{j}"), format!("entry-{e}"))
        })
        .collect();
    AssignmentRequest {
        entries,
        judges,
        declared_conflicts,
        lifted_conflicts: Vec::new(),
        keep: Vec::new(),
        judges_per_entry: 3,
        seed: 42,
    }
}

/// What the plan looks like, printed once so the recorded figures can say so.
fn report(round: &AssignmentRequest) {
    let Ok(plan) = plan_assignment(round) else {
        eprintln!("the national round was refused");
        return;
    };
    let loads = plan.loads.iter().map(|l| l.load);
    let (min, max) = (loads.clone().min().unwrap_or(0), loads.max().unwrap_or(0));
    eprintln!(
        "plan: {} pairs, {} conflicts found, {} short entries, loads {min}..={max}, \
         {} expertise matches (bound {:?}), {} judge group(s)",
        plan.assignments,
        plan.conflicts.len(),
        plan.shortfalls.len(),
        plan.expertise_matches,
        plan.expertise_bound,
        plan.judge_groups,
    );
}

fn national(c: &mut Criterion) {
    let mut group = c.benchmark_group("assignment");
    group.sample_size(10);
    for (name, tight) in [
        ("national", false),
        ("national, tight capacity, one expertise", true),
    ] {
        let round = national_round(tight);
        report(&round);
        group.bench_function(name, |b| b.iter(|| plan_assignment(black_box(&round))));
    }
    group.finish();
}

criterion_group!(benches, national);
criterion_main!(benches);
