//! Score sheets: a judge's sheet page and saves; the committee's view of an entry's sheets and
//! reopening one. Each call finds who is asking and calls one service, which checks first.

use crate::error::AppError;
use leptos::prelude::*;
use uuid::Uuid;

pub use crate::model::sheets::{EntrySheets, SheetFields, SheetSaved, SheetView};

#[cfg(feature = "ssr")]
use {
    crate::api::ctx,
    crate::ssr::services::sheets::{self, Save, SheetAt},
};

/// The signed-in judge's sheet for `entry` in round `position` of contest `code`.
#[server(endpoint = "get_sheet")]
pub async fn get_sheet(code: String, position: i32, entry: String) -> Result<SheetView, AppError> {
    let at = SheetAt {
        contest: &code,
        position,
        entry: &entry,
    };
    Ok(sheets::open(&ctx::state().read, &ctx::actor().await?, at).await?)
}

/// Saves the sheet over the version the page was loaded with; `intent=submit` also submits it.
/// A plain form post goes back to the sheet; with JavaScript (autosave) the page stays.
#[server(endpoint = "save_sheet")]
pub async fn save_sheet(
    code: String,
    position: i32,
    entry: String,
    version: i32,
    #[server(default)] sheet: SheetFields,
    intent: Option<String>,
) -> Result<SheetSaved, AppError> {
    let submit = intent.as_deref() == Some("submit");
    let at = SheetAt {
        contest: &code,
        position,
        entry: &entry,
    };
    let input = Save {
        at,
        version,
        fields: sheet,
        submit,
    };
    let state = ctx::state();
    let saved = sheets::save(&state.db, &state.read, &ctx::actor().await?, input).await?;
    if ctx::plain_post() {
        let code = code.trim().to_ascii_uppercase();
        let entry = entry.trim().to_ascii_uppercase();
        let outcome = if submit { "submitted=1" } else { "saved=1" };
        leptos_axum::redirect(&format!(
            "/judging/{code}/rounds/{position}/{entry}?{outcome}"
        ));
    }
    Ok(saved)
}

/// An entry's sheets in a round, side by side (its committee).
#[server(endpoint = "sheets_of_entry")]
pub async fn sheets_of_entry(
    code: String,
    position: i32,
    entry: String,
) -> Result<EntrySheets, AppError> {
    Ok(sheets::of_entry(
        &ctx::state().read,
        &ctx::actor().await?,
        &code,
        position,
        &entry,
    )
    .await?)
}

/// Reopens a judge's submitted sheet with a reason (its committee).
#[server(endpoint = "reopen_sheet")]
pub async fn reopen_sheet(
    code: String,
    position: i32,
    entry: String,
    judge: Uuid,
    #[server(default)] reason: String,
    // `discrepancies`: back to the round's discrepancy queue after a plain post.
    #[server(default)] back: String,
) -> Result<(), AppError> {
    sheets::reopen(
        &ctx::state().db,
        &ctx::actor().await?,
        &code,
        position,
        &entry,
        judge,
        &reason,
    )
    .await?;
    if ctx::plain_post() {
        let code = code.trim().to_ascii_uppercase();
        let entry = entry.trim().to_ascii_uppercase();
        let to = if back == "discrepancies" {
            format!("/contests/{code}/rounds/{position}/discrepancies?resolved=1")
        } else {
            format!("/contests/{code}/rounds/{position}/entries/{entry}?reopened=1")
        };
        leptos_axum::redirect(&to);
    }
    Ok(())
}
