//! The steps of [`super::compute`] after scoring: ranking, advancement, warnings, pending.

use crate::advancement::{self, Advancement, Contender};
use crate::calibration::{SCALING_MIN_SHEETS, judge_groups};
use crate::ranking::{Place, Rankable, Ranker, ResolvedTieBreak};
use crate::round::{EntryResult, EntryStatus, Grouped, HashMap, Pending, Warning};
use crate::rubric::Rubric;
use crate::scoring::CalibrationReport;
use crate::settings::{RoundSettings, TieBreak};

/// §6: ranks ranked entries in the round and in their categories; returns the display order.
pub(super) fn place(
    rubric: &Rubric,
    settings: &RoundSettings,
    scopes: &Scopes,
    results: &mut [EntryResult],
) -> Vec<usize> {
    let chain: Vec<ResolvedTieBreak> = settings
        .tie_breaks
        .iter()
        .map(|rule| ResolvedTieBreak {
            criterion: match rule {
                TieBreak::Criterion(key) => rubric.position(key),
                TieBreak::EarlierSubmission => None,
            },
            rule: rule.clone(),
        })
        .collect();
    let ranked: Vec<usize> = (0..results.len())
        .filter(|&i| results[i].status == EntryStatus::Ranked)
        .collect();
    let items: Vec<Rankable> = ranked
        .iter()
        .map(|&i| Rankable {
            code: &results[i].entry.code,
            score: results[i].scoring.score.unwrap_or_default(),
            criteria: &results[i].scoring.criteria,
            submitted_at: results[i].entry.submitted_at,
        })
        .collect();
    let ranker = Ranker::new(&items, &chain);
    let everyone: Vec<usize> = (0..items.len()).collect();
    let overall = ranker.rank(&everyone);
    // Each category's members in the round's display order, which is their order within the
    // category too: the same rules compare them.
    let mut categories: Vec<Vec<usize>> = vec![Vec::new(); scopes.count];
    for &(k, _) in &overall {
        categories[scopes.category[ranked[k]]].push(k);
    }
    let mut order: Vec<usize> = overall.iter().map(|&(k, _)| ranked[k]).collect();
    // Places gathered by ranked entry, then written to the results in their own order: the
    // results are large, and written in rank order each would be a separate wait for memory.
    // Neighbours are numbered among the ranked entries; the outcome numbers all entries.
    let mut places: Vec<(Option<Place>, Option<Place>)> = vec![(None, None); ranked.len()];
    for (k, place) in overall {
        places[k].0 = Some(place.renumbered(|k| ranked[k]));
    }
    for (k, place) in categories
        .iter()
        .flat_map(|members| ranker.place_in_order(members))
    {
        places[k].1 = Some(place.renumbered(|k| ranked[k]));
    }
    for (&i, (rank, category_rank)) in ranked.iter().zip(places) {
        results[i].rank = rank;
        results[i].category_rank = category_rank;
    }
    order.extend((0..results.len()).filter(|&i| results[i].status != EntryStatus::Ranked));
    order
}

/// Numbers each entry's category (entries without one share a category of their own, §11),
/// in the categories' order.
pub(super) struct Scopes {
    pub(super) category: Vec<usize>,
    pub(super) count: usize,
}

impl Scopes {
    pub(super) fn of(results: &[EntryResult]) -> Scopes {
        // Numbered as first met, then renumbered in the categories' order.
        let mut numbers: HashMap<Option<&str>, usize> = HashMap::default();
        let met: Vec<usize> = results
            .iter()
            .map(|r| {
                let next = numbers.len();
                *numbers.entry(r.entry.category.as_deref()).or_insert(next)
            })
            .collect();
        let mut names: Vec<(Option<&str>, usize)> = numbers.into_iter().collect();
        names.sort_unstable();
        let mut renumbered = vec![0; names.len()];
        for (number, &(_, met)) in names.iter().enumerate() {
            renumbered[met] = number;
        }
        Scopes {
            category: met.into_iter().map(|m| renumbered[m]).collect(),
            count: names.len(),
        }
    }
}

pub(super) fn decide_advancement(
    rubric: &Rubric,
    settings: &RoundSettings,
    scopes: &Scopes,
    results: &mut [EntryResult],
) {
    let rule = settings.advance.as_ref();
    let per_category = rule.is_some_and(|r| r.per_category);
    let contenders: Vec<Contender> = results
        .iter()
        .enumerate()
        .map(|(i, r)| Contender {
            scope: if per_category { scopes.category[i] } else { 0 },
            rank: if per_category {
                &r.category_rank
            } else {
                &r.rank
            }
            .as_ref()
            .map(|p| p.rank),
            complete: r.status != EntryStatus::Incomplete,
            disqualified: r.status == EntryStatus::Disqualified,
            score: r.scoring.score,
            criteria: &r.scoring.criteria,
        })
        .collect();
    let verdicts = advancement::decide(rule, rubric, &contenders);
    for (r, by_rules) in results.iter_mut().zip(verdicts) {
        r.advancement = Some(Advancement {
            by_rules,
            committee: None,
        });
    }
}

/// §4: disconnected judge groups and judges with too few sheets to be rescaled.
pub(super) fn calibration_warnings(
    report: Option<&CalibrationReport>,
    grouped: &Grouped,
) -> Vec<Warning> {
    let Some(report) = report else {
        return Vec::new();
    };
    let mut warnings = Vec::new();
    // The report lists every judge with a counted sheet, in the judges' numbered order.
    let judges: Vec<&str> = report.judges.iter().map(|j| j.judge.as_str()).collect();
    let groups = judge_groups(
        &judges,
        (0..grouped.entries()).map(|i| grouped.of_entry(i).iter().map(|c| c.judge)),
    );
    if groups.len() > 1 {
        warnings.push(Warning::DisconnectedJudges {
            groups: groups
                .into_iter()
                .map(|g| g.into_iter().map(str::to_owned).collect())
                .collect(),
        });
    }
    warnings.extend(
        report
            .judges
            .iter()
            .filter(|j| j.spread.sheets < SCALING_MIN_SHEETS)
            .map(|j| Warning::FewSheets {
                judge: j.judge.clone(),
                sheets: j.spread.sheets,
                mode: j.mode,
            }),
    );
    warnings
}

pub(super) fn pending(settings: &RoundSettings, results: &[EntryResult]) -> Vec<Pending> {
    let advisory = settings.discrepancy.as_ref().is_some_and(|d| d.advisory);
    let mut pending = Vec::new();
    for r in results {
        let entry = || r.entry.code.clone();
        if !advisory && r.flag.as_ref().is_some_and(|f| f.accepted.is_none()) {
            pending.push(Pending::OpenFlag { entry: entry() });
        }
        if r.advancement
            .as_ref()
            .is_some_and(|a| a.advances().is_none())
        {
            pending.push(Pending::CutoffTie { entry: entry() });
        }
        if r.prize.as_ref().is_some_and(|p| p.prize().is_none()) {
            pending.push(Pending::PrizeTie { entry: entry() });
        }
    }
    pending
}
