//! Judging: the committee's jury, conflicts of interest and each round's assignment; a judge's
//! workspace and declarations. Each call finds who is asking and calls one service, which
//! checks the permission first.

use crate::error::AppError;
use leptos::prelude::*;
use uuid::Uuid;

pub use crate::model::judging::{
    AssignmentView, ConflictsView, DeclareView, JudgeProfileForm, JuryView, PlanMode, PlanPreview,
    Workspace,
};

#[cfg(feature = "ssr")]
use {
    crate::api::ctx,
    crate::ssr::messages::{Msg, ServiceError},
    crate::ssr::services::{assignment, conflicts, judges, judging},
};

#[cfg(feature = "ssr")]
fn contest_code(code: &str) -> String {
    code.trim().to_ascii_uppercase()
}

/// The plan's mode as the form names it; anything else is the default, filling the gaps.
#[cfg(feature = "ssr")]
fn mode(code: &str) -> PlanMode {
    PlanMode::from_code(code).unwrap_or_default()
}

/// Where a plain form post goes back to after it worked; with JavaScript the page updates in
/// place.
#[cfg(feature = "ssr")]
fn back_to(path: String) {
    if ctx::plain_post() {
        leptos_axum::redirect(&path);
    }
}

/// The contest's judges and judges invited (its committee).
#[server(endpoint = "jury")]
pub async fn jury(code: String) -> Result<JuryView, AppError> {
    Ok(judges::jury(&ctx::state().read, &ctx::actor().await?, &code).await?)
}

/// Changes a judge's organisation, expertise and maximum load (its committee).
#[server(endpoint = "save_judge_profile")]
pub async fn save_judge_profile(
    code: String,
    judge: Uuid,
    #[server(default)] profile: JudgeProfileForm,
) -> Result<(), AppError> {
    let code = contest_code(&code);
    judges::update_profile(
        &ctx::state().db,
        &ctx::actor().await?,
        &code,
        judge,
        &profile,
    )
    .await?;
    back_to(format!(
        "/contests/{code}/judges?saved={judge}#judge-{judge}"
    ));
    Ok(())
}

/// Chooses round `position`'s judges (its committee): those ticked, or with `all`, every
/// judge of the contest.
#[server(endpoint = "set_round_judges")]
pub async fn set_round_judges(
    code: String,
    position: i32,
    #[server(default)] judges: Vec<Uuid>,
    #[server(default)] all: Option<String>,
) -> Result<(), AppError> {
    let code = contest_code(&code);
    let (db, actor) = (&ctx::state().db, ctx::actor().await?);
    if all.is_some() {
        judges::choose_whole_jury(db, &actor, &code, position).await?;
    } else {
        judges::set_round_judges(db, &actor, &code, position, &judges).await?;
    }
    back_to(format!(
        "/contests/{code}/rounds/{position}/assignment?saved=judges#judges"
    ));
    Ok(())
}

/// Round `position`'s judges and a page of its entries with theirs (its committee).
#[server(endpoint = "round_assignment")]
pub async fn round_assignment(
    code: String,
    position: i32,
    page: Option<u64>,
) -> Result<AssignmentView, AppError> {
    Ok(assignment::view(
        &ctx::state().read,
        &ctx::actor().await?,
        &code,
        position,
        page,
    )
    .await?)
}

/// What the planner would do to the round; nothing is written (its committee).
#[server(endpoint = "preview_assignment")]
pub async fn preview_assignment(
    code: String,
    position: i32,
    mode: String,
) -> Result<PlanPreview, AppError> {
    let mode = self::mode(&mode);
    Ok(assignment::preview(
        &ctx::state().read,
        &ctx::actor().await?,
        &code,
        position,
        mode,
    )
    .await?)
}

/// Applies the plan previewed under `fingerprint` (its committee).
#[server(endpoint = "apply_assignment")]
pub async fn apply_assignment(
    code: String,
    position: i32,
    mode: String,
    fingerprint: String,
) -> Result<PlanPreview, AppError> {
    let code = contest_code(&code);
    let mode = self::mode(&mode);
    let applied = assignment::apply(
        &ctx::state().db,
        &ctx::actor().await?,
        &code,
        position,
        mode,
        &fingerprint,
    )
    .await?;
    back_to(format!(
        "/contests/{code}/rounds/{position}/assignment?applied={}#current",
        applied.added
    ));
    Ok(applied)
}

/// Adds a judge to an entry, removes one, or swaps them (its committee).
#[server(endpoint = "change_assignment")]
pub async fn change_assignment(
    code: String,
    position: i32,
    entry: String,
    #[server(default)] remove: String,
    #[server(default)] add: String,
    #[server(default)] note: String,
    #[server(default)] page: Option<u64>,
) -> Result<(), AppError> {
    let code = contest_code(&code);
    let judge = |field: &str, raw: &str| -> Result<Option<Uuid>, AppError> {
        match raw.trim() {
            "" => Ok(None),
            id => id
                .parse()
                .map(Some)
                .map_err(|_| ctx::refuse(ServiceError::invalid(field, Msg::NotAJudge))),
        }
    };
    let change = assignment::Change {
        entry_code: entry.clone(),
        remove: judge("remove", &remove)?,
        add: judge("add", &add)?,
        note,
        beyond_k: false,
    };
    assignment::change(
        &ctx::state().db,
        &ctx::actor().await?,
        &code,
        position,
        &change,
    )
    .await?;
    back_to(format!(
        "/contests/{code}/rounds/{position}/assignment?page={}&changed={}#entry-{}",
        page.unwrap_or(1),
        entry.trim().to_ascii_uppercase(),
        entry.trim().to_ascii_uppercase()
    ));
    Ok(())
}

/// Every conflict of the contest with its reasons (its committee).
#[server(endpoint = "contest_conflicts")]
pub async fn contest_conflicts(code: String) -> Result<ConflictsView, AppError> {
    Ok(conflicts::committee_view(&ctx::state().read, &ctx::actor().await?, &code).await?)
}

/// Records a conflict (`add`) or lifts one (`lift`), with a reason (its committee).
#[server(endpoint = "record_conflict")]
pub async fn record_conflict(
    code: String,
    judge: Uuid,
    entry: String,
    action: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let code = contest_code(&code);
    conflicts::record(
        &ctx::state().db,
        &ctx::actor().await?,
        &code,
        judge,
        &entry,
        &action,
        &reason,
    )
    .await?;
    back_to(format!("/contests/{code}/conflicts?saved=1"));
    Ok(())
}

/// The signed-in judge's contests, rounds and entries.
#[server(endpoint = "judge_workspace")]
pub async fn judge_workspace() -> Result<Workspace, AppError> {
    Ok(judging::workspace(&ctx::state().read, &ctx::actor().await?).await?)
}

/// A judge's declarations in a contest and a page of its entries (codes and titles).
#[server(endpoint = "my_conflicts")]
pub async fn my_conflicts(
    code: String,
    q: Option<String>,
    page: Option<u64>,
) -> Result<DeclareView, AppError> {
    Ok(conflicts::declare_view(
        &ctx::state().read,
        &ctx::actor().await?,
        &code,
        q.as_deref().unwrap_or(""),
        page,
    )
    .await?)
}

/// A judge declares a conflict with an entry.
#[server(endpoint = "declare_conflict")]
pub async fn declare_conflict(
    code: String,
    entry: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let code = contest_code(&code);
    conflicts::declare(
        &ctx::state().db,
        &ctx::actor().await?,
        &code,
        &entry,
        &reason,
    )
    .await?;
    back_to(format!("/judging/{code}/conflicts?declared=1"));
    Ok(())
}

/// Invites judges from CSV text (the contest's committee): `intent=apply` invites them all or
/// none, anything else is a dry run. Every bad line is in the report, not an error. Without
/// JavaScript the jury page comes back with the report (`api::entries::last_import`).
#[server(endpoint = "import_judges")]
pub async fn import_judges(
    code: String,
    csv: String,
    intent: Option<String>,
) -> Result<crate::model::ImportReport, AppError> {
    let state = ctx::state();
    let lang = ctx::lang();
    let code = contest_code(&code);
    let found = crate::ssr::services::judge_import::import(
        &state.db,
        &ctx::actor().await?,
        &code,
        &csv,
        intent.as_deref() == Some("apply"),
        &state.settings.public_url,
        lang,
    )
    .await?;
    if found.applied {
        state.outbox_wake.notify_one();
    }
    crate::api::entries::import_report(
        found,
        csv,
        format!("/contests/{code}/judges?report=1#import-judges"),
    )
    .await
}

/// Adds a round's assignments from CSV text (its committee): `intent=apply` adds every new
/// pair or none, anything else is a dry run. Without JavaScript the assignment page comes
/// back with the report (`api::entries::last_import`).
#[server(endpoint = "import_assignment")]
pub async fn import_assignment(
    code: String,
    position: i32,
    csv: String,
    intent: Option<String>,
) -> Result<crate::model::ImportReport, AppError> {
    let code = contest_code(&code);
    let found = crate::ssr::services::assignment_import::import(
        &ctx::state().db,
        &ctx::actor().await?,
        &code,
        position,
        &csv,
        intent.as_deref() == Some("apply"),
    )
    .await?;
    crate::api::entries::import_report(
        found,
        csv,
        format!("/contests/{code}/rounds/{position}/assignment?report=1#import-assignment"),
    )
    .await
}

/// A round's judging progress: judges, categories and a page of entries (its committee).
#[server(endpoint = "round_progress")]
pub async fn round_progress(
    code: String,
    position: i32,
    #[server(default)] filter: String,
    page: Option<u64>,
    judges_page: Option<u64>,
) -> Result<crate::model::progress::ProgressView, AppError> {
    let state = ctx::state();
    Ok(crate::ssr::services::progress::view(
        &state.read,
        &ctx::actor().await?,
        &code,
        position,
        crate::model::progress::ProgressQuery {
            filter: crate::model::progress::EntryFilter::from_code(&filter),
            page,
            judges_page,
        },
        ctx::lang(),
        &state.settings.public_url,
    )
    .await?)
}

/// Reminds every judge of the round with sheets still to submit, through the outbox (its
/// committee); answers how many.
#[server(endpoint = "send_reminders")]
pub async fn send_reminders(code: String, position: i32) -> Result<u64, AppError> {
    let state = ctx::state();
    let sent = crate::ssr::services::progress::remind(
        &state.db,
        &ctx::actor().await?,
        &code,
        position,
        &state.settings.public_url,
    )
    .await?;
    back_to(format!(
        "/contests/{}/rounds/{position}/progress?reminded={sent}",
        contest_code(&code)
    ));
    Ok(sent)
}

/// A round's discrepancy queue (its committee).
#[server(endpoint = "discrepancy_queue")]
pub async fn discrepancy_queue(
    code: String,
    position: i32,
) -> Result<crate::model::sheets::DiscrepancyQueue, AppError> {
    Ok(crate::ssr::services::discrepancies::queue(
        &ctx::state().read,
        &ctx::actor().await?,
        &code,
        position,
    )
    .await?)
}

/// Accepts a flagged entry's sheets with a note (its committee).
#[server(endpoint = "accept_discrepancy")]
pub async fn accept_discrepancy(
    code: String,
    position: i32,
    entry: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    crate::ssr::services::discrepancies::accept(
        &ctx::state().db,
        &ctx::actor().await?,
        &code,
        position,
        &entry,
        &note,
    )
    .await?;
    back_to(format!(
        "/contests/{}/rounds/{position}/discrepancies?resolved=1",
        contest_code(&code)
    ));
    Ok(())
}

/// Adds a judge to a flagged entry beyond the round's `k` (its committee).
#[server(endpoint = "add_discrepancy_judge")]
pub async fn add_discrepancy_judge(
    code: String,
    position: i32,
    entry: String,
    judge: Uuid,
) -> Result<(), AppError> {
    crate::ssr::services::discrepancies::add_judge(
        &ctx::state().db,
        &ctx::actor().await?,
        &code,
        position,
        &entry,
        judge,
    )
    .await?;
    back_to(format!(
        "/contests/{}/rounds/{position}/discrepancies?resolved=1",
        contest_code(&code)
    ));
    Ok(())
}
