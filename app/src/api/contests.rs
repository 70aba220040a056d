//! Contests: the public list and page, creation by an administrator, categories, invitations.

use crate::api::Paged;
use crate::error::AppError;
use leptos::prelude::*;
use uuid::Uuid;

pub use crate::model::{
    Category, ContestSettings, ContestSummary, InvitationView, Member, MyRole, NewCategory,
    NewContest, Role, RulesStatus,
};

#[cfg(feature = "ssr")]
use {
    crate::api::ctx,
    crate::ssr::{auth, services::PageRequest, services::contests, services::invitations},
};

pub const CONTESTS_PER_PAGE: u64 = 20;

#[server(endpoint = "list_contests")]
pub async fn list_contests(page: Option<u64>) -> Result<Paged<ContestSummary>, AppError> {
    let state = ctx::state();
    let page = PageRequest::new(page, CONTESTS_PER_PAGE);
    let (items, total) = contests::list(&state.read, page).await?;
    Ok(page.of(items, total))
}

#[server(endpoint = "get_contest")]
pub async fn get_contest(code: String) -> Result<ContestSummary, AppError> {
    Ok(contests::by_code(&ctx::state().read, &code).await?)
}

/// Creates a contest, blank or from `template` (a shipped template's code or `copy:CODE`).
#[server(endpoint = "create_contest")]
pub async fn create_contest(contest: NewContest, template: Option<String>) -> Result<(), AppError> {
    let state = ctx::state();
    let created = crate::ssr::services::contest_file::create_from(
        &state.db,
        &ctx::actor().await?,
        contest,
        template.as_deref(),
    )
    .await?;
    leptos_axum::redirect(&format!("/contests/{}", created.code));
    Ok(())
}

/// Saves a contest's names, descriptions and time zone (its committee).
#[server(endpoint = "update_contest")]
pub async fn update_contest(code: String, settings: ContestSettings) -> Result<(), AppError> {
    let state = ctx::state();
    let saved = contests::update_settings(&state.db, &ctx::actor().await?, &code, settings).await?;
    leptos_axum::redirect(&format!("/contests/{}?saved=1", saved.code));
    Ok(())
}

/// Sets who may enter a contest (its committee); every entry is checked again.
#[server(endpoint = "set_eligibility")]
pub async fn set_eligibility(
    code: String,
    rules: crate::model::EligibilityForm,
) -> Result<(), AppError> {
    let state = ctx::state();
    crate::ssr::services::eligibility::set_rules(&state.db, &ctx::actor().await?, &code, rules)
        .await?;
    if ctx::plain_post() {
        leptos_axum::redirect(&format!(
            "/contests/{}?eligibility=1#eligibility",
            crate::format::urlencode(&code.trim().to_ascii_uppercase())
        ));
    }
    Ok(())
}

/// The contest, for whoever may set it up (its committee): the question editor's page.
#[server(endpoint = "contest_for_setup")]
pub async fn contest_for_setup(code: String) -> Result<ContestSummary, AppError> {
    let state = ctx::state();
    let actor = ctx::actor().await?;
    let c = crate::ssr::services::contests::find_by_code(&state.read, &code).await?;
    crate::ssr::policy::require(&actor, crate::ssr::policy::Permission::ManageContest(c.id))?;
    Ok(crate::ssr::services::contests::summary(c))
}

/// Replaces the contest's own questions on the entry form (its committee).
#[server(endpoint = "set_entry_form")]
pub async fn set_entry_form(
    code: String,
    #[server(default)] fields: Vec<crate::model::form_fields::FieldRow>,
) -> Result<(), AppError> {
    let state = ctx::state();
    crate::ssr::services::form_fields::set(&state.db, &ctx::actor().await?, &code, &fields).await?;
    if ctx::plain_post() {
        leptos_axum::redirect(&format!(
            "/contests/{}/form?saved=1",
            crate::format::urlencode(&code.trim().to_ascii_uppercase())
        ));
    }
    Ok(())
}

/// Whether the contest's rules are locked, and their fingerprint (public).
#[server(endpoint = "contest_rules")]
pub async fn contest_rules(code: String) -> Result<RulesStatus, AppError> {
    Ok(crate::ssr::services::rules::status(&ctx::state().read, &code).await?)
}

/// Unlocks the contest's locked rules, with a reason (its committee).
#[server(endpoint = "unlock_rules")]
pub async fn unlock_rules(code: String, reason: String) -> Result<(), AppError> {
    let state = ctx::state();
    crate::ssr::services::rules::unlock(&state.db, &ctx::actor().await?, &code, &reason).await?;
    leptos_axum::redirect(&format!(
        "/contests/{}#rules",
        code.trim().to_ascii_uppercase()
    ));
    Ok(())
}

/// Locks the contest's rules again (its committee).
#[server(endpoint = "lock_rules")]
pub async fn lock_rules(code: String) -> Result<(), AppError> {
    let state = ctx::state();
    crate::ssr::services::rules::lock(&state.db, &ctx::actor().await?, &code).await?;
    leptos_axum::redirect(&format!(
        "/contests/{}#rules",
        code.trim().to_ascii_uppercase()
    ));
    Ok(())
}

/// A contest's categories (public: entries will be listed by category).
#[server(endpoint = "list_categories")]
pub async fn list_categories(code: String) -> Result<Vec<Category>, AppError> {
    let state = ctx::state();
    let contest = contests::by_code(&state.read, &code).await?;
    Ok(contests::categories(&state.read, contest.id).await?)
}

#[server(endpoint = "add_category")]
pub async fn add_category(code: String, category: NewCategory) -> Result<(), AppError> {
    let state = ctx::state();
    contests::add_category(&state.db, &ctx::actor().await?, &code, category).await?;
    leptos_axum::redirect(&format!(
        "/contests/{}?category=1",
        contests::normalize_code(&code).unwrap_or_default()
    ));
    Ok(())
}

/// Renames a category, moves it up or down, or removes it (the contest's committee):
/// `action` is `rename`, `up`, `down` or `remove`.
#[server(endpoint = "change_category")]
pub async fn change_category(
    code: String,
    category: String,
    action: String,
    name_vi: Option<String>,
    name_en: Option<String>,
) -> Result<(), AppError> {
    let state = ctx::state();
    let actor = ctx::actor().await?;
    match action.as_str() {
        "rename" => {
            contests::rename_category(
                &state.db,
                &actor,
                &code,
                &category,
                name_vi.as_deref().unwrap_or_default(),
                name_en.as_deref().unwrap_or_default(),
            )
            .await?;
        }
        "up" | "down" => {
            contests::move_category(&state.db, &actor, &code, &category, action == "up").await?
        }
        "remove" => contests::remove_category(&state.db, &actor, &code, &category).await?,
        _ => return Err(ctx::refuse(crate::ssr::messages::ServiceError::NotFound)),
    }
    if ctx::plain_post() {
        leptos_axum::redirect(&format!(
            "/contests/{}?category=1#categories",
            contests::normalize_code(&code).unwrap_or_default()
        ));
    }
    Ok(())
}

/// The contest's members and open invitations (its committee).
#[server(endpoint = "list_members")]
pub async fn list_members(code: String) -> Result<Vec<Member>, AppError> {
    let state = ctx::state();
    Ok(invitations::members(&state.read, &ctx::actor().await?, &code).await?)
}

/// Invites to a contest; the browser goes back to `next` (a path on this site), else to the
/// administration page.
// One argument per field of the invitation forms, as they name them.
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "invite")]
pub async fn invite(
    contest_id: Uuid,
    email: String,
    role: String,
    categories: Option<String>,
    #[server(default)] name: String,
    #[server(default)] organisation: String,
    #[server(default)] max_load: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let state = ctx::state();
    let input = invitations::NewInvitation {
        contest_id,
        email: &email,
        role: &role,
        categories: categories.as_deref().unwrap_or(""),
        name: &name,
        organisation: &organisation,
        max_load: &max_load,
        lang: ctx::lang(),
    };
    invitations::invite(
        &state.db,
        &ctx::actor().await?,
        input,
        &state.settings.public_url,
    )
    .await?;
    state.outbox_wake.notify_one();
    let back = next.map_or_else(
        || "/admin".to_owned(),
        |n| crate::redirect::safe_path(Some(&n)),
    );
    let sep = if back.contains('?') { '&' } else { '?' };
    leptos_axum::redirect(&format!("{back}{sep}invited=1"));
    Ok(())
}

#[server(endpoint = "get_invitation")]
pub async fn get_invitation(token: String) -> Result<InvitationView, AppError> {
    Ok(invitations::view(&ctx::state().read, &token).await?)
}

/// Accepts as the signed-in user.
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(token: String) -> Result<(), AppError> {
    let state = ctx::state();
    let code = invitations::accept(&state.db, &ctx::actor().await?, &token).await?;
    leptos_axum::redirect(&format!("/contests/{code}"));
    Ok(())
}

/// Accepts by creating an account for the invited email, then signs in.
#[server(endpoint = "accept_invitation_new")]
pub async fn accept_invitation_new(
    token: String,
    name: String,
    password: String,
) -> Result<(), AppError> {
    let state = ctx::state();
    let (user, code) =
        invitations::accept_with_new_account(&state.db, &token, &name, &password, ctx::lang())
            .await?;
    auth::start(&ctx::session().await?, &user).await?;
    leptos_axum::redirect(&format!("/contests/{code}"));
    Ok(())
}
