//! Entries CSV: one row per entry (docs/formats.md).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::error::DomainError;
use crate::files::{SourceFile, read_table};
use crate::round::Entry;

const CODE: usize = 0;
const CATEGORY: usize = 1;
const SUBMITTED_AT: usize = 2;
const TITLE: usize = 3;
const DISQUALIFIED: usize = 4;

/// Reads the round's entries: `code` is required; `category`, `submitted_at` (RFC 3339),
/// `title` and `disqualified` (yes/no) may be given.
pub fn parse_entries(file: &SourceFile) -> Result<Vec<Entry>, DomainError> {
    let table = read_table(
        file,
        &["code"],
        &["category", "submitted_at", "title", "disqualified"],
        &["title"],
    )?;
    if table.rows.is_empty() {
        return Err(file.error(None, DomainError::NoEntryRows));
    }
    let mut lines: HashMap<String, u64> = HashMap::new();
    let mut entries = Vec::with_capacity(table.rows.len());
    for (line, row) in &table.rows {
        let at = |error| file.error(Some(*line), error);
        let [code, category, submitted_at, title, disqualified] =
            [CODE, CATEGORY, SUBMITTED_AT, TITLE, DISQUALIFIED].map(|c| table.get(row, c));
        if code.is_empty() {
            return Err(at(DomainError::FieldMissing {
                column: "code".to_owned(),
            }));
        }
        if lines.insert(code.to_owned(), *line).is_some() {
            return Err(at(DomainError::DuplicateEntry {
                code: code.to_owned(),
            }));
        }
        let submitted_at = match submitted_at {
            "" => None,
            text => Some(
                DateTime::parse_from_rfc3339(text)
                    .map_err(|_| {
                        at(DomainError::BadTimestamp {
                            text: text.to_owned(),
                        })
                    })?
                    .with_timezone(&Utc),
            ),
        };
        let disqualified = match disqualified.to_ascii_lowercase().as_str() {
            "" | "no" | "false" | "0" => false,
            "yes" | "true" | "1" => true,
            _ => {
                return Err(at(DomainError::BadYesNo {
                    column: "disqualified".to_owned(),
                    text: disqualified.to_owned(),
                }));
            }
        };
        let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        entries.push(Entry {
            code: code.to_owned(),
            category: non_empty(category),
            submitted_at,
            title: non_empty(title),
            disqualified,
        });
    }
    Ok(entries)
}
