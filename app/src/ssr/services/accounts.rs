//! Accounts: founders sign up themselves by email (the link sent to it finishes the account,
//! so only the owner of an address can make an account with it); everyone signs in with
//! email and password; forgotten passwords are reset through a single-use link that expires
//! after an hour; a signed-in user may change the password.
//!
//! Sign-up and reset requests answer the same whether the email has an account or not: the
//! owner of the address learns the rest by mail.

use super::audit::{self, Changes, Record};
use super::{PageRequest, clean_line, limits, normalize_email, outbox, taken};
use crate::domain::Lang;
use crate::model::UserSummary;
use crate::model::limits::PERSON_NAME_MAX;
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::user_token::TokenPurpose;
use crate::ssr::entities::{user, user_token};
use crate::ssr::letters::Letter;
use crate::ssr::messages::{AllValid, Msg, Problem, ServiceError, ServiceResult};
use crate::ssr::policy::{self, Permission};
use crate::ssr::{password, tokens};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

pub const RESET_LINK_MINUTES: i64 = 60;
pub const CONFIRM_LINK_HOURS: i64 = 24;
/// Sign-ups never finished are removed after this many days.
pub const UNCONFIRMED_DAYS: i64 = 7;
/// Sign-up and reset requests take at least this long, whatever the email, so the answer's
/// timing does not tell whether an account exists.
pub const UNIFORM_ANSWER: std::time::Duration = std::time::Duration::from_millis(150);

pub struct NewAccount<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password: &'a str,
    pub lang: Lang,
}

fn check_name(raw: &str) -> Result<String, Problem> {
    let name = clean_line(raw).ok_or_else(|| Problem::at("name", Msg::ControlCharacters))?;
    let len = name.chars().count();
    if (1..=PERSON_NAME_MAX).contains(&len) {
        Ok(name)
    } else {
        Err(Problem::at("name", Msg::Name))
    }
}

/// Records that `user` was made, and how (`sign_up`, `invitation`, `command_line`).
pub(crate) async fn audit_created(
    db: &impl ConnectionTrait,
    actor: &Actor,
    user: &user::Model,
    how: &str,
) -> ServiceResult<()> {
    audit::append(
        db,
        actor,
        Record::new("account.created", "user", user.id).changes(
            Changes::new()
                .set("email", &user.email)
                .set("name", &user.name)
                .set("is_admin", user.is_admin)
                .set("via", how),
        ),
    )
    .await
}

/// An account checked and its password hashed, ready to be written. Hashing is slow on
/// purpose, so it happens before the transaction that writes.
pub(crate) struct CheckedAccount {
    email: String,
    name: String,
    password_hash: String,
    lang: Lang,
}

pub(crate) async fn check_account(account: &NewAccount<'_>) -> ServiceResult<CheckedAccount> {
    let (email, name) = (
        normalize_email(account.email).map_err(|_| Problem::at("email", Msg::Email)),
        check_name(account.name),
    )
        .all()?;
    password::check_strength(account.password, &[&email, &name])?;
    Ok(CheckedAccount {
        password_hash: password::hash(account.password).await?,
        email,
        name,
        lang: account.lang,
    })
}

/// Writes a checked account inside an open transaction; the caller commits. The email is
/// confirmed: callers reach here only through a link sent to it, or as an administrator.
pub(crate) async fn insert_account(
    db: &impl ConnectionTrait,
    account: CheckedAccount,
    is_admin: bool,
) -> ServiceResult<user::Model> {
    let now = Utc::now();
    let row = user::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(account.email),
        name: Set(account.name),
        password_hash: Set(account.password_hash),
        is_admin: Set(is_admin),
        lang: Set(account.lang.into()),
        created_at: Set(now),
        email_confirmed_at: Set(Some(now)),
        session_epoch: Set(0),
    };
    row.insert(db)
        .await
        .map_err(taken("email", Msg::EmailTaken))
}

async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> ServiceResult<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?)
}

/// A new single-use link for `user`; earlier links of the same purpose stop working.
async fn issue_token(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    purpose: TokenPurpose,
    valid_for: Duration,
) -> ServiceResult<String> {
    let now = Utc::now();
    user_token::Entity::update_many()
        .col_expr(user_token::Column::UsedAt, Expr::value(now))
        .filter(user_token::Column::UserId.eq(user_id))
        .filter(user_token::Column::Purpose.eq(purpose))
        .filter(user_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    let token = tokens::new_token();
    user_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        purpose: Set(purpose),
        token_hash: Set(tokens::hash_token(&token)),
        expires_at: Set(now + valid_for),
        used_at: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The live token behind a link, without using it up.
async fn find_token(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: TokenPurpose,
) -> ServiceResult<user_token::Model> {
    let now = Utc::now();
    user_token::Entity::find()
        .filter(user_token::Column::TokenHash.eq(tokens::hash_token(token.trim())))
        .filter(user_token::Column::Purpose.eq(purpose))
        .one(db)
        .await?
        .filter(|t| t.used_at.is_none() && t.expires_at > now)
        .ok_or(ServiceError::invalid("token", Msg::Token))
}

/// Uses a token up in one conditional update: of several requests with the same link at the
/// same moment, exactly one finds it unused; the others are refused.
async fn consume_token(
    db: &impl ConnectionTrait,
    token: &user_token::Model,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let res = user_token::Entity::update_many()
        .col_expr(user_token::Column::UsedAt, Expr::value(now))
        .filter(user_token::Column::Id.eq(token.id))
        .filter(user_token::Column::UsedAt.is_null())
        .filter(user_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if res.rows_affected == 1 {
        Ok(())
    } else {
        Err(ServiceError::invalid("token", Msg::Token))
    }
}

fn link(public_url: &str, path: &str, token: &str) -> String {
    format!("{}{path}?token={token}", public_url.trim_end_matches('/'))
}

/// Asks for an account. Whatever the email, the answer is the same and a mail goes to the
/// address: a link to finish the account when it is new (or was never finished), a note
/// that an account exists otherwise. The link's page sets the password.
pub async fn sign_up(
    db: &DatabaseConnection,
    email: &str,
    name: &str,
    lang: Lang,
    address: &str,
    public_url: &str,
) -> ServiceResult<()> {
    let (email, name) = (
        normalize_email(email).map_err(|_| Problem::at("email", Msg::Email)),
        check_name(name),
    )
        .all()?;
    let txn = begin_write(db).await?;
    limits::hit_all(
        &txn,
        &[
            (limits::SIGN_UP_ADDRESS, address),
            (limits::SIGN_UP_EMAIL, &email),
        ],
    )
    .await?;
    match find_by_email(&txn, &email).await? {
        Some(existing) if existing.email_confirmed_at.is_some() => {
            let base = public_url.trim_end_matches('/');
            let letter = Letter::AccountExists {
                sign_in: format!("{base}/signin"),
                forgot: format!("{base}/forgot"),
            };
            outbox::enqueue(&txn, &existing.email, existing.lang.into(), &letter).await?;
        }
        found => {
            // A sign-up never finished is taken over by the newest request: only the
            // address's owner can open the link, and the link's page sets the password.
            let user = match found {
                Some(pending) => {
                    let mut active: user::ActiveModel = pending.into();
                    active.name = Set(name);
                    active.lang = Set(lang.into());
                    active.update(&txn).await?
                }
                None => insert_pending(&txn, &email, &name, lang).await?,
            };
            let token = issue_token(
                &txn,
                user.id,
                TokenPurpose::Confirm,
                Duration::hours(CONFIRM_LINK_HOURS),
            )
            .await?;
            let letter = Letter::ConfirmSignUp {
                link: link(public_url, "/confirm", &token),
            };
            outbox::enqueue(&txn, &user.email, lang, &letter).await?;
            audit::append(
                &txn,
                &Actor::Anonymous,
                Record::new("account.sign_up_requested", "user", user.id)
                    .changes(Changes::new().set("email", &user.email)),
            )
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// A new account not yet finished: no password until its owner opens the mailed link.
async fn insert_pending(
    txn: &impl ConnectionTrait,
    email: &str,
    name: &str,
    lang: Lang,
) -> ServiceResult<user::Model> {
    Ok(user::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(email.to_owned()),
        name: Set(name.to_owned()),
        password_hash: Set(String::new()),
        is_admin: Set(false),
        lang: Set(lang.into()),
        created_at: Set(Utc::now()),
        email_confirmed_at: Set(None),
        session_epoch: Set(0),
    }
    .insert(txn)
    .await?)
}

/// The account that leads an imported entry: the one with this email, else a new one not
/// yet finished, whose owner gets a link to set a password (valid as long as an unfinished
/// sign-up is kept). Answers its id and whether it was made now.
pub(crate) async fn lead_for_import(
    txn: &impl ConnectionTrait,
    email: &str,
    name: &str,
    lang: Lang,
    public_url: &str,
    (contest_vi, contest_en): (&str, &str),
) -> ServiceResult<(Uuid, bool)> {
    if let Some(found) = find_by_email(txn, email).await? {
        return Ok((found.id, false));
    }
    let user = insert_pending(txn, email, name, lang).await?;
    let token = issue_token(
        txn,
        user.id,
        TokenPurpose::Confirm,
        Duration::days(UNCONFIRMED_DAYS),
    )
    .await?;
    // Not the sign-up mail: they did not ask for an account, their committee made one.
    let letter = Letter::ImportedLead {
        contest_vi: contest_vi.to_owned(),
        contest_en: contest_en.to_owned(),
        link: link(public_url, "/confirm", &token),
        days: UNCONFIRMED_DAYS,
    };
    outbox::enqueue(txn, &user.email, lang, &letter).await?;
    Ok((user.id, true))
}

/// What the page of a sign-up link shows: the email and the name given.
pub async fn pending_sign_up(
    db: &DatabaseConnection,
    token: &str,
) -> ServiceResult<(String, String)> {
    let found = find_token(db, token, TokenPurpose::Confirm).await?;
    let user = user::Entity::find_by_id(found.user_id)
        .one(db)
        .await?
        .ok_or(ServiceError::invalid("token", Msg::Token))?;
    Ok((user.email, user.name))
}

/// Finishes a sign-up from its link: sets the name and password and confirms the email.
pub async fn finish_sign_up(
    db: &DatabaseConnection,
    token: &str,
    name: &str,
    new_password: &str,
) -> ServiceResult<user::Model> {
    let name = check_name(name)?;
    set_password_by_link(db, token, TokenPurpose::Confirm, Some(name), new_password).await
}

/// Creates the first (or another) administrator; an existing account is promoted and keeps
/// its password. Returns the account and whether it was created.
pub async fn create_admin(
    db: &DatabaseConnection,
    actor: &Actor,
    account: NewAccount<'_>,
) -> ServiceResult<(user::Model, bool)> {
    policy::require(actor, Permission::Administer)?;
    let email = normalize_email(account.email)?;
    if let Some(u) = find_by_email(db, &email).await?
        && u.email_confirmed_at.is_some()
    {
        let txn = begin_write(db).await?;
        let was_admin = u.is_admin;
        let mut active: user::ActiveModel = u.into();
        active.is_admin = Set(true);
        let promoted = active.update(&txn).await?;
        audit::append(
            &txn,
            actor,
            Record::new("account.admin_granted", "user", promoted.id)
                .changes(Changes::new().field("is_admin", Some(was_admin), Some(true))),
        )
        .await?;
        txn.commit().await?;
        return Ok((promoted, false));
    }
    let checked = check_account(&account).await?;
    let txn = begin_write(db).await?;
    // A sign-up never finished is replaced by the administrator's account.
    user::Entity::delete_many()
        .filter(user::Column::Email.eq(&email))
        .filter(user::Column::EmailConfirmedAt.is_null())
        .exec(&txn)
        .await?;
    let created = insert_account(&txn, checked, true).await?;
    audit_created(&txn, actor, &created, "administrator").await?;
    txn.commit().await?;
    Ok((created, true))
}

/// Checks the password. Each attempt is counted before the password is checked, in the same
/// statement that reads the count, per account and address, per account and per address;
/// a right password gives its count back. An unknown email and a wrong password get the
/// same answer, after the same work.
pub async fn sign_in(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
    address: &str,
) -> ServiceResult<user::Model> {
    let email: String = normalize_email(email).unwrap_or_else(|_| email.trim().to_lowercase());
    let pair = format!("{email}\u{1f}{address}");
    limits::hit_all(
        db,
        &[
            (limits::SIGN_IN_ACCOUNT_ADDRESS, &pair),
            (limits::SIGN_IN_ACCOUNT, &email),
            (limits::SIGN_IN_ADDRESS, address),
        ],
    )
    .await?;

    let user = find_by_email(db, &email).await?;
    let hash = user
        .as_ref()
        .filter(|u| u.email_confirmed_at.is_some())
        .map_or(password::DUMMY_HASH.as_str(), |u| u.password_hash.as_str());
    let ok = password::verify(password, hash).await;

    match user {
        Some(u) if ok && u.email_confirmed_at.is_some() => {
            for (limit, subject) in [
                (limits::SIGN_IN_ACCOUNT_ADDRESS, pair.as_str()),
                (limits::SIGN_IN_ACCOUNT, email.as_str()),
                (limits::SIGN_IN_ADDRESS, address),
            ] {
                limits::refund(db, limit, subject).await?;
            }
            Ok(u)
        }
        _ => Err(ServiceError::refused(Msg::Credentials)),
    }
}

/// Queues a reset link when an account has this email; says nothing either way. A new
/// request replaces the link of the previous one.
pub async fn request_reset(
    db: &DatabaseConnection,
    email: &str,
    address: &str,
    public_url: &str,
) -> ServiceResult<()> {
    let email = normalize_email(email)?;
    let txn = begin_write(db).await?;
    limits::hit_all(
        &txn,
        &[
            (limits::RESET_ADDRESS, address),
            (limits::RESET_EMAIL, &email),
        ],
    )
    .await?;
    if let Some(user) = find_by_email(&txn, &email).await? {
        let token = issue_token(
            &txn,
            user.id,
            TokenPurpose::Reset,
            Duration::minutes(RESET_LINK_MINUTES),
        )
        .await?;
        let letter = Letter::ResetPassword {
            link: link(public_url, "/reset", &token),
        };
        outbox::enqueue(&txn, &user.email, user.lang.into(), &letter).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Sets a new password from a reset link. The link works once, and also proves the email;
/// every other session of the account ends because the password changed.
pub async fn reset_password(
    db: &DatabaseConnection,
    token: &str,
    new_password: &str,
) -> ServiceResult<user::Model> {
    set_password_by_link(db, token, TokenPurpose::Reset, None, new_password).await
}

async fn set_password_by_link(
    db: &DatabaseConnection,
    token: &str,
    purpose: TokenPurpose,
    name: Option<String>,
    new_password: &str,
) -> ServiceResult<user::Model> {
    let found = find_token(db, token, purpose).await?;
    let user = user::Entity::find_by_id(found.user_id)
        .one(db)
        .await?
        .ok_or(ServiceError::invalid("token", Msg::Token))?;
    let shown_name = name.clone().unwrap_or_else(|| user.name.clone());
    password::check_strength(new_password, &[&user.email, &shown_name])?;
    let hash = password::hash(new_password).await?;

    let txn = begin_write(db).await?;
    let now = Utc::now();
    consume_token(&txn, &found, now).await?;
    let was_confirmed = user.email_confirmed_at.is_some();
    let epoch = user.session_epoch;
    let mut active: user::ActiveModel = user.into();
    active.password_hash = Set(hash);
    if let Some(name) = name {
        active.name = Set(name);
    }
    if !was_confirmed {
        active.email_confirmed_at = Set(Some(now));
    }
    // Whoever knew the old password is signed out everywhere.
    active.session_epoch = Set(epoch + 1);
    let user = active.update(&txn).await?;
    let actor = Actor::from_user(&user);
    if was_confirmed {
        audit::append(
            &txn,
            &actor,
            Record::new("account.password_reset", "user", user.id),
        )
        .await?;
    } else {
        audit_created(&txn, &actor, &user, "sign_up").await?;
    }
    txn.commit().await?;
    Ok(user)
}

/// A signed-in user changes the password, giving the current one. With `end_other_sessions`
/// every session of the account ends; the caller starts this one again.
pub async fn change_password(
    db: &DatabaseConnection,
    actor: &Actor,
    current: &str,
    new_password: &str,
    end_other_sessions: bool,
) -> ServiceResult<user::Model> {
    let user_id = policy::require_person(actor)?.id;
    let user = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(ServiceError::Unauthenticated)?;
    if !password::verify(current, &user.password_hash).await {
        return Err(ServiceError::invalid(
            "current_password",
            Msg::PasswordCurrent,
        ));
    }
    password::check_strength(new_password, &[&user.email, &user.name])?;
    let hash = password::hash(new_password).await?;
    let txn = begin_write(db).await?;
    let epoch = user.session_epoch;
    let mut active: user::ActiveModel = user.into();
    active.password_hash = Set(hash);
    if end_other_sessions {
        active.session_epoch = Set(epoch + 1);
    }
    let user = active.update(&txn).await?;
    audit::append(
        &txn,
        actor,
        Record::new("account.password_changed", "user", user.id).changes(Changes::new().field(
            "other_sessions_ended",
            None::<bool>,
            Some(end_other_sessions),
        )),
    )
    .await?;
    txn.commit().await?;
    Ok(user)
}

/// Removes sign-ups never finished within `UNCONFIRMED_DAYS`; the server calls this
/// periodically.
pub async fn delete_unfinished_sign_ups(db: &DatabaseConnection) -> ServiceResult<u64> {
    // An account made for the lead of an imported entry stays until they finish it.
    let leads = sea_orm::sea_query::Query::select()
        .column(crate::ssr::entities::entry::Column::LeadId)
        .from(crate::ssr::entities::entry::Entity)
        .to_owned();
    let res = user::Entity::delete_many()
        .filter(user::Column::EmailConfirmedAt.is_null())
        .filter(user::Column::Id.not_in_subquery(leads))
        .filter(user::Column::CreatedAt.lt(Utc::now() - Duration::days(UNCONFIRMED_DAYS)))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Saves the signed-in person's language; a visitor's lives only in the cookie.
pub async fn set_language(db: &DatabaseConnection, actor: &Actor, lang: Lang) -> ServiceResult<()> {
    let Some(person) = actor.person() else {
        return Ok(());
    };
    if person.lang == lang {
        return Ok(());
    }
    let txn = begin_write(db).await?;
    user::Entity::update_many()
        .col_expr(user::Column::Lang, Expr::value(user::UserLang::from(lang)))
        .filter(user::Column::Id.eq(person.id))
        .exec(&txn)
        .await?;
    audit::append(
        &txn,
        actor,
        Record::new("account.language_changed", "user", person.id).changes(Changes::new().field(
            "lang",
            Some(person.lang.code()),
            Some(lang.code()),
        )),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// How many administrators there are (the server says how to make the first one).
pub async fn count_admins(db: &DatabaseConnection) -> ServiceResult<u64> {
    Ok(user::Entity::find()
        .filter(user::Column::IsAdmin.eq(true))
        .count(db)
        .await?)
}

pub async fn list_users(
    db: &DatabaseConnection,
    actor: &Actor,
    page: PageRequest,
) -> ServiceResult<(Vec<UserSummary>, u64)> {
    policy::require(actor, Permission::Administer)?;
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
        lang: u.lang.into(),
        created_at: u.created_at,
    }
}
