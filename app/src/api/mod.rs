//! Server functions (`/api/…`) and the data they exchange with pages. Each one authorises
//! first, calls one service, and returns; rules and SQL live elsewhere.

pub mod accounts;
pub mod admin;
pub mod contests;
pub mod forms;

use serde::{Deserialize, Serialize};

/// One page of a longer listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

impl<T> Paged<T> {
    pub fn has_next(&self) -> bool {
        self.page * self.per_page < self.total
    }
}

#[cfg(feature = "ssr")]
pub(crate) mod ctx {
    //! What every server function needs from the request it serves.

    use crate::domain::Lang;
    use crate::error::AppError;
    use crate::ssr::AppState;
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

    /// Turns a service's refusal into the wire error, in the user's language, and sets the
    /// matching HTTP status.
    pub fn fail(e: ServiceError) -> AppError {
        let err = e.into_app_error(lang());
        if let Some(res) = use_context::<ResponseOptions>()
            && let Ok(status) = http::StatusCode::from_u16(err.status())
        {
            res.set_status(status);
        }
        err
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
