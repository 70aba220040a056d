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
    let mut sheets: Vec<ScoreSheet> = Vec::new();
    // The line where each sheet starts.
    let mut first_lines: Vec<u64> = Vec::new();
    // Sheets by "judge␟entry"; a file usually lists a sheet's rows together, so the sheet of
    // the row before is tried first.
    let mut sheet_of: HashMap<String, usize> = HashMap::default();
    let mut key = String::new();
    let mut last: Option<usize> = None;
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
                .map(|i| &sheets[i])
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
                            sheets.push(ScoreSheet::new(rubric, judge, entry));
                            first_lines.push(line);
                            lines.resize(lines.len() + rubric.len(), 0);
                            sheet_of.insert(key.clone(), sheets.len() - 1);
                            sheets.len() - 1
                        }
                    }
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
                Some(criterion.parse_score(score).map_err(at)?)
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
