//! Invitations: committee members, sub-committee members and judges join a contest through a
//! link sent by mail, valid for 14 days and for the invited email only.

use super::accounts::{NewAccount, check_account, insert_account};
use super::audit::{self, Changes, Record};
use super::contests::{categories_by_id, resolve_categories, role_matches, summary};
use super::{normalize_email, outbox};
use crate::domain::Lang;
use crate::model::{Category, InvitationView, Member, Role};
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::{
    contest, contest_role, contest_role_category, invitation, invitation_category, user,
};
use crate::ssr::letters::Letter;
use crate::ssr::messages::{Msg, Problem, ServiceError, ServiceResult};
use crate::ssr::policy::{self, Permission};
use crate::ssr::tokens;
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;
use uuid::Uuid;

pub const INVITATION_DAYS: i64 = 14;

pub struct NewInvitation<'a> {
    pub contest_id: Uuid,
    pub email: &'a str,
    /// A role's code: `committee`, `sub_committee` or `judge`.
    pub role: &'a str,
    /// Comma-separated category codes: those limiting a sub-committee member, or a judge's
    /// expertise.
    pub categories: &'a str,
    /// The invited person's name, when the committee gives it (offered when they accept).
    pub name: &'a str,
    /// A judge's organisation (compared with the teams' for conflicts of interest).
    pub organisation: &'a str,
    /// A judge's maximum load per round: a whole number, or empty for no limit.
    pub max_load: &'a str,
    /// The language the mail is written in.
    pub lang: Lang,
}

/// An invitation whose every field was checked.
pub(crate) struct Checked {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub categories: Vec<Category>,
    pub organisation: String,
    pub max_load: Option<u32>,
}

/// Writes the invitation and its mail in one transaction; returns the link (the caller may
/// show it to an administrator when no SMTP server is set up).
pub async fn invite(
    db: &DatabaseConnection,
    actor: &Actor,
    input: NewInvitation<'_>,
    public_url: &str,
) -> ServiceResult<String> {
    let Some(contest) = contest::Entity::find_by_id(input.contest_id)
        .one(db)
        .await?
    else {
        return Err(ServiceError::invalid("contest_id", Msg::Contest));
    };
    policy::require(
        actor,
        Permission::InviteTo {
            contest: contest.id,
            role: Role::from_code(input.role).unwrap_or(Role::Judge),
        },
    )?;
    let checked = check(db, &contest, &input).await?;
    let txn = begin_write(db).await?;
    let link = write(&txn, actor, &contest, checked, input.lang, public_url).await?;
    txn.commit().await?;
    Ok(link)
}

/// Checks every field of an invitation to `contest`, naming each problem.
pub(crate) async fn check(
    db: &impl ConnectionTrait,
    contest: &contest::Model,
    input: &NewInvitation<'_>,
) -> ServiceResult<Checked> {
    let role = Role::from_code(input.role);
    let email = normalize_email(input.email).map_err(|_| Problem::at("email", Msg::Email));
    let role = role.ok_or_else(|| Problem::at("role", Msg::Role));
    let categories = resolve_categories(db, contest.id, "categories", input.categories).await;
    let profile = super::judges::check_profile(input.organisation, input.max_load);
    let mut problems: Vec<Problem> = profile.clone().err().unwrap_or_default();
    let name = super::clean_line(input.name)
        .filter(|n| n.chars().count() <= crate::model::limits::PERSON_NAME_MAX)
        .ok_or_else(|| Problem::at("name", Msg::Name));
    if let Err(p) = &name {
        problems.push(p.clone());
    }
    for p in [email.as_ref().err(), role.as_ref().err()]
        .into_iter()
        .flatten()
    {
        problems.push(p.clone());
    }
    match &categories {
        Err(ServiceError::Invalid(more)) => problems.extend(more.iter().cloned()),
        Err(_) => {}
        Ok(cats) => {
            if let Ok(role) = role
                && !role_matches(role, cats)
            {
                problems.push(Problem::at("categories", Msg::CategoriesForRole));
            }
        }
    }
    if !problems.is_empty() {
        return Err(ServiceError::Invalid(problems));
    }
    let (Ok(email), Ok(role), Ok(categories), Ok((organisation, max_load)), Ok(name)) =
        (email, role, categories, profile, name)
    else {
        return Err(ServiceError::Internal("invitation checks disagree".into()));
    };
    Ok(Checked {
        email,
        name,
        role,
        categories,
        organisation,
        max_load,
    })
}

/// Writes a checked invitation, its mail and its audit record in `txn`; returns the link.
pub(crate) async fn write(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    contest: &contest::Model,
    checked: Checked,
    lang: Lang,
    public_url: &str,
) -> ServiceResult<String> {
    let Checked {
        email,
        name,
        role,
        categories,
        organisation,
        max_load,
    } = checked;
    let token = tokens::new_token();
    let now = Utc::now();
    let saved = invitation::ActiveModel {
        id: Set(Uuid::now_v7()),
        token_hash: Set(tokens::hash_token(&token)),
        email: Set(email.clone()),
        contest_id: Set(contest.id),
        role: Set(role),
        invited_by: Set(actor.id().unwrap_or_default()),
        expires_at: Set(now + Duration::days(INVITATION_DAYS)),
        accepted_at: Set(None),
        accepted_by: Set(None),
        created_at: Set(now),
        organisation: Set(organisation.clone()),
        max_load: Set(max_load.map(|m| m as i32)),
        name: Set(name.clone()),
    }
    .insert(txn)
    .await?;
    link_categories(txn, &categories, |category_id| {
        invitation_category::ActiveModel {
            invitation_id: Set(saved.id),
            category_id: Set(category_id),
        }
    })
    .await?;
    let link = format!("{}/invite?token={token}", public_url.trim_end_matches('/'));
    outbox::enqueue(
        txn,
        &email,
        lang,
        &Letter::Invitation {
            contest_vi: contest.name_vi.clone(),
            contest_en: contest.name_en.clone(),
            role,
            link: link.clone(),
        },
    )
    .await?;
    audit::append(
        txn,
        actor,
        Record::new("invitation.created", "invitation", saved.id)
            .in_contest(contest.id)
            .changes(
                Changes::new()
                    .set("email", &email)
                    .field("name", None::<String>, Some(name).filter(|n| !n.is_empty()))
                    .set("role", role.code())
                    .field("categories", None::<String>, codes(&categories))
                    .field(
                        "organisation",
                        None::<String>,
                        Some(organisation).filter(|o| !o.is_empty()),
                    )
                    .field("max_load", None::<String>, max_load.map(|m| m.to_string())),
            ),
    )
    .await?;
    Ok(link)
}

/// `AG, IT`, or nothing for no categories.
fn codes(categories: &[Category]) -> Option<String> {
    (!categories.is_empty()).then(|| {
        categories
            .iter()
            .map(|c| c.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// Inserts one link row per category, in one statement.
async fn link_categories<A>(
    db: &impl ConnectionTrait,
    categories: &[Category],
    row: impl Fn(Uuid) -> A,
) -> ServiceResult<()>
where
    A: sea_orm::ActiveModelTrait,
{
    if categories.is_empty() {
        return Ok(());
    }
    <A::Entity as EntityTrait>::insert_many(categories.iter().map(|c| row(c.id)))
        .exec_without_returning(db)
        .await?;
    Ok(())
}

async fn open_invitation(
    db: &impl ConnectionTrait,
    token: &str,
) -> ServiceResult<(invitation::Model, contest::Model, Vec<Category>)> {
    let now = Utc::now();
    let inv = invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(tokens::hash_token(token.trim())))
        .one(db)
        .await?
        .filter(|i| i.accepted_at.is_none() && i.expires_at > now)
        .ok_or(ServiceError::invalid("token", Msg::Token))?;
    let contest = contest::Entity::find_by_id(inv.contest_id)
        .one(db)
        .await?
        .ok_or(ServiceError::invalid("token", Msg::Token))?;
    let ids: Vec<Uuid> = invitation_category::Entity::find()
        .filter(invitation_category::Column::InvitationId.eq(inv.id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.category_id)
        .collect();
    let mut categories: Vec<Category> = categories_by_id(db, ids).await?.into_values().collect();
    categories.sort_by(|a, b| a.code.cmp(&b.code));
    Ok((inv, contest, categories))
}

/// What the invitation page shows before it is accepted.
pub async fn view(db: &DatabaseConnection, token: &str) -> ServiceResult<InvitationView> {
    let (inv, contest, categories) = open_invitation(db, token).await?;
    let account_exists = user::Entity::find()
        .filter(user::Column::Email.eq(&inv.email))
        .filter(user::Column::EmailConfirmedAt.is_not_null())
        .one(db)
        .await?
        .is_some();
    Ok(InvitationView {
        contest: summary(contest),
        role: inv.role,
        categories,
        name: inv.name,
        email: inv.email,
        account_exists,
    })
}

async fn grant(
    db: &impl ConnectionTrait,
    inv: invitation::Model,
    categories: &[Category],
    user: &user::Model,
    actor: &Actor,
) -> ServiceResult<()> {
    let now = Utc::now();
    // The invitation is used up first, in one conditional update: of two acceptances at the
    // same moment, exactly one goes on.
    let res = invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
        .col_expr(invitation::Column::AcceptedBy, Expr::value(user.id))
        .filter(invitation::Column::Id.eq(inv.id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(db)
        .await?;
    if res.rows_affected != 1 {
        return Err(ServiceError::invalid("token", Msg::Token));
    }
    audit::append(
        db,
        actor,
        Record::new("invitation.accepted", "invitation", inv.id).in_contest(inv.contest_id),
    )
    .await?;
    let existing = contest_role::Entity::find()
        .filter(contest_role::Column::ContestId.eq(inv.contest_id))
        .filter(contest_role::Column::UserId.eq(user.id))
        .filter(contest_role::Column::Role.eq(inv.role))
        .one(db)
        .await?;
    if existing.is_none() {
        let role = contest_role::ActiveModel {
            id: Set(Uuid::now_v7()),
            contest_id: Set(inv.contest_id),
            user_id: Set(user.id),
            role: Set(inv.role),
            created_at: Set(now),
            organisation: Set(inv.organisation.clone()),
            max_load: Set(inv.max_load),
        }
        .insert(db)
        .await?;
        link_categories(db, categories, |category_id| {
            contest_role_category::ActiveModel {
                role_id: Set(role.id),
                category_id: Set(category_id),
            }
        })
        .await?;
        audit::append(
            db,
            actor,
            Record::new("role.granted", "user", user.id)
                .in_contest(inv.contest_id)
                .changes(Changes::new().set("role", inv.role.code()).field(
                    "categories",
                    None::<String>,
                    codes(categories),
                )),
        )
        .await?;
    }
    Ok(())
}

/// A signed-in user accepts; the invitation must be for their email.
pub async fn accept(db: &DatabaseConnection, actor: &Actor, token: &str) -> ServiceResult<String> {
    let person = policy::require_person(actor)?;
    let txn = begin_write(db).await?;
    let (inv, contest, categories) = open_invitation(&txn, token).await?;
    if inv.email != person.email {
        return Err(ServiceError::refused(Msg::InviteEmail { email: inv.email }));
    }
    let user = user::Entity::find_by_id(person.id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::Unauthenticated)?;
    grant(&txn, inv, &categories, &user, actor).await?;
    txn.commit().await?;
    Ok(contest.code)
}

/// Someone without an account accepts by creating one for the invited email.
pub async fn accept_with_new_account(
    db: &DatabaseConnection,
    token: &str,
    name: &str,
    password: &str,
    lang: Lang,
) -> ServiceResult<(user::Model, String)> {
    let (inv, _, _) = open_invitation(db, token).await?;
    let checked = check_account(&NewAccount {
        email: &inv.email,
        name,
        password,
        lang,
    })
    .await?;
    let txn = begin_write(db).await?;
    let (inv, contest, categories) = open_invitation(&txn, token).await?;
    // The link proves the email: a sign-up never finished with it gives way.
    user::Entity::delete_many()
        .filter(user::Column::Email.eq(&inv.email))
        .filter(user::Column::EmailConfirmedAt.is_null())
        .exec(&txn)
        .await?;
    let user = insert_account(&txn, checked, false).await?;
    let actor = Actor::from_user(&user);
    super::accounts::audit_created(&txn, &actor, &user, "invitation").await?;
    grant(&txn, inv, &categories, &user, &actor).await?;
    txn.commit().await?;
    Ok((user, contest.code))
}

/// A contest's members and open invitations, for its committee: people with a role (by role,
/// then email), then invitations not yet accepted nor expired. A contest has tens of members;
/// five queries whatever their number.
pub async fn members(
    db: &DatabaseConnection,
    actor: &Actor,
    contest_code: &str,
) -> ServiceResult<Vec<Member>> {
    let contest = super::contests::find_by_code(db, contest_code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let roles = contest_role::Entity::find()
        .filter(contest_role::Column::ContestId.eq(contest.id))
        .all(db)
        .await?;
    let users: HashMap<Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(roles.iter().map(|r| r.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let open = invitation::Entity::find()
        .filter(invitation::Column::ContestId.eq(contest.id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(Utc::now()))
        .order_by_asc(invitation::Column::Email)
        .all(db)
        .await?;
    let role_scopes = contest_role_category::Entity::find()
        .filter(contest_role_category::Column::RoleId.is_in(roles.iter().map(|r| r.id)))
        .all(db)
        .await?;
    let invitation_scopes = invitation_category::Entity::find()
        .filter(invitation_category::Column::InvitationId.is_in(open.iter().map(|i| i.id)))
        .all(db)
        .await?;
    let ids = role_scopes
        .iter()
        .map(|l| l.category_id)
        .chain(invitation_scopes.iter().map(|l| l.category_id))
        .collect();
    let names = categories_by_id(db, ids).await?;
    let codes_of = |links: Vec<Uuid>| -> Vec<String> {
        let mut codes: Vec<String> = links
            .iter()
            .filter_map(|id| names.get(id).map(|c| c.code.clone()))
            .collect();
        codes.sort();
        codes
    };
    let mut people: Vec<Member> = roles
        .iter()
        .filter_map(|r| {
            let u = users.get(&r.user_id)?;
            let links = role_scopes
                .iter()
                .filter(|l| l.role_id == r.id)
                .map(|l| l.category_id)
                .collect();
            Some(Member {
                name: Some(u.name.clone()),
                email: u.email.clone(),
                role: r.role,
                categories: codes_of(links),
                pending_until: None,
            })
        })
        .collect();
    people.sort_by(|a, b| (a.role.code(), &a.email).cmp(&(b.role.code(), &b.email)));
    people.extend(open.iter().map(|i| {
        let links = invitation_scopes
            .iter()
            .filter(|l| l.invitation_id == i.id)
            .map(|l| l.category_id)
            .collect();
        Member {
            name: None,
            email: i.email.clone(),
            role: i.role,
            categories: codes_of(links),
            pending_until: Some(crate::format::Zoned::new(i.expires_at, &contest.time_zone)),
        }
    }));
    Ok(people)
}
