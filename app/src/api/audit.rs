//! The audit log page's data: administrators read every record, a contest's committee its
//! contest's.

use crate::error::AppError;
use crate::model::{AuditEntry, AuditFilter, Paged};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::api::ctx,
    crate::ssr::{services::PageRequest, services::audit},
};

pub const AUDIT_PER_PAGE: u64 = 50;

#[server(endpoint = "list_audit")]
pub async fn list_audit(
    // An empty filter is sent as nothing at all.
    #[server(default)] filter: AuditFilter,
    page: Option<u64>,
) -> Result<Paged<AuditEntry>, AppError> {
    let state = ctx::state();
    let page = PageRequest::new(page, AUDIT_PER_PAGE);
    Ok(audit::list(&state.read, &ctx::actor().await?, &filter, page).await?)
}
