//! Score sheets (SCORING.md §2): a judge opens, saves and submits their sheet for an entry
//! assigned to them; the committee reads an entry's sheets side by side and reopens one with a
//! reason.
//!
//! What a judge can reach is decided in one place, [`target`]: the contest's judge, assigned
//! to the entry in the round, and not in conflict with it. Anything else is `NotFound`, the
//! same answer as an entry that does not exist, so nothing tells a judge what they may not see.

use super::assignment::round_at;
use super::attachments::{StoredFile, file_path};
use super::audit::{self, Changes, Record};
use super::contests::{categories, find_by_code, form_of};
use super::entries::{fields_of, members_of};
use super::judges::{contest_ref, round_ref};
use super::rounds::remembered_rules;
use crate::domain::files::RoundRules;
use crate::domain::sheet::{SheetState, may_see_other_scores};
use crate::format::Zoned;
use crate::model::judging::ConflictState;
use crate::model::sheets::{
    COMMENT_MAX, CommitteeSheet, EntrySheets, OtherSheet, SHEET_TEXT_MAX, SheetFields, SheetFile,
    SheetSaved, SheetView, Window, criterion_of,
};
use crate::model::{AttachmentKind, FieldKind};
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::{assignment, attachment, conflict, contest, entry, round, sheet, user};
use crate::ssr::messages::{Msg, Problem, ServiceError, ServiceResult};
use crate::ssr::policy::{self, Permission};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;
use uuid::Uuid;

/// A sheet a judge may reach: theirs, for an entry assigned to them and not in conflict.
struct Target {
    contest: contest::Model,
    round: round::Model,
    rules: Arc<RoundRules>,
    entry: entry::Model,
    judge: Uuid,
    /// The judge's entries in the round, without those they conflict with.
    mine: Vec<Uuid>,
}

/// Where a sheet is: the contest's code, the round's position and the entry's code.
#[derive(Debug, Clone, Copy)]
pub struct SheetAt<'a> {
    pub contest: &'a str,
    pub position: i32,
    pub entry: &'a str,
}

/// The sheet `at` of the signed-in judge. Only the contest's judges pass the policy; then an
/// entry that is not assigned to them, or that they conflict with, is `NotFound`.
async fn target(
    db: &impl ConnectionTrait,
    actor: &Actor,
    at: SheetAt<'_>,
) -> ServiceResult<Target> {
    let contest = find_by_code(db, at.contest).await?;
    policy::require(actor, Permission::JudgeIn(contest.id))?;
    let judge = actor.id().ok_or(ServiceError::Forbidden)?;
    let round = round_at(db, contest.id, at.position).await?;
    let entry = entry_in(db, contest.id, at.entry).await?;
    let assigned: Vec<Uuid> = assignment::Entity::find()
        .select_only()
        .column(assignment::Column::EntryId)
        .filter(assignment::Column::RoundId.eq(round.id))
        .filter(assignment::Column::JudgeId.eq(judge))
        .into_tuple()
        .all(db)
        .await?;
    let conflicted: Vec<Uuid> = conflict::Entity::find()
        .select_only()
        .column(conflict::Column::EntryId)
        .filter(conflict::Column::ContestId.eq(contest.id))
        .filter(conflict::Column::JudgeId.eq(judge))
        .filter(conflict::Column::State.ne(ConflictState::Lifted))
        .into_tuple()
        .all(db)
        .await?;
    let mine: Vec<Uuid> = assigned
        .into_iter()
        .filter(|id| !conflicted.contains(id))
        .collect();
    if !mine.contains(&entry.id) {
        return Err(ServiceError::NotFound);
    }
    let rules = remembered_rules(&round.rules).ok_or_else(|| {
        ServiceError::Internal(format!("round {} has rules that do not parse", round.id))
    })?;
    Ok(Target {
        contest,
        round,
        rules,
        entry,
        judge,
        mine,
    })
}

/// The entry `code` of contest `contest_id`; `NotFound` when there is none.
pub(crate) async fn entry_in(
    db: &impl ConnectionTrait,
    contest_id: Uuid,
    code: &str,
) -> ServiceResult<entry::Model> {
    entry::Entity::find()
        .filter(entry::Column::ContestId.eq(contest_id))
        .filter(entry::Column::Code.eq(code.trim().to_ascii_uppercase()))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// An entry's files in upload order: the order blind names number them in.
async fn files(db: &impl ConnectionTrait, entry_id: Uuid) -> ServiceResult<Vec<attachment::Model>> {
    Ok(attachment::Entity::find()
        .filter(attachment::Column::EntryId.eq(entry_id))
        .order_by_asc(attachment::Column::CreatedAt)
        .order_by_asc(attachment::Column::Id)
        .all(db)
        .await?)
}

/// §2: when the round takes scores, in the contest's time zone.
fn window(round: &round::Model, time_zone: &str, now: DateTime<Utc>) -> Window {
    match (round.judging_opens_at, round.judging_closes_at) {
        (Some(opens), _) if now < opens => Window::NotYet(Zoned::new(opens, time_zone)),
        (_, Some(closes)) if now >= closes => Window::Closed(Zoned::new(closes, time_zone)),
        _ => Window::Open,
    }
}

fn require_open(t: &Target, now: DateTime<Utc>) -> ServiceResult<()> {
    if t.round.finalised_at.is_some() {
        return Err(ServiceError::refused(Msg::RoundFinalised));
    }
    let time_zone = t.contest.time_zone.clone();
    match window(&t.round, &time_zone, now) {
        Window::Open => Ok(()),
        Window::NotYet(opens) => Err(ServiceError::refused(Msg::JudgingNotOpen {
            opens,
            time_zone,
        })),
        Window::Closed(closed) => Err(ServiceError::refused(Msg::JudgingClosed {
            closed,
            time_zone,
        })),
    }
}

async fn stored_sheet(
    db: &impl ConnectionTrait,
    round: Uuid,
    entry: Uuid,
    judge: Uuid,
    lock: bool,
) -> ServiceResult<Option<sheet::Model>> {
    let mut query = sheet::Entity::find()
        .filter(sheet::Column::RoundId.eq(round))
        .filter(sheet::Column::EntryId.eq(entry))
        .filter(sheet::Column::JudgeId.eq(judge));
    if lock {
        query = query.lock_exclusive();
    }
    Ok(query.one(db).await?)
}

/// What a stored sheet holds, as the form shows it.
fn typed_of(row: &sheet::Model) -> SheetFields {
    SheetFields {
        scores: serde_json::from_str(&row.scores).unwrap_or_default(),
        comments: serde_json::from_str(&row.comments).unwrap_or_default(),
        overall: row.overall_comment.clone(),
        note: row.committee_note.clone(),
        feedback: row.founder_feedback.clone(),
    }
}

fn state_of(row: &sheet::Model) -> ServiceResult<SheetState> {
    SheetState::from_code(&row.state).ok_or_else(|| {
        ServiceError::Internal(format!("sheet {} has state {:?}", row.id, row.state))
    })
}

/// A judge's sheet page: the dossier (without the team in a blind round), the rubric, what is
/// stored, and the other judges' scores where §2 allows them.
pub async fn open(
    db: &DatabaseConnection,
    actor: &Actor,
    at: SheetAt<'_>,
) -> ServiceResult<SheetView> {
    let t = target(db, actor, at).await?;
    let tz = t.contest.time_zone.clone();
    let judging = t.rules.settings.judging;
    let row = stored_sheet(db, t.round.id, t.entry.id, t.judge, false).await?;
    let state = row.as_ref().map(state_of).transpose()?;
    let known = categories(db, t.contest.id).await?;
    let members = if judging.blind {
        Vec::new()
    } else {
        members_of(db, t.entry.id).await?
    };
    let mut fields = fields_of(&t.entry, &known, &members);
    // Not needed to score, and personal: a judge never sees the lead's date of birth.
    fields.birth_date.clear();
    let mut form = form_of(&t.contest);
    form.retain(|f| f.kind != FieldKind::File && !(judging.blind && f.kind == FieldKind::Url));
    fields
        .answers
        .retain(|key, _| form.iter().any(|f| &f.key == key));
    let team = if judging.blind {
        Vec::new()
    } else {
        let lead = user::Entity::find_by_id(t.entry.lead_id).one(db).await?;
        lead.map(|l| l.name)
            .into_iter()
            .chain(fields.members.iter().map(|m| m.summary()))
            .collect()
    };
    if judging.blind {
        fields.members.clear();
    }
    let files = files_of(db, &t, at).await?;
    let others = if may_see_other_scores(state, judging.show_other_scores) {
        others_of(db, &t).await?
    } else {
        Vec::new()
    };
    let (previous, next) = neighbours(db, &t).await?;
    let window = window(&t.round, &tz, Utc::now());
    let editable = window == Window::Open
        && matches!(state, None | Some(SheetState::Draft | SheetState::Reopened));
    Ok(SheetView {
        contest: contest_ref(&t.contest),
        round: round_ref(&t.round),
        entry_code: t.entry.code.clone(),
        category: t
            .entry
            .category_id
            .and_then(|id| known.iter().find(|k| k.id == id).cloned()),
        fields,
        form,
        team,
        files,
        blind: judging.blind,
        rubric: t.rules.rubric.clone(),
        typed: row.as_ref().map(typed_of).unwrap_or_default(),
        state,
        version: row.as_ref().map_or(0, |r| r.version),
        reason: row
            .as_ref()
            .map(|r| r.state_reason.clone())
            .unwrap_or_default(),
        feedback_allowed: judging.founder_feedback,
        window,
        editable,
        others,
        previous,
        next,
        saved: row.as_ref().map(|r| Zoned::new(r.updated_at, &tz)),
        submitted: row
            .as_ref()
            .and_then(|r| r.submitted_at)
            .map(|s| Zoned::new(s, &tz)),
    })
}

/// The dossier's files; in a blind round named by the entry's code and a number, without size.
async fn files_of(
    db: &impl ConnectionTrait,
    t: &Target,
    at: SheetAt<'_>,
) -> ServiceResult<Vec<SheetFile>> {
    let blind = t.rules.settings.judging.blind;
    let rows = files(db, t.entry.id).await?;
    Ok(rows
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            let kind = AttachmentKind::from_code(&a.kind).unwrap_or(AttachmentKind::Pdf);
            SheetFile {
                href: format!(
                    "/judging/{}/rounds/{}/{}/files/{}",
                    t.contest.code, at.position, t.entry.code, a.id
                ),
                label: if blind {
                    blind_name(&t.entry.code, i, kind)
                } else {
                    a.name
                },
                id: a.id,
                kind,
                field: a.field,
                size: (!blind).then_some(a.size),
            }
        })
        .collect())
}

/// A file's name in a blind round: the entry's code and its place, `E-0007-2.pdf`.
fn blind_name(entry_code: &str, index: usize, kind: AttachmentKind) -> String {
    format!("{entry_code}-{}.{}", index + 1, kind.code())
}

/// A file of the dossier, for the judge of the sheet; in a blind round named as on the page.
pub async fn open_file(
    db: &DatabaseConnection,
    actor: &Actor,
    data_dir: &Path,
    at: SheetAt<'_>,
    id: Uuid,
) -> ServiceResult<StoredFile> {
    let t = target(db, actor, at).await?;
    let rows = files(db, t.entry.id).await?;
    let (index, found) = rows
        .into_iter()
        .enumerate()
        .find(|(_, a)| a.id == id)
        .ok_or(ServiceError::NotFound)?;
    let kind = AttachmentKind::from_code(&found.kind)
        .ok_or_else(|| ServiceError::Internal(format!("stored kind {:?}", found.kind)))?;
    Ok(StoredFile {
        path: file_path(data_dir, found.contest_id, found.id),
        name: if t.rules.settings.judging.blind {
            blind_name(&t.entry.code, index, kind)
        } else {
            found.name
        },
        kind,
        size: found.size,
        entry_code: t.entry.code,
    })
}

/// The other judges' submitted sheets for the entry, numbered in a fixed order.
async fn others_of(db: &impl ConnectionTrait, t: &Target) -> ServiceResult<Vec<OtherSheet>> {
    let rows = sheet::Entity::find()
        .filter(sheet::Column::RoundId.eq(t.round.id))
        .filter(sheet::Column::EntryId.eq(t.entry.id))
        .filter(sheet::Column::JudgeId.ne(t.judge))
        .filter(sheet::Column::State.eq(SheetState::Submitted.code()))
        .order_by_asc(sheet::Column::Id)
        .all(db)
        .await?;
    let rubric = &t.rules.rubric;
    Ok(rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let (sheet, _) = typed_of(row).read(rubric);
            OtherSheet {
                number: i as u32 + 1,
                total: sheet.total(rubric),
                scores: sheet.scores().to_vec(),
            }
        })
        .collect())
}

/// The entries before and after this one in the judge's list for the round (entry order,
/// without conflicts).
async fn neighbours(
    db: &impl ConnectionTrait,
    t: &Target,
) -> ServiceResult<(Option<String>, Option<String>)> {
    let mut list: Vec<(i32, String)> = entry::Entity::find()
        .select_only()
        .column(entry::Column::Number)
        .column(entry::Column::Code)
        .filter(entry::Column::Id.is_in(t.mine.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    list.sort();
    let at = list.iter().position(|(n, _)| *n == t.entry.number);
    let code = |i: Option<usize>| i.and_then(|i| list.get(i)).map(|(_, c)| c.clone());
    Ok(match at {
        Some(i) => (code(i.checked_sub(1)), code(Some(i + 1))),
        None => (None, None),
    })
}

/// A judge's save: the sheet's place, the version the page was loaded with (0 for a sheet not
/// started), what is typed, and whether to submit.
#[derive(Debug, Clone)]
pub struct Save<'a> {
    pub at: SheetAt<'a>,
    pub version: i32,
    pub fields: SheetFields,
    pub submit: bool,
}

/// Saves a draft, or submits it (§2), in one transaction with its audit record.
/// - Every refused score is named with its allowed values; submitting names every required
///   criterion still blank.
/// - A retry of a save that already went through answers as it did (idempotent).
/// - A save from a page older than the stored version is refused, naming what differs.
/// - A submitted or voided sheet, or a round outside its judging window, takes nothing.
///
/// `read` is a connection for reads outside the transaction (the read pool, whose
/// connections do not queue behind writes); `db` takes the write.
pub async fn save(
    db: &DatabaseConnection,
    read: &DatabaseConnection,
    actor: &Actor,
    input: Save<'_>,
) -> ServiceResult<SheetSaved> {
    let now = Utc::now();
    // Who may save is read before the write transaction, to keep it short (saves queue on
    // it); inside it, the assignment and the sheet are read again, so an assignment removed
    // or a sheet voided meanwhile stops the save.
    let t = target(read, actor, input.at).await?;
    let txn = begin_write(db).await?;
    let rubric = &t.rules.rubric;
    let feedback_allowed = t.rules.settings.judging.founder_feedback;
    let (typed, mut problems) = clean(input.fields, feedback_allowed);
    let (sheet, refused) = typed.read(rubric);
    problems.extend(
        refused
            .into_iter()
            .map(|error| score_problem(rubric, error)),
    );
    if let Some(unknown) = typed
        .scores
        .keys()
        .chain(typed.comments.keys())
        .find(|k| rubric.position(k).is_none())
    {
        problems.push(score_problem(
            rubric,
            crate::domain::DomainError::UnknownCriterion {
                key: unknown.clone(),
            },
        ));
    }
    // Lock the assignment first: two first saves of one sheet then queue rather than race
    // for its row.
    assignment::Entity::find()
        .filter(assignment::Column::RoundId.eq(t.round.id))
        .filter(assignment::Column::EntryId.eq(t.entry.id))
        .filter(assignment::Column::JudgeId.eq(t.judge))
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let row = stored_sheet(&txn, t.round.id, t.entry.id, t.judge, true).await?;
    let state = row.as_ref().map(state_of).transpose()?;
    let stored = row.as_ref().map(typed_of).unwrap_or_default();
    let version = row.as_ref().map_or(0, |r| r.version);
    let tz = t.contest.time_zone.clone();
    let answer = |row: &sheet::Model, state: SheetState| SheetSaved {
        version: row.version,
        state,
        total: typed_of(row).read(rubric).0.total(rubric),
        at: Zoned::new(row.updated_at, &tz),
    };
    // A retry of the save that made the stored version: the same answer, nothing written.
    if let Some(r) = &row
        && version == input.version + 1
        && stored.same_as(&typed)
        && (state == Some(SheetState::Submitted)) == input.submit
    {
        return Ok(answer(r, state.unwrap_or(SheetState::Draft)));
    }
    match state {
        Some(SheetState::Submitted) => return Err(ServiceError::refused(Msg::SheetLocked)),
        Some(SheetState::Void) => return Err(ServiceError::refused(Msg::SheetVoid)),
        _ => {}
    }
    require_open(&t, now)?;
    // A round finalised since `target` read it takes no more scores: read again inside the
    // transaction (shared lock: finalising holds the row while it freezes the sheets).
    super::rounds::require_not_finalised(&txn, t.round.id).await?;
    let new_state = if input.submit {
        SheetState::Submitted
    } else {
        state.unwrap_or(SheetState::Draft)
    };
    if let Some(r) = &row
        && stored.same_as(&typed)
        && state == Some(new_state)
    {
        // Nothing to change (a retry, or another tab that saved the same): nothing written.
        return Ok(answer(r, new_state));
    }
    if version != input.version {
        return Err(stale(&stored, &typed, rubric));
    }
    if input.submit && problems.is_empty() {
        for key in sheet.missing(rubric) {
            problems.push(score_problem(
                rubric,
                crate::domain::DomainError::RequiredCriterionMissing {
                    criterion: key.to_owned(),
                    judge: String::new(),
                    entry: t.entry.code.clone(),
                },
            ));
        }
    }
    if !problems.is_empty() {
        return Err(ServiceError::Invalid(problems));
    }
    let scores_json = text_map(&typed.scores);
    let comments_json = text_map(&typed.comments);
    let changes = changes(&stored, &typed, state, new_state);
    let saved = match row {
        Some(r) => {
            let mut update: sheet::ActiveModel = r.into();
            update.version = Set(version + 1);
            update.state = Set(new_state.code().to_owned());
            update.scores = Set(scores_json);
            update.comments = Set(comments_json);
            update.overall_comment = Set(typed.overall.clone());
            update.committee_note = Set(typed.note.clone());
            update.founder_feedback = Set(typed.feedback.clone());
            update.updated_at = Set(now);
            if input.submit {
                update.submitted_at = Set(Some(now));
            }
            update.update(&txn).await?
        }
        None => {
            sheet::ActiveModel {
                id: Set(Uuid::now_v7()),
                round_id: Set(t.round.id),
                entry_id: Set(t.entry.id),
                judge_id: Set(t.judge),
                state: Set(new_state.code().to_owned()),
                version: Set(1),
                scores: Set(scores_json),
                comments: Set(comments_json),
                overall_comment: Set(typed.overall.clone()),
                committee_note: Set(typed.note.clone()),
                founder_feedback: Set(typed.feedback.clone()),
                state_reason: Set(String::new()),
                created_at: Set(now),
                updated_at: Set(now),
                submitted_at: Set(input.submit.then_some(now)),
            }
            .insert(&txn)
            .await?
        }
    };
    let kind = if input.submit {
        "sheet.submitted"
    } else {
        "sheet.saved"
    };
    audit::append(
        &txn,
        actor,
        Record::new(kind, "sheet", saved.id)
            .in_contest(t.contest.id)
            .changes(
                changes
                    .set("entry", &t.entry.code)
                    .set("round", t.round.position),
            ),
    )
    .await?;
    txn.commit().await?;
    // Judges' saves do not recount the dashboard: it is counted at most every
    // `progress::COUNTS_FRESH_FOR` however fast they come.
    Ok(answer(&saved, new_state))
}

/// A refused score, at `scores.KEY`, with the criterion's name for the message.
fn score_problem(
    rubric: &crate::domain::rubric::Rubric,
    error: crate::domain::DomainError,
) -> Problem {
    let key = criterion_of(&error);
    let name = rubric
        .criterion(&key)
        .map(|(_, c)| c.name.clone())
        .unwrap_or_default();
    Problem::at(
        format!("scores.{key}"),
        Msg::Score {
            error: Box::new(error),
            name,
        },
    )
}

/// The typed texts, trimmed, and what is wrong with their length or characters; feedback is
/// kept only where the round asks for it.
fn clean(fields: SheetFields, feedback_allowed: bool) -> (SheetFields, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut text = |path: String, raw: &str, max: usize| -> String {
        match super::clean_text(raw) {
            Some(t) if t.chars().count() <= max => t,
            Some(_) => {
                problems.push(Problem::at(path, Msg::TooLong { max }));
                String::new()
            }
            None => {
                problems.push(Problem::at(path, Msg::ControlCharacters));
                String::new()
            }
        }
    };
    let comments = fields
        .comments
        .iter()
        .map(|(k, v)| (k.clone(), text(format!("comments.{k}"), v, COMMENT_MAX)))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let cleaned = SheetFields {
        scores: fields
            .scores
            .into_iter()
            .map(|(k, v)| (k, v.trim().to_owned()))
            .filter(|(_, v)| !v.is_empty())
            .collect(),
        comments,
        overall: text("overall".into(), &fields.overall, SHEET_TEXT_MAX),
        note: text("note".into(), &fields.note, SHEET_TEXT_MAX),
        feedback: if feedback_allowed {
            text("feedback".into(), &fields.feedback, SHEET_TEXT_MAX)
        } else {
            String::new()
        },
    };
    (cleaned, problems)
}

/// A map as stored: JSON (scores keep the exact decimal typed, `7.50` stays `7.50`).
fn text_map(map: &BTreeMap<String, String>) -> String {
    serde_json::to_string(map).unwrap_or_else(|_| "{}".to_owned())
}

/// What a save changed, for the audit log: each score, which texts, the state.
fn changes(
    before: &SheetFields,
    after: &SheetFields,
    was: Option<SheetState>,
    now: SheetState,
) -> Changes {
    let keys: std::collections::BTreeSet<&String> =
        before.scores.keys().chain(after.scores.keys()).collect();
    let mut changes = Changes::new();
    for key in keys {
        changes = changes.field(
            &format!("score.{key}"),
            before.scores.get(key),
            after.scores.get(key),
        );
    }
    // Texts are named, not copied: the log is read more widely than the sheet.
    let texts = [
        ("comments", before.comments != after.comments),
        ("overall", before.overall != after.overall),
        ("note", before.note != after.note),
        ("feedback", before.feedback != after.feedback),
    ];
    for (field, changed) in texts {
        if changed {
            changes = changes.field(field, Some("…"), Some("✎"));
        }
    }
    changes.field("state", was.map(SheetState::code), Some(now.code()))
}

/// The refusal of a save made over a newer version: which fields the stored sheet has
/// otherwise, and what it has there.
fn stale(
    stored: &SheetFields,
    typed: &SheetFields,
    rubric: &crate::domain::rubric::Rubric,
) -> ServiceError {
    const SHOWN: usize = 300;
    let mut problems = vec![Problem::general(Msg::SheetChangedElsewhere)];
    let mut differs = |path: String, saved: &str, mine: &str| {
        if saved.trim() != mine.trim() {
            let mut value: String = saved.chars().take(SHOWN).collect();
            if saved.chars().count() > SHOWN {
                value.push('…');
            }
            problems.push(Problem::at(path, Msg::SavedElsewhere { value }));
        }
    };
    let get = |m: &BTreeMap<String, String>, k: &str| m.get(k).cloned().unwrap_or_default();
    for c in rubric.criteria() {
        differs(
            format!("scores.{}", c.key),
            &get(&stored.scores, &c.key),
            &get(&typed.scores, &c.key),
        );
        differs(
            format!("comments.{}", c.key),
            &get(&stored.comments, &c.key),
            &get(&typed.comments, &c.key),
        );
    }
    differs("overall".into(), &stored.overall, &typed.overall);
    differs("note".into(), &stored.note, &typed.note);
    differs("feedback".into(), &stored.feedback, &typed.feedback);
    ServiceError::Conflict(problems)
}

/// An entry's sheets in a round, side by side, for the committee (every judge assigned,
/// with or without a sheet; voided sheets marked).
pub async fn of_entry(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    entry_code: &str,
) -> ServiceResult<EntrySheets> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let round = round_at(db, contest.id, position).await?;
    let entry = entry_in(db, contest.id, entry_code).await?;
    let rules = remembered_rules(&round.rules)
        .ok_or_else(|| ServiceError::Internal(format!("round {} rules", round.id)))?;
    let rubric = &rules.rubric;
    let assigned: Vec<Uuid> = assignment::Entity::find()
        .select_only()
        .column(assignment::Column::JudgeId)
        .filter(assignment::Column::RoundId.eq(round.id))
        .filter(assignment::Column::EntryId.eq(entry.id))
        .into_tuple()
        .all(db)
        .await?;
    let rows: HashMap<Uuid, sheet::Model> = sheet::Entity::find()
        .filter(sheet::Column::RoundId.eq(round.id))
        .filter(sheet::Column::EntryId.eq(entry.id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.judge_id, s))
        .collect();
    let mut judges: Vec<Uuid> = assigned;
    judges.extend(
        rows.keys()
            .filter(|j| !judges.contains(j))
            .copied()
            .collect::<Vec<_>>(),
    );
    let names: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(judges.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let tz = &contest.time_zone;
    let mut sheets: Vec<CommitteeSheet> = judges
        .iter()
        .map(|j| {
            let row = rows.get(j);
            let typed = row.map(typed_of).unwrap_or_default();
            let (sheet, _) = typed.read(rubric);
            let state = row.and_then(|r| SheetState::from_code(&r.state));
            CommitteeSheet {
                judge_id: *j,
                judge: names.get(j).cloned().unwrap_or_default(),
                state,
                total: row.map(|_| sheet.total(rubric)),
                scores: sheet.scores().to_vec(),
                comments: typed.comments,
                overall: typed.overall,
                note: typed.note,
                feedback: typed.feedback,
                reason: row.map(|r| r.state_reason.clone()).unwrap_or_default(),
                updated: row.map(|r| Zoned::new(r.updated_at, tz)),
            }
        })
        .collect();
    sheets.sort_by(|a, b| a.judge.cmp(&b.judge));
    let accepted = crate::ssr::entities::flag_acceptance::Entity::find()
        .filter(crate::ssr::entities::flag_acceptance::Column::RoundId.eq(round.id))
        .filter(crate::ssr::entities::flag_acceptance::Column::EntryId.eq(entry.id))
        .one(db)
        .await?
        .map(|a| (a.note, a.totals));
    Ok(EntrySheets {
        accepted,
        contest: contest_ref(&contest),
        round: round_ref(&round),
        entry_code: entry.code,
        title: entry.title,
        rubric: rubric.clone(),
        sheets,
    })
}

/// §2: the committee reopens a submitted sheet with a written reason; the judge can change and
/// submit it again, and it does not count meanwhile.
pub async fn reopen(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    entry_code: &str,
    judge: Uuid,
    reason: &str,
) -> ServiceResult<()> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let reason = super::clean_text(reason)
        .filter(|r| !r.is_empty() && r.chars().count() <= crate::model::limits::REASON_MAX)
        .ok_or(ServiceError::invalid("reason", Msg::Reason))?;
    let txn = begin_write(db).await?;
    let round = round_at(&txn, contest.id, position).await?;
    super::rounds::require_not_finalised(&txn, round.id).await?;
    let entry = entry_in(&txn, contest.id, entry_code).await?;
    let row = stored_sheet(&txn, round.id, entry.id, judge, true)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if state_of(&row)? != SheetState::Submitted {
        return Err(ServiceError::refused(Msg::SheetNotSubmitted));
    }
    let id = row.id;
    let version = row.version;
    let mut update: sheet::ActiveModel = row.into();
    update.state = Set(SheetState::Reopened.code().to_owned());
    update.state_reason = Set(reason.clone());
    update.version = Set(version + 1);
    update.updated_at = Set(Utc::now());
    update.update(&txn).await?;
    audit::append(
        &txn,
        actor,
        Record::new("sheet.reopened", "sheet", id)
            .in_contest(contest.id)
            .because(reason)
            .changes(
                Changes::new()
                    .set("entry", &entry.code)
                    .set("round", position)
                    .field("state", Some("submitted"), Some("reopened")),
            ),
    )
    .await?;
    txn.commit().await?;
    super::progress::changed();
    Ok(())
}
