//! Judges invited from a CSV file (a jury list kept in a spreadsheet). A dry run reads the
//! whole file and reports every bad line and what is wrong; an import writes every invitation
//! and its mail in one transaction, or nothing. Each line is checked as the invitation form
//! checks it.
//!
//! Columns are found by their header, in any order: `email`, `name`, `organisation`, `expertise`
//! (category codes separated by `;` or `,`) and `max_load`, or the jury page's names for them
//! in either language.

use super::contests::find_by_code;
use super::entry_import::{Found, IMPORT_ROWS_MAX};
use super::invitations::{self, NewInvitation};
use super::judges::contest_judges;
use super::normalize_email;
use crate::domain::Lang;
use crate::i18n::{Locale, td_string};
use crate::model::Role;
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::{contest, invitation};
use crate::ssr::messages::{Msg, ServiceError, ServiceResult};
use crate::ssr::policy::{self, Permission};
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::{HashMap, HashSet};

/// The columns an import reads, by code.
pub const COLUMNS: [&str; 5] = ["email", "name", "organisation", "expertise", "max_load"];

/// A column's code from its header: a code, or the jury page's name for it.
fn column_code(header: &str) -> Option<&'static str> {
    let key = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    COLUMNS.iter().copied().find(|code| {
        *code == key
            || [Lang::Vi, Lang::En].into_iter().any(|lang| {
                let l: Locale = lang.into();
                let label = match *code {
                    "email" => td_string!(l, form.email),
                    "name" => td_string!(l, form.name),
                    "organisation" => td_string!(l, judging.organisation),
                    "expertise" => td_string!(l, judging.expertise),
                    _ => td_string!(l, judging.max_load),
                };
                label.to_lowercase() == key
            })
    })
}

/// Reads `text` and checks every line; with `apply` and no problem, invites them all.
pub async fn import(
    db: &DatabaseConnection,
    actor: &Actor,
    contest_code: &str,
    text: &str,
    apply: bool,
    public_url: &str,
    lang: Lang,
) -> ServiceResult<Found> {
    let contest = find_by_code(db, contest_code).await?;
    policy::require(
        actor,
        Permission::InviteTo {
            contest: contest.id,
            role: Role::Judge,
        },
    )?;
    if !apply {
        return Ok(check(db, &contest, text, lang).await?.0);
    }
    // Checked again where it is written, with the contest's row locked: two imports of one
    // list at once invite each judge once, and the second reports them as listed.
    let txn = begin_write(db).await?;
    let contest = super::contests::lock(&txn, contest.id).await?;
    let (mut found, checked) = check(&txn, &contest, text, lang).await?;
    if !found.problems.is_empty() {
        return Ok(found);
    }
    for judge in checked {
        let email = judge.email.clone();
        invitations::write(&txn, actor, &contest, judge, lang, public_url).await?;
        found.codes.push(email);
    }
    txn.commit().await?;
    found.applied = true;
    Ok(found)
}

/// Every line of `text` checked against the contest as `db` has it now: the report, and the
/// invitations to write when it has no problem.
async fn check(
    db: &impl ConnectionTrait,
    contest: &contest::Model,
    text: &str,
    lang: Lang,
) -> ServiceResult<(Found, Vec<invitations::Checked>)> {
    let mut problems: Vec<(u64, String, Msg)> = Vec::new();
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
    let columns: Vec<Option<&str>> = headers.iter().map(column_code).collect();
    for (header, code) in headers.iter().zip(&columns) {
        if code.is_none() && !header.trim().is_empty() {
            problems.push((1, header.to_owned(), Msg::ImportColumn));
        }
    }
    if !columns.contains(&Some("email")) {
        problems.push((1, "email".to_owned(), Msg::ImportMissingColumn));
    }
    let header_of = |code: &str| {
        headers
            .iter()
            .zip(&columns)
            .find(|(_, c)| **c == Some(code))
            .map_or_else(|| code.to_owned(), |(h, _)| h.to_owned())
    };
    // Already judges, or invited and not yet joined: not invited again.
    let mut listed: HashSet<String> = contest_judges(db, contest.id)
        .await?
        .into_iter()
        .map(|j| j.email)
        .collect();
    listed.extend(
        invitation::Entity::find()
            .filter(invitation::Column::ContestId.eq(contest.id))
            .filter(invitation::Column::Role.eq(Role::Judge))
            .filter(invitation::Column::AcceptedAt.is_null())
            .filter(invitation::Column::ExpiresAt.gt(Utc::now()))
            .all(db)
            .await?
            .into_iter()
            .map(|i| i.email),
    );
    let mut checked = Vec::new();
    let mut rows = 0;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                let detail = e.to_string();
                problems.push((line, String::new(), Msg::ContestFile { detail }));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        if rows == IMPORT_ROWS_MAX {
            let max = IMPORT_ROWS_MAX;
            problems.push((line, String::new(), Msg::ImportTooManyRows { max }));
            break;
        }
        rows += 1;
        let cell: HashMap<&str, &str> = columns
            .iter()
            .zip(record.iter())
            .filter_map(|(code, value)| Some(((*code)?, value)))
            .collect();
        let get = |code: &str| cell.get(code).copied().unwrap_or_default();
        let expertise = get("expertise").replace(';', ",");
        let input = NewInvitation {
            contest_id: contest.id,
            email: get("email"),
            role: Role::Judge.code(),
            categories: &expertise,
            name: get("name"),
            organisation: get("organisation"),
            max_load: get("max_load"),
            lang,
        };
        match invitations::check(db, contest, &input).await {
            Ok(judge) => {
                if !listed.insert(judge.email.clone()) {
                    problems.push((line, header_of("email"), Msg::JudgeListed));
                }
                checked.push(judge);
            }
            Err(ServiceError::Invalid(found)) => {
                for p in found {
                    let column = match p.path.as_deref() {
                        Some("categories") => "expertise",
                        Some(path) => path,
                        None => "",
                    };
                    problems.push((line, header_of(column), p.msg));
                }
                // A bad line's email still counts for duplicates further down.
                if let Ok(email) = normalize_email(input.email) {
                    listed.insert(email);
                }
            }
            Err(other) => return Err(other),
        }
    }
    problems.sort_by_key(|(line, ..)| *line);
    let found = Found {
        rows,
        problems,
        codes: Vec::new(),
        new_accounts: 0,
        applied: false,
    };
    Ok((found, checked))
}
