//! Publication: the committee publishes a finalised round's results and takes them back with a
//! reason; anyone reads a contest's published results. Each call finds who is asking and calls
//! one service, which checks the permission first.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::publication::{PublicResults, PublishOptions};

#[cfg(feature = "ssr")]
use {crate::api::ctx, crate::api::results::back_to, crate::ssr::services::publication};

/// Publishes a finalised round's results (its committee). A checkbox sends `on` when ticked
/// and nothing when not: `show_scores` shows each listed entry's score, `publish_files` lets
/// anyone download the round's files to check the digest. Publishing twice changes nothing.
#[server(endpoint = "publish_round")]
pub async fn publish_round(
    code: String,
    position: i32,
    #[server(default)] show_scores: Option<String>,
    #[server(default)] publish_files: Option<String>,
) -> Result<bool, AppError> {
    let ticked = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.is_empty());
    let state = ctx::state();
    let now = publication::publish(
        &state.db,
        &ctx::actor().await?,
        &code,
        position,
        PublishOptions {
            show_scores: ticked(&show_scores),
            publish_files: ticked(&publish_files),
        },
        &state.settings.public_url,
    )
    .await?;
    state.outbox_wake.notify_one();
    back_to(&code, position, "published");
    Ok(now)
}

/// Takes a round's results out of publication, with a reason (its committee).
#[server(endpoint = "unpublish_round")]
pub async fn unpublish_round(
    code: String,
    position: i32,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    publication::unpublish(
        &ctx::state().db,
        &ctx::actor().await?,
        &code,
        position,
        &reason,
    )
    .await?;
    back_to(&code, position, "unpublished");
    Ok(())
}

/// A contest's published results, for anyone: the latest published round first; no round
/// before anything is published.
#[server(endpoint = "public_results")]
pub async fn contest_results(code: String) -> Result<PublicResults, AppError> {
    Ok(publication::public_results(
        &ctx::state().read,
        &code,
        publication::Detail::Entries,
        ctx::lang(),
    )
    .await?)
}

/// A round's consolidated score table for the minutes (its committee), in one category (its
/// code) or the whole round.
#[server(endpoint = "score_table")]
pub async fn score_table(
    code: String,
    position: i32,
    #[server(default)] category: Option<String>,
) -> Result<crate::model::publication::ScoreTable, AppError> {
    Ok(publication::score_table(
        &ctx::state().read,
        &ctx::actor().await?,
        &code,
        position,
        category.as_deref().filter(|c| !c.trim().is_empty()),
        ctx::lang(),
    )
    .await?)
}

/// The prize winners' certificates (its committee), from the final round once finalised.
#[server(endpoint = "certificates")]
pub async fn certificates(
    code: String,
) -> Result<crate::model::publication::Certificates, AppError> {
    Ok(
        publication::certificates(&ctx::state().read, &ctx::actor().await?, &code, ctx::lang())
            .await?,
    )
}

/// An entry's results in its contest's published rounds, for whoever may read the entry (its
/// founders first of all): nothing before publication.
#[server(endpoint = "entry_results")]
pub async fn entry_results(
    code: String,
) -> Result<Vec<crate::model::publication::EntryRoundResult>, AppError> {
    Ok(
        publication::entry_results_for(
            &ctx::state().read,
            &ctx::actor().await?,
            &code,
            ctx::lang(),
        )
        .await?,
    )
}
