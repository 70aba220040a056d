//! `/contests/:code/rounds/:position/discrepancies`: the round's discrepancy queue. Each
//! flagged entry with its sheets side by side and the rule that flagged it; the committee
//! accepts with a note, asks one judge to re-score (reopens their sheet with a reason), or
//! adds a judge. Resolved entries leave the queue; accepted ones stay listed below, with the
//! note.

use crate::api::judging::{AcceptDiscrepancy, AddDiscrepancyJudge, discrepancy_queue};
use crate::api::sheets::ReopenSheet;
use crate::components::form::{FormError, action_error, successes};
use crate::components::{PageTitle, use_lang};
use crate::format;
use crate::i18n::*;
use crate::model::limits::REASON_MAX;
use crate::model::sheets::{DiscrepancyQueue, FlaggedEntry};
use crate::pages::errors::ErrorView;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The three ways to resolve a flag, each a form; all live at page level, since each success
/// redraws the queue.
#[derive(Clone, Copy)]
struct Actions {
    accept: ServerAction<AcceptDiscrepancy>,
    reopen: ServerAction<ReopenSheet>,
    add: ServerAction<AddDiscrepancyJudge>,
}

#[component]
pub fn DiscrepanciesPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let actions = Actions {
        accept: ServerAction::new(),
        reopen: ServerAction::new(),
        add: ServerAction::new(),
    };
    let (a, r, d) = (
        successes(actions.accept),
        successes(actions.reopen),
        successes(actions.add),
    );
    let key = move || {
        let p = params.read();
        (
            p.get("code").unwrap_or_default(),
            p.get("position").and_then(|n| n.parse().ok()).unwrap_or(0),
            a.get() + r.get() + d.get(),
        )
    };
    let queue = Resource::new(key, |(code, position, _)| discrepancy_queue(code, position));
    let resolved =
        move || query.read().get("resolved").is_some() || a.get() + r.get() + d.get() > 0;
    let error = Signal::derive(move || {
        action_error(actions.accept, None)
            .get()
            .or_else(|| action_error(actions.reopen, None).get())
            .or_else(|| action_error(actions.add, None).get())
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match queue.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(q) => view! {
                        {move || resolved().then(|| view! { <p class="notice" role="status">{t!(i18n, discrepancy.resolved)}</p> })}
                        <FormError error=error/>
                        <Queue q=q actions=actions/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Queue(q: DiscrepancyQueue, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let l = Locale::from(lang);
    let title = td_string!(l, discrepancy.title, round = q.round.name(lang).to_owned()).to_string();
    let heading = title.clone();
    let rule = q.rule.clone();
    view! {
        <PageTitle text=move |_| title.clone()/>
        <p class="crumbs">
            <a href=format!("/contests/{}", q.contest.code)>{q.contest.name(lang).to_owned()}</a>" › "
            <a href=format!("/contests/{}/rounds/{}/progress", q.contest.code, q.round.position)>{q.round.name(lang).to_owned()}</a>
        </p>
        <h1>{heading}</h1>
        {match rule {
            None => view! { <p class="empty">{t!(i18n, discrepancy.no_rule)}</p> }.into_any(),
            Some(rule) => view! {
                <ul class="plain">
                    {rule.spread_points.map(|x| view! { <li>{t!(i18n, discrepancy.rule_spread, limit = format::decimal(x, lang))}</li> })}
                    {rule.relative_to_mean.map(|x| view! { <li>{t!(i18n, discrepancy.rule_relative, limit = format::decimal(x, lang))}</li> })}
                    {rule.advisory.then(|| view! { <li>{t!(i18n, discrepancy.advisory)}</li> })}
                </ul>
                <p><strong>{match q.open {
                    0 => t_string!(i18n, discrepancy.none).to_string(),
                    1 => t_string!(i18n, discrepancy.open_one).to_string(),
                    n => td_string!(l, discrepancy.open, n = n).to_string(),
                }}</strong></p>
            }.into_any(),
        }}
        {q.entries.iter().map(|e| view! {
            <Flagged entry=e.clone() q=q.clone() actions=actions/>
        }).collect_view()}
    }
}

#[component]
fn Flagged(entry: FlaggedEntry, q: DiscrepancyQueue, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let criteria = q.rubric.criteria().to_vec();
    let figures = crate::words::flag_figures(&entry.flag, lang);
    let (code, position) = (q.contest.code.clone(), q.round.position);
    let id = format!("flag-{}", entry.code);
    let accepted = entry.flag.accepted.clone();
    let on_entry: Vec<uuid::Uuid> = entry.sheets.iter().map(|s| s.judge_id).collect();
    let others: Vec<(uuid::Uuid, String)> = q
        .judges
        .iter()
        .filter(|(j, _)| !on_entry.contains(j))
        .cloned()
        .collect();
    let hidden = move |name: &'static str, value: String| view! { <input type="hidden" name=name value=value/> };
    view! {
        <section class="card flagged" aria-labelledby=id.clone() class:accepted=accepted.is_some()>
            <h2 id=id.clone()><span class="code">{entry.code.clone()}</span>" · "{entry.title.clone()}</h2>
            <p class="meta">{t!(i18n, discrepancy.why)}": "{figures.join(" · ")}</p>
            {accepted.clone().map(|note| view! { <p class="notice">{t!(i18n, discrepancy.accepted, note = note)}</p> })}
            <div class="table-scroll">
                <table class="sheet-table">
                    <thead><tr>
                        <th scope="col">{t!(i18n, sheet.criterion)}</th>
                        {entry.sheets.iter().map(|s| view! { <th scope="col" class="num">{s.judge.clone()}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {criteria.iter().enumerate().map(|(i, c)| view! {
                            <tr>
                                <th scope="row">{let n = c.name.get(lang); if n.is_empty() { c.key.clone() } else { n.to_owned() }}</th>
                                {entry.sheets.iter().map(|s| view! {
                                    <td class="num">{s.scores.get(i).copied().flatten().map(|d| format::decimal(d, lang)).unwrap_or_default()}</td>
                                }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot><tr>
                        <th scope="row">{t!(i18n, sheet.total)}</th>
                        {entry.sheets.iter().map(|s| view! { <td class="num"><strong>{format::decimal(s.total, lang)}</strong></td> }).collect_view()}
                    </tr></tfoot>
                </table>
            </div>
            <p><a href=format!("/contests/{code}/rounds/{position}/entries/{}", entry.code)>{t!(i18n, discrepancy.sheets_link)}</a></p>
            {accepted.is_none().then(|| {
                let (c1, c2, c3) = (code.clone(), code.clone(), code.clone());
                let (e1, e2, e3) = (entry.code.clone(), entry.code.clone(), entry.code.clone());
                let sheets = entry.sheets.clone();
                let others = others.clone();
                let error = action_error(actions.accept, None);
                view! {
                    <details>
                        <summary>{t!(i18n, discrepancy.accept)}</summary>
                        <ActionForm action=actions.accept attr:class="stack">
                            {hidden("code", c1)}{hidden("position", position.to_string())}{hidden("entry", e1.clone())}
                            <label for=format!("note-{e1}")>{t!(i18n, discrepancy.note)}</label>
                            <textarea id=format!("note-{e1}") name="note" rows="2" required maxlength=REASON_MAX></textarea>
                            <FormError error=error/>
                            <button type="submit" class="button">{t!(i18n, discrepancy.accept_button)}</button>
                        </ActionForm>
                    </details>
                    <details>
                        <summary>{t!(i18n, discrepancy.reopen)}</summary>
                        <ActionForm action=actions.reopen attr:class="stack">
                            {hidden("code", c2)}{hidden("position", position.to_string())}{hidden("entry", e2.clone())}{hidden("back", "discrepancies".into())}
                            <label for=format!("judge-{e2}")>{t!(i18n, discrepancy.judge)}</label>
                            <select id=format!("judge-{e2}") name="judge">
                                {sheets.iter().map(|s| view! { <option value=s.judge_id.to_string()>{format!("{} · {}", s.judge, format::decimal(s.total, lang))}</option> }).collect_view()}
                            </select>
                            <label for=format!("reason-{e2}")>{t!(i18n, sheet.reopen_reason)}</label>
                            <textarea id=format!("reason-{e2}") name="reason" rows="2" required maxlength=REASON_MAX></textarea>
                            <button type="submit" class="button">{t!(i18n, sheet.reopen_button)}</button>
                        </ActionForm>
                    </details>
                    {(!others.is_empty()).then(|| view! {
                        <details>
                            <summary>{t!(i18n, discrepancy.add)}</summary>
                            <ActionForm action=actions.add attr:class="stack">
                                {hidden("code", c3)}{hidden("position", position.to_string())}{hidden("entry", e3.clone())}
                                <label for=format!("add-{e3}")>{t!(i18n, discrepancy.judge)}</label>
                                <select id=format!("add-{e3}") name="judge">
                                    {others.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
                                </select>
                                <button type="submit" class="button">{t!(i18n, discrepancy.add_button)}</button>
                            </ActionForm>
                        </details>
                    })}
                }
            })}
        </section>
    }
}
