//! Results CSV (docs/formats.md): UTF-8 with a byte order mark so that spreadsheet programs
//! show Vietnamese correctly; one row per entry, ranked entries first in rank order.

use csv::{Terminator, WriterBuilder};

use crate::Lang;
use crate::committee::OverrideAction;
use crate::points::fixed;
use crate::round::RoundOutcome;
use crate::settings::{Aggregate, RoundSettings};

/// The column names, and the codes in the `status`, `flag`, `advanced` and `override` columns,
/// are the published file format (docs/formats.md), not words to translate: they are the same
/// whatever `--lang` says, so that anyone can compare a replayed results.csv with the published
/// one byte for byte and read it with a program. Only the organiser's own texts (titles, reasons,
/// prize names) appear in a language.
pub const RESULTS_HEADER: [&str; 16] = [
    "code",
    "category",
    "title",
    "sheets",
    "raw_score",
    "calibrated_score",
    "score",
    "rank",
    "category_rank",
    "status",
    "flag",
    "advanced",
    "override",
    "override_reason",
    "prize",
    "digest",
];

/// Writes the results CSV; prize names are in `lang`.
pub fn results_csv(
    outcome: &RoundOutcome,
    settings: &RoundSettings,
    digest: &str,
    lang: Lang,
) -> String {
    let p = outcome.precision;
    let calibrated = settings.aggregate() == Aggregate::NormalizedMean;
    let prizes = settings
        .prizes
        .as_ref()
        .map(|r| r.list.as_slice())
        .unwrap_or_default();
    let mut writer = WriterBuilder::new()
        .terminator(Terminator::Any(b'\n'))
        .from_writer("\u{feff}".as_bytes().to_vec());
    // Writing to a Vec<u8> cannot fail, and every row has the header's width.
    let _ = writer.write_record(RESULTS_HEADER);
    for &i in &outcome.order {
        let r = &outcome.entries[i];
        let s = &r.scoring;
        let num = |d: Option<rust_decimal::Decimal>| d.map(|d| fixed(d, p)).unwrap_or_default();
        let advanced = r.advancement.as_ref().map_or("", |a| match a.advances() {
            Some(true) => "yes",
            Some(false) => "no",
            None => "pending",
        });
        let change = r.advancement.as_ref().and_then(|a| a.committee.as_ref());
        let prize = r
            .prize
            .as_ref()
            .map_or(String::new(), |award| match award.prize() {
                None => "pending".to_owned(),
                Some(None) => String::new(),
                Some(Some(k)) => prizes
                    .get(k)
                    .map(|p| p.name.get(lang).to_owned())
                    .unwrap_or_default(),
            });
        let place = |p: &Option<crate::ranking::Place>| p.map(|p| p.rank.to_string());
        let (sheets, raw, score) = (s.sheets.len().to_string(), num(s.raw_mean), num(s.score));
        let (rank, category_rank) = (place(&r.rank), place(&r.category_rank));
        let flag = r.flag.as_ref().map_or("", |f| {
            if f.accepted.is_some() {
                "accepted"
            } else {
                "open"
            }
        });
        let action = change.map_or("", |c| match c.action {
            OverrideAction::Add => "add",
            OverrideAction::Remove => "remove",
        });
        let _ = writer.write_record([
            r.entry.code.as_str(),
            r.entry.category.as_deref().unwrap_or_default(),
            r.entry.title.as_deref().unwrap_or_default(),
            &sheets,
            &raw,
            if calibrated { &score } else { "" },
            &score,
            rank.as_deref().unwrap_or_default(),
            category_rank.as_deref().unwrap_or_default(),
            r.status.code(),
            flag,
            advanced,
            action,
            change.map_or("", |c| c.reason.as_str()),
            &prize,
            digest,
        ]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    // Written after the byte order mark, without copying.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
