//! Entries imported from a CSV file (districts and schools send lists). A dry run reads the
//! whole file and reports every bad line and what is wrong with it; an import writes all of
//! it in one transaction or nothing. Each row is checked as the entry form checks it; a lead
//! without an account gets one (not finished) and a link to set its password.
//!
//! Columns are found by their header, in any order: the codes of docs/formats.md §8
//! (`title`, `lead_email`, …) or the column names of the entries CSV in either language, so a
//! file exported from JuryDesk reads back.

use super::audit::{self, Changes, Record};
use super::contests::{categories, find_by_code};
use super::entries::{check_fields, insert_imported};
use super::{accounts, normalize_email};
use crate::domain::Lang;
use crate::model::limits::{ENTRIES_PER_PERSON_MAX, PERSON_NAME_MAX};
use crate::model::{EntryFields, EntryStatus, FieldKind, FormField, MemberFields};
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::{entry, user};
use crate::ssr::messages::{Msg, Problem, ServiceError, ServiceResult};
use crate::ssr::policy::{self, Permission};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter,
};
use std::collections::HashMap;

/// Data lines one import takes.
pub const IMPORT_ROWS_MAX: usize = 2_000;

/// The columns an import reads, by code. (A `code` column, as in an exported file, is
/// ignored: imported entries are numbered on from the contest's.)
pub use crate::model::IMPORT_COLUMNS as COLUMNS;

/// A column's code from its header: a code, or a column name of the entries CSV in either
/// language. `lead` (the CSV's "Team lead") is the lead's name; `team` is `members`.
fn column_code(header: &str) -> Option<&'static str> {
    let h = header.trim().trim_start_matches('\u{feff}');
    let key = h.to_lowercase();
    if let Some(code) = COLUMNS.iter().find(|c| **c == key) {
        return Some(code);
    }
    if key == "code"
        || crate::words::entries::field_label("code", Lang::Vi).to_lowercase() == key
        || crate::words::entries::field_label("code", Lang::En).to_lowercase() == key
    {
        return Some("code");
    }
    let named = |field: &str| {
        [Lang::Vi, Lang::En]
            .into_iter()
            .any(|lang| crate::words::entries::field_label(field, lang).to_lowercase() == key)
    };
    let aliases: [(&str, &'static str); 14] = [
        ("title", "title"),
        ("category", "category"),
        ("lead", "lead_name"),
        ("lead_email", "lead_email"),
        ("summary", "summary"),
        ("problem", "problem"),
        ("solution", "solution"),
        ("market", "market"),
        ("business_model", "business_model"),
        ("stage", "stage"),
        ("birth_date", "birth_date"),
        ("province", "province"),
        ("founded", "founded"),
        ("team", "members"),
    ];
    aliases.into_iter().find(|(f, _)| named(f)).map(|(_, c)| c)
}

/// A column's code from its header as `column_code` reads it, else one of the contest's
/// questions by key or label in either language (`answers.KEY`; file questions are answered
/// by uploading, never imported).
fn column_of(header: &str, form: &[FormField]) -> Option<String> {
    if let Some(code) = column_code(header) {
        return Some(code.to_owned());
    }
    let key = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    form.iter()
        .filter(|f| f.kind != FieldKind::File)
        .find(|f| {
            f.key == key
                || (!f.label_vi.is_empty() && f.label_vi.to_lowercase() == key)
                || (!f.label_en.is_empty() && f.label_en.to_lowercase() == key)
        })
        .map(|f| format!("answers.{}", f.key))
}

/// An answer as one cell: several choices separated by `;` (as the export writes them).
fn answer_cell(field: &FormField, cell: &str) -> String {
    match field.kind {
        FieldKind::Choices => cell
            .split([';', '\n'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        _ => cell.to_owned(),
    }
}

/// A team as one cell: `Name <email>; Name (organisation)`, separated by semicolons; the part
/// in angle brackets is the email, the part in brackets the organisation.
fn members(cell: &str) -> Vec<MemberFields> {
    cell.split(';')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(|m| {
            let (rest, email) = match (m.find('<'), m.rfind('>')) {
                (Some(a), Some(b)) if a < b => (
                    format!("{}{}", &m[..a], &m[b + 1..]),
                    m[a + 1..b].trim().to_owned(),
                ),
                _ => (m.to_owned(), String::new()),
            };
            let (name, organisation) = match (rest.find('('), rest.rfind(')')) {
                (Some(a), Some(b)) if a < b => (
                    rest[..a].trim().to_owned(),
                    rest[a + 1..b].trim().to_owned(),
                ),
                _ => (rest.trim().to_owned(), String::new()),
            };
            MemberFields {
                name,
                email,
                organisation,
                role: String::new(),
            }
        })
        .collect()
}

/// A stage as a code or as its name in either language.
fn stage_code(cell: &str) -> String {
    let key = cell.trim().to_lowercase();
    crate::model::Stage::ALL
        .into_iter()
        .find(|s| {
            s.code() == key
                || [Lang::Vi, Lang::En]
                    .into_iter()
                    .any(|lang| crate::words::entries::stage_name(*s, lang).to_lowercase() == key)
        })
        .map_or_else(|| cell.trim().to_owned(), |s| s.code().to_owned())
}

/// One data line, read.
struct Row {
    line: u64,
    fields: EntryFields,
    lead_name: String,
    lead_email: String,
}

/// What an import found: its rows and every problem, by line and column.
#[derive(Debug)]
pub struct Found {
    pub rows: usize,
    pub problems: Vec<(u64, String, Msg)>,
    pub codes: Vec<String>,
    pub new_accounts: usize,
    pub applied: bool,
}

/// Refuses unless `actor` may import entries into the contest (its committee).
pub async fn may_import(
    db: &DatabaseConnection,
    actor: &Actor,
    contest_code: &str,
) -> ServiceResult<()> {
    let c = find_by_code(db, contest_code).await?;
    policy::require(actor, Permission::ManageContest(c.id))
}

/// Reads `text` and checks every row; with `apply` and no problem, creates every entry in
/// one transaction (the contest's committee, at any time).
pub async fn import(
    db: &DatabaseConnection,
    actor: &Actor,
    contest_code: &str,
    text: &str,
    apply: bool,
    public_url: &str,
) -> ServiceResult<Found> {
    let c = find_by_code(db, contest_code).await?;
    policy::require(actor, Permission::ManageContest(c.id))?;
    let known = categories(db, c.id).await?;
    let form = super::contests::form_of(&c);
    let mut problems = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            ServiceError::invalid(
                "csv",
                Msg::ContestFile {
                    detail: e.to_string(),
                },
            )
        })?
        .clone();
    let mut columns: Vec<Option<String>> = Vec::new();
    for h in &headers {
        let code = column_of(h, &form);
        if code.is_none() && !h.trim().is_empty() {
            problems.push((1, h.to_owned(), Msg::ImportColumn));
        }
        columns.push(code);
    }
    for needed in ["title", "lead_name", "lead_email"] {
        if !columns.iter().any(|c| c.as_deref() == Some(needed)) {
            problems.push((1, needed.to_owned(), Msg::ImportMissingColumn));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push((
                    line,
                    String::new(),
                    Msg::ContestFile {
                        detail: e.to_string(),
                    },
                ));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        if rows.len() == IMPORT_ROWS_MAX {
            problems.push((
                line,
                String::new(),
                Msg::ImportTooManyRows {
                    max: IMPORT_ROWS_MAX,
                },
            ));
            break;
        }
        let mut cell: HashMap<&str, &str> = HashMap::new();
        for (i, value) in record.iter().enumerate() {
            if let Some(Some(code)) = columns.get(i) {
                cell.insert(code.as_str(), value);
            }
        }
        let get = |code: &str| cell.get(code).copied().unwrap_or_default().to_owned();
        let fields = EntryFields {
            title: get("title"),
            category: get("category"),
            summary: get("summary"),
            problem: get("problem"),
            solution: get("solution"),
            market: get("market"),
            business_model: get("business_model"),
            stage: stage_code(&get("stage")),
            birth_date: get("birth_date"),
            province: get("province"),
            founded: get("founded"),
            members: members(&get("members")),
            answers: form
                .iter()
                .filter_map(|f| {
                    let raw = get(&format!("answers.{}", f.key));
                    (!raw.trim().is_empty()).then(|| (f.key.clone(), answer_cell(f, &raw)))
                })
                .collect(),
            picks: Default::default(),
        };
        let header_of = |path: &str| {
            let code = if path.starts_with("answers.") {
                path
            } else {
                path.split(['[', '.']).next().unwrap_or(path)
            };
            headers
                .iter()
                .zip(&columns)
                .find(|(_, c)| c.as_deref() == Some(code))
                .map_or_else(|| code.to_owned(), |(h, _)| h.to_owned())
        };
        if let Err(ServiceError::Invalid(found)) = check_fields(&fields, &known, &form) {
            for p in found {
                problems.push((line, header_of(p.path.as_deref().unwrap_or("")), p.msg));
            }
        }
        if fields.title.trim().is_empty() {
            problems.push((line, header_of("title"), Msg::Required));
        }
        let lead_name = get("lead_name").trim().to_owned();
        if lead_name.is_empty() || lead_name.chars().count() > PERSON_NAME_MAX {
            problems.push((line, header_of("lead_name"), Msg::Name));
        }
        let lead_email = normalize_email(&get("lead_email")).unwrap_or_else(|_| {
            problems.push((line, header_of("lead_email"), Msg::Email));
            String::new()
        });
        rows.push(Row {
            line,
            fields,
            lead_name,
            lead_email,
        });
    }
    // The ceiling of entries a person leads, counting what they lead already.
    let emails: Vec<String> = rows
        .iter()
        .map(|r| r.lead_email.clone())
        .filter(|e| !e.is_empty())
        .collect();
    let mut accounts_found: HashMap<String, uuid::Uuid> = HashMap::new();
    for chunk in emails.chunks(500) {
        for u in user::Entity::find()
            .filter(user::Column::Email.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
        {
            accounts_found.insert(u.email, u.id);
        }
    }
    let mut led: HashMap<String, u64> = HashMap::new();
    for (email, id) in &accounts_found {
        let n = entry::Entity::find()
            .filter(entry::Column::ContestId.eq(c.id))
            .filter(entry::Column::LeadId.eq(*id))
            .filter(entry::Column::Status.ne(EntryStatus::Withdrawn))
            .count(db)
            .await?;
        led.insert(email.clone(), n);
    }
    for r in rows.iter().filter(|r| !r.lead_email.is_empty()) {
        let n = led.entry(r.lead_email.clone()).or_insert(0);
        *n += 1;
        if *n > ENTRIES_PER_PERSON_MAX {
            problems.push((
                r.line,
                "lead_email".to_owned(),
                Msg::EntriesPerPerson {
                    max: ENTRIES_PER_PERSON_MAX,
                },
            ));
        }
    }
    let mut new_people: Vec<&str> = emails
        .iter()
        .filter(|e| !accounts_found.contains_key(*e))
        .map(String::as_str)
        .collect();
    new_people.sort_unstable();
    new_people.dedup();
    problems.sort_by_key(|p| p.0);
    let mut found = Found {
        rows: rows.len(),
        problems,
        codes: Vec::new(),
        new_accounts: new_people.len(),
        applied: false,
    };
    if !apply || !found.problems.is_empty() || rows.is_empty() {
        return Ok(found);
    }
    let txn = begin_write(db).await?;
    let locked = super::contests::lock(&txn, c.id).await?;
    let mut number = locked.entry_seq;
    let mut ids = Vec::new();
    for r in &rows {
        let (lead, _) = accounts::lead_for_import(
            &txn,
            &r.lead_email,
            &r.lead_name,
            Lang::Vi,
            public_url,
            (&c.name_vi, &c.name_en),
        )
        .await?;
        number += 1;
        let (id, code) = insert_imported(
            &txn,
            actor,
            &locked,
            number,
            (lead, &r.lead_name),
            &r.fields,
            &known,
        )
        .await
        .map_err(|e| match e {
            ServiceError::Invalid(p) => ServiceError::Invalid(
                p.into_iter()
                    .map(|p| Problem::at(format!("line {}", r.line), p.msg))
                    .collect(),
            ),
            other => other,
        })?;
        ids.push(id);
        found.codes.push(code);
    }
    let mut counter: crate::ssr::entities::contest::ActiveModel = locked.clone().into();
    counter.entry_seq = Set(number);
    counter.update(&txn).await?;
    super::eligibility::refresh(&txn, &locked, &ids).await?;
    audit::append(
        &txn,
        actor,
        Record::new("contest.entries_imported", "contest", c.id)
            .in_contest(c.id)
            .changes(
                Changes::new()
                    .set("entries", ids.len())
                    .set("new_accounts", found.new_accounts),
            ),
    )
    .await?;
    txn.commit().await?;
    found.applied = true;
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_found_by_code_or_by_the_export_names_in_either_language() {
        assert_eq!(column_code("Title"), Some("title"));
        assert_eq!(column_code("\u{feff}lead_email"), Some("lead_email"));
        assert_eq!(column_code("Tên ý tưởng"), Some("title"));
        assert_eq!(column_code("Team lead"), Some("lead_name"));
        assert_eq!(column_code("Thành viên nhóm"), Some("members"));
        assert_eq!(column_code("Số điện thoại"), None);
    }

    #[test]
    fn a_team_cell_reads_names_emails_and_organisations() {
        let team = members("Lê Văn Khoa <khoa@example.vn>; Hà Thu (HTX Hòa An); ");
        assert_eq!(team.len(), 2);
        assert_eq!(
            (team[0].name.as_str(), team[0].email.as_str()),
            ("Lê Văn Khoa", "khoa@example.vn")
        );
        assert_eq!(
            (team[1].name.as_str(), team[1].organisation.as_str()),
            ("Hà Thu", "HTX Hòa An")
        );
        assert_eq!(stage_code("Ý tưởng"), "idea");
        assert_eq!(stage_code("prototype"), "prototype");
    }
}
