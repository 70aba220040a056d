//! `/contests/:code/rounds/:position/assignment`: a round's assignment (phân công chấm) for
//! its committee. Choose the round's judges; preview the planner's answer (loads, coverage,
//! expertise against the engine's bound, conflicts kept apart, judge groups, and every entry
//! it cannot fill, in words) and apply it; then add, remove or swap judges by hand under the
//! same hard rules. The preview is a plain GET (`?preview=fill`), so it works without
//! JavaScript too.

use crate::api::judging::{
    ApplyAssignment, AssignmentView, ChangeAssignment, ImportAssignment, PlanPreview,
    SetRoundJudges, preview_assignment, round_assignment,
};
use crate::components::form::{FormError, action_error, flash_for, on_success, typed};
use crate::components::pager::Pager;
use crate::components::{PageTitle, use_lang};
use crate::i18n::*;
use crate::model::judging::{AssignedEntry, PlanMode, RoundJudge};
use crate::model::limits::REASON_MAX;
use crate::pages::errors::ErrorView;
use crate::pages::judges::JudgingLinks;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn AssignmentPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let position = move || {
        params
            .read()
            .get("position")
            .and_then(|p| p.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let page = move || query.read().get("page").and_then(|p| p.parse::<u64>().ok());
    let mode = move || {
        query
            .read()
            .get("preview")
            .and_then(|m| PlanMode::from_code(&m))
    };
    let changed = RwSignal::new(0usize);
    // Kept here, above what a success redraws, so that its answer outlives the redraw.
    let apply = ServerAction::<ApplyAssignment>::new();
    on_success(apply, move || changed.update(|n| *n += 1));
    let import = ServerAction::<ImportAssignment>::new();
    on_success(import, move || {
        if import
            .value()
            .get_untracked()
            .is_some_and(|r| r.is_ok_and(|r| r.applied))
        {
            changed.update(|n| *n += 1);
        }
    });
    // Without JavaScript, the report of the import just made and its text (read once).
    let has_report = move || query.read().get("report").is_some();
    let kept = Resource::new(has_report, |has| async move {
        if has {
            crate::api::entries::last_import().await.ok().flatten()
        } else {
            None
        }
    });
    let view = Resource::new(
        move || (code(), position(), page(), changed.get()),
        |(code, position, page, _)| round_assignment(code, position, page),
    );
    let preview = Resource::new(
        move || (code(), position(), mode(), changed.get()),
        |(code, position, mode, _)| async move {
            match mode {
                Some(mode) => {
                    Some(preview_assignment(code, position, mode.code().to_owned()).await)
                }
                None => None,
            }
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let view = match view.await {
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                    Ok(v) => v,
                };
                let preview = preview.await;
                let kept = kept.await;
                view! {
                    <AssignmentBody view=view preview=preview changed=changed apply=apply mode=mode().unwrap_or_default()/>
                    <ImportAssignmentForm code=code() position=position() import=import kept=kept/>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn AssignmentBody(
    view: AssignmentView,
    preview: Option<Result<PlanPreview, crate::error::AppError>>,
    changed: RwSignal<usize>,
    apply: ServerAction<ApplyAssignment>,
    mode: PlanMode,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let query = use_query_map();
    let contest = view.contest.name(lang).to_owned();
    let round = view.round.name(lang).to_owned();
    let heading = td_string!(
        Locale::from(lang),
        judging.assignment_title,
        round = round.clone(),
        contest = contest.clone()
    )
    .to_string();
    let code = view.contest.code.clone();
    let position = view.round.position;
    let k = view.round.judges_per_entry;
    let applied = query.read_untracked().get("applied");
    view! {
        <PageTitle text=move |_| heading.clone()/>
        <p class="crumbs"><a href=format!("/contests/{code}/rounds#round-{position}")>{contest.clone()}</a></p>
        <h1>{td_string!(Locale::from(lang), judging.assignment_title, round = round, contest = contest).to_string()}</h1>
        <JudgingLinks code=code.clone() rounds=view.rounds.clone()/>
        {applied.map(|n| view! { <p class="notice" role="status">{t!(i18n, judging.applied, added = n)}</p> })}
        <dl class="facts figures">
            <dt>{t!(i18n, judging.judges_per_entry)}</dt><dd>{k}</dd>
            <dt>{t!(i18n, judging.entries_in_round)}</dt><dd>{view.entries_in_round}</dd>
            <dt>{t!(i18n, judging.entries_complete)}</dt><dd>{view.entries_complete}</dd>
            <dt>{t!(i18n, judging.assignments)}</dt><dd>{view.assignments}</dd>
        </dl>
        <RoundJudges code=code.clone() position=position judges=view.judges.clone() changed=changed/>
        <PlanSection code=code.clone() position=position preview=preview mode=mode apply=apply/>
        <Current view=view changed=changed/>
    }
}

/// The round's judges, chosen from the contest's jury.
#[component]
fn RoundJudges(
    code: String,
    position: i32,
    judges: Vec<RoundJudge>,
    changed: RwSignal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let action = ServerAction::<SetRoundJudges>::new();
    on_success(action, move || changed.update(|n| *n += 1));
    let saved = query.read_untracked().get("saved").as_deref() == Some("judges");
    let error = action_error(action, None);
    let chosen = judges.iter().filter(|j| j.chosen).count();
    view! {
        <section aria-labelledby="judges" id="judges-section">
            <h2 id="judges">{t!(i18n, judging.round_judges)}" ("{chosen}"/"{judges.len()}")"</h2>
            {saved.then(|| view! { <p class="notice" role="status">{t!(i18n, judging.round_judges_saved)}</p> })}
            {if judges.is_empty() {
                view! {
                    <p class="empty">{t!(i18n, judging.no_judges)}" "
                        <a href=format!("/contests/{code}/judges#invite-judge")>{t!(i18n, judging.invite)}</a>
                    </p>
                }.into_any()
            } else {
                view! {
                    <ActionForm action=action attr:class="stack">
                        <FormError error=error/>
                        <input type="hidden" name="code" value=code.clone()/>
                        <input type="hidden" name="position" value=position.to_string()/>
                        <fieldset class="choices judges">
                            <legend>{t!(i18n, judging.round_judges_legend)}</legend>
                            {judges.into_iter().enumerate().map(|(i, j)| {
                                let details = [j.judge.organisation.clone(), j.judge.expertise.join(", ")]
                                    .into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ");
                                view! {
                                    <label class="check">
                                        <input type="checkbox" name=format!("judges[{i}]")
                                            value=j.judge.id.to_string() checked=j.chosen/>
                                        <span>
                                            {j.judge.name.clone()}
                                            <span class="meta">
                                                {(!details.is_empty()).then(|| format!(" · {details}"))}
                                                " · "{t!(i18n, judging.load_now, load = j.load)}
                                                {j.judge.max_load.map(|m| view! { " · "{t!(i18n, judging.load_max, max = m)} })}
                                            </span>
                                        </span>
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                        <div class="actions">
                            <button type="submit" class="button secondary">{t!(i18n, judging.save_round_judges)}</button>
                            <button type="submit" name="all" value="1" class="button secondary">{t!(i18n, judging.choose_all)}</button>
                        </div>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

/// The planner: choose how, preview, apply.
#[component]
fn PlanSection(
    code: String,
    position: i32,
    preview: Option<Result<PlanPreview, crate::error::AppError>>,
    mode: PlanMode,
    apply: ServerAction<ApplyAssignment>,
) -> impl IntoView {
    let i18n = use_i18n();
    let base = format!("/contests/{code}/rounds/{position}/assignment");
    let applied = Signal::derive(move || match apply.value().get() {
        Some(Ok(p)) => Some(p.added),
        _ => None,
    });
    view! {
        <section aria-labelledby="plan" class="plan">
            <h2 id="plan">{t!(i18n, judging.plan)}</h2>
            <p>{t!(i18n, judging.plan_intro)}</p>
            <form method="get" action=base.clone() class="stack">
                <fieldset class="choices">
                    <legend>{t!(i18n, judging.plan_mode)}</legend>
                    <label class="check">
                        <input type="radio" name="preview" value="fill" checked=mode == PlanMode::Fill/>
                        <span>{t!(i18n, judging.mode_fill)}</span>
                    </label>
                    <label class="check">
                        <input type="radio" name="preview" value="replan" checked=mode == PlanMode::Replan/>
                        <span>{t!(i18n, judging.mode_replan)}</span>
                    </label>
                </fieldset>
                <button type="submit" class="button secondary">{t!(i18n, judging.preview)}</button>
            </form>
            {move || applied.get().map(|n| view! {
                <p class="notice" role="status">{t!(i18n, judging.applied, added = n)}</p>
            })}
            {match preview {
                None => ().into_any(),
                Some(Err(e)) => view! { <div class="form-error" role="alert"><p>{e.message}</p></div> }.into_any(),
                Some(Ok(p)) => view! {
                    <Show when=move || applied.get().is_none()>
                        <PreviewPanel preview=p.clone() code=code.clone() position=position apply=apply/>
                    </Show>
                }.into_any(),
            }}
        </section>
    }
}

/// What applying would do, and the button that does it.
#[component]
fn PreviewPanel(
    preview: PlanPreview,
    code: String,
    position: i32,
    apply: ServerAction<ApplyAssignment>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let p = preview;
    let bound = p.expertise_bound.map_or_else(
        || t_string!(i18n, judging.bound_unknown).to_string(),
        |b| b.to_string(),
    );
    let complete = p.is_complete();
    let places = p.places();
    let flash_error = action_error(apply, None);
    view! {
        <div class="plan-preview" id="preview" aria-labelledby="preview-title">
            <h3 id="preview-title">{t!(i18n, judging.preview_title)}</h3>
            {if complete {
                view! { <p class="notice">{t!(i18n, judging.plan_complete)}</p> }.into_any()
            } else {
                view! { <p class="warning">{t!(i18n, judging.plan_short, short = p.shortfalls.len())}</p> }.into_any()
            }}
            <dl class="facts figures">
                <dt>{t!(i18n, judging.coverage)}</dt><dd>{p.assignments}" / "{places}</dd>
                <dt>{t!(i18n, judging.kept)}</dt><dd>{p.kept}</dd>
                <dt>{t!(i18n, judging.added)}</dt><dd>{p.added}</dd>
                <dt>{t!(i18n, judging.removed)}</dt><dd>{p.removed}</dd>
                <dt>{t!(i18n, judging.expertise_matches)}</dt><dd>{p.expertise_matches}" ("{t!(i18n, judging.bound, bound = bound)}")"</dd>
                <dt>{t!(i18n, judging.conflicts_avoided)}</dt><dd>{p.conflicts_avoided}</dd>
                <dt>{t!(i18n, judging.judge_groups)}</dt><dd>{p.judge_groups}</dd>
            </dl>
            {(!p.shortfalls.is_empty()).then(|| view! {
                <h4>{t!(i18n, judging.shortfalls)}</h4>
                <ul class="reasons">
                    {p.shortfalls.iter().map(|s| view! { <li>{crate::words::shortfall(s, lang)}</li> }).collect_view()}
                </ul>
            })}
            {(!p.warnings.is_empty()).then(|| view! {
                <ul class="reasons warnings">
                    {p.warnings.iter().map(|w| view! { <li>{crate::words::plan_warning(w, lang)}</li> }).collect_view()}
                </ul>
            })}
            <details>
                <summary>{t!(i18n, judging.loads)}</summary>
                <div class="table-wrap">
                    <table>
                        <thead><tr>
                            <th scope="col">{t!(i18n, judging.judge)}</th>
                            <th scope="col" class="num">{t!(i18n, judging.load)}</th>
                            <th scope="col" class="num">{t!(i18n, judging.kept)}</th>
                            <th scope="col" class="num">{t!(i18n, judging.max_load)}</th>
                            <th scope="col" class="num">{t!(i18n, judging.expertise_matches)}</th>
                        </tr></thead>
                        <tbody>
                            {p.loads.iter().map(|l| view! {
                                <tr>
                                    <td data-label=t_string!(i18n, judging.judge)>{l.name.clone()}</td>
                                    <td class="num" data-label=t_string!(i18n, judging.load)>{l.load}</td>
                                    <td class="num" data-label=t_string!(i18n, judging.kept)>{l.kept}</td>
                                    <td class="num" data-label=t_string!(i18n, judging.max_load)>{l.max_load.map(|m| m.to_string()).unwrap_or_default()}</td>
                                    <td class="num" data-label=t_string!(i18n, judging.expertise_matches)>{l.expertise_matches}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
            {(p.added == 0 && p.removed == 0).then(|| view! {
                <p class="meta">{t!(i18n, judging.nothing_to_apply)}</p>
            })}
            <ActionForm action=apply attr:class="stack">
                <FormError error=flash_error/>
                <input type="hidden" name="code" value=code/>
                <input type="hidden" name="position" value=position.to_string()/>
                <input type="hidden" name="mode" value=p.mode.code()/>
                <input type="hidden" name="fingerprint" value=p.fingerprint.clone()/>
                <button type="submit" class="button">{t!(i18n, judging.apply)}</button>
            </ActionForm>
        </div>
    }
}

/// The round's entries with their judges, a page at a time; changes by hand.
#[component]
fn Current(view: AssignmentView, changed: RwSignal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let code = view.contest.code.clone();
    let position = view.round.position;
    let base = format!("/contests/{code}/rounds/{position}/assignment");
    let page = view.entries.page;
    let has_next = view.entries.has_next();
    let chosen: Vec<RoundJudge> = view.judges.iter().filter(|j| j.chosen).cloned().collect();
    view! {
        <section aria-labelledby="current" id="current-section">
            <h2 id="current">{t!(i18n, judging.current)}</h2>
            <p><a href=format!("/contests/{code}/rounds/{position}/assignments.csv") download="">{t!(i18n, judging.download)}</a></p>
            <ChangeForm code=code.clone() position=position judges=chosen page=page changed=changed/>
            {view.entries.items.is_empty().then(|| view! { <p class="empty">{t!(i18n, judging.no_entries)}</p> })}
            <div class="table-wrap">
                <table class="assignment">
                    <thead><tr>
                        <th scope="col">{t!(i18n, judging.entry)}</th>
                        <th scope="col">{t!(i18n, judging.category)}</th>
                        <th scope="col">{t!(i18n, judging.judges)}</th>
                    </tr></thead>
                    <tbody>
                        {view.entries.items.into_iter().map(|e| view! {
                            <EntryRow entry=e code=code.clone() position=position page=page k=view.round.judges_per_entry changed=changed/>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <Pager base=base page=page has_next=has_next/>
        </section>
    }
}

#[component]
fn EntryRow(
    entry: AssignedEntry,
    code: String,
    position: i32,
    page: u64,
    k: u32,
    changed: RwSignal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let remove = ServerAction::<ChangeAssignment>::new();
    on_success(remove, move || changed.update(|n| *n += 1));
    let error = action_error(remove, None);
    let short = (entry.judges.len() as u32) < k;
    let entry_code = entry.code.clone();
    view! {
        <tr id=format!("entry-{}", entry.code) class:short=short>
            <td data-label=t_string!(i18n, judging.entry)>
                <a href=format!("/contests/{code}/rounds/{position}/entries/{}", entry.code)><span class="code">{entry.code.clone()}</span>" · "{entry.title.clone()}</a>
            </td>
            <td data-label=t_string!(i18n, judging.category)>{entry.category.clone().unwrap_or_default()}</td>
            <td data-label=t_string!(i18n, judging.judges)>
                <FormError error=error/>
                <ul class="assigned">
                    {entry.judges.into_iter().map(|j| {
                        let (code, entry_code) = (code.clone(), entry_code.clone());
                        let state = j.sheet.map(|s| crate::words::sheet_state(s, lang));
                        view! {
                            <li>
                                {j.name.clone()}
                                {state.map(|s| view! { " " <span class="badge">{s}</span> })}
                                {j.sheet.is_none().then(|| view! {
                                    <ActionForm action=remove attr:class="inline">
                                        <input type="hidden" name="code" value=code/>
                                        <input type="hidden" name="position" value=position.to_string()/>
                                        <input type="hidden" name="entry" value=entry_code.clone()/>
                                        <input type="hidden" name="remove" value=j.id.to_string()/>
                                        <input type="hidden" name="page" value=page.to_string()/>
                                        <button type="submit" class="link" aria-label=td_string!(Locale::from(lang), judging.remove_label, judge = j.name.clone(), entry = entry_code.clone()).to_string()>
                                            {t!(i18n, judging.remove)}
                                        </button>
                                    </ActionForm>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {short.then(|| view! { <p class="warning">{t!(i18n, judging.entry_short, k = k)}</p> })}
            </td>
        </tr>
    }
}

/// Adds a judge to an entry, or swaps one for another, by entry code.
#[component]
fn ChangeForm(
    code: String,
    position: i32,
    judges: Vec<RoundJudge>,
    page: u64,
    changed: RwSignal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ChangeAssignment>::new();
    on_success(action, move || changed.update(|n| *n += 1));
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let (code, judges) = (code.clone(), judges.clone());
                Suspend::new(async move {
                    let flash = flash_for::<ChangeAssignment>().await;
                    let refused = flash.is_some();
                    let error = action_error(action, flash.clone());
                    let (add, remove) = (typed(&flash, "add"), typed(&flash, "remove"));
                    let options = move |picked: String| {
                        judges.iter().map(|j| {
                            let id = j.judge.id.to_string();
                            let selected = picked == id;
                            view! { <option value=id selected=selected>{j.judge.name.clone()}</option> }
                        }).collect_view()
                    };
                    let (add_options, remove_options) = (options.clone()(add), options(remove));
                    view! {
                        <details class="settings" open=refused>
                            <summary>{t!(i18n, judging.change)}</summary>
                            <ActionForm action=action attr:class="stack" attr:novalidate=true>
                                <FormError error=error/>
                                <input type="hidden" name="code" value=code/>
                                <input type="hidden" name="position" value=position.to_string()/>
                                <input type="hidden" name="page" value=page.to_string()/>
                                <label for="change_entry">{t!(i18n, judging.entry_code)}</label>
                                <input id="change_entry" name="entry" value=typed(&flash, "entry") autocapitalize="characters"/>
                                <label for="change_add">{t!(i18n, judging.add_judge)}</label>
                                <select id="change_add" name="add">
                                    <option value="">{t!(i18n, judging.nobody)}</option>
                                    {add_options}
                                </select>
                                <label for="change_remove">{t!(i18n, judging.remove_judge)}</label>
                                <select id="change_remove" name="remove">
                                    <option value="">{t!(i18n, judging.nobody)}</option>
                                    {remove_options}
                                </select>
                                <label for="change_note">{t!(i18n, judging.note)}</label>
                                <textarea id="change_note" name="note" rows="2" maxlength=REASON_MAX>{typed(&flash, "note")}</textarea>
                                <button type="submit" class="button secondary">{t!(i18n, judging.change_save)}</button>
                            </ActionForm>
                        </details>
                    }
                })
            }}
        </Suspense>
    }
}

/// Adds assignments from a CSV text (the download, edited, reads back): a dry run lists every
/// bad line; an import adds every new pair or none.
#[component]
fn ImportAssignmentForm(
    code: String,
    position: i32,
    import: ServerAction<ImportAssignment>,
    kept: Option<(crate::model::ImportReport, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (earlier, text) = kept.unzip();
    let report = Signal::derive(move || match import.value().get() {
        Some(Ok(r)) => Some(r),
        Some(Err(_)) => None,
        None => earlier.clone(),
    });
    let error = action_error(import, None);
    let text = RwSignal::new(text.unwrap_or_default());
    view! {
        <section aria-labelledby="import-assignment" id="import-assignment-section">
            <h2 id="import-assignment">{t!(i18n, judging.import_assignment)}</h2>
            <p class="hint">{t!(i18n, judging.import_assignment_intro)}</p>
            <crate::pages::judges::ImportReportView report=report done=Callback::new(move |n: usize| {
                td_string!(Locale::from(use_lang()), judging.import_assignment_done, count = n).to_string()
            })/>
            <ActionForm action=import attr:class="stack" attr:novalidate=true>
                <FormError error=error/>
                <input type="hidden" name="code" value=code/>
                <input type="hidden" name="position" value=position.to_string()/>
                <label for="assignment_csv">{t!(i18n, judging.import_text)}</label>
                <textarea id="assignment_csv" name="csv" rows="6" class="mono" spellcheck="false"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))>
                    {crate::components::server_escaped(text.get_untracked())}
                </textarea>
                <div class="actions">
                    <button type="submit" name="intent" value="check" class="button secondary">{t!(i18n, judging.import_check_only)}</button>
                    <button type="submit" name="intent" value="apply" class="button">{t!(i18n, judging.import_add)}</button>
                </div>
            </ActionForm>
        </section>
    }
}
