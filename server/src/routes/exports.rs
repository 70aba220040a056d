//! Downloads that are not pages: a contest's entries, a round's assignment, results, sheets,
//! entries and rules for its committee, CSV streamed; and the plain-text refusal every
//! download answers with.

use app::api::errors::render;
use app::domain::Lang;
use app::model::EntryFilter;
use app::ssr::actor::Actor;
use app::ssr::exports::RoundFile;
use app::ssr::messages::ServiceError;
use app::ssr::services::publication::{self, PublicFile};
use app::ssr::services::results;
use app::ssr::{AppState, exports, lang};
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// `GET /contests/{code}/entries.csv?status=&category=&q=`: the entries the asking person may
/// list, filtered like the list page; refused (in the reader's language) before anything is
/// sent when they may list none.
pub async fn entries_csv(
    State(state): State<AppState>,
    actor: Actor,
    Path(code): Path<String>,
    Query(filter): Query<EntryFilter>,
    headers: HeaderMap,
) -> Response {
    let lang = lang::from_headers(&headers);
    csv_response(
        exports::entries_csv(state.read.clone(), &actor, &code, filter, lang).await,
        lang,
    )
}

/// `GET /contests/{code}/rounds/{position}/assignments.csv`: the round's assignment, for its
/// committee.
pub async fn assignments_csv(
    State(state): State<AppState>,
    actor: Actor,
    Path((code, position)): Path<(String, i32)>,
    headers: HeaderMap,
) -> Response {
    let lang = lang::from_headers(&headers);
    csv_response(
        exports::assignments_csv(state.read.clone(), &actor, &code, position, lang).await,
        lang,
    )
}

/// `GET /contests/{code}/rounds/{position}/results.csv`: the round's results, for its
/// committee, headers and words in the reader's language.
pub async fn results_csv(
    state: State<AppState>,
    actor: Actor,
    at: Path<(String, i32)>,
    headers: HeaderMap,
) -> Response {
    round_csv(state, actor, at, headers, RoundFile::Results).await
}

/// `GET /contests/{code}/rounds/{position}/sheets.csv`: the round's submitted sheets as
/// `jurydesk results --sheets` reads them, for its committee.
pub async fn sheets_csv(
    state: State<AppState>,
    actor: Actor,
    at: Path<(String, i32)>,
    headers: HeaderMap,
) -> Response {
    round_csv(state, actor, at, headers, RoundFile::Sheets).await
}

/// `GET /contests/{code}/rounds/{position}/entries.csv`: the round's entries as
/// `jurydesk results --entries` reads them, for its committee.
pub async fn round_entries_csv(
    state: State<AppState>,
    actor: Actor,
    at: Path<(String, i32)>,
    headers: HeaderMap,
) -> Response {
    round_csv(state, actor, at, headers, RoundFile::Entries).await
}

/// `GET /contests/{code}/audit.csv`: the contest's audit log, oldest first, for its
/// committee and administrators.
pub async fn audit_csv(
    State(state): State<AppState>,
    actor: Actor,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    let lang = lang::from_headers(&headers);
    csv_response(
        exports::audit_csv(state.read.clone(), &actor, &code, lang).await,
        lang,
    )
}

/// `GET /contests/{code}/judges.csv`: the contest's jury, for its committee.
pub async fn judges_csv(
    State(state): State<AppState>,
    actor: Actor,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    let lang = lang::from_headers(&headers);
    csv_response(
        exports::judges_csv(state.read.clone(), &actor, &code, lang).await,
        lang,
    )
}

/// One of a round's CSV files, or the refusal.
async fn round_csv(
    State(state): State<AppState>,
    actor: Actor,
    Path((code, position)): Path<(String, i32)>,
    headers: HeaderMap,
    file: RoundFile,
) -> Response {
    let lang = lang::from_headers(&headers);
    csv_response(
        exports::round_csv(state.read.clone(), &actor, &code, position, file, lang).await,
        lang,
    )
}

/// `GET /contests/{code}/rounds/{position}/round.toml`: the round's rules with the committee's
/// decisions, as `jurydesk results --rules` reads them, for its committee.
pub async fn round_toml(
    State(state): State<AppState>,
    actor: Actor,
    Path((code, position)): Path<(String, i32)>,
    headers: HeaderMap,
) -> Response {
    let lang = lang::from_headers(&headers);
    match results::round_toml(&state.read, &actor, &code, position).await {
        Ok((file_name, text)) => download(text, "application/toml; charset=utf-8", &file_name),
        Err(e) => refusal(e, lang),
    }
}

/// `GET /contests/{code}/rounds/{position}/published/{file}` (`round.toml`, `entries.csv`,
/// `sheets.csv`): a published round's file exactly as it was finalised, for anyone, when the
/// committee published the round with its files; not found otherwise, whatever the reason, so
/// nothing says whether a round has results before they are published.
pub async fn published_file(
    State(state): State<AppState>,
    Path((code, position, file)): Path<(String, i32, String)>,
    headers: HeaderMap,
) -> Response {
    let lang = lang::from_headers(&headers);
    let Some(which) = PublicFile::from_name(&file) else {
        return refusal(ServiceError::NotFound, lang);
    };
    match publication::public_file(&state.read, &code, position, which).await {
        Ok((file_name, text)) => download(text, which.content_type(), &file_name),
        Err(e) => refusal(e, lang),
    }
}

/// A whole file as a download named `file_name` (ASCII letters, digits, dashes and dots).
pub(crate) fn download(text: String, content_type: &'static str, file_name: &str) -> Response {
    let mut res = text.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    res
}

/// A streamed CSV download with its file name, or the refusal.
fn csv_response(download: Result<exports::Download, ServiceError>, lang: Lang) -> Response {
    match download {
        Ok(download) => csv_download(download),
        Err(e) => refusal(e, lang),
    }
}

/// A streamed CSV download with its file name.
pub(crate) fn csv_download(download: exports::Download) -> Response {
    // Codes are ASCII letters, digits and dashes: the name needs no quoting rules.
    let disposition = format!("attachment; filename=\"{}\"", download.file_name);
    let mut res = Body::from_stream(download.body).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    res
}

/// A download refused, as plain text in the reader's language with the error's status.
pub(super) fn refusal(e: ServiceError, lang: Lang) -> Response {
    let error = render(e, lang);
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut res = (status, error.message).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}
