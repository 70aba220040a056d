//! Contests and their categories: an administrator creates a contest, its committee sets up
//! its categories; the public lists and reads them.

use super::audit::{self, Changes, Record};
use super::{PageRequest, clean_line, clean_text, taken};
use crate::format::Zoned;
use crate::model::limits::{
    ATTACHMENT_MB_DEFAULT, ATTACHMENT_MB_MAX, ATTACHMENTS_MAX, CODE_MAX, CODE_MIN, DESCRIPTION_MAX,
    TITLE_MAX,
};
use crate::model::{
    AttachmentKind, AttachmentRules, Category, ContestSettings, ContestSummary, FormField, MyRole,
    NewCategory, NewContest, Role, Window,
};
use crate::ssr::actor::{Actor, Membership, RoleIn};
use crate::ssr::db::begin_write;
use crate::ssr::entities::{category, contest, user};
use crate::ssr::messages::{AllValid, Msg, Problem, ServiceError, ServiceResult};
use crate::ssr::policy::{self, Permission};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;
use uuid::Uuid;

/// A code (of a contest or a category) is `CODE_MIN` to `CODE_MAX` ASCII letters, digits or
/// dashes, starting with a letter or digit; it is stored upper-case so links are
/// case-insensitive.
pub fn normalize_code(raw: &str) -> Option<String> {
    let code = raw.trim().to_ascii_uppercase();
    let valid = (CODE_MIN..=CODE_MAX).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_alphanumeric())
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    valid.then_some(code)
}

fn check_code(field: &str, raw: &str, msg: Msg) -> Result<String, Problem> {
    normalize_code(raw).ok_or_else(|| Problem::at(field, msg))
}

/// A name of at most `TITLE_MAX` characters, not empty.
fn check_title(field: &str, raw: &str, msg: Msg) -> Result<String, Problem> {
    let name = clean_line(raw).ok_or_else(|| Problem::at(field, Msg::ControlCharacters))?;
    if name.is_empty() || name.chars().count() > TITLE_MAX {
        return Err(Problem::at(field, msg));
    }
    Ok(name)
}

fn check_description(field: &str, raw: &str) -> Result<String, Problem> {
    let text = clean_text(raw).ok_or_else(|| Problem::at(field, Msg::ControlCharacters))?;
    if text.chars().count() > DESCRIPTION_MAX {
        return Err(Problem::at(field, Msg::Description));
    }
    Ok(text)
}

/// A `datetime-local` value (`YYYY-MM-DDTHH:MM`, seconds optional) read as a time in the
/// time zone `tz`; empty is `None`. A local time that does not exist there (skipped by a
/// daylight-saving change) is refused; one that happens twice is read as the earlier.
pub fn parse_local(field: &str, raw: &str, tz: &str) -> Result<Option<DateTime<Utc>>, Problem> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let tz: chrono_tz::Tz = tz
        .parse()
        .map_err(|_| Problem::at("time_zone", Msg::TimeZone))?;
    [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
    .and_then(|naive| tz.from_local_datetime(&naive).earliest())
    .map(|t| Some(t.with_timezone(&Utc)))
    .ok_or_else(|| Problem::at(field, Msg::DateTime))
}

/// A contest's timeline as checked: when registration opens (drafts before submissions
/// open), when submissions open and close, when results are to be published.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Timeline {
    pub registration: Option<DateTime<Utc>>,
    pub opens: Option<DateTime<Utc>>,
    pub closes: Option<DateTime<Utc>>,
    pub results: Option<DateTime<Utc>>,
}

/// The timeline typed for a contest in `tz`: submissions open and close both or neither,
/// closing after opening; registration, when set, opens before submissions do; results come
/// after the deadline.
pub(crate) fn check_window(input: &ContestSettings, tz: &str) -> Result<Timeline, Problem> {
    let opens = parse_local("submissions_open", &input.submissions_open, tz)?;
    let closes = parse_local("submissions_close", &input.submissions_close, tz)?;
    let registration = parse_local("registration_open", &input.registration_open, tz)?;
    let results = parse_local("results", &input.results, tz)?;
    let (opens, closes) = match (opens, closes) {
        (None, None) => (None, None),
        (Some(o), Some(c)) if o < c => (Some(o), Some(c)),
        _ => return Err(Problem::at("submissions_close", Msg::WindowOrder)),
    };
    if let Some(r) = registration
        && opens.is_none_or(|o| r >= o)
    {
        return Err(Problem::at("registration_open", Msg::RegistrationOrder));
    }
    if let (Some(p), Some(c)) = (results, closes)
        && p <= c
    {
        return Err(Problem::at("results", Msg::ResultsOrder));
    }
    Ok(Timeline {
        registration,
        opens,
        closes,
        results,
    })
}

/// From when founders may start and save drafts: registration, else submissions' opening.
pub(crate) fn drafts_from(c: &contest::Model) -> Option<DateTime<Utc>> {
    c.registration_opens_at.or(c.submissions_open_at)
}

/// Where `c` stands for drafting (starting, saving, uploading) at `now`.
pub(crate) fn drafting(c: &contest::Model, now: DateTime<Utc>) -> Window {
    Window::at(drafts_from(c), c.submissions_close_at, now)
}

/// What a contest accepts as attachments, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AttachmentSetup {
    pub kinds: Vec<AttachmentKind>,
    pub max_mb: i32,
}

impl Default for AttachmentSetup {
    /// A new contest takes PDF files up to 20 MB.
    fn default() -> Self {
        AttachmentSetup {
            kinds: vec![AttachmentKind::Pdf],
            max_mb: ATTACHMENT_MB_DEFAULT,
        }
    }
}

/// The kinds of file entries may carry, as a committee lists them.
pub(crate) fn check_attachment_types(raw: &str) -> Result<Vec<AttachmentKind>, Problem> {
    AttachmentKind::parse_list(raw)
        .map_err(|unknown| Problem::at("attachment_types", Msg::AttachmentTypes { unknown }))
}

/// The largest attachment: a whole number of megabytes from 1 to `ATTACHMENT_MB_MAX`.
pub(crate) fn check_attachment_max(raw: &str) -> Result<i32, Problem> {
    raw.trim()
        .parse::<i32>()
        .ok()
        .filter(|mb| (1..=ATTACHMENT_MB_MAX).contains(mb))
        .ok_or_else(|| {
            Problem::at(
                "attachment_max_mb",
                Msg::AttachmentMaxMb {
                    max: ATTACHMENT_MB_MAX,
                },
            )
        })
}

/// `check` of a value given; `None` for a blank one.
fn unless_blank<T>(
    raw: &str,
    check: impl Fn(&str) -> Result<T, Problem>,
) -> Result<Option<T>, Problem> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        check(raw).map(Some)
    }
}

/// Both attachment settings of a form or a file.
pub(crate) fn check_attachments(input: &ContestSettings) -> ServiceResult<AttachmentSetup> {
    let (kinds, max_mb) = (
        check_attachment_types(&input.attachment_types),
        check_attachment_max(&input.attachment_max_mb),
    )
        .all()?;
    Ok(AttachmentSetup { kinds, max_mb })
}

/// A contest's attachment rules as stored (a stored list is one the checks above let in).
pub(crate) fn attachment_rules(c: &contest::Model) -> AttachmentRules {
    AttachmentRules {
        kinds: AttachmentKind::parse_list(&c.attachment_types)
            .unwrap_or_else(|_| AttachmentSetup::default().kinds),
        max_mb: c.attachment_max_mb,
        max_count: ATTACHMENTS_MAX,
    }
}

fn instant(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(|t| t.to_rfc3339())
}

pub fn check_time_zone(raw: &str) -> Result<String, Problem> {
    let tz = raw.trim();
    tz.parse::<chrono_tz::Tz>()
        .map(|_| tz.to_owned())
        .map_err(|_| Problem::at("time_zone", Msg::TimeZone))
}

/// A new contest's fields, checked.
pub(crate) struct CheckedContest {
    code: String,
    name_vi: String,
    name_en: String,
    description_vi: String,
    description_en: String,
    time_zone: String,
}

/// Checks a new contest's fields: every problem at once.
pub(crate) fn check_new(input: &NewContest) -> ServiceResult<CheckedContest> {
    let (code, name_vi, name_en, description_vi, description_en, time_zone) = (
        check_code("code", &input.code, Msg::ContestCode),
        check_title("name_vi", &input.name_vi, Msg::ContestName),
        check_title("name_en", &input.name_en, Msg::ContestName),
        check_description("description_vi", &input.description_vi),
        check_description("description_en", &input.description_en),
        check_time_zone(&input.time_zone),
    )
        .all()?;
    Ok(CheckedContest {
        code,
        name_vi,
        name_en,
        description_vi,
        description_en,
        time_zone,
    })
}

/// Writes a checked contest in `txn`, with its audit record.
pub(crate) async fn insert(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    c: CheckedContest,
    timeline: Timeline,
    attachments: AttachmentSetup,
    form: &[FormField],
) -> ServiceResult<contest::Model> {
    // The command line acts as the system: the contest is then the first administrator's.
    let created_by = match actor.id() {
        Some(id) => id,
        None => user::Entity::find()
            .filter(user::Column::IsAdmin.eq(true))
            .order_by_asc(user::Column::CreatedAt)
            .one(txn)
            .await?
            .map(|u| u.id)
            .ok_or_else(|| ServiceError::refused(Msg::NoAdministrator))?,
    };
    let row = contest::ActiveModel {
        id: Set(Uuid::now_v7()),
        code: Set(c.code),
        name_vi: Set(c.name_vi),
        name_en: Set(c.name_en),
        description_vi: Set(c.description_vi),
        description_en: Set(c.description_en),
        time_zone: Set(c.time_zone),
        created_by: Set(created_by),
        created_at: Set(Utc::now()),
        submissions_open_at: Set(timeline.opens),
        submissions_close_at: Set(timeline.closes),
        registration_opens_at: Set(timeline.registration),
        results_at: Set(timeline.results),
        entry_form: Set(form_text(form)),
        entry_seq: Set(0),
        rules_unlocked_at: Set(None),
        attachment_types: Set(AttachmentKind::list_text(&attachments.kinds)),
        attachment_max_mb: Set(attachments.max_mb),
        eligibility: Set("{}".to_owned()),
    };
    let saved = row
        .insert(txn)
        .await
        .map_err(taken("code", Msg::ContestCodeTaken))?;
    let changes = Changes::new()
        .set("code", &saved.code)
        .set("name_vi", &saved.name_vi)
        .set("name_en", &saved.name_en)
        .set("time_zone", &saved.time_zone);
    audit::append(
        txn,
        actor,
        Record::new("contest.created", "contest", saved.id)
            .in_contest(saved.id)
            .changes(changes),
    )
    .await?;
    Ok(saved)
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: NewContest,
) -> ServiceResult<ContestSummary> {
    policy::require(actor, Permission::Administer)?;
    let checked = check_new(&input)?;
    let txn = begin_write(db).await?;
    let saved = insert(
        &txn,
        actor,
        checked,
        Timeline::default(),
        AttachmentSetup::default(),
        &[],
    )
    .await?;
    txn.commit().await?;
    Ok(summary(saved))
}

/// Changes a contest's names, descriptions, time zone and submission window (its committee or
/// an administrator); the audit record keeps each changed field before and after.
pub async fn update_settings(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    input: ContestSettings,
) -> ServiceResult<ContestSummary> {
    let id = find_by_code(db, code).await?.id;
    policy::require(actor, Permission::ManageContest(id))?;
    let zone = input.time_zone.trim().to_owned();
    let (name_vi, name_en, description_vi, description_en, time_zone, timeline, kinds, max_mb) = (
        check_title("name_vi", &input.name_vi, Msg::ContestName),
        check_title("name_en", &input.name_en, Msg::ContestName),
        check_description("description_vi", &input.description_vi),
        check_description("description_en", &input.description_en),
        check_time_zone(&input.time_zone),
        check_window(&input, &zone),
        unless_blank(&input.attachment_types, check_attachment_types),
        unless_blank(&input.attachment_max_mb, check_attachment_max),
    )
        .all()?;
    let txn = begin_write(db).await?;
    // "Before" is read in the writing transaction, the row locked (SQLite has one writer):
    // of two saves at once, the second records what the first wrote.
    let current = contest::Entity::find_by_id(id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    // Attachment settings left blank stay as they are.
    let attachment_types = kinds.map_or_else(
        || current.attachment_types.clone(),
        |k| AttachmentKind::list_text(&k),
    );
    let max_mb = max_mb.unwrap_or(current.attachment_max_mb);
    let changes = Changes::new()
        .field("name_vi", Some(&current.name_vi), Some(&name_vi))
        .field("name_en", Some(&current.name_en), Some(&name_en))
        .field(
            "description_vi",
            Some(&current.description_vi),
            Some(&description_vi),
        )
        .field(
            "description_en",
            Some(&current.description_en),
            Some(&description_en),
        )
        .field("time_zone", Some(&current.time_zone), Some(&time_zone))
        .field(
            "submissions_open",
            instant(current.submissions_open_at).as_ref(),
            instant(timeline.opens).as_ref(),
        )
        .field(
            "submissions_close",
            instant(current.submissions_close_at).as_ref(),
            instant(timeline.closes).as_ref(),
        )
        .field(
            "registration_open",
            instant(current.registration_opens_at).as_ref(),
            instant(timeline.registration).as_ref(),
        )
        .field(
            "results",
            instant(current.results_at).as_ref(),
            instant(timeline.results).as_ref(),
        )
        .field(
            "attachment_types",
            Some(&current.attachment_types),
            Some(&attachment_types),
        )
        .field(
            "attachment_max_mb",
            Some(&current.attachment_max_mb),
            Some(&max_mb),
        );
    if changes.is_empty() {
        return Ok(summary(current));
    }
    // The descriptions are the contest's rules: locked from the opening of submissions.
    if current.description_vi != description_vi || current.description_en != description_en {
        super::rules::require_unlocked(&current, Utc::now())?;
    }
    let mut row: contest::ActiveModel = current.into();
    row.name_vi = Set(name_vi);
    row.name_en = Set(name_en);
    row.description_vi = Set(description_vi);
    row.description_en = Set(description_en);
    row.time_zone = Set(time_zone);
    row.submissions_open_at = Set(timeline.opens);
    row.submissions_close_at = Set(timeline.closes);
    row.registration_opens_at = Set(timeline.registration);
    row.results_at = Set(timeline.results);
    row.attachment_types = Set(attachment_types);
    row.attachment_max_mb = Set(max_mb);
    let saved = row.update(&txn).await?;
    audit::append(
        &txn,
        actor,
        Record::new("contest.updated", "contest", id)
            .in_contest(id)
            .changes(changes),
    )
    .await?;
    txn.commit().await?;
    Ok(summary(saved))
}

/// Newest first, one page at a time.
pub async fn list(
    db: &DatabaseConnection,
    page: PageRequest,
) -> ServiceResult<(Vec<ContestSummary>, u64)> {
    let total = contest::Entity::find().count(db).await?;
    let rows = contest::Entity::find()
        .order_by_desc(contest::Column::CreatedAt)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    Ok((rows.into_iter().map(summary).collect(), total))
}

/// At most `limit` contests in code order, after the contest coded `after` when given: one
/// page of the JSON API's list, read along the codes' unique index whatever the page.
pub async fn after_code(
    db: &DatabaseConnection,
    after: Option<&str>,
    limit: u64,
) -> ServiceResult<Vec<ContestSummary>> {
    let mut query = contest::Entity::find().order_by_asc(contest::Column::Code);
    if let Some(after) = after {
        query = query.filter(contest::Column::Code.gt(after));
    }
    let rows = query.limit(limit).all(db).await?;
    Ok(rows.into_iter().map(summary).collect())
}

/// Locks the contest's row in `txn` until it ends (PostgreSQL; SQLite has one writer), so
/// that use cases numbering things in a contest take turns.
pub(crate) async fn lock(txn: &impl ConnectionTrait, id: Uuid) -> ServiceResult<contest::Model> {
    contest::Entity::find_by_id(id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The contest with this code (any case); `NotFound` otherwise.
pub(crate) async fn find_by_code(
    db: &impl ConnectionTrait,
    code: &str,
) -> ServiceResult<contest::Model> {
    let code = normalize_code(code).ok_or(ServiceError::NotFound)?;
    contest::Entity::find()
        .filter(contest::Column::Code.eq(code))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The contest with this code, for its full committee and administrators only.
pub(crate) async fn managed(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: &str,
) -> ServiceResult<contest::Model> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    Ok(contest)
}

/// One contest, with its rules text rendered (lists of contests leave it out).
pub async fn by_code(db: &DatabaseConnection, code: &str) -> ServiceResult<ContestSummary> {
    let mut found = find_by_code(db, code).await.map(summary)?;
    found.description_html_vi = crate::ssr::markdown::to_html(&found.description_vi);
    found.description_html_en = crate::ssr::markdown::to_html(&found.description_en);
    Ok(found)
}

/// The signed-in person's roles with their contests and, for a sub-committee, its categories
/// (from the memberships the request's actor already holds): two queries whatever their number.
pub async fn roles_of(
    db: &DatabaseConnection,
    memberships: &[Membership],
) -> ServiceResult<Vec<MyRole>> {
    if memberships.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = memberships.iter().map(|m| m.contest).collect();
    let contests: HashMap<Uuid, contest::Model> = contest::Entity::find()
        .filter(contest::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let scoped: Vec<Uuid> = memberships
        .iter()
        .flat_map(|m| match &m.role {
            RoleIn::SubCommittee { categories } => categories.clone(),
            _ => Vec::new(),
        })
        .collect();
    let categories = categories_by_id(db, scoped).await?;
    let mut mine: Vec<MyRole> = memberships
        .iter()
        .filter_map(|m| {
            let c = contests.get(&m.contest)?;
            let scope = match &m.role {
                RoleIn::SubCommittee { categories: ids } => ids
                    .iter()
                    .filter_map(|id| categories.get(id).cloned())
                    .collect(),
                _ => Vec::new(),
            };
            Some(MyRole {
                contest: summary(c.clone()),
                role: m.role.role(),
                categories: scope,
            })
        })
        .collect();
    mine.sort_by(|a, b| a.contest.code.cmp(&b.contest.code));
    Ok(mine)
}

pub(crate) async fn categories_by_id(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> ServiceResult<HashMap<Uuid, Category>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(category::Entity::find()
        .filter(category::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, category_view(c)))
        .collect())
}

pub fn summary(c: contest::Model) -> ContestSummary {
    let now = Utc::now();
    let window = drafting(&c, now);
    let drafts_only =
        window == Window::Open && c.submissions_open_at.is_some_and(|opens| now < opens);
    let attachments = attachment_rules(&c);
    let form = form_of(&c);
    let zoned = |t: Option<DateTime<Utc>>| t.map(|t| Zoned::new(t, &c.time_zone));
    let eligibility = super::eligibility::rules_of(&c);
    ContestSummary {
        // Rendered by `by_code`, for the one page that shows it.
        description_html_vi: String::new(),
        description_html_en: String::new(),
        id: c.id,
        code: c.code,
        name_vi: c.name_vi,
        name_en: c.name_en,
        description_vi: c.description_vi,
        description_en: c.description_en,
        created: Zoned::new(c.created_at, &c.time_zone),
        submissions_open: zoned(c.submissions_open_at),
        submissions_close: zoned(c.submissions_close_at),
        registration_open: zoned(c.registration_opens_at),
        results: zoned(c.results_at),
        window,
        drafts_only,
        form,
        minutes_left: c
            .submissions_close_at
            .filter(|_| window == Window::Open)
            .map(|close| (close - now).num_minutes()),
        attachments,
        eligibility,
        time_zone: c.time_zone,
    }
}

/// The contest's own questions as stored (none when the text is unreadable, which only a
/// hand-edited database could make).
pub(crate) fn form_of(c: &contest::Model) -> Vec<FormField> {
    serde_json::from_str(&c.entry_form).unwrap_or_default()
}

pub(crate) fn form_text(form: &[FormField]) -> String {
    serde_json::to_string(form).unwrap_or_else(|_| "[]".to_owned())
}

pub(crate) fn category_view(c: category::Model) -> Category {
    Category {
        id: c.id,
        code: c.code,
        name_vi: c.name_vi,
        name_en: c.name_en,
    }
}

/// A contest's categories, in their order (a contest has tens, not thousands).
pub async fn categories(
    db: &impl ConnectionTrait,
    contest_id: Uuid,
) -> ServiceResult<Vec<Category>> {
    Ok(category::Entity::find()
        .filter(category::Column::ContestId.eq(contest_id))
        .order_by_asc(category::Column::Position)
        .order_by_asc(category::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(category_view)
        .collect())
}

/// A category's fields, checked: code and names.
pub(crate) type CheckedCategory = (String, String, String);

pub(crate) fn check_category(input: &NewCategory) -> ServiceResult<CheckedCategory> {
    (
        check_code("code", &input.code, Msg::CategoryCode),
        check_title("name_vi", &input.name_vi, Msg::CategoryName),
        check_title("name_en", &input.name_en, Msg::CategoryName),
    )
        .all()
}

/// Writes a checked category last in its contest, in `txn`, with its audit record.
pub(crate) async fn insert_category(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    contest_id: Uuid,
    (code, name_vi, name_en): CheckedCategory,
) -> ServiceResult<Category> {
    let position = category::Entity::find()
        .filter(category::Column::ContestId.eq(contest_id))
        .count(txn)
        .await?;
    let saved = category::ActiveModel {
        id: Set(Uuid::now_v7()),
        contest_id: Set(contest_id),
        code: Set(code),
        name_vi: Set(name_vi),
        name_en: Set(name_en),
        position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
        created_at: Set(Utc::now()),
    }
    .insert(txn)
    .await
    .map_err(taken("code", Msg::CategoryCodeTaken))?;
    let changes = Changes::new()
        .set("code", &saved.code)
        .set("name_vi", &saved.name_vi)
        .set("name_en", &saved.name_en);
    audit::append(
        txn,
        actor,
        Record::new("category.created", "category", saved.id)
            .in_contest(contest_id)
            .changes(changes),
    )
    .await?;
    Ok(category_view(saved))
}

/// Adds a category to a contest (its committee or an administrator).
pub async fn add_category(
    db: &DatabaseConnection,
    actor: &Actor,
    contest_code: &str,
    input: NewCategory,
) -> ServiceResult<Category> {
    let contest = find_by_code(db, contest_code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let checked = check_category(&input)?;
    let txn = begin_write(db).await?;
    let saved = insert_category(&txn, actor, contest.id, checked).await?;
    txn.commit().await?;
    Ok(saved)
}

/// A category of the contest, by code, in `txn` (after the contest's row is locked).
async fn category_by_code(
    txn: &impl ConnectionTrait,
    contest_id: Uuid,
    code: &str,
) -> ServiceResult<category::Model> {
    category::Entity::find()
        .filter(category::Column::ContestId.eq(contest_id))
        .filter(category::Column::Code.eq(code.trim().to_ascii_uppercase()))
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Renames a category (its code stays: lists, files and links use it).
pub async fn rename_category(
    db: &DatabaseConnection,
    actor: &Actor,
    contest_code: &str,
    code: &str,
    name_vi: &str,
    name_en: &str,
) -> ServiceResult<Category> {
    let contest = find_by_code(db, contest_code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let (name_vi, name_en) = (
        check_title("name_vi", name_vi, Msg::CategoryName),
        check_title("name_en", name_en, Msg::CategoryName),
    )
        .all()?;
    let txn = begin_write(db).await?;
    lock(&txn, contest.id).await?;
    let found = category_by_code(&txn, contest.id, code).await?;
    let changes = Changes::new()
        .field("name_vi", Some(&found.name_vi), Some(&name_vi))
        .field("name_en", Some(&found.name_en), Some(&name_en));
    let id = found.id;
    let mut row: category::ActiveModel = found.into();
    row.name_vi = Set(name_vi);
    row.name_en = Set(name_en);
    let saved = row.update(&txn).await?;
    if !changes.is_empty() {
        audit::append(
            &txn,
            actor,
            Record::new("category.renamed", "category", id)
                .in_contest(contest.id)
                .changes(changes),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(category_view(saved))
}

/// Moves a category one place up or down the contest's order (nothing at either end).
pub async fn move_category(
    db: &DatabaseConnection,
    actor: &Actor,
    contest_code: &str,
    code: &str,
    up: bool,
) -> ServiceResult<()> {
    let contest = find_by_code(db, contest_code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let txn = begin_write(db).await?;
    // Locked: two moves at once each see the order the other left.
    lock(&txn, contest.id).await?;
    let mut order = category::Entity::find()
        .filter(category::Column::ContestId.eq(contest.id))
        .order_by_asc(category::Column::Position)
        .order_by_asc(category::Column::Code)
        .all(&txn)
        .await?;
    let wanted = code.trim().to_ascii_uppercase();
    let at = order
        .iter()
        .position(|k| k.code == wanted)
        .ok_or(ServiceError::NotFound)?;
    let to = if up {
        at.checked_sub(1)
    } else {
        Some(at + 1).filter(|t| *t < order.len())
    };
    let Some(to) = to else {
        return Ok(());
    };
    order.swap(at, to);
    // Positions are rewritten 0, 1, 2…: gaps and ties from earlier removals disappear.
    for (i, k) in order.into_iter().enumerate() {
        let position = i32::try_from(i).unwrap_or(i32::MAX);
        if k.position != position {
            let mut row: category::ActiveModel = k.into();
            row.position = Set(position);
            row.update(&txn).await?;
        }
    }
    audit::append(
        &txn,
        actor,
        Record::new("category.moved", "contest", contest.id)
            .in_contest(contest.id)
            .changes(
                Changes::new()
                    .set("code", &wanted)
                    .set("direction", if up { "up" } else { "down" }),
            ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes a category no entry, sub-committee member or open invitation uses.
pub async fn remove_category(
    db: &DatabaseConnection,
    actor: &Actor,
    contest_code: &str,
    code: &str,
) -> ServiceResult<()> {
    use crate::ssr::entities::{contest_role_category, entry, invitation_category};
    let contest = find_by_code(db, contest_code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let txn = begin_write(db).await?;
    lock(&txn, contest.id).await?;
    let found = category_by_code(&txn, contest.id, code).await?;
    let entries = entry::Entity::find()
        .filter(entry::Column::CategoryId.eq(found.id))
        .count(&txn)
        .await?;
    let people = contest_role_category::Entity::find()
        .filter(contest_role_category::Column::CategoryId.eq(found.id))
        .count(&txn)
        .await?
        + invitation_category::Entity::find()
            .filter(invitation_category::Column::CategoryId.eq(found.id))
            .count(&txn)
            .await?;
    if entries > 0 || people > 0 {
        return Err(ServiceError::refused(Msg::CategoryInUse {
            entries,
            people,
        }));
    }
    let (id, snapshot) = (found.id, found.clone());
    category::Entity::delete_by_id(id).exec(&txn).await?;
    audit::append(
        &txn,
        actor,
        Record::new("category.removed", "category", id)
            .in_contest(contest.id)
            .changes(
                Changes::new()
                    .field("code", Some(&snapshot.code), None::<String>)
                    .field("name_vi", Some(&snapshot.name_vi), None::<String>),
            ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Reads a list of category codes (`AG, it`) typed for `contest`: every code must name one of
/// its categories; an unknown one is reported with the others.
pub(crate) async fn resolve_categories(
    db: &impl ConnectionTrait,
    contest_id: Uuid,
    field: &str,
    raw: &str,
) -> ServiceResult<Vec<Category>> {
    let wanted: Vec<String> = raw
        .split(',')
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty())
        .collect();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let known = categories(db, contest_id).await?;
    let unknown: Vec<&str> = wanted
        .iter()
        .filter(|w| !known.iter().any(|k| &k.code == *w))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return Err(ServiceError::invalid(
            field,
            Msg::UnknownCategories {
                codes: unknown.join(", "),
            },
        ));
    }
    Ok(known
        .into_iter()
        .filter(|k| wanted.contains(&k.code))
        .collect())
}

/// Whether the categories fit the role: a sub-committee needs some (its scope), a judge may
/// have some (their expertise), the full committee takes none.
pub(crate) fn role_matches(role: Role, categories: &[Category]) -> bool {
    match role {
        Role::SubCommittee => !categories.is_empty(),
        Role::Judge => true,
        Role::Committee => categories.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contest_codes_are_upper_cased_and_limited_to_letters_digits_and_dashes() {
        assert_eq!(normalize_code(" ls-2025 ").unwrap(), "LS-2025");
        for bad in [
            "",
            "A",
            "-LS",
            "LS 2025",
            "LS_2025",
            "Lạng-Sơn",
            &"X".repeat(33),
        ] {
            assert!(normalize_code(bad).is_none(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn time_zones_must_be_iana_names() {
        assert_eq!(
            check_time_zone("Asia/Ho_Chi_Minh").unwrap(),
            "Asia/Ho_Chi_Minh"
        );
        assert!(check_time_zone("GMT+7 Hà Nội").is_err());
    }

    #[test]
    fn a_local_time_is_read_in_the_contests_time_zone() {
        let t = parse_local("x", "2026-12-31T17:00", "Asia/Ho_Chi_Minh").unwrap();
        assert_eq!(t.unwrap().to_rfc3339(), "2026-12-31T10:00:00+00:00");
        let t = parse_local("x", "2026-07-01 09:30", "America/New_York").unwrap();
        assert_eq!(t.unwrap().to_rfc3339(), "2026-07-01T13:30:00+00:00");
        assert_eq!(parse_local("x", "  ", "Asia/Ho_Chi_Minh").unwrap(), None);
        assert!(parse_local("x", "31/12/2026", "Asia/Ho_Chi_Minh").is_err());
        // 02:30 on 8 March 2026 does not exist in New York (clocks jump from 2 to 3).
        assert!(parse_local("x", "2026-03-08T02:30", "America/New_York").is_err());
    }

    #[test]
    fn the_time_left_reads_as_days_hours_and_minutes() {
        use crate::model::split_minutes;
        assert_eq!(split_minutes(2 * 1440 + 3 * 60 + 15), (2, 3, 15));
        assert_eq!(split_minutes(59), (0, 0, 59));
        assert_eq!(split_minutes(-5), (0, 0, 0));
    }

    #[test]
    fn a_submission_window_needs_both_ends_in_order() {
        let window = |open: &str, close: &str| {
            let input = ContestSettings {
                name_vi: String::new(),
                name_en: String::new(),
                description_vi: String::new(),
                description_en: String::new(),
                time_zone: "Asia/Ho_Chi_Minh".into(),
                submissions_open: open.into(),
                submissions_close: close.into(),
                ..ContestSettings::default()
            };
            check_window(&input, "Asia/Ho_Chi_Minh")
        };
        assert_eq!(window("", "").unwrap(), Timeline::default());
        assert!(window("2026-12-01T08:00", "2026-12-31T17:00").is_ok());
        for (open, close) in [
            ("2026-12-01T08:00", ""),
            ("", "2026-12-31T17:00"),
            ("2026-12-31T17:00", "2026-12-01T08:00"),
            ("2026-12-31T17:00", "2026-12-31T17:00"),
        ] {
            let problem = window(open, close).unwrap_err();
            assert_eq!(problem.msg, Msg::WindowOrder, "{open} – {close}");
        }
    }

    #[test]
    fn registration_opens_before_submissions_and_results_come_after_the_deadline() {
        let timeline = |registration: &str, results: &str| {
            let input = ContestSettings {
                submissions_open: "2026-12-10T08:00".into(),
                submissions_close: "2026-12-31T17:00".into(),
                registration_open: registration.into(),
                results: results.into(),
                ..ContestSettings::default()
            };
            check_window(&input, "Asia/Ho_Chi_Minh")
        };
        let fine = timeline("2026-12-01T08:00", "2027-01-20T09:00").unwrap();
        assert!(fine.registration < fine.opens && fine.results > fine.closes);
        assert_eq!(
            timeline("2026-12-10T08:00", "").unwrap_err(),
            Problem::at("registration_open", Msg::RegistrationOrder)
        );
        assert_eq!(
            timeline("", "2026-12-31T17:00").unwrap_err(),
            Problem::at("results", Msg::ResultsOrder)
        );
    }

    #[test]
    fn only_a_sub_committee_role_is_limited_to_categories() {
        let c = Category {
            id: Uuid::now_v7(),
            code: "AG".into(),
            name_vi: "Nông nghiệp".into(),
            name_en: "Agriculture".into(),
        };
        assert!(role_matches(Role::SubCommittee, std::slice::from_ref(&c)));
        assert!(!role_matches(Role::SubCommittee, &[]));
        assert!(role_matches(Role::Judge, &[]));
        assert!(role_matches(Role::Judge, std::slice::from_ref(&c)));
        assert!(!role_matches(Role::Committee, &[c]));
    }
}
