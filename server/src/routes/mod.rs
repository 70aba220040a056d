//! Routes that are not pages or server functions, and the layers every request passes.

mod forms;
mod guard;
mod health;

use app::ssr::AppState;
use axum::Router;
use axum::http::{HeaderName, HeaderValue, Request};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub fn plain_routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/favicon.svg", get(health::favicon))
}

/// Security and form layers, innermost first: error statuses, plain-form error handling,
/// then the cross-site request guard, then response headers.
pub fn layers(router: Router<AppState>, public_url: String) -> Router<AppState> {
    let guard = guard::CrossSiteGuard::new(&public_url);
    let mut router = router
        .layer(from_fn(forms::error_status))
        .layer(from_fn(forms::keep_failed_form))
        .layer(from_fn_with_state(guard, guard::refuse_cross_site));
    for (name, value) in SECURITY_HEADERS {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        ));
    }
    router
}

const SECURITY_HEADERS: [(&str, &str); 5] = [
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    // Same-origin requests keep their Referer: plain form posts are sent back to it.
    ("referrer-policy", "same-origin"),
    (
        "content-security-policy",
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'",
    ),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    ),
];

/// A request id on every request and response, and one log line per request with method,
/// path (never the query, which may hold a token), status and latency.
pub fn observability<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let id = req
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}
