//! Founders' entries: a founder starts one in a contest whose submission window is open,
//! saves it as often as they like (every save names the version it started from, so two tabs
//! never overwrite each other silently), submits it, edits it until the deadline, withdraws
//! it. The committee lists and reads them.
//!
//! Saves of a draft are not written to the audit log (a draft is its team's notebook until it
//! is handed in); starting, submitting, every change to a submitted entry and withdrawing are.

use super::audit::{self, Changes, Record};
use super::contests::{categories, find_by_code};
use super::{PageRequest, clean_line, clean_text, fold, normalize_email, search_terms};
use crate::format::Zoned;
use crate::model::eligibility::Eligibility;
use crate::model::form_fields::AnswerProblem;
use crate::model::limits::{
    ENTRIES_PER_PERSON_MAX, ENTRY_SUMMARY_MAX, ENTRY_TEXT_MAX, ENTRY_TITLE_MAX, MEMBERS_MAX,
    PERSON_NAME_MAX, SEARCH_MAX, TITLE_MAX,
};
use crate::model::{
    Answers, Category, EntryFields, EntryFilter, EntryRow, EntrySort, EntryStatus, EntryView,
    FieldKind, FormField, MemberFields, Saved, Stage, Window,
};
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::{contest, entry, entry_member, round, user};
use crate::ssr::messages::{Msg, Problem, ServiceError, ServiceResult};
use crate::ssr::policy::{self, EntryScope, Permission};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The entry code: the contest's code and the entry's number, `LS25-0042`.
pub fn entry_code(contest_code: &str, number: i32) -> String {
    format!("{contest_code}-{number:04}")
}

/// Refuses unless founders may enter and edit in `c` at `now` (from registration, or from
/// the opening of submissions, until the deadline).
pub(crate) fn require_open(c: &contest::Model, now: DateTime<Utc>) -> ServiceResult<()> {
    let zoned = |t: DateTime<Utc>| Zoned::new(t, &c.time_zone);
    match super::contests::drafting(c, now) {
        Window::Open => Ok(()),
        Window::NotSet => Err(ServiceError::refused(Msg::WindowNotSet)),
        Window::NotYet => Err(ServiceError::refused(Msg::WindowNotYet {
            opens: zoned(super::contests::drafts_from(c).unwrap_or(now)),
            time_zone: c.time_zone.clone(),
        })),
        Window::Closed => Err(ServiceError::refused(Msg::DeadlinePassed {
            deadline: zoned(c.submissions_close_at.unwrap_or(now)),
            time_zone: c.time_zone.clone(),
        })),
    }
}

/// What a founder typed, checked and cleaned: every problem at once.
struct Checked {
    title: String,
    category: Option<Uuid>,
    summary: String,
    problem: String,
    solution: String,
    market: String,
    business_model: String,
    stage: Option<Stage>,
    birth_date: String,
    province: String,
    founded: String,
    members: Vec<MemberFields>,
    answers: Answers,
}

/// The team as typed: blank rows dropped, each member named, emails valid, at most
/// `MEMBERS_MAX`; problems at `members[i].field`.
fn check_members(problems: &mut Vec<Problem>, typed: &[MemberFields]) -> Vec<MemberFields> {
    let mut kept = Vec::new();
    for (i, m) in typed.iter().enumerate().filter(|(_, m)| !m.is_blank()) {
        let at = |field: &str| format!("members[{i}].{field}");
        let name = text_field(problems, &at("name"), &m.name, PERSON_NAME_MAX, true);
        if name.is_empty()
            && !problems
                .iter()
                .any(|p| p.path.as_deref() == Some(&at("name")))
        {
            problems.push(Problem::at(at("name"), Msg::MemberName));
        }
        let email = if m.email.trim().is_empty() {
            String::new()
        } else {
            normalize_email(&m.email).unwrap_or_else(|_| {
                problems.push(Problem::at(at("email"), Msg::Email));
                String::new()
            })
        };
        let organisation = text_field(
            problems,
            &at("organisation"),
            &m.organisation,
            TITLE_MAX,
            true,
        );
        let role = text_field(problems, &at("role"), &m.role, TITLE_MAX, true);
        kept.push(MemberFields {
            name,
            email,
            organisation,
            role,
        });
    }
    if kept.len() > MEMBERS_MAX {
        problems.push(Problem::at(
            "members",
            Msg::TooManyMembers { max: MEMBERS_MAX },
        ));
    }
    kept
}

fn text_field(
    problems: &mut Vec<Problem>,
    field: &str,
    raw: &str,
    max: usize,
    one_line: bool,
) -> String {
    let cleaned = if one_line {
        clean_line(raw)
    } else {
        clean_text(raw)
    };
    match cleaned {
        None => {
            problems.push(Problem::at(field, Msg::ControlCharacters));
            String::new()
        }
        Some(text) if text.chars().count() > max => {
            problems.push(Problem::at(field, Msg::TooLong { max }));
            String::new()
        }
        Some(text) => text,
    }
}

/// The answers to the contest's own questions as typed: each checked by its question
/// (`FormField::check`); problems at `answers.KEY`. Answers to questions the contest no
/// longer asks, and empty ones, are dropped.
fn check_answers(problems: &mut Vec<Problem>, form: &[FormField], typed: &Answers) -> Answers {
    let mut kept = Answers::new();
    for field in form {
        let at = format!("answers.{}", field.key);
        let raw = typed.get(&field.key).map(String::as_str).unwrap_or("");
        let one_line = !matches!(field.kind, FieldKind::LongText | FieldKind::Choices);
        let Some(cleaned) = (if one_line {
            clean_line(raw)
        } else {
            clean_text(raw)
        }) else {
            problems.push(Problem::at(at, Msg::ControlCharacters));
            continue;
        };
        match field.check(&cleaned) {
            Ok(answer) if answer.is_empty() => {}
            Ok(answer) => {
                kept.insert(field.key.clone(), answer);
            }
            Err(problem) => problems.push(Problem::at(at, answer_msg(problem))),
        }
    }
    kept
}

/// The reason of an answer's problem.
fn answer_msg(problem: AnswerProblem) -> Msg {
    let text = |d: Option<rust_decimal::Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    match problem {
        AnswerProblem::TooLong { max } => Msg::TooLong { max },
        AnswerProblem::TooManyWords { max, found } => Msg::TooManyWords { max, found },
        AnswerProblem::NotANumber => Msg::Number,
        AnswerProblem::OutOfRange { min, max } => Msg::OutOfRange {
            min: text(min),
            max: text(max),
        },
        AnswerProblem::NotAnOption => Msg::NotAnOption,
        AnswerProblem::NotAUrl => Msg::Url,
    }
}

fn check(input: &EntryFields, known: &[Category], form: &[FormField]) -> ServiceResult<Checked> {
    let mut problems = Vec::new();
    let title = text_field(&mut problems, "title", &input.title, ENTRY_TITLE_MAX, true);
    let summary = text_field(
        &mut problems,
        "summary",
        &input.summary,
        ENTRY_SUMMARY_MAX,
        false,
    );
    let problem = text_field(
        &mut problems,
        "problem",
        &input.problem,
        ENTRY_TEXT_MAX,
        false,
    );
    let solution = text_field(
        &mut problems,
        "solution",
        &input.solution,
        ENTRY_TEXT_MAX,
        false,
    );
    let market = text_field(
        &mut problems,
        "market",
        &input.market,
        ENTRY_TEXT_MAX,
        false,
    );
    let business_model = text_field(
        &mut problems,
        "business_model",
        &input.business_model,
        ENTRY_TEXT_MAX,
        false,
    );
    let wanted = input.category.trim().to_ascii_uppercase();
    let category = if wanted.is_empty() {
        None
    } else {
        let found = known.iter().find(|k| k.code == wanted).map(|k| k.id);
        if found.is_none() {
            problems.push(Problem::at(
                "category",
                Msg::UnknownCategories { codes: wanted },
            ));
        }
        found
    };
    let stage = if input.stage.trim().is_empty() {
        None
    } else {
        let found = Stage::from_code(&input.stage);
        if found.is_none() {
            problems.push(Problem::at("stage", Msg::Stage));
        }
        found
    };
    let mut date = |field: &str, raw: &str| {
        super::eligibility::past_date(field, raw).unwrap_or_else(|p| {
            problems.push(p);
            String::new()
        })
    };
    let birth_date = date("birth_date", &input.birth_date);
    let founded = date("founded", &input.founded);
    let province = text_field(&mut problems, "province", &input.province, TITLE_MAX, true);
    let members = check_members(&mut problems, &input.members);
    let answers = check_answers(&mut problems, form, &input.with_picks());
    if !problems.is_empty() {
        return Err(ServiceError::Invalid(problems));
    }
    Ok(Checked {
        members,
        answers,
        birth_date,
        province,
        founded,
        title,
        category,
        summary,
        problem,
        solution,
        market,
        business_model,
        stage,
    })
}

/// Checks an imported row as the form checks it: every problem at once.
pub(crate) fn check_fields(
    input: &EntryFields,
    known: &[Category],
    form: &[FormField],
) -> ServiceResult<()> {
    check(input, known, form).map(|_| ())
}

/// Writes an imported entry in `txn`, numbered `number` in the locked contest `c`, led by
/// `lead`: submitted when complete, else a draft. Answers its id and code.
pub(crate) async fn insert_imported(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    c: &contest::Model,
    number: i32,
    lead: (Uuid, &str),
    input: &EntryFields,
    known: &[Category],
) -> ServiceResult<(Uuid, String)> {
    let form = super::contests::form_of(c);
    let checked = check(input, known, &form)?;
    // An import carries no files: a required file question leaves the entry a draft.
    let complete = EntryFields {
        answers: checked.answers.clone(),
        ..input.clone()
    }
    .missing_with(!known.is_empty(), &form, &[])
    .is_empty();
    let code = entry_code(&c.code, number);
    let now = Utc::now();
    let status = if complete {
        EntryStatus::Submitted
    } else {
        EntryStatus::Draft
    };
    let id = Uuid::now_v7();
    entry::ActiveModel {
        id: Set(id),
        contest_id: Set(c.id),
        category_id: Set(checked.category),
        number: Set(number),
        code: Set(code.clone()),
        lead_id: Set(lead.0),
        status: Set(status),
        search: Set(search_text(&code, &checked.title, lead.1)),
        title_key: Set(fold(&checked.title)),
        title: Set(checked.title),
        summary: Set(checked.summary),
        problem: Set(checked.problem),
        solution: Set(checked.solution),
        market: Set(checked.market),
        business_model: Set(checked.business_model),
        stage: Set(checked.stage),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        submitted_at: Set(complete.then_some(now)),
        birth_date: Set(checked.birth_date),
        province: Set(checked.province),
        founded: Set(checked.founded),
        auto_eligibility: Set(Eligibility::Unknown.code().to_owned()),
        eligibility: Set(Eligibility::Unknown.code().to_owned()),
        decision: Set(None),
        decision_reason: Set(None),
        decided_at: Set(None),
        decided_by: Set(None),
        answers: Set(answers_text(&checked.answers)),
        round: Set(if complete { 1 } else { 0 }),
    }
    .insert(txn)
    .await?;
    replace_members(txn, id, &checked.members).await?;
    audit::append(
        txn,
        actor,
        Record::new("entry.imported", "entry", id)
            .in_contest(c.id)
            .changes(
                Changes::new()
                    .set("code", &code)
                    .set("status", status.code()),
            ),
    )
    .await?;
    Ok((id, code))
}

/// The form's fields as stored in `row` and its team rows.
pub(crate) fn fields_of(
    row: &entry::Model,
    known: &[Category],
    members: &[entry_member::Model],
) -> EntryFields {
    EntryFields {
        answers: serde_json::from_str(&row.answers).unwrap_or_default(),
        picks: Default::default(),
        members: members
            .iter()
            .map(|m| MemberFields {
                name: m.name.clone(),
                email: m.email.clone(),
                organisation: m.organisation.clone(),
                role: m.role.clone(),
            })
            .collect(),
        title: row.title.clone(),
        category: row
            .category_id
            .and_then(|id| known.iter().find(|k| k.id == id))
            .map(|k| k.code.clone())
            .unwrap_or_default(),
        summary: row.summary.clone(),
        problem: row.problem.clone(),
        solution: row.solution.clone(),
        market: row.market.clone(),
        business_model: row.business_model.clone(),
        stage: row.stage.map(|s| s.code().to_owned()).unwrap_or_default(),
        birth_date: row.birth_date.clone(),
        province: row.province.clone(),
        founded: row.founded.clone(),
    }
}

/// The team rows of an entry, in order.
pub(crate) async fn members_of(
    db: &impl ConnectionTrait,
    entry_id: Uuid,
) -> ServiceResult<Vec<entry_member::Model>> {
    Ok(entry_member::Entity::find()
        .filter(entry_member::Column::EntryId.eq(entry_id))
        .order_by_asc(entry_member::Column::Position)
        .all(db)
        .await?)
}

/// Replaces the team rows of an entry in `txn`.
async fn replace_members(
    txn: &impl ConnectionTrait,
    entry_id: Uuid,
    members: &[MemberFields],
) -> ServiceResult<()> {
    entry_member::Entity::delete_many()
        .filter(entry_member::Column::EntryId.eq(entry_id))
        .exec(txn)
        .await?;
    if members.is_empty() {
        return Ok(());
    }
    let rows = members
        .iter()
        .enumerate()
        .map(|(i, m)| entry_member::ActiveModel {
            id: Set(Uuid::now_v7()),
            entry_id: Set(entry_id),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            name: Set(m.name.clone()),
            email: Set(m.email.clone()),
            organisation: Set(m.organisation.clone()),
            role: Set(m.role.clone()),
        });
    entry_member::Entity::insert_many(rows).exec(txn).await?;
    Ok(())
}

/// The team as one line, for the stale-save comparison and the CSV.
fn team_text(members: &[MemberFields]) -> String {
    members
        .iter()
        .map(MemberFields::summary)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The folded text search looks in: the code, the title and the lead's name.
pub(crate) fn search_text(code: &str, title: &str, lead_name: &str) -> String {
    fold(&format!("{code} {title} {lead_name}"))
}

/// Starts an entry in the contest `contest_code`, led by the signed-in person, as an empty
/// draft; answers its code.
pub async fn start(
    db: &DatabaseConnection,
    actor: &Actor,
    contest_code: &str,
) -> ServiceResult<String> {
    let person = policy::require_person(actor)?;
    let found = find_by_code(db, contest_code).await?;
    require_open(&found, Utc::now())?;
    let txn = begin_write(db).await?;
    // The contest row is locked: starts in one contest take their numbers one at a time, and
    // the count below cannot be raced past the ceiling.
    let c = super::contests::lock(&txn, found.id).await?;
    let led = entry::Entity::find()
        .filter(entry::Column::ContestId.eq(c.id))
        .filter(entry::Column::LeadId.eq(person.id))
        .filter(entry::Column::Status.ne(EntryStatus::Withdrawn))
        .count(&txn)
        .await?;
    if led >= ENTRIES_PER_PERSON_MAX {
        return Err(ServiceError::refused(Msg::EntriesPerPerson {
            max: ENTRIES_PER_PERSON_MAX,
        }));
    }
    let number = c.entry_seq + 1;
    let code = entry_code(&c.code, number);
    let mut counter: contest::ActiveModel = c.clone().into();
    counter.entry_seq = Set(number);
    counter.update(&txn).await?;
    let now = Utc::now();
    let saved = entry::ActiveModel {
        id: Set(Uuid::now_v7()),
        contest_id: Set(c.id),
        category_id: Set(None),
        number: Set(number),
        code: Set(code.clone()),
        lead_id: Set(person.id),
        status: Set(EntryStatus::Draft),
        title: Set(String::new()),
        summary: Set(String::new()),
        problem: Set(String::new()),
        solution: Set(String::new()),
        market: Set(String::new()),
        business_model: Set(String::new()),
        stage: Set(None),
        version: Set(1),
        search: Set(search_text(&code, "", &person.name)),
        title_key: Set(String::new()),
        created_at: Set(now),
        updated_at: Set(now),
        submitted_at: Set(None),
        birth_date: Set(String::new()),
        province: Set(String::new()),
        founded: Set(String::new()),
        auto_eligibility: Set(Eligibility::Unknown.code().to_owned()),
        eligibility: Set(Eligibility::Unknown.code().to_owned()),
        decision: Set(None),
        decision_reason: Set(None),
        decided_at: Set(None),
        decided_by: Set(None),
        answers: Set("{}".to_owned()),
        round: Set(0),
    }
    .insert(&txn)
    .await?;
    // The lead now counts one entry more: their other entries are checked again too.
    let again = if super::eligibility::counts_people(&c) {
        super::eligibility::sharing(&txn, c.id, std::slice::from_ref(&person.email)).await?
    } else {
        vec![saved.id]
    };
    super::eligibility::refresh(&txn, &c, &again).await?;
    audit::append(
        &txn,
        actor,
        Record::new("entry.created", "entry", saved.id)
            .in_contest(c.id)
            .changes(Changes::new().set("code", &code)),
    )
    .await?;
    txn.commit().await?;
    Ok(code)
}

/// The entry with this code, if `actor` may read it: a missing entry and someone else's
/// look the same (`NotFound`).
pub(crate) async fn readable(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: &str,
    lock: bool,
) -> ServiceResult<entry::Model> {
    if matches!(actor, Actor::Anonymous) {
        return Err(ServiceError::Unauthenticated);
    }
    let code = code.trim().to_ascii_uppercase();
    let mut query = entry::Entity::find().filter(entry::Column::Code.eq(code));
    if lock {
        query = query.lock_exclusive();
    }
    let row = query.one(db).await?.ok_or(ServiceError::NotFound)?;
    let member = match actor.person() {
        Some(p) if p.id != row.lead_id => {
            entry_member::Entity::find()
                .filter(entry_member::Column::EntryId.eq(row.id))
                .filter(entry_member::Column::Email.eq(p.email.as_str()))
                .count(db)
                .await?
                > 0
        }
        _ => false,
    };
    let may_read = policy::allows(
        actor,
        &Permission::ReadEntry {
            contest: row.contest_id,
            category: row.category_id,
            lead: row.lead_id,
            member,
        },
    );
    if may_read {
        Ok(row)
    } else {
        Err(ServiceError::NotFound)
    }
}

/// An entry its lead may change: readable, theirs (else `Forbidden`: the committee reads
/// entries, it does not write them), and not withdrawn.
pub(crate) async fn writable(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: &str,
) -> ServiceResult<entry::Model> {
    let row = readable(db, actor, code, true).await?;
    policy::require(actor, Permission::WriteEntry { lead: row.lead_id })?;
    if row.status == EntryStatus::Withdrawn {
        return Err(ServiceError::refused(Msg::EntryWithdrawn));
    }
    Ok(row)
}

/// One entry, as `actor` may read it.
pub async fn get(db: &DatabaseConnection, actor: &Actor, code: &str) -> ServiceResult<EntryView> {
    let mut row = readable(db, actor, code, false).await?;
    founder_round(db, actor, std::slice::from_mut(&mut row)).await?;
    let c = contest::Entity::find_by_id(row.contest_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let known = categories(db, c.id).await?;
    let members = members_of(db, row.id).await?;
    let lead = user::Entity::find_by_id(row.lead_id).one(db).await?;
    let is_lead = actor.id() == Some(row.lead_id);
    let open = super::contests::drafting(&c, Utc::now()) == Window::Open;
    let live = row.status != EntryStatus::Withdrawn;
    let zoned = |t| Zoned::new(t, &c.time_zone);
    Ok(EntryView {
        code: row.code.clone(),
        fields: fields_of(&row, &known, &members),
        status: row.status,
        version: row.version,
        lead_name: lead.map(|u| u.name).unwrap_or_default(),
        created: zoned(row.created_at),
        updated: zoned(row.updated_at),
        submitted: row.submitted_at.map(zoned),
        editable: is_lead && open && live,
        withdrawable: is_lead && live,
        attachments: super::attachments::of_entry(db, row.id, &c.time_zone).await?,
        eligibility: super::eligibility::view(db, &c, &row).await?,
        decidable: policy::allows(
            actor,
            &Permission::DecideEntry {
                contest: row.contest_id,
                category: row.category_id,
            },
        ),
        history: policy::allows(actor, &Permission::ReadContestAudit(c.id))
            .then(|| format!("/contests/{}/audit?object={}", c.code, row.id)),
        round: if row.round > 0 {
            round::Entity::find()
                .filter(round::Column::ContestId.eq(c.id))
                .filter(round::Column::Position.eq(row.round))
                .one(db)
                .await?
                .map(|r| (r.position, r.name_vi, r.name_en))
        } else {
            None
        },
        categories: known,
        contest: super::contests::summary(c),
    })
}

/// Saves what the lead typed over version `version` of the entry, and submits it when
/// `submit` is set and nothing submitting needs is missing (otherwise it stays a draft and
/// the answer names what is missing). A submitted entry stays submitted and must stay
/// complete. Refused after the deadline, and when someone saved since `version`: then the
/// answer names each field that differs and what it now holds.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    version: i32,
    input: EntryFields,
    submit: bool,
) -> ServiceResult<Saved> {
    let txn = begin_write(db).await?;
    let row = writable(&txn, actor, code).await?;
    let c = contest::Entity::find_by_id(row.contest_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let now = Utc::now();
    require_open(&c, now)?;
    let known = categories(&txn, c.id).await?;
    let form = super::contests::form_of(&c);
    let checked = check(&input, &known, &form)?;
    let stored = fields_of(&row, &known, &members_of(&txn, row.id).await?);
    if row.version != version {
        return Err(stale(&stored, &input, &form));
    }
    // Submitting waits for submissions to open (registration may open earlier, for drafts).
    if submit
        && row.status == EntryStatus::Draft
        && let Some(opens) = c.submissions_open_at.filter(|opens| now < *opens)
    {
        return Err(ServiceError::refused(Msg::SubmissionsNotYet {
            opens: Zoned::new(opens, &c.time_zone),
            time_zone: c.time_zone.clone(),
        }));
    }
    let typed = EntryFields {
        title: checked.title.clone(),
        category: input.category.trim().to_ascii_uppercase(),
        summary: checked.summary.clone(),
        problem: checked.problem.clone(),
        solution: checked.solution.clone(),
        market: checked.market.clone(),
        business_model: checked.business_model.clone(),
        stage: checked
            .stage
            .map(|s| s.code().to_owned())
            .unwrap_or_default(),
        birth_date: checked.birth_date.clone(),
        province: checked.province.clone(),
        founded: checked.founded.clone(),
        members: checked.members.clone(),
        answers: checked.answers.clone(),
        picks: Default::default(),
    };
    let files = super::attachments::answered_fields(&txn, &form, row.id).await?;
    let missing = typed.missing_with(!known.is_empty(), &form, &files);
    let was_submitted = row.status == EntryStatus::Submitted;
    if was_submitted && !missing.is_empty() {
        // A submitted entry stays complete: emptying a field it needs is refused.
        return Err(ServiceError::Invalid(
            missing
                .iter()
                .map(|f| Problem::at(f.as_str(), Msg::Required))
                .collect(),
        ));
    }
    let submitting = submit && !was_submitted && missing.is_empty();
    let mut changed: Vec<&str> = stored
        .named()
        .iter()
        .zip(typed.named())
        .filter(|((_, a), (_, b))| a != b)
        .map(|((name, _), _)| *name)
        .collect();
    if stored.members != typed.members {
        changed.push("members");
    }
    let answered: Vec<String> = changed_answers(&stored.answers, &typed.answers);
    changed.extend(answered.iter().map(String::as_str));
    if changed.is_empty() && !submitting {
        let eligibility = super::eligibility::view(&txn, &c, &row).await?;
        let missing = if submit { missing } else { vec![] };
        return Ok(saved_answer(&row, &c, missing, eligibility));
    }
    let lead_name = user::Entity::find_by_id(row.lead_id)
        .one(&txn)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    let id = row.id;
    let mut update: entry::ActiveModel = row.clone().into();
    update.title_key = Set(fold(&checked.title));
    update.search = Set(search_text(&row.code, &checked.title, &lead_name));
    update.title = Set(checked.title);
    update.category_id = Set(checked.category);
    update.summary = Set(checked.summary);
    update.problem = Set(checked.problem);
    update.solution = Set(checked.solution);
    update.market = Set(checked.market);
    update.business_model = Set(checked.business_model);
    update.stage = Set(checked.stage);
    update.birth_date = Set(checked.birth_date);
    update.province = Set(checked.province);
    update.founded = Set(checked.founded);
    update.answers = Set(answers_text(&checked.answers));
    update.version = Set(row.version + 1);
    update.updated_at = Set(now);
    if submitting {
        update.status = Set(EntryStatus::Submitted);
        update.submitted_at = Set(Some(now));
        // A submitted entry is in the first round (advancement moves it on).
        update.round = Set(1);
    }
    let saved = update.update(&txn).await?;
    let mut again = vec![id];
    if stored.members != typed.members {
        replace_members(&txn, id, &typed.members).await?;
        // Who joined or left this team counts one entry more or less: their other entries
        // are checked again too.
        if super::eligibility::counts_people(&c) {
            let emails: Vec<String> = stored
                .members
                .iter()
                .chain(&typed.members)
                .map(|m| m.email.clone())
                .collect();
            again.extend(super::eligibility::sharing(&txn, c.id, &emails).await?);
        }
    }
    let mut checked = super::eligibility::refresh(&txn, &c, &again).await?;
    let kind = if submitting {
        Some("entry.submitted")
    } else if was_submitted {
        Some("entry.updated")
    } else {
        None
    };
    if let Some(kind) = kind {
        audit::append(
            &txn,
            actor,
            Record::new(kind, "entry", id)
                .in_contest(c.id)
                .changes(Changes::new().set("fields", changed.join(", "))),
        )
        .await?;
    }
    let missing = if submit && !submitting && !was_submitted {
        missing
    } else {
        vec![]
    };
    // The checks `refresh` just made for this entry, not made a second time.
    let checks = checked.remove(&id).unwrap_or_default();
    let eligibility = super::eligibility::view_of(&c, &saved, checks);
    txn.commit().await?;
    Ok(saved_answer(&saved, &c, missing, eligibility))
}

/// What a save answers, with the eligibility checks as they now stand.
fn saved_answer(
    row: &entry::Model,
    c: &contest::Model,
    missing: Vec<String>,
    eligibility: crate::model::EligibilityView,
) -> Saved {
    Saved {
        version: row.version,
        at: Zoned::new(row.updated_at, &c.time_zone),
        status: row.status,
        missing,
        eligibility,
    }
}

/// The refusal of a save made over an older version: one problem for the whole, then one
/// per field whose stored value differs from the typed one, with the stored value
/// (shortened).
fn stale(stored: &EntryFields, typed: &EntryFields, form: &[FormField]) -> ServiceError {
    const SHOWN: usize = 300;
    let mut problems = vec![Problem {
        path: None,
        msg: Msg::ChangedElsewhere,
    }];
    let (stored_team, typed_team) = (team_text(&stored.members), team_text(&typed.members));
    let team = [("members", stored_team.as_str(), typed_team.as_str())];
    let typed_answers = typed.with_picks();
    let paths: Vec<String> = form.iter().map(|f| format!("answers.{}", f.key)).collect();
    let answers = form.iter().zip(&paths).map(|(f, path)| {
        (
            path.as_str(),
            stored.answers.get(&f.key).map_or("", String::as_str),
            typed_answers.get(&f.key).map_or("", String::as_str),
        )
    });
    let fields = stored
        .named()
        .into_iter()
        .zip(typed.named())
        .map(|((field, saved), (_, mine))| (field, saved, mine));
    for (field, saved, mine) in fields.chain(team).chain(answers) {
        if saved.trim() != mine.trim() {
            let mut value: String = saved.chars().take(SHOWN).collect();
            if saved.chars().count() > SHOWN {
                value.push('…');
            }
            problems.push(Problem::at(field, Msg::SavedElsewhere { value }));
        }
    }
    ServiceError::Conflict(problems)
}

/// The questions whose answers differ, as `answers.KEY`.
fn changed_answers(stored: &Answers, typed: &Answers) -> Vec<String> {
    let keys: std::collections::BTreeSet<&String> = stored.keys().chain(typed.keys()).collect();
    keys.into_iter()
        .filter(|k| stored.get(*k) != typed.get(*k))
        .map(|k| format!("answers.{k}"))
        .collect()
}

/// Answers as stored: a JSON object by key.
pub(crate) fn answers_text(answers: &Answers) -> String {
    serde_json::to_string(answers).unwrap_or_else(|_| "{}".to_owned())
}

/// Withdraws an entry (its lead, at any time): it is kept, read-only, out of the contest.
pub async fn withdraw(db: &DatabaseConnection, actor: &Actor, code: &str) -> ServiceResult<()> {
    let txn = begin_write(db).await?;
    let row = writable(&txn, actor, code).await?;
    let (id, contest_id, before) = (row.id, row.contest_id, row.status);
    let mut update: entry::ActiveModel = row.clone().into();
    update.status = Set(EntryStatus::Withdrawn);
    update.round = Set(0);
    update.version = Set(row.version + 1);
    update.updated_at = Set(Utc::now());
    update.update(&txn).await?;
    // Its people count one live entry less: their other entries are checked again.
    let c = contest::Entity::find_by_id(contest_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if super::eligibility::counts_people(&c) {
        let lead = user::Entity::find_by_id(row.lead_id).one(&txn).await?;
        let emails: Vec<String> = members_of(&txn, id)
            .await?
            .into_iter()
            .map(|m| m.email)
            .chain(lead.map(|u| u.email))
            .collect();
        let again = super::eligibility::sharing(&txn, contest_id, &emails).await?;
        super::eligibility::refresh(&txn, &c, &again).await?;
    }
    audit::append(
        &txn,
        actor,
        Record::new("entry.withdrawn", "entry", id)
            .in_contest(contest_id)
            .changes(Changes::new().field(
                "status",
                Some(before.code()),
                Some(EntryStatus::Withdrawn.code()),
            )),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The entries the signed-in person leads, newest first (a few per contest).
pub async fn mine(db: &DatabaseConnection, actor: &Actor) -> ServiceResult<Vec<EntryRow>> {
    let person = policy::require_person(actor)?;
    let rows = entry::Entity::find()
        .filter(
            Condition::any()
                .add(entry::Column::LeadId.eq(person.id))
                .add(
                    entry::Column::Id.in_subquery(
                        sea_orm::sea_query::Query::select()
                            .column(entry_member::Column::EntryId)
                            .from(entry_member::Entity)
                            .and_where(entry_member::Column::Email.eq(person.email.as_str()))
                            .to_owned(),
                    ),
                ),
        )
        .order_by_desc(entry::Column::CreatedAt)
        .limit(200)
        .all(db)
        .await?;
    let mut rows = rows;
    founder_round(db, actor, &mut rows).await?;
    rows_view(db, rows).await
}

/// Each entry's round as `actor` may be told it: its committee sees the round it is in; a
/// founder only as far as the rounds it came through are published (reaching a round is a
/// result).
async fn founder_round(
    db: &impl ConnectionTrait,
    actor: &Actor,
    rows: &mut [entry::Model],
) -> ServiceResult<()> {
    let mut published: HashMap<Uuid, Option<Vec<i32>>> = HashMap::new();
    for row in rows.iter_mut().filter(|r| r.round > 1) {
        let positions = match published.get(&row.contest_id) {
            Some(p) => p.clone(),
            None => {
                let p = if super::publication::reads_unpublished(actor, row.contest_id) {
                    None
                } else {
                    Some(super::publication::published_positions(db, row.contest_id).await?)
                };
                published.insert(row.contest_id, p.clone());
                p
            }
        };
        if let Some(positions) = positions {
            row.round = super::publication::visible_round(row.round, &positions);
        }
    }
    Ok(())
}

/// A page of a contest's entries for its committee (a sub-committee sees its categories),
/// filtered, searched and ordered; with the number of entries that match.
pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    contest_code: &str,
    filter: &EntryFilter,
    page: PageRequest,
) -> ServiceResult<(Vec<EntryRow>, u64)> {
    let c = find_by_code(db, contest_code).await?;
    let scope = policy::entry_scope(actor, c.id)?;
    let known = categories(db, c.id).await?;
    let query = filtered(c.id, &scope, filter, &known);
    let total = query.clone().count(db).await?;
    let ordered = match EntrySort::from_code(filter.sort.as_deref().unwrap_or("")) {
        EntrySort::Code => query.order_by_asc(entry::Column::Number),
        EntrySort::Title => query
            .order_by_asc(entry::Column::TitleKey)
            .order_by_asc(entry::Column::Number),
        EntrySort::Updated => query
            .order_by_desc(entry::Column::UpdatedAt)
            .order_by_asc(entry::Column::Number),
    };
    let rows = ordered
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    Ok((rows_view(db, rows).await?, total))
}

/// One entry as the CSV export writes it.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub code: String,
    pub title: String,
    pub category: String,
    pub status: EntryStatus,
    pub eligibility: Eligibility,
    /// The committee's reason when it decided.
    pub decision_reason: String,
    pub lead_name: String,
    pub lead_email: String,
    pub stage: Option<Stage>,
    pub submitted: Option<Zoned>,
    pub updated: Zoned,
    pub summary: String,
    pub problem: String,
    pub solution: String,
    pub market: String,
    pub business_model: String,
    /// The team besides the lead, on one line.
    pub team: String,
    /// The round it is in (0: none).
    pub round: i32,
    /// The answers to the contest's own questions.
    pub answers: Answers,
}

/// The columns of an entry the export writes (half of the row: no search keys, eligibility
/// facts or versions), in the order `batch_json` lists them.
#[derive(Debug, serde::Deserialize)]
struct ExportEntry {
    id: Uuid,
    number: i32,
    code: String,
    lead_id: Uuid,
    category_id: Option<Uuid>,
    status: String,
    eligibility: String,
    decision_reason: Option<String>,
    title: String,
    stage: Option<String>,
    submitted_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
    summary: String,
    problem: String,
    solution: String,
    market: String,
    business_model: String,
    round: i32,
    answers: String,
}

/// The rows `batch` selects, as one JSON array made by the database: one value handed over
/// per batch instead of one row at a time (which cost a third of an export's time, see
/// docs/benchmarks.md). SQLite stores ids as blobs, written here as hex.
fn batch_json(backend: sea_orm::DbBackend, batch: Select<entry::Entity>) -> sea_orm::Statement {
    use sea_orm::{DbBackend, QueryTrait};
    let inner = batch.build(backend);
    let id = |column: &str| match backend {
        DbBackend::Sqlite => {
            format!("CASE WHEN t.{column} IS NULL THEN NULL ELSE hex(t.{column}) END")
        }
        _ => format!("t.{column}"),
    };
    let columns = [
        id("id"),
        "t.number".to_owned(),
        "t.code".to_owned(),
        id("lead_id"),
        id("category_id"),
        "t.status".to_owned(),
        "t.eligibility".to_owned(),
        "t.decision_reason".to_owned(),
        "t.title".to_owned(),
        "t.stage".to_owned(),
        "t.submitted_at".to_owned(),
        "t.updated_at".to_owned(),
        "t.summary".to_owned(),
        "t.problem".to_owned(),
        "t.solution".to_owned(),
        "t.market".to_owned(),
        "t.business_model".to_owned(),
        "t.round".to_owned(),
        "t.answers".to_owned(),
    ]
    .join(", ");
    let sql = match backend {
        DbBackend::Sqlite => format!(
            "SELECT json_group_array(json_array({columns})) FROM ({}) AS t",
            inner.sql
        ),
        _ => format!(
            "SELECT json_agg(json_build_array({columns}) ORDER BY t.number)::text FROM ({}) AS t",
            inner.sql
        ),
    };
    sea_orm::Statement::from_sql_and_values(
        backend,
        sql,
        inner.values.map(|v| v.0).unwrap_or_default(),
    )
}

/// A contest's entries read in batches, in code order, for a download: the permission is
/// checked once, when it starts.
pub struct Export {
    contest_id: Uuid,
    contest_code: String,
    time_zone: chrono_tz::Tz,
    scope: EntryScope,
    filter: EntryFilter,
    known: Vec<Category>,
    /// The contest's own questions, each a column after the core ones.
    form: Vec<FormField>,
    /// The number of the last entry read.
    after: i32,
}

/// Starts reading the entries of `contest_code` that `actor` may list, filtered.
pub async fn export(
    db: &DatabaseConnection,
    actor: &Actor,
    contest_code: &str,
    filter: &EntryFilter,
) -> ServiceResult<Export> {
    let c = find_by_code(db, contest_code).await?;
    let scope = policy::entry_scope(actor, c.id)?;
    let known = categories(db, c.id).await?;
    Ok(Export {
        form: super::contests::form_of(&c),
        contest_id: c.id,
        contest_code: c.code,
        time_zone: c.time_zone.parse().unwrap_or(chrono_tz::Asia::Ho_Chi_Minh),
        scope,
        filter: filter.clone(),
        known,
        after: 0,
    })
}

impl Export {
    pub fn contest_code(&self) -> &str {
        &self.contest_code
    }

    /// The contest's own questions, in the order of their columns.
    pub fn form(&self) -> &[FormField] {
        &self.form
    }

    /// The next `size` entries (none at the end): three queries, whatever the batch holds.
    pub async fn next_batch(
        &mut self,
        db: &impl ConnectionTrait,
        size: u64,
    ) -> ServiceResult<Vec<ExportRow>> {
        let batch = filtered(self.contest_id, &self.scope, &self.filter, &self.known)
            .filter(entry::Column::Number.gt(self.after))
            .order_by_asc(entry::Column::Number)
            .limit(size);
        let json: Option<String> = match db
            .query_one_raw(batch_json(db.get_database_backend(), batch))
            .await?
        {
            Some(row) => row.try_get_by_index(0)?,
            None => None,
        };
        let rows: Vec<ExportEntry> = match json {
            Some(text) => serde_json::from_str(&text)
                .map_err(|e| ServiceError::Internal(format!("export batch: {e}")))?,
            None => Vec::new(),
        };
        let Some(last) = rows.last() else {
            return Ok(Vec::new());
        };
        self.after = last.number;
        let mut lead_ids: Vec<Uuid> = rows.iter().map(|r| r.lead_id).collect();
        lead_ids.sort();
        lead_ids.dedup();
        let leads: HashMap<Uuid, user::Model> = user::Entity::find()
            .filter(user::Column::Id.is_in(lead_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        let mut teams: HashMap<Uuid, Vec<MemberFields>> = HashMap::new();
        for m in entry_member::Entity::find()
            .filter(entry_member::Column::EntryId.is_in(rows.iter().map(|r| r.id)))
            .order_by_asc(entry_member::Column::Position)
            .all(db)
            .await?
        {
            teams.entry(m.entry_id).or_default().push(MemberFields {
                name: m.name,
                email: m.email,
                organisation: m.organisation,
                role: m.role,
            });
        }
        let zoned = |t| Zoned::in_zone(t, self.time_zone);
        Ok(rows
            .into_iter()
            .map(|r| {
                let lead = leads.get(&r.lead_id);
                ExportRow {
                    team: teams.get(&r.id).map(|t| team_text(t)).unwrap_or_default(),
                    category: r
                        .category_id
                        .and_then(|id| self.known.iter().find(|k| k.id == id))
                        .map(|k| k.code.clone())
                        .unwrap_or_default(),
                    lead_name: lead.map(|u| u.name.clone()).unwrap_or_default(),
                    lead_email: lead.map(|u| u.email.clone()).unwrap_or_default(),
                    submitted: r.submitted_at.map(zoned),
                    updated: zoned(r.updated_at),
                    eligibility: Eligibility::from_code(&r.eligibility)
                        .unwrap_or(Eligibility::Unknown),
                    decision_reason: r.decision_reason.unwrap_or_default(),
                    round: r.round,
                    answers: if self.form.is_empty() {
                        Answers::new()
                    } else {
                        serde_json::from_str(&r.answers).unwrap_or_default()
                    },
                    code: r.code,
                    title: r.title,
                    status: EntryStatus::from_code(&r.status).unwrap_or(EntryStatus::Draft),
                    stage: r.stage.as_deref().and_then(Stage::from_code),
                    summary: r.summary,
                    problem: r.problem,
                    solution: r.solution,
                    market: r.market,
                    business_model: r.business_model,
                }
            })
            .collect())
    }
}

/// The committee's query: its scope, then each filter given. An unknown status or category
/// matches nothing rather than everything.
fn filtered(
    contest_id: Uuid,
    scope: &EntryScope,
    filter: &EntryFilter,
    known: &[Category],
) -> Select<entry::Entity> {
    let mut query = entry::Entity::find().filter(entry::Column::ContestId.eq(contest_id));
    if let EntryScope::Categories(ids) = scope {
        query = query.filter(entry::Column::CategoryId.is_in(ids.clone()));
    }
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    if let Some(status) = given(&filter.status) {
        query = match EntryStatus::from_code(&status) {
            Some(s) => query.filter(entry::Column::Status.eq(s)),
            None => query.filter(Expr::val(1).eq(0)),
        };
    }
    if let Some(e) = given(&filter.eligibility) {
        query = match Eligibility::from_code(&e) {
            Some(e) => query.filter(entry::Column::Eligibility.eq(e.code())),
            None => query.filter(Expr::val(1).eq(0)),
        };
    }
    if let Some(round) = given(&filter.round) {
        query = match round.as_str() {
            "none" => query.filter(entry::Column::Round.eq(0)),
            n => match n.parse::<i32>() {
                Ok(n) if n > 0 => query.filter(entry::Column::Round.eq(n)),
                _ => query.filter(Expr::val(1).eq(0)),
            },
        };
    }
    if let Some(code) = given(&filter.category) {
        let code = code.to_ascii_uppercase();
        query = match known.iter().find(|k| k.code == code) {
            Some(k) => query.filter(entry::Column::CategoryId.eq(k.id)),
            None => query.filter(Expr::val(1).eq(0)),
        };
    }
    if let Some(q) = given(&filter.q) {
        let q: String = q.chars().take(SEARCH_MAX).collect();
        let mut all = Condition::all();
        for term in search_terms(&q) {
            all = all.add(entry::Column::Search.like(format!("%{term}%")));
        }
        query = query.filter(all);
    }
    query
}

/// Rows with their lead's name and contest: two more queries whatever their number.
async fn rows_view(
    db: &impl ConnectionTrait,
    rows: Vec<entry::Model>,
) -> ServiceResult<Vec<EntryRow>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut lead_ids: Vec<Uuid> = rows.iter().map(|r| r.lead_id).collect();
    lead_ids.sort();
    lead_ids.dedup();
    let mut contest_ids: Vec<Uuid> = rows.iter().map(|r| r.contest_id).collect();
    contest_ids.sort();
    contest_ids.dedup();
    let names: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(lead_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let contests: HashMap<Uuid, contest::Model> = contest::Entity::find()
        .filter(contest::Column::Id.is_in(contest_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let category_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.category_id).collect();
    let category_codes = super::contests::categories_by_id(db, category_ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let c = contests.get(&r.contest_id)?;
            Some(EntryRow {
                eligibility: Eligibility::from_code(&r.eligibility).unwrap_or(Eligibility::Unknown),
                code: r.code,
                contest_code: c.code.clone(),
                contest_name_vi: c.name_vi.clone(),
                contest_name_en: c.name_en.clone(),
                title: r.title,
                category: r
                    .category_id
                    .and_then(|id| category_codes.get(&id))
                    .map(|k| k.code.clone()),
                status: r.status,
                lead_name: names.get(&r.lead_id).cloned().unwrap_or_default(),
                updated: Zoned::new(r.updated_at, &c.time_zone),
                round: r.round,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_codes_carry_the_contest_code_and_four_digits() {
        assert_eq!(entry_code("LS25", 42), "LS25-0042");
        assert_eq!(entry_code("HCM-2026", 12345), "HCM-2026-12345");
    }

    #[test]
    fn submitting_needs_every_core_field_and_a_category_when_there_are_some() {
        let mut fields = EntryFields {
            title: "Máy sấy nông sản".into(),
            ..EntryFields::default()
        };
        assert_eq!(
            fields.missing(true),
            vec![
                "category",
                "summary",
                "problem",
                "solution",
                "market",
                "business_model",
                "stage"
            ]
        );
        assert!(!fields.missing(false).contains(&"category"));
        for f in [
            &mut fields.summary,
            &mut fields.problem,
            &mut fields.solution,
            &mut fields.market,
            &mut fields.business_model,
        ] {
            *f = "…".into();
        }
        fields.stage = "idea".into();
        assert!(fields.missing(false).is_empty());
    }

    #[test]
    fn a_stale_save_names_each_field_that_differs_with_what_it_now_holds() {
        let stored = EntryFields {
            title: "Bản của thẻ kia".into(),
            summary: "giống nhau".into(),
            ..EntryFields::default()
        };
        let typed = EntryFields {
            title: "Bản của tôi".into(),
            summary: "giống nhau".into(),
            ..EntryFields::default()
        };
        let ServiceError::Conflict(problems) = stale(&stored, &typed, &[]) else {
            panic!("not a conflict")
        };
        assert_eq!(problems[0].msg, Msg::ChangedElsewhere);
        assert_eq!(
            problems[1..],
            [Problem::at(
                "title",
                Msg::SavedElsewhere {
                    value: "Bản của thẻ kia".into()
                }
            )]
        );
    }
}
