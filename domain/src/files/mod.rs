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

/// Reads a file's bytes as UTF-8 text, with or without a byte order mark. Anything else is
/// refused with how to save the file as UTF-8: the program never guesses an encoding.
pub fn decode_utf8<'b>(name: &str, bytes: &'b [u8]) -> Result<&'b str, DomainError> {
    // UTF-16 (Excel's "Unicode Text", Notepad's "Unicode") has a byte order mark or, for
    // Latin text, a zero byte in every other place; no CSV or TOML file holds a zero byte.
    let utf16 = bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]);
    if utf16 || bytes.contains(&0) {
        return Err(DomainError::NotUtf8 { utf16: true }.in_file(name, None));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        DomainError::NotUtf8 { utf16: false }.in_file(name, Some(line))
    })
}

use std::borrow::Cow;

use csv::{ReaderBuilder, StringRecord};
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
        // ASCII text is in every normal form, and is checked many times faster.
        if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
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
    pub columns: Columns,
    pub rows: Vec<(u64, StringRecord)>,
}

impl Table {
    /// The trimmed value of a format column in a row; empty when the column is absent.
    pub fn get<'r>(&self, row: &'r StringRecord, column: usize) -> &'r str {
        self.columns.get(row, column)
    }
}

/// For each column of the format (in the order asked for), its position in the file; and how
/// many lines the file has, which bounds its rows.
pub(crate) struct Columns {
    positions: Vec<Option<usize>>,
    pub lines: usize,
}

impl Columns {
    /// The trimmed value of a format column in a row; empty when the column is absent.
    pub fn get<'r>(&self, row: &'r StringRecord, column: usize) -> &'r str {
        self.positions[column]
            .and_then(|i| row.get(i))
            .map_or("", trimmed)
    }
}

/// `str::trim`, answered at once for the usual field that starts and ends with an ASCII
/// character other than white space (no other character can then be trimmed).
fn trimmed(field: &str) -> &str {
    let plain = |b: &u8| b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' ');
    match (field.as_bytes().first(), field.as_bytes().last()) {
        (Some(first), Some(last)) if plain(first) && plain(last) => field,
        _ => field.trim(),
    }
}

/// [`read_rows`], keeping every row.
pub(crate) fn read_table(
    file: &SourceFile,
    required: &[&str],
    optional: &[&str],
    free_text: &[&str],
) -> Result<Table, DomainError> {
    let mut rows = Vec::new();
    let columns = read_rows(file, required, optional, free_text, |line, row, _| {
        rows.push((line, row.clone()));
        Ok(())
    })?;
    Ok(Table { columns, rows })
}

/// Reads a comma-separated file whose header must hold every `required` column and may hold
/// the `optional` ones (any order, any case). Refuses a semicolon- or tab-separated file, an
/// unknown or repeated column, a row with the wrong number of fields, and a quote that would
/// swallow rows. Only the `free_text` columns may hold a quoted text over several lines.
/// Each row is handed to `each` with its line number as it is read, in one reused record, so
/// that a file of any length is read in little memory.
pub(crate) fn read_rows(
    file: &SourceFile,
    required: &[&str],
    optional: &[&str],
    free_text: &[&str],
    mut each: impl FnMut(u64, &StringRecord, &Columns) -> Result<(), DomainError>,
) -> Result<Columns, DomainError> {
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
        // Fields are trimmed where they are read (`Columns::get`): the reader's own trimming
        // builds a new record for every row.
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
    let multiline: Vec<usize> = names
        .iter()
        .enumerate()
        .filter(|(_, name)| free_text.contains(&name.as_str()))
        .map(|(i, _)| i)
        .collect();
    check_quotes(body, names.len(), &multiline)
        .map_err(|(line, error)| file.error(Some(line), error))?;
    let columns = Columns {
        positions: columns,
        lines: body.bytes().filter(|&b| b == b'\n').count() + 1,
    };
    let mut record = StringRecord::new();
    while reader.read_record(&mut record).map_err(csv_error)? {
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
        each(line, &record, &columns)?;
    }
    Ok(columns)
}

/// A quote opens a field only as its first character, as the CSV reader has it; the reader
/// then takes everything up to the closing quote, across lines and to the end of the file.
/// So a quote left open in a comment would silently swallow the rows after it. Refused, at the
/// line where the quote opened: a quote never closed; a quoted field over several lines outside
/// the `multiline` columns, or taking in a line that looks like a row (as many commas as the
/// header has, less one).
fn check_quotes(body: &str, fields: usize, multiline: &[usize]) -> Result<(), (u64, DomainError)> {
    let bytes = body.as_bytes();
    // Without a quote there is nothing to check, and a byte search says so quickly.
    if !bytes.contains(&b'"') {
        return Ok(());
    }
    let (mut line, mut field, mut at_start) = (1u64, 0usize, true);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' if at_start => {
                let opened = line;
                let (mut commas, mut row_like, mut closed) = (0usize, false, false);
                i += 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'"' if bytes.get(i + 1) == Some(&b'"') => i += 1,
                        b'"' => {
                            closed = true;
                            break;
                        }
                        b'\n' => {
                            row_like |= line > opened && commas + 1 >= fields;
                            line += 1;
                            commas = 0;
                        }
                        b',' => commas += 1,
                        _ => {}
                    }
                    i += 1;
                }
                if !closed {
                    return Err((opened, DomainError::UnclosedQuote));
                }
                if line > opened && (row_like || !multiline.contains(&field)) {
                    return Err((opened, DomainError::QuoteSpansRows { end_line: line }));
                }
                at_start = false;
            }
            b',' => {
                field += 1;
                at_start = true;
            }
            b'\n' => {
                line += 1;
                field = 0;
                at_start = true;
            }
            b'\r' => {}
            _ => at_start = false,
        }
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_trimmed_as_str_trim_trims_them() {
        for field in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\t7.5\r",
            "\u{b}x\u{c}",
            "J-0001",
            "\u{a0}Nguyễn\u{3000}",
            "Ý",
            "ý ",
            "\u{2028}E-1",
            "E-1\u{85}",
            "\u{1f}E\u{1c}",
        ] {
            assert_eq!(trimmed(field), field.trim(), "{field:?}");
        }
    }
}
