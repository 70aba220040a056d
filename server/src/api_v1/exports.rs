//! What a contest's API token reads: the round's full ranking as JSON, and the committee's
//! exports as the same streamed files the committee downloads (UTF-8 with a byte-order mark,
//! values a spreadsheet would run neutralised). A token reads its own contest only; the
//! services refuse anything else as they would refuse a person.

use super::schema::{AggregateScore, ApiError, Prize, RankedEntry, RankedRound, RankingPage};
use super::{ApiLang, ApiRefusal, PageQuery, TokenReader, page_range};
use crate::routes::exports::{csv_download, download};
use app::domain::Lang;
use app::domain::round::EntryStatus;
use app::ssr::AppState;
use app::ssr::exports::{self, Download, RoundFile};
use app::ssr::messages::ServiceError;
use app::ssr::services::results::{self, Computed};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};

/// A round's full ranking as its committee reads it (published or not), in official order:
/// ranked entries, then the others by code.
#[utoipa::path(
    get,
    path = "/api/v1/contests/{code}/rounds/{position}/ranking",
    tag = "committee",
    security(("token" = [])),
    params(
        ("code" = String, Path, description = "The contest's code."),
        ("position" = i32, Path, description = "The round's position, from 1."),
        PageQuery
    ),
    responses(
        (status = 200, description = "A page of the round's ranking.", body = RankingPage),
        (status = 401, description = "`api.token_invalid`: no token, or one unknown or revoked.", body = ApiError),
        (status = 403, description = "`auth.forbidden`: the token is another contest's.", body = ApiError),
        (status = 404, description = "`not_found`: no such contest or round.", body = ApiError),
        (status = 422, description = "`api.cursor_invalid`: a limit out of range, or a cursor not made for the ranking as it stands.", body = ApiError)
    )
)]
pub async fn ranking(
    State(state): State<AppState>,
    ApiLang(lang): ApiLang,
    TokenReader(actor): TokenReader,
    Path((code, position)): Path<(String, i32)>,
    Query(page): Query<PageQuery>,
) -> Result<Json<RankingPage>, ApiRefusal> {
    let refuse = ApiRefusal::of(lang);
    let (c, round) = results::committee_computed(&state.read, &actor, &code, position)
        .await
        .map_err(&refuse)?;
    let (range, next_cursor) =
        page_range(c.outcome.order.len(), &page, &c.digest).map_err(&refuse)?;
    let own = c.rules.settings.aggregate();
    Ok(Json(RankingPage {
        round: RankedRound {
            position: round.position,
            name: lang.pick(&round.name_vi, &round.name_en).to_owned(),
            is_final: c.rules.settings.is_final,
            aggregate: results::aggregate_code(own).to_owned(),
            criteria: c
                .rules
                .rubric
                .criteria()
                .iter()
                .map(|k| k.key.clone())
                .collect(),
            finalised_at: c.finalised.as_ref().map(|(at, _)| *at),
            digest: c.digest.clone(),
            entries: c.outcome.entries.len() as u64,
        },
        items: c.outcome.order[range]
            .iter()
            .map(|&i| ranked_entry(&c, i, lang))
            .collect(),
        next_cursor,
    }))
}

/// Entry `i` of the round as the ranking lists it.
fn ranked_entry(c: &Computed, i: usize, lang: Lang) -> RankedEntry {
    let r = &c.outcome.entries[i];
    let own = c.rules.settings.aggregate();
    let is_final = c.rules.settings.is_final;
    RankedEntry {
        rank: r.rank.map(|p| p.rank),
        category_rank: r.category_rank.map(|p| p.rank),
        code: r.entry.code.clone(),
        title: r.entry.title.clone().unwrap_or_default(),
        category: r.entry.category.clone(),
        status: match r.status {
            EntryStatus::Ranked => "ranked",
            EntryStatus::Incomplete => "incomplete",
            EntryStatus::Disqualified => "disqualified",
        }
        .to_owned(),
        score: r.scoring.score,
        other_scores: c
            .alternatives
            .iter()
            .filter(|(a, _)| *a != own)
            .map(|(a, scores)| AggregateScore {
                aggregate: results::aggregate_code(*a).to_owned(),
                score: scores[i],
            })
            .collect(),
        raw_mean: r.scoring.raw_mean,
        criteria: r.scoring.criteria.clone(),
        sheets_counted: r.scoring.sheets.len() as u64,
        flag: r.flag.as_ref().map(|f| {
            if f.accepted.is_some() {
                "accepted"
            } else {
                "open"
            }
            .to_owned()
        }),
        advances: if is_final {
            None
        } else {
            r.advancement.as_ref().and_then(|a| a.advances())
        },
        prize: r
            .prize
            .as_ref()
            .and_then(|p| p.prize())
            .flatten()
            .map(|k| Prize {
                position: k as u32 + 1,
                name: c.prize_name(r, lang).unwrap_or_default(),
            }),
    }
}

/// The CSV response of a committee export, or its refusal as JSON.
fn csv(download: Result<Download, ServiceError>, lang: Lang) -> Response {
    match download {
        Ok(d) => csv_download(d),
        Err(e) => ApiRefusal::Service(e, lang).into_response(),
    }
}

/// Documents one CSV export of a round: the same path parameters, answers and refusals.
macro_rules! round_csv {
    ($name:ident, $file:literal, $what:literal, $make:expr) => {
        #[doc = $what]
        #[utoipa::path(
            get,
            path = concat!("/api/v1/contests/{code}/rounds/{position}/", $file),
            tag = "committee",
            security(("token" = [])),
            params(
                ("code" = String, Path, description = "The contest's code."),
                ("position" = i32, Path, description = "The round's position, from 1.")
            ),
            responses(
                (status = 200, description = $what, content_type = "text/csv", body = String),
                (status = 401, description = "`api.token_invalid`", body = ApiError),
                (status = 403, description = "`auth.forbidden`: the token is another contest's.", body = ApiError),
                (status = 404, description = "`not_found`: no such contest or round.", body = ApiError)
            )
        )]
        pub async fn $name(
            State(state): State<AppState>,
            ApiLang(lang): ApiLang,
            TokenReader(actor): TokenReader,
            Path((code, position)): Path<(String, i32)>,
        ) -> Response {
            let make = $make;
            csv(make(state.read.clone(), actor, code, position, lang).await, lang)
        }
    };
}

round_csv!(
    results_csv,
    "results.csv",
    "The round's results as the committee downloads them (headers in the requested language).",
    |db, actor, code: String, position, lang| async move {
        exports::round_csv(db, &actor, &code, position, RoundFile::Results, lang).await
    }
);
round_csv!(
    sheets_csv,
    "sheets.csv",
    "The round's submitted score sheets in the format `jurydesk results --sheets` reads.",
    |db, actor, code: String, position, lang| async move {
        exports::round_csv(db, &actor, &code, position, RoundFile::Sheets, lang).await
    }
);
round_csv!(
    round_entries_csv,
    "entries.csv",
    "The round's entries in the format `jurydesk results --entries` reads.",
    |db, actor, code: String, position, lang| async move {
        exports::round_csv(db, &actor, &code, position, RoundFile::Entries, lang).await
    }
);
round_csv!(
    assignments_csv,
    "assignments.csv",
    "The round's assignment: one line per entry and judge, with the sheet's state.",
    |db, actor, code: String, position, lang| async move {
        exports::assignments_csv(db, &actor, &code, position, lang).await
    }
);

/// The round's rules with the committee's decisions, as `jurydesk results --rules` reads them.
#[utoipa::path(
    get,
    path = "/api/v1/contests/{code}/rounds/{position}/round.toml",
    tag = "committee",
    security(("token" = [])),
    params(
        ("code" = String, Path, description = "The contest's code."),
        ("position" = i32, Path, description = "The round's position, from 1.")
    ),
    responses(
        (status = 200, description = "The round's rules (TOML).", content_type = "application/toml", body = String),
        (status = 401, description = "`api.token_invalid`", body = ApiError),
        (status = 403, description = "`auth.forbidden`: the token is another contest's.", body = ApiError),
        (status = 404, description = "`not_found`: no such contest or round.", body = ApiError)
    )
)]
pub async fn round_toml(
    State(state): State<AppState>,
    ApiLang(lang): ApiLang,
    TokenReader(actor): TokenReader,
    Path((code, position)): Path<(String, i32)>,
) -> Response {
    match results::round_toml(&state.read, &actor, &code, position).await {
        Ok((name, text)) => download(text, "application/toml; charset=utf-8", &name),
        Err(e) => ApiRefusal::Service(e, lang).into_response(),
    }
}

/// Documents one CSV export of a contest.
macro_rules! contest_csv {
    ($name:ident, $file:literal, $what:literal, $make:expr) => {
        #[doc = $what]
        #[utoipa::path(
            get,
            path = concat!("/api/v1/contests/{code}/", $file),
            tag = "committee",
            security(("token" = [])),
            params(("code" = String, Path, description = "The contest's code.")),
            responses(
                (status = 200, description = $what, content_type = "text/csv", body = String),
                (status = 401, description = "`api.token_invalid`", body = ApiError),
                (status = 403, description = "`auth.forbidden`: the token is another contest's.", body = ApiError),
                (status = 404, description = "`not_found`: no such contest.", body = ApiError)
            )
        )]
        pub async fn $name(
            State(state): State<AppState>,
            ApiLang(lang): ApiLang,
            TokenReader(actor): TokenReader,
            Path(code): Path<String>,
        ) -> Response {
            let make = $make;
            csv(make(state.read.clone(), actor, code, lang).await, lang)
        }
    };
}

contest_csv!(
    entries_csv,
    "entries.csv",
    "The contest's entries with the founders' answers, in code order.",
    |db, actor, code: String, lang| async move {
        exports::entries_csv(db, &actor, &code, Default::default(), lang).await
    }
);
contest_csv!(
    judges_csv,
    "judges.csv",
    "The contest's jury: judges who joined, then those invited.",
    |db, actor, code: String, lang| async move { exports::judges_csv(db, &actor, &code, lang).await }
);
contest_csv!(
    audit_csv,
    "audit.csv",
    "The contest's audit log, oldest first, with each record's hash.",
    |db, actor, code: String, lang| async move { exports::audit_csv(db, &actor, &code, lang).await }
);
