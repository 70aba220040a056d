//! Site administration: users and the mail outbox.

use crate::api::Paged;
use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::{OutboxMail, UserSummary};

#[cfg(feature = "ssr")]
use {
    crate::api::ctx,
    crate::ssr::{services::PageRequest, services::accounts, services::outbox},
};

pub const ROWS_PER_PAGE: u64 = 25;

#[server(endpoint = "list_users")]
pub async fn list_users(page: Option<u64>) -> Result<Paged<UserSummary>, AppError> {
    let state = ctx::state();
    let page = PageRequest::new(page, ROWS_PER_PAGE);
    let (items, total) = accounts::list_users(&state.read, &ctx::actor().await?, page).await?;
    Ok(page.of(items, total))
}

#[server(endpoint = "list_outbox")]
pub async fn list_outbox(page: Option<u64>) -> Result<Paged<OutboxMail>, AppError> {
    let state = ctx::state();
    let page = PageRequest::new(page, ROWS_PER_PAGE);
    let (items, total) = outbox::list(&state.read, &ctx::actor().await?, page).await?;
    Ok(page.of(items, total))
}
