//! One call that computes everything a round's results show (SCORING.md §3–§8, §11).

mod counted;
mod steps;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::advancement::Advancement;
use crate::calibration::CalibrationMode;
use crate::committee::CommitteeDecisions;
use crate::decisions;
use crate::discrepancy::{self, Flag};
use crate::error::DomainError;
use crate::prizes::PrizeAward;
use crate::ranking::{Place, Placing};
use crate::rubric::Rubric;
use crate::scoring::{CalibrationReport, EntryScore, score_round};
use crate::settings::{Aggregate, AggregateKind, RoundSettings, TieBreak};
use crate::sheet::ScoreSheet;
pub(crate) use counted::{Counted, EntryIndex, Grouped, HashMap};
use rust_decimal::Decimal;
use steps::{
    Scopes, Standings, award_prizes, calibration_warnings, decide_advancement, pending, place,
};

/// An entry of the round, as far as the rules look at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub code: String,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub submitted_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub title: Option<String>,
    /// Failed eligibility: listed, never ranked, advanced or awarded (§11).
    #[serde(default)]
    pub disqualified: bool,
}

impl Entry {
    pub fn new(code: impl Into<String>) -> Self {
        Entry {
            code: code.into(),
            category: None,
            submitted_at: None,
            title: None,
            disqualified: false,
        }
    }

    pub fn in_category(mut self, category: impl Into<String>) -> Self {
        self.category = Some(category.into());
        self
    }
}

/// A round's frozen inputs. Pass every sheet; only submitted ones count, and the caller passes
/// only sheets of judges assigned to the entry (§2).
#[derive(Debug, Clone, Copy)]
pub struct RoundInput<'a> {
    pub rubric: &'a Rubric,
    pub settings: &'a RoundSettings,
    pub entries: &'a [Entry],
    pub sheets: &'a [ScoreSheet],
    pub committee: &'a CommitteeDecisions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    Ranked,
    Incomplete,
    Disqualified,
}

impl EntryStatus {
    pub fn code(self) -> &'static str {
        match self {
            EntryStatus::Ranked => "ranked",
            EntryStatus::Incomplete => "incomplete",
            EntryStatus::Disqualified => "disqualified",
        }
    }
}

/// Everything the rules say about one entry; the explanation is read from these fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryResult {
    pub entry: Entry,
    pub status: EntryStatus,
    pub scoring: EntryScore,
    pub flag: Option<Flag>,
    /// §6: rank in the round; neighbours are indices into [`RoundOutcome::entries`].
    pub rank: Option<Place>,
    /// §6, §11: rank in its category (entries without one rank together).
    pub category_rank: Option<Place>,
    /// §7: present in rounds that are not final.
    pub advancement: Option<Advancement>,
    /// §8: present in final rounds with prizes.
    pub prize: Option<PrizeAward>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "warning")]
pub enum Warning {
    /// §4: judges whose sheets share no entries with the others' are calibrated apart.
    DisconnectedJudges { groups: Vec<Vec<String>> },
    /// §4: fewer than 3 sheets: the judge is only shifted, or not calibrated at all.
    FewSheets {
        judge: String,
        sheets: usize,
        mode: CalibrationMode,
    },
}

/// What still waits for the committee before the round can be finalised or published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "pending")]
pub enum Pending {
    /// §5: a discrepancy flag is open and the round's flags are not advisory.
    OpenFlag { entry: String },
    /// §7: the entry is in a tie across the advancement cutoff.
    CutoffTie { entry: String },
    /// §8: the entry is in a tie across a prize boundary.
    PrizeTie { entry: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundOutcome {
    pub precision: u32,
    pub aggregate: String,
    /// Ordered by entry code.
    pub entries: Vec<EntryResult>,
    /// Indices into `entries`: ranked entries in rank order, then the others by code.
    pub order: Vec<usize>,
    pub calibration: Option<CalibrationReport>,
    pub warnings: Vec<Warning>,
    pub pending: Vec<Pending>,
}

impl RoundOutcome {
    pub fn entry(&self, code: &str) -> Option<&EntryResult> {
        self.entries
            .binary_search_by(|e| e.entry.code.as_str().cmp(code))
            .ok()
            .map(|i| &self.entries[i])
    }

    /// A place with its neighbours named by code and its tie-breaks by rule (`tie_breaks`
    /// are the round's, as in its settings).
    pub fn placing(&self, place: &Place, tie_breaks: &[TieBreak]) -> Placing {
        place.resolve(|i| &self.entries[i].entry.code, tie_breaks)
    }

    /// §5, §7, §8: nothing waits for the committee.
    pub fn can_finalise(&self) -> bool {
        self.pending.is_empty()
    }
}

/// The entries sorted by code, and their numbers in that order; a blank or repeated code is
/// refused.
fn by_code(entries: &[Entry]) -> Result<(Vec<&Entry>, EntryIndex<'_>), DomainError> {
    let mut entries: Vec<&Entry> = entries.iter().collect();
    entries.sort_unstable_by(|a, b| a.code.cmp(&b.code));
    if entries.iter().any(|e| e.code.trim().is_empty()) {
        return Err(DomainError::EntryCodeMissing);
    }
    if let Some(pair) = entries.windows(2).find(|p| p[0].code == p[1].code) {
        return Err(DomainError::DuplicateEntry {
            code: pair[0].code.clone(),
        });
    }
    let index = EntryIndex::new(entries.iter().map(|e| e.code.as_str()).collect());
    Ok((entries, index))
}

/// Each entry's score in entry code order under one aggregation.
pub type ScoresUnder = (Aggregate, Vec<Option<Decimal>>);

/// §3 under each of the four aggregations, for the committee to compare with the round's own:
/// per aggregation (in `AggregateKind` order, `trimmed_mean` with the round's `trim`), each
/// entry's score in entry code order, as `compute` would give it had the round aggregated that
/// way. Only the round's own aggregation ranks; these decide nothing.
pub fn scores_by_aggregation(input: &RoundInput) -> Result<Vec<ScoresUnder>, DomainError> {
    let RoundInput {
        rubric, settings, ..
    } = *input;
    settings.validate(rubric)?;
    let (_, index) = by_code(input.entries)?;
    let counted = Grouped::group(rubric, &index, input.sheets)?;
    Ok([
        AggregateKind::Mean,
        AggregateKind::TrimmedMean,
        AggregateKind::Median,
        AggregateKind::NormalizedMean,
    ]
    .into_iter()
    .map(|kind| {
        let settings = RoundSettings {
            aggregate: kind,
            ..settings.clone()
        };
        let scored = score_round(rubric, &settings, &counted);
        let scores = scored.entries.into_iter().map(|e| e.score).collect();
        (settings.aggregate(), scores)
    })
    .collect())
}

/// Computes a round's scores, ranks, flags, advancement, prizes, warnings and explanations.
pub fn compute(input: &RoundInput) -> Result<RoundOutcome, DomainError> {
    let RoundInput {
        rubric, settings, ..
    } = *input;
    settings.validate(rubric)?;
    let (entries, index) = by_code(input.entries)?;
    let counted = Grouped::group(rubric, &index, input.sheets)?;
    let scored = score_round(rubric, settings, &counted);
    // The steps below read and write small lists by entry; each entry's result is written
    // once, at the end: results are large, and every pass over them waits for memory.
    let status: Vec<EntryStatus> = entries
        .iter()
        .zip(&scored.entries)
        .map(|(entry, scoring)| {
            if entry.disqualified {
                EntryStatus::Disqualified
            } else if scoring.complete && scoring.score.is_some() {
                EntryStatus::Ranked
            } else {
                EntryStatus::Incomplete
            }
        })
        .collect();
    let scopes = Scopes::of(&entries);
    let standings = Standings {
        entries: &entries,
        scores: &scored.entries,
        status: &status,
    };
    let (order, places) = place(rubric, settings, &scopes, &standings);
    let advancement = (!settings.is_final)
        .then(|| decide_advancement(rubric, settings, &scopes, &standings, &places));
    let prizes = match (settings.is_final, &settings.prizes) {
        (true, Some(rule)) => Some(award_prizes(rule, &scopes, &standings, &places)),
        _ => None,
    };
    let mut advancement = advancement.map(Vec::into_iter);
    let mut prizes = prizes.map(Vec::into_iter);
    let mut results: Vec<EntryResult> = entries
        .iter()
        .zip(scored.entries)
        .zip(status)
        .zip(places)
        .map(
            |(((entry, scoring), status), (rank, category_rank))| EntryResult {
                flag: settings
                    .discrepancy
                    .as_ref()
                    .and_then(|rule| discrepancy::check(rule, &scoring.sheets)),
                entry: (*entry).clone(),
                status,
                scoring,
                rank,
                category_rank,
                advancement: advancement
                    .as_mut()
                    .and_then(Iterator::next)
                    .map(|by_rules| Advancement {
                        by_rules,
                        committee: None,
                    }),
                prize: prizes
                    .as_mut()
                    .and_then(Iterator::next)
                    .map(|by_rules| PrizeAward {
                        by_rules,
                        committee: None,
                    }),
            },
        )
        .collect();
    // The committee's decisions, in the order the rules take them: flags, advancement, prizes.
    decisions::accept_flags(&mut results, &index, &input.committee.accepted_flags)?;
    decisions::apply_overrides(&mut results, &index, &input.committee.overrides)?;
    let per_category = settings.prizes.as_ref().is_some_and(|p| p.per_category);
    decisions::apply_prize_choices(
        &mut results,
        &index,
        per_category,
        &input.committee.prize_choices,
    )?;
    let warnings = calibration_warnings(scored.calibration.as_ref(), &counted);
    let pending = pending(settings, &results);
    Ok(RoundOutcome {
        precision: settings.precision,
        aggregate: settings.aggregate().name(),
        entries: results,
        order,
        calibration: scored.calibration,
        warnings,
        pending,
    })
}
