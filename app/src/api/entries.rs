//! Entries: a founder starts, saves, submits and withdraws their own; the committee lists
//! and reads a contest's.

use crate::api::Paged;
use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::{EntryFields, EntryFilter, EntryRow, EntryView, Saved};

#[cfg(feature = "ssr")]
use {
    crate::api::ctx,
    crate::ssr::services::{PageRequest, entries},
};

pub const ENTRIES_PER_PAGE: u64 = 50;

/// Starts an entry in a contest and opens it.
#[server(endpoint = "start_entry")]
pub async fn start_entry(contest: String) -> Result<(), AppError> {
    let state = ctx::state();
    let code = entries::start(&state.db, &ctx::actor().await?, &contest).await?;
    leptos_axum::redirect(&format!("/entries/{code}?started=1"));
    Ok(())
}

#[server(endpoint = "get_entry")]
pub async fn get_entry(code: String) -> Result<EntryView, AppError> {
    let state = ctx::state();
    Ok(entries::get(&state.read, &ctx::actor().await?, &code).await?)
}

/// Saves an entry over the version the form was loaded with; `intent=submit` also submits
/// it. A plain form post goes back to the entry's page; with JavaScript (autosave) the page
/// stays and shows the answer.
#[server(endpoint = "save_entry")]
pub async fn save_entry(
    code: String,
    version: i32,
    entry: EntryFields,
    intent: Option<String>,
) -> Result<Saved, AppError> {
    let state = ctx::state();
    let submit = intent.as_deref() == Some("submit");
    let saved = entries::save(
        &state.db,
        &ctx::actor().await?,
        &code,
        version,
        entry,
        submit,
    )
    .await?;
    if ctx::plain_post() {
        let code = code.trim().to_ascii_uppercase();
        let outcome = match (submit, saved.missing.is_empty()) {
            (true, true) => "submitted=1",
            (true, false) => "incomplete=1",
            _ => "saved=1",
        };
        leptos_axum::redirect(&format!("/entries/{code}?{outcome}"));
    }
    Ok(saved)
}

#[server(endpoint = "withdraw_entry")]
pub async fn withdraw_entry(code: String) -> Result<(), AppError> {
    let state = ctx::state();
    entries::withdraw(&state.db, &ctx::actor().await?, &code).await?;
    leptos_axum::redirect(&format!(
        "/entries/{}?withdrawn=1",
        code.trim().to_ascii_uppercase()
    ));
    Ok(())
}

/// Removes a file from an entry (its lead, while submissions are open); answers its id. The
/// stored file is deleted once the removal has committed.
#[server(endpoint = "remove_attachment")]
pub async fn remove_attachment(
    code: String,
    attachment: uuid::Uuid,
) -> Result<uuid::Uuid, AppError> {
    let state = ctx::state();
    let file = crate::ssr::services::attachments::remove(
        &state.db,
        &ctx::actor().await?,
        &state.settings.data_dir,
        &code,
        attachment,
    )
    .await?;
    if let Err(e) = tokio::fs::remove_file(&file).await {
        tracing::warn!(error = %e, "could not delete a removed attachment's file");
    }
    if ctx::plain_post() {
        leptos_axum::redirect(&format!(
            "/entries/{}?removed=1#attachments",
            crate::format::urlencode(&code.trim().to_ascii_uppercase())
        ));
    }
    Ok(attachment)
}

/// The committee decides on an entry's eligibility, or disqualifies it, with a reason.
#[server(endpoint = "decide_entry")]
pub async fn decide_entry(code: String, decision: String, reason: String) -> Result<(), AppError> {
    let state = ctx::state();
    crate::ssr::services::eligibility::decide(
        &state.db,
        &ctx::actor().await?,
        &code,
        &decision,
        &reason,
    )
    .await?;
    if ctx::plain_post() {
        leptos_axum::redirect(&format!(
            "/entries/{}?decided=1#eligibility",
            crate::format::urlencode(&code.trim().to_ascii_uppercase())
        ));
    }
    Ok(())
}

/// The entries the signed-in person leads.
#[server(endpoint = "my_entries")]
pub async fn my_entries() -> Result<Vec<EntryRow>, AppError> {
    let state = ctx::state();
    Ok(entries::mine(&state.read, &ctx::actor().await?).await?)
}

/// A page of a contest's entries, for its committee.
#[server(endpoint = "list_entries")]
pub async fn list_entries(
    contest: String,
    filter: EntryFilter,
    page: Option<u64>,
) -> Result<Paged<EntryRow>, AppError> {
    let state = ctx::state();
    let page = PageRequest::new(page, ENTRIES_PER_PAGE);
    let (items, total) =
        entries::list(&state.read, &ctx::actor().await?, &contest, &filter, page).await?;
    Ok(page.of(items, total))
}
