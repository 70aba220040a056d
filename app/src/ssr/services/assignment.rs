//! A round's assignment (phân công chấm, SCORING.md §9): the planner's preview, applying it,
//! and the committee's changes by hand under the same hard rules.
//!
//! The entries of a round are its submitted entries whose eligibility is neither `ineligible`
//! nor `disqualified`; its judges are those the committee chose for it. The planner is the
//! domain's; this module reads its input from the database and writes its answer back, in one
//! transaction with the audit record.

use super::audit::{self, Changes, Record};
use super::contests::find_by_code;
use super::judges::{Judge, contest_judges, round_judge_ids, round_ref};
use super::{PageRequest, rounds};
use crate::domain::assignment::{
    self as planner, AssignmentPlan, AssignmentRequest, Pairing, TeamMember,
};
use crate::domain::sheet::SheetState;
use crate::model::EntryStatus;
use crate::model::judging::{
    AssignedEntry, AssignedJudge, AssignmentView, ConflictState, PlanMode, PlanPreview,
    PlannedLoad, RoundJudge,
};
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::{assignment, category, conflict, entry, entry_member, round, sheet};
use crate::ssr::messages::{Msg, Problem, ServiceError, ServiceResult};
use crate::ssr::policy::{self, Permission};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Rows written or deleted per statement: far below SQLite's and PostgreSQL's parameter limits.
const BATCH: usize = 1_000;

/// Entries of the assignment page per page.
pub const ENTRIES_PER_PAGE: u64 = 50;

/// The entries a round judges: submitted, in the round, and not out of the contest.
pub(crate) fn in_round(contest_id: Uuid, position: i32) -> Condition {
    Condition::all()
        .add(entry::Column::ContestId.eq(contest_id))
        .add(entry::Column::Round.eq(position))
        .add(entry::Column::Status.eq(EntryStatus::Submitted))
        .add(entry::Column::Eligibility.is_not_in(["ineligible", "disqualified"]))
}

/// The planner's view of entries: ids, codes, categories and team members (two queries).
pub(crate) async fn planner_entries(
    db: &impl ConnectionTrait,
    entries: &[entry::Model],
) -> ServiceResult<Vec<planner::Entry>> {
    let mut members: HashMap<Uuid, Vec<TeamMember>> = HashMap::new();
    for chunk in entries.chunks(BATCH) {
        for m in entry_member::Entity::find()
            .filter(entry_member::Column::EntryId.is_in(chunk.iter().map(|e| e.id)))
            .order_by_asc(entry_member::Column::EntryId)
            .order_by_asc(entry_member::Column::Position)
            .all(db)
            .await?
        {
            members.entry(m.entry_id).or_default().push(TeamMember {
                name: m.name,
                email: m.email,
                organisation: m.organisation,
            });
        }
    }
    Ok(entries
        .iter()
        .map(|e| planner::Entry {
            id: e.id.to_string(),
            code: e.code.clone(),
            category: e.category_id.map(|c| c.to_string()),
            members: members.remove(&e.id).unwrap_or_default(),
        })
        .collect())
}

/// The recorded conflicts of a contest as the planner takes them: (declared, lifted) pairs.
pub(crate) async fn recorded_pairs(
    db: &impl ConnectionTrait,
    contest_id: Uuid,
    entries: Option<&HashSet<Uuid>>,
) -> ServiceResult<(Vec<Pairing>, Vec<Pairing>)> {
    let mut declared = Vec::new();
    let mut lifted = Vec::new();
    for c in conflict::Entity::find()
        .filter(conflict::Column::ContestId.eq(contest_id))
        .all(db)
        .await?
    {
        if entries.is_some_and(|ids| !ids.contains(&c.entry_id)) {
            continue;
        }
        let pair = Pairing::new(c.judge_id.to_string(), c.entry_id.to_string());
        match c.state {
            ConflictState::Lifted => lifted.push(pair),
            ConflictState::Declared | ConflictState::Added => declared.push(pair),
        }
    }
    Ok((declared, lifted))
}

/// Everything the planner needs about one round, read in one connection or transaction.
struct RoundData {
    round: round::Model,
    judges_per_entry: u32,
    entries: Vec<entry::Model>,
    judges: Vec<Judge>,
    /// The round's current assignments, of chosen judges or not.
    current: Vec<assignment::Model>,
    /// (entry, judge) pairs whose sheet is started.
    started: HashSet<(Uuid, Uuid)>,
    request: AssignmentRequest,
}

async fn round_data(
    db: &impl ConnectionTrait,
    contest_id: Uuid,
    round: round::Model,
    mode: PlanMode,
) -> ServiceResult<RoundData> {
    let judges_per_entry = round_ref(&round).judges_per_entry;
    let entries = entry::Entity::find()
        .filter(in_round(contest_id, round.position))
        .order_by_asc(entry::Column::Number)
        .all(db)
        .await?;
    let chosen = round_judge_ids(db, round.id).await?;
    let judges: Vec<Judge> = contest_judges(db, contest_id)
        .await?
        .into_iter()
        .filter(|j| chosen.contains(&j.id))
        .collect();
    let current = assignment::Entity::find()
        .filter(assignment::Column::RoundId.eq(round.id))
        .all(db)
        .await?;
    let started: HashSet<(Uuid, Uuid)> = sheet::Entity::find()
        .select_only()
        .column(sheet::Column::EntryId)
        .column(sheet::Column::JudgeId)
        .filter(sheet::Column::RoundId.eq(round.id))
        .into_tuple::<(Uuid, Uuid)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let entry_ids: HashSet<Uuid> = entries.iter().map(|e| e.id).collect();
    let judge_ids: HashSet<Uuid> = judges.iter().map(|j| j.id).collect();
    let (declared, lifted) = recorded_pairs(db, contest_id, Some(&entry_ids)).await?;
    let in_request = |p: &Pairing| {
        p.judge_id
            .parse()
            .is_ok_and(|j: Uuid| judge_ids.contains(&j))
    };
    let keep = current
        .iter()
        .filter(|a| entry_ids.contains(&a.entry_id) && judge_ids.contains(&a.judge_id))
        .filter(|a| mode == PlanMode::Fill || started.contains(&(a.entry_id, a.judge_id)))
        .map(|a| Pairing::new(a.judge_id.to_string(), a.entry_id.to_string()))
        .collect();
    let request = AssignmentRequest {
        entries: planner_entries(db, &entries).await?,
        judges: judges.iter().map(Judge::planned).collect(),
        declared_conflicts: declared.into_iter().filter(in_request).collect(),
        lifted_conflicts: lifted.into_iter().filter(in_request).collect(),
        keep,
        judges_per_entry: Ord::max(judges_per_entry, 1),
        seed: seed(round.id),
    };
    Ok(RoundData {
        round,
        judges_per_entry,
        entries,
        judges,
        current,
        started,
        request,
    })
}

/// The round's own seed: the same round and data always give the same plan.
fn seed(round_id: Uuid) -> u64 {
    let bytes = round_id.as_bytes();
    u64::from_le_bytes([
        bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15],
    ])
}

/// A plan, compared with what is assigned now.
struct Outcome {
    plan: AssignmentPlan,
    /// Pairs to add: (entry, judge).
    add: Vec<(Uuid, Uuid)>,
    /// Current assignments to delete.
    remove: Vec<Uuid>,
    fingerprint: String,
}

fn outcome(data: &RoundData) -> ServiceResult<Outcome> {
    if data.judges_per_entry == 0 {
        return Err(ServiceError::invalid("rules", Msg::NoJudgesPerEntry));
    }
    if data.judges.is_empty() {
        return Err(ServiceError::invalid("judges", Msg::NoRoundJudges));
    }
    let plan = planner::plan_assignment(&data.request)
        .map_err(|e| ServiceError::Internal(format!("assignment request: {e}")))?;
    let id = |s: &str| Uuid::parse_str(s).map_err(|e| ServiceError::Internal(e.to_string()));
    let mut planned: HashSet<(Uuid, Uuid)> = HashSet::with_capacity(plan.assignments as usize);
    for e in &plan.entries {
        let entry = id(&e.entry_id)?;
        for j in &e.judges {
            planned.insert((entry, id(&j.judge_id)?));
        }
    }
    let current: HashSet<(Uuid, Uuid)> = data
        .current
        .iter()
        .map(|a| (a.entry_id, a.judge_id))
        .collect();
    let mut add: Vec<(Uuid, Uuid)> = planned.difference(&current).copied().collect();
    add.sort_unstable();
    // A started sheet is never taken from its judge by a plan, chosen or not.
    let mut remove: Vec<Uuid> = data
        .current
        .iter()
        .filter(|a| {
            let pair = (a.entry_id, a.judge_id);
            !planned.contains(&pair) && !data.started.contains(&pair)
        })
        .map(|a| a.id)
        .collect();
    remove.sort_unstable();
    let mut hasher = Sha256::new();
    for (e, j) in &add {
        hasher.update(e.as_bytes());
        hasher.update(j.as_bytes());
    }
    hasher.update(b"-");
    for a in &remove {
        hasher.update(a.as_bytes());
    }
    let fingerprint = hex::encode(&hasher.finalize()[..12]);
    Ok(Outcome {
        plan,
        add,
        remove,
        fingerprint,
    })
}

fn preview_of(data: &RoundData, outcome: &Outcome, mode: PlanMode) -> PlanPreview {
    let plan = &outcome.plan;
    let names: HashMap<String, &Judge> =
        data.judges.iter().map(|j| (j.id.to_string(), j)).collect();
    PlanPreview {
        mode,
        fingerprint: outcome.fingerprint.clone(),
        entries: data.entries.len() as u32,
        judges: data.judges.len() as u32,
        judges_per_entry: data.judges_per_entry,
        assignments: plan.assignments,
        kept: plan.loads.iter().map(|l| l.kept).sum(),
        added: outcome.add.len() as u32,
        removed: outcome.remove.len() as u32,
        expertise_matches: plan.expertise_matches,
        expertise_bound: plan.expertise_bound,
        judge_groups: plan.judge_groups,
        conflicts_avoided: plan.conflicts.len() as u32,
        loads: plan
            .loads
            .iter()
            .filter_map(|l| {
                let judge = names.get(&l.judge_id)?;
                Some(PlannedLoad {
                    judge_id: judge.id,
                    name: judge.name.clone(),
                    load: l.load,
                    kept: l.kept,
                    max_load: l.max_load,
                    expertise_matches: l.expertise_matches,
                })
            })
            .collect(),
        shortfalls: plan.shortfalls.clone(),
        warnings: plan.warnings.clone(),
    }
}

/// What the planner would do to round `position` (its committee); nothing is written.
pub async fn preview(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    mode: PlanMode,
) -> ServiceResult<PlanPreview> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let round = round_at(db, contest.id, position).await?;
    let data = round_data(db, contest.id, round, mode).await?;
    let outcome = outcome(&data)?;
    Ok(preview_of(&data, &outcome, mode))
}

/// Applies the plan the committee previewed: refused with `PlanChanged` when the round's
/// entries, judges, conflicts or assignments changed since, so that what is applied is what
/// was read. Returns what was applied.
pub async fn apply(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    mode: PlanMode,
    fingerprint: &str,
) -> ServiceResult<PlanPreview> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let txn = begin_write(db).await?;
    let round = rounds::locked(&txn, contest.id, position).await?;
    if round.finalised_at.is_some() {
        return Err(ServiceError::refused(Msg::RoundFinalised));
    }
    let data = round_data(&txn, contest.id, round, mode).await?;
    let outcome = outcome(&data)?;
    if outcome.fingerprint != fingerprint.trim() {
        return Err(ServiceError::Conflict(vec![Problem::general(
            Msg::PlanChanged,
        )]));
    }
    for chunk in outcome.remove.chunks(BATCH) {
        assignment::Entity::delete_many()
            .filter(assignment::Column::Id.is_in(chunk.iter().copied()))
            .exec(&txn)
            .await?;
    }
    let now = Utc::now();
    let by = actor.id().unwrap_or_default();
    for chunk in outcome.add.chunks(BATCH) {
        assignment::Entity::insert_many(chunk.iter().map(|&(entry_id, judge_id)| {
            assignment::ActiveModel {
                id: Set(Uuid::now_v7()),
                round_id: Set(data.round.id),
                entry_id: Set(entry_id),
                judge_id: Set(judge_id),
                created_by: Set(by),
                created_at: Set(now),
            }
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    let preview = preview_of(&data, &outcome, mode);
    audit::append(
        &txn,
        actor,
        Record::new("assignment.applied", "round", data.round.id)
            .in_contest(contest.id)
            .changes(
                Changes::new()
                    .set("mode", mode.code())
                    .set("plan", &outcome.fingerprint)
                    .set("added", preview.added)
                    .set("removed", preview.removed)
                    .set("kept", preview.kept)
                    .set("shortfalls", preview.shortfalls.len()),
            ),
    )
    .await?;
    txn.commit().await?;
    super::progress::changed();
    Ok(preview)
}

pub(crate) async fn round_at(
    db: &impl ConnectionTrait,
    contest_id: Uuid,
    position: i32,
) -> ServiceResult<round::Model> {
    round::Entity::find()
        .filter(round::Column::ContestId.eq(contest_id))
        .filter(round::Column::Position.eq(position))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// A change by hand to one entry's judges: add a judge, remove one, or both at once (a swap).
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub entry_code: String,
    pub remove: Option<Uuid>,
    pub add: Option<Uuid>,
    /// Why, when the committee says (recorded).
    pub note: String,
    /// §5: a judge added to resolve a discrepancy, beyond the round's `k` (every other hard
    /// rule still holds).
    pub beyond_k: bool,
}

/// Changes one entry's judges by hand (its committee), under the planner's hard rules: the
/// added judge is chosen for the round, not in conflict with the entry, below their maximum
/// load, and the entry does not get more than `k` judges; a judge whose sheet is started is
/// not removed.
pub async fn change(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    change: &Change,
) -> ServiceResult<()> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    if change.add.is_none() && change.remove.is_none() || change.add == change.remove {
        return Err(ServiceError::invalid("add", Msg::NotAJudge));
    }
    let note = super::clean_text(&change.note).unwrap_or_default();
    let txn = begin_write(db).await?;
    let round = rounds::locked(&txn, contest.id, position).await?;
    if round.finalised_at.is_some() {
        return Err(ServiceError::refused(Msg::RoundFinalised));
    }
    let k = round_ref(&round).judges_per_entry;
    let entry = entry::Entity::find()
        .filter(in_round(contest.id, position))
        .filter(entry::Column::Code.eq(change.entry_code.trim().to_ascii_uppercase()))
        .one(&txn)
        .await?
        .ok_or(ServiceError::invalid("entry", Msg::EntryNotInRound))?;
    let assigned = assignment::Entity::find()
        .filter(assignment::Column::RoundId.eq(round.id))
        .filter(assignment::Column::EntryId.eq(entry.id))
        .all(&txn)
        .await?;
    let mut changes = Changes::new();
    let mut remaining = assigned.len();
    if let Some(judge_id) = change.remove {
        let Some(found) = assigned.iter().find(|a| a.judge_id == judge_id) else {
            return Err(ServiceError::invalid("remove", Msg::NotAssigned));
        };
        let started = sheet::Entity::find()
            .filter(sheet::Column::RoundId.eq(round.id))
            .filter(sheet::Column::EntryId.eq(entry.id))
            .filter(sheet::Column::JudgeId.eq(judge_id))
            .count(&txn)
            .await?;
        if started > 0 {
            return Err(ServiceError::invalid("remove", Msg::SheetStarted));
        }
        assignment::Entity::delete_by_id(found.id)
            .exec(&txn)
            .await?;
        remaining -= 1;
        changes = changes.set("removed", judge_id);
    }
    if let Some(judge_id) = change.add {
        check_addition(&txn, contest.id, &round, &entry, judge_id, &assigned).await?;
        if k > 0 && remaining as u32 >= k && !change.beyond_k {
            return Err(ServiceError::invalid("add", Msg::EntryFull { k }));
        }
        assignment::ActiveModel {
            id: Set(Uuid::now_v7()),
            round_id: Set(round.id),
            entry_id: Set(entry.id),
            judge_id: Set(judge_id),
            created_by: Set(actor.id().unwrap_or_default()),
            created_at: Set(Utc::now()),
        }
        .insert(&txn)
        .await?;
        changes = changes.set("added", judge_id);
    }
    if change.beyond_k {
        changes = changes.set("beyond_k", "discrepancy");
    }
    let mut record = Record::new("assignment.changed", "entry", entry.id)
        .in_contest(contest.id)
        .changes(changes.set("round", position));
    if !note.is_empty() {
        record = record.because(note);
    }
    audit::append(&txn, actor, record).await?;
    txn.commit().await?;
    super::progress::changed();
    Ok(())
}

/// The hard rules for giving `entry` to judge `judge_id` by hand.
async fn check_addition(
    db: &impl ConnectionTrait,
    contest_id: Uuid,
    round: &round::Model,
    entry: &entry::Model,
    judge_id: Uuid,
    assigned: &[assignment::Model],
) -> ServiceResult<()> {
    if assigned.iter().any(|a| a.judge_id == judge_id) {
        return Err(ServiceError::invalid("add", Msg::AlreadyAssigned));
    }
    if !round_judge_ids(db, round.id).await?.contains(&judge_id) {
        return Err(ServiceError::invalid("add", Msg::JudgeNotInRound));
    }
    let judge = contest_judges(db, contest_id)
        .await?
        .into_iter()
        .find(|j| j.id == judge_id)
        .ok_or(ServiceError::invalid("add", Msg::NotAJudge))?;
    let only = HashSet::from([entry.id]);
    let (declared, lifted) = recorded_pairs(db, contest_id, Some(&only)).await?;
    let mine = |p: &Pairing| p.judge_id == judge_id.to_string();
    let request = AssignmentRequest {
        entries: planner_entries(db, std::slice::from_ref(entry)).await?,
        judges: vec![judge.planned()],
        declared_conflicts: declared.into_iter().filter(mine).collect(),
        lifted_conflicts: lifted.into_iter().filter(mine).collect(),
        judges_per_entry: 1,
        ..AssignmentRequest::default()
    };
    let found = planner::detect_conflicts(&request)
        .map_err(|e| ServiceError::Internal(format!("conflict check: {e}")))?;
    if !found.is_empty() {
        return Err(ServiceError::invalid("add", Msg::AssignmentConflict));
    }
    if let Some(max) = judge.max_load {
        let load = assignment::Entity::find()
            .filter(assignment::Column::RoundId.eq(round.id))
            .filter(assignment::Column::JudgeId.eq(judge_id))
            .count(db)
            .await?;
        if load >= u64::from(max) {
            return Err(ServiceError::invalid("add", Msg::JudgeAtMaxLoad { max }));
        }
    }
    Ok(())
}

/// A round's assignment page: its judges with their loads, and a page of its entries with
/// their judges (a handful of queries, whatever the round's size).
pub async fn view(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    page: Option<u64>,
) -> ServiceResult<AssignmentView> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let round = round_at(db, contest.id, position).await?;
    let this_round = round_ref(&round);
    let k = this_round.judges_per_entry;
    let chosen = round_judge_ids(db, round.id).await?;
    let judges = contest_judges(db, contest.id).await?;
    let loads: HashMap<Uuid, i64> = assignment::Entity::find()
        .select_only()
        .column(assignment::Column::JudgeId)
        .column_as(
            // COUNT(*): answered from the (round, judge) index alone.
            Expr::expr(Func::count(Expr::cust("*"))),
            "load",
        )
        .filter(assignment::Column::RoundId.eq(round.id))
        .group_by(assignment::Column::JudgeId)
        .into_tuple::<(Uuid, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let codes: HashMap<Uuid, String> = category::Entity::find()
        .filter(category::Column::ContestId.eq(contest.id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.code))
        .collect();
    let names: HashMap<Uuid, &Judge> = judges.iter().map(|j| (j.id, j)).collect();

    let paging = PageRequest::new(page, ENTRIES_PER_PAGE);
    let total = entry::Entity::find()
        .filter(in_round(contest.id, position))
        .count(db)
        .await?;
    let entries = entry::Entity::find()
        .filter(in_round(contest.id, position))
        .order_by_asc(entry::Column::Number)
        .offset(paging.offset())
        .limit(paging.per_page)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = entries.iter().map(|e| e.id).collect();
    let mut by_entry: HashMap<Uuid, Vec<assignment::Model>> = HashMap::new();
    let mut sheets: HashMap<(Uuid, Uuid), String> = HashMap::new();
    if !ids.is_empty() {
        for a in assignment::Entity::find()
            .filter(assignment::Column::RoundId.eq(round.id))
            .filter(assignment::Column::EntryId.is_in(ids.iter().copied()))
            .all(db)
            .await?
        {
            by_entry.entry(a.entry_id).or_default().push(a);
        }
        for s in sheet::Entity::find()
            .filter(sheet::Column::RoundId.eq(round.id))
            .filter(sheet::Column::EntryId.is_in(ids.iter().copied()))
            .all(db)
            .await?
        {
            sheets.insert((s.entry_id, s.judge_id), s.state);
        }
    }
    let items = entries
        .into_iter()
        .map(|e| {
            let mut judges: Vec<AssignedJudge> = by_entry
                .remove(&e.id)
                .unwrap_or_default()
                .into_iter()
                .map(|a| AssignedJudge {
                    id: a.judge_id,
                    name: names
                        .get(&a.judge_id)
                        .map_or_else(String::new, |j| j.name.clone()),
                    sheet: sheets
                        .get(&(e.id, a.judge_id))
                        .and_then(|s| SheetState::from_code(s)),
                })
                .collect();
            judges.sort_by_key(|j| super::fold(&j.name));
            AssignedEntry {
                code: e.code,
                title: e.title,
                category: e.category_id.and_then(|c| codes.get(&c).cloned()),
                judges,
            }
        })
        .collect();
    let complete = if k == 0 {
        0
    } else {
        assignment::Entity::find()
            .select_only()
            .column(assignment::Column::EntryId)
            .filter(assignment::Column::RoundId.eq(round.id))
            .group_by(assignment::Column::EntryId)
            .having(Expr::expr(Func::count(Expr::cust("*"))).gte(i64::from(k)))
            .count(db)
            .await?
    };
    let assignments = assignment::Entity::find()
        .filter(assignment::Column::RoundId.eq(round.id))
        .count(db)
        .await?;
    Ok(AssignmentView {
        contest_id: contest.id,
        contest: super::judges::contest_ref(&contest),
        rounds: rounds::rows(db, contest.id)
            .await?
            .iter()
            .map(super::judges::round_ref)
            .collect(),
        judges: judges
            .iter()
            .map(|j| RoundJudge {
                judge: j.view(&codes, Vec::new()),
                chosen: chosen.contains(&j.id),
                load: loads.get(&j.id).copied().unwrap_or(0) as u32,
            })
            .collect(),
        round: this_round,
        entries: paging.of(items, total),
        entries_in_round: total,
        entries_complete: complete,
        assignments,
    })
}

/// One (entry, judge) line of a round's assignment download; an entry without judges has one
/// line with no judge, so that the gaps show.
#[derive(Debug, Clone)]
pub struct ExportLine {
    pub entry_code: String,
    pub title: String,
    pub category: String,
    pub judge_name: String,
    pub judge_email: String,
    pub sheet: Option<SheetState>,
}

/// A round's assignment read in batches of entries, in code order, for a download: the
/// permission is checked once, when it starts.
pub struct Export {
    contest_id: Uuid,
    contest_code: String,
    round_id: Uuid,
    position: i32,
    judges: HashMap<Uuid, (String, String)>,
    categories: HashMap<Uuid, String>,
    /// The number of the last entry read.
    after: i32,
}

/// Starts the download of round `position`'s assignment (its committee).
pub async fn export(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
) -> ServiceResult<Export> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let round = round_at(db, contest.id, position).await?;
    Ok(Export {
        contest_id: contest.id,
        contest_code: contest.code,
        round_id: round.id,
        position,
        judges: contest_judges(db, contest.id)
            .await?
            .into_iter()
            .map(|j| (j.id, (j.name, j.email)))
            .collect(),
        categories: category::Entity::find()
            .filter(category::Column::ContestId.eq(contest.id))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.code))
            .collect(),
        after: 0,
    })
}

impl Export {
    pub fn file_name(&self) -> String {
        format!(
            "{}-round-{}-assignments.csv",
            self.contest_code, self.position
        )
    }

    /// The lines of the next `size` entries (three queries); empty when all are read.
    pub async fn next_batch(
        &mut self,
        db: &impl ConnectionTrait,
        size: u64,
    ) -> ServiceResult<Vec<ExportLine>> {
        let entries = entry::Entity::find()
            .filter(in_round(self.contest_id, self.position))
            .filter(entry::Column::Number.gt(self.after))
            .order_by_asc(entry::Column::Number)
            .limit(size)
            .all(db)
            .await?;
        let Some(last) = entries.last() else {
            return Ok(Vec::new());
        };
        self.after = last.number;
        let ids: Vec<Uuid> = entries.iter().map(|e| e.id).collect();
        let mut by_entry: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for chunk in ids.chunks(BATCH) {
            for a in assignment::Entity::find()
                .filter(assignment::Column::RoundId.eq(self.round_id))
                .filter(assignment::Column::EntryId.is_in(chunk.iter().copied()))
                .all(db)
                .await?
            {
                by_entry.entry(a.entry_id).or_default().push(a.judge_id);
            }
        }
        let mut sheets: HashMap<(Uuid, Uuid), Option<SheetState>> = HashMap::new();
        for chunk in ids.chunks(BATCH) {
            for s in sheet::Entity::find()
                .filter(sheet::Column::RoundId.eq(self.round_id))
                .filter(sheet::Column::EntryId.is_in(chunk.iter().copied()))
                .all(db)
                .await?
            {
                sheets.insert((s.entry_id, s.judge_id), SheetState::from_code(&s.state));
            }
        }
        let mut lines = Vec::with_capacity(entries.len() * 3);
        for e in entries {
            let category = e
                .category_id
                .and_then(|c| self.categories.get(&c).cloned())
                .unwrap_or_default();
            let mut judges: Vec<(&str, &str, Uuid)> = by_entry
                .remove(&e.id)
                .unwrap_or_default()
                .into_iter()
                .map(|j| match self.judges.get(&j) {
                    Some((name, email)) => (name.as_str(), email.as_str(), j),
                    None => ("", "", j),
                })
                .collect();
            judges.sort_by_key(|(name, ..)| super::fold(name));
            if judges.is_empty() {
                lines.push(ExportLine {
                    entry_code: e.code.clone(),
                    title: e.title.clone(),
                    category: category.clone(),
                    judge_name: String::new(),
                    judge_email: String::new(),
                    sheet: None,
                });
            }
            for (name, email, judge) in judges {
                lines.push(ExportLine {
                    entry_code: e.code.clone(),
                    title: e.title.clone(),
                    category: category.clone(),
                    judge_name: name.to_owned(),
                    judge_email: email.to_owned(),
                    sheet: sheets.get(&(e.id, judge)).copied().flatten(),
                });
            }
        }
        Ok(lines)
    }
}
