//! Site administration: users and the mail outbox.

use crate::api::Paged;
use crate::api::accounts::UserSummary;
use crate::error::AppError;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "ssr")]
use {
    crate::api::ctx,
    crate::ssr::{auth, services::PageRequest, services::accounts, services::outbox},
};

pub const ROWS_PER_PAGE: u64 = 25;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxMail {
    pub id: Uuid,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created: crate::format::Zoned,
    pub sent: bool,
}

#[server(endpoint = "list_users")]
pub async fn list_users(page: Option<u64>) -> Result<Paged<UserSummary>, AppError> {
    let state = ctx::state();
    auth::require_admin(&state.read).await.map_err(ctx::fail)?;
    let page = PageRequest::new(page, ROWS_PER_PAGE);
    let (items, total) = accounts::list_users(&state.read, page)
        .await
        .map_err(ctx::fail)?;
    Ok(Paged {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

#[server(endpoint = "list_outbox")]
pub async fn list_outbox(page: Option<u64>) -> Result<Paged<OutboxMail>, AppError> {
    let state = ctx::state();
    auth::require_admin(&state.read).await.map_err(ctx::fail)?;
    let page = PageRequest::new(page, ROWS_PER_PAGE);
    let (items, total) = outbox::list(&state.read, page)
        .await
        .map_err(|e| ctx::fail(e.into()))?;
    Ok(Paged {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}
