//! Contests: the public list and page, creation by an administrator, invitations.

use crate::api::Paged;
use crate::domain::Lang;
use crate::error::AppError;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "ssr")]
use {
    crate::api::ctx,
    crate::ssr::{auth, services::PageRequest, services::contests, services::invitations},
};

pub const CONTESTS_PER_PAGE: u64 = 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContestSummary {
    pub id: Uuid,
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub description_vi: String,
    pub description_en: String,
    pub time_zone: String,
    pub created: crate::format::Zoned,
}

impl ContestSummary {
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_vi, &self.name_en)
    }

    pub fn description(&self, lang: Lang) -> &str {
        lang.pick(&self.description_vi, &self.description_en)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContestRole {
    Committee,
    Judge,
}

impl ContestRole {
    pub fn as_str(self) -> &'static str {
        match self {
            ContestRole::Committee => "committee",
            ContestRole::Judge => "judge",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "committee" => Some(ContestRole::Committee),
            "judge" => Some(ContestRole::Judge),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyRole {
    pub contest: ContestSummary,
    pub role: ContestRole,
    /// Categories a sub-committee member is limited to; empty means all.
    pub categories: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewContest {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub description_vi: String,
    pub description_en: String,
    pub time_zone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    pub contest: ContestSummary,
    pub role: ContestRole,
    pub email: String,
    pub account_exists: bool,
}

#[server(endpoint = "list_contests")]
pub async fn list_contests(page: Option<u64>) -> Result<Paged<ContestSummary>, AppError> {
    let state = ctx::state();
    let page = PageRequest::new(page, CONTESTS_PER_PAGE);
    let (items, total) = contests::list(&state.read, page).await.map_err(ctx::fail)?;
    Ok(Paged {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

#[server(endpoint = "get_contest")]
pub async fn get_contest(code: String) -> Result<ContestSummary, AppError> {
    let state = ctx::state();
    contests::by_code(&state.read, &code)
        .await
        .map_err(ctx::fail)
}

#[server(endpoint = "create_contest")]
pub async fn create_contest(contest: NewContest) -> Result<(), AppError> {
    let state = ctx::state();
    let actor = auth::require_admin(&state.db).await.map_err(ctx::fail)?;
    let created = contests::create(&state.db, &actor, contest)
        .await
        .map_err(ctx::fail)?;
    leptos_axum::redirect(&format!("/contests/{}", created.code));
    Ok(())
}

#[server(endpoint = "invite")]
pub async fn invite(
    contest_id: Uuid,
    email: String,
    role: String,
    categories: Option<String>,
) -> Result<(), AppError> {
    let state = ctx::state();
    let actor = auth::require_user(&state.db).await.map_err(ctx::fail)?;
    let input = invitations::NewInvitation {
        contest_id,
        email: &email,
        role: &role,
        categories: categories.as_deref().unwrap_or(""),
        lang: ctx::lang(),
    };
    invitations::invite(&state.db, &actor, input, &state.settings.public_url)
        .await
        .map_err(ctx::fail)?;
    state.outbox_wake.notify_one();
    leptos_axum::redirect("/admin?invited=1");
    Ok(())
}

#[server(endpoint = "get_invitation")]
pub async fn get_invitation(token: String) -> Result<InvitationView, AppError> {
    let state = ctx::state();
    invitations::view(&state.read, &token)
        .await
        .map_err(ctx::fail)
}

/// Accepts as the signed-in user.
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(token: String) -> Result<(), AppError> {
    let state = ctx::state();
    let user = auth::require_user(&state.db).await.map_err(ctx::fail)?;
    let code = invitations::accept(&state.db, &token, &user)
        .await
        .map_err(ctx::fail)?;
    leptos_axum::redirect(&format!("/contests/{code}"));
    Ok(())
}

/// Accepts by creating an account for the invited email, then signs in.
#[server(endpoint = "accept_invitation_new")]
pub async fn accept_invitation_new(
    token: String,
    name: String,
    password: String,
) -> Result<(), AppError> {
    let state = ctx::state();
    let (user, code) =
        invitations::accept_with_new_account(&state.db, &token, &name, &password, ctx::lang())
            .await
            .map_err(ctx::fail)?;
    let session = auth::session().await.map_err(ctx::fail)?;
    auth::start(&session, &user).await.map_err(ctx::fail)?;
    leptos_axum::redirect(&format!("/contests/{code}"));
    Ok(())
}
