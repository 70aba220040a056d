//! Rounds: everyone reads a contest's rounds and their rubrics; its committee adds and edits
//! them; anyone may ask the engine to read rules (the live preview), which touches no data.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::{NewRound, RoundView, RulesPreview};

#[cfg(feature = "ssr")]
use {crate::api::ctx, crate::ssr::services::rounds};

#[server(endpoint = "list_rounds")]
pub async fn list_rounds(code: String) -> Result<Vec<RoundView>, AppError> {
    Ok(rounds::list(&ctx::state().read, &code).await?)
}

/// The rules as the engine reads them, or the engine's objection (the editor's live preview).
#[server(endpoint = "preview_rules")]
pub async fn preview_rules(rules: String) -> Result<RulesPreview, AppError> {
    Ok(rounds::preview(&rules).map_err(crate::ssr::messages::ServiceError::from)?)
}

/// Adds a round (no `position`) or changes round `position`.
#[server(endpoint = "save_round")]
pub async fn save_round(
    code: String,
    position: Option<i32>,
    round: NewRound,
) -> Result<(), AppError> {
    let state = ctx::state();
    let actor = ctx::actor().await?;
    let code = code.trim().to_ascii_uppercase();
    let saved = match position {
        Some(position) => rounds::update(&state.db, &actor, &code, position, round).await?,
        None => rounds::add(&state.db, &actor, &code, round).await?,
    };
    leptos_axum::redirect(&format!(
        "/contests/{code}/rounds?saved={n}#round-{n}",
        n = saved.position
    ));
    Ok(())
}

/// Saves a round's criteria from the rubric form (the rest of its rules as they are),
/// checked by the engine like any rules (its committee, while the rules are unlocked).
#[server(endpoint = "save_rubric")]
pub async fn save_rubric(
    code: String,
    position: i32,
    #[server(default)] criteria: Vec<crate::model::CriterionForm>,
) -> Result<(), AppError> {
    let state = ctx::state();
    let actor = ctx::actor().await?;
    let code = code.trim().to_ascii_uppercase();
    let saved = rounds::update_criteria(&state.db, &actor, &code, position, &criteria).await?;
    leptos_axum::redirect(&format!(
        "/contests/{code}/rounds?saved={n}#round-{n}",
        n = saved.position
    ));
    Ok(())
}

/// Sets when judges may score round `position` (its committee; allowed while the rules are
/// locked: it is scheduling, not scoring).
#[server(endpoint = "set_judging_window")]
pub async fn set_judging_window(
    code: String,
    position: i32,
    #[server(default)] judging_open: String,
    #[server(default)] judging_close: String,
) -> Result<(), AppError> {
    let state = ctx::state();
    let actor = ctx::actor().await?;
    let code = code.trim().to_ascii_uppercase();
    let round = NewRound {
        judging_open,
        judging_close,
        ..NewRound::default()
    };
    let saved = rounds::set_judging(&state.db, &actor, &code, position, &round).await?;
    if ctx::plain_post() {
        leptos_axum::redirect(&format!(
            "/contests/{code}/rounds?saved={n}#round-{n}",
            n = saved.position
        ));
    }
    Ok(())
}
