//! A round's assignment read back from CSV (a plan kept in a spreadsheet, or the page's own
//! download edited). Each line gives an entry and a judge; the pairs not yet assigned are
//! added under the planner's hard rules, counted with the rest of the file: the judge is
//! chosen for the round and not in conflict with the entry, no judge goes above their maximum
//! load and no entry above `k` judges. A dry run lists every bad line; an import adds every
//! pair in one transaction, or none. Pairs already assigned are kept as they are, so the
//! download reads back as a change of nothing.
//!
//! Columns are found by their header: `entry` and `judge_email`, or the download's names for
//! them in either language; other columns (title, judge's name, sheet) are read past.

use super::assignment::{in_round, planner_entries, recorded_pairs, round_at};
use super::audit::{self, Changes, Record};
use super::contests::find_by_code;
use super::entry_import::{Found, IMPORT_ROWS_MAX};
use super::judges::{contest_judges, round_judge_ids, round_ref};
use super::rounds;
use crate::domain::Lang;
use crate::domain::assignment::{self as planner, AssignmentRequest};
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::{assignment, contest, entry, round};
use crate::ssr::messages::{Msg, ServiceError, ServiceResult};
use crate::ssr::policy::{self, Permission};
use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A column's code from its header: `entry`, `judge_email`, or another column of the download.
fn column_code(header: &str) -> Option<&'static str> {
    let key = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    match key.as_str() {
        "entry" => return Some("entry"),
        "judge_email" => return Some("judge_email"),
        _ => {}
    }
    [Lang::Vi, Lang::En].into_iter().find_map(|lang| {
        let names = crate::words::assignment_header(lang);
        let at = names.iter().position(|n| n.to_lowercase() == key)?;
        Some(match at {
            0 => "entry",
            4 => "judge_email",
            _ => "other",
        })
    })
}

/// What a file asks, checked against the round as `db` has it now.
struct Checked {
    rows: usize,
    problems: Vec<(u64, String, Msg)>,
    /// (entry, judge) pairs to add, in file order, with how the report names them.
    add: Vec<(Uuid, Uuid, String)>,
}

async fn check(
    db: &impl ConnectionTrait,
    contest: &contest::Model,
    round: &round::Model,
    text: &str,
) -> ServiceResult<Checked> {
    let mut problems: Vec<(u64, String, Msg)> = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            let detail = e.to_string();
            ServiceError::invalid("csv", Msg::ContestFile { detail })
        })?
        .clone();
    let columns: Vec<Option<&str>> = headers.iter().map(column_code).collect();
    for (header, code) in headers.iter().zip(&columns) {
        if code.is_none() && !header.trim().is_empty() {
            problems.push((1, header.to_owned(), Msg::ImportColumn));
        }
    }
    for needed in ["entry", "judge_email"] {
        if !columns.contains(&Some(needed)) {
            problems.push((1, needed.to_owned(), Msg::ImportMissingColumn));
        }
    }
    let header_of = |code: &str| {
        headers
            .iter()
            .zip(&columns)
            .find(|(_, c)| **c == Some(code))
            .map_or_else(|| code.to_owned(), |(h, _)| h.to_owned())
    };
    let mut lines: Vec<(u64, String, String)> = Vec::new();
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
        let cell = |code: &str| {
            columns
                .iter()
                .zip(record.iter())
                .find(|(c, _)| **c == Some(code))
                .map_or("", |(_, v)| v.trim())
        };
        let (code, email) = (cell("entry"), cell("judge_email"));
        // A line without a judge is an entry's gap in the download: nothing to add.
        if email.is_empty() {
            continue;
        }
        if lines.len() == IMPORT_ROWS_MAX * 10 {
            let max = IMPORT_ROWS_MAX * 10;
            problems.push((line, String::new(), Msg::ImportTooManyRows { max }));
            break;
        }
        lines.push((line, code.to_ascii_uppercase(), email.to_lowercase()));
    }
    let rows = lines.len();

    let codes: Vec<String> = lines.iter().map(|(_, c, _)| c.clone()).collect();
    let mut entries: HashMap<String, entry::Model> = HashMap::new();
    for chunk in codes.chunks(1_000) {
        for e in entry::Entity::find()
            .filter(in_round(contest.id, round.position))
            .filter(entry::Column::Code.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
        {
            entries.insert(e.code.clone(), e);
        }
    }
    let chosen = round_judge_ids(db, round.id).await?;
    let jury = contest_judges(db, contest.id).await?;
    let by_email: HashMap<&str, &super::judges::Judge> =
        jury.iter().map(|j| (j.email.as_str(), j)).collect();
    let current = assignment::Entity::find()
        .filter(assignment::Column::RoundId.eq(round.id))
        .all(db)
        .await?;
    let mut assigned: HashSet<(Uuid, Uuid)> =
        current.iter().map(|a| (a.entry_id, a.judge_id)).collect();
    let mut per_entry: HashMap<Uuid, u32> = HashMap::new();
    let mut per_judge: HashMap<Uuid, u32> = HashMap::new();
    for a in &current {
        *per_entry.entry(a.entry_id).or_default() += 1;
        *per_judge.entry(a.judge_id).or_default() += 1;
    }
    // Conflicts among the entries and judges the file names, found once.
    let named: Vec<entry::Model> = entries.values().cloned().collect();
    let named_ids: HashSet<Uuid> = named.iter().map(|e| e.id).collect();
    let judge_ids: HashSet<String> = jury.iter().map(|j| j.id.to_string()).collect();
    let (declared, lifted) = recorded_pairs(db, contest.id, Some(&named_ids)).await?;
    let known = |p: &planner::Pairing| judge_ids.contains(&p.judge_id);
    let request = AssignmentRequest {
        entries: planner_entries(db, &named).await?,
        judges: jury.iter().map(|j| j.planned()).collect(),
        declared_conflicts: declared.into_iter().filter(known).collect(),
        lifted_conflicts: lifted.into_iter().filter(known).collect(),
        judges_per_entry: 1,
        ..AssignmentRequest::default()
    };
    let conflicted: HashSet<(String, String)> = planner::detect_conflicts(&request)
        .map_err(|e| ServiceError::Internal(format!("conflict check: {e}")))?
        .into_iter()
        .map(|c| (c.entry_id, c.judge_id))
        .collect();

    let k = round_ref(round).judges_per_entry;
    let mut add = Vec::new();
    for (line, code, email) in lines {
        let Some(e) = entries.get(&code) else {
            problems.push((line, header_of("entry"), Msg::EntryNotInRound));
            continue;
        };
        let Some(judge) = by_email.get(email.as_str()) else {
            problems.push((line, header_of("judge_email"), Msg::NotAJudge));
            continue;
        };
        if !assigned.insert((e.id, judge.id)) {
            continue;
        }
        let msg = if !chosen.contains(&judge.id) {
            Some(Msg::JudgeNotInRound)
        } else if conflicted.contains(&(e.id.to_string(), judge.id.to_string())) {
            Some(Msg::AssignmentConflict)
        } else if per_entry.get(&e.id).copied().unwrap_or(0) >= k {
            Some(Msg::EntryFull { k })
        } else {
            judge
                .max_load
                .filter(|&m| per_judge.get(&judge.id).copied().unwrap_or(0) >= m)
                .map(|max| Msg::JudgeAtMaxLoad { max })
        };
        match msg {
            Some(msg) => problems.push((line, header_of("judge_email"), msg)),
            None => {
                *per_entry.entry(e.id).or_default() += 1;
                *per_judge.entry(judge.id).or_default() += 1;
                add.push((e.id, judge.id, format!("{} · {}", e.code, judge.email)));
            }
        }
    }
    problems.sort_by_key(|(line, ..)| *line);
    Ok(Checked {
        rows,
        problems,
        add,
    })
}

/// Reads `text` and checks every line against round `position` (its committee); with
/// `apply` and no problem, adds every new pair. `Found::codes` names the pairs added
/// (`LS25-0042 · email`).
pub async fn import(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    text: &str,
    apply: bool,
) -> ServiceResult<Found> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let found = |c: &Checked, applied: bool| Found {
        rows: c.rows,
        problems: c.problems.clone(),
        codes: if applied {
            c.add.iter().map(|(.., name)| name.clone()).collect()
        } else {
            Vec::new()
        },
        new_accounts: 0,
        applied,
    };
    if !apply {
        let round = round_at(db, contest.id, position).await?;
        let checked = check(db, &contest, &round, text).await?;
        return Ok(found(&checked, false));
    }
    // Checked again where it is written, after the round is locked: what is added is what
    // holds now.
    let txn = begin_write(db).await?;
    let round = rounds::locked(&txn, contest.id, position).await?;
    if round.finalised_at.is_some() {
        return Err(ServiceError::refused(Msg::RoundFinalised));
    }
    let checked = check(&txn, &contest, &round, text).await?;
    if !checked.problems.is_empty() {
        return Ok(found(&checked, false));
    }
    let now = Utc::now();
    let by = actor.id().unwrap_or_default();
    for chunk in checked.add.chunks(1_000) {
        if chunk.is_empty() {
            continue;
        }
        assignment::Entity::insert_many(chunk.iter().map(|&(entry_id, judge_id, _)| {
            assignment::ActiveModel {
                id: Set(Uuid::now_v7()),
                round_id: Set(round.id),
                entry_id: Set(entry_id),
                judge_id: Set(judge_id),
                created_by: Set(by),
                created_at: Set(now),
            }
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    audit::append(
        &txn,
        actor,
        Record::new("assignment.imported", "round", round.id)
            .in_contest(contest.id)
            .changes(
                Changes::new()
                    .set("lines", checked.rows)
                    .set("added", checked.add.len()),
            ),
    )
    .await?;
    txn.commit().await?;
    super::progress::changed();
    Ok(found(&checked, true))
}
