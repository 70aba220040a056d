//! Conflicts of interest. `/contests/:code/conflicts`: every pair in conflict, detected or
//! recorded, with the reasons, for the committee to record or lift one with a reason.
//! `/judging/:code/conflicts`: a judge declares one from the contest's entries, which they
//! see by code and title only.

use crate::api::judging::{
    ConflictsView, DeclareConflict, RecordConflict, contest_conflicts, my_conflicts,
};
use crate::components::form::{
    FieldNote, FormError, action_error, flash_for, invalid, on_success, typed,
};
use crate::components::pager::Pager;
use crate::components::{PageTitle, use_lang};
use crate::format;
use crate::i18n::*;
use crate::model::judging::{ConflictRow, ConflictState};
use crate::model::limits::REASON_MAX;
use crate::pages::errors::ErrorView;
use crate::pages::judges::JudgingLinks;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ConflictsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let changed = RwSignal::new(0usize);
    let view = Resource::new(
        move || (code(), changed.get()),
        |(code, _)| contest_conflicts(code),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let view = match view.await {
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                    Ok(v) => v,
                };
                let lang = use_lang();
                let name = view.contest.name(lang).to_owned();
                let heading = td_string!(Locale::from(lang), judging.conflicts_title, contest = name.clone()).to_string();
                let code = view.contest.code.clone();
                let saved = query.read_untracked().get("saved").is_some();
                let (holding, lifted): (Vec<ConflictRow>, Vec<ConflictRow>) =
                    view.rows.iter().cloned().partition(ConflictRow::holds);
                let flash = flash_for::<RecordConflict>().await;
                view! {
                    <PageTitle text=move |_| heading.clone()/>
                    <p class="crumbs"><a href=format!("/contests/{code}")>{name.clone()}</a></p>
                    <h1>{td_string!(Locale::from(lang), judging.conflicts_title, contest = name).to_string()}</h1>
                    <p>{t!(i18n, judging.conflicts_intro)}</p>
                    <JudgingLinks code=code.clone() rounds=view.rounds.clone()/>
                    {saved.then(|| view! { <p class="notice" role="status">{t!(i18n, judging.conflict_saved)}</p> })}
                    <section aria-labelledby="holding">
                        <h2 id="holding">{t!(i18n, judging.conflicts_holding)}" ("{holding.len()}")"</h2>
                        {holding.is_empty().then(|| view! { <p class="empty">{t!(i18n, judging.no_conflicts)}</p> })}
                        <ul class="cards conflicts">
                            {holding.into_iter().map(|row| view! { <ConflictCard row=row code=code.clone() changed=changed flash=flash.clone()/> }).collect_view()}
                        </ul>
                    </section>
                    {(!lifted.is_empty()).then(|| view! {
                        <section aria-labelledby="lifted">
                            <h2 id="lifted">{t!(i18n, judging.conflicts_lifted)}</h2>
                            <ul class="cards conflicts">
                                {lifted.into_iter().map(|row| view! { <ConflictCard row=row code=code.clone() changed=changed flash=flash.clone()/> }).collect_view()}
                            </ul>
                        </section>
                    })}
                    <RecordForm view=view changed=changed/>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// One pair: the entry, the judge, why, what was recorded, and the form to lift it or record
/// it again.
#[component]
fn ConflictCard(
    row: ConflictRow,
    code: String,
    changed: RwSignal<usize>,
    /// A refused plain post of any card: this card's when it names the same pair.
    flash: Option<crate::api::forms::Flash>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let action = ServerAction::<RecordConflict>::new();
    on_success(action, move || changed.update(|n| *n += 1));
    let holds = row.holds();
    let reasons: Vec<String> = row
        .reasons
        .iter()
        .map(|r| crate::words::conflict_reason(r, lang))
        .collect();
    let recorded = row.recorded.clone().map(|r| {
        let state = match r.state {
            ConflictState::Declared => t_string!(i18n, judging.state_declared),
            ConflictState::Added => t_string!(i18n, judging.state_added),
            ConflictState::Lifted => t_string!(i18n, judging.state_lifted),
        }
        .to_string();
        let when = format::date(r.at, lang);
        (state, r.reason, r.by, when)
    });
    let form_id = format!("c-{}-{}", row.judge_id, row.entry_code);
    let judge_id = row.judge_id.to_string();
    let flash = flash.filter(|f| {
        f.field("judge") == Some(judge_id.as_str())
            && f.field("entry") == Some(row.entry_code.as_str())
            && f.field("action") == Some(if holds { "lift" } else { "add" })
    });
    let refused = flash.is_some();
    let typed_reason = typed(&flash, "reason");
    let error = action_error(action, flash);
    view! {
        <li class="card">
            <h3><span class="code">{row.entry_code.clone()}</span>" · "{row.entry_title.clone()}</h3>
            <p>{t!(i18n, judging.conflict_judge, judge = row.judge_name.clone())}</p>
            {(!reasons.is_empty()).then(|| view! {
                <ul class="reasons">{reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
            })}
            {recorded.map(|(state, reason, by, when)| view! {
                <p class="meta">{t!(i18n, judging.conflict_recorded, state = state, by = by, date = when)}</p>
                {(!reason.is_empty()).then(|| view! { <blockquote class="reason">{reason}</blockquote> })}
            })}
            <details class="settings" open=refused>
                <summary>{move || if holds { t_string!(i18n, judging.lift) } else { t_string!(i18n, judging.record_again) }}</summary>
                <ActionForm action=action attr:class="stack" attr:novalidate=true>
                    <FormError error=error/>
                    <input type="hidden" name="code" value=code/>
                    <input type="hidden" name="judge" value=row.judge_id.to_string()/>
                    <input type="hidden" name="entry" value=row.entry_code.clone()/>
                    <input type="hidden" name="action" value=if holds { "lift" } else { "add" }/>
                    <label for=format!("{form_id}-reason")>{t!(i18n, judging.reason)}</label>
                    <textarea id=format!("{form_id}-reason") name="reason" rows="2" maxlength=REASON_MAX required
                        aria-invalid=invalid(error, "reason")>{typed_reason}</textarea>
                    <FieldNote error=error field="reason"/>
                    <button type="submit" class="button secondary">
                        {move || if holds { t_string!(i18n, judging.lift) } else { t_string!(i18n, judging.record_again) }}
                    </button>
                </ActionForm>
            </details>
        </li>
    }
}

/// The committee records a conflict the engine cannot see.
#[component]
fn RecordForm(view: ConflictsView, changed: RwSignal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RecordConflict>::new();
    on_success(action, move || changed.update(|n| *n += 1));
    let code = view.contest.code.clone();
    let judges = view.judges;
    view! {
        <section aria-labelledby="record">
            <h2 id="record">{t!(i18n, judging.record)}</h2>
            <Suspense fallback=|| ()>
                {move || {
                    let (code, judges) = (code.clone(), judges.clone());
                    Suspend::new(async move {
                        let flash = flash_for::<RecordConflict>().await
                            .filter(|f| f.field("form") == Some("record"));
                        let error = action_error(action, flash.clone());
                        let chosen = typed(&flash, "judge");
                        view! {
                            <ActionForm action=action attr:class="stack" attr:novalidate=true>
                                <FormError error=error/>
                                <input type="hidden" name="code" value=code/>
                                <input type="hidden" name="action" value="add"/>
                                <input type="hidden" name="form" value="record"/>
                                <label for="record_judge">{t!(i18n, judging.judge)}</label>
                                <select id="record_judge" name="judge" aria-invalid=invalid(error, "judge")>
                                    {judges.into_iter().map(|j| {
                                        let id = j.id.to_string();
                                        let selected = chosen == id;
                                        view! { <option value=id selected=selected>{j.name}" · "{j.email}</option> }
                                    }).collect_view()}
                                </select>
                                <label for="record_entry">{t!(i18n, judging.entry_code)}</label>
                                <input id="record_entry" name="entry" value=typed(&flash, "entry")
                                    autocapitalize="characters" aria-invalid=invalid(error, "entry")/>
                                <FieldNote error=error field="entry"/>
                                <label for="record_reason">{t!(i18n, judging.reason)}</label>
                                <textarea id="record_reason" name="reason" rows="2" maxlength=REASON_MAX
                                    aria-invalid=invalid(error, "reason")>{typed(&flash, "reason")}</textarea>
                                <FieldNote error=error field="reason"/>
                                <button type="submit" class="button">{t!(i18n, judging.record)}</button>
                            </ActionForm>
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// A judge's declarations: what they declared, and the contest's entries to declare from.
#[component]
pub fn DeclarePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let q = move || query.read().get("q");
    let page = move || query.read().get("page").and_then(|p| p.parse::<u64>().ok());
    let changed = RwSignal::new(0usize);
    let view = Resource::new(
        move || (code(), q(), page(), changed.get()),
        |(code, q, page, _)| my_conflicts(code, q, page),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let view = match view.await {
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                    Ok(v) => v,
                };
                let lang = use_lang();
                let name = view.contest.name(lang).to_owned();
                let heading = td_string!(Locale::from(lang), judging.declare_title, contest = name.clone()).to_string();
                let code = view.contest.code.clone();
                let declared_now = query.read_untracked().get("declared").is_some();
                let typed_q = q().unwrap_or_default();
                let base = format!("/judging/{code}/conflicts");
                let pager_query = if typed_q.is_empty() { String::new() } else { format!("q={}", format::urlencode(&typed_q)) };
                let entries = view.entries.clone();
                let flash = flash_for::<DeclareConflict>().await;
                view! {
                    <PageTitle text=move |_| heading.clone()/>
                    <p class="crumbs"><a href="/judging">{t!(i18n, judging.workspace_title)}</a></p>
                    <h1>{td_string!(Locale::from(lang), judging.declare_title, contest = name).to_string()}</h1>
                    <p>{t!(i18n, judging.declare_intro)}</p>
                    {declared_now.then(|| view! { <p class="notice" role="status">{t!(i18n, judging.declared_now)}</p> })}
                    <section aria-labelledby="declared">
                        <h2 id="declared">{t!(i18n, judging.declared)}</h2>
                        {if view.declared.is_empty() {
                            view! { <p class="empty">{t!(i18n, judging.none_declared)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain">
                                    {view.declared.into_iter().map(|e| view! {
                                        <li><span class="code">{e.code}</span>" · "{e.title}</li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                    <section aria-labelledby="declare">
                        <h2 id="declare">{t!(i18n, judging.declare)}</h2>
                        <form method="get" action=base.clone() class="search" role="search">
                            <label for="q">{t!(i18n, judging.search)}</label>
                            <input id="q" name="q" type="search" value=typed_q/>
                            <button type="submit" class="button secondary">{t!(i18n, judging.search_button)}</button>
                        </form>
                        <p class="meta">{t!(i18n, judging.entries_found, count = entries.total)}</p>
                        <ul class="cards declare">
                            {entries.items.iter().cloned().map(|e| view! {
                                <DeclareCard code=code.clone() entry_code=e.code title=e.title changed=changed flash=flash.clone()/>
                            }).collect_view()}
                        </ul>
                        <Pager base=base page=entries.page has_next=entries.has_next() query=pager_query/>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}

#[component]
fn DeclareCard(
    code: String,
    entry_code: String,
    title: String,
    changed: RwSignal<usize>,
    flash: Option<crate::api::forms::Flash>,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<DeclareConflict>::new();
    on_success(action, move || changed.update(|n| *n += 1));
    let flash = flash.filter(|f| f.field("entry") == Some(entry_code.as_str()));
    let refused = flash.is_some();
    let typed_reason = typed(&flash, "reason");
    let error = action_error(action, flash);
    let id = format!("d-{entry_code}");
    view! {
        <li class="card">
            <p><span class="code">{entry_code.clone()}</span>" · "{title}</p>
            <details open=refused>
                <summary>{t!(i18n, judging.declare_this)}</summary>
                <ActionForm action=action attr:class="stack" attr:novalidate=true>
                    <FormError error=error/>
                    <input type="hidden" name="code" value=code/>
                    <input type="hidden" name="entry" value=entry_code/>
                    <label for=format!("{id}-reason")>{t!(i18n, judging.declare_reason)}</label>
                    <textarea id=format!("{id}-reason") name="reason" rows="2" maxlength=REASON_MAX
                        aria-invalid=invalid(error, "reason")>{typed_reason}</textarea>
                    <FieldNote error=error field="reason"/>
                    <button type="submit" class="button secondary">{t!(i18n, judging.declare_confirm)}</button>
                </ActionForm>
            </details>
        </li>
    }
}
