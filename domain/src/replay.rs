//! `jurydesk results`: replays a round from its published files, offline, and states the
//! digest so that anyone can check a published result (SCORING.md §10).

use std::collections::BTreeSet;

use crate::Lang;
use crate::digest::digest;
use crate::error::DomainError;
use crate::explain::{Explanation, explain};
use crate::files::{SourceFile, parse_entries, parse_rules, parse_sheets, results_csv};
use crate::round::{
    Entry, EntryResult, EntryStatus, Pending, RoundInput, RoundOutcome, Warning, compute,
};

#[derive(Debug, Clone, Copy)]
pub struct ReplayInput<'a> {
    pub rules: SourceFile<'a>,
    pub sheets: SourceFile<'a>,
    /// Without an entries file, the entries are the codes found in the sheets, uncategorised.
    pub entries: Option<SourceFile<'a>>,
    /// An entry code to explain.
    pub explain: Option<&'a str>,
    /// The language of the prize names in the results CSV (the organiser's own names).
    pub lang: Lang,
}

#[derive(Debug, Clone)]
pub struct ReplayOutput {
    /// The results CSV (UTF-8 with BOM).
    pub csv: String,
    pub explanation: Option<Explanation>,
    /// SHA-256 hex of the canonical round (§10).
    pub digest: String,
    /// What the terminal shows after a replay.
    pub summary: Summary,
    pub outcome: RoundOutcome,
}

/// A replayed round in figures: how many entries ended each way, what warns, what waits for
/// the committee, and the digest to compare with the published one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub entries: usize,
    pub ranked: usize,
    pub incomplete: usize,
    pub disqualified: usize,
    /// Entries with a discrepancy flag, open or accepted (§5).
    pub flagged: usize,
    /// Entries that advance, the committee's changes included (§7).
    pub advanced: usize,
    /// Entries with a prize (§8).
    pub awarded: usize,
    /// §4 calibration warnings.
    pub warnings: Vec<Warning>,
    /// What waits for the committee before the round can be published.
    pub pending: Vec<Pending>,
    pub digest: String,
}

impl Summary {
    pub fn of(outcome: &RoundOutcome, digest: &str) -> Summary {
        let count = |keep: &dyn Fn(&EntryResult) -> bool| {
            outcome.entries.iter().filter(|r| keep(r)).count()
        };
        Summary {
            entries: outcome.entries.len(),
            ranked: count(&|r| r.status == EntryStatus::Ranked),
            incomplete: count(&|r| r.status == EntryStatus::Incomplete),
            disqualified: count(&|r| r.status == EntryStatus::Disqualified),
            flagged: count(&|r| r.flag.is_some()),
            advanced: count(&|r| r.advancement.as_ref().and_then(|a| a.advances()) == Some(true)),
            awarded: count(&|r| r.prize.as_ref().and_then(|p| p.prize()).flatten().is_some()),
            warnings: outcome.warnings.clone(),
            pending: outcome.pending.clone(),
            digest: digest.to_owned(),
        }
    }
}

pub fn run(input: &ReplayInput) -> Result<ReplayOutput, DomainError> {
    let rules = parse_rules(&input.rules)?;
    let listed = input.entries.as_ref().map(parse_entries).transpose()?;
    let sheets = parse_sheets(&input.sheets, &rules.rubric, listed.as_deref())?;
    let entries = listed.unwrap_or_else(|| {
        let codes: BTreeSet<&str> = sheets.iter().map(|s| s.entry()).collect();
        codes.into_iter().map(Entry::new).collect()
    });
    let round = RoundInput {
        rubric: &rules.rubric,
        settings: &rules.settings,
        entries: &entries,
        sheets: &sheets,
        committee: &rules.committee,
    };
    let outcome = compute(&round).map_err(|e| e.in_file(input.rules.name, None))?;
    let digest = digest(&round, &outcome);
    let explanation = match input.explain {
        Some(code) => Some(
            explain(&outcome, &rules.rubric, &rules.settings, code).ok_or_else(|| {
                DomainError::UnknownEntry {
                    code: code.to_owned(),
                }
            })?,
        ),
        None => None,
    };
    Ok(ReplayOutput {
        csv: results_csv(&outcome, &rules.settings, &digest, input.lang),
        summary: Summary::of(&outcome, &digest),
        explanation,
        digest,
        outcome,
    })
}
