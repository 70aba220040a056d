//! Bodies sent to server functions: read once, within a size limit, refused with the right
//! status when they are too large (413) or not text (422); and plain HTML form posts (no
//! JavaScript): when one fails, keep the error and what was typed (except secrets) in the
//! session and send the browser back to the form, which shows them. See `app::api::forms`.

use app::api::forms::Flash;
use app::error::{AppError, ErrorKind, FieldError};
use app::i18n::fallback::{Edge, edge};
use app::ssr::lang;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::{Expiry, Session};

/// Bodies of server function calls above this size are refused before they are read whole.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";

fn is_api_post(req: &Request) -> bool {
    req.method() == axum::http::Method::POST && req.uri().path().starts_with("/api/")
}

fn header_has(headers: &HeaderMap, name: header::HeaderName, needle: &str) -> bool {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains(needle))
}

fn is_plain_form_post(req: &Request) -> bool {
    is_api_post(req)
        && header_has(req.headers(), header::ACCEPT, "text/html")
        && header_has(
            req.headers(),
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
}

/// The wire error as a server function would answer it, with `status`.
fn error_response(status: StatusCode, error: &AppError) -> Response {
    let body = serde_json::to_vec(error).unwrap_or_default();
    let mut res = (status, body).into_response();
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(SERVER_FN_ERROR_HEADER, HeaderValue::from_static("1"));
    res
}

fn say(headers: &HeaderMap, refusal: Edge) -> String {
    edge(lang::from_headers(headers), refusal)
}

fn too_large(headers: &HeaderMap) -> AppError {
    let message = say(headers, Edge::TooLarge);
    AppError::new(ErrorKind::Invalid, "form.too_large", message)
}

fn not_text(headers: &HeaderMap, field: Option<String>) -> AppError {
    let message = say(headers, Edge::NotText);
    let mut error = AppError::new(ErrorKind::Invalid, "form.not_text", message.clone());
    error.fields = field
        .into_iter()
        .map(|path| FieldError {
            path,
            code: error.code.clone(),
            message: message.clone(),
        })
        .collect();
    error
}

/// A character no form can type: control characters other than tab and line breaks.
fn is_forbidden(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Checks a form body: every name and value decodes to UTF-8 without forbidden characters.
/// On failure, the name of the field at fault.
fn check_form(bytes: &[u8]) -> Result<(), Option<String>> {
    for pair in bytes.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let mut halves = pair.splitn(2, |b| *b == b'=');
        let decode = |part: &[u8]| {
            let plus: Vec<u8> = part
                .iter()
                .map(|b| if *b == b'+' { b' ' } else { *b })
                .collect();
            percent_encoding::percent_decode(&plus)
                .decode_utf8()
                .map(|s| s.into_owned())
                .ok()
        };
        let name = decode(halves.next().unwrap_or_default()).ok_or(None)?;
        let value = decode(halves.next().unwrap_or_default()).ok_or(Some(name.clone()))?;
        if name.chars().any(is_forbidden) || value.chars().any(is_forbidden) {
            return Err(Some(name));
        }
    }
    Ok(())
}

/// Checks a JSON body: valid UTF-8 (serde_json insists), and no forbidden character in any
/// string. A body that is not JSON at all is left to the server function to refuse.
fn check_json(bytes: &[u8]) -> Result<(), Option<String>> {
    if std::str::from_utf8(bytes).is_err() {
        return Err(None);
    }
    fn walk(v: &serde_json::Value, key: Option<&str>) -> Result<(), Option<String>> {
        match v {
            serde_json::Value::String(s) if s.chars().any(is_forbidden) => {
                Err(key.map(str::to_owned))
            }
            serde_json::Value::Array(items) => items.iter().try_for_each(|i| walk(i, key)),
            serde_json::Value::Object(map) => map.iter().try_for_each(|(k, v)| {
                if k.chars().any(is_forbidden) {
                    Err(None)
                } else {
                    walk(v, Some(k))
                }
            }),
            _ => Ok(()),
        }
    }
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(value) => walk(&value, None),
        Err(_) => Ok(()),
    }
}

/// At most this much of a refused body is read (and dropped) before the answer is sent.
const DRAIN_MAX: usize = 16 * 1024 * 1024;

/// Reads and drops what is left of a refused body, up to `DRAIN_MAX`: a client still sending
/// then reads the answer, and its connection stays usable, instead of a broken pipe.
async fn drain(body: Body) {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let mut seen = 0usize;
    while let Some(Ok(chunk)) = stream.next().await {
        seen += chunk.len();
        if seen > DRAIN_MAX {
            break;
        }
    }
}

/// Reads the body of a server function call once, refusing one over `MAX_BODY_BYTES` with
/// 413 and one that is not text with 422, in the same error shape server functions use.
pub async fn check_body(req: Request, next: Next) -> Response {
    if !is_api_post(&req) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        drain(body).await;
        return error_response(StatusCode::PAYLOAD_TOO_LARGE, &too_large(&parts.headers));
    }
    let Ok(bytes) = to_bytes(body, MAX_BODY_BYTES).await else {
        return error_response(StatusCode::PAYLOAD_TOO_LARGE, &too_large(&parts.headers));
    };
    let checked = if header_has(&parts.headers, header::CONTENT_TYPE, "application/json") {
        check_json(&bytes)
    } else if header_has(
        &parts.headers,
        header::CONTENT_TYPE,
        "application/x-www-form-urlencoded",
    ) {
        check_form(&bytes)
    } else {
        Ok(())
    };
    if let Err(field) = checked {
        return error_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            &not_text(&parts.headers, field),
        );
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

pub async fn keep_failed_form(req: Request, next: Next) -> Response {
    if !is_plain_form_post(&req) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let back = app::redirect::path_of_url(
        parts
            .headers
            .get(header::REFERER)
            .and_then(|v| v.to_str().ok()),
    );
    let session = parts.extensions.get::<Session>().cloned();
    let action = parts.uri.path().to_owned();
    let parts_headers = parts.headers.clone();
    let (bytes, response) = match to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => {
            let response = next
                .run(Request::from_parts(parts, Body::from(bytes.clone())))
                .await;
            (bytes, response)
        }
        Err(_) => (
            Bytes::new(),
            error_response(StatusCode::PAYLOAD_TOO_LARGE, &too_large(&parts.headers)),
        ),
    };
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return response;
    }
    let body = to_bytes(response.into_body(), MAX_BODY_BYTES)
        .await
        .unwrap_or_default();
    let error = serde_json::from_slice::<AppError>(&body).unwrap_or_else(|_| {
        AppError::new(
            ErrorKind::Server,
            "server.error",
            say(&parts_headers, Edge::Server),
        )
    });
    if let Some(session) = session {
        let fields = Flash::capped(
            form_urlencoded::parse(&bytes)
                .filter(|(k, _)| !Flash::is_secret(k))
                .map(|(k, v)| (k.into_owned(), v.into_owned())),
        );
        keep(
            &session,
            Flash {
                action,
                fields,
                error,
            },
        )
        .await;
    }
    Redirect::to(&back).into_response()
}

/// Stores the flash. A visitor who is not signed in gets a session only for it, kept for
/// minutes, not the weeks of a signed-in session.
pub(super) async fn keep(session: &Session, flash: Flash) {
    let signed_in = matches!(session.get_value("user").await, Ok(Some(_)));
    if !signed_in {
        let until = tower_sessions::cookie::time::OffsetDateTime::now_utc()
            + tower_sessions::cookie::time::Duration::minutes(Flash::ANONYMOUS_MINUTES);
        session.set_expiry(Some(Expiry::AtDateTime(until)));
    }
    if let Err(e) = session.insert(Flash::SESSION_KEY, flash).await {
        tracing::warn!(error = %e, "could not keep a failed form in the session");
    }
}

/// Server functions answer every error with 500; this is the one place that gives each error
/// its status (`AppError::status`: 422 for input to correct, 401, 403, 404, 429), whether a
/// service refused or the server function could not read its arguments.
pub async fn error_status(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
        || response.status() != StatusCode::INTERNAL_SERVER_ERROR
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = to_bytes(body, MAX_BODY_BYTES).await.unwrap_or_default();
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(error.status())
    {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_bodies_must_be_text_without_control_characters() {
        assert_eq!(check_form(b"name=L%C3%AA+Hoa&email=a%40b.vn"), Ok(()));
        assert_eq!(check_form(b"note=a%0D%0Ab%09c"), Ok(()));
        assert_eq!(check_form(b"name=L%C3%AA%00Hoa"), Err(Some("name".into())));
        assert_eq!(check_form(b"name=%FF%FE"), Err(Some("name".into())));
        assert_eq!(check_form(b"%FF=x"), Err(None));
        assert_eq!(check_form(b"name=a%7Fb"), Err(Some("name".into())));
    }

    #[test]
    fn json_bodies_must_be_text_without_control_characters() {
        assert_eq!(
            check_json(br#"{"name":"L\u00ea Hoa","n":[1,"a\nb"]}"#),
            Ok(())
        );
        assert_eq!(
            check_json(br#"{"name":"a\u0000b"}"#),
            Err(Some("name".into()))
        );
        assert_eq!(check_json(b"{\"name\":\"\xff\"}"), Err(None));
    }
}
