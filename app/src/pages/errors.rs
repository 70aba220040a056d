//! 404, 403 and 500 pages, in the user's language, with no detail of the server's workings.

use crate::components::PageTitle;
use crate::error::{AppError, ErrorKind};
use crate::i18n::*;
use leptos::prelude::*;

/// Sets the response status while the page renders on the server.
fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        res.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_status(404);
    let i18n = use_i18n();
    view! {
        <PageTitle text=|l| td_string!(l, errors.not_found_title).to_string()/>
        <section class="error-page">
            <h1>{t!(i18n, errors.not_found_title)}</h1>
            <p>{t!(i18n, errors.not_found_body)}</p>
            <p><a href="/">{t!(i18n, errors.home)}</a></p>
        </section>
    }
}

/// What a page shows when its data could not be loaded for this user.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    set_status(error.status());
    match error.kind {
        ErrorKind::NotFound => view! { <NotFoundPage/> }.into_any(),
        ErrorKind::Unauthenticated => view! {
            <PageTitle text=|l| td_string!(l, nav.sign_in).to_string()/>
            <section class="error-page">
                <h1>{t!(i18n, nav.sign_in)}</h1>
                <p>{t!(i18n, errors.sign_in_needed)}</p>
                <p><a class="button" href="/signin">{t!(i18n, nav.sign_in)}</a></p>
            </section>
        }
        .into_any(),
        ErrorKind::Forbidden => view! {
            <PageTitle text=|l| td_string!(l, errors.forbidden_title).to_string()/>
            <section class="error-page">
                <h1>{t!(i18n, errors.forbidden_title)}</h1>
                <p>{t!(i18n, errors.forbidden_body)}</p>
                <p><a href="/">{t!(i18n, errors.home)}</a></p>
            </section>
        }
        .into_any(),
        _ => view! {
            <PageTitle text=|l| td_string!(l, errors.server_title).to_string()/>
            <section class="error-page">
                <h1>{t!(i18n, errors.server_title)}</h1>
                <p>{error.to_string()}</p>
                <p><a href="/">{t!(i18n, errors.home)}</a></p>
            </section>
        }
        .into_any(),
    }
}
