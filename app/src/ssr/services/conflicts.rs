//! Conflicts of interest (xung đột lợi ích, SCORING.md §2 and §9). A judge declares one from
//! the contest's entries, seen by code and title only; the engine detects others from
//! organisations and email addresses; the committee records one or lifts one, with a reason.
//!
//! When a conflict takes effect, the judge's assignments to the entry go, except where their
//! sheet is started: that sheet is voided instead (kept, marked, never counted), and the
//! assignment stays so that the void sheet remains on record.

use super::assignment::{planner_entries, recorded_pairs};
use super::audit::{self, Changes, Record};
use super::contests::find_by_code;
use super::judges::{contest_judges, judge_in};
use super::{PageRequest, check_reason, fold};
use crate::domain::assignment::{self as planner, AssignmentRequest};
use crate::domain::sheet::SheetState;
use crate::model::EntryStatus;
use crate::model::judging::{
    ConflictRow, ConflictState, ConflictsView, ContestRef, DeclareView, EntryTitle,
    RecordedConflict,
};
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::{assignment, conflict, contest, entry, round, sheet, user};
use crate::ssr::messages::{Msg, ServiceError, ServiceResult};
use crate::ssr::policy::{self, Permission};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Entries on a judge's declaration page per page.
pub const ENTRIES_PER_PAGE: u64 = 50;

/// The entries a conflict can concern: the contest's submitted ones.
fn submitted(contest_id: Uuid) -> Condition {
    Condition::all()
        .add(entry::Column::ContestId.eq(contest_id))
        .add(entry::Column::Status.eq(EntryStatus::Submitted))
}

/// Every conflict of the contest, detected or recorded, for its committee: pairs in conflict
/// first, by entry code and judge name, then the lifted ones.
pub async fn committee_view(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
) -> ServiceResult<ConflictsView> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let judges = contest_judges(db, contest.id).await?;
    let entries = entry::Entity::find()
        .filter(submitted(contest.id))
        .order_by_asc(entry::Column::Number)
        .all(db)
        .await?;
    let entry_ids: HashSet<Uuid> = entries.iter().map(|e| e.id).collect();
    let judge_ids: HashSet<String> = judges.iter().map(|j| j.id.to_string()).collect();
    let (declared, _) = recorded_pairs(db, contest.id, Some(&entry_ids)).await?;
    // Lifted pairs are left in, so that the page shows what each lifting set aside.
    let request = AssignmentRequest {
        entries: planner_entries(db, &entries).await?,
        judges: judges.iter().map(|j| j.planned()).collect(),
        declared_conflicts: declared
            .into_iter()
            .filter(|p| judge_ids.contains(&p.judge_id))
            .collect(),
        judges_per_entry: 1,
        ..AssignmentRequest::default()
    };
    let found = planner::detect_conflicts(&request)
        .map_err(|e| ServiceError::Internal(format!("conflicts: {e}")))?;
    let recorded = conflict::Entity::find()
        .filter(conflict::Column::ContestId.eq(contest.id))
        .all(db)
        .await?;
    let deciders: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(recorded.iter().map(|c| c.decided_by)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut by_pair: HashMap<(Uuid, Uuid), RecordedConflict> = recorded
        .into_iter()
        .filter(|c| entry_ids.contains(&c.entry_id))
        .map(|c| {
            (
                (c.judge_id, c.entry_id),
                RecordedConflict {
                    state: c.state,
                    reason: c.reason,
                    by: deciders.get(&c.decided_by).cloned().unwrap_or_default(),
                    at: crate::format::Zoned::new(c.updated_at, &contest.time_zone),
                },
            )
        })
        .collect();
    let entry_of: HashMap<Uuid, &entry::Model> = entries.iter().map(|e| (e.id, e)).collect();
    let judge_of: HashMap<Uuid, String> = judges.iter().map(|j| (j.id, j.name.clone())).collect();
    let row = |judge_id: Uuid, entry_id: Uuid, reasons, recorded| {
        let e = entry_of.get(&entry_id)?;
        Some(ConflictRow {
            judge_id,
            judge_name: judge_of.get(&judge_id)?.clone(),
            entry_code: e.code.clone(),
            entry_title: e.title.clone(),
            reasons,
            recorded,
        })
    };
    let mut rows: Vec<ConflictRow> = Vec::new();
    for c in found {
        let (Ok(judge_id), Ok(entry_id)) = (c.judge_id.parse(), c.entry_id.parse()) else {
            continue;
        };
        let recorded = by_pair.remove(&(judge_id, entry_id));
        rows.extend(row(judge_id, entry_id, c.reasons, recorded));
    }
    for ((judge_id, entry_id), recorded) in by_pair {
        rows.extend(row(judge_id, entry_id, Vec::new(), Some(recorded)));
    }
    rows.sort_by(|a, b| {
        b.holds()
            .cmp(&a.holds())
            .then(a.entry_code.cmp(&b.entry_code))
            .then(fold(&a.judge_name).cmp(&fold(&b.judge_name)))
    });
    Ok(ConflictsView {
        contest_id: contest.id,
        contest: super::judges::contest_ref(&contest),
        rounds: super::rounds::rows(db, contest.id)
            .await?
            .iter()
            .map(super::judges::round_ref)
            .collect(),
        rows,
        judges: judges
            .iter()
            .map(|j| j.view(&HashMap::new(), Vec::new()))
            .collect(),
    })
}

/// The committee records a conflict between a judge and an entry (`add`) or lifts one
/// (`lift`), with a reason.
pub async fn record(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    judge_id: Uuid,
    entry_code: &str,
    action: &str,
    reason: &str,
) -> ServiceResult<()> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let state = match action.trim() {
        "add" => ConflictState::Added,
        "lift" => ConflictState::Lifted,
        _ => return Err(ServiceError::invalid("action", Msg::ConflictAction)),
    };
    let reason = check_reason(reason)?;
    let txn = begin_write(db).await?;
    super::contests::lock(&txn, contest.id).await?;
    judge_in(&txn, contest.id, judge_id)
        .await
        .map_err(|_| ServiceError::invalid("judge", Msg::NotAJudge))?;
    let entry = submitted_entry(&txn, contest.id, entry_code).await?;
    set_state(&txn, actor, &contest, judge_id, &entry, state, &reason).await?;
    txn.commit().await?;
    super::progress::changed();
    Ok(())
}

/// A judge declares that they conflict with an entry: from now on they do not score it.
pub async fn declare(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    entry_code: &str,
    reason: &str,
) -> ServiceResult<()> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::JudgeIn(contest.id))?;
    let judge_id = actor.id().ok_or(ServiceError::Forbidden)?;
    let reason = super::clean_text(reason)
        .filter(|r| r.chars().count() <= crate::model::limits::REASON_MAX)
        .ok_or(ServiceError::invalid("reason", Msg::Reason))?;
    let txn = begin_write(db).await?;
    super::contests::lock(&txn, contest.id).await?;
    let entry = submitted_entry(&txn, contest.id, entry_code).await?;
    let existing = conflict::Entity::find()
        .filter(conflict::Column::ContestId.eq(contest.id))
        .filter(conflict::Column::JudgeId.eq(judge_id))
        .filter(conflict::Column::EntryId.eq(entry.id))
        .one(&txn)
        .await?;
    // Declaring twice changes nothing; a declaration stands whatever the committee lifted.
    if existing.is_some_and(|c| c.state.holds()) {
        return Ok(());
    }
    set_state(
        &txn,
        actor,
        &contest,
        judge_id,
        &entry,
        ConflictState::Declared,
        &reason,
    )
    .await?;
    txn.commit().await?;
    super::progress::changed();
    Ok(())
}

async fn submitted_entry(
    db: &impl ConnectionTrait,
    contest_id: Uuid,
    code: &str,
) -> ServiceResult<entry::Model> {
    entry::Entity::find()
        .filter(submitted(contest_id))
        .filter(entry::Column::Code.eq(code.trim().to_ascii_uppercase()))
        .one(db)
        .await?
        .ok_or(ServiceError::invalid("entry", Msg::EntryNotInRound))
}

/// Writes the pair's state and what follows from it, with its audit record.
async fn set_state(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    contest: &contest::Model,
    judge_id: Uuid,
    entry: &entry::Model,
    state: ConflictState,
    reason: &str,
) -> ServiceResult<()> {
    let now = Utc::now();
    let by = actor.id().unwrap_or_default();
    let existing = conflict::Entity::find()
        .filter(conflict::Column::ContestId.eq(contest.id))
        .filter(conflict::Column::JudgeId.eq(judge_id))
        .filter(conflict::Column::EntryId.eq(entry.id))
        .one(txn)
        .await?;
    let before = existing.as_ref().map(|c| c.state.code());
    match existing {
        Some(c) => {
            let mut active: conflict::ActiveModel = c.into();
            active.state = Set(state);
            active.reason = Set(reason.to_owned());
            active.decided_by = Set(by);
            active.updated_at = Set(now);
            active.update(txn).await?;
        }
        None => {
            conflict::ActiveModel {
                id: Set(Uuid::now_v7()),
                contest_id: Set(contest.id),
                judge_id: Set(judge_id),
                entry_id: Set(entry.id),
                state: Set(state),
                reason: Set(reason.to_owned()),
                decided_by: Set(by),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(txn)
            .await?;
        }
    }
    let (removed, voided) = if state.holds() {
        take_effect(txn, contest.id, judge_id, entry.id, reason).await?
    } else {
        (0, 0)
    };
    let kind = match state {
        ConflictState::Declared => "conflict.declared",
        ConflictState::Added => "conflict.added",
        ConflictState::Lifted => "conflict.lifted",
    };
    let mut changes =
        Changes::new()
            .set("judge", judge_id)
            .field("state", before, Some(state.code()));
    if removed > 0 {
        changes = changes.set("assignments_removed", removed);
    }
    if voided > 0 {
        changes = changes.set("sheets_voided", voided);
    }
    audit::append(
        txn,
        actor,
        Record::new(kind, "entry", entry.id)
            .in_contest(contest.id)
            .because(reason.to_owned())
            .changes(changes),
    )
    .await
}

/// The judge stops scoring the entry in every round of the contest: assignments without a
/// sheet go; sheets are voided with the reason. Returns (assignments removed, sheets voided).
async fn take_effect(
    txn: &impl ConnectionTrait,
    contest_id: Uuid,
    judge_id: Uuid,
    entry_id: Uuid,
    reason: &str,
) -> ServiceResult<(u64, u64)> {
    let rounds: Vec<Uuid> = round::Entity::find()
        .select_only()
        .column(round::Column::Id)
        .filter(round::Column::ContestId.eq(contest_id))
        .into_tuple::<Uuid>()
        .all(txn)
        .await?;
    let voided = sheet::Entity::update_many()
        .col_expr(sheet::Column::State, Expr::value(SheetState::Void.code()))
        .col_expr(sheet::Column::StateReason, Expr::value(reason.to_owned()))
        .col_expr(sheet::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(sheet::Column::RoundId.is_in(rounds.iter().copied()))
        .filter(sheet::Column::JudgeId.eq(judge_id))
        .filter(sheet::Column::EntryId.eq(entry_id))
        .filter(sheet::Column::State.ne(SheetState::Void.code()))
        .exec(txn)
        .await?
        .rows_affected;
    let with_sheet: Vec<Uuid> = sheet::Entity::find()
        .select_only()
        .column(sheet::Column::RoundId)
        .filter(sheet::Column::RoundId.is_in(rounds.iter().copied()))
        .filter(sheet::Column::JudgeId.eq(judge_id))
        .filter(sheet::Column::EntryId.eq(entry_id))
        .into_tuple::<Uuid>()
        .all(txn)
        .await?;
    let removed = assignment::Entity::delete_many()
        .filter(assignment::Column::RoundId.is_in(rounds.iter().copied()))
        .filter(assignment::Column::RoundId.is_not_in(with_sheet))
        .filter(assignment::Column::JudgeId.eq(judge_id))
        .filter(assignment::Column::EntryId.eq(entry_id))
        .exec(txn)
        .await?
        .rows_affected;
    Ok((removed, voided))
}

/// A judge's declaration page: what they declared, and a page of the contest's submitted
/// entries (code and title only), searched by code or title.
pub async fn declare_view(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    query: &str,
    page: Option<u64>,
) -> ServiceResult<DeclareView> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::JudgeIn(contest.id))?;
    let judge_id = actor.id().ok_or(ServiceError::Forbidden)?;
    let declared_ids: Vec<Uuid> = conflict::Entity::find()
        .filter(conflict::Column::ContestId.eq(contest.id))
        .filter(conflict::Column::JudgeId.eq(judge_id))
        .filter(conflict::Column::State.ne(ConflictState::Lifted))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.entry_id)
        .collect();
    let title = |e: entry::Model| EntryTitle {
        code: e.code,
        title: e.title,
    };
    let declared = if declared_ids.is_empty() {
        Vec::new()
    } else {
        entry::Entity::find()
            .filter(entry::Column::Id.is_in(declared_ids))
            .order_by_asc(entry::Column::Number)
            .all(db)
            .await?
            .into_iter()
            .map(title)
            .collect()
    };
    // Searched by code and title only: a team's names say who they are.
    let mut found = entry::Entity::find().filter(submitted(contest.id));
    let words = fold(query.trim());
    if !words.is_empty() {
        let like = format!("%{}%", words.replace(['%', '_'], ""));
        found = found.filter(
            Condition::any()
                .add(entry::Column::TitleKey.like(like.clone()))
                .add(entry::Column::Code.like(like.to_uppercase())),
        );
    }
    let paging = PageRequest::new(page, ENTRIES_PER_PAGE);
    let total = found.clone().count(db).await?;
    let entries = found
        .order_by_asc(entry::Column::Number)
        .offset(paging.offset())
        .limit(paging.per_page)
        .all(db)
        .await?
        .into_iter()
        .map(title)
        .collect();
    Ok(DeclareView {
        contest: ContestRef {
            code: contest.code,
            name_vi: contest.name_vi,
            name_en: contest.name_en,
        },
        declared,
        entries: paging.of(entries, total),
    })
}
