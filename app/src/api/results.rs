//! Results: a round's ranking for its committee. Each call finds who is asking and calls one
//! service, which checks the permission first.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::results::{RankingQuery, RankingView, Standing};

#[cfg(feature = "ssr")]
use {crate::api::ctx, crate::ssr::services::results};

/// A round's ranking: one page of one standing (`ranked`, `incomplete`, `disqualified`), in
/// a category (its code) or the whole round, with one entry explained; `fresh` computes the
/// round afresh rather than reusing the last few seconds' result.
#[server(endpoint = "round_ranking")]
pub async fn round_ranking(
    code: String,
    position: i32,
    #[server(default)] category: Option<String>,
    #[server(default)] standing: String,
    #[server(default)] page: u64,
    #[server(default)] explain: Option<String>,
    #[server(default)] fresh: bool,
) -> Result<RankingView, AppError> {
    let query = RankingQuery {
        category: category.filter(|c| !c.trim().is_empty()),
        standing: Standing::from_code(&standing).unwrap_or_default(),
        page,
        explain: explain.filter(|c| !c.trim().is_empty()),
    };
    let state = ctx::state();
    Ok(results::ranking(
        &state.read,
        &ctx::actor().await?,
        &code,
        position,
        query,
        fresh,
        ctx::lang(),
    )
    .await?)
}

/// Finalises a round (its committee) with the digest the committee read on its ranking:
/// refused when the results changed since. Answers the digest it was finalised with;
/// finalising a finalised round changes nothing.
#[server(endpoint = "finalise_round")]
pub async fn finalise_round(
    code: String,
    position: i32,
    #[server(default)] digest: String,
) -> Result<String, AppError> {
    let done = results::finalise(
        &ctx::state().db,
        &ctx::actor().await?,
        &code,
        position,
        &digest,
    )
    .await?;
    back_to(&code, position, "finalised");
    Ok(done.digest)
}

/// Reopens a finalised round with a reason (its committee): its kept result is voided.
#[server(endpoint = "reopen_round")]
pub async fn reopen_round(
    code: String,
    position: i32,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    results::reopen(
        &ctx::state().db,
        &ctx::actor().await?,
        &code,
        position,
        &reason,
    )
    .await?;
    back_to(&code, position, "reopened");
    Ok(())
}

/// After a plain form post (no JavaScript): back to the round's ranking, saying what was done.
#[cfg(feature = "ssr")]
pub(crate) fn back_to(code: &str, position: i32, done: &str) {
    if ctx::plain_post() {
        let code = code.trim().to_ascii_uppercase();
        leptos_axum::redirect(&format!(
            "/contests/{code}/rounds/{position}/ranking?{done}=1"
        ));
    }
}

/// Adds an entry to a round's advancing list, removes it (`add`, `remove`), or goes back to
/// what the rules decide (`rules`), with a reason (its committee).
#[server(endpoint = "decide_advancement")]
pub async fn decide_advancement(
    code: String,
    position: i32,
    entry: String,
    #[server(default)] choice: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let choice = results::AdvanceChoice::from_code(choice.trim()).ok_or_else(|| {
        crate::ssr::messages::ServiceError::invalid(
            "choice",
            crate::ssr::messages::Msg::AdvanceChoice,
        )
    })?;
    results::decide_advancement(
        &ctx::state().db,
        &ctx::actor().await?,
        &code,
        position,
        &entry,
        choice,
        &reason,
    )
    .await?;
    back_to_entry(&code, position, &entry);
    Ok(())
}

/// Chooses the prize of an entry in a tie across a prize boundary (its committee): `1`, `2`,
/// … for a prize by its place in the round's list, `none`, or `withdraw`, with a reason.
#[server(endpoint = "choose_prize")]
pub async fn choose_prize(
    code: String,
    position: i32,
    entry: String,
    #[server(default)] prize: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let decision = results::PrizeDecision::from_code(prize.trim()).ok_or_else(|| {
        crate::ssr::messages::ServiceError::invalid("prize", crate::ssr::messages::Msg::PrizeChoice)
    })?;
    results::choose_prize(
        &ctx::state().db,
        &ctx::actor().await?,
        &code,
        position,
        &entry,
        decision,
        &reason,
    )
    .await?;
    back_to_entry(&code, position, &entry);
    Ok(())
}

/// After a plain form post: back to the entry's explanation on the ranking.
#[cfg(feature = "ssr")]
fn back_to_entry(code: &str, position: i32, entry: &str) {
    if ctx::plain_post() {
        let code = code.trim().to_ascii_uppercase();
        let entry = entry.trim().to_ascii_uppercase();
        leptos_axum::redirect(&format!(
            "/contests/{code}/rounds/{position}/ranking?explain={entry}&decided=1#explanation"
        ));
    }
}
