//! What anyone may read: the contests, and their published results. A round's result is here
//! only once its committee publishes it, exactly as on the public results page.

use super::schema::{
    CategoryRef, Contest, ContestName, ContestPage, ContestResults, PublishedEntry,
    PublishedEntryPage, PublishedRound, RoundFiles,
};
use super::{ApiLang, ApiRefusal, PageQuery, cursor_of, page_range};
use app::domain::Lang;
use app::model::publication;
use app::ssr::AppState;
use app::ssr::messages::{Msg, ServiceError};
use app::ssr::services::publication::Detail;
use app::ssr::services::{contests as contest_service, publication as published};
use axum::Json;
use axum::extract::{Path, Query, State};

/// Contests, in code order, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/contests",
    tag = "public",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of contests.", body = ContestPage),
        (status = 422, description = "`api.cursor_invalid`: a limit out of range or a cursor this API did not make.", body = super::schema::ApiError)
    )
)]
pub async fn contests(
    State(state): State<AppState>,
    ApiLang(lang): ApiLang,
    Query(page): Query<PageQuery>,
) -> Result<Json<ContestPage>, ApiRefusal> {
    let refuse = ApiRefusal::of(lang);
    let limit = page.limit().map_err(&refuse)?;
    let after = page
        .cursor()
        .map_err(&refuse)?
        .map(|text| {
            text.strip_prefix("c:")
                .map(str::to_owned)
                .ok_or_else(|| ServiceError::invalid("cursor", Msg::Cursor))
        })
        .transpose()
        .map_err(&refuse)?;
    // One more than asked says whether a next page exists.
    let mut rows = contest_service::after_code(&state.read, after.as_deref(), limit as u64 + 1)
        .await
        .map_err(&refuse)?;
    let next_cursor = (rows.len() > limit).then(|| {
        rows.truncate(limit);
        cursor_of(&format!("c:{}", rows[limit - 1].code))
    });
    let items = rows
        .into_iter()
        .map(|c| Contest {
            page: format!("/contests/{}", c.code),
            results: format!("/api/v1/contests/{}/results", c.code),
            code: c.code,
            name_vi: c.name_vi,
            name_en: c.name_en,
            time_zone: c.time_zone,
            submissions_open: c.submissions_open.map(|z| z.utc),
            submissions_close: c.submissions_close.map(|z| z.utc),
            results_at: c.results.map(|z| z.utc),
        })
        .collect();
    Ok(Json(ContestPage { items, next_cursor }))
}

/// A contest's published rounds, the latest first; none before the committee publishes one.
#[utoipa::path(
    get,
    path = "/api/v1/contests/{code}/results",
    tag = "public",
    params(("code" = String, Path, description = "The contest's code, e.g. `LS24`.")),
    responses(
        (status = 200, description = "The contest's published rounds.", body = ContestResults),
        (status = 404, description = "`not_found`: no contest has this code.", body = super::schema::ApiError)
    )
)]
pub async fn contest_results(
    State(state): State<AppState>,
    ApiLang(lang): ApiLang,
    Path(code): Path<String>,
) -> Result<Json<ContestResults>, ApiRefusal> {
    let results = published::public_results(&state.read, &code, Detail::Summary, lang)
        .await
        .map_err(ApiRefusal::of(lang))?;
    let code = results.contest.code.clone();
    Ok(Json(ContestResults {
        results_at: results.results_at.map(|z| z.utc),
        rounds: results
            .rounds
            .iter()
            .map(|r| round_summary(&code, r, lang))
            .collect(),
        contest: ContestName {
            code: results.contest.code,
            name_vi: results.contest.name_vi,
            name_en: results.contest.name_en,
        },
    }))
}

/// The entries a published round lists, a page at a time: a final round's ranked entries, an
/// earlier round's advancing ones, by category, winners first.
#[utoipa::path(
    get,
    path = "/api/v1/contests/{code}/rounds/{position}/entries",
    tag = "public",
    params(
        ("code" = String, Path, description = "The contest's code."),
        ("position" = i32, Path, description = "The round's position, from 1."),
        PageQuery
    ),
    responses(
        (status = 200, description = "A page of the round's listed entries.", body = PublishedEntryPage),
        (status = 404, description = "`not_found`: no such contest or round, or the round is not published.", body = super::schema::ApiError),
        (status = 422, description = "`api.cursor_invalid`: a limit out of range, or a cursor not made for this round as it is published now.", body = super::schema::ApiError)
    )
)]
pub async fn round_entries(
    State(state): State<AppState>,
    ApiLang(lang): ApiLang,
    Path((code, position)): Path<(String, i32)>,
    Query(page): Query<PageQuery>,
) -> Result<Json<PublishedEntryPage>, ApiRefusal> {
    let refuse = ApiRefusal::of(lang);
    let round = published::public_round(&state.read, &code, position, lang)
        .await
        .map_err(&refuse)?;
    let listed = round.listed as usize;
    let (range, next_cursor) = page_range(listed, &page, &round.digest).map_err(&refuse)?;
    let items: Vec<PublishedEntry> = round
        .categories
        .iter()
        .flat_map(|g| {
            let category = g.category.as_ref().map(|c| CategoryRef {
                code: c.code.clone(),
                name: lang.pick(&c.name_vi, &c.name_en).to_owned(),
            });
            g.winners
                .iter()
                .chain(&g.others)
                .map(move |e| (e, category.clone()))
        })
        .skip(range.start)
        .take(range.len())
        .map(|(e, category)| PublishedEntry {
            code: e.code.clone(),
            title: e.title.clone(),
            lead: e.lead.clone(),
            category,
            rank: e.rank,
            shared: e.shared,
            score: e.score,
            prize: e.prize.clone(),
        })
        .collect();
    let contest = contest_service::normalize_code(&code).unwrap_or(code);
    Ok(Json(PublishedEntryPage {
        round: round_summary(&contest, &round, lang),
        items,
        next_cursor,
    }))
}

/// A published round without its entries, with where to read them and its files.
fn round_summary(code: &str, r: &publication::PublishedRound, lang: Lang) -> PublishedRound {
    let position = r.round.position;
    let base = format!("/contests/{code}/rounds/{position}/published");
    PublishedRound {
        position,
        name: lang.pick(&r.round.name_vi, &r.round.name_en).to_owned(),
        is_final: r.is_final,
        published_at: r.published_at.utc,
        digest: r.digest.clone(),
        show_scores: r.options.show_scores,
        ranked: r.ranked,
        listed: r.listed,
        next_round: r.next_round.clone(),
        entries: format!("/api/v1/contests/{code}/rounds/{position}/entries"),
        files: r.options.publish_files.then(|| RoundFiles {
            round_toml: format!("{base}/round.toml"),
            entries_csv: format!("{base}/entries.csv"),
            sheets_csv: format!("{base}/sheets.csv"),
        }),
    }
}
