//! `/contests/:code/rounds/:position/ranking`: a round's results for its committee, as the
//! engine computes them. The official score beside the other aggregations, ranked entries in
//! official order (in one category or the whole round) with incomplete and disqualified ones
//! apart, the calibration warnings, what waits for the committee, the digest, and any entry's
//! explanation: its sheets × criteria and the rule that placed it. Every link is a plain GET, so
//! the page reads the same without JavaScript.

use crate::api::publication::{PublishRound, UnpublishRound};
use crate::api::results::{
    ChoosePrize, DecideAdvancement, FinaliseRound, RankingView, ReopenRound, Standing,
    round_ranking,
};
use crate::components::form::{FormError, action_error, flash_for, successes};
use crate::components::{PageTitle, use_lang};
use crate::format;
use crate::i18n::*;
use crate::model::limits::REASON_MAX;
use crate::model::results::{Advances, EntryExplanation, RANKING_PER_PAGE, RankingRow};
use crate::pages::errors::ErrorView;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The committee's two decisions on the page; each success draws the page again.
#[derive(Clone, Copy)]
struct Actions {
    finalise: ServerAction<FinaliseRound>,
    reopen: ServerAction<ReopenRound>,
    decide: ServerAction<DecideAdvancement>,
    prize: ServerAction<ChoosePrize>,
    publish: ServerAction<PublishRound>,
    unpublish: ServerAction<UnpublishRound>,
}

#[component]
pub fn RankingPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let actions = Actions {
        finalise: ServerAction::new(),
        reopen: ServerAction::new(),
        decide: ServerAction::new(),
        prize: ServerAction::new(),
        publish: ServerAction::new(),
        unpublish: ServerAction::new(),
    };
    let (finalised, reopened) = (successes(actions.finalise), successes(actions.reopen));
    let (decided, chosen) = (successes(actions.decide), successes(actions.prize));
    let (published, unpublished) = (successes(actions.publish), successes(actions.unpublish));
    let key = move || {
        let p = params.read();
        let q = query.read();
        (
            p.get("code").unwrap_or_default(),
            p.get("position").and_then(|n| n.parse().ok()).unwrap_or(0),
            q.get("category"),
            q.get("standing").unwrap_or_default(),
            q.get("page").and_then(|n| n.parse().ok()).unwrap_or(1),
            q.get("explain"),
            q.get("fresh").is_some(),
            finalised.get()
                + reopened.get()
                + decided.get()
                + chosen.get()
                + published.get()
                + unpublished.get(),
        )
    };
    let ranking = Resource::new(
        key,
        |(code, position, category, standing, page, explain, fresh, _)| {
            round_ranking(code, position, category, standing, page, explain, fresh)
        },
    );
    let done = move || {
        let q = query.read();
        if q.get("finalised").is_some() || finalised.get() > 0 {
            Some(Did::Finalise)
        } else if q.get("reopened").is_some() || reopened.get() > 0 {
            Some(Did::Reopen)
        } else if q.get("decided").is_some() || decided.get() + chosen.get() > 0 {
            Some(Did::Decide)
        } else if q.get("published").is_some() || published.get() > 0 {
            Some(Did::Publish)
        } else if q.get("unpublished").is_some() || unpublished.get() > 0 {
            Some(Did::Unpublish)
        } else {
            None
        }
    };
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match ranking.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(r) => {
                        let error = Signal::derive({
                            let f = action_error(actions.finalise, flash_for::<FinaliseRound>().await);
                            let o = action_error(actions.reopen, flash_for::<ReopenRound>().await);
                            move || f.get().or_else(|| o.get())
                        });
                        let decide_error = Signal::derive({
                            let d = action_error(actions.decide, flash_for::<DecideAdvancement>().await);
                            let p = action_error(actions.prize, flash_for::<ChoosePrize>().await);
                            move || d.get().or_else(|| p.get())
                        });
                        let publish_error = Signal::derive({
                            let p = action_error(actions.publish, flash_for::<PublishRound>().await);
                            let u = action_error(actions.unpublish, flash_for::<UnpublishRound>().await);
                            move || p.get().or_else(|| u.get())
                        });
                        view! {
                            {move || done().map(|did| view! { <Done did=did/> })}
                            <Ranking r=r actions=actions error=error decide_error=decide_error
                                publish_error=publish_error/>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The page's address with its query, so that every link keeps the reader's choices.
#[derive(Clone)]
struct Link {
    base: String,
    category: Option<String>,
    standing: Standing,
    page: u64,
}

impl Link {
    /// Category and entry codes are ASCII letters, digits and dashes: they need no escaping.
    fn href(&self, explain: Option<&str>) -> String {
        let mut q: Vec<String> = Vec::new();
        if let Some(c) = &self.category {
            q.push(format!("category={}", c));
        }
        if self.standing != Standing::Ranked {
            q.push(format!("standing={}", self.standing.code()));
        }
        if self.page > 1 {
            q.push(format!("page={}", self.page));
        }
        if let Some(code) = explain {
            q.push(format!("explain={}", code));
        }
        let anchor = if explain.is_some() {
            "#explanation"
        } else {
            ""
        };
        if q.is_empty() {
            format!("{}{anchor}", self.base)
        } else {
            format!("{}?{}{anchor}", self.base, q.join("&"))
        }
    }

    fn with_standing(&self, standing: Standing) -> Link {
        Link {
            standing,
            page: 1,
            ..self.clone()
        }
    }

    fn with_page(&self, page: u64) -> Link {
        Link {
            page,
            ..self.clone()
        }
    }
}

/// What the committee just did on the page.
#[derive(Clone, Copy)]
enum Did {
    Finalise,
    Reopen,
    Decide,
    Publish,
    Unpublish,
}

/// What the committee just did, said once.
#[component]
fn Done(did: Did) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="notice" role="status">
            {match did {
                Did::Finalise => t!(i18n, results.finalised_now).into_any(),
                Did::Reopen => t!(i18n, results.reopened_now).into_any(),
                Did::Decide => t!(i18n, results.decided_now).into_any(),
                Did::Publish => t!(i18n, results.published_now).into_any(),
                Did::Unpublish => t!(i18n, results.unpublished_now).into_any(),
            }}
        </p>
    }
}

#[component]
fn Ranking(
    r: RankingView,
    actions: Actions,
    error: Signal<Option<crate::error::AppError>>,
    decide_error: Signal<Option<crate::error::AppError>>,
    publish_error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let l = Locale::from(lang);
    let title = td_string!(l, results.title, round = r.round.name(lang).to_owned()).to_string();
    let heading = title.clone();
    let round_base = format!("/contests/{}/rounds/{}", r.contest.code, r.round.position);
    let link = Link {
        base: format!("{round_base}/ranking"),
        category: r.query.category.clone(),
        standing: r.query.standing,
        page: r.query.page,
    };
    let fresh_href = {
        let plain = link.href(r.query.explain.as_deref());
        let (path, anchor) = plain.split_once('#').unwrap_or((&plain, ""));
        let sep = if path.contains('?') { '&' } else { '?' };
        let anchor = if anchor.is_empty() {
            String::new()
        } else {
            format!("#{anchor}")
        };
        format!("{path}{sep}fresh=1{anchor}")
    };
    let official = crate::words::aggregate_name(&r.aggregations[0], lang);
    let has_next = r.query.page * RANKING_PER_PAGE < r.total;
    let page = r.query.page;
    let in_category = r.query.category.is_some();
    let category_names = r.categories.clone();
    let category_name = move |code: &Option<String>| match code {
        Some(code) => category_names
            .iter()
            .find(|c| &c.code == code)
            .map_or_else(|| code.clone(), |c| c.name(lang).to_owned()),
        None => t_string!(i18n, results.no_category).to_string(),
    };
    let standing_name = move |s: Standing| match s {
        Standing::Ranked => t_string!(i18n, results.ranked).to_string(),
        Standing::Incomplete => t_string!(i18n, results.incomplete).to_string(),
        Standing::Disqualified => t_string!(i18n, results.disqualified).to_string(),
    };
    let rows = r.rows.clone();
    let aggregations = r.aggregations.clone();
    let explanation = r.explanation.clone();
    let names = category_name;
    view! {
        <PageTitle text=move |_| title.clone()/>
        <p class="crumbs">
            <a href=format!("/contests/{}", r.contest.code)>{r.contest.name(lang).to_owned()}</a>" › "
            <a href=format!("{round_base}/progress")>{r.round.name(lang).to_owned()}</a>
        </p>
        <h1>{heading}</h1>
        <p class="meta">
            {t!(i18n, results.official, aggregate = official.clone())}" · "
            {t!(i18n, results.computed_at, time = format::time_seconds(r.computed_at))}" · "
            <a href=fresh_href>{t!(i18n, results.recompute)}</a>
        </p>
        <p class="meta digest">{t!(i18n, results.digest)}": "<code>{r.digest.clone()}</code></p>
        {(!r.pending.is_empty()).then(|| view! {
            <section class="warning" aria-labelledby="pending">
                <h2 id="pending">{t!(i18n, results.pending)}</h2>
                <ul>{r.pending.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
            </section>
        })}
        {(!r.warnings.is_empty()).then(|| view! {
            <section class="warning" aria-labelledby="warnings">
                <h2 id="warnings">{t!(i18n, results.warnings)}</h2>
                <ul>{r.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
            </section>
        })}
        <dl class="figures facts">
            <dt>{t!(i18n, results.open_flags)}</dt>
            <dd>
                {r.open_flags}" · "
                <a href=format!("{round_base}/discrepancies")>{t!(i18n, discrepancy.link)}</a>
            </dd>
            {(!r.is_final).then(|| view! {
                <dt>{t!(i18n, results.advancing)}</dt>
                <dd>{r.advancing}</dd>
            })}
        </dl>
        <Decide r=r.clone() actions=actions error=error/>
        {r.finalised.is_some().then(|| view! { <Publish r=r.clone() actions=actions error=publish_error/> })}
        <form method="get" action=link.base.clone() class="filters">
            <label>
                {t!(i18n, results.category)}" "
                <select name="category">
                    <option value="" selected=!in_category>{t!(i18n, results.all_categories)}</option>
                    {r.categories.iter().map(|c| {
                        let selected = r.query.category.as_deref() == Some(c.code.as_str());
                        view! { <option value=c.code.clone() selected=selected>{c.name(lang).to_owned()}</option> }
                    }).collect_view()}
                </select>
            </label>
            {(r.query.standing != Standing::Ranked).then(|| view! {
                <input type="hidden" name="standing" value=r.query.standing.code()/>
            })}
            " "
            <button type="submit" class="secondary">{t!(i18n, results.show)}</button>
        </form>
        <nav class="tabs" aria-label=t_string!(i18n, results.standings)>
            {Standing::ALL.iter().zip(r.counts).map(|(s, n)| {
                let current = *s == r.query.standing;
                view! {
                    <a href=link.with_standing(*s).href(None)
                        aria-current=current.then_some("page")>
                        {format!("{} ({n})", standing_name(*s))}
                    </a>
                }
            }).collect_view()}
        </nav>
        {explanation.map(|e| {
            // The committee decides while the round is open: advancement in a round that is not
            // final, a prize inside a tie in a final one.
            let decide = r.finalised.is_none()
                .then(|| (r.contest.code.clone(), r.round.position, r.is_final));
            view! {
                <Explained e=e rubric=r.rubric.clone() close=link.href(None) decide=decide
                    actions=actions error=decide_error/>
            }
        })}
        {if rows.is_empty() {
            view! { <p class="empty">{t!(i18n, results.none)}</p> }.into_any()
        } else {
            let link = link.clone();
            view! {
                <div class="table-scroll">
                <table class="sheet-table ranking">
                    <caption class="meta">{t!(i18n, results.caption)}" "{t!(i18n, results.explain_hint)}</caption>
                    <thead><tr>
                        <th scope="col" class="num">{t!(i18n, results.rank)}</th>
                        {in_category.then(|| view! { <th scope="col" class="num">{t!(i18n, results.category_rank)}</th> })}
                        <th scope="col">{t!(i18n, results.code)}</th>
                        <th scope="col">{t!(i18n, results.entry_title)}</th>
                        {(!in_category).then(|| view! { <th scope="col">{t!(i18n, results.category)}</th> })}
                        {aggregations.iter().enumerate().map(|(k, a)| {
                            let name = view! { <abbr title=crate::words::aggregate_name(a, lang)>{crate::words::aggregate_short(a, lang)}</abbr> };
                            if k == 0 {
                                view! { <th scope="col" class="num official">{name}" "<span class="badge">{t!(i18n, results.official_mark)}</span></th> }.into_any()
                            } else {
                                view! { <th scope="col" class="num other">{name}</th> }.into_any()
                            }
                        }).collect_view()}
                        <th scope="col" class="num">{t!(i18n, results.sheets)}</th>
                        <th scope="col">{t!(i18n, results.flag)}</th>
                        <th scope="col">{if r.is_final { t!(i18n, results.prize).into_any() } else { t!(i18n, results.advances).into_any() }}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|row| {
                            let explain = link.href(Some(&row.code));
                            let category = names(&row.category);
                            view! { <Row row=row in_category=in_category is_final=r.is_final explain=explain category=category/> }
                                .into_any()
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }.into_any()
        }}
        <nav class="pager" aria-label=t_string!(i18n, results.pages)>
            {(page > 1).then(|| view! { <a rel="prev" href=link.with_page(page - 1).href(None)>{t!(i18n, results.previous)}</a> })}
            {has_next.then(|| view! { <a rel="next" href=link.with_page(page + 1).href(None)>{t!(i18n, results.next)}</a> })}
        </nav>
        <section aria-labelledby="downloads">
            <h2 id="downloads">{t!(i18n, results.downloads)}</h2>
            <ul class="plain">
                <li><a href=format!("{round_base}/results.csv") download="">{t!(i18n, results.export_results)}</a></li>
                <li><a href=format!("{round_base}/round.toml") download="">{t!(i18n, results.export_rules)}</a></li>
                <li><a href=format!("{round_base}/entries.csv") download="">{t!(i18n, results.export_entries)}</a></li>
                <li><a href=format!("{round_base}/sheets.csv") download="">{t!(i18n, results.export_sheets)}</a></li>
            </ul>
            <p>
                <a href=format!("{round_base}/score-table")>{t!(i18n, results.score_table_link)}</a>
                {r.is_final.then(|| view! {
                    " · "<a href=format!("/contests/{}/certificates", r.contest.code)>{t!(i18n, results.certificates_link)}</a>
                })}
            </p>
            <p class="meta">{t!(i18n, results.replay_hint)}</p>
        </section>
    }
}

#[component]
fn Row(
    row: RankingRow,
    in_category: bool,
    is_final: bool,
    explain: String,
    /// The entry's category by name.
    category: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let score = move |d: Option<rust_decimal::Decimal>| {
        d.map(|d| format::decimal(d, lang)).unwrap_or_default()
    };
    let rank = row
        .rank
        .map(|n| {
            if row.shared {
                format!("{n}=")
            } else {
                n.to_string()
            }
        })
        .unwrap_or_default();
    let flag = match row.flag {
        Some(true) => t_string!(i18n, results.flag_accepted).to_string(),
        Some(false) => t_string!(i18n, results.flag_open).to_string(),
        None => String::new(),
    };
    let outcome = if is_final {
        row.prize.clone().unwrap_or_default()
    } else {
        match row.advances {
            Some(Advances::Yes) => t_string!(i18n, results.advances_yes).to_string(),
            Some(Advances::No) => t_string!(i18n, results.advances_no).to_string(),
            Some(Advances::Pending) => t_string!(i18n, results.advances_pending).to_string(),
            None => String::new(),
        }
    };
    let code = row.code.clone();
    view! {
        <tr class:advances=row.advances == Some(Advances::Yes)>
            <td class="num">{rank}</td>
            {in_category.then(|| view! { <td class="num">{row.category_rank.map(|n| n.to_string()).unwrap_or_default()}</td> })}
            <td class="code"><a href=explain title=t_string!(i18n, results.explain_entry, code = code).to_string()>{row.code.clone()}</a></td>
            <td class="title">{row.title.clone()}</td>
            {(!in_category).then(|| view! { <td>{category}</td> })}
            {row.scores.iter().enumerate().map(|(k, s)| view! {
                <td class="num" class:official=k == 0>{score(*s)}</td>
            }).collect_view()}
            <td class="num">{row.sheets}</td>
            <td>{flag}</td>
            <td>{outcome}</td>
        </tr>
    }
}

#[component]
fn Explained(
    e: EntryExplanation,
    rubric: crate::domain::rubric::Rubric,
    close: String,
    /// The contest, the round and whether it is final, while the committee may decide.
    decide: Option<(String, i32, bool)>,
    actions: Actions,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let criteria = rubric.criteria().to_vec();
    let number = move |d: rust_decimal::Decimal| format::decimal(d, lang);
    let calibrated = e.sheets.iter().any(|s| s.calibrated.is_some());
    view! {
        <section id="explanation" class="card explanation" aria-labelledby="explanation-title">
            <h2 id="explanation-title">{t!(i18n, results.explanation, code = e.code.clone())}</h2>
            <p class="meta">{e.title.clone()}</p>
            <div class="table-scroll">
            <table class="sheet-table">
                <caption class="meta">{t!(i18n, results.sheets_caption)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, judging.judge)}</th>
                    {criteria.iter().map(|c| view! { <th scope="col" class="num">{c.name.get(lang).to_owned()}</th> }).collect_view()}
                    <th scope="col" class="num">{t!(i18n, results.total)}</th>
                    {calibrated.then(|| view! { <th scope="col" class="num">{t!(i18n, results.calibrated)}</th> })}
                </tr></thead>
                <tbody>
                    {e.sheets.iter().map(|s| view! {
                        <tr class:dropped=s.dropped>
                            <th scope="row">{s.judge.clone()}{s.dropped.then(|| view! { " "<span class="badge">{t!(i18n, results.dropped)}</span> })}</th>
                            {s.scores.iter().map(|v| view! { <td class="num">{v.map(number).unwrap_or_default()}</td> }).collect_view()}
                            <td class="num">{number(s.total)}</td>
                            {calibrated.then(|| view! { <td class="num">{s.calibrated.map(number).unwrap_or_default()}</td> })}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            <ul class="plain explain-lines">
                {e.lines.iter().map(|line| view! { <li>{line.trim().to_owned()}</li> }).collect_view()}
            </ul>
            {decide.map(|(contest, position, is_final)| if is_final {
                (!e.prize_options.is_empty()).then(|| view! {
                    <PrizeChoice e=e.clone() contest=contest position=position action=actions.prize error=error/>
                }).into_any()
            } else {
                view! {
                    <Advancement e=e.clone() contest=contest position=position action=actions.decide error=error/>
                }.into_any()
            })}
            <p><a href=close>{t!(i18n, results.close)}</a></p>
        </section>
    }
}

/// Finalising the round, or, once finalised, when and by whom and reopening it with a reason.
#[component]
fn Decide(
    r: RankingView,
    actions: Actions,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let hidden =
        |name: &'static str, value: String| view! { <input type="hidden" name=name value=value/> };
    let (code, position) = (r.contest.code.clone(), r.round.position);
    match r.finalised.clone() {
        Some(f) => view! {
            <section class="card decide finalised" aria-labelledby="decide">
                <h2 id="decide">{t!(i18n, results.finalised_title)}</h2>
                <p>{t!(i18n, results.finalised_by, time = format::date_time(f.at, use_lang()), name = f.by)}</p>
                <p class="meta">{t!(i18n, results.finalised_frozen)}</p>
                // Open again when the reopening was refused, so its message shows.
                <details open=move || error.get().is_some()>
                    <summary>{t!(i18n, results.reopen)}</summary>
                    <ActionForm action=actions.reopen attr:class="stack">
                        {hidden("code", code)}{hidden("position", position.to_string())}
                        <label for="reopen-reason">{t!(i18n, results.reopen_reason)}</label>
                        <textarea id="reopen-reason" name="reason" rows="2" required maxlength=REASON_MAX></textarea>
                        <FormError error=error/>
                        <button type="submit" class="button danger">{t!(i18n, results.reopen_button)}</button>
                    </ActionForm>
                </details>
            </section>
        }.into_any(),
        None => {
            let ready = r.pending.is_empty();
            let moves = match (&r.next_round, r.is_final) {
                (_, true) => None,
                (Some(next), false) => Some(t_string!(i18n, results.finalise_moves, n = r.advancing, round = next.clone()).to_string()),
                (None, false) => Some(t_string!(i18n, results.finalise_moves_later, n = r.advancing).to_string()),
            };
            view! {
                <section class="card decide" aria-labelledby="decide">
                    <h2 id="decide">{t!(i18n, results.finalise_title)}</h2>
                    <p class="meta">{t!(i18n, results.finalise_what)}{moves.map(|m| format!(" {m}"))}</p>
                    {if ready {
                        view! {
                            <ActionForm action=actions.finalise attr:class="stack">
                                {hidden("code", code)}{hidden("position", position.to_string())}{hidden("digest", r.digest.clone())}
                                <FormError error=error/>
                                <button type="submit" class="button">{t!(i18n, results.finalise_button)}</button>
                            </ActionForm>
                        }.into_any()
                    } else {
                        view! {
                            <FormError error=error/>
                            <p><strong>{t!(i18n, results.finalise_blocked)}</strong></p>
                        }.into_any()
                    }}
                </section>
            }.into_any()
        }
    }
}

/// Publishing a finalised round, or, once published, when and by whom, the public page, and
/// taking the results back with a reason.
#[component]
fn Publish(
    r: RankingView,
    actions: Actions,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let hidden =
        |name: &'static str, value: String| view! { <input type="hidden" name=name value=value/> };
    let (code, position) = (r.contest.code.clone(), r.round.position);
    let public = format!("/contests/{code}/results");
    match r.published.clone() {
        Some(p) => {
            let shows = match (p.options.show_scores, p.options.publish_files) {
                (true, true) => t_string!(i18n, results.published_shows_all).to_string(),
                (true, false) => t_string!(i18n, results.published_shows_scores).to_string(),
                (false, true) => t_string!(i18n, results.published_shows_files).to_string(),
                (false, false) => t_string!(i18n, results.published_shows_ranks).to_string(),
            };
            view! {
                <section class="card decide published" id="publication" aria-labelledby="publish">
                    <h2 id="publish">{t!(i18n, results.published_title)}</h2>
                    <p>{t!(i18n, results.published_by, time = format::date_time(p.at, lang), name = p.by)}</p>
                    <p class="meta">{shows}" · "<a href=public>{t!(i18n, results.public_link)}</a></p>
                    <details open=move || error.get().is_some()>
                        <summary>{t!(i18n, results.unpublish)}</summary>
                        <ActionForm action=actions.unpublish attr:class="stack">
                            {hidden("code", code)}{hidden("position", position.to_string())}
                            <label for="unpublish-reason">{t!(i18n, results.unpublish_reason)}</label>
                            <textarea id="unpublish-reason" name="reason" rows="2" required maxlength=REASON_MAX></textarea>
                            <FormError error=error/>
                            <button type="submit" class="button danger">{t!(i18n, results.unpublish_button)}</button>
                        </ActionForm>
                    </details>
                </section>
            }.into_any()
        }
        None => view! {
            <section class="card decide" id="publication" aria-labelledby="publish">
                <h2 id="publish">{t!(i18n, results.publish_title)}</h2>
                <p class="meta">{t!(i18n, results.publish_what)}</p>
                <ActionForm action=actions.publish attr:class="stack">
                    {hidden("code", code)}{hidden("position", position.to_string())}
                    <fieldset class="choices">
                        <legend>{t!(i18n, results.publish_legend)}</legend>
                        <label class="check">
                            <input type="checkbox" name="show_scores" value="on" checked=true/>
                            <span>{t!(i18n, results.publish_scores)}</span>
                        </label>
                        <label class="check">
                            <input type="checkbox" name="publish_files" value="on" checked=true/>
                            <span>{t!(i18n, results.publish_files)}</span>
                        </label>
                    </fieldset>
                    <FormError error=error/>
                    <button type="submit" class="button">{t!(i18n, results.publish_button)}</button>
                </ActionForm>
            </section>
        }
        .into_any(),
    }
}

/// The committee's decision on one entry's advancement (§7): add it to the advancing list,
/// remove it, or leave it to the rules, with a reason.
#[component]
fn Advancement(
    e: EntryExplanation,
    contest: String,
    position: i32,
    action: ServerAction<DecideAdvancement>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (current, reason) = match &e.change {
        Some((action, reason)) => (action.clone(), reason.clone()),
        None => ("rules".to_owned(), String::new()),
    };
    let by_rules = match (&e.change, e.advances) {
        (Some(_), _) => None,
        (None, Some(Advances::Yes)) => Some(t_string!(i18n, results.advances_yes).to_string()),
        (None, Some(Advances::No)) => Some(t_string!(i18n, results.advances_no).to_string()),
        (None, Some(Advances::Pending)) => {
            Some(t_string!(i18n, results.advances_pending).to_string())
        }
        (None, None) => None,
    };
    let choice = move |value: &'static str, label: String| {
        let checked = current == value;
        view! {
            <label class="check">
                <input type="radio" name="choice" value=value checked=checked/>
                <span>{label}</span>
            </label>
        }
    };
    view! {
        <ActionForm action=action attr:class="stack decide-advance">
            <input type="hidden" name="code" value=contest/>
            <input type="hidden" name="position" value=position.to_string()/>
            <input type="hidden" name="entry" value=e.code.clone()/>
            <fieldset class="choices">
                <legend>{t!(i18n, results.decide_legend)}</legend>
                {choice("rules", match by_rules {
                    Some(now) => t_string!(i18n, results.decide_rules_now, now = now).to_string(),
                    None => t_string!(i18n, results.decide_rules).to_string(),
                })}
                {choice("add", t_string!(i18n, results.decide_add).to_string())}
                {choice("remove", t_string!(i18n, results.decide_remove).to_string())}
            </fieldset>
            <label for="decide-reason">{t!(i18n, results.decide_reason)}</label>
            <textarea id="decide-reason" name="reason" rows="2" required maxlength=REASON_MAX>{reason}</textarea>
            <FormError error=error/>
            <button type="submit" class="button secondary">{t!(i18n, results.decide_button)}</button>
        </ActionForm>
    }
}

/// The committee's prize for an entry in a tie across a prize boundary (§8): one of the
/// prizes the tied group spans, or none, with a reason.
#[component]
fn PrizeChoice(
    e: EntryExplanation,
    contest: String,
    position: i32,
    action: ServerAction<ChoosePrize>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (current, reason) = match &e.prize_choice {
        Some((prize, reason)) => (
            prize.map_or_else(|| "none".to_owned(), |k| k.to_string()),
            reason.clone(),
        ),
        None => (String::new(), String::new()),
    };
    view! {
        <ActionForm action=action attr:class="stack decide-advance">
            <input type="hidden" name="code" value=contest/>
            <input type="hidden" name="position" value=position.to_string()/>
            <input type="hidden" name="entry" value=e.code.clone()/>
            <fieldset class="choices">
                <legend>{t!(i18n, results.prize_legend)}</legend>
                {e.prize_options.iter().map(|(number, name)| {
                    let value = number.map_or_else(|| "none".to_owned(), |k| k.to_string());
                    let label = match number {
                        Some(_) => name.clone(),
                        None => t_string!(i18n, results.no_prize).to_string(),
                    };
                    let checked = current == value;
                    view! {
                        <label class="check">
                            <input type="radio" name="prize" value=value checked=checked required/>
                            <span>{label}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <label for="prize-reason">{t!(i18n, results.decide_reason)}</label>
            <textarea id="prize-reason" name="reason" rows="2" required maxlength=REASON_MAX>{reason}</textarea>
            <FormError error=error/>
            <button type="submit" class="button secondary">{t!(i18n, results.decide_button)}</button>
        </ActionForm>
    }
}
