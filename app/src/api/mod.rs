//! Server functions (`/api/…`). Each one finds who is asking, calls one service, and returns;
//! rules, permission checks and SQL live in the services. Errors cross with `?`
//! (`api::errors`).

pub mod accounts;
pub mod admin;
pub mod api_tokens;
pub mod audit;
pub mod contests;
pub mod entries;
#[cfg(feature = "ssr")]
pub mod errors;
pub mod forms;
pub mod judging;
pub mod publication;
pub mod results;
pub mod rounds;
pub mod sheets;

pub use crate::model::Paged;

#[cfg(feature = "ssr")]
pub(crate) mod ctx {
    //! What every server function needs from the request it serves.

    use crate::domain::Lang;
    use crate::error::AppError;
    use crate::ssr::AppState;
    use crate::ssr::actor::{self, Actor};
    use crate::ssr::lang;
    use crate::ssr::messages::ServiceError;
    use leptos::prelude::*;
    use leptos_axum::ResponseOptions;

    pub fn state() -> AppState {
        expect_context::<AppState>()
    }

    pub fn lang() -> Lang {
        lang::current()
    }

    /// The request's session.
    pub async fn session() -> Result<tower_sessions::Session, AppError> {
        Ok(crate::ssr::auth::session().await?)
    }

    /// Who is asking, as the `actor::resolve` layer found it for this request.
    pub async fn actor() -> Result<Actor, AppError> {
        if let Some(actor) =
            use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<Actor>().cloned())
        {
            return Ok(actor);
        }
        Ok(actor::of_session(&state().read, &session().await?).await?)
    }

    /// Whether this call is a plain HTML form post (no JavaScript): then the answer is a
    /// redirect to a page; with JavaScript the page shows the result in place.
    pub fn plain_post() -> bool {
        use_context::<http::request::Parts>().is_some_and(|p| {
            p.headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
        })
    }

    /// A service's refusal for the current request (for checks made at the edge).
    pub fn refuse(e: ServiceError) -> AppError {
        e.into()
    }

    /// The client's address: the connection's, or the one a trusted proxy forwarded.
    pub fn client_address() -> String {
        let trusted = &state().settings.trusted_proxies;
        use_context::<http::request::Parts>()
            .and_then(|p| {
                p.extensions
                    .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                    .map(|c| crate::ssr::client::client_ip(c.0.ip(), &p.headers, trusted))
            })
            .map_or_else(|| "unknown".into(), |ip| ip.to_string())
    }

    /// Waits until `floor` has passed since `started`, so that an answer's timing does not
    /// depend on what the server found.
    pub async fn answer_after(started: std::time::Instant, floor: std::time::Duration) {
        if let Some(rest) = floor.checked_sub(started.elapsed()) {
            tokio::time::sleep(rest).await;
        }
    }

    /// Remembers the language in the cookie leptos_i18n reads on the next request.
    pub fn set_lang_cookie(lang: Lang) {
        if let Some(res) = use_context::<ResponseOptions>() {
            let cookie = format!(
                "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                crate::i18n::LANG_COOKIE,
                lang.code()
            );
            if let Ok(value) = http::HeaderValue::from_str(&cookie) {
                res.append_header(http::header::SET_COOKIE, value);
            }
        }
    }
}
