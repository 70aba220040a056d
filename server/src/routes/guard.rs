//! Refuses state-changing requests sent by another site (CSRF). Browsers say where a request
//! comes from in `Sec-Fetch-Site` (all current ones) or `Origin`; a request from another site
//! is refused whatever cookies it carries. Requests with neither header do not come from a
//! browser page and carry no victim's cookies. SameSite=Lax session cookies are the second
//! line of defence.

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

#[derive(Clone)]
pub struct CrossSiteGuard {
    /// `scheme://host[:port]` of the public URL.
    origin: String,
}

impl CrossSiteGuard {
    pub fn new(public_url: &str) -> Self {
        let origin = match public_url.find("://") {
            Some(i) => match public_url[i + 3..].find('/') {
                Some(j) => public_url[..i + 3 + j].to_owned(),
                None => public_url.to_owned(),
            },
            None => public_url.to_owned(),
        };
        Self { origin }
    }

    fn allows(&self, req: &Request) -> bool {
        if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
            return true;
        }
        let headers = req.headers();
        if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
            return matches!(site, "same-origin" | "none");
        }
        match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            None => true,
            Some(origin) => {
                origin == self.origin
                    || headers
                        .get(header::HOST)
                        .and_then(|h| h.to_str().ok())
                        .is_some_and(|host| {
                            origin
                                .strip_prefix("http://")
                                .or(origin.strip_prefix("https://"))
                                == Some(host)
                        })
            }
        }
    }
}

pub async fn refuse_cross_site(
    State(guard): State<CrossSiteGuard>,
    req: Request,
    next: Next,
) -> Response {
    if guard.allows(&req) {
        next.run(req).await
    } else {
        tracing::warn!(path = %req.uri().path(), "refused a cross-site request");
        let lang = app::ssr::lang::from_headers(req.headers());
        (
            StatusCode::FORBIDDEN,
            app::i18n::fallback::edge(lang, app::i18n::fallback::Edge::CrossSite),
        )
            .into_response()
    }
}
