//! The offline file formats of `jurydesk results` (docs/formats.md): round rules (TOML),
//! sheets and entries (CSV, UTF-8 with or without BOM), and the results CSV.
//!
//! Every refusal names the file, the line and what is wrong; no row is ever skipped.

mod entries;
mod results;
mod rules;
mod sheets;

pub use entries::parse_entries;
pub use results::results_csv;
pub use rules::{RoundRules, parse_rules};
pub use sheets::parse_sheets;

use std::borrow::Cow;

use csv::{ReaderBuilder, StringRecord, Trim};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::error::DomainError;

/// A file's name (as the person knows it, for messages) and its text.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

impl<'a> SourceFile<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Self {
        SourceFile { name, text }
    }

    /// The text without a UTF-8 byte order mark, in Unicode normal form C: a code, name or key
    /// typed with combining accents (`Nguye\u{302}\u{303}n`, as some keyboards and systems write)
    /// is the same as the precomposed one (`Nguyễn`) that looks identical.
    pub(crate) fn body(&self) -> Cow<'a, str> {
        let text = self.text.strip_prefix('\u{feff}').unwrap_or(self.text);
        if is_nfc_quick(text.chars()) == IsNormalized::Yes {
            Cow::Borrowed(text)
        } else {
            Cow::Owned(text.nfc().collect())
        }
    }

    pub(crate) fn error(&self, line: Option<u64>, error: DomainError) -> DomainError {
        error.in_file(self.name, line)
    }
}

/// A CSV file's records with their line numbers, after its header was matched to the
/// format's columns.
pub(crate) struct Table {
    /// For each column of the format (in the order asked for), its position in the file.
    pub columns: Vec<Option<usize>>,
    pub rows: Vec<(u64, StringRecord)>,
}

impl Table {
    /// The trimmed value of a format column in a row; empty when the column is absent.
    pub fn get<'r>(&self, row: &'r StringRecord, column: usize) -> &'r str {
        self.columns[column]
            .and_then(|i| row.get(i))
            .map_or("", str::trim)
    }
}

/// Reads a comma-separated file whose header must hold every `required` column and may hold
/// the `optional` ones (any order, any case). Refuses a semicolon- or tab-separated file, an
/// unknown or repeated column, and a row with the wrong number of fields.
pub(crate) fn read_table(
    file: &SourceFile,
    required: &[&str],
    optional: &[&str],
) -> Result<Table, DomainError> {
    let body = file.body();
    let body = body.as_ref();
    let Some(header_line) = body.lines().find(|l| !l.trim().is_empty()) else {
        return Err(file.error(None, DomainError::EmptyFile));
    };
    if let Some(found) = ['\t', ';']
        .into_iter()
        .find(|d| !header_line.contains(',') && header_line.contains(*d))
    {
        return Err(file.error(Some(1), DomainError::WrongDelimiter { found }));
    }
    let mut reader = ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(Trim::All)
        .from_reader(body.as_bytes());
    let csv_error = |e: csv::Error| {
        let line = e.position().map(|p| p.line());
        file.error(
            line,
            DomainError::InvalidCsv {
                detail: e.to_string(),
            },
        )
    };
    let header = reader.headers().map_err(csv_error)?.clone();
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let mut columns: Vec<Option<usize>> = vec![None; required.len() + optional.len()];
    for (i, name) in names.iter().enumerate() {
        let Some(slot) = required.iter().chain(optional).position(|c| c == name) else {
            return Err(file.error(
                Some(1),
                DomainError::UnknownColumn {
                    column: name.clone(),
                },
            ));
        };
        if columns[slot].replace(i).is_some() {
            return Err(file.error(
                Some(1),
                DomainError::DuplicateColumn {
                    column: name.clone(),
                },
            ));
        }
    }
    if let Some(missing) = required.iter().zip(&columns).find(|(_, c)| c.is_none()) {
        return Err(file.error(
            Some(1),
            DomainError::MissingColumn {
                column: (*missing.0).to_owned(),
            },
        ));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != names.len() {
            return Err(file.error(
                Some(line),
                DomainError::FieldCount {
                    expected: names.len(),
                    found: record.len(),
                },
            ));
        }
        rows.push((line, record));
    }
    Ok(Table { columns, rows })
}
