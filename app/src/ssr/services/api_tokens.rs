//! API tokens (docs/api.md): a contest's full committee makes a token for a program (a
//! provincial or national startup portal) to read the contest's exports through `/api/v1`.
//! The token is random, shown once to its maker, and kept only as its SHA-256; it reads what
//! the contest's committee may read, in that contest only, and changes nothing. A revoked
//! token is refused from the next request on; it stays listed with when it was revoked.

use super::audit::{self, Changes, Record};
use super::contests;
use super::judges::contest_ref;
use super::results::user_names;
use crate::domain::Lang;
use crate::format::Zoned;
use crate::model::api_tokens::{ApiTokenView, ApiTokens, NewApiToken};
use crate::model::limits::{API_TOKEN_LABEL_MAX, API_TOKENS_MAX};
use crate::ssr::actor::{Actor, Membership, Person, RoleIn};
use crate::ssr::db::begin_write;
use crate::ssr::entities::{api_token, contest};
use crate::ssr::messages::{Msg, ServiceError, ServiceResult};
use crate::ssr::tokens::{hash_token, new_token};
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};
use std::sync::Arc;
use uuid::Uuid;

/// What every token starts with, so that a leaked one is recognised (secret scanners, logs).
pub const TOKEN_PREFIX: &str = "jdk_";

/// A token's last use is written at most this often, so reading through the API is not a
/// write per request.
const LAST_USED_EVERY: Duration = Duration::seconds(60);

/// The contest's tokens, newest first, for its full committee.
pub async fn list(db: &DatabaseConnection, actor: &Actor, code: &str) -> ServiceResult<ApiTokens> {
    let contest = contests::managed(db, actor, code).await?;
    let rows = api_token::Entity::find()
        .filter(api_token::Column::ContestId.eq(contest.id))
        .order_by_desc(api_token::Column::CreatedAt)
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await?;
    let names = user_names(
        db,
        rows.iter()
            .map(|t| t.created_by)
            .collect::<std::collections::HashSet<_>>(),
    )
    .await?;
    Ok(ApiTokens {
        contest: contest_ref(&contest),
        tokens: rows
            .into_iter()
            .map(|t| view(t, &contest, &names))
            .collect(),
    })
}

/// Makes a token named `label` for the contest; its secret is in the answer and nowhere else.
/// A contest holds at most `API_TOKENS_MAX` tokens that are not revoked.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    label: &str,
) -> ServiceResult<NewApiToken> {
    let contest = contests::managed(db, actor, code).await?;
    let by = actor.id().ok_or(ServiceError::Forbidden)?;
    let label = super::clean_line(label)
        .filter(|l| (1..=API_TOKEN_LABEL_MAX).contains(&l.chars().count()))
        .ok_or_else(|| ServiceError::invalid("label", Msg::TokenLabel))?;
    let txn = begin_write(db).await?;
    // The contest's row is the lock: two makers at once count the live tokens in turn.
    contests::lock(&txn, contest.id).await?;
    let live = api_token::Entity::find()
        .filter(api_token::Column::ContestId.eq(contest.id))
        .filter(api_token::Column::RevokedAt.is_null())
        .count(&txn)
        .await?;
    if live >= API_TOKENS_MAX {
        return Err(ServiceError::refused(Msg::TooManyTokens {
            max: API_TOKENS_MAX,
        }));
    }
    let secret = format!("{TOKEN_PREFIX}{}", new_token());
    let row = api_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        contest_id: Set(contest.id),
        label: Set(label.clone()),
        token_hash: Set(hash_token(&secret)),
        created_by: Set(by),
        created_at: Set(Utc::now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
        revoked_by: Set(None),
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        actor,
        Record::new("api_token.created", "api_token", row.id)
            .in_contest(contest.id)
            .changes(Changes::new().set("label", &label)),
    )
    .await?;
    txn.commit().await?;
    let names = user_names(db, [by]).await?;
    Ok(NewApiToken {
        token: view(row, &contest, &names),
        secret,
    })
}

/// Revokes token `id` of the contest: `true` when this call revoked it, `false` when it was
/// revoked already (by another tab, say).
pub async fn revoke(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    id: Uuid,
) -> ServiceResult<bool> {
    let contest = contests::managed(db, actor, code).await?;
    let by = actor.id().ok_or(ServiceError::Forbidden)?;
    let txn = begin_write(db).await?;
    let revoked = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(Utc::now()))
        .col_expr(api_token::Column::RevokedBy, Expr::value(by))
        .filter(api_token::Column::Id.eq(id))
        .filter(api_token::Column::ContestId.eq(contest.id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if !revoked {
        let exists = api_token::Entity::find_by_id(id)
            .filter(api_token::Column::ContestId.eq(contest.id))
            .count(&txn)
            .await?
            > 0;
        return if exists {
            Ok(false)
        } else {
            Err(ServiceError::NotFound)
        };
    }
    audit::append(
        &txn,
        actor,
        Record::new("api_token.revoked", "api_token", id).in_contest(contest.id),
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// The reader behind a bearer token: the contest's committee, in that contest only, named
/// after the token in logs. `None` for a token that is unknown or revoked. The token is looked
/// up on `read`; `db` (the writer) is taken only to note its use, at most once a minute.
pub async fn authenticate(
    read: &DatabaseConnection,
    db: &DatabaseConnection,
    secret: &str,
) -> ServiceResult<Option<Actor>> {
    if !secret.starts_with(TOKEN_PREFIX) || secret.len() > 128 {
        return Ok(None);
    }
    let Some(token) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(hash_token(secret)))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(read)
        .await?
    else {
        return Ok(None);
    };
    let now = Utc::now();
    if token
        .last_used_at
        .is_none_or(|at| now - at >= LAST_USED_EVERY)
    {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
            .filter(api_token::Column::Id.eq(token.id))
            .filter(
                Condition::any()
                    .add(api_token::Column::LastUsedAt.is_null())
                    .add(api_token::Column::LastUsedAt.lt(now - LAST_USED_EVERY)),
            )
            .exec(db)
            .await?;
    }
    Ok(Some(token_actor(&token)))
}

/// A token reads as the contest's full committee would, and as nobody anywhere else; it is
/// no administrator and leads no entry (its id is the token's, which no account has).
fn token_actor(token: &api_token::Model) -> Actor {
    Actor::Person(Arc::new(Person {
        id: token.id,
        email: format!("api-token:{}", token.id),
        name: token.label.clone(),
        lang: Lang::Vi,
        is_admin: false,
        created_at: token.created_at,
        memberships: vec![Membership {
            contest: token.contest_id,
            role: RoleIn::Committee,
        }],
    }))
}

fn view(
    t: api_token::Model,
    contest: &contest::Model,
    names: &std::collections::HashMap<Uuid, String>,
) -> ApiTokenView {
    let zoned = |at| Zoned::new(at, &contest.time_zone);
    ApiTokenView {
        id: t.id,
        created_by: names.get(&t.created_by).cloned().unwrap_or_default(),
        label: t.label,
        created: zoned(t.created_at),
        last_used: t.last_used_at.map(zoned),
        revoked: t.revoked_at.map(zoned),
    }
}
