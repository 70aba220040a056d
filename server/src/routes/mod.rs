//! Routes that are not pages or server functions, and the layers every request passes.

mod assets;
mod attachments;
pub(crate) mod exports;
mod forms;
mod guard;
mod health;

pub use assets::{asset_name, pkg_service};
pub use forms::MAX_BODY_BYTES;
pub use health::Health;

use app::ssr::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::any::Any;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The routes that are neither pages nor server functions (besides `/pkg/*`, the browser
/// files); the access-matrix test checks its table against this list.
pub const PLAIN_ROUTES: [&str; 14] = [
    "/healthz",
    "/favicon.svg",
    "/contests/{code}/entries.csv",
    "/entries/{code}/attachments",
    "/entries/{code}/attachments/{id}",
    "/contests/{code}/rounds/{position}/assignments.csv",
    "/judging/{code}/rounds/{position}/{entry}/files/{id}",
    "/contests/{code}/rounds/{position}/results.csv",
    "/contests/{code}/rounds/{position}/sheets.csv",
    "/contests/{code}/rounds/{position}/entries.csv",
    "/contests/{code}/rounds/{position}/round.toml",
    "/contests/{code}/audit.csv",
    "/contests/{code}/judges.csv",
    "/contests/{code}/rounds/{position}/published/{file}",
];

/// The most an upload's body may carry: the largest limit a contest may set, and room for the
/// form around the file. Each contest's own limit is enforced while the file streams in.
const UPLOAD_BODY_MAX: usize =
    app::model::limits::ATTACHMENT_MB_MAX as usize * 1024 * 1024 + 64 * 1024;

pub fn plain_routes(health: Health) -> Router<AppState> {
    let [
        healthz,
        favicon,
        entries_csv,
        upload,
        download,
        assignments_csv,
        judge_download,
        results_csv,
        sheets_csv,
        round_entries_csv,
        round_toml,
        audit_csv,
        judges_csv,
        published_file,
    ] = PLAIN_ROUTES;
    Router::new()
        .route(healthz, get(health::healthz).with_state(health))
        .route(favicon, get(health::favicon))
        .route(entries_csv, get(exports::entries_csv))
        .route(
            upload,
            post(attachments::upload).layer(DefaultBodyLimit::max(UPLOAD_BODY_MAX)),
        )
        .route(download, get(attachments::download))
        .route(assignments_csv, get(exports::assignments_csv))
        .route(judge_download, get(attachments::judge_download))
        .route(results_csv, get(exports::results_csv))
        .route(sheets_csv, get(exports::sheets_csv))
        .route(round_entries_csv, get(exports::round_entries_csv))
        .route(round_toml, get(exports::round_toml))
        .route(audit_csv, get(exports::audit_csv))
        .route(judges_csv, get(exports::judges_csv))
        .route(published_file, get(exports::published_file))
}

/// The Content-Security-Policy of every response. Pages add the nonce of their own inline
/// scripts (Leptos's hydration bootstrap); nothing else inline may run.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let scripts = match nonce {
        Some(n) => format!("'self' 'nonce-{n}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_owned(),
    };
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; \
         base-uri 'self'; object-src 'none'"
    )
}

/// Security and form layers, innermost first: error statuses, body checks, plain-form error
/// handling, then the cross-site request guard, then response headers.
pub fn layers(router: Router<AppState>, public_url: String) -> Router<AppState> {
    let guard = guard::CrossSiteGuard::new(&public_url);
    let mut router = router
        .layer(from_fn(forms::error_status))
        .layer(from_fn(forms::check_body))
        .layer(from_fn(forms::keep_failed_form))
        .layer(from_fn_with_state(guard, guard::refuse_cross_site));
    for (name, value) in response_headers(&public_url) {
        if let Ok(value) = HeaderValue::from_str(&value) {
            router = router.layer(SetResponseHeaderLayer::if_not_present(
                HeaderName::from_static(name),
                value,
            ));
        }
    }
    router
}

/// Headers every response carries unless it set its own.
fn response_headers(public_url: &str) -> Vec<(&'static str, String)> {
    let mut headers: Vec<(&'static str, String)> = SECURITY_HEADERS
        .iter()
        .map(|(n, v)| (*n, (*v).to_owned()))
        .collect();
    headers.push(("content-security-policy", content_security_policy(None)));
    // Pages and API answers may be personal (the outbox shows live links): no cache keeps
    // them. Browser files set their own long cache.
    headers.push(("cache-control", "no-store".to_owned()));
    if public_url.starts_with("https://") {
        headers.push((
            "strict-transport-security",
            "max-age=31536000; includeSubDomains".to_owned(),
        ));
    }
    headers
}

const SECURITY_HEADERS: [(&str, &str); 4] = [
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    // Same-origin requests keep their Referer: plain form posts are sent back to it.
    ("referrer-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    ),
];

/// A request id a client may choose: up to 64 letters, digits, dots, dashes, underscores.
fn is_safe_request_id(id: &[u8]) -> bool {
    (1..=64).contains(&id.len())
        && id
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Drops a client's `x-request-id` that is not in the safe form, so one is made instead: it
/// is echoed and logged, and must not carry text into either.
async fn sanitize_request_id(mut req: Request, next: Next) -> Response {
    let bad = req
        .headers()
        .get_all("x-request-id")
        .iter()
        .any(|v| !is_safe_request_id(v.as_bytes()))
        || req.headers().get_all("x-request-id").iter().count() > 1;
    if bad {
        req.headers_mut().remove("x-request-id");
    }
    next.run(req).await
}

/// A panic inside a request becomes a logged 500 page instead of a dropped connection.
fn panic_page(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = %detail, "a request panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        PANIC_PAGE,
    )
        .into_response()
}

const PANIC_PAGE: &str = "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>JuryDesk</title></head>\
<body><main><h1>Đã có lỗi xảy ra</h1><p>Chúng tôi chưa hoàn tất được yêu cầu của bạn. Vui lòng thử lại sau giây lát.</p>\
<h1 lang=\"en\">Something went wrong</h1><p lang=\"en\">We could not finish your request. Please try again in a moment.</p>\
<p><a href=\"/\">JuryDesk</a></p></main></body></html>";

/// A request id on every request and response, one log line per request with method, path
/// (never the query, which may hold a token), status and latency, and panics caught.
pub fn observability<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router
        .layer(CatchPanicLayer::custom(panic_page))
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
        .layer(from_fn(sanitize_request_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{Body, to_bytes};
    use tower::ServiceExt;

    #[test]
    fn https_sites_ask_browsers_to_stay_on_https() {
        let hsts = |url: &str| {
            response_headers(url)
                .into_iter()
                .find(|(n, _)| *n == "strict-transport-security")
                .map(|(_, v)| v)
        };
        assert_eq!(
            hsts("https://thi.example.vn").as_deref(),
            Some("max-age=31536000; includeSubDomains")
        );
        assert_eq!(hsts("http://127.0.0.1:3000"), None);
    }

    #[test]
    fn only_plain_request_ids_are_accepted_from_clients() {
        assert!(is_safe_request_id(b"0193f1a2-7c3e-7d4f-9a1b-2c3d4e5f6a7b"));
        assert!(is_safe_request_id(b"lb.abc_123"));
        assert!(!is_safe_request_id(b""));
        assert!(!is_safe_request_id(b"a b"));
        assert!(!is_safe_request_id(b"x\"}{injected"));
        assert!(!is_safe_request_id("đ".as_bytes()));
        assert!(!is_safe_request_id(&[b'a'; 65]));
    }

    async fn boom() -> &'static str {
        panic!("kaboom")
    }

    #[tokio::test]
    async fn a_panicking_request_answers_a_500_page_and_the_server_goes_on() {
        let router: Router = observability(
            Router::new()
                .route("/boom", get(boom))
                .route("/ok", get(|| async { "ok" })),
        );
        let res = router
            .clone()
            .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(res.headers().contains_key("x-request-id"));
        let body = to_bytes(res.into_body(), 1 << 16).await.unwrap();
        let body = String::from_utf8(body.to_vec()).unwrap();
        assert!(body.contains("Something went wrong") && !body.contains("kaboom"));
        let res = router
            .oneshot(Request::get("/ok").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }

    #[test]
    fn the_policy_allows_inline_scripts_only_with_the_nonce() {
        let page = content_security_policy(Some("abc"));
        assert!(page.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(!content_security_policy(None).contains("unsafe-inline' 'wasm"));
        assert!(
            !page
                .split("script-src")
                .nth(1)
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .contains("unsafe-inline")
        );
    }
}
