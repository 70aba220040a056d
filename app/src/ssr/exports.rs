//! Streamed CSV downloads: UTF-8 with a byte-order mark (so Excel reads Vietnamese right),
//! headers and values in the reader's language, and every value a spreadsheet could take for a
//! formula neutralised. Rows are read from the database in batches by key, so the memory a
//! download takes does not grow with the number of rows.

use crate::domain::Lang;
use crate::format;
use crate::model::{EntryFilter, FieldKind, FormField};
use crate::ssr::actor::Actor;
use crate::ssr::messages::ServiceResult;
use crate::ssr::services::assignment;
use crate::ssr::services::entries::{self, ExportRow};
use crate::words;
use axum::body::Bytes;
use futures_util::stream::{self, BoxStream, StreamExt};
use sea_orm::DatabaseConnection;
use std::borrow::Cow;

/// Rows read per query: few queries for a large contest, a few megabytes in memory.
const BATCH: u64 = 2_000;

/// The byte-order mark that makes Excel read the file as UTF-8.
const BOM: &str = "\u{feff}";

/// A value a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) gets a leading apostrophe; anything else is left as it is.
pub fn neutralised(value: &str) -> Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
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
        for formula in ["=1+1", "+84 912", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralised(formula).starts_with('\''), "{formula:?}");
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
