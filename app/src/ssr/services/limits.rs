//! Rate limits: a counter per key and fixed window, checked and counted in one statement
//! (`INSERT … ON CONFLICT DO UPDATE … RETURNING`), so parallel requests cannot all pass the
//! check before any of them is counted. Keys are stored hashed: no email or address is kept.

use crate::ssr::entities::rate_limit;
use crate::ssr::messages::{ServiceError, ServiceResult};
use crate::ssr::tokens::hash_token;
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// At most `max` uses per `window_secs` seconds for one key.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub max: i64,
    pub window_secs: i64,
}

/// Wrong passwords for one account from one address.
pub const SIGN_IN_ACCOUNT_ADDRESS: Limit = Limit {
    name: "sign_in.account_address",
    max: 5,
    window_secs: 15 * 60,
};
/// Wrong passwords for one account from anywhere: high enough that nobody locks the owner
/// out in a few tries from new addresses, low enough to stop a distributed guesser.
pub const SIGN_IN_ACCOUNT: Limit = Limit {
    name: "sign_in.account",
    max: 50,
    window_secs: 60 * 60,
};
/// Wrong passwords from one address, for any account.
pub const SIGN_IN_ADDRESS: Limit = Limit {
    name: "sign_in.address",
    max: 20,
    window_secs: 15 * 60,
};
pub const SIGN_UP_ADDRESS: Limit = Limit {
    name: "sign_up.address",
    max: 10,
    window_secs: 60 * 60,
};
pub const SIGN_UP_EMAIL: Limit = Limit {
    name: "sign_up.email",
    max: 3,
    window_secs: 60 * 60,
};
pub const RESET_ADDRESS: Limit = Limit {
    name: "reset.address",
    max: 10,
    window_secs: 60 * 60,
};
pub const RESET_EMAIL: Limit = Limit {
    name: "reset.email",
    max: 3,
    window_secs: 60 * 60,
};

fn key(limit: &Limit, subject: &str) -> String {
    format!("{}:{}", limit.name, &hash_token(subject)[..32])
}

/// Counts one use of `subject` and refuses it when that use is over the limit.
pub async fn hit(db: &impl ConnectionTrait, limit: Limit, subject: &str) -> ServiceResult<()> {
    if count_one(db, &limit, subject).await? > limit.max {
        Err(ServiceError::RateLimited)
    } else {
        Ok(())
    }
}

/// Counts one use under each of `checks`; refused when any of them is over its limit.
/// Every counter is counted, so a refused attempt still uses up the others.
pub async fn hit_all(db: &impl ConnectionTrait, checks: &[(Limit, &str)]) -> ServiceResult<()> {
    let mut over = false;
    for (limit, subject) in checks {
        over |= count_one(db, limit, subject).await? > limit.max;
    }
    if over {
        Err(ServiceError::RateLimited)
    } else {
        Ok(())
    }
}

/// Gives back a use counted by `hit` (a sign-in that turned out right is not a failure).
pub async fn refund(db: &impl ConnectionTrait, limit: Limit, subject: &str) -> Result<(), DbErr> {
    rate_limit::Entity::update_many()
        .col_expr(
            rate_limit::Column::Count,
            Expr::col(rate_limit::Column::Count).sub(1),
        )
        .filter(rate_limit::Column::Key.eq(key(&limit, subject)))
        .filter(rate_limit::Column::Count.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes counters whose window ended long ago; the server calls this periodically.
pub async fn delete_stale(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    let day_ago = Utc::now().timestamp() - 24 * 60 * 60;
    let res = rate_limit::Entity::delete_many()
        .filter(rate_limit::Column::WindowStart.lt(day_ago))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Adds one to the counter in the current window (opening a new window when the last one
/// ended) and returns the new count, in one statement.
async fn count_one(db: &impl ConnectionTrait, limit: &Limit, subject: &str) -> ServiceResult<i64> {
    use rate_limit::Column as C;
    let now = Utc::now().timestamp();
    let ended = Expr::col((rate_limit::Entity, C::WindowStart)).lte(now - limit.window_secs);
    let stmt = Query::insert()
        .into_table(rate_limit::Entity)
        .columns([C::Key, C::WindowStart, C::Count])
        .values_panic([key(limit, subject).into(), now.into(), 1i64.into()])
        .on_conflict(
            OnConflict::column(C::Key)
                .value(
                    C::Count,
                    Expr::case(ended.clone(), 1i64)
                        .finally(Expr::col((rate_limit::Entity, C::Count)).add(1i64)),
                )
                .value(
                    C::WindowStart,
                    Expr::case(ended, now).finally(Expr::col((rate_limit::Entity, C::WindowStart))),
                )
                .to_owned(),
        )
        .returning_col(C::Count)
        .to_owned();
    let row = db
        .query_one(&stmt)
        .await?
        .ok_or_else(|| ServiceError::Internal("rate limit counter returned no row".into()))?;
    Ok(row.try_get_by_index::<i64>(0)?)
}
