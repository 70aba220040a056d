//! Eligibility: the committee declares a contest's rules; every entry is checked against them
//! whenever it or the rules change (the outcome is stored, so the committee can filter by
//! it); the committee may decide otherwise, or disqualify an entry, with a written reason.
//! The checks themselves are `model::eligibility::check`, pure.

use super::audit::{self, Changes, Record};
use super::contests::{self, find_by_code};
use super::entries::readable;
use super::{check_reason, clean_line, fold};
use crate::format::Zoned;
use crate::model::EntryStatus;
use crate::model::eligibility::{
    Check, Decision, Eligibility, EligibilityFacts, EligibilityForm, EligibilityRules,
    EligibilityView, check,
};
use crate::model::limits::TITLE_MAX;
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::{contest, entry, entry_member, user};
use crate::ssr::messages::{AllValid, Msg, Problem, ServiceError, ServiceResult};
use crate::ssr::policy::{self, Permission};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::{BTreeSet, HashMap, HashSet};
use uuid::Uuid;

/// Entries checked per batch when the rules change, and emails per `IN` list.
const BATCH: usize = 200;

/// A contest's rules as stored (`{}`: none).
pub(crate) fn rules_of(c: &contest::Model) -> EligibilityRules {
    serde_json::from_str(&c.eligibility).unwrap_or_default()
}

fn number(
    field: &str,
    raw: &str,
    range: std::ops::RangeInclusive<u32>,
) -> Result<Option<u32>, Problem> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<u32>()
        .ok()
        .filter(|n| range.contains(n))
        .map(Some)
        .ok_or_else(|| {
            Problem::at(
                field,
                Msg::NumberRange {
                    min: *range.start(),
                    max: *range.end(),
                },
            )
        })
}

/// A date typed as `YYYY-MM-DD`, from 1900 on; `None` when blank.
pub(crate) fn date(field: &str, raw: &str) -> Result<Option<NaiveDate>, Problem> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .filter(|d| *d >= NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default())
        .map(Some)
        .ok_or_else(|| Problem::at(field, Msg::Date))
}

/// A date of the past for an entry (a birth, a founding), kept as `YYYY-MM-DD` or empty.
pub(crate) fn past_date(field: &str, raw: &str) -> Result<String, Problem> {
    match date(field, raw)? {
        Some(d) if d > Utc::now().date_naive() => Err(Problem::at(field, Msg::Date)),
        Some(d) => Ok(d.to_string()),
        None => Ok(String::new()),
    }
}

/// The committee's form, checked: every problem at once.
pub(crate) fn check_form(form: &EligibilityForm) -> ServiceResult<EligibilityRules> {
    let (age_min, age_max, age_on, company_years_max, team_min, team_max, per_person) = (
        number("age_min", &form.age_min, 0..=120),
        number("age_max", &form.age_max, 0..=120),
        date("age_on", &form.age_on),
        number("company_years_max", &form.company_years_max, 0..=100),
        number("team_min", &form.team_min, 1..=50),
        number("team_max", &form.team_max, 1..=50),
        number(
            "entries_per_person_max",
            &form.entries_per_person_max,
            1..=50,
        ),
    )
        .all()?;
    let mut problems = Vec::new();
    if let (Some(min), Some(max)) = (age_min, age_max)
        && min > max
    {
        problems.push(Problem::at("age_max", Msg::RangeOrder));
    }
    if let (Some(min), Some(max)) = (team_min, team_max)
        && min > max
    {
        problems.push(Problem::at("team_max", Msg::RangeOrder));
    }
    let mut provinces = Vec::new();
    for p in form.provinces.split([',', ';', '\n']) {
        match clean_line(p) {
            None => problems.push(Problem::at("provinces", Msg::ControlCharacters)),
            Some(p) if p.chars().count() > TITLE_MAX => {
                problems.push(Problem::at("provinces", Msg::TooLong { max: TITLE_MAX }))
            }
            Some(p) if !p.is_empty() && !provinces.iter().any(|k: &String| fold(k) == fold(&p)) => {
                provinces.push(p)
            }
            Some(_) => {}
        }
    }
    if !problems.is_empty() {
        return Err(ServiceError::Invalid(problems));
    }
    Ok(EligibilityRules {
        age_min,
        age_max,
        age_on,
        provinces,
        company_years_max,
        team_min,
        team_max,
        entries_per_person_max: per_person,
    })
}

/// Sets a contest's eligibility rules (its committee), checks every entry again against
/// them, and records the change; in one transaction.
pub async fn set_rules(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    form: EligibilityForm,
) -> ServiceResult<EligibilityRules> {
    let found = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(found.id))?;
    let rules = check_form(&form)?;
    let txn = begin_write(db).await?;
    let c = contests::lock(&txn, found.id).await?;
    let before = c.eligibility.clone();
    let after = serde_json::to_string(&rules).unwrap_or_else(|_| "{}".into());
    if rules_of(&c) == rules {
        return Ok(rules);
    }
    let mut row: contest::ActiveModel = c.clone().into();
    row.eligibility = Set(after.clone());
    let c = row.update(&txn).await?;
    refresh_contest(&txn, &c).await?;
    audit::append(
        &txn,
        actor,
        Record::new("contest.eligibility_updated", "contest", c.id)
            .in_contest(c.id)
            .changes(Changes::new().field("eligibility", Some(before), Some(after))),
    )
    .await?;
    txn.commit().await?;
    Ok(rules)
}

/// Each person on an entry's team: name and email (empty when not given).
struct Team(Vec<(String, String)>);

/// What the checks read of each of `rows`, with as few queries as the batch needs.
async fn facts_of(
    db: &impl ConnectionTrait,
    c: &contest::Model,
    rules: &EligibilityRules,
    rows: &[entry::Model],
) -> ServiceResult<HashMap<Uuid, EligibilityFacts>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let lead_ids: Vec<Uuid> = rows.iter().map(|r| r.lead_id).collect();
    let members = entry_member::Entity::find()
        .filter(entry_member::Column::EntryId.is_in(ids))
        .order_by_asc(entry_member::Column::Position)
        .all(db)
        .await?;
    let leads: HashMap<Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(lead_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let mut teams: HashMap<Uuid, Team> = rows
        .iter()
        .map(|r| {
            let lead = leads
                .get(&r.lead_id)
                .map(|u| (u.name.clone(), u.email.clone()))
                .unwrap_or_default();
            (r.id, Team(vec![lead]))
        })
        .collect();
    for m in members {
        if let Some(team) = teams.get_mut(&m.entry_id) {
            team.0.push((m.name, m.email));
        }
    }
    let counts = if rules.entries_per_person_max.is_some() {
        let emails: BTreeSet<String> = teams
            .values()
            .flat_map(|t| t.0.iter().map(|(_, e)| e.clone()))
            .filter(|e| !e.is_empty())
            .collect();
        entries_per_email(db, c.id, &emails.into_iter().collect::<Vec<_>>()).await?
    } else {
        HashMap::new()
    };
    let today = Zoned::new(Utc::now(), &c.time_zone).local().date_naive();
    Ok(rows
        .iter()
        .map(|r| {
            let team = teams.remove(&r.id).unwrap_or(Team(Vec::new()));
            let busiest = team
                .0
                .iter()
                .map(|(name, email)| (name.clone(), counts.get(email).copied().unwrap_or(0)))
                .fold(None::<(String, u32)>, |best, this| match best {
                    Some(b) if b.1 >= this.1 => Some(b),
                    _ => Some(this),
                });
            let facts = EligibilityFacts {
                birth_date: r.birth_date.parse().ok(),
                province: r.province.clone(),
                founded: r.founded.parse().ok(),
                team_size: u32::try_from(team.0.len()).unwrap_or(u32::MAX),
                busiest,
                today,
            };
            (r.id, facts)
        })
        .collect())
}

/// For each email, the live entries of the contest it is part of (as lead or member).
async fn entries_per_email(
    db: &impl ConnectionTrait,
    contest_id: Uuid,
    emails: &[String],
) -> ServiceResult<HashMap<String, u32>> {
    let mut entries: HashMap<String, HashSet<Uuid>> = HashMap::new();
    for chunk in emails.chunks(BATCH) {
        let accounts: HashMap<Uuid, String> = user::Entity::find()
            .filter(user::Column::Email.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.email))
            .collect();
        let mut found: Vec<(Uuid, String)> = entry::Entity::find()
            .select_only()
            .column(entry::Column::Id)
            .column(entry::Column::LeadId)
            .filter(entry::Column::ContestId.eq(contest_id))
            .filter(entry::Column::Status.ne(EntryStatus::Withdrawn))
            .filter(entry::Column::LeadId.is_in(accounts.keys().copied()))
            .into_tuple::<(Uuid, Uuid)>()
            .all(db)
            .await?
            .into_iter()
            .filter_map(|(id, lead)| accounts.get(&lead).map(|e| (id, e.clone())))
            .collect();
        found.extend(live_listings(db, contest_id, chunk).await?);
        for (id, email) in found {
            entries.entry(email).or_default().insert(id);
        }
    }
    Ok(entries
        .into_iter()
        .map(|(email, ids)| (email, u32::try_from(ids.len()).unwrap_or(u32::MAX)))
        .collect())
}

/// The live entries of the contest listing any of `emails` as a member: (entry, email). Team
/// rows are found by email (indexed), then their entries by id: never a scan of the
/// contest's entries.
async fn live_listings(
    db: &impl ConnectionTrait,
    contest_id: Uuid,
    emails: &[String],
) -> ServiceResult<Vec<(Uuid, String)>> {
    let listed: Vec<(Uuid, String)> = entry_member::Entity::find()
        .select_only()
        .column(entry_member::Column::EntryId)
        .column(entry_member::Column::Email)
        .filter(entry_member::Column::Email.is_in(emails.iter().cloned()))
        .into_tuple()
        .all(db)
        .await?;
    if listed.is_empty() {
        return Ok(Vec::new());
    }
    let live: HashSet<Uuid> = entry::Entity::find()
        .select_only()
        .column(entry::Column::Id)
        .filter(entry::Column::Id.is_in(listed.iter().map(|(id, _)| *id)))
        .filter(entry::Column::ContestId.eq(contest_id))
        .filter(entry::Column::Status.ne(EntryStatus::Withdrawn))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(listed
        .into_iter()
        .filter(|(id, _)| live.contains(id))
        .collect())
}

/// Checks `ids` again and stores what changed (what counts follows the checks unless the
/// committee decided); answers each entry's checks.
pub(crate) async fn refresh(
    txn: &impl ConnectionTrait,
    c: &contest::Model,
    ids: &[Uuid],
) -> ServiceResult<HashMap<Uuid, Vec<Check>>> {
    let rules = rules_of(c);
    let mut all = HashMap::new();
    for chunk in ids.chunks(BATCH) {
        let rows = entry::Entity::find()
            .filter(entry::Column::Id.is_in(chunk.iter().copied()))
            .all(txn)
            .await?;
        let facts = facts_of(txn, c, &rules, &rows).await?;
        for row in rows {
            let Some(f) = facts.get(&row.id) else {
                continue;
            };
            let checks = check(&rules, f, fold);
            let auto = Eligibility::of(&checks).code();
            all.insert(row.id, checks);
            if row.auto_eligibility == auto {
                continue;
            }
            let decided = row.decision.is_some();
            let mut update: entry::ActiveModel = row.into();
            update.auto_eligibility = Set(auto.to_owned());
            if !decided {
                update.eligibility = Set(auto.to_owned());
            }
            update.update(txn).await?;
        }
    }
    Ok(all)
}

/// Checks every entry of the contest again, in batches.
async fn refresh_contest(txn: &impl ConnectionTrait, c: &contest::Model) -> ServiceResult<()> {
    let ids: Vec<Uuid> = entry::Entity::find()
        .select_only()
        .column(entry::Column::Id)
        .filter(entry::Column::ContestId.eq(c.id))
        .into_tuple()
        .all(txn)
        .await?;
    refresh(txn, c, &ids).await.map(|_| ())
}

/// The entries of the contest any of `emails` is part of: their checks on entries per
/// person change when one of them joins or leaves a team.
pub(crate) async fn sharing(
    txn: &impl ConnectionTrait,
    contest_id: Uuid,
    emails: &[String],
) -> ServiceResult<Vec<Uuid>> {
    let mut ids = BTreeSet::new();
    let emails: Vec<String> = emails.iter().filter(|e| !e.is_empty()).cloned().collect();
    for chunk in emails.chunks(BATCH) {
        let accounts: Vec<Uuid> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .filter(user::Column::Email.is_in(chunk.iter().cloned()))
            .into_tuple()
            .all(txn)
            .await?;
        let led: Vec<Uuid> = entry::Entity::find()
            .select_only()
            .column(entry::Column::Id)
            .filter(entry::Column::ContestId.eq(contest_id))
            .filter(entry::Column::LeadId.is_in(accounts))
            .into_tuple()
            .all(txn)
            .await?;
        ids.extend(led);
        // Team rows by email (indexed), then their entries in this contest by id.
        let listed: Vec<Uuid> = entry_member::Entity::find()
            .select_only()
            .column(entry_member::Column::EntryId)
            .filter(entry_member::Column::Email.is_in(chunk.iter().cloned()))
            .into_tuple()
            .all(txn)
            .await?;
        let listed: Vec<Uuid> = if listed.is_empty() {
            listed
        } else {
            entry::Entity::find()
                .select_only()
                .column(entry::Column::Id)
                .filter(entry::Column::Id.is_in(listed))
                .filter(entry::Column::ContestId.eq(contest_id))
                .into_tuple()
                .all(txn)
                .await?
        };
        ids.extend(listed);
    }
    Ok(ids.into_iter().collect())
}

/// An entry's checks as of now, with the committee's decision.
pub(crate) async fn view(
    db: &impl ConnectionTrait,
    c: &contest::Model,
    row: &entry::Model,
) -> ServiceResult<EligibilityView> {
    let rules = rules_of(c);
    let facts = facts_of(db, c, &rules, std::slice::from_ref(row)).await?;
    let checks = facts
        .get(&row.id)
        .map(|f| check(&rules, f, fold))
        .unwrap_or_default();
    Ok(view_of(c, row, checks))
}

/// An entry's view from checks already made (by `refresh`), with the committee's decision.
pub(crate) fn view_of(
    c: &contest::Model,
    row: &entry::Model,
    checks: Vec<Check>,
) -> EligibilityView {
    let decision = match (&row.decision, row.decided_at) {
        (Some(code), Some(at)) => Eligibility::from_code(code).map(|eligibility| Decision {
            eligibility,
            reason: row.decision_reason.clone().unwrap_or_default(),
            at: Zoned::new(at, &c.time_zone),
        }),
        _ => None,
    };
    EligibilityView {
        automatic: Eligibility::of(&checks),
        checks,
        decision,
    }
}

/// The committee decides on entry `code`: `eligible`, `ineligible` or `disqualified`, or
/// `automatic` to let the checks decide again; always with a reason, which its team reads.
pub async fn decide(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    decision: &str,
    reason: &str,
) -> ServiceResult<()> {
    let txn = begin_write(db).await?;
    let row = readable(&txn, actor, code, true).await?;
    policy::require(
        actor,
        Permission::DecideEntry {
            contest: row.contest_id,
            category: row.category_id,
        },
    )?;
    let decision = match decision.trim() {
        "automatic" => None,
        other => Some(
            Eligibility::from_code(other)
                .filter(|e| *e != Eligibility::Unknown)
                .ok_or_else(|| ServiceError::invalid("decision", Msg::Decision))?,
        ),
    };
    let reason = check_reason(reason)?;
    let (id, contest_id, before) = (row.id, row.contest_id, row.eligibility.clone());
    let after = decision.map_or(row.auto_eligibility.clone(), |d| d.code().to_owned());
    let mut update: entry::ActiveModel = row.into();
    update.decision = Set(decision.map(|d| d.code().to_owned()));
    update.decision_reason = Set(decision.map(|_| reason.clone()));
    update.decided_at = Set(decision.map(|_| Utc::now()));
    update.decided_by = Set(decision.and(actor.id()));
    update.eligibility = Set(after.clone());
    update.update(&txn).await?;
    audit::append(
        &txn,
        actor,
        Record::new("entry.eligibility_decided", "entry", id)
            .in_contest(contest_id)
            .changes(
                Changes::new()
                    .field("eligibility", Some(before), Some(after))
                    .set("decision", decision.map_or("automatic", |d| d.code())),
            )
            .because(&reason),
    )
    .await?;
    txn.commit().await?;
    // A disqualified entry leaves the ranking at once (§11).
    super::kept::changed();
    Ok(())
}

/// Whether a rule of `rules` reads entries' people across the contest.
pub(crate) fn counts_people(c: &contest::Model) -> bool {
    rules_of(c).entries_per_person_max.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committee_form_reports_every_problem_and_keeps_provinces_once() {
        let form = EligibilityForm {
            age_min: "35".into(),
            age_max: "18".into(),
            age_on: "2025-13-01".into(),
            team_min: "0".into(),
            ..Default::default()
        };
        let Err(ServiceError::Invalid(problems)) = check_form(&form) else {
            panic!("refused");
        };
        let paths: Vec<_> = problems.iter().map(|p| p.path.as_deref()).collect();
        assert_eq!(paths, [Some("age_on"), Some("team_min")]);
        let form = EligibilityForm {
            age_min: "35".into(),
            age_max: "18".into(),
            ..Default::default()
        };
        let Err(ServiceError::Invalid(problems)) = check_form(&form) else {
            panic!("refused");
        };
        assert_eq!(problems[0].path.as_deref(), Some("age_max"));
        let rules = check_form(&EligibilityForm {
            provinces: "Lạng Sơn, lang son\nCao Bằng;".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(rules.provinces, ["Lạng Sơn", "Cao Bằng"]);
        assert!(check_form(&EligibilityForm::default()).unwrap().is_empty());
    }
}
