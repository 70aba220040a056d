//! Signed-in sessions: starting and ending them, and the account behind one. Who may do what
//! is decided elsewhere (`actor`, `policy`).

use super::entities::user;
use super::messages::{ServiceError, ServiceResult};
use super::tokens::hash_token;
use sea_orm::EntityTrait;
use serde::{Deserialize, Serialize};
use tower_sessions::{Expiry, Session};
use uuid::Uuid;

const SESSION_USER: &str = "user";
/// The day (since 1970) the session was last written: a signed-in session is written again
/// at most once a day, which keeps it alive while used without a write per page view.
const SESSION_DAY: &str = "day";

fn today() -> i64 {
    chrono::Utc::now().timestamp().div_euclid(86_400)
}

/// What the session remembers. `fingerprint` ties the session to the account's session epoch:
/// a password reset, or a change with "sign out my other sessions", raises the epoch and so
/// ends every session opened before.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SessionUser {
    id: Uuid,
    fingerprint: String,
}

fn fingerprint(user: &user::Model) -> String {
    hash_token(&format!("{}:{}", user.id, user.session_epoch))[..16].to_owned()
}

/// How long a signed-in session lasts without use.
pub const SIGNED_IN_DAYS: i64 = 14;

pub async fn session() -> ServiceResult<Session> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(|e| ServiceError::Internal(format!("session layer missing: {e}")))
}

/// Starts a signed-in session with a fresh id (no session fixation).
pub async fn start(session: &Session, user: &user::Model) -> ServiceResult<()> {
    session.cycle_id().await.map_err(internal)?;
    session.set_expiry(Some(Expiry::OnInactivity(time::Duration::days(
        SIGNED_IN_DAYS,
    ))));
    session
        .insert(SESSION_DAY, today())
        .await
        .map_err(internal)?;
    session
        .insert(
            SESSION_USER,
            SessionUser {
                id: user.id,
                fingerprint: fingerprint(user),
            },
        )
        .await
        .map_err(internal)
}

pub async fn end(session: &Session) -> ServiceResult<()> {
    session.flush().await.map_err(internal)
}

pub async fn current_user(
    db: &impl sea_orm::ConnectionTrait,
    session: &Session,
) -> ServiceResult<Option<user::Model>> {
    let Some(who) = session
        .get::<SessionUser>(SESSION_USER)
        .await
        .map_err(internal)?
    else {
        return Ok(None);
    };
    let user = user::Entity::find_by_id(who.id)
        .one(db)
        .await?
        .filter(|u| u.email_confirmed_at.is_some() && fingerprint(u) == who.fingerprint);
    let day = today();
    if user.is_some() && session.get::<i64>(SESSION_DAY).await.map_err(internal)? != Some(day) {
        session.insert(SESSION_DAY, day).await.map_err(internal)?;
    }
    Ok(user)
}

fn internal(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(format!("session: {e}"))
}
