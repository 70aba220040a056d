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

/// The session key of the last import's report and text, for a page without JavaScript.
pub const IMPORT_KEY: &str = "entry_import";

/// Imports entries from CSV text (the contest's committee): `intent=apply` creates them all
/// or none, anything else is a dry run. Every bad line is in the report, not an error.
#[server(endpoint = "import_entries")]
pub async fn import_entries(
    contest: String,
    csv: String,
    intent: Option<String>,
) -> Result<crate::model::ImportReport, AppError> {
    let state = ctx::state();
    let found = crate::ssr::services::entry_import::import(
        &state.db,
        &ctx::actor().await?,
        &contest,
        &csv,
        intent.as_deref() == Some("apply"),
        &state.settings.public_url,
    )
    .await?;
    let page = format!(
        "/contests/{}/import?report=1",
        crate::format::urlencode(&contest.trim().to_ascii_uppercase())
    );
    import_report(found, csv, page).await
}

/// An import's report in the reader's language. Without JavaScript the browser goes back to
/// `page`, and the report is kept in the session with, unless the import was applied, the
/// text as it was sent (`last_import` takes it back once).
#[cfg(feature = "ssr")]
pub(crate) async fn import_report(
    found: crate::ssr::services::entry_import::Found,
    csv: String,
    page: String,
) -> Result<crate::model::ImportReport, AppError> {
    use crate::model::{ImportProblem, ImportReport};
    let lang = ctx::lang();
    let report = ImportReport {
        applied: found.applied,
        rows: found.rows,
        problems: found
            .problems
            .into_iter()
            .map(|(line, column, msg)| ImportProblem {
                line,
                column,
                message: crate::api::errors::text(&msg, lang),
            })
            .collect(),
        codes: found.codes,
        new_accounts: found.new_accounts,
    };
    if ctx::plain_post() {
        let kept = if report.applied { String::new() } else { csv };
        let session = ctx::session().await?;
        if let Err(e) = session.insert(IMPORT_KEY, (report.clone(), kept)).await {
            tracing::warn!(error = %e, "could not keep an import's report in the session");
        }
        leptos_axum::redirect(&page);
    }
    Ok(report)
}

/// The contest, for whoever may import entries into it (its committee).
#[server(endpoint = "import_allowed")]
pub async fn import_allowed(contest: String) -> Result<crate::model::ContestSummary, AppError> {
    let state = ctx::state();
    let actor = ctx::actor().await?;
    crate::ssr::services::entry_import::may_import(&state.read, &actor, &contest).await?;
    Ok(crate::ssr::services::contests::by_code(&state.read, &contest).await?)
}

/// Takes (and forgets) the report of this browser's last import without JavaScript, with
/// the text it was made from.
#[server(endpoint = "last_import")]
pub async fn last_import() -> Result<Option<(crate::model::ImportReport, String)>, AppError> {
    let session = ctx::session().await?;
    Ok(session
        .remove::<(crate::model::ImportReport, String)>(IMPORT_KEY)
        .await
        .ok()
        .flatten())
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
    // An empty filter is sent as nothing at all.
    #[server(default)] filter: EntryFilter,
    page: Option<u64>,
) -> Result<Paged<EntryRow>, AppError> {
    let state = ctx::state();
    let page = PageRequest::new(page, ENTRIES_PER_PAGE);
    let (items, total) =
        entries::list(&state.read, &ctx::actor().await?, &contest, &filter, page).await?;
    Ok(page.of(items, total))
}
