//! A replayed round's [`Summary`] and its calibration warnings, as lines for the terminal.

use crate::domain::Lang;
use crate::domain::calibration::CalibrationMode;
use crate::domain::replay::Summary;
use crate::domain::round::{Pending, Warning};
use crate::i18n::{Locale, td_string};

/// The counts, then each warning, each thing awaiting the committee, and the digest: one line
/// each, each ending in a newline.
pub fn replay_summary(summary: &Summary, lang: Lang) -> String {
    let l: Locale = lang.into();
    let mut lines = vec![
        td_string!(
            l,
            rules.replay.counts,
            entries = summary.entries,
            ranked = summary.ranked,
            incomplete = summary.incomplete,
            disqualified = summary.disqualified,
            flagged = summary.flagged,
            advanced = summary.advanced,
            awarded = summary.awarded
        )
        .to_string(),
    ];
    lines.extend(summary.warnings.iter().map(|w| warning(w, lang)));
    lines.extend(summary.pending.iter().map(|p| pending(p, lang)));
    lines.push(td_string!(l, rules.replay.digest, digest = &summary.digest).to_string());
    lines.into_iter().map(|line| line + "\n").collect()
}

/// A calibration warning (§4) as a sentence.
/// What waits for the committee on one entry before the round can be finalised.
pub fn pending(pending: &Pending, lang: Lang) -> String {
    let l: Locale = lang.into();
    let (entry, what) = match pending {
        Pending::OpenFlag { entry } => (entry, td_string!(l, rules.replay.open_flag)),
        Pending::CutoffTie { entry } => (entry, td_string!(l, rules.replay.cutoff_tie)),
        Pending::PrizeTie { entry } => (entry, td_string!(l, rules.replay.prize_tie)),
    };
    td_string!(l, rules.replay.pending, entry = entry, what = what).to_string()
}

pub fn warning(warning: &Warning, lang: Lang) -> String {
    let l: Locale = lang.into();
    match warning {
        Warning::DisconnectedJudges { groups } => {
            let list: Vec<String> = groups
                .iter()
                .map(|g| format!("[{}]", g.join(", ")))
                .collect();
            td_string!(
                l,
                rules.replay.disconnected_judges,
                groups = groups.len(),
                list = list.join(" ")
            )
            .to_string()
        }
        // Shifted: 2 sheets, moved by the judge's mean only; otherwise 1 sheet, left as it is.
        Warning::FewSheets {
            judge,
            sheets,
            mode: CalibrationMode::Shifted,
        } => td_string!(
            l,
            rules.replay.few_sheets_shifted,
            judge = judge,
            sheets = sheets
        )
        .to_string(),
        Warning::FewSheets { judge, sheets, .. } => td_string!(
            l,
            rules.replay.few_sheets_unchanged,
            judge = judge,
            sheets = sheets
        )
        .to_string(),
    }
}
