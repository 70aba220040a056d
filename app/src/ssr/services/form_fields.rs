//! The contest's own questions on the entry form: the committee edits them as rows; each is
//! checked (`model::form_fields`) and the whole list replaces the stored one in one
//! transaction, recorded in the audit log.
//!
//! The questions are not locked with the rules: a committee may fix a label or add a
//! question while entries come in. Answers to a removed question are dropped at the entry's
//! next save; a question made required must be answered before a submitted entry is saved
//! again (the refusal names it).

use super::audit::{self, Changes, Record};
use super::contests::{find_by_code, form_of, form_text};
use super::{clean_line, clean_text};
use crate::model::form_fields::{FieldProblem, FieldRow, parse_number, tidy_all};
use crate::model::{FieldKind, FormField};
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::contest;
use crate::ssr::messages::{Msg, Problem, ServiceError, ServiceResult};
use crate::ssr::policy::{self, Permission};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};

fn msg(problem: FieldProblem) -> Msg {
    use crate::model::form_fields::{FIELDS_MAX, OPTIONS_MAX};
    match problem {
        FieldProblem::Key => Msg::FieldKey,
        FieldProblem::KeyTaken => Msg::FieldKeyTaken,
        FieldProblem::Label => Msg::FieldLabel,
        FieldProblem::Kind => Msg::FieldKind,
        FieldProblem::Options => Msg::FieldOptions { max: OPTIONS_MAX },
        FieldProblem::TooLong { max } => Msg::TooLong { max },
        FieldProblem::RangeOrder => Msg::RangeOrder,
        FieldProblem::TooMany { .. } => Msg::TooManyFields { max: FIELDS_MAX },
    }
}

/// Checks a list of questions (from a contest file or the editor): text cleaned, each
/// question tidied, keys unique. Problems at `fields[i].part`.
pub fn check(fields: Vec<FormField>) -> ServiceResult<Vec<FormField>> {
    let mut problems = Vec::new();
    let mut cleaned = Vec::with_capacity(fields.len());
    for (i, mut f) in fields.into_iter().enumerate() {
        for (part, text) in [
            ("label_vi", &mut f.label_vi),
            ("label_en", &mut f.label_en),
            ("help_vi", &mut f.help_vi),
            ("help_en", &mut f.help_en),
        ] {
            match clean_line(text) {
                Some(c) => *text = c,
                None => problems.push(Problem::at(
                    format!("fields[{i}].{part}"),
                    Msg::ControlCharacters,
                )),
            }
        }
        for option in &mut f.options {
            match clean_line(option) {
                Some(c) => *option = c,
                None => problems.push(Problem::at(
                    format!("fields[{i}].options"),
                    Msg::ControlCharacters,
                )),
            }
        }
        cleaned.push(f);
    }
    match tidy_all(cleaned) {
        Ok(form) if problems.is_empty() => Ok(form),
        Ok(_) => Err(ServiceError::Invalid(problems)),
        Err(found) => {
            problems.extend(
                found
                    .into_iter()
                    .map(|(path, problem)| Problem::at(path, msg(problem))),
            );
            Err(ServiceError::Invalid(problems))
        }
    }
}

/// The editor's rows as questions: blank rows dropped, the kind, limits and bounds read;
/// then `check`. Problems at `fields[i].part`, `i` counting the rows as shown.
pub fn from_rows(rows: &[FieldRow]) -> ServiceResult<Vec<FormField>> {
    let mut problems = Vec::new();
    let mut fields = Vec::new();
    let mut shown = Vec::new();
    for (i, row) in rows.iter().enumerate().filter(|(_, r)| !r.is_blank()) {
        let at = |part: &str| format!("fields[{i}].{part}");
        let kind = FieldKind::from_code(&row.kind).unwrap_or_else(|| {
            problems.push(Problem::at(at("kind"), Msg::FieldKind));
            FieldKind::Text
        });
        let mut number = |part: &str, raw: &str| {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            parse_number(raw).or_else(|| {
                problems.push(Problem::at(at(part), Msg::Number));
                None
            })
        };
        let min = number("min", &row.min);
        let max = number("max", &row.max);
        let max_words = match row.max_words.trim() {
            "" => None,
            raw => raw.parse::<u32>().ok().filter(|n| *n > 0).or_else(|| {
                problems.push(Problem::at(at("max_words"), Msg::Number));
                None
            }),
        };
        let options = clean_text(&row.options)
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect();
        shown.push(i);
        fields.push(FormField {
            key: row.key.clone(),
            kind,
            label_vi: row.label_vi.clone(),
            label_en: row.label_en.clone(),
            help_vi: row.help_vi.clone(),
            help_en: row.help_en.clone(),
            required: row.required.is_some(),
            options,
            max_words,
            min,
            max,
        });
    }
    let checked = check(fields).map_err(|e| match e {
        // `check` counts the questions kept; the rows as shown include blank ones.
        ServiceError::Invalid(found) => ServiceError::Invalid(
            found
                .into_iter()
                .map(|p| Problem {
                    path: p.path.map(|path| renumber(&path, &shown)),
                    msg: p.msg,
                })
                .collect(),
        ),
        other => other,
    });
    match (checked, problems.is_empty()) {
        (Ok(form), true) => Ok(form),
        (Ok(_), false) => Err(ServiceError::Invalid(problems)),
        (Err(ServiceError::Invalid(found)), _) => {
            problems.extend(found);
            Err(ServiceError::Invalid(problems))
        }
        (Err(other), _) => Err(other),
    }
}

/// `fields[j].part` with `j` counting kept questions, as `fields[i].part` with `i` the row.
fn renumber(path: &str, shown: &[usize]) -> String {
    let Some(rest) = path.strip_prefix("fields[") else {
        return path.to_owned();
    };
    let Some((n, tail)) = rest.split_once(']') else {
        return path.to_owned();
    };
    match n.parse::<usize>().ok().and_then(|j| shown.get(j)) {
        Some(i) => format!("fields[{i}]{tail}"),
        None => path.to_owned(),
    }
}

/// Replaces a contest's questions with the editor's rows (its committee).
pub async fn set(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    rows: &[FieldRow],
) -> ServiceResult<Vec<FormField>> {
    let found = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(found.id))?;
    let form = from_rows(rows)?;
    let txn = begin_write(db).await?;
    let c = super::contests::lock(&txn, found.id).await?;
    let before = form_of(&c);
    if before == form {
        return Ok(form);
    }
    let mut row: contest::ActiveModel = c.clone().into();
    row.entry_form = Set(form_text(&form));
    row.update(&txn).await?;
    let keys = |form: &[FormField]| {
        form.iter()
            .map(|f| f.key.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    audit::append(
        &txn,
        actor,
        Record::new("contest.form_updated", "contest", c.id)
            .in_contest(c.id)
            .changes(
                Changes::new()
                    .field("fields", Some(keys(&before)), Some(keys(&form)))
                    .set("form", form_text(&form)),
            ),
    )
    .await?;
    txn.commit().await?;
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: &str, kind: &str) -> FieldRow {
        FieldRow {
            key: key.into(),
            kind: kind.into(),
            label_vi: "Câu hỏi".into(),
            ..FieldRow::default()
        }
    }

    #[test]
    fn blank_rows_are_dropped_and_problems_name_the_row_as_shown() {
        let rows = vec![
            row("website", "url"),
            FieldRow::default(),
            FieldRow {
                min: "mười".into(),
                ..row("staff", "number")
            },
            row("website", "text"),
        ];
        let ServiceError::Invalid(problems) = from_rows(&rows).unwrap_err() else {
            panic!("expected invalid");
        };
        let paths: Vec<(&str, &Msg)> = problems
            .iter()
            .map(|p| (p.path.as_deref().unwrap_or(""), &p.msg))
            .collect();
        assert_eq!(
            paths,
            vec![
                ("fields[2].min", &Msg::Number),
                ("fields[3].key", &Msg::FieldKeyTaken)
            ]
        );
    }

    #[test]
    fn a_row_becomes_a_question_with_its_choices_one_per_line() {
        let form = from_rows(&[FieldRow {
            options: "Nông nghiệp\n\nDu lịch\n".into(),
            required: Some("on".into()),
            ..row("sector", "choices")
        }])
        .unwrap();
        assert_eq!(form[0].options, vec!["Nông nghiệp", "Du lịch"]);
        assert!(form[0].required);
        assert_eq!(FieldRow::of(&form[0]).options, "Nông nghiệp\nDu lịch");
    }
}
