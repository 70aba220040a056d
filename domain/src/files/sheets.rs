//! Sheets CSV: one row per judge × entry × criterion (docs/formats.md).

use rust_decimal::Decimal;

use crate::error::DomainError;
use crate::files::{SourceFile, read_rows};
use crate::round::{Entry, HashMap};
use crate::rubric::Rubric;
use crate::sheet::ScoreSheet;

const JUDGE: usize = 0;
const ENTRY: usize = 1;
const CRITERION: usize = 2;
const SCORE: usize = 3;
const COMMENT: usize = 4;
/// How many texts of one criterion's scores are remembered once read.
const SCORES_REMEMBERED: usize = 1024;

/// Reads submitted sheets. Every score is checked against the rubric (§2); with `entries`,
/// every entry code must be one of them. A blank score leaves an optional criterion unscored;
/// each sheet must score every required criterion.
pub fn parse_sheets(
    file: &SourceFile,
    rubric: &Rubric,
    entries: Option<&[Entry]>,
) -> Result<Vec<ScoreSheet>, DomainError> {
    // Entries and judges are numbered as they are first met, so that a sheet is found by two
    // numbers (entries listed in the entries file are numbered by it).
    let entry_numbers: HashMap<&str, u32> = entries
        .unwrap_or_default()
        .iter()
        .zip(0..)
        .map(|(e, i)| (e.code.as_str(), i))
        .collect();
    let mut new_entries: HashMap<String, u32> = HashMap::default();
    let mut judge_numbers: HashMap<String, u32> = HashMap::default();
    let mut sheets: Vec<ScoreSheet> = Vec::new();
    // The line where each sheet starts.
    let mut first_lines: Vec<u64> = Vec::new();
    // Sheets by (judge, entry) number; a file usually lists a sheet's rows together, so the
    // sheet of the row before is tried first.
    let mut sheet_of: HashMap<(u32, u32), usize> = HashMap::default();
    let mut last: Option<usize> = None;
    // Each criterion's scores as written and as read: a criterion has few allowed values, and
    // the same text always reads and checks the same way, so each is read once (a file with
    // very many different texts has only the first ones remembered).
    let mut scores_read: Vec<HashMap<String, Decimal>> = vec![HashMap::default(); rubric.len()];
    let mut last_criterion: Option<usize> = None;
    // The line of each sheet's row for each criterion, to name the first of two; 0 for none
    // yet (the header is line 1). Lines beyond 32 bits, in a file of billions of rows, would
    // be named as the last such line.
    let mut lines: Vec<u32> = Vec::new();
    read_rows(
        file,
        &["judge", "entry", "criterion", "score"],
        &["comment"],
        &["comment"],
        |line, row, columns| {
            let at = |error| file.error(Some(line), error);
            if sheets.capacity() == 0 {
                // At most one sheet per row, usually one per criterion's row.
                let sheets_expected = columns.lines / rubric.len().max(1) + 1;
                sheets.reserve(sheets_expected);
                first_lines.reserve(sheets_expected);
                sheet_of.reserve(sheets_expected);
                lines.reserve(sheets_expected * rubric.len());
            }
            let [judge, entry, name, score, comment] =
                [JUDGE, ENTRY, CRITERION, SCORE, COMMENT].map(|c| columns.get(row, c));
            for (value, column) in [(judge, "judge"), (entry, "entry"), (name, "criterion")] {
                if value.is_empty() {
                    return Err(at(DomainError::FieldMissing {
                        column: column.to_owned(),
                    }));
                }
            }
            // A sheet's rows usually follow the rubric's order: the criterion after the row
            // before's is tried first.
            let next = last_criterion.map_or(0, |i| (i + 1) % rubric.len());
            let (index, criterion) = match rubric.criteria().get(next) {
                Some(c) if c.key == name => (next, c),
                _ => rubric.criterion(name).map_err(at)?,
            };
            last_criterion = Some(index);
            let same_sheet = last
                .map(|i| &sheets[i])
                .is_some_and(|s| s.judge() == judge && s.entry() == entry);
            let slot = match last {
                Some(i) if same_sheet => i,
                _ => {
                    let entry_number = match entry_numbers.get(entry) {
                        Some(&number) => number,
                        None if entries.is_some() => {
                            return Err(at(DomainError::UnknownEntry {
                                code: entry.to_owned(),
                            }));
                        }
                        None => number_of(&mut new_entries, entry),
                    };
                    let key = (number_of(&mut judge_numbers, judge), entry_number);
                    *sheet_of.entry(key).or_insert_with(|| {
                        sheets.push(ScoreSheet::new(rubric, judge, entry));
                        first_lines.push(line);
                        lines.resize(lines.len() + rubric.len(), 0);
                        sheets.len() - 1
                    })
                }
            };
            last = Some(slot);
            let sheet = &mut sheets[slot];
            let seen = &mut lines[slot * rubric.len() + index];
            if *seen != 0 {
                return Err(at(DomainError::DuplicateRow {
                    first_line: u64::from(*seen),
                }));
            }
            *seen = u32::try_from(line).unwrap_or(u32::MAX);
            let value = if score.is_empty() {
                None
            } else {
                let read = &mut scores_read[index];
                match read.get(score) {
                    Some(&value) => Some(value),
                    None => {
                        let value = criterion.parse_score(score).map_err(at)?;
                        if read.len() < SCORES_REMEMBERED {
                            read.insert(score.to_owned(), value);
                        }
                        Some(value)
                    }
                }
            };
            sheet.set_checked(rubric, index, value).map_err(at)?;
            if !comment.is_empty() {
                sheet
                    .set_comment(rubric, name, Some(comment.to_owned()))
                    .map_err(at)?;
            }
            Ok(())
        },
    )?;
    if sheets.is_empty() {
        return Err(file.error(None, DomainError::NoScoreRows));
    }
    // Submitted where they lie: the sheets are not moved into a new list.
    for (sheet, &first_line) in sheets.iter_mut().zip(&first_lines) {
        sheet
            .submit(rubric)
            .map_err(|e| file.error(Some(first_line), e))?;
    }
    Ok(sheets)
}

/// `name`'s number in `numbers`, the next one if it has none yet.
fn number_of(numbers: &mut HashMap<String, u32>, name: &str) -> u32 {
    match numbers.get(name) {
        Some(&number) => number,
        None => {
            let number = numbers.len() as u32;
            numbers.insert(name.to_owned(), number);
            number
        }
    }
}
