//! Printables for the committee. `/contests/:code/rounds/:position/score-table`: a round's
//! consolidated score table (bảng tổng hợp điểm) for the official minutes, every entry in
//! official order with each counted sheet's total, the per-criterion scores, the official
//! score and what follows from it, the digest and room for signatures.
//! `/contests/:code/certificates`: a certificate for each prize winner, one per page. The
//! print stylesheet (`@media print` in style/main.css) drops the site's header and controls,
//! so printing from the browser gives one clean document.

use crate::api::publication::{certificates, score_table};
use crate::components::{PageTitle, use_lang};
use crate::format;
use crate::i18n::*;
use crate::model::publication::{Certificate, ScoreTable};
use crate::model::results::{Advances, Standing};
use crate::pages::errors::ErrorView;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Prints the page (with JavaScript; without it the hint beside it says how).
#[component]
fn PrintButton() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="no-print print-controls">
            <button type="button" class="button" on:click=|_| {
                let _ = window().print();
            }>{t!(i18n, print.print)}</button>
            " "<span class="meta">{t!(i18n, print.hint)}</span>
        </p>
    }
}

/// The national motto that heads official documents, in Vietnamese only.
#[component]
fn Motto() -> impl IntoView {
    let lang = use_lang();
    (lang == crate::domain::Lang::Vi).then(|| {
        view! {
            <div class="motto">
                <p><strong>"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"</strong></p>
                <p><strong>"Độc lập - Tự do - Hạnh phúc"</strong></p>
            </div>
        }
    })
}

#[component]
pub fn ScoreTablePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let table = Resource::new(
        move || {
            let p = params.read();
            (
                p.get("code").unwrap_or_default(),
                p.get("position").and_then(|n| n.parse().ok()).unwrap_or(0),
                query.read().get("category"),
            )
        },
        |(code, position, category)| score_table(code, position, category),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match table.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(t) => view! { <Table t=t/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Table(t: ScoreTable) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let l = Locale::from(lang);
    let round = t.round.name(lang).to_owned();
    let title = td_string!(l, print.table_title, round = round.clone()).to_string();
    let page_title = title.clone();
    let number = move |d: Option<rust_decimal::Decimal>| {
        d.map(|d| format::decimal(d, lang)).unwrap_or_default()
    };
    let base = format!("/contests/{}/rounds/{}", t.contest.code, t.round.position);
    let per_category = t.category.is_some();
    let outcome =
        move |standing: Standing, advances: Option<Advances>, prize: Option<String>| match (
            standing, prize, advances,
        ) {
            (Standing::Incomplete, ..) => td_string!(l, results.incomplete).to_string(),
            (Standing::Disqualified, ..) => td_string!(l, results.disqualified).to_string(),
            (_, Some(prize), _) => prize,
            (_, None, Some(Advances::Yes)) => td_string!(l, results.advances_yes).to_string(),
            (_, None, Some(Advances::No)) => td_string!(l, results.advances_no).to_string(),
            (_, None, Some(Advances::Pending)) => {
                td_string!(l, results.advances_pending).to_string()
            }
            (_, None, None) => String::new(),
        };
    view! {
        <PageTitle text=move |_| page_title.clone()/>
        <p class="crumbs no-print">
            <a href=format!("/contests/{}", t.contest.code)>{t.contest.name(lang).to_owned()}</a>" › "
            <a href=format!("{base}/ranking")>{round.clone()}</a>
        </p>
        <form method="get" action=format!("{base}/score-table") class="filters no-print">
            <label>
                {t!(i18n, results.category)}" "
                <select name="category">
                    <option value="" selected=!per_category>{t!(i18n, results.all_categories)}</option>
                    {t.categories.iter().map(|c| {
                        let selected = t.category.as_ref().is_some_and(|k| k.code == c.code);
                        view! { <option value=c.code.clone() selected=selected>{c.name(lang).to_owned()}</option> }
                    }).collect_view()}
                </select>
            </label>
            " "
            <button type="submit" class="secondary">{t!(i18n, results.show)}</button>
        </form>
        <PrintButton/>
        <article class="print-doc score-table">
            <Motto/>
            <p class="doc-org">{t.contest.name(lang).to_owned()}</p>
            <h1>{title}</h1>
            {t.category.as_ref().map(|k| view! { <p class="doc-sub">{t!(i18n, results.category)}": "{k.name(lang).to_owned()}</p> })}
            <p class="meta">
                {t!(i18n, results.official, aggregate = crate::words::aggregate_name(&t.aggregate, lang))}" · "
                {match t.finalised {
                    Some(at) => td_string!(l, print.finalised, date = format::date_time(at, lang)).to_string(),
                    None => td_string!(l, print.provisional).to_string(),
                }}
            </p>
            <div class="table-scroll">
            <table class="print-table">
                <thead><tr>
                    <th scope="col" class="num">{t!(i18n, results.rank)}</th>
                    <th scope="col">{t!(i18n, results.code)}</th>
                    <th scope="col">{t!(i18n, results.entry_title)}</th>
                    {(!per_category).then(|| view! { <th scope="col">{t!(i18n, results.category)}</th> })}
                    <th scope="col" class="num">{t!(i18n, print.totals)}</th>
                    {t.criteria.iter().map(|(name, weight)| view! {
                        <th scope="col" class="num">{name.clone()}<br/><span class="meta">{format!("×{}", format::decimal(*weight, lang))}</span></th>
                    }).collect_view()}
                    <th scope="col" class="num">{t!(i18n, print.score)}</th>
                    <th scope="col">{t!(i18n, print.outcome)}</th>
                </tr></thead>
                <tbody>
                    {t.rows.into_iter().map(|r| {
                        let totals = r.totals.iter().map(|d| format::decimal(*d, lang)).collect::<Vec<_>>().join(" · ");
                        view! {
                            <tr>
                                <td class="num">{r.rank.clone()}</td>
                                <td class="code">{r.code.clone()}</td>
                                <td>{r.title.clone()}</td>
                                {(!per_category).then(|| view! { <td>{r.category.clone()}</td> })}
                                <td class="num">{totals}</td>
                                {r.criteria.iter().map(|c| view! { <td class="num">{number(*c)}</td> }).collect_view()}
                                <td class="num"><strong>{number(r.score)}</strong></td>
                                <td>{outcome(r.standing, r.advances, r.prize.clone())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            <p class="meta digest">{t!(i18n, results.digest)}": "<code>{t.digest.clone()}</code></p>
            <p class="meta">{t!(i18n, print.printed, date = format::date_time(t.printed, lang))}</p>
            <div class="signatures">
                <div><p><strong>{t!(i18n, print.secretary)}</strong></p><p class="meta">{t!(i18n, print.sign)}</p></div>
                <div><p><strong>{t!(i18n, print.member)}</strong></p><p class="meta">{t!(i18n, print.sign)}</p></div>
                <div><p><strong>{t!(i18n, print.chair)}</strong></p><p class="meta">{t!(i18n, print.sign)}</p></div>
            </div>
        </article>
    }
}

#[component]
pub fn CertificatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let list = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        certificates,
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let lang = use_lang();
                match list.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(c) => {
                        let contest = c.contest.name(lang).to_owned();
                        let title = td_string!(Locale::from(lang), print.certificates_title, contest = contest.clone()).to_string();
                        let page_title = title.clone();
                        let date = c.finalised.map(|at| format::date(at, lang)).unwrap_or_default();
                        view! {
                            <PageTitle text=move |_| page_title.clone()/>
                            <p class="crumbs no-print"><a href=format!("/contests/{}", c.contest.code)>{contest.clone()}</a></p>
                            <h1 class="no-print">{title}</h1>
                            {if c.certificates.is_empty() {
                                view! { <p class="empty">{t!(i18n, print.no_certificates)}</p> }.into_any()
                            } else {
                                view! {
                                    <PrintButton/>
                                    {c.certificates.into_iter().map(|k| view! {
                                        <CertificateView k=k contest=contest.clone() date=date.clone()/>
                                    }).collect_view()}
                                }.into_any()
                            }}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn CertificateView(k: Certificate, contest: String, date: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <article class="print-doc certificate">
            <Motto/>
            <p class="doc-org">{contest}</p>
            <h2>{t!(i18n, print.certificate)}</h2>
            <p>{t!(i18n, print.certifies)}</p>
            <p class="team">{k.team.join(", ")}</p>
            <p>{t!(i18n, print.for_entry)}</p>
            <p class="entry-title">{format!("“{}”", k.title)}<span class="meta">{format!(" ({})", k.code)}</span></p>
            {k.category.map(|c| view! { <p class="meta">{t!(i18n, results.category)}": "{c}</p> })}
            <p>{t!(i18n, print.won)}</p>
            <p class="prize">{k.prize}</p>
            <div class="signatures single">
                <div>
                    <p class="meta">{date}</p>
                    <p><strong>{t!(i18n, print.for_committee)}</strong></p>
                    <p class="meta">{t!(i18n, print.sign)}</p>
                </div>
            </div>
        </article>
    }
}
