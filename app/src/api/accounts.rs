//! Signing up, in and out, password reset, language preference, and who am I.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub use crate::model::UserSummary;

#[cfg(feature = "ssr")]
use {
    crate::api::ctx,
    crate::domain::Lang,
    crate::ssr::{auth, services::accounts, services::contests},
};

/// The signed-in user and their roles, for the header and navigation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub user: UserSummary,
    pub roles: Vec<crate::model::MyRole>,
}

#[server(endpoint = "me")]
pub async fn me() -> Result<Option<Viewer>, AppError> {
    let actor = ctx::actor().await?;
    let Some(person) = actor.person() else {
        return Ok(None);
    };
    let roles = contests::roles_of(&ctx::state().read, &person.memberships).await?;
    Ok(Some(Viewer {
        user: person.summary(),
        roles,
    }))
}

/// Asks for an account: the same answer whether the email is known or not.
#[server(endpoint = "sign_up")]
pub async fn sign_up(email: String, name: String) -> Result<(), AppError> {
    let started = std::time::Instant::now();
    let state = ctx::state();
    accounts::sign_up(
        &state.db,
        &email,
        &name,
        ctx::lang(),
        &ctx::client_address(),
        &state.settings.public_url,
    )
    .await?;
    state.outbox_wake.notify_one();
    ctx::answer_after(started, accounts::UNIFORM_ANSWER).await;
    leptos_axum::redirect("/signup?sent=1");
    Ok(())
}

/// The email and name of a sign-up link, for its page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignUpLink {
    pub email: String,
    pub name: String,
}

#[server(endpoint = "pending_sign_up")]
pub async fn pending_sign_up(token: String) -> Result<SignUpLink, AppError> {
    let state = ctx::state();
    let (email, name) = accounts::pending_sign_up(&state.read, &token).await?;
    Ok(SignUpLink { email, name })
}

/// Finishes a sign-up from its link and signs the new account in.
#[server(endpoint = "finish_sign_up")]
pub async fn finish_sign_up(token: String, name: String, password: String) -> Result<(), AppError> {
    let state = ctx::state();
    let user = accounts::finish_sign_up(&state.db, &token, &name, &password).await?;
    auth::start(&ctx::session().await?, &user).await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let state = ctx::state();
    let user = accounts::sign_in(&state.db, &email, &password, &ctx::client_address()).await?;
    auth::start(&ctx::session().await?, &user).await?;
    ctx::set_lang_cookie(user.lang.into());
    leptos_axum::redirect(&crate::redirect::safe_path(next.as_deref()));
    Ok(())
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    auth::end(&ctx::session().await?).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Asks for a reset link: the same answer, in the same time, whether the email is known.
#[server(endpoint = "request_reset")]
pub async fn request_reset(email: String) -> Result<(), AppError> {
    let started = std::time::Instant::now();
    let state = ctx::state();
    accounts::request_reset(
        &state.db,
        &email,
        &ctx::client_address(),
        &state.settings.public_url,
    )
    .await?;
    state.outbox_wake.notify_one();
    ctx::answer_after(started, accounts::UNIFORM_ANSWER).await;
    leptos_axum::redirect("/forgot?sent=1");
    Ok(())
}

#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    let state = ctx::state();
    accounts::reset_password(&state.db, &token, &password).await?;
    leptos_axum::redirect("/signin?reset=1");
    Ok(())
}

/// Changes the signed-in user's password; this session goes on, the others end when asked.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    password: String,
    sign_out_others: Option<String>,
) -> Result<(), AppError> {
    let state = ctx::state();
    let actor = ctx::actor().await?;
    let user = accounts::change_password(
        &state.db,
        &actor,
        &current_password,
        &password,
        sign_out_others.is_some(),
    )
    .await?;
    auth::start(&ctx::session().await?, &user).await?;
    leptos_axum::redirect("/account?password=1");
    Ok(())
}

/// Saves the language for the signed-in user (if any) and in the cookie.
#[server(endpoint = "set_language")]
pub async fn set_language(lang: String) -> Result<(), AppError> {
    use crate::ssr::messages::{Msg, ServiceError};
    let lang = Lang::from_tag(&lang)
        .ok_or_else(|| ctx::refuse(ServiceError::invalid("lang", Msg::Language)))?;
    let state = ctx::state();
    accounts::set_language(&state.db, &ctx::actor().await?, lang).await?;
    ctx::set_lang_cookie(lang);
    Ok(())
}
