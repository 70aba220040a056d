//! Attachments over HTTP: the upload (a multipart form, so it works without JavaScript; with
//! JavaScript the page sends the same form and reads a JSON answer) and the download.
//!
//! An upload is authorised before a byte of its body is read, refused early when it declares
//! more than the contest accepts, streamed to disk with the limit enforced chunk by chunk, its
//! kind read from its first bytes (a wrong kind stops it there), and only then recorded.
//! Nothing the uploader names reaches the file system: files are stored under ids.

use super::exports::refusal;
use super::forms::keep;
use app::api::errors::render;
use app::api::forms::Flash;
use app::model::{AttachmentKind, AttachmentRules};
use app::ssr::actor::Actor;
use app::ssr::messages::{Msg, ServiceError};
use app::ssr::services::attachments::{self, SNIFF_BYTES, StoredFile, Target, Upload};
use app::ssr::{AppState, lang};
use axum::Json;
use axum::body::Body;
use axum::extract::multipart::{Field, MultipartError};
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use tower_sessions::Session;
use uuid::Uuid;

/// What a multipart body may carry besides the file itself (boundaries, headers, the name).
const ENVELOPE_BYTES: u64 = 64 * 1024;

/// `POST /entries/{code}/attachments`, a multipart form with one `file` field.
///
/// With `Accept: application/json` (the page's script) it answers the attachment as JSON, or
/// the wire error with its status. A plain form post is sent back to the entry: with
/// `?attached=1` on success, with the error kept in the session (as for every plain form) on
/// failure.
pub async fn upload(
    State(state): State<AppState>,
    actor: Actor,
    Path(code): Path<String>,
    request: Request,
) -> Response {
    let headers = request.headers().clone();
    let lang = lang::from_headers(&headers);
    let session = request.extensions().get::<Session>().cloned();
    let json = wants_json(&headers);
    // The file question the upload answers, for a refusal to be shown at its form.
    let mut question = String::new();
    let answer = receive(&state, &actor, &code, request, &mut question).await;
    let back = format!(
        "/entries/{}",
        app::format::urlencode(&code.trim().to_ascii_uppercase())
    );
    match (answer, json) {
        (Ok(view), true) => (StatusCode::CREATED, Json(view)).into_response(),
        (Ok(_), false) => Redirect::to(&format!("{back}?attached=1#attachments")).into_response(),
        (Err(e), true) => {
            let error = render(e, lang);
            let status =
                StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, Json(error)).into_response()
        }
        (Err(e), false) => {
            if let Some(session) = session {
                let flash = Flash {
                    action: format!("{back}/attachments"),
                    fields: vec![("field".to_owned(), question)],
                    error: render(e, lang),
                };
                keep(&session, flash).await;
            }
            Redirect::to(&format!("{back}#attachments")).into_response()
        }
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// Authorises, stores and records an upload; every refusal as a `ServiceError`.
async fn receive(
    state: &AppState,
    actor: &Actor,
    code: &str,
    request: Request,
    question: &mut String,
) -> Result<app::model::AttachmentView, ServiceError> {
    let target = attachments::target(&state.db, actor, code).await?;
    let max = target.rules.max_bytes();
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max + ENVELOPE_BYTES) {
        // Read to the end without keeping anything, so the browser gets the answer (one that
        // stops sending is shown a broken connection instead).
        let mut body = request.into_body().into_data_stream();
        while let Some(Ok(_)) = body.next().await {}
        return Err(too_large(&target.rules));
    }
    let mut multipart = Multipart::from_request(request, state)
        .await
        .map_err(|_| missing())?;
    // The file question the file answers, when the form names one before the file.
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| multipart_error(&e, &target.rules))?
    {
        if field.name() == Some("field") {
            *question = field.text().await.unwrap_or_default();
            continue;
        }
        if field.name() == Some("file") {
            let stored = store(field, &state.settings.data_dir, &target).await;
            let upload = match stored {
                Ok(upload) => Upload {
                    field: question.clone(),
                    ..upload
                },
                Err(e) => {
                    drain(&mut multipart).await;
                    return Err(e);
                }
            };
            let path =
                attachments::file_path(&state.settings.data_dir, target.contest_id, upload.id);
            return match attachments::record(&state.db, actor, code, upload).await {
                Ok(view) => Ok(view),
                Err(e) => {
                    remove_quietly(&path).await;
                    Err(e)
                }
            };
        }
    }
    Err(missing())
}

/// Reads what is left of a refused upload without keeping it (see above).
async fn drain(multipart: &mut Multipart) {
    while let Ok(Some(mut field)) = multipart.next_field().await {
        while let Ok(Some(_)) = field.chunk().await {}
    }
}

fn missing() -> ServiceError {
    ServiceError::invalid("file", Msg::AttachmentMissing)
}

fn too_large(rules: &AttachmentRules) -> ServiceError {
    ServiceError::invalid(
        "file",
        Msg::AttachmentTooLarge {
            max_mb: rules.max_mb,
        },
    )
}

fn wrong_kind(rules: &AttachmentRules) -> ServiceError {
    ServiceError::invalid(
        "file",
        Msg::AttachmentKind {
            allowed: AttachmentKind::list_text(&rules.kinds),
        },
    )
}

fn multipart_error(e: &MultipartError, rules: &AttachmentRules) -> ServiceError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large(rules)
    } else {
        missing()
    }
}

fn io(e: std::io::Error) -> ServiceError {
    ServiceError::Internal(format!("storing an attachment: {e}"))
}

/// The kind of a file from its first bytes, if the contest accepts it.
fn accepted(head: &[u8], rules: &AttachmentRules) -> Result<AttachmentKind, ServiceError> {
    attachments::sniff(head)
        .filter(|k| rules.kinds.contains(k))
        .ok_or_else(|| wrong_kind(rules))
}

/// Streams the file field to `{id}.part` in the contest's directory, within the limit, then
/// renames it to its id. A refused or broken upload leaves nothing behind.
async fn store(
    mut field: Field<'_>,
    data_dir: &std::path::Path,
    target: &Target,
) -> Result<Upload, ServiceError> {
    let id = Uuid::now_v7();
    let dir = attachments::contest_dir(data_dir, target.contest_id);
    tokio::fs::create_dir_all(&dir).await.map_err(io)?;
    let part = dir.join(format!("{id}.part"));
    let name = field.file_name().unwrap_or_default().to_owned();
    let stored = async {
        let mut file = tokio::fs::File::create(&part).await.map_err(io)?;
        let max = target.rules.max_bytes();
        let (mut size, mut head, mut kind) = (0u64, Vec::new(), None);
        let mut hash = Sha256::new();
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(|e| multipart_error(&e, &target.rules))?
        {
            size += chunk.len() as u64;
            if size > max {
                return Err(too_large(&target.rules));
            }
            if kind.is_none() {
                let wanted = SNIFF_BYTES.saturating_sub(head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..wanted]);
                if head.len() >= SNIFF_BYTES {
                    kind = Some(accepted(&head, &target.rules)?);
                }
            }
            hash.update(&chunk);
            file.write_all(&chunk).await.map_err(io)?;
        }
        if size == 0 {
            return Err(missing());
        }
        let kind = match kind {
            Some(kind) => kind,
            None => accepted(&head, &target.rules)?,
        };
        // On disk before it is recorded: a crash after the commit must not lose the file.
        file.sync_all().await.map_err(io)?;
        drop(file);
        let done = attachments::file_path(data_dir, target.contest_id, id);
        tokio::fs::rename(&part, &done).await.map_err(io)?;
        Ok(Upload {
            id,
            name,
            kind,
            size,
            sha256: hex::encode(hash.finalize()),
            field: String::new(),
        })
    }
    .await;
    if stored.is_err() {
        remove_quietly(&part).await;
        // The rest of the refused file is read and dropped, so the answer reaches the browser.
        while let Ok(Some(_)) = field.chunk().await {}
    }
    stored
}

pub(crate) async fn remove_quietly(path: &std::path::Path) {
    if let Err(e) = tokio::fs::remove_file(path).await
        && e.kind() != std::io::ErrorKind::NotFound
    {
        tracing::warn!(error = %e, "could not remove an attachment file");
    }
}

/// `GET /entries/{code}/attachments/{id}`: the file, for whoever may read the entry, always
/// as a download (`Content-Disposition: attachment`, the stored kind's type, no sniffing).
/// A missing attachment, one of another entry and one of an entry the reader may not see all
/// answer the same 404.
pub async fn download(
    State(state): State<AppState>,
    actor: Actor,
    Path((code, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let lang = lang::from_headers(&headers);
    let Ok(id) = Uuid::parse_str(&id) else {
        return refusal(ServiceError::NotFound, lang);
    };
    let stored =
        match attachments::open(&state.read, &actor, &state.settings.data_dir, &code, id).await {
            Ok(stored) => stored,
            Err(e) => return refusal(e, lang),
        };
    serve(stored, lang).await
}

/// `GET /judging/{contest}/rounds/{position}/{entry}/files/{id}`: a file of the dossier, for
/// the judge of the sheet only; in a blind round named by the entry's code and its place, so
/// the download carries no uploaded name.
pub async fn judge_download(
    State(state): State<AppState>,
    actor: Actor,
    Path((contest, position, entry, id)): Path<(String, i32, String, String)>,
    headers: HeaderMap,
) -> Response {
    let lang = lang::from_headers(&headers);
    let Ok(id) = Uuid::parse_str(&id) else {
        return refusal(ServiceError::NotFound, lang);
    };
    let at = app::ssr::services::sheets::SheetAt {
        contest: &contest,
        position,
        entry: &entry,
    };
    match app::ssr::services::sheets::open_file(
        &state.read,
        &actor,
        &state.settings.data_dir,
        at,
        id,
    )
    .await
    {
        Ok(stored) => serve(stored, lang).await,
        Err(e) => refusal(e, lang),
    }
}

/// The stored file as a download.
async fn serve(stored: StoredFile, lang: app::domain::Lang) -> Response {
    let id = stored.path.display().to_string();
    let file = match tokio::fs::File::open(&stored.path).await {
        Ok(file) => file,
        Err(e) => {
            tracing::error!(error = %e, path = %id, "an attachment's file is missing");
            return refusal(ServiceError::NotFound, lang);
        }
    };
    let mut res = Body::from_stream(tokio_util::io::ReaderStream::new(file)).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(stored.kind.mime()),
    );
    if let Ok(len) = HeaderValue::from_str(&stored.size.to_string()) {
        h.insert(header::CONTENT_LENGTH, len);
    }
    if let Ok(value) =
        HeaderValue::from_str(&disposition(&stored.entry_code, &stored.name, stored.kind))
    {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    res
}

/// `attachment`, with a plain ASCII name made from the entry's code for old clients and the
/// uploaded name (RFC 8187, percent-encoded UTF-8) for the rest.
fn disposition(entry_code: &str, name: &str, kind: AttachmentKind) -> String {
    let plain: String = entry_code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let encoded = percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC);
    format!(
        "attachment; filename=\"{plain}.{}\"; filename*=UTF-8''{encoded}",
        kind.code()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_download_is_named_plainly_and_in_full() {
        assert_eq!(
            disposition("LS25-0042", "Hồ sơ \"dự thi\".pdf", AttachmentKind::Pdf),
            "attachment; filename=\"LS25-0042.pdf\"; \
             filename*=UTF-8''H%E1%BB%93%20s%C6%A1%20%22d%E1%BB%B1%20thi%22%2Epdf"
        );
    }
}
