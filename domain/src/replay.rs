//! `jurydesk results`: replays a round from its published files, offline, and states the
//! digest so that anyone can check a published result (SCORING.md §10).

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::Lang;
use crate::calibration::CalibrationMode;
use crate::digest::digest;
use crate::error::DomainError;
use crate::explain;
use crate::files::{SourceFile, parse_entries, parse_rules, parse_sheets, results_csv};
use crate::round::{Entry, EntryStatus, Pending, RoundInput, RoundOutcome, Warning, compute};

#[derive(Debug, Clone, Copy)]
pub struct ReplayInput<'a> {
    pub rules: SourceFile<'a>,
    pub sheets: SourceFile<'a>,
    /// Without an entries file, the entries are the codes found in the sheets, uncategorised.
    pub entries: Option<SourceFile<'a>>,
    /// An entry code to explain.
    pub explain: Option<&'a str>,
    pub lang: Lang,
}

#[derive(Debug, Clone)]
pub struct ReplayOutput {
    /// The results CSV (UTF-8 with BOM).
    pub csv: String,
    pub explanation: Option<String>,
    /// SHA-256 hex of the canonical round (§10).
    pub digest: String,
    /// A few lines for the terminal.
    pub summary: String,
    pub outcome: RoundOutcome,
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
            explain::render(&outcome, &rules.rubric, &rules.settings, code, input.lang)
                .ok_or_else(|| DomainError::UnknownEntry {
                    code: code.to_owned(),
                })?,
        ),
        None => None,
    };
    Ok(ReplayOutput {
        csv: results_csv(&outcome, &rules.settings, &digest, input.lang),
        summary: summary(&outcome, &digest, input.lang),
        explanation,
        digest,
        outcome,
    })
}

fn summary(outcome: &RoundOutcome, digest: &str, lang: Lang) -> String {
    let count = |status| {
        outcome
            .entries
            .iter()
            .filter(|r| r.status == status)
            .count()
    };
    let flagged = outcome.entries.iter().filter(|r| r.flag.is_some()).count();
    let advanced = outcome
        .entries
        .iter()
        .filter(|r| r.advancement.as_ref().and_then(|a| a.advances()) == Some(true))
        .count();
    let awarded = outcome
        .entries
        .iter()
        .filter(|r| r.prize.as_ref().and_then(|p| p.prize()).flatten().is_some())
        .count();
    let (n, ranked, incomplete, out) = (
        outcome.entries.len(),
        count(EntryStatus::Ranked),
        count(EntryStatus::Incomplete),
        count(EntryStatus::Disqualified),
    );
    let mut s = match lang {
        Lang::Vi => format!(
            "{n} hồ sơ: {ranked} được xếp hạng, {incomplete} chưa đủ phiếu chấm, {out} bị loại; {flagged} bị gắn cờ chênh lệch điểm; {advanced} đi tiếp; {awarded} nhận giải.\n"
        ),
        Lang::En => format!(
            "{n} entries: {ranked} ranked, {incomplete} incomplete, {out} disqualified; {flagged} flagged for discrepancy; {advanced} advance; {awarded} awarded.\n"
        ),
    };
    for warning in &outcome.warnings {
        let _ = writeln!(s, "{}", warning_text(warning, lang));
    }
    for pending in &outcome.pending {
        let (entry, vi, en) = match pending {
            Pending::OpenFlag { entry } => (
                entry,
                "cờ chênh lệch điểm chưa xử lý",
                "open discrepancy flag",
            ),
            Pending::CutoffTie { entry } => (
                entry,
                "đồng hạng tại ngưỡng đi tiếp",
                "tie at the advancement cutoff",
            ),
            Pending::PrizeTie { entry } => (
                entry,
                "đồng hạng qua ranh giới giải",
                "tie across a prize boundary",
            ),
        };
        let label = lang.pick("Chờ Ban tổ chức", "Awaiting the committee");
        let _ = writeln!(s, "{label}: {entry}: {}", lang.pick(vi, en));
    }
    let _ = writeln!(
        s,
        "{}: {digest}",
        lang.pick("Mã kiểm tra SHA-256", "SHA-256 digest")
    );
    s
}

/// A calibration warning (§4) as a sentence.
pub fn warning_text(warning: &Warning, lang: Lang) -> String {
    match warning {
        Warning::DisconnectedJudges { groups } => {
            let groups: Vec<String> = groups
                .iter()
                .map(|g| format!("[{}]", g.join(", ")))
                .collect();
            match lang {
                Lang::Vi => format!(
                    "Cảnh báo: giám khảo chia thành {} nhóm không chấm chung hồ sơ nào, nên hiệu chỉnh không so sánh được giữa các nhóm: {}",
                    groups.len(),
                    groups.join(" ")
                ),
                Lang::En => format!(
                    "Warning: the judges form {} groups that share no entries, so calibration cannot compare across them: {}",
                    groups.len(),
                    groups.join(" ")
                ),
            }
        }
        Warning::FewSheets {
            judge,
            sheets,
            mode,
        } => {
            let (vi, en) = match mode {
                CalibrationMode::Shifted => {
                    ("chỉ dịch theo trung bình", "only shifted by their mean")
                }
                _ => ("không hiệu chỉnh", "not calibrated"),
            };
            match lang {
                Lang::Vi => format!(
                    "Cảnh báo: giám khảo {judge} chỉ có {sheets} phiếu (cần 3 để chuẩn hoá): {vi}."
                ),
                Lang::En => format!(
                    "Warning: judge {judge} has only {sheets} sheet(s) (3 are needed to rescale): {en}."
                ),
            }
        }
    }
}
