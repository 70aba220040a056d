//! The steps of [`super::compute`] after scoring: ranking, advancement, prizes, warnings,
//! pending.

use crate::advancement::{self, Contender, Verdict};
use crate::calibration::{SCALING_MIN_SHEETS, judge_groups};
use crate::prizes::{self, Contestant, NoPrize, PrizeVerdict};
use crate::ranking::{Place, Rankable, Ranker, ResolvedTieBreak};
use crate::round::{Entry, EntryResult, EntryStatus, Grouped, HashMap, Pending, Warning};
use crate::rubric::Rubric;
use crate::scoring::{CalibrationReport, EntryScore};
use crate::settings::{PrizeRule, RoundSettings, TieBreak};

/// What ranking, advancement and prizes read of each entry, in entry code order.
pub(super) struct Standings<'a> {
    pub(super) entries: &'a [&'a Entry],
    pub(super) scores: &'a [EntryScore],
    pub(super) status: &'a [EntryStatus],
}

/// An entry's place in the round and in its category; both `None` unless it is ranked.
pub(super) type Places = (Option<Place>, Option<Place>);

/// §6: ranks ranked entries in the round and in their categories; returns the display order
/// and each entry's places.
pub(super) fn place(
    rubric: &Rubric,
    settings: &RoundSettings,
    scopes: &Scopes,
    standings: &Standings,
) -> (Vec<usize>, Vec<Places>) {
    let Standings {
        entries,
        scores,
        status,
    } = *standings;
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
    let ranked: Vec<usize> = (0..status.len())
        .filter(|&i| status[i] == EntryStatus::Ranked)
        .collect();
    let items: Vec<Rankable> = ranked
        .iter()
        .map(|&i| Rankable {
            code: &entries[i].code,
            score: scores[i].score.unwrap_or_default(),
            criteria: &scores[i].criteria,
            submitted_at: entries[i].submitted_at,
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
    // Neighbours are numbered among the ranked entries; the outcome numbers all entries.
    let mut places: Vec<Places> = vec![(None, None); status.len()];
    for (k, place) in overall {
        places[ranked[k]].0 = Some(place.renumbered(|k| ranked[k]));
    }
    for (k, place) in categories
        .iter()
        .flat_map(|members| ranker.place_in_order(members))
    {
        places[ranked[k]].1 = Some(place.renumbered(|k| ranked[k]));
    }
    order.extend((0..status.len()).filter(|&i| status[i] != EntryStatus::Ranked));
    (order, places)
}

/// Numbers each entry's category (entries without one share a category of their own, §11),
/// in the categories' order.
pub(super) struct Scopes {
    pub(super) category: Vec<usize>,
    pub(super) count: usize,
}

impl Scopes {
    pub(super) fn of(entries: &[&Entry]) -> Scopes {
        // Numbered as first met, then renumbered in the categories' order.
        let mut numbers: HashMap<Option<&str>, usize> = HashMap::default();
        let met: Vec<usize> = entries
            .iter()
            .map(|e| {
                let next = numbers.len();
                *numbers.entry(e.category.as_deref()).or_insert(next)
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

/// §7: the rules' verdict for each entry.
pub(super) fn decide_advancement(
    rubric: &Rubric,
    settings: &RoundSettings,
    scopes: &Scopes,
    standings: &Standings,
    places: &[Places],
) -> Vec<Verdict> {
    let rule = settings.advance.as_ref();
    let per_category = rule.is_some_and(|r| r.per_category);
    let contenders: Vec<Contender> = (0..places.len())
        .map(|i| {
            let (rank, category_rank) = &places[i];
            let status = standings.status[i];
            Contender {
                scope: if per_category { scopes.category[i] } else { 0 },
                rank: if per_category { category_rank } else { rank }
                    .as_ref()
                    .map(|p| p.rank),
                complete: status != EntryStatus::Incomplete,
                disqualified: status == EntryStatus::Disqualified,
                score: standings.scores[i].score,
                criteria: &standings.scores[i].criteria,
            }
        })
        .collect();
    advancement::decide(rule, rubric, &contenders)
}

/// §8: the rules' prize for each entry of a final round.
pub(super) fn award_prizes(
    rule: &PrizeRule,
    scopes: &Scopes,
    standings: &Standings,
    places: &[Places],
) -> Vec<PrizeVerdict> {
    let contestants: Vec<Contestant> = (0..places.len())
        .map(|i| Contestant {
            scope: if rule.per_category {
                scopes.category[i]
            } else {
                0
            },
            standing: match (standings.status[i], &places[i], standings.scores[i].score) {
                (EntryStatus::Disqualified, ..) => Err(NoPrize::Disqualified),
                (EntryStatus::Ranked, (Some(overall), Some(category)), Some(score)) => Ok((
                    if rule.per_category {
                        category.rank
                    } else {
                        overall.rank
                    },
                    score,
                )),
                _ => Err(NoPrize::Incomplete),
            },
        })
        .collect();
    prizes::award(rule, &contestants)
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
