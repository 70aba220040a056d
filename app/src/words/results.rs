//! A round's results in words: the committee's results export's columns and values.

use crate::domain::Lang;
use crate::domain::discrepancy::Flag;
use crate::domain::round::EntryStatus;
use crate::i18n::{Locale, td_string};

/// The columns before the scores: rank, category rank, code, title, category, standing.
pub fn lead(lang: Lang) -> Vec<String> {
    let l: Locale = lang.into();
    [
        td_string!(l, results.rank),
        td_string!(l, results.category_rank),
        td_string!(l, results.code),
        td_string!(l, results.entry_title),
        td_string!(l, results.category),
        td_string!(l, results.standing),
    ]
    .into_iter()
    .map(str::to_owned)
    .collect()
}

/// The columns after the scores: counted sheets, flag, advancement (or prize in a final
/// round), the committee's reason for a change, and the digest.
pub fn tail(is_final: bool, lang: Lang) -> Vec<String> {
    let l: Locale = lang.into();
    [
        td_string!(l, results.sheets),
        td_string!(l, results.flag),
        if is_final {
            td_string!(l, results.prize)
        } else {
            td_string!(l, results.advances)
        },
        td_string!(l, results.override_reason),
        td_string!(l, results.digest),
    ]
    .into_iter()
    .map(str::to_owned)
    .collect()
}

/// The official score's column: the aggregation's name, marked.
pub fn official(aggregate: &str, lang: Lang) -> String {
    let l: Locale = lang.into();
    td_string!(l, results.official_column, aggregate = aggregate).to_string()
}

/// §4: the plain mean beside a calibrated score.
pub fn raw_mean(lang: Lang) -> String {
    let l: Locale = lang.into();
    td_string!(l, results.raw_mean).to_string()
}

pub fn standing(status: EntryStatus, lang: Lang) -> String {
    let l: Locale = lang.into();
    match status {
        EntryStatus::Ranked => td_string!(l, results.ranked),
        EntryStatus::Incomplete => td_string!(l, results.incomplete),
        EntryStatus::Disqualified => td_string!(l, results.disqualified),
    }
    .to_string()
}

/// §5: open, accepted, or nothing.
pub fn flag(flag: Option<&Flag>, lang: Lang) -> String {
    let l: Locale = lang.into();
    match flag {
        Some(f) if f.accepted.is_some() => td_string!(l, results.flag_accepted).to_string(),
        Some(_) => td_string!(l, results.flag_open).to_string(),
        None => String::new(),
    }
}

/// §7: yes, no, awaiting the committee (a tie at the cutoff), or nothing in a final round.
pub fn advances(advances: Option<Option<bool>>, lang: Lang) -> String {
    let l: Locale = lang.into();
    match advances {
        Some(Some(true)) => td_string!(l, results.advances_yes).to_string(),
        Some(Some(false)) => td_string!(l, results.advances_no).to_string(),
        Some(None) => td_string!(l, results.advances_pending).to_string(),
        None => String::new(),
    }
}

/// A decision that awaits the committee (a prize within a tie, §8).
pub fn awaits_committee(lang: Lang) -> String {
    let l: Locale = lang.into();
    td_string!(l, results.advances_pending).to_string()
}
