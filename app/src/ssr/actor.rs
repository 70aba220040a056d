//! Who is asking: resolved once per request from the session (`resolve`, a layer), kept in the
//! request's extensions, and read by server functions (`api::ctx::actor`) and plain routes
//! (the `Actor` extractor) alike. The command line acts as `Actor::System`.

use super::AppState;
use super::auth;
use super::entities::{contest_role, contest_role_category, user};
use super::messages::ServiceResult;
use crate::domain::Lang;
use crate::model::Role;
use axum::extract::{FromRef, FromRequestParts, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::request::Parts;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use std::sync::Arc;
use tower_sessions::Session;
use uuid::Uuid;

/// A signed-in person and everything the policy needs to know about them.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub lang: Lang,
    pub is_admin: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub memberships: Vec<Membership>,
}

impl Person {
    pub fn summary(&self) -> crate::model::UserSummary {
        crate::model::UserSummary {
            id: self.id,
            email: self.email.clone(),
            name: self.name.clone(),
            is_admin: self.is_admin,
            lang: self.lang,
            created_at: self.created_at,
        }
    }
}

/// A role in one contest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub contest: Uuid,
    pub role: RoleIn,
}

/// A role with what limits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleIn {
    Committee,
    /// A committee member for these categories only.
    SubCommittee {
        categories: Vec<Uuid>,
    },
    Judge,
}

impl RoleIn {
    pub fn role(&self) -> Role {
        match self {
            RoleIn::Committee => Role::Committee,
            RoleIn::SubCommittee { .. } => Role::SubCommittee,
            RoleIn::Judge => Role::Judge,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Actor {
    Anonymous,
    Person(Arc<Person>),
    /// Someone at the server's command line: may do anything, and is recorded as `system`.
    System,
}

impl Actor {
    pub fn person(&self) -> Option<&Person> {
        match self {
            Actor::Person(p) => Some(p),
            _ => None,
        }
    }

    pub fn id(&self) -> Option<Uuid> {
        self.person().map(|p| p.id)
    }

    /// How the audit log names this actor.
    pub fn label(&self) -> String {
        match self {
            Actor::Anonymous => "anonymous".into(),
            Actor::Person(p) => p.email.clone(),
            Actor::System => "system".into(),
        }
    }

    /// The actor a just-made or just-signed-in account acts as, before its next request.
    pub fn from_user(user: &user::Model) -> Actor {
        Actor::Person(Arc::new(Person {
            id: user.id,
            email: user.email.clone(),
            name: user.name.clone(),
            lang: user.lang.into(),
            is_admin: user.is_admin,
            created_at: user.created_at,
            memberships: Vec::new(),
        }))
    }
}

/// The person behind a confirmed account, with their roles (two queries, whatever the number
/// of roles).
pub async fn load(db: &impl ConnectionTrait, user: user::Model) -> ServiceResult<Actor> {
    let roles = contest_role::Entity::find()
        .filter(contest_role::Column::UserId.eq(user.id))
        .all(db)
        .await?;
    let mut scopes: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    let limited: Vec<Uuid> = roles
        .iter()
        .filter(|r| r.role == Role::SubCommittee)
        .map(|r| r.id)
        .collect();
    if !limited.is_empty() {
        for link in contest_role_category::Entity::find()
            .filter(contest_role_category::Column::RoleId.is_in(limited))
            .all(db)
            .await?
        {
            scopes
                .entry(link.role_id)
                .or_default()
                .push(link.category_id);
        }
    }
    let memberships = roles
        .into_iter()
        .map(|r| Membership {
            contest: r.contest_id,
            role: match r.role {
                Role::Committee => RoleIn::Committee,
                Role::Judge => RoleIn::Judge,
                Role::SubCommittee => RoleIn::SubCommittee {
                    categories: scopes.remove(&r.id).unwrap_or_default(),
                },
            },
        })
        .collect();
    Ok(Actor::Person(Arc::new(Person {
        id: user.id,
        email: user.email,
        name: user.name,
        lang: user.lang.into(),
        is_admin: user.is_admin,
        created_at: user.created_at,
        memberships,
    })))
}

/// The actor of a session: anonymous without a live signed-in session.
pub async fn of_session(db: &impl ConnectionTrait, session: &Session) -> ServiceResult<Actor> {
    match auth::current_user(db, session).await? {
        Some(user) => load(db, user).await,
        None => Ok(Actor::Anonymous),
    }
}

/// Paths that never need to know who is asking (browser files, the icon, the health check):
/// resolving there would read the session and the account for every file a page loads.
const ANONYMOUS_PATHS: [&str; 3] = ["/pkg/", "/favicon.svg", "/healthz"];

/// The layer that resolves the actor once per request (after the session layer). A request
/// whose session cannot be read is served as anonymous, and the failure logged.
pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if ANONYMOUS_PATHS.iter().any(|p| path.starts_with(p)) {
        req.extensions_mut().insert(Actor::Anonymous);
        return next.run(req).await;
    }
    let actor = match req.extensions().get::<Session>() {
        Some(session) => of_session(&state.read, session).await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "could not resolve who is asking; served as anonymous");
            Actor::Anonymous
        }),
        None => Actor::Anonymous,
    };
    req.extensions_mut().insert(actor);
    next.run(req).await
}

/// For plain routes: `async fn handler(actor: Actor, …)`. Reads what `resolve` found; without
/// that layer (a route mounted outside it) the actor is resolved here.
impl<S> FromRequestParts<S> for Actor
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(actor) = parts.extensions.get::<Actor>() {
            return Ok(actor.clone());
        }
        let state = AppState::from_ref(state);
        let actor = match parts.extensions.get::<Session>() {
            Some(session) => of_session(&state.read, session)
                .await
                .unwrap_or(Actor::Anonymous),
            None => Actor::Anonymous,
        };
        parts.extensions.insert(actor.clone());
        Ok(actor)
    }
}
