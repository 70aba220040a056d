//! A round's judging progress for its committee (per judge, per category, per entry), and
//! reminders to the judges with sheets still to submit, through the mail outbox.
//!
//! Everything is counted in the database with `GROUP BY`, so the page takes the same handful
//! of queries at 60 entries as at 20,000 (`tests/judging.rs` counts them); the round's counts
//! are reused for `COUNTS_FRESH_FOR`.

use super::PageRequest;
use super::assignment::{in_round, round_at};
use super::audit::{self, Changes, Record};
use super::contests::find_by_code;
use super::judges::{contest_ref, round_ref};
use super::kept::Kept;
use crate::domain::Lang;
use crate::domain::sheet::SheetState;
use crate::format::Zoned;
use crate::model::progress::{
    CategoryProgress, EntryFilter, EntryProgress, JudgeProgress, ProgressQuery, ProgressView,
    ReminderPreview,
};
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::{assignment, audit_log, category, contest, entry, round, sheet, user};
use crate::ssr::letters::{self, Letter};
use crate::ssr::messages::{Msg, ServiceError, ServiceResult};
use crate::ssr::policy::{self, Permission};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Entries per page of the progress list.
pub const PER_PAGE: u64 = 50;
/// Reminders for one round go out at most this often, so a double click or two committee
/// members at once send one round of mail.
pub const REMINDER_GAP_MINUTES: i64 = 10;

fn count_star() -> Expr {
    Expr::expr(Func::count(Expr::cust("*")))
}

/// One judge's sheets in a round: (assigned, drafts, submitted, void, last activity).
type JudgeCounts = (u64, u64, u64, u64, Option<DateTime<Utc>>);

async fn per_judge(
    db: &impl ConnectionTrait,
    round_id: Uuid,
) -> ServiceResult<HashMap<Uuid, JudgeCounts>> {
    let mut out: HashMap<Uuid, JudgeCounts> = HashMap::new();
    let assigned: Vec<(Uuid, i64)> = assignment::Entity::find()
        .select_only()
        .column(assignment::Column::JudgeId)
        .column_as(count_star(), "n")
        .filter(assignment::Column::RoundId.eq(round_id))
        .group_by(assignment::Column::JudgeId)
        .into_tuple()
        .all(db)
        .await?;
    for (judge, n) in assigned {
        out.entry(judge).or_default().0 = n as u64;
    }
    let sheets: Vec<(Uuid, String, i64, Option<DateTime<Utc>>)> = sheet::Entity::find()
        .select_only()
        .column(sheet::Column::JudgeId)
        .column(sheet::Column::State)
        .column_as(count_star(), "n")
        .column_as(sheet::Column::UpdatedAt.max(), "last")
        .filter(sheet::Column::RoundId.eq(round_id))
        .group_by(sheet::Column::JudgeId)
        .group_by(sheet::Column::State)
        .into_tuple()
        .all(db)
        .await?;
    for (judge, state, n, last) in sheets {
        let row = out.entry(judge).or_default();
        match SheetState::from_code(&state) {
            Some(SheetState::Draft | SheetState::Reopened) => row.1 += n as u64,
            Some(SheetState::Submitted) => row.2 += n as u64,
            Some(SheetState::Void) => row.3 += n as u64,
            None => {}
        }
        row.4 = row.4.max(last);
    }
    Ok(out)
}

/// A round's counts, the heavy part of the progress page: per judge, submitted sheets per
/// entry, and the round's entries with their number and category.
struct Counts {
    judges: HashMap<Uuid, JudgeCounts>,
    in_by_entry: HashMap<Uuid, u64>,
    entries: Vec<(Uuid, i32, Option<Uuid>)>,
    at: DateTime<Utc>,
}

/// How long a round's counts are reused: the dashboard is counted at most once in this time,
/// however many committee members watch it and however fast judges save (the page says when
/// it was counted). Counting the national round reads 60,000 sheets and takes about 100 ms
/// (docs/benchmarks.md); during a live final that is done every 2 s at most, not per view.
pub const COUNTS_FRESH_FOR: std::time::Duration = std::time::Duration::from_secs(2);

/// Says that the committee changed assignments, conflicts or sheets: the next dashboard
/// counts afresh (and so does every other page kept per round, `kept`).
pub fn changed() {
    super::kept::changed();
}

/// The round's counts, reused for `COUNTS_FRESH_FOR` while nothing changed in this process
/// (five grouped queries otherwise).
async fn counts(
    db: &impl ConnectionTrait,
    contest_id: Uuid,
    position: i32,
    round_id: Uuid,
) -> ServiceResult<std::sync::Arc<Counts>> {
    static KEPT: Kept<Counts> = Kept::new(COUNTS_FRESH_FOR);
    KEPT.get_or(round_id, false, async || {
        count(db, contest_id, position, round_id).await
    })
    .await
}

/// Counts a round afresh (five grouped queries).
async fn count(
    db: &impl ConnectionTrait,
    contest_id: Uuid,
    position: i32,
    round_id: Uuid,
) -> ServiceResult<Counts> {
    let judges = per_judge(db, round_id).await?;
    // Per entry: submitted sheets and judges (two grouped queries, one row per entry).
    let in_by_entry: HashMap<Uuid, u64> = grouped_by_entry(
        sheet::Entity::find()
            .select_only()
            .column(sheet::Column::EntryId)
            .column_as(count_star(), "n")
            .filter(sheet::Column::RoundId.eq(round_id))
            .filter(sheet::Column::State.eq(SheetState::Submitted.code()))
            .group_by(sheet::Column::EntryId),
        db,
    )
    .await?;
    let entries: Vec<(Uuid, i32, Option<Uuid>)> = entry::Entity::find()
        .select_only()
        .column(entry::Column::Id)
        .column(entry::Column::Number)
        .column(entry::Column::CategoryId)
        .filter(in_round(contest_id, position))
        .into_tuple()
        .all(db)
        .await?;
    Ok(Counts {
        judges,
        in_by_entry,
        entries,
        at: Utc::now(),
    })
}

/// A round's progress page: judges by name, categories, and a page of entries (by default
/// those still missing sheets, fewest first).
pub async fn view(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    query: ProgressQuery,
    lang: Lang,
    public_url: &str,
) -> ServiceResult<ProgressView> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let round = round_at(db, contest.id, position).await?;
    let this_round = round_ref(&round);
    let k = u64::from(this_round.judges_per_entry);
    let tz = contest.time_zone.clone();

    let filter = query.filter;
    let counted = counts(db, contest.id, position, round.id).await?;
    let counts = &counted.judges;
    // Those with the most left to do first (then by id, for a stable order); names are read
    // for the page shown only.
    let mut order: Vec<(&Uuid, &JudgeCounts)> = counts.iter().collect();
    order.sort_by_key(|(id, (assigned, _, submitted, _, _))| {
        (std::cmp::Reverse(assigned.saturating_sub(*submitted)), **id)
    });
    let judge_paging = PageRequest::new(query.judges_page, PER_PAGE);
    let shown_judges: Vec<(&Uuid, &JudgeCounts)> = order
        .iter()
        .skip(judge_paging.offset() as usize)
        .take(judge_paging.per_page as usize)
        .copied()
        .collect();
    let people: HashMap<Uuid, (String, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::Name)
        .column(user::Column::Email)
        .filter(user::Column::Id.is_in(shown_judges.iter().map(|(id, _)| **id)))
        .into_tuple::<(Uuid, String, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, name, email)| (id, (name, email)))
        .collect();
    let judges: Vec<JudgeProgress> = shown_judges
        .iter()
        .map(|(id, (assigned, drafts, submitted, _, last))| {
            let (name, email) = people.get(id).cloned().unwrap_or_default();
            JudgeProgress {
                id: **id,
                name,
                email,
                assigned: *assigned,
                drafts: *drafts,
                submitted: *submitted,
                last_activity: last.map(|t| Zoned::new(t, &tz)),
            }
        })
        .collect();
    let late = counts
        .values()
        .filter(|(assigned, _, submitted, _, _)| assigned > submitted)
        .count() as u64;
    let (mut assigned, mut drafts, mut submitted, mut void) = (0, 0, 0, 0);
    for (a, d, s, v, _) in counts.values() {
        assigned += a;
        drafts += d;
        submitted += s;
        void += v;
    }

    let (in_by_entry, entries) = (&counted.in_by_entry, &counted.entries);
    let cats: Vec<category::Model> = category::Entity::find()
        .filter(category::Column::ContestId.eq(contest.id))
        .order_by_asc(category::Column::Code)
        .all(db)
        .await?;
    let complete = |id: &Uuid| k > 0 && in_by_entry.get(id).copied().unwrap_or(0) >= k;
    let mut by_category: HashMap<Option<Uuid>, (u64, u64)> = HashMap::new();
    for (id, _, cat) in entries {
        let row = by_category.entry(*cat).or_default();
        row.0 += 1;
        row.1 += u64::from(complete(id));
    }
    let mut categories: Vec<CategoryProgress> = cats
        .iter()
        .filter_map(|c| {
            by_category
                .get(&Some(c.id))
                .map(|(n, done)| CategoryProgress {
                    code: Some(c.code.clone()),
                    name_vi: c.name_vi.clone(),
                    name_en: c.name_en.clone(),
                    entries: *n,
                    complete: *done,
                })
        })
        .collect();
    if let Some((n, done)) = by_category.get(&None) {
        categories.push(CategoryProgress {
            code: None,
            name_vi: String::new(),
            name_en: String::new(),
            entries: *n,
            complete: *done,
        });
    }
    let entries_complete = entries.iter().filter(|(id, _, _)| complete(id)).count() as u64;
    let mut listed: Vec<&(Uuid, i32, Option<Uuid>)> = entries
        .iter()
        .filter(|(id, _, _)| filter == EntryFilter::All || !complete(id))
        .collect();
    // Fewest sheets in first, then in entry order.
    listed.sort_by_key(|(id, number, _)| (in_by_entry.get(id).copied().unwrap_or(0), *number));
    let paging = PageRequest::new(query.page, PER_PAGE);
    let shown: Vec<Uuid> = listed
        .iter()
        .skip(paging.offset() as usize)
        .take(paging.per_page as usize)
        .map(|(id, _, _)| *id)
        .collect();
    let rows: HashMap<Uuid, (String, String, Option<Uuid>)> = if shown.is_empty() {
        HashMap::new()
    } else {
        entry::Entity::find()
            .select_only()
            .column(entry::Column::Id)
            .column(entry::Column::Code)
            .column(entry::Column::Title)
            .column(entry::Column::CategoryId)
            .filter(entry::Column::Id.is_in(shown.iter().copied()))
            .into_tuple::<(Uuid, String, String, Option<Uuid>)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, code, title, cat)| (id, (code, title, cat)))
            .collect()
    };
    // Judges per entry, for the page shown only.
    let judges_by_entry: HashMap<Uuid, u64> = if shown.is_empty() {
        HashMap::new()
    } else {
        grouped_by_entry(
            assignment::Entity::find()
                .select_only()
                .column(assignment::Column::EntryId)
                .column_as(count_star(), "n")
                .filter(assignment::Column::RoundId.eq(round.id))
                .filter(assignment::Column::EntryId.is_in(shown.iter().copied()))
                .group_by(assignment::Column::EntryId),
            db,
        )
        .await?
    };
    let codes: HashMap<Uuid, &str> = cats.iter().map(|c| (c.id, c.code.as_str())).collect();
    let items = shown
        .iter()
        .filter_map(|id| {
            rows.get(id).map(|(code, title, cat)| EntryProgress {
                code: code.clone(),
                title: title.clone(),
                category: cat.and_then(|c| codes.get(&c)).map(|c| (*c).to_owned()),
                submitted: in_by_entry.get(id).copied().unwrap_or(0),
                assigned: judges_by_entry.get(id).copied().unwrap_or(0),
            })
        })
        .collect();
    let reminder = reminder_preview(db, &contest, &round, late, lang, public_url).await?;
    Ok(ProgressView {
        contest: contest_ref(&contest),
        round: this_round,
        judging_closes: round.judging_closes_at.map(|t| Zoned::new(t, &tz)),
        assigned,
        drafts,
        submitted,
        void,
        entries_total: entries.len() as u64,
        entries_complete,
        judges: judge_paging.of(judges, counts.len() as u64),
        counted_at: Zoned::new(counted.at, &tz),
        categories,
        filter,
        entries: paging.of(items, listed.len() as u64),
        reminder,
    })
}

/// A grouped select whose rows are (entry id, count), as a map.
async fn grouped_by_entry<E: EntityTrait>(
    query: sea_orm::Select<E>,
    db: &impl ConnectionTrait,
) -> ServiceResult<HashMap<Uuid, u64>> {
    Ok(query
        .into_tuple::<(Uuid, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, n)| (id, n as u64))
        .collect())
}

/// The reminder letter for one judge of `round`, with their own numbers.
fn letter(contest: &contest::Model, round: &round::Model, remaining: u64, link: String) -> Letter {
    Letter::JudgingReminder {
        contest_vi: contest.name_vi.clone(),
        contest_en: contest.name_en.clone(),
        round_vi: round.name_vi.clone(),
        round_en: round.name_en.clone(),
        remaining,
        closes: round
            .judging_closes_at
            .map(|t| Zoned::new(t, &contest.time_zone)),
        link,
    }
}

/// When reminders for `round` were last sent (from the audit log).
async fn last_sent(
    db: &impl ConnectionTrait,
    round: &round::Model,
) -> ServiceResult<Option<DateTime<Utc>>> {
    Ok(audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::At)
        .filter(audit_log::Column::Kind.eq("judging.reminded"))
        .filter(audit_log::Column::ObjectId.eq(round.id.to_string()))
        .order_by_desc(audit_log::Column::At)
        .limit(1)
        .into_tuple::<DateTime<Utc>>()
        .one(db)
        .await?)
}

async fn reminder_preview(
    db: &impl ConnectionTrait,
    contest: &contest::Model,
    round: &round::Model,
    late: u64,
    lang: Lang,
    public_url: &str,
) -> ServiceResult<ReminderPreview> {
    // The letter as a judge with three sheets left would read it.
    let link = format!("{}/judging", public_url.trim_end_matches('/'));
    let (subject, body) = letters::render(&letter(contest, round, 3, link), lang);
    Ok(ReminderPreview {
        judges: late,
        subject,
        body,
        last_sent: last_sent(db, round)
            .await?
            .map(|t| Zoned::new(t, &contest.time_zone)),
    })
}

/// Sends each judge of the round with sheets still to submit a reminder with their own count,
/// in their language, through the outbox, in one transaction with its audit record. Refused
/// within `REMINDER_GAP_MINUTES` of the last reminders for the round. Returns how many went.
pub async fn remind(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    public_url: &str,
) -> ServiceResult<u64> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let txn = begin_write(db).await?;
    // The round's row is the lock: two committee members sending at once queue here, and the
    // second sees the first's record.
    let round = super::rounds::locked(&txn, contest.id, position).await?;
    let now = Utc::now();
    if let Some(last) = last_sent(&txn, &round).await?
        && now - last < chrono::Duration::minutes(REMINDER_GAP_MINUTES)
    {
        return Err(ServiceError::refused(Msg::RemindedRecently {
            at: Zoned::new(last, &contest.time_zone),
            minutes: REMINDER_GAP_MINUTES,
        }));
    }
    let counts = per_judge(&txn, round.id).await?;
    let late: HashMap<Uuid, u64> = counts
        .iter()
        .map(|(id, (assigned, _, submitted, _, _))| (*id, assigned.saturating_sub(*submitted)))
        .filter(|(_, left)| *left > 0)
        .collect();
    if late.is_empty() {
        return Err(ServiceError::refused(Msg::NobodyToRemind));
    }
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(late.keys().copied()))
        .all(&txn)
        .await?;
    let link = format!("{}/judging", public_url.trim_end_matches('/'));
    for person in &people {
        let letter = letter(&contest, &round, late[&person.id], link.clone());
        super::outbox::enqueue(&txn, &person.email, person.lang.into(), &letter).await?;
    }
    audit::append(
        &txn,
        actor,
        Record::new("judging.reminded", "round", round.id)
            .in_contest(contest.id)
            .changes(
                Changes::new()
                    .set("round", position)
                    .set("judges", people.len()),
            ),
    )
    .await?;
    txn.commit().await?;
    Ok(people.len() as u64)
}
