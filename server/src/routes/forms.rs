//! Plain HTML form posts (no JavaScript) to server functions: when one fails, keep the error
//! and what was typed (except secrets) in the session and send the browser back to the form,
//! which shows them. See `app::api::forms`.

use app::api::forms::Flash;
use app::error::AppError;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

/// Form bodies above this size are refused before they reach a server function.
const MAX_FORM_BYTES: usize = 256 * 1024;
const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";

fn is_plain_form_post(req: &Request) -> bool {
    let header_has = |name, needle| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains(needle))
    };
    req.method() == axum::http::Method::POST
        && req.uri().path().starts_with("/api/")
        && header_has(header::ACCEPT, "text/html")
        && header_has(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
}

pub async fn keep_failed_form(req: Request, next: Next) -> Response {
    if !is_plain_form_post(&req) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let fields: Vec<(String, String)> = form_urlencoded::parse(&bytes)
        .filter(|(k, _)| !Flash::is_secret(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let back = parts
        .headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let session = parts.extensions.get::<Session>().cloned();
    let action = parts.uri.path().to_owned();

    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return response;
    }
    let body = to_bytes(response.into_body(), MAX_FORM_BYTES)
        .await
        .unwrap_or_default();
    let error = serde_json::from_slice::<AppError>(&body)
        .unwrap_or_else(|_| AppError::Server("Đã có lỗi xảy ra. / Something went wrong.".into()));
    if let Some(session) = session {
        let flash = Flash {
            action,
            fields,
            error,
        };
        if let Err(e) = session.insert(Flash::SESSION_KEY, flash).await {
            tracing::warn!(error = %e, "could not keep a failed form in the session");
        }
    }
    Redirect::to(&same_site_path(back.as_deref())).into_response()
}

/// Server functions answer every error with 500; this gives refused input its own status
/// (422 for a form that could not be read, and so on), taken from the `AppError` itself.
pub async fn error_status(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
        || response.status() != StatusCode::INTERNAL_SERVER_ERROR
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = to_bytes(body, MAX_FORM_BYTES).await.unwrap_or_default();
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(error.status())
    {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The path and query of the referring page, so the redirect never leaves this site.
fn same_site_path(referer: Option<&str>) -> String {
    referer
        .and_then(|r| r.find("://").map(|i| &r[i + 3..]))
        .and_then(|rest| rest.find('/').map(|j| rest[j..].to_owned()))
        .unwrap_or_else(|| "/".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_way_back_is_the_referers_path_on_this_site() {
        assert_eq!(
            same_site_path(Some("http://127.0.0.1:3000/signin?next=/admin")),
            "/signin?next=/admin"
        );
        assert_eq!(same_site_path(Some("https://thi.example.vn")), "/");
        assert_eq!(same_site_path(None), "/");
    }
}
