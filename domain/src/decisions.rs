//! Applies the committee's written decisions to a computed round (SCORING.md §5, §7, §8).

use std::collections::{HashMap, HashSet};

use crate::round::EntryIndex;

use crate::committee::{AcceptedFlag, Override, PrizeChoice};
use crate::error::{DecisionProblem, DomainError};
use crate::prizes::PrizeVerdict;
use crate::round::EntryResult;

fn refuse(entry: &str, problem: DecisionProblem) -> DomainError {
    DomainError::Decision {
        entry: entry.to_owned(),
        problem,
    }
}

/// Finds the entry a decision names and checks it carries a reason and is its only one of
/// its kind.
fn target<'a>(
    index: &EntryIndex<'_>,
    seen: &mut HashSet<&'a str>,
    entry: &'a str,
    reason: &str,
) -> Result<usize, DomainError> {
    let i = index
        .get(entry)
        .ok_or_else(|| refuse(entry, DecisionProblem::UnknownEntry))?;
    if reason.trim().is_empty() {
        return Err(refuse(entry, DecisionProblem::ReasonMissing));
    }
    if !seen.insert(entry) {
        return Err(refuse(entry, DecisionProblem::Repeated));
    }
    Ok(i)
}

/// §5: the committee accepts a flagged entry's scores with a note.
pub(crate) fn accept_flags(
    results: &mut [EntryResult],
    index: &EntryIndex<'_>,
    accepted: &[AcceptedFlag],
) -> Result<(), DomainError> {
    let mut seen = HashSet::new();
    for decision in accepted {
        let i = target(index, &mut seen, &decision.entry, &decision.note)?;
        let flag = results[i]
            .flag
            .as_mut()
            .ok_or_else(|| refuse(&decision.entry, DecisionProblem::NoFlag))?;
        flag.accepted = Some(decision.note.clone());
    }
    Ok(())
}

/// §7: the committee adds or removes an entry, with a written reason.
pub(crate) fn apply_overrides(
    results: &mut [EntryResult],
    index: &EntryIndex<'_>,
    overrides: &[Override],
) -> Result<(), DomainError> {
    let mut seen = HashSet::new();
    for decision in overrides {
        let i = target(index, &mut seen, &decision.entry, &decision.reason)?;
        let advancement = results[i]
            .advancement
            .as_mut()
            .ok_or_else(|| refuse(&decision.entry, DecisionProblem::FinalRound))?;
        advancement.committee = Some(decision.clone());
    }
    Ok(())
}

/// §8: the committee picks, for each entry of a tie across a prize boundary, one of the prizes
/// the group spans, using no more places of a prize than the group spans.
pub(crate) fn apply_prize_choices(
    results: &mut [EntryResult],
    index: &EntryIndex<'_>,
    per_category: bool,
    choices: &[PrizeChoice],
) -> Result<(), DomainError> {
    let mut seen = HashSet::new();
    let mut used: HashMap<(Option<String>, u32, Option<u32>), u32> = HashMap::new();
    for choice in choices {
        let i = target(index, &mut seen, &choice.entry, &choice.reason)?;
        let result = &results[i];
        let Some(PrizeVerdict::CommitteeDecides { options }) =
            result.prize.as_ref().map(|p| &p.by_rules)
        else {
            return Err(refuse(&choice.entry, DecisionProblem::NoPrizeTie));
        };
        let wanted = match choice.prize {
            Some(p) => Some((p as usize).checked_sub(1).ok_or_else(|| {
                refuse(
                    &choice.entry,
                    DecisionProblem::PrizeNotOffered { prize: Some(p) },
                )
            })?),
            None => None,
        };
        let Some(option) = options.iter().find(|o| o.prize == wanted) else {
            return Err(refuse(
                &choice.entry,
                DecisionProblem::PrizeNotOffered {
                    prize: choice.prize,
                },
            ));
        };
        let placing = if per_category {
            &result.category_rank
        } else {
            &result.rank
        };
        let group = (
            if per_category {
                result.entry.category.clone()
            } else {
                None
            },
            placing.as_ref().map_or(0, |p| p.rank),
            choice.prize,
        );
        let count = used.entry(group).or_default();
        *count += 1;
        if *count > option.places {
            return Err(refuse(
                &choice.entry,
                DecisionProblem::TooManyForPrize {
                    prize: choice.prize,
                    places: option.places,
                },
            ));
        }
        if let Some(award) = results[i].prize.as_mut() {
            award.committee = Some(choice.clone());
        }
    }
    Ok(())
}
