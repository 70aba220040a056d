//! A contest's API tokens (its full committee): list them, make one (its secret shown once),
//! revoke one. Each call finds who is asking and calls one service, which checks the
//! permission first.

use crate::error::AppError;
use leptos::prelude::*;
use uuid::Uuid;

pub use crate::model::api_tokens::{ApiPage, ApiTokens, NewApiToken};

#[cfg(feature = "ssr")]
use {crate::api::ctx, crate::ssr::services::api_tokens};

/// Where a token made by a plain form post (no JavaScript) waits for the page it is sent back
/// to: the request's own session, read once and removed, so the secret is shown once.
#[cfg(feature = "ssr")]
const JUST_MADE: &str = "api_token.just_made";

/// The contest's API page: its tokens, and a token this person just made without
/// JavaScript, shown this once.
#[server(endpoint = "api_tokens")]
pub async fn list_api_tokens(code: String) -> Result<ApiPage, AppError> {
    let state = ctx::state();
    let tokens = api_tokens::list(&state.read, &ctx::actor().await?, &code).await?;
    let session = ctx::session().await?;
    let just_made = session
        .remove::<NewApiToken>(JUST_MADE)
        .await
        .ok()
        .flatten()
        .filter(|t| tokens.tokens.iter().any(|k| k.id == t.token.id));
    Ok(ApiPage {
        tokens,
        just_made,
        public_url: state.settings.public_url.trim_end_matches('/').to_owned(),
    })
}

/// Makes a token named `label` for the contest (its full committee).
#[server(endpoint = "create_api_token")]
pub async fn create_api_token(
    code: String,
    #[server(default)] label: String,
) -> Result<NewApiToken, AppError> {
    let made = api_tokens::create(&ctx::state().db, &ctx::actor().await?, &code, &label).await?;
    if ctx::plain_post() {
        let session = ctx::session().await?;
        session.insert(JUST_MADE, &made).await.map_err(|e| {
            ctx::refuse(crate::ssr::messages::ServiceError::Internal(e.to_string()))
        })?;
        back_to(&code, "created");
    }
    Ok(made)
}

/// Revokes token `id` of the contest: `true` when this call revoked it.
#[server(endpoint = "revoke_api_token")]
pub async fn revoke_api_token(code: String, id: Uuid) -> Result<bool, AppError> {
    let revoked = api_tokens::revoke(&ctx::state().db, &ctx::actor().await?, &code, id).await?;
    back_to(&code, "revoked");
    Ok(revoked)
}

#[cfg(feature = "ssr")]
fn back_to(code: &str, done: &str) {
    if ctx::plain_post() {
        let code = code.trim().to_ascii_uppercase();
        leptos_axum::redirect(&format!("/contests/{code}/api?{done}=1"));
    }
}
