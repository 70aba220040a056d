//! Accounts: founders sign up themselves; everyone signs in with email and password;
//! forgotten passwords are reset through a single-use link that expires after an hour.

use super::{PageRequest, is_unique_violation, normalize_email, outbox};
use crate::api::accounts::UserSummary;
use crate::domain::Lang;
use crate::i18n::{Locale, td_string};
use crate::ssr::entities::{sign_in_attempt, user, user_token};
use crate::ssr::messages::{Msg, ServiceError, ServiceResult};
use crate::ssr::{password, tokens};
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use uuid::Uuid;

/// Failed sign-ins allowed per account, and per network address, within the window.
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: u64 = 20;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;
pub const RESET_LINK_MINUTES: i64 = 60;

pub struct NewAccount<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password: &'a str,
    pub lang: Lang,
}

fn check_name(raw: &str) -> ServiceResult<String> {
    let name = raw.trim();
    let len = name.chars().count();
    if (1..=100).contains(&len) {
        Ok(name.to_owned())
    } else {
        Err(ServiceError::invalid("name", Msg::Name))
    }
}

/// Creates an account inside an open transaction; the caller commits.
pub(crate) async fn insert_account(
    db: &impl ConnectionTrait,
    account: &NewAccount<'_>,
    is_admin: bool,
) -> ServiceResult<user::Model> {
    let email = normalize_email(account.email)?;
    let name = check_name(account.name)?;
    password::check_strength(account.password)?;
    if user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?
        .is_some()
    {
        return Err(ServiceError::invalid("email", Msg::EmailTaken));
    }
    let row = user::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(email),
        name: Set(name),
        password_hash: Set(password::hash(account.password)?),
        is_admin: Set(is_admin),
        lang: Set(account.lang.code().to_owned()),
        created_at: Set(Utc::now()),
    };
    row.insert(db).await.map_err(|e| {
        if is_unique_violation(&e) {
            ServiceError::invalid("email", Msg::EmailTaken)
        } else {
            e.into()
        }
    })
}

pub async fn sign_up(
    db: &DatabaseConnection,
    account: NewAccount<'_>,
) -> ServiceResult<user::Model> {
    let txn = db.begin().await?;
    let user = insert_account(&txn, &account, false).await?;
    txn.commit().await?;
    Ok(user)
}

/// Creates the first (or another) administrator; an existing account is promoted and keeps
/// its password. Returns the account and whether it was created.
pub async fn create_admin(
    db: &DatabaseConnection,
    account: NewAccount<'_>,
) -> ServiceResult<(user::Model, bool)> {
    let email = normalize_email(account.email)?;
    let txn = db.begin().await?;
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(&txn)
        .await?;
    let result = match existing {
        Some(u) => {
            let mut active: user::ActiveModel = u.into();
            active.is_admin = Set(true);
            (active.update(&txn).await?, false)
        }
        None => (insert_account(&txn, &account, true).await?, true),
    };
    txn.commit().await?;
    Ok(result)
}

/// Checks the password, counting failures per account and per address. An unknown email
/// and a wrong password get the same answer, after the same work.
pub async fn sign_in(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
    address: &str,
) -> ServiceResult<user::Model> {
    let email = email.trim().to_lowercase();
    let since = Utc::now() - Duration::minutes(FAILURE_WINDOW_MINUTES);
    let failures = |column: sign_in_attempt::Column, value: String| {
        sign_in_attempt::Entity::find()
            .filter(column.eq(value))
            .filter(sign_in_attempt::Column::Succeeded.eq(false))
            .filter(sign_in_attempt::Column::At.gt(since))
            .count(db)
    };
    if failures(sign_in_attempt::Column::Email, email.clone()).await? >= MAX_FAILURES_PER_ACCOUNT
        || failures(sign_in_attempt::Column::Address, address.to_owned()).await?
            >= MAX_FAILURES_PER_ADDRESS
    {
        return Err(ServiceError::RateLimited);
    }

    let user = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?;
    let hash = user
        .as_ref()
        .map_or(password::DUMMY_HASH.as_str(), |u| u.password_hash.as_str());
    let ok = password::verify(password, hash) && user.is_some();

    sign_in_attempt::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(email),
        address: Set(address.to_owned()),
        succeeded: Set(ok),
        at: Set(Utc::now()),
    }
    .insert(db)
    .await?;

    match user {
        Some(u) if ok => Ok(u),
        _ => Err(ServiceError::Invalid {
            field: None,
            msg: Msg::Credentials,
        }),
    }
}

/// Queues a reset link when an account has this email; says nothing either way.
pub async fn request_reset(
    db: &DatabaseConnection,
    email: &str,
    public_url: &str,
) -> ServiceResult<()> {
    let email = normalize_email(email)?;
    let txn = db.begin().await?;
    if let Some(user) = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(&txn)
        .await?
    {
        let token = tokens::new_token();
        let now = Utc::now();
        user_token::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user.id),
            purpose: Set("reset".into()),
            token_hash: Set(tokens::hash_token(&token)),
            expires_at: Set(now + Duration::minutes(RESET_LINK_MINUTES)),
            used_at: Set(None),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let lang = Lang::from_tag(&user.lang).unwrap_or_default();
        let l: Locale = lang.into();
        let link = format!("{}/reset?token={token}", public_url.trim_end_matches('/'));
        let subject = td_string!(l, mail.reset_subject).to_string();
        let body = td_string!(l, mail.reset_body, link = link.as_str()).to_string();
        outbox::enqueue(&txn, &user.email, &subject, &body).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Sets a new password from a reset link. The link works once; every other session of the
/// account ends because the password changed.
pub async fn reset_password(
    db: &DatabaseConnection,
    token: &str,
    new_password: &str,
) -> ServiceResult<user::Model> {
    let txn = db.begin().await?;
    let now = Utc::now();
    let found = user_token::Entity::find()
        .filter(user_token::Column::TokenHash.eq(tokens::hash_token(token.trim())))
        .filter(user_token::Column::Purpose.eq("reset"))
        .one(&txn)
        .await?
        .filter(|t| t.used_at.is_none() && t.expires_at > now);
    let Some(found) = found else {
        return Err(ServiceError::invalid("token", Msg::Token));
    };
    password::check_strength(new_password)?;
    let user = user::Entity::find_by_id(found.user_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::invalid("token", Msg::Token))?;
    let mut active: user::ActiveModel = user.into();
    active.password_hash = Set(password::hash(new_password)?);
    let user = active.update(&txn).await?;
    // Every outstanding reset link of the account is spent, not just this one.
    user_token::Entity::update_many()
        .col_expr(user_token::Column::UsedAt, Expr::value(now))
        .filter(user_token::Column::UserId.eq(user.id))
        .filter(user_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(user)
}

pub async fn set_language(db: &DatabaseConnection, user_id: Uuid, lang: Lang) -> ServiceResult<()> {
    user::Entity::update_many()
        .col_expr(user::Column::Lang, Expr::value(lang.code()))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn list_users(
    db: &DatabaseConnection,
    page: PageRequest,
) -> ServiceResult<(Vec<UserSummary>, u64)> {
    let total = user::Entity::find().count(db).await?;
    let rows = user::Entity::find()
        .order_by_asc(user::Column::Email)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    Ok((rows.into_iter().map(summary).collect(), total))
}

pub fn summary(u: user::Model) -> UserSummary {
    UserSummary {
        id: u.id,
        email: u.email,
        name: u.name,
        is_admin: u.is_admin,
        lang: Lang::from_tag(&u.lang).unwrap_or_default(),
        created_at: u.created_at,
    }
}
