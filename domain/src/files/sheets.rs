//! Sheets CSV: one row per judge × entry × criterion (docs/formats.md).

use std::collections::{HashMap, HashSet};

use crate::error::DomainError;
use crate::files::{SourceFile, read_table};
use crate::points::Points;
use crate::round::Entry;
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
    let table = read_table(
        file,
        &["judge", "entry", "criterion", "score"],
        &["comment"],
        &["comment"],
    )?;
    if table.rows.is_empty() {
        return Err(file.error(None, DomainError::NoScoreRows));
    }
    let known: Option<HashSet<&str>> = entries.map(|e| e.iter().map(|e| e.code.as_str()).collect());
    let mut seen: HashMap<(&str, &str, &str), u64> = HashMap::new();
    let mut sheets: Vec<(u64, ScoreSheet)> = Vec::new();
    let mut sheet_of: HashMap<(&str, &str), usize> = HashMap::new();
    for (line, row) in &table.rows {
        let at = |error| file.error(Some(*line), error);
        let [judge, entry, key, score, comment] =
            [JUDGE, ENTRY, CRITERION, SCORE, COMMENT].map(|c| table.get(row, c));
        for (value, column) in [(judge, "judge"), (entry, "entry"), (key, "criterion")] {
            if value.is_empty() {
                return Err(at(DomainError::FieldMissing {
                    column: column.to_owned(),
                }));
            }
        }
        let (index, criterion) = rubric.criterion(key).map_err(at)?;
        if known.as_ref().is_some_and(|k| !k.contains(entry)) {
            return Err(at(DomainError::UnknownEntry {
                code: entry.to_owned(),
            }));
        }
        if let Some(&first_line) = seen.get(&(judge, entry, key)) {
            return Err(at(DomainError::DuplicateRow { first_line }));
        }
        seen.insert((judge, entry, key), *line);
        let value = if score.is_empty() {
            None
        } else {
            Some(criterion.parse_score(score).map_err(at)?)
        };
        let slot = *sheet_of.entry((judge, entry)).or_insert_with(|| {
            sheets.push((*line, ScoreSheet::new(rubric, judge, entry)));
            sheets.len() - 1
        });
        let sheet = &mut sheets[slot].1;
        sheet
            .set_score(
                rubric,
                &rubric.criteria()[index].key,
                value.map(Points::new),
            )
            .map_err(at)?;
        if !comment.is_empty() {
            sheet
                .set_comment(rubric, key, Some(comment.to_owned()))
                .map_err(at)?;
        }
    }
    sheets
        .into_iter()
        .map(|(first_line, mut sheet)| {
            sheet
                .submit(rubric)
                .map_err(|e| file.error(Some(first_line), e))?;
            Ok(sheet)
        })
        .collect()
}
