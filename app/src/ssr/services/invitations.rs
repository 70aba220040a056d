//! Invitations: committee members and judges join a contest through a link sent by mail,
//! valid for 14 days and for the invited email only.

use super::accounts::{NewAccount, check_account, insert_account};
use super::{normalize_email, outbox};
use crate::api::contests::{ContestRole, InvitationView};
use crate::domain::Lang;
use crate::i18n::{Locale, td_string};
use crate::ssr::db::begin_write;
use crate::ssr::entities::{contest, contest_role, invitation, user};
use crate::ssr::messages::{Msg, ServiceError, ServiceResult};
use crate::ssr::tokens;
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};
use uuid::Uuid;

pub const INVITATION_DAYS: i64 = 14;

pub struct NewInvitation<'a> {
    pub contest_id: Uuid,
    pub email: &'a str,
    pub role: &'a str,
    /// Comma-separated category codes limiting a sub-committee member; empty for all.
    pub categories: &'a str,
    /// The language the mail is written in.
    pub lang: Lang,
}

/// May this user invite people to this contest? Administrators, and the contest's
/// committee members not limited to some categories.
async fn may_invite(
    db: &impl ConnectionTrait,
    actor: &user::Model,
    contest_id: Uuid,
) -> ServiceResult<bool> {
    if actor.is_admin {
        return Ok(true);
    }
    let role = contest_role::Entity::find()
        .filter(contest_role::Column::ContestId.eq(contest_id))
        .filter(contest_role::Column::UserId.eq(actor.id))
        .filter(contest_role::Column::Role.eq(ContestRole::Committee.as_str()))
        .one(db)
        .await?;
    Ok(role.is_some_and(|r| parse_categories(r.categories.as_deref()).is_empty()))
}

fn parse_categories(stored: Option<&str>) -> Vec<String> {
    stored
        .and_then(|c| serde_json::from_str(c).ok())
        .unwrap_or_default()
}

fn categories_json(raw: &str) -> Option<String> {
    let list: Vec<String> = raw
        .split(',')
        .map(|c| c.trim().to_uppercase())
        .filter(|c| !c.is_empty())
        .collect();
    (!list.is_empty()).then(|| serde_json::to_string(&list).unwrap_or_default())
}

/// Writes the invitation and its mail in one transaction; returns the link (the caller may
/// show it to an administrator when no SMTP server is set up).
pub async fn invite(
    db: &DatabaseConnection,
    actor: &user::Model,
    input: NewInvitation<'_>,
    public_url: &str,
) -> ServiceResult<String> {
    let email = normalize_email(input.email)?;
    let role = ContestRole::parse(input.role).ok_or(ServiceError::invalid("role", Msg::Role))?;
    let txn = begin_write(db).await?;
    let Some(contest) = contest::Entity::find_by_id(input.contest_id)
        .one(&txn)
        .await?
    else {
        return Err(ServiceError::invalid("contest_id", Msg::Contest));
    };
    if !may_invite(&txn, actor, contest.id).await? {
        return Err(ServiceError::Forbidden);
    }
    let token = tokens::new_token();
    let now = Utc::now();
    invitation::ActiveModel {
        id: Set(Uuid::now_v7()),
        token_hash: Set(tokens::hash_token(&token)),
        email: Set(email.clone()),
        contest_id: Set(contest.id),
        role: Set(role.as_str().to_owned()),
        categories: Set(categories_json(input.categories)),
        invited_by: Set(actor.id),
        expires_at: Set(now + Duration::days(INVITATION_DAYS)),
        accepted_at: Set(None),
        accepted_by: Set(None),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let l: Locale = input.lang.into();
    let contest_name = match input.lang {
        Lang::Vi => contest.name_vi.as_str(),
        Lang::En => contest.name_en.as_str(),
    };
    let role_name = match role {
        ContestRole::Committee => td_string!(l, role.committee).to_string(),
        ContestRole::Judge => td_string!(l, role.judge).to_string(),
    };
    let link = format!("{}/invite?token={token}", public_url.trim_end_matches('/'));
    let subject = td_string!(l, mail.invite_subject, contest = contest_name).to_string();
    let body = td_string!(
        l,
        mail.invite_body,
        contest = contest_name,
        role = role_name.as_str(),
        link = link.as_str()
    )
    .to_string();
    outbox::enqueue(&txn, &email, &subject, &body).await?;
    txn.commit().await?;
    Ok(link)
}

async fn open_invitation(
    db: &impl ConnectionTrait,
    token: &str,
) -> ServiceResult<(invitation::Model, contest::Model)> {
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
    Ok((inv, contest))
}

/// What the invitation page shows before it is accepted.
pub async fn view(db: &DatabaseConnection, token: &str) -> ServiceResult<InvitationView> {
    let (inv, contest) = open_invitation(db, token).await?;
    let account_exists = user::Entity::find()
        .filter(user::Column::Email.eq(&inv.email))
        .filter(user::Column::EmailConfirmedAt.is_not_null())
        .one(db)
        .await?
        .is_some();
    Ok(InvitationView {
        contest: super::contests::summary(contest),
        role: ContestRole::parse(&inv.role).unwrap_or(ContestRole::Judge),
        email: inv.email,
        account_exists,
    })
}

async fn grant(
    db: &impl ConnectionTrait,
    inv: invitation::Model,
    user: &user::Model,
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
    let existing = contest_role::Entity::find()
        .filter(contest_role::Column::ContestId.eq(inv.contest_id))
        .filter(contest_role::Column::UserId.eq(user.id))
        .filter(contest_role::Column::Role.eq(&inv.role))
        .one(db)
        .await?;
    if existing.is_none() {
        contest_role::ActiveModel {
            id: Set(Uuid::now_v7()),
            contest_id: Set(inv.contest_id),
            user_id: Set(user.id),
            role: Set(inv.role),
            categories: Set(inv.categories),
            created_at: Set(now),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// A signed-in user accepts; the invitation must be for their email.
pub async fn accept(
    db: &DatabaseConnection,
    token: &str,
    user: &user::Model,
) -> ServiceResult<String> {
    let txn = begin_write(db).await?;
    let (inv, contest) = open_invitation(&txn, token).await?;
    if inv.email != user.email {
        return Err(ServiceError::Invalid {
            field: None,
            msg: Msg::InviteEmail { email: inv.email },
        });
    }
    grant(&txn, inv, user).await?;
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
    let (inv, _) = open_invitation(db, token).await?;
    let checked = check_account(&NewAccount {
        email: &inv.email,
        name,
        password,
        lang,
    })
    .await?;
    let txn = begin_write(db).await?;
    let (inv, contest) = open_invitation(&txn, token).await?;
    // The link proves the email: a sign-up never finished with it gives way.
    user::Entity::delete_many()
        .filter(user::Column::Email.eq(&inv.email))
        .filter(user::Column::EmailConfirmedAt.is_null())
        .exec(&txn)
        .await?;
    let user = insert_account(&txn, checked, false).await?;
    grant(&txn, inv, &user).await?;
    txn.commit().await?;
    Ok((user, contest.code))
}
