//! `/contests/:code/results`: a contest's published results, for anyone. Each published round,
//! the latest first: in the final round the winners and the other finalists by category, in an
//! earlier round the entries that went on; scores when the publication shows them; the digest,
//! and, when the round's files are published, the files and how to check the digest with
//! `jurydesk results`. Before anything is published it says when results are announced for,
//! and nothing else. A plain page: it reads the same without JavaScript.

use crate::api::publication::{contest_results, entry_results};
use crate::components::{PageTitle, use_lang};
use crate::format;
use crate::i18n::*;
use crate::model::publication::{
    EntryRoundResult, PublishedCategory, PublishedEntry, PublishedRound,
};
use crate::model::results::Standing;
use crate::pages::errors::ErrorView;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PublicResultsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let results = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        contest_results,
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let lang = use_lang();
                match results.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(p) => {
                        let name = p.contest.name(lang).to_owned();
                        let title = td_string!(Locale::from(lang), results.public_title, contest = name.clone()).to_string();
                        let heading = title.clone();
                        view! {
                            <PageTitle text=move |_| title.clone()/>
                            <p class="crumbs"><a href=format!("/contests/{}", p.contest.code)>{name}</a></p>
                            <h1>{heading}</h1>
                            {if p.rounds.is_empty() {
                                view! {
                                    <p class="empty">{t!(i18n, results.public_none)}</p>
                                    {p.results_at.map(|at| view! {
                                        <p class="meta">{t!(i18n, results.public_announced, date = format::date(at, lang))}</p>
                                    })}
                                }.into_any()
                            } else {
                                let code = p.contest.code.clone();
                                p.rounds.into_iter().map(|r| view! { <Round r=r contest=code.clone()/> }).collect_view().into_any()
                            }}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Round(r: PublishedRound, contest: String) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let id = format!("round-{}", r.round.position);
    let name = r.round.name(lang).to_owned();
    let show_scores = r.options.show_scores;
    let others_heading = if r.is_final {
        t_string!(i18n, results.public_finalists).to_string()
    } else {
        match &r.next_round {
            Some(next) => t_string!(i18n, results.public_went_on, round = next.clone()).to_string(),
            None => t_string!(i18n, results.public_advanced).to_string(),
        }
    };
    let base = format!("/contests/{contest}/rounds/{}/published", r.round.position);
    let stem = format!("{contest}-round-{}", r.round.position);
    view! {
        <section class="published-round" aria-labelledby=id.clone()>
            <h2 id=id.clone()>{name}</h2>
            <p class="meta">
                {t!(i18n, results.public_published, date = format::date_time(r.published_at, lang))}" · "
                {t!(i18n, results.public_ranked, n = r.ranked)}
            </p>
            {if r.categories.is_empty() {
                view! { <p class="empty">{t!(i18n, results.public_nobody)}</p> }.into_any()
            } else {
                r.categories.into_iter().map(|g| view! {
                    <Category g=g show_scores=show_scores others_heading=others_heading.clone()/>
                }).collect_view().into_any()
            }}
            <details class="check-digest">
                <summary>{t!(i18n, results.public_check)}</summary>
                <p>{t!(i18n, results.digest)}": "<code class="digest">{r.digest.clone()}</code></p>
                {if r.options.publish_files {
                    view! {
                        <ul class="plain">
                            <li><a href=format!("{base}/round.toml") download=format!("{stem}.toml")>"round.toml"</a></li>
                            <li><a href=format!("{base}/entries.csv") download=format!("{stem}-entries.csv")>"entries.csv"</a></li>
                            <li><a href=format!("{base}/sheets.csv") download=format!("{stem}-sheets.csv")>"sheets.csv"</a></li>
                        </ul>
                        <p>{t!(i18n, results.public_how)}</p>
                        <pre><code>{format!("jurydesk results --rules {stem}.toml --entries {stem}-entries.csv --sheets {stem}-sheets.csv")}</code></pre>
                    }.into_any()
                } else {
                    view! { <p class="meta">{t!(i18n, results.public_no_files)}</p> }.into_any()
                }}
            </details>
        </section>
    }
}

#[component]
fn Category(g: PublishedCategory, show_scores: bool, others_heading: String) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let name = match &g.category {
        Some(k) => k.name(lang).to_owned(),
        None => t_string!(i18n, results.no_category).to_string(),
    };
    view! {
        <section class="published-category">
            <h3>{name}</h3>
            {(!g.winners.is_empty()).then(|| view! {
                <h4>{t!(i18n, results.public_winners)}</h4>
                <Entries entries=g.winners show_scores=show_scores/>
            })}
            {(!g.others.is_empty()).then(|| view! {
                <h4>{others_heading}</h4>
                <Entries entries=g.others show_scores=show_scores/>
            })}
        </section>
    }
}

/// A list of published entries: a list rather than a table, so it reads on a phone.
#[component]
fn Entries(entries: Vec<PublishedEntry>, show_scores: bool) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <ol class="published-entries">
            {entries.into_iter().map(|e| {
                let rank = e.rank.map(|n| if e.shared { format!("{n}=") } else { n.to_string() });
                view! {
                    <li>
                        <span class="rank" aria-label=t_string!(i18n, results.category_rank)>{rank}</span>
                        <span class="what">
                            {e.prize.map(|p| view! { <strong class="prize">{p}</strong>" · " })}
                            <span class="title">{e.title}</span>
                            <span class="meta">" "{e.code}{(!e.lead.is_empty()).then(|| format!(" · {}", e.lead))}</span>
                        </span>
                        {show_scores.then(|| view! {
                            <span class="score">{e.score.map(|s| format::decimal(s, lang))}</span>
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// An entry's results in its contest's published rounds, on the entry's page (for its
/// founders): standing, ranks, scores as the publication allows, advancement or prize, and the
/// judges' feedback. Nothing before publication.
#[component]
pub fn EntryResults(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let results = Resource::new(move || code.clone(), entry_results);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let list = results.await.unwrap_or_default();
                (!list.is_empty()).then(|| view! {
                    <section class="entry-results" aria-labelledby="entry-results">
                        <h2 id="entry-results">{t!(i18n, results.entry_heading)}</h2>
                        {list.into_iter().map(|r| view! { <EntryRound r=r/> }).collect_view()}
                    </section>
                })
            })}
        </Suspense>
    }
}

#[component]
fn EntryRound(r: EntryRoundResult) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let l = Locale::from(lang);
    let outcome = match (r.standing, &r.prize, r.advanced, r.is_final) {
        (Standing::Incomplete, ..) => td_string!(l, results.entry_incomplete).to_string(),
        (Standing::Disqualified, ..) => td_string!(l, results.entry_disqualified).to_string(),
        (_, Some(prize), ..) => {
            td_string!(l, results.entry_prize, prize = prize.clone()).to_string()
        }
        (_, None, _, true) => td_string!(l, results.entry_no_prize).to_string(),
        (_, None, Some(true), false) => td_string!(l, results.entry_advanced).to_string(),
        (_, None, _, false) => td_string!(l, results.entry_not_advanced).to_string(),
    };
    let number = move |d: rust_decimal::Decimal| format::decimal(d, lang);
    view! {
        <div class="card entry-round">
            <h3>{r.round.name(lang).to_owned()}</h3>
            <p class="outcome"><strong>{outcome}</strong></p>
            <dl class="facts">
                {r.rank.map(|n| view! {
                    <dt>{t!(i18n, results.rank)}</dt>
                    <dd>{td_string!(l, results.entry_rank_of, rank = n, of = r.ranked).to_string()}</dd>
                })}
                {r.category_rank.map(|n| view! {
                    <dt>{t!(i18n, results.category_rank)}</dt>
                    <dd>{td_string!(l, results.entry_rank_of, rank = n, of = r.category_ranked).to_string()}</dd>
                })}
                {r.score.map(|s| view! {
                    <dt>{t!(i18n, print.score)}</dt>
                    <dd><strong>{number(s)}</strong></dd>
                })}
            </dl>
            {(!r.criteria.is_empty()).then(|| view! {
                <table class="sheet-table criteria-scores">
                    <caption class="meta">{t!(i18n, results.entry_criteria)}</caption>
                    <tbody>
                        {r.criteria.iter().map(|(name, score)| view! {
                            <tr><th scope="row">{name.clone()}</th><td class="num">{score.map(number)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {(!r.feedback.is_empty()).then(|| view! {
                <h4>{t!(i18n, results.entry_feedback)}</h4>
                <ul class="feedback">
                    {r.feedback.iter().map(|f| view! { <li class="prose">{f.clone()}</li> }).collect_view()}
                </ul>
            })}
            <p class="meta">
                {t!(i18n, results.public_published, date = format::date_time(r.published_at, lang))}" · "
                {t!(i18n, results.digest)}": "<code class="digest">{r.digest.clone()}</code>
            </p>
        </div>
    }
}
