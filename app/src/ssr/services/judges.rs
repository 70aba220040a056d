//! A contest's jury (ban giám khảo): its judges with the profile the assignment planner reads
//! (organisation, expertise categories, maximum load), the judges invited and not yet joined,
//! and which judges each round uses. Judges join through invitations (`invitations`).

use super::audit::{self, Changes, Record};
use super::contests::{categories, find_by_code};
use super::{clean_line, rounds};
use crate::model::judging::{
    ContestRef, InvitedJudge, JudgeProfileForm, JudgeView, JuryView, MAX_LOAD_LIMIT, RoundRef,
};
use crate::model::limits::TITLE_MAX;
use crate::model::{Category, Role};
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::{
    contest, contest_role, contest_role_category, invitation, invitation_category, round,
    round_judge, user,
};
use crate::ssr::messages::{Msg, Problem, ServiceError, ServiceResult};
use crate::ssr::policy::{self, Permission};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A judge as the services use them: their account and their profile in one contest.
#[derive(Debug, Clone)]
pub(crate) struct Judge {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub organisation: String,
    /// Category ids.
    pub expertise: Vec<Uuid>,
    pub max_load: Option<u32>,
}

impl Judge {
    pub fn view(&self, codes: &HashMap<Uuid, String>, rounds: Vec<i32>) -> JudgeView {
        let mut expertise: Vec<String> = self
            .expertise
            .iter()
            .filter_map(|id| codes.get(id).cloned())
            .collect();
        expertise.sort();
        JudgeView {
            id: self.id,
            name: self.name.clone(),
            email: self.email.clone(),
            organisation: self.organisation.clone(),
            expertise,
            max_load: self.max_load,
            rounds,
        }
    }

    /// The judge as the planner reads them.
    pub fn planned(&self) -> crate::domain::assignment::Judge {
        crate::domain::assignment::Judge {
            id: self.id.to_string(),
            name: self.name.clone(),
            email: self.email.clone(),
            organisation: self.organisation.clone(),
            expertise: self.expertise.iter().map(Uuid::to_string).collect(),
            max_load: self.max_load,
        }
    }
}

/// The contest's judges, by name (three queries, whatever their number).
pub(crate) async fn contest_judges(
    db: &impl ConnectionTrait,
    contest_id: Uuid,
) -> ServiceResult<Vec<Judge>> {
    let roles = contest_role::Entity::find()
        .filter(contest_role::Column::ContestId.eq(contest_id))
        .filter(contest_role::Column::Role.eq(Role::Judge))
        .all(db)
        .await?;
    if roles.is_empty() {
        return Ok(Vec::new());
    }
    let users: HashMap<Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(roles.iter().map(|r| r.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let mut expertise: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for link in contest_role_category::Entity::find()
        .filter(contest_role_category::Column::RoleId.is_in(roles.iter().map(|r| r.id)))
        .all(db)
        .await?
    {
        expertise
            .entry(link.role_id)
            .or_default()
            .push(link.category_id);
    }
    let mut judges: Vec<Judge> = roles
        .into_iter()
        .filter_map(|r| {
            let u = users.get(&r.user_id)?;
            Some(Judge {
                id: u.id,
                name: u.name.clone(),
                email: u.email.clone(),
                organisation: r.organisation,
                expertise: expertise.remove(&r.id).unwrap_or_default(),
                max_load: r.max_load.and_then(|m| u32::try_from(m).ok()),
            })
        })
        .collect();
    judges.sort_by(|a, b| {
        super::fold(&a.name)
            .cmp(&super::fold(&b.name))
            .then(a.email.cmp(&b.email))
    });
    Ok(judges)
}

/// A round as the judging pages name it, with `k` from its rules.
pub(crate) fn round_ref(r: &round::Model) -> RoundRef {
    RoundRef {
        position: r.position,
        name_vi: r.name_vi.clone(),
        name_en: r.name_en.clone(),
        judges_per_entry: rounds::remembered_preview(&r.rules).map_or(0, |p| p.judges_per_entry),
    }
}

pub(crate) fn contest_ref(c: &contest::Model) -> ContestRef {
    ContestRef {
        code: c.code.clone(),
        name_vi: c.name_vi.clone(),
        name_en: c.name_en.clone(),
    }
}

/// The ids of the judges chosen for a round.
pub(crate) async fn round_judge_ids(
    db: &impl ConnectionTrait,
    round_id: Uuid,
) -> ServiceResult<HashSet<Uuid>> {
    Ok(round_judge::Entity::find()
        .filter(round_judge::Column::RoundId.eq(round_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.judge_id)
        .collect())
}

fn category_codes(categories: &[Category]) -> HashMap<Uuid, String> {
    categories.iter().map(|c| (c.id, c.code.clone())).collect()
}

/// The jury page: judges, judges invited, and what the forms offer (its committee).
pub async fn jury(db: &DatabaseConnection, actor: &Actor, code: &str) -> ServiceResult<JuryView> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let judges = contest_judges(db, contest.id).await?;
    let cats = categories(db, contest.id).await?;
    let codes = category_codes(&cats);
    let rounds = rounds::rows(db, contest.id).await?;
    let mut chosen: HashMap<Uuid, Vec<i32>> = HashMap::new();
    let positions: HashMap<Uuid, i32> = rounds.iter().map(|r| (r.id, r.position)).collect();
    for link in round_judge::Entity::find()
        .filter(round_judge::Column::RoundId.is_in(rounds.iter().map(|r| r.id)))
        .all(db)
        .await?
    {
        if let Some(&p) = positions.get(&link.round_id) {
            chosen.entry(link.judge_id).or_default().push(p);
        }
    }
    let open = invitation::Entity::find()
        .filter(invitation::Column::ContestId.eq(contest.id))
        .filter(invitation::Column::Role.eq(Role::Judge))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(Utc::now()))
        .order_by_asc(invitation::Column::Email)
        .all(db)
        .await?;
    let mut invited_expertise: HashMap<Uuid, Vec<String>> = HashMap::new();
    for link in invitation_category::Entity::find()
        .filter(invitation_category::Column::InvitationId.is_in(open.iter().map(|i| i.id)))
        .all(db)
        .await?
    {
        if let Some(code) = codes.get(&link.category_id) {
            invited_expertise
                .entry(link.invitation_id)
                .or_default()
                .push(code.clone());
        }
    }
    Ok(JuryView {
        contest_id: contest.id,
        contest: super::judges::contest_ref(&contest),
        judges: judges
            .iter()
            .map(|j| {
                let mut rounds = chosen.remove(&j.id).unwrap_or_default();
                rounds.sort_unstable();
                j.view(&codes, rounds)
            })
            .collect(),
        invited: open
            .into_iter()
            .map(|i| {
                let mut expertise = invited_expertise.remove(&i.id).unwrap_or_default();
                expertise.sort();
                InvitedJudge {
                    name: i.name,
                    email: i.email,
                    organisation: i.organisation,
                    expertise,
                    max_load: i.max_load.and_then(|m| u32::try_from(m).ok()),
                    expires_at: crate::format::Zoned::new(i.expires_at, &contest.time_zone),
                }
            })
            .collect(),
        categories: cats,
        rounds: rounds.iter().map(round_ref).collect(),
    })
}

/// A judge's organisation and maximum load as typed: problems at `organisation` and
/// `max_load`.
pub(crate) fn check_profile(
    organisation: &str,
    max_load: &str,
) -> Result<(String, Option<u32>), Vec<Problem>> {
    let mut problems = Vec::new();
    let organisation = match clean_line(organisation) {
        Some(o) if o.chars().count() <= TITLE_MAX => o,
        Some(_) => {
            problems.push(Problem::at("organisation", Msg::TooLong { max: TITLE_MAX }));
            String::new()
        }
        None => {
            problems.push(Problem::at("organisation", Msg::ControlCharacters));
            String::new()
        }
    };
    let max_load = match max_load.trim() {
        "" => None,
        typed => match typed.parse::<u32>() {
            Ok(n) if (1..=MAX_LOAD_LIMIT).contains(&n) => Some(n),
            _ => {
                problems.push(Problem::at(
                    "max_load",
                    Msg::NumberRange {
                        min: 1,
                        max: MAX_LOAD_LIMIT,
                    },
                ));
                None
            }
        },
    };
    if problems.is_empty() {
        Ok((organisation, max_load))
    } else {
        Err(problems)
    }
}

/// The contest's judge `judge_id`: `NotFound` for anyone else.
pub(crate) async fn judge_in(
    db: &impl ConnectionTrait,
    contest_id: Uuid,
    judge_id: Uuid,
) -> ServiceResult<contest_role::Model> {
    contest_role::Entity::find()
        .filter(contest_role::Column::ContestId.eq(contest_id))
        .filter(contest_role::Column::UserId.eq(judge_id))
        .filter(contest_role::Column::Role.eq(Role::Judge))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Changes a judge's profile (its committee); the planner reads it from the next plan on.
pub async fn update_profile(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    judge_id: Uuid,
    form: &JudgeProfileForm,
) -> ServiceResult<()> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let checked = check_profile(&form.organisation, &form.max_load);
    let expertise =
        super::contests::resolve_categories(db, contest.id, "expertise", &form.expertise).await;
    let (organisation, max_load, expertise) = match (checked, expertise) {
        (Ok((o, m)), Ok(e)) => (o, m, e),
        (checked, expertise) => {
            let mut problems = checked.err().unwrap_or_default();
            match expertise {
                Err(ServiceError::Invalid(more)) => problems.extend(more),
                Err(other) => return Err(other),
                Ok(_) => {}
            }
            return Err(ServiceError::Invalid(problems));
        }
    };
    let txn = begin_write(db).await?;
    let role = judge_in(&txn, contest.id, judge_id).await?;
    let before: Vec<Uuid> = contest_role_category::Entity::find()
        .filter(contest_role_category::Column::RoleId.eq(role.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|l| l.category_id)
        .collect();
    let codes = category_codes(&categories(&txn, contest.id).await?);
    let listed = |ids: &mut dyn Iterator<Item = Uuid>| -> Option<String> {
        let mut list: Vec<String> = ids.filter_map(|id| codes.get(&id).cloned()).collect();
        list.sort();
        (!list.is_empty()).then(|| list.join(", "))
    };
    let changes = Changes::new()
        .field(
            "organisation",
            Some(role.organisation.clone()).filter(|o| !o.is_empty()),
            Some(organisation.clone()).filter(|o| !o.is_empty()),
        )
        .field(
            "max_load",
            role.max_load.map(|m| m.to_string()),
            max_load.map(|m| m.to_string()),
        )
        .field(
            "expertise",
            listed(&mut before.iter().copied()),
            listed(&mut expertise.iter().map(|c| c.id)),
        );
    if changes.is_empty() {
        return Ok(());
    }
    let mut active: contest_role::ActiveModel = role.clone().into();
    active.organisation = Set(organisation);
    active.max_load = Set(max_load.map(|m| m as i32));
    active.update(&txn).await?;
    contest_role_category::Entity::delete_many()
        .filter(contest_role_category::Column::RoleId.eq(role.id))
        .exec(&txn)
        .await?;
    if !expertise.is_empty() {
        contest_role_category::Entity::insert_many(expertise.iter().map(|c| {
            contest_role_category::ActiveModel {
                role_id: Set(role.id),
                category_id: Set(c.id),
            }
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    audit::append(
        &txn,
        actor,
        Record::new("judge.updated", "user", judge_id)
            .in_contest(contest.id)
            .changes(changes),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Chooses the judges of round `position` from the contest's jury (its committee). A judge
/// left out keeps the assignments they have until the next plan; the plan deals only among
/// the chosen.
pub async fn set_round_judges(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    chosen: &[Uuid],
) -> ServiceResult<()> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let txn = begin_write(db).await?;
    let round = rounds::locked(&txn, contest.id, position).await?;
    let jury: HashSet<Uuid> = contest_judges(&txn, contest.id)
        .await?
        .into_iter()
        .map(|j| j.id)
        .collect();
    let wanted: HashSet<Uuid> = chosen.iter().copied().collect();
    if !wanted.is_subset(&jury) {
        return Err(ServiceError::invalid("judges", Msg::NotAJudge));
    }
    let before = round_judge_ids(&txn, round.id).await?;
    if before == wanted {
        return Ok(());
    }
    let added: Vec<Uuid> = wanted.difference(&before).copied().collect();
    let removed: Vec<Uuid> = before.difference(&wanted).copied().collect();
    if !removed.is_empty() {
        round_judge::Entity::delete_many()
            .filter(round_judge::Column::RoundId.eq(round.id))
            .filter(round_judge::Column::JudgeId.is_in(removed.iter().copied()))
            .exec(&txn)
            .await?;
    }
    let now = Utc::now();
    if !added.is_empty() {
        round_judge::Entity::insert_many(added.iter().map(|&judge_id| round_judge::ActiveModel {
            round_id: Set(round.id),
            judge_id: Set(judge_id),
            created_at: Set(now),
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    audit::append(
        &txn,
        actor,
        Record::new("round.judges_set", "round", round.id)
            .in_contest(contest.id)
            .changes(
                Changes::new()
                    .set("added", added.len())
                    .set("removed", removed.len())
                    .set("judges", wanted.len()),
            ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Chooses every judge of the contest for round `position` (its committee).
pub async fn choose_whole_jury(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
) -> ServiceResult<()> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let all: Vec<Uuid> = contest_judges(db, contest.id)
        .await?
        .into_iter()
        .map(|j| j.id)
        .collect();
    set_round_judges(db, actor, code, position, &all).await
}

/// The contests the signed-in person judges in (one query each for roles and contests).
pub(crate) async fn judged_contests(
    db: &impl ConnectionTrait,
    judge_id: Uuid,
) -> ServiceResult<Vec<contest::Model>> {
    let ids: Vec<Uuid> = contest_role::Entity::find()
        .filter(contest_role::Column::UserId.eq(judge_id))
        .filter(contest_role::Column::Role.eq(Role::Judge))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.contest_id)
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(contest::Entity::find()
        .filter(contest::Column::Id.is_in(ids))
        .order_by_asc(contest::Column::Code)
        .all(db)
        .await?)
}
