//! A contest's rounds: names, and rules the scoring engine checks (settings and rubric, in the
//! TOML of docs/formats.md). The committee adds and edits them; everyone reads them, as the
//! contest's published rules.

use super::audit::{self, Changes, Record};
use super::contests::find_by_code;
use super::{clean_line, clean_text};
use crate::domain::files::{RoundRules, SourceFile, parse_rules};
use crate::domain::settings::AggregateKind;
use crate::format::Zoned;
use crate::model::limits::TITLE_MAX;
use crate::model::{CriterionView, NewRound, RoundView, RulesPreview};
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::round;
use crate::ssr::messages::{AllValid, Msg, Problem, ServiceError, ServiceResult};
use crate::ssr::policy::{self, Permission};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// A rules file, in characters: far more than the longest rubric needs.
pub const RULES_MAX: usize = 50_000;

/// Reads a round's rules as the engine does; a broken rule is reported on `rules` in the
/// engine's words (with its line).
pub fn preview(rules: &str) -> Result<RulesPreview, Problem> {
    let text = clean_text(rules).ok_or_else(|| Problem::at("rules", Msg::ControlCharacters))?;
    if text.chars().count() > RULES_MAX {
        return Err(Problem::at("rules", Msg::TooLong { max: RULES_MAX }));
    }
    let parsed = parse_rules(&SourceFile::new("round.toml", &text))
        .map_err(|error| Problem::at("rules", Msg::Rules { error }))?;
    // The committee's decisions (§5, §7, §8) are recorded on the results pages, with who and
    // when, and written into the exported round.toml; the rules hold none of their own.
    if parsed.committee != Default::default() {
        return Err(Problem::at("rules", Msg::RulesCommittee));
    }
    let s = &parsed.settings;
    let (sample, sample_total) = sample_sheet(&parsed.rubric);
    Ok(RulesPreview {
        sample,
        sample_total,
        criteria: parsed
            .rubric
            .criteria()
            .iter()
            .map(|c| CriterionView {
                key: c.key.clone(),
                name_vi: c.name.get(crate::domain::Lang::Vi).to_owned(),
                name_en: c.name.get(crate::domain::Lang::En).to_owned(),
                description_vi: c.description.get(crate::domain::Lang::Vi).to_owned(),
                description_en: c.description.get(crate::domain::Lang::En).to_owned(),
                min_points: c.min_points,
                max_points: c.max_points,
                step: c.step,
                weight: c.weight.value(),
                required: c.required,
                levels: c
                    .levels
                    .iter()
                    .map(|l| crate::model::LevelView {
                        min: l.min,
                        max: l.max,
                        text_vi: l.text.get(crate::domain::Lang::Vi).to_owned(),
                        text_en: l.text.get(crate::domain::Lang::En).to_owned(),
                    })
                    .collect(),
            })
            .collect(),
        min_total: parsed.rubric.min_total(),
        max_total: parsed.rubric.max_total(),
        judges_per_entry: s.judges_per_entry,
        aggregate: match s.aggregate {
            AggregateKind::Mean => "mean",
            AggregateKind::TrimmedMean => "trimmed_mean",
            AggregateKind::Median => "median",
            AggregateKind::NormalizedMean => "normalized_mean",
        }
        .to_owned(),
        is_final: s.is_final,
        prizes: s
            .prizes
            .iter()
            .flat_map(|p| &p.list)
            .map(|p| crate::model::PrizeView {
                name_vi: p.name.get(crate::domain::Lang::Vi).to_owned(),
                name_en: p.name.get(crate::domain::Lang::En).to_owned(),
                count: p.count,
                min_score: p.min_score,
            })
            .collect(),
        prizes_per_category: s.prizes.as_ref().is_some_and(|p| p.per_category),
    })
}

/// A sheet with each criterion at the middle of its range, on its step, as the engine scores
/// it: what the preview shows a committee of the sheet its judges will fill in.
fn sample_sheet(
    rubric: &crate::domain::rubric::Rubric,
) -> (Vec<rust_decimal::Decimal>, rust_decimal::Decimal) {
    use crate::domain::points::Points;
    use crate::domain::sheet::ScoreSheet;
    use rust_decimal::Decimal;
    let mut sheet = ScoreSheet::new(rubric, "sample", "sample");
    let mut scores = Vec::with_capacity(rubric.len());
    for c in rubric.criteria() {
        let steps = ((c.max_points - c.min_points) / c.step).floor();
        let middle = c.min_points + (steps / Decimal::TWO).floor() * c.step;
        // On the step and within the range by construction; the engine checks it all the same.
        if sheet
            .set_score(rubric, &c.key, Some(Points::new(middle)))
            .is_ok()
        {
            scores.push(middle);
        } else {
            scores.push(c.min_points);
        }
    }
    (scores, sheet.total(rubric))
}

fn check_name(field: &str, raw: &str) -> Result<String, Problem> {
    let name = clean_line(raw).ok_or_else(|| Problem::at(field, Msg::ControlCharacters))?;
    if name.is_empty() || name.chars().count() > TITLE_MAX {
        return Err(Problem::at(field, Msg::RoundName));
    }
    Ok(name)
}

/// The rules' digest, as the audit log records it (the text itself is in the round).
fn digest(rules: &str) -> String {
    hex::encode(Sha256::digest(rules.as_bytes()))
}

/// A round's judging window as typed in the contest's time zone `tz`: both ends or neither,
/// closing after opening; problems at `judging_open` / `judging_close`.
pub(crate) fn check_judging(input: &NewRound, tz: &str) -> Result<Judging, Problem> {
    let opens = super::contests::parse_local("judging_open", &input.judging_open, tz)?;
    let closes = super::contests::parse_local("judging_close", &input.judging_close, tz)?;
    match (opens, closes) {
        (None, None) => Ok((None, None)),
        (Some(o), Some(c)) if o < c => Ok((Some(o), Some(c))),
        _ => Err(Problem::at("judging_close", Msg::JudgingOrder)),
    }
}

/// When a round's judging opens and closes.
pub(crate) type Judging = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// What the engine read from rules already seen, by the SHA-256 of their text: pages and
/// sheet saves read the same few rules over and over, and reading one takes the engine far
/// longer than a lookup. Bounded; emptied when full (a contest has a handful of rounds).
struct Remembered<T>(std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<[u8; 32], T>>>);

impl<T: Clone> Remembered<T> {
    const KEPT: usize = 512;

    const fn new() -> Self {
        Remembered(std::sync::OnceLock::new())
    }

    fn get(&self, rules: &str, read: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        let key: [u8; 32] = Sha256::digest(rules.as_bytes()).into();
        let seen = self.0.get_or_init(Default::default);
        if let Some(found) = seen.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Some(found);
        }
        let value = read(rules)?;
        if let Ok(mut m) = seen.lock() {
            if m.len() >= Self::KEPT {
                m.clear();
            }
            m.insert(key, value.clone());
        }
        Some(value)
    }
}

/// The preview of a round's rules, as the contest and rounds pages show it.
pub(crate) fn remembered_preview(rules: &str) -> Option<RulesPreview> {
    static SEEN: Remembered<RulesPreview> = Remembered::new();
    SEEN.get(rules, |r| preview(r).ok())
}

/// A round's rules as the engine reads them; `None` when they do not parse.
pub(crate) fn remembered_rules(rules: &str) -> Option<std::sync::Arc<RoundRules>> {
    static SEEN: Remembered<std::sync::Arc<RoundRules>> = Remembered::new();
    SEEN.get(rules, |r| {
        parse_rules(&SourceFile::new("round.toml", r))
            .ok()
            .map(std::sync::Arc::new)
    })
}

pub(crate) fn view(r: round::Model, tz: &str) -> RoundView {
    let preview = remembered_preview(&r.rules);
    let zoned = |t: Option<DateTime<Utc>>| t.map(|t| Zoned::new(t, tz));
    RoundView {
        judging_open: zoned(r.judging_opens_at),
        judging_close: zoned(r.judging_closes_at),
        position: r.position,
        name_vi: r.name_vi,
        name_en: r.name_en,
        rules: r.rules,
        preview,
    }
}

/// Round `position` of a contest, locked for the rest of the writing transaction.
pub(crate) async fn locked(
    txn: &impl ConnectionTrait,
    contest_id: Uuid,
    position: i32,
) -> ServiceResult<round::Model> {
    round::Entity::find()
        .filter(round::Column::ContestId.eq(contest_id))
        .filter(round::Column::Position.eq(position))
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Refuses when round `id` is finalised: its sheets and assignment are frozen (read under a
/// shared lock, so a finalise in progress is waited for).
pub(crate) async fn require_not_finalised(
    txn: &impl ConnectionTrait,
    id: Uuid,
) -> ServiceResult<()> {
    let finalised: Option<Option<DateTime<Utc>>> = round::Entity::find_by_id(id)
        .select_only()
        .column(round::Column::FinalisedAt)
        .lock_shared()
        .into_tuple()
        .one(txn)
        .await?;
    match finalised {
        Some(Some(_)) => Err(ServiceError::refused(Msg::RoundFinalised)),
        _ => Ok(()),
    }
}

/// A contest's rounds, in order (public: they are the contest's rules).
pub async fn list(db: &DatabaseConnection, contest_code: &str) -> ServiceResult<Vec<RoundView>> {
    let c = find_by_code(db, contest_code).await?;
    Ok(rows(db, c.id)
        .await?
        .into_iter()
        .map(|r| view(r, &c.time_zone))
        .collect())
}

pub(crate) async fn rows(
    db: &impl ConnectionTrait,
    contest_id: Uuid,
) -> ServiceResult<Vec<round::Model>> {
    Ok(round::Entity::find()
        .filter(round::Column::ContestId.eq(contest_id))
        .order_by_asc(round::Column::Position)
        .all(db)
        .await?)
}

/// A round as checked: its names and rules, and its judging window.
pub(crate) type CheckedRound = ((String, String, String), Judging);

/// Checks a round as typed, its judging window in the contest's time zone `tz`: every
/// problem at once.
pub(crate) fn check(input: &NewRound, tz: &str) -> ServiceResult<CheckedRound> {
    let (name_vi, name_en, _, judging) = (
        check_name("name_vi", &input.name_vi),
        check_name("name_en", &input.name_en),
        preview(&input.rules),
        check_judging(input, tz),
    )
        .all()?;
    let rules = clean_text(&input.rules).unwrap_or_default();
    Ok(((name_vi, name_en, rules), judging))
}

/// Writes a new last round of `contest_id` in `txn` (its caller checked the input).
pub(crate) async fn insert(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    contest_id: Uuid,
    ((name_vi, name_en, rules), (judging_opens, judging_closes)): CheckedRound,
) -> ServiceResult<round::Model> {
    let position = round::Entity::find()
        .filter(round::Column::ContestId.eq(contest_id))
        .count(txn)
        .await?;
    let now = Utc::now();
    let saved = round::ActiveModel {
        id: Set(Uuid::now_v7()),
        contest_id: Set(contest_id),
        position: Set(i32::try_from(position + 1).unwrap_or(i32::MAX)),
        name_vi: Set(name_vi),
        name_en: Set(name_en),
        rules: Set(rules),
        created_at: Set(now),
        updated_at: Set(now),
        judging_opens_at: Set(judging_opens),
        judging_closes_at: Set(judging_closes),
        finalised_at: Set(None),
    }
    .insert(txn)
    .await?;
    let changes = Changes::new()
        .set("position", saved.position)
        .set("name_vi", &saved.name_vi)
        .set("name_en", &saved.name_en)
        .set("rules_sha256", digest(&saved.rules));
    audit::append(
        txn,
        actor,
        Record::new("round.created", "round", saved.id)
            .in_contest(contest_id)
            .changes(changes),
    )
    .await?;
    Ok(saved)
}

/// Adds a round after the others (its committee or an administrator).
pub async fn add(
    db: &DatabaseConnection,
    actor: &Actor,
    contest_code: &str,
    input: NewRound,
) -> ServiceResult<RoundView> {
    let c = find_by_code(db, contest_code).await?;
    policy::require(actor, Permission::ManageContest(c.id))?;
    let checked = check(&input, &c.time_zone)?;
    let txn = begin_write(db).await?;
    // The contest row is locked so two rounds added at once get distinct positions.
    let c = super::contests::lock(&txn, c.id).await?;
    super::rules::require_unlocked(&c, Utc::now())?;
    let saved = insert(&txn, actor, c.id, checked).await?;
    txn.commit().await?;
    Ok(view(saved, &c.time_zone))
}

/// Changes round `position` of a contest: names and rules; the audit record keeps the names
/// before and after and the digests of the rules.
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    contest_code: &str,
    position: i32,
    input: NewRound,
) -> ServiceResult<RoundView> {
    let c = find_by_code(db, contest_code).await?;
    policy::require(actor, Permission::ManageContest(c.id))?;
    let ((name_vi, name_en, rules), _) = check(&input, &c.time_zone)?;
    let txn = begin_write(db).await?;
    let c = super::contests::lock(&txn, c.id).await?;
    super::rules::require_unlocked(&c, Utc::now())?;
    let current = locked(&txn, c.id, position).await?;
    let changes = Changes::new()
        .field("name_vi", Some(&current.name_vi), Some(&name_vi))
        .field("name_en", Some(&current.name_en), Some(&name_en))
        .field(
            "rules_sha256",
            Some(digest(&current.rules)),
            Some(digest(&rules)),
        );
    if changes.is_empty() {
        return Ok(view(current, &c.time_zone));
    }
    let id = current.id;
    let mut row: round::ActiveModel = current.into();
    row.name_vi = Set(name_vi);
    row.name_en = Set(name_en);
    row.rules = Set(rules);
    row.updated_at = Set(Utc::now());
    let saved = row.update(&txn).await?;
    audit::append(
        &txn,
        actor,
        Record::new("round.updated", "round", id)
            .in_contest(c.id)
            .changes(changes),
    )
    .await?;
    txn.commit().await?;
    Ok(view(saved, &c.time_zone))
}

/// Sets when judges may score round `position` (its committee): scheduling, not scoring
/// rules, so it may change while the rules are locked. Recorded with both ends before and
/// after.
pub async fn set_judging(
    db: &DatabaseConnection,
    actor: &Actor,
    contest_code: &str,
    position: i32,
    input: &NewRound,
) -> ServiceResult<RoundView> {
    let c = find_by_code(db, contest_code).await?;
    policy::require(actor, Permission::ManageContest(c.id))?;
    let (opens, closes) = check_judging(input, &c.time_zone)?;
    let txn = begin_write(db).await?;
    let current = locked(&txn, c.id, position).await?;
    let instant = |t: Option<DateTime<Utc>>| t.map(|t| t.to_rfc3339());
    let changes = Changes::new()
        .field(
            "judging_open",
            instant(current.judging_opens_at).as_ref(),
            instant(opens).as_ref(),
        )
        .field(
            "judging_close",
            instant(current.judging_closes_at).as_ref(),
            instant(closes).as_ref(),
        );
    if changes.is_empty() {
        return Ok(view(current, &c.time_zone));
    }
    let id = current.id;
    let mut row: round::ActiveModel = current.into();
    row.judging_opens_at = Set(opens);
    row.judging_closes_at = Set(closes);
    row.updated_at = Set(Utc::now());
    let saved = row.update(&txn).await?;
    audit::append(
        &txn,
        actor,
        Record::new("round.judging_set", "round", id)
            .in_contest(c.id)
            .changes(changes),
    )
    .await?;
    txn.commit().await?;
    Ok(view(saved, &c.time_zone))
}

/// Replaces round `position`'s criteria with the rubric form's rows and saves it as
/// `update` does (names kept): checked by the engine, refused while the rules are locked.
pub async fn update_criteria(
    db: &DatabaseConnection,
    actor: &Actor,
    contest_code: &str,
    position: i32,
    criteria: &[crate::model::CriterionForm],
) -> ServiceResult<RoundView> {
    let c = find_by_code(db, contest_code).await?;
    policy::require(actor, Permission::ManageContest(c.id))?;
    // The rows first: what was typed wrong is said whatever the round.
    super::rubric_form::with_criteria("", criteria)?;
    let current = rows(db, c.id)
        .await?
        .into_iter()
        .find(|r| r.position == position)
        .ok_or(ServiceError::NotFound)?;
    let rules = super::rubric_form::with_criteria(&current.rules, criteria)?;
    update(
        db,
        actor,
        contest_code,
        position,
        NewRound {
            name_vi: current.name_vi,
            name_en: current.name_en,
            rules,
            ..NewRound::default()
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &str = r#"
[round]
judges_per_entry = 3
aggregate = "trimmed_mean"

[[criteria]]
key = "problem"
name = { vi = "Vấn đề", en = "Problem" }
max_points = 20
weight = 2

[[criteria]]
key = "team"
name = { vi = "Đội ngũ", en = "Team" }
max_points = 10
step = 1
"#;

    #[test]
    fn a_preview_shows_each_criterion_and_the_rubric_maximum() {
        let p = preview(RULES).unwrap();
        assert_eq!(p.criteria.len(), 2);
        assert_eq!(p.criteria[0].name_vi, "Vấn đề");
        assert_eq!(p.max_total.to_string(), "50");
        assert_eq!(
            (p.judges_per_entry, p.aggregate.as_str()),
            (3, "trimmed_mean")
        );
    }

    #[test]
    fn the_sample_sheet_puts_each_criterion_mid_range_on_its_step_and_the_engine_totals_it() {
        let p = preview(RULES).unwrap();
        // Problem: 0 to 20 by 0.5, weight 2; team: 0 to 10 by 1.
        let sample: Vec<String> = p.sample.iter().map(|d| d.to_string()).collect();
        assert_eq!(sample, ["10.0", "5"]);
        assert_eq!(p.sample_total.normalize().to_string(), "25");
        let odd = preview(&RULES.replace("max_points = 10\nstep = 1", "max_points = 5\nstep = 1"))
            .unwrap();
        assert_eq!(odd.sample[1].to_string(), "2");
    }

    #[test]
    fn broken_rules_are_refused_in_the_engines_words() {
        let broken = RULES.replace("max_points = 20", "max_points = 20\nmin_points = 30");
        let problem = preview(&broken).unwrap_err();
        assert_eq!(problem.path.as_deref(), Some("rules"));
        assert!(matches!(problem.msg, Msg::Rules { .. }));
        assert!(preview("[round]\njudges_per_entry = 3\n").is_err());
    }
}
