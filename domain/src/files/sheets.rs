//! Sheets CSV: one row per judge × entry × criterion (docs/formats.md).

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

/// Reads submitted sheets. Every score is checked against the rubric (§2); with `entries`,
/// every entry code must be one of them. A blank score leaves an optional criterion unscored;
/// each sheet must score every required criterion.
pub fn parse_sheets(
    file: &SourceFile,
    rubric: &Rubric,
    entries: Option<&[Entry]>,
) -> Result<Vec<ScoreSheet>, DomainError> {
    let known: Option<HashMap<&str, ()>> =
        entries.map(|e| e.iter().map(|e| (e.code.as_str(), ())).collect());
    let mut sheets: Vec<Read> = Vec::new();
    // Sheets by "judge␟entry"; a file usually lists a sheet's rows together, so the sheet of
    // the row before is tried first.
    let mut sheet_of: HashMap<String, usize> = HashMap::default();
    let mut key = String::new();
    let mut last: Option<usize> = None;
    // The line of each sheet's row for each criterion, to name the first of two.
    let mut lines: Vec<Option<u64>> = Vec::new();
    read_rows(
        file,
        &["judge", "entry", "criterion", "score"],
        &["comment"],
        &["comment"],
        |line, row, columns| {
            let at = |error| file.error(Some(line), error);
            let [judge, entry, name, score, comment] =
                [JUDGE, ENTRY, CRITERION, SCORE, COMMENT].map(|c| columns.get(row, c));
            for (value, column) in [(judge, "judge"), (entry, "entry"), (name, "criterion")] {
                if value.is_empty() {
                    return Err(at(DomainError::FieldMissing {
                        column: column.to_owned(),
                    }));
                }
            }
            let (index, criterion) = rubric.criterion(name).map_err(at)?;
            let same_sheet = last
                .map(|i| &sheets[i].sheet)
                .is_some_and(|s| s.judge() == judge && s.entry() == entry);
            let slot = match last {
                Some(i) if same_sheet => i,
                _ => {
                    if known.as_ref().is_some_and(|k| !k.contains_key(entry)) {
                        return Err(at(DomainError::UnknownEntry {
                            code: entry.to_owned(),
                        }));
                    }
                    key.clear();
                    key.extend([judge, "\u{1f}", entry]);
                    match sheet_of.get(key.as_str()) {
                        Some(&i) => i,
                        None => {
                            sheets.push(Read {
                                first_line: line,
                                sheet: ScoreSheet::new(rubric, judge, entry),
                            });
                            lines.resize(lines.len() + rubric.len(), None);
                            sheet_of.insert(key.clone(), sheets.len() - 1);
                            sheets.len() - 1
                        }
                    }
                }
            };
            last = Some(slot);
            let read = &mut sheets[slot];
            if let Some(first_line) = lines[slot * rubric.len() + index].replace(line) {
                return Err(at(DomainError::DuplicateRow { first_line }));
            }
            let value = if score.is_empty() {
                None
            } else {
                Some(criterion.parse_score(score).map_err(at)?)
            };
            read.sheet.set_checked(rubric, index, value).map_err(at)?;
            if !comment.is_empty() {
                read.sheet
                    .set_comment(rubric, name, Some(comment.to_owned()))
                    .map_err(at)?;
            }
            Ok(())
        },
    )?;
    if sheets.is_empty() {
        return Err(file.error(None, DomainError::NoScoreRows));
    }
    sheets
        .into_iter()
        .map(|mut read| {
            read.sheet
                .submit(rubric)
                .map_err(|e| file.error(Some(read.first_line), e))?;
            Ok(read.sheet)
        })
        .collect()
}

/// A sheet as it is read, with the line where it starts.
struct Read {
    first_line: u64,
    sheet: ScoreSheet,
}
