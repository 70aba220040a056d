//! Streamed CSV downloads: UTF-8 with a byte-order mark (so Excel reads Vietnamese right),
//! headers and values in the reader's language, and every value a spreadsheet could take for a
//! formula neutralised. Rows are read from the database in batches by key, so the memory a
//! download takes does not grow with the number of rows.

use crate::domain::Lang;
use crate::domain::settings::Aggregate;
use crate::format;
use crate::model::{EntryFilter, FieldKind, FormField};
use crate::ssr::actor::Actor;
use crate::ssr::messages::ServiceResult;
use crate::ssr::services::assignment;
use crate::ssr::services::entries::{self, ExportRow};
use crate::ssr::services::results::{self, Computed};
use crate::words;
use axum::body::Bytes;
use futures_util::stream::{self, BoxStream, StreamExt};
use rust_decimal::Decimal;
use sea_orm::DatabaseConnection;
use std::borrow::Cow;
use std::sync::Arc;

/// Rows read per query: few queries for a large contest, a few megabytes in memory.
const BATCH: u64 = 2_000;

/// The byte-order mark that makes Excel read the file as UTF-8.
const BOM: &str = "\u{feff}";

/// A value a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) gets a leading apostrophe; anything else is left as it is. A plain negative
/// number (`-2`, `-7.5`) is a number to a spreadsheet, not a formula, and is kept so that a
/// score reads back as written.
pub fn neutralised(value: &str) -> Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_negative_number(value) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// `-`, digits, and at most one point followed by digits.
fn is_negative_number(value: &str) -> bool {
    let Some(digits) = value.strip_prefix('-') else {
        return false;
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}

/// A whole CSV file: the byte-order mark, `header`, then `records`, each value neutralised.
pub(crate) fn csv_text(header: Vec<String>, records: Vec<Vec<String>>) -> String {
    let mut bytes = BOM.as_bytes().to_vec();
    bytes.extend_from_slice(&encode([header]));
    bytes.extend_from_slice(&encode(records));
    // Every value is UTF-8, and so is the CSV made of them.
    String::from_utf8(bytes).unwrap_or_default()
}

/// CSV lines for `records`, each value neutralised.
fn encode(records: impl IntoIterator<Item = Vec<String>>) -> Bytes {
    let mut writer = csv::Writer::from_writer(Vec::with_capacity(256 * 1024));
    for record in records {
        // Writing to memory cannot fail.
        for value in &record {
            let _ = writer.write_field(neutralised(value).as_bytes());
        }
        let _ = writer.write_record(None::<&[u8]>);
    }
    Bytes::from(writer.into_inner().unwrap_or_default())
}

/// A download: its file name and its body.
pub struct Download {
    pub file_name: String,
    pub body: BoxStream<'static, Result<Bytes, std::io::Error>>,
}

/// A contest's entries as CSV, as `actor` may list them (a sub-committee: its categories),
/// filtered like the committee's list, in code order. Refused before the first byte when the
/// actor may not list them.
pub async fn entries_csv(
    db: DatabaseConnection,
    actor: &Actor,
    contest: &str,
    filter: EntryFilter,
    lang: Lang,
) -> ServiceResult<Download> {
    let export = entries::export(&db, actor, contest, &filter).await?;
    let file_name = format!("{}-entries.csv", export.contest_code());
    // The contest's own questions follow the core columns (files are downloaded, not listed).
    let form: Vec<FormField> = export
        .form()
        .iter()
        .filter(|f| f.kind != FieldKind::File)
        .cloned()
        .collect();
    let mut titles = words::entries::export_header(lang);
    titles.extend(form.iter().map(|f| f.label(lang).to_owned()));
    let header = encode([titles]);
    let first = Bytes::from([BOM.as_bytes(), &header].concat());
    let rows = stream::unfold(Some(export), move |state| {
        let (db, form) = (db.clone(), form.clone());
        async move {
            let mut export = state?;
            match export.next_batch(&db, BATCH).await {
                Ok(batch) if batch.is_empty() => None,
                Ok(batch) => {
                    let lines = encode(batch.into_iter().map(|r| record(r, &form, lang)));
                    Some((Ok(lines), Some(export)))
                }
                Err(e) => {
                    tracing::error!(error = %e, "entries export failed");
                    Some((Err(std::io::Error::other("export failed")), None))
                }
            }
        }
    });
    Ok(Download {
        file_name,
        body: stream::once(async move { Ok(first) }).chain(rows).boxed(),
    })
}

/// Round `position`'s assignment as CSV, one line per (entry, judge) with the state of the
/// judge's sheet, in entry code order; an entry without judges has a line of its own.
/// Refused before the first byte for anyone but the contest's committee.
pub async fn assignments_csv(
    db: DatabaseConnection,
    actor: &Actor,
    contest: &str,
    position: i32,
    lang: Lang,
) -> ServiceResult<Download> {
    let export = assignment::export(&db, actor, contest, position).await?;
    let file_name = export.file_name();
    let header = encode([words::assignment_header(lang)]);
    let first = Bytes::from([BOM.as_bytes(), &header].concat());
    let rows = stream::unfold(Some(export), move |state| {
        let db = db.clone();
        async move {
            let mut export = state?;
            match export.next_batch(&db, BATCH).await {
                Ok(batch) if batch.is_empty() => None,
                Ok(batch) => {
                    let lines = encode(batch.into_iter().map(|l| {
                        vec![
                            l.entry_code,
                            l.title,
                            l.category,
                            l.judge_name,
                            l.judge_email,
                            l.sheet
                                .map(|s| words::sheet_state(s, lang))
                                .unwrap_or_default(),
                        ]
                    }));
                    Some((Ok(lines), Some(export)))
                }
                Err(e) => {
                    tracing::error!(error = %e, "assignments export failed");
                    Some((Err(std::io::Error::other("export failed")), None))
                }
            }
        }
    });
    Ok(Download {
        file_name,
        body: stream::once(async move { Ok(first) }).chain(rows).boxed(),
    })
}

/// Rows per chunk of a download made from a computed round (already in memory).
const CHUNK: usize = 2_000;

/// A download of `count` rows of a computed round, `rows` making each chunk's records: the
/// header goes first, then the rows chunk by chunk as the client reads them.
fn from_round(
    file_name: String,
    header: Vec<String>,
    c: Arc<Computed>,
    count: usize,
    rows: impl Fn(&Computed, std::ops::Range<usize>) -> Vec<Vec<String>> + Send + Sync + 'static,
) -> Download {
    let first = Bytes::from([BOM.as_bytes(), &encode([header])].concat());
    let chunks = stream::iter((0..count).step_by(CHUNK))
        .map(move |start| Ok(encode(rows(&c, start..(start + CHUNK).min(count)))));
    Download {
        file_name,
        body: stream::once(async move { Ok(first) }).chain(chunks).boxed(),
    }
}

/// A contest's jury as CSV, for its committee: each judge who joined (by name) with their
/// email, organisation, expertise, maximum load and rounds, then each judge invited who has not
/// joined yet. A jury is at most a few thousand people: it is written in one piece.
pub async fn judges_csv(
    db: DatabaseConnection,
    actor: &Actor,
    contest: &str,
    lang: Lang,
) -> ServiceResult<Download> {
    let jury = crate::ssr::services::judges::jury(&db, actor, contest).await?;
    let joined = words::judges_status(true, lang);
    let invited = words::judges_status(false, lang);
    let list = |items: &[String]| items.join("; ");
    let load = |m: Option<u32>| m.map(|m| m.to_string()).unwrap_or_default();
    let mut records: Vec<Vec<String>> = jury
        .judges
        .iter()
        .map(|j| {
            let rounds: Vec<String> = j.rounds.iter().map(i32::to_string).collect();
            vec![
                j.name.clone(),
                j.email.clone(),
                j.organisation.clone(),
                list(&j.expertise),
                load(j.max_load),
                list(&rounds),
                joined.clone(),
            ]
        })
        .collect();
    records.extend(jury.invited.iter().map(|i| {
        vec![
            i.name.clone(),
            i.email.clone(),
            i.organisation.clone(),
            list(&i.expertise),
            load(i.max_load),
            String::new(),
            invited.clone(),
        ]
    }));
    let body = Bytes::from(csv_text(words::judges_header(lang), records));
    Ok(Download {
        file_name: format!("{}-judges.csv", jury.contest.code),
        body: stream::once(async move { Ok(body) }).boxed(),
    })
}

/// A contest's audit log as CSV, oldest first, for its committee: each record's place in
/// its chain, when (in the contest's time zone), who, what, the reason, the changes as JSON
/// and the record's hash, with which `jurydesk audit verify` checks the chain.
pub async fn audit_csv(
    db: DatabaseConnection,
    actor: &Actor,
    contest: &str,
    lang: Lang,
) -> ServiceResult<Download> {
    let export = crate::ssr::services::audit::export(&db, actor, contest).await?;
    let file_name = export.file_name();
    let header = encode([words::audit_header(lang)]);
    let first = Bytes::from([BOM.as_bytes(), &header].concat());
    let rows = stream::unfold(Some(export), move |state| {
        let db = db.clone();
        async move {
            let mut export = state?;
            match export.next_batch(&db, BATCH).await {
                Ok(batch) if batch.is_empty() => None,
                Ok(batch) => {
                    let zone = export.time_zone().to_owned();
                    let lines = encode(batch.into_iter().map(|r| {
                        let at = format::Zoned::new(r.at, &zone);
                        vec![
                            r.seq.to_string(),
                            at.local().format("%Y-%m-%d %H:%M:%S %:z").to_string(),
                            r.actor,
                            r.kind,
                            r.object_kind,
                            r.object_id,
                            r.reason.unwrap_or_default(),
                            r.changes,
                            r.hash,
                        ]
                    }));
                    Some((Ok(lines), Some(export)))
                }
                Err(e) => {
                    tracing::error!(error = %e, "audit export failed");
                    Some((Err(std::io::Error::other("export failed")), None))
                }
            }
        }
    });
    Ok(Download {
        file_name,
        body: stream::once(async move { Ok(first) }).chain(rows).boxed(),
    })
}

/// A round's CSV files (docs/results.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundFile {
    Results,
    Sheets,
    Entries,
}

/// One of round `position`'s CSV files, for its committee; refused before the first byte for
/// anyone else.
pub async fn round_csv(
    db: DatabaseConnection,
    actor: &Actor,
    contest: &str,
    position: i32,
    file: RoundFile,
    lang: Lang,
) -> ServiceResult<Download> {
    match file {
        RoundFile::Results => results_csv(db, actor, contest, position, lang).await,
        RoundFile::Sheets => sheets_csv(db, actor, contest, position).await,
        RoundFile::Entries => round_entries_csv(db, actor, contest, position).await,
    }
}

/// Round `position`'s results as its committee reads them, in official order (ranked entries,
/// then the others by code): ranks, the official score and the other aggregations, each
/// criterion's score, counted sheets, flag, advancement or prize, and the digest. Headers and
/// words in `lang`; numbers with a decimal point.
async fn results_csv(
    db: DatabaseConnection,
    actor: &Actor,
    contest: &str,
    position: i32,
    lang: Lang,
) -> ServiceResult<Download> {
    let (c, name) = results::export(&db, actor, contest, position).await?;
    let own = c.rules.settings.aggregate();
    let others: Vec<usize> = (0..c.alternatives.len())
        .filter(|&k| c.alternatives[k].0 != own)
        .collect();
    let calibrated = own == Aggregate::NormalizedMean;
    let aggregate = |a: Aggregate| words::aggregate_name(results::aggregate_code(a), lang);
    let mut header = words::results::lead(lang);
    header.push(words::results::official(&aggregate(own), lang));
    header.extend(others.iter().map(|&k| aggregate(c.alternatives[k].0)));
    if calibrated {
        header.push(words::results::raw_mean(lang));
    }
    header.extend(
        c.rules
            .rubric
            .criteria()
            .iter()
            .map(|k| k.name.get(lang).to_owned()),
    );
    header.extend(words::results::tail(c.rules.settings.is_final, lang));
    let count = c.outcome.order.len();
    Ok(from_round(
        format!("{name}-results.csv"),
        header,
        c,
        count,
        move |c, range| {
            c.outcome.order[range]
                .iter()
                .map(|&i| result_record(c, i, &others, calibrated, lang))
                .collect()
        },
    ))
}

/// One entry's line of the results export, in the order of `results_csv`'s header.
fn result_record(
    c: &Computed,
    i: usize,
    others: &[usize],
    calibrated: bool,
    lang: Lang,
) -> Vec<String> {
    let r = &c.outcome.entries[i];
    // Scores carry exactly the round's precision (`72.00`).
    let number = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    let rank = |place: &Option<crate::domain::ranking::Place>| {
        place.map(|p| p.rank.to_string()).unwrap_or_default()
    };
    let mut values = vec![
        rank(&r.rank),
        rank(&r.category_rank),
        r.entry.code.clone(),
        r.entry.title.clone().unwrap_or_default(),
        r.entry
            .category
            .as_deref()
            .map(|k| c.category_name(k, lang))
            .unwrap_or_default(),
        words::results::standing(r.status, lang),
        number(r.scoring.score),
    ];
    values.extend(others.iter().map(|&k| number(c.alternatives[k].1[i])));
    if calibrated {
        values.push(number(r.scoring.raw_mean));
    }
    values.extend(r.scoring.criteria.iter().map(|d| number(*d)));
    values.push(r.scoring.sheets.len().to_string());
    values.push(words::results::flag(r.flag.as_ref(), lang));
    values.push(if c.rules.settings.is_final {
        match r.prize.as_ref().map(|p| p.prize()) {
            Some(None) => words::results::awaits_committee(lang),
            _ => c.prize_name(r, lang).unwrap_or_default(),
        }
    } else {
        words::results::advances(r.advancement.as_ref().map(|a| a.advances()), lang)
    });
    let change = r.advancement.as_ref().and_then(|a| a.committee.as_ref());
    values.push(change.map(|o| o.reason.clone()).unwrap_or_default());
    values.push(c.digest.clone());
    values
}

/// Round `position`'s submitted sheets in the format `jurydesk results --sheets` reads
/// (docs/formats.md §2): one line per judge × entry × criterion scored, by entry then judge,
/// judges under their contest labels. Column names are the file format's, not translated.
async fn sheets_csv(
    db: DatabaseConnection,
    actor: &Actor,
    contest: &str,
    position: i32,
) -> ServiceResult<Download> {
    let (c, name) = results::export(&db, actor, contest, position).await?;
    let order = results::sheet_order(&c);
    Ok(from_round(
        format!("{name}-sheets.csv"),
        results::sheets_header(),
        c,
        order.len(),
        move |c, range| results::sheet_records(c, &order[range]),
    ))
}

/// Round `position`'s entries in the format `jurydesk results --entries` reads (docs/formats.md
/// §3): code, category code, submission time, title, and whether disqualified.
async fn round_entries_csv(
    db: DatabaseConnection,
    actor: &Actor,
    contest: &str,
    position: i32,
) -> ServiceResult<Download> {
    let (c, name) = results::export(&db, actor, contest, position).await?;
    let count = c.entries.len();
    Ok(from_round(
        format!("{name}-entries.csv"),
        results::entries_header(),
        c,
        count,
        |c, range| results::entry_records(&c.entries[range]),
    ))
}

/// One entry as a CSV record, in the order of `export_header`, then its answers to `form`
/// (several choices separated by `; `, as an import reads them back).
fn record(r: ExportRow, form: &[FormField], lang: Lang) -> Vec<String> {
    let answers = form.iter().map(|f| {
        let answer = r.answers.get(&f.key).map(String::as_str).unwrap_or("");
        match f.kind {
            FieldKind::Choices => answer.lines().collect::<Vec<_>>().join("; "),
            FieldKind::Checkbox if !answer.is_empty() => words::form_fields::yes(lang),
            _ => answer.to_owned(),
        }
    });
    let round = if r.round > 0 {
        r.round.to_string()
    } else {
        String::new()
    };
    let mut values = vec![
        r.code,
        r.title,
        r.category,
        words::entries::status_name(r.status, lang),
        words::eligibility::eligibility_name(r.eligibility, lang),
        r.decision_reason,
        r.lead_name,
        r.lead_email,
        r.team,
        r.stage
            .map(|s| words::entries::stage_name(s, lang))
            .unwrap_or_default(),
        r.submitted
            .map(|t| format::date_time(t, lang))
            .unwrap_or_default(),
        format::date_time(r.updated, lang),
        r.summary,
        r.problem,
        r.solution,
        r.market,
        r.business_model,
        round,
    ];
    values.extend(answers);
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_a_spreadsheet_would_run_are_neutralised() {
        for formula in [
            "=1+1", "+84 912", "-2+3", "-A1", "-", "-.5", "@SUM(A1)", "\tx", "\rx",
        ] {
            assert!(neutralised(formula).starts_with('\''), "{formula:?}");
        }
        for number in ["-2", "-7.5", "-0.25"] {
            assert_eq!(neutralised(number), number);
        }
        assert_eq!(
            neutralised("Nông nghiệp = tương lai"),
            "Nông nghiệp = tương lai"
        );
        assert_eq!(neutralised(""), "");
    }

    #[test]
    fn records_are_quoted_where_needed_and_keep_vietnamese() {
        let bytes = encode([vec![
            "LS25-0001".into(),
            "Trà, hoa \"vàng\"".into(),
            "=cmd".into(),
        ]]);
        assert_eq!(
            std::str::from_utf8(&bytes).unwrap(),
            "LS25-0001,\"Trà, hoa \"\"vàng\"\"\",'=cmd\n"
        );
    }
}
