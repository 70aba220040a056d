//! `/contests/:code/rounds/:position/progress`: a round's judging progress for its committee.
//! Totals, each judge's assigned, drafts, submitted and last activity, each category's
//! complete entries, the entries still missing sheets (or all) with links to their sheets, and
//! a reminder to the late judges, previewed before it is sent.

use crate::api::judging::{SendReminders, round_progress};
use crate::components::form::{FormError, action_error, flash_for, successes};
use crate::components::pager::Pager;
use crate::components::{PageTitle, use_lang};
use crate::format;
use crate::i18n::*;
use crate::model::progress::{EntryFilter, ProgressView};
use crate::pages::errors::ErrorView;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ProgressPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let remind = ServerAction::<SendReminders>::new();
    let sent = successes(remind);
    let key = move || {
        let p = params.read();
        let q = query.read();
        (
            p.get("code").unwrap_or_default(),
            p.get("position").and_then(|n| n.parse().ok()).unwrap_or(0),
            q.get("filter").unwrap_or_default(),
            q.get("page").and_then(|n| n.parse().ok()),
            q.get("judges_page").and_then(|n| n.parse().ok()),
            sent.get(),
        )
    };
    let view_ = Resource::new(key, |(code, position, filter, page, judges_page, _)| {
        round_progress(code, position, filter, page, judges_page)
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match view_.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(p) => {
                        let flash = flash_for::<SendReminders>().await;
                        let error = action_error(remind, flash);
                        let reminded = query.read_untracked().get("reminded")
                            .and_then(|n| n.parse::<u64>().ok())
                            .or_else(|| remind.value().get_untracked().and_then(|r| r.ok()));
                        view! { <Progress p=p remind=remind error=error reminded=reminded/> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Progress(
    p: ProgressView,
    remind: ServerAction<SendReminders>,
    error: Signal<Option<crate::error::AppError>>,
    reminded: Option<u64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let l = Locale::from(lang);
    let title = td_string!(l, progress.title, round = p.round.name(lang).to_owned()).to_string();
    let heading = title.clone();
    let base = format!(
        "/contests/{}/rounds/{}/progress",
        p.contest.code, p.round.position
    );
    let sheets_base = format!(
        "/contests/{}/rounds/{}/entries",
        p.contest.code, p.round.position
    );
    let filter = p.filter;
    let other_filter = match filter {
        EntryFilter::Incomplete => EntryFilter::All,
        EntryFilter::All => EntryFilter::Incomplete,
    };
    let (page, has_next) = (p.entries.page, p.entries.has_next());
    let last_sent = p.reminder.last_sent.map(|t| format::date_time(t, lang));
    view! {
        <PageTitle text=move |_| title.clone()/>
        <p class="crumbs">
            <a href=format!("/contests/{}", p.contest.code)>{p.contest.name(lang).to_owned()}</a>" › "
            <a href=format!("/contests/{}/rounds/{}/assignment", p.contest.code, p.round.position)>{p.round.name(lang).to_owned()}</a>
        </p>
        <h1>{heading}</h1>
        <p>
            <a class="button secondary" href=format!("/contests/{}/rounds/{}/discrepancies", p.contest.code, p.round.position)>{t!(i18n, discrepancy.link)}</a>" "
            <a class="button secondary" href=format!("/contests/{}/rounds/{}/ranking", p.contest.code, p.round.position)>{t!(i18n, results.link)}</a>
        </p>
        {reminded.map(|n| view! { <p class="notice" role="status">{t!(i18n, progress.reminded, n = n)}</p> })}
        <dl class="figures facts">
            <dt>{t!(i18n, progress.sheets)}</dt>
            <dd>{t!(i18n, progress.sheets_line, submitted = p.submitted, assigned = p.assigned, drafts = p.drafts)}</dd>
            <dt>{t!(i18n, progress.entries)}</dt>
            <dd>{t!(i18n, progress.entries_line, complete = p.entries_complete, total = p.entries_total, k = p.round.judges_per_entry)}</dd>
            {(p.void > 0).then(|| view! { <dt>{t!(i18n, progress.void)}</dt><dd>{p.void}</dd> })}
            {p.judging_closes.map(|c| view! { <dt>{t!(i18n, progress.closes)}</dt><dd>{format::date_time(c, lang)}</dd> })}
        </dl>
        <progress max=p.assigned.max(1).to_string() value=p.submitted.to_string()></progress>
        <p class="meta">{t!(i18n, progress.counted_at, time = format::time(p.counted_at))}</p>

        <section aria-labelledby="by-judge">
            <h2 id="by-judge">{t!(i18n, progress.by_judge)}</h2>
            <div class="table-scroll">
            <table class="sheet-table">
                <thead><tr>
                    <th scope="col">{t!(i18n, judging.judge)}</th>
                    <th scope="col" class="num">{t!(i18n, progress.assigned)}</th>
                    <th scope="col" class="num">{t!(i18n, progress.drafts)}</th>
                    <th scope="col" class="num">{t!(i18n, progress.submitted)}</th>
                    <th scope="col">{t!(i18n, progress.last_activity)}</th>
                </tr></thead>
                <tbody>
                    {p.judges.items.iter().map(|j| {
                        let late = j.remaining() > 0;
                        view! {
                            <tr class:short=late>
                                <th scope="row">{j.name.clone()}<br/><span class="meta">{j.email.clone()}</span></th>
                                <td class="num">{j.assigned}</td>
                                <td class="num">{j.drafts}</td>
                                <td class="num">{j.submitted}</td>
                                <td>{j.last_activity.map_or_else(|| td_string!(l, progress.never).to_string(), |t| format::date_time(t, lang))}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            <Pager base=base.clone() page=p.judges.page has_next=p.judges.has_next()
                query=format!("filter={}", filter.code()) param="judges_page"/>
        </section>

        <section aria-labelledby="remind">
            <h2 id="remind">{t!(i18n, progress.remind_title)}</h2>
            {last_sent.map(|at| view! { <p class="meta">{t!(i18n, progress.last_sent, at = at)}</p> })}
            {if p.reminder.judges == 0 {
                view! { <p class="empty">{t!(i18n, progress.nobody_late)}</p> }.into_any()
            } else {
                let code = p.contest.code.clone();
                let position = p.round.position;
                view! {
                    <details class="plan-preview">
                        <summary>{t!(i18n, progress.remind_preview, n = p.reminder.judges)}</summary>
                        <p><strong>{p.reminder.subject.clone()}</strong></p>
                        <pre class="letter">{p.reminder.body.clone()}</pre>
                        <ActionForm action=remind attr:class="stack">
                            <FormError error=error/>
                            <input type="hidden" name="code" value=code/>
                            <input type="hidden" name="position" value=position.to_string()/>
                            <button type="submit" class="button">{t!(i18n, progress.remind_send, n = p.reminder.judges)}</button>
                        </ActionForm>
                    </details>
                }.into_any()
            }}
        </section>

        <section aria-labelledby="by-category">
            <h2 id="by-category">{t!(i18n, progress.by_category)}</h2>
            <table class="sheet-table">
                <thead><tr>
                    <th scope="col">{t!(i18n, judging.category)}</th>
                    <th scope="col" class="num">{t!(i18n, progress.complete)}</th>
                    <th scope="col" class="num">{t!(i18n, progress.entries)}</th>
                </tr></thead>
                <tbody>
                    {p.categories.iter().map(|c| {
                        let name = match &c.code {
                            Some(code) => format!("{code} · {}", lang.pick(&c.name_vi, &c.name_en)),
                            None => td_string!(l, progress.no_category).to_string(),
                        };
                        view! {
                            <tr><th scope="row">{name}</th><td class="num">{c.complete}</td><td class="num">{c.entries}</td></tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>

        <section aria-labelledby="by-entry">
            <h2 id="by-entry">{t!(i18n, progress.by_entry)}</h2>
            <p>
                {match filter {
                    EntryFilter::Incomplete => t!(i18n, progress.showing_incomplete).into_any(),
                    EntryFilter::All => t!(i18n, progress.showing_all).into_any(),
                }}
                " "
                <a href=format!("{base}?filter={}", other_filter.code())>
                    {match other_filter {
                        EntryFilter::All => t!(i18n, progress.show_all).into_any(),
                        EntryFilter::Incomplete => t!(i18n, progress.show_incomplete).into_any(),
                    }}
                </a>
            </p>
            {if p.entries.items.is_empty() {
                view! { <p class="empty">{t!(i18n, progress.no_entries)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain">
                        {p.entries.items.iter().map(|e| view! {
                            <li>
                                <a href=format!("{sheets_base}/{}", e.code)><span class="code">{e.code.clone()}</span>" · "{e.title.clone()}</a>
                                {e.category.clone().map(|c| view! { <span class="meta">" · "{c}</span> })}
                                " "<span class="badge">{t!(i18n, progress.entry_sheets, submitted = e.submitted, assigned = e.assigned)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <Pager base=base.clone() page=page has_next=has_next query=format!("filter={}", filter.code())/>
        </section>
    }
}
