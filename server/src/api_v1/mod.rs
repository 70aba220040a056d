//! The JSON API v1 (docs/api.md): published contests and results for anyone, and with a
//! contest's API token (made by its committee, sent as `Authorization: Bearer jdk_…`) the
//! contest's ranking and exports, for a provincial or national startup portal.
//!
//! Each route is registered with its `#[utoipa::path]` documentation through one
//! `OpenApiRouter`, so the router and `/api/v1/openapi.json` cannot disagree: a route without
//! documentation cannot be added here. Handlers are thin: the services decide who may read
//! what, and every number comes from the same engine as the pages and the CSV files.

mod exports;
mod public;
pub mod schema;

use app::api::errors::{render, text};
use app::domain::Lang;
use app::ssr::actor::Actor;
use app::ssr::messages::{Msg, ServiceError};
use app::ssr::services::api_tokens;
use app::ssr::{AppState, lang};
use axum::Json;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Where the document is served; it is itself one of the documented routes.
pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "JuryDesk API",
        version = "1",
        description = "Published contests and results for anyone; a contest's ranking and \
            exports with an API token its committee makes (Authorization: Bearer jdk_…). \
            Errors are JSON with a stable `code`; lists are paged with `limit` and \
            `cursor`. See docs/api.md."
    ),
    modifiers(&BearerToken),
    tags(
        (name = "public", description = "Published contests and results: no token."),
        (name = "committee", description = "A contest's ranking and exports: its API token.")
    )
)]
struct ApiDoc;

/// The security scheme the committee's endpoints name.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A contest's API token, made on the contest's API page by its committee.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The API's routes and their OpenAPI document, made together.
pub fn router() -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, api) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(openapi_json))
        .routes(routes!(public::contests))
        .routes(routes!(public::contest_results))
        .routes(routes!(public::round_entries))
        .routes(routes!(exports::ranking))
        .routes(routes!(exports::results_csv))
        .routes(routes!(exports::sheets_csv))
        .routes(routes!(exports::round_entries_csv))
        .routes(routes!(exports::round_toml))
        .routes(routes!(exports::assignments_csv))
        .routes(routes!(exports::entries_csv))
        .routes(routes!(exports::judges_csv))
        .routes(routes!(exports::audit_csv))
        .split_for_parts();
    let document = api.clone();
    let router = router.layer(axum::Extension(std::sync::Arc::new(document)));
    (router, api)
}

/// The OpenAPI 3.1 document of this API.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "public",
    responses((status = 200, description = "The OpenAPI 3.1 document.", content_type = "application/json", body = Object))
)]
async fn openapi_json(
    axum::Extension(api): axum::Extension<std::sync::Arc<utoipa::openapi::OpenApi>>,
) -> Response {
    Json(api.as_ref()).into_response()
}

/// A page of a list: how many items, and after which.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page, 1 to 500 (100 when absent).
    pub limit: Option<u32>,
    /// The `next_cursor` of the page before; absent for the first page.
    pub cursor: Option<String>,
}

const LIMIT_DEFAULT: u32 = 100;
const LIMIT_MAX: u32 = 500;

impl PageQuery {
    fn limit(&self) -> Result<usize, ServiceError> {
        match self.limit.unwrap_or(LIMIT_DEFAULT) {
            n @ 1..=LIMIT_MAX => Ok(n as usize),
            _ => Err(ServiceError::invalid("limit", Msg::Cursor)),
        }
    }

    /// The cursor's text, which this API made (hex, so it travels in a URL as it is).
    fn cursor(&self) -> Result<Option<String>, ServiceError> {
        let Some(raw) = self.cursor.as_deref() else {
            return Ok(None);
        };
        hex::decode(raw)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .map(Some)
            .ok_or_else(|| ServiceError::invalid("cursor", Msg::Cursor))
    }
}

fn cursor_of(text: &str) -> String {
    hex::encode(text.as_bytes())
}

/// The cursor of a page that starts at `offset` of a list whose content has `digest`: a cursor
/// of a list that changed since (a round reopened and finalised again) is refused rather than
/// skipping or repeating entries.
fn offset_cursor(offset: usize, digest: &str) -> String {
    cursor_of(&format!("{offset}:{}", &digest[..digest.len().min(16)]))
}

/// The offset a cursor names for a list with `digest`, 0 without one.
fn offset_of(page: &PageQuery, digest: &str) -> Result<usize, ServiceError> {
    let Some(text) = page.cursor()? else {
        return Ok(0);
    };
    text.split_once(':')
        .filter(|(_, d)| digest.starts_with(d) && !d.is_empty())
        .and_then(|(offset, _)| offset.parse().ok())
        .ok_or_else(|| ServiceError::invalid("cursor", Msg::Cursor))
}

/// The part of a list of `len` items that `page` asks for, and the cursor of what follows.
fn page_range(
    len: usize,
    page: &PageQuery,
    digest: &str,
) -> Result<(std::ops::Range<usize>, Option<String>), ServiceError> {
    let (offset, limit) = (offset_of(page, digest)?, page.limit()?);
    if offset > len {
        return Err(ServiceError::invalid("cursor", Msg::Cursor));
    }
    let end = (offset + limit).min(len);
    let next = (end < len).then(|| offset_cursor(end, digest));
    Ok((offset..end, next))
}

/// A refusal as the API sends it: JSON with the error's status.
pub enum ApiRefusal {
    /// What a service refused, in the reader's language.
    Service(ServiceError, Lang),
    /// No token, or one unknown or revoked: 401 `api.token_invalid`.
    Token(Lang),
}

impl ApiRefusal {
    fn of(lang: Lang) -> impl Fn(ServiceError) -> ApiRefusal {
        move |e| ApiRefusal::Service(e, lang)
    }
}

impl IntoResponse for ApiRefusal {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            ApiRefusal::Service(error, lang) => {
                let e = render(error, lang);
                let status =
                    StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let fields = e
                    .fields
                    .into_iter()
                    .map(|f| schema::FieldError {
                        path: f.path,
                        code: f.code,
                        message: f.message,
                    })
                    .collect();
                (
                    status,
                    schema::ApiError {
                        code: e.code,
                        message: e.message,
                        fields,
                    },
                )
            }
            ApiRefusal::Token(lang) => (
                StatusCode::UNAUTHORIZED,
                schema::ApiError {
                    code: Msg::ApiToken.code().to_owned(),
                    message: text(&Msg::ApiToken, lang),
                    fields: Vec::new(),
                },
            ),
        };
        let mut res = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"jurydesk\""),
            );
        }
        res
    }
}

/// The reader's language, from `Accept-Language` (or the site's language cookie).
pub struct ApiLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for ApiLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ApiLang(lang::from_headers(&parts.headers)))
    }
}

/// The reader behind `Authorization: Bearer jdk_…`: a contest's API token, reading as that
/// contest's committee. Refused with 401 `api.token_invalid` when the header is missing, or
/// the token unknown or revoked; a session cookie is not a token.
pub struct TokenReader(pub Actor);

impl FromRequestParts<AppState> for TokenReader {
    type Rejection = ApiRefusal;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let lang = lang::from_headers(&parts.headers);
        let secret = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let actor = match secret {
            Some(secret) => api_tokens::authenticate(&state.read, &state.db, secret)
                .await
                .map_err(ApiRefusal::of(lang))?,
            None => None,
        };
        actor.map(TokenReader).ok_or(ApiRefusal::Token(lang))
    }
}
