//! `/judging/:code/rounds/:position/:entry`: a judge's score sheet. The dossier (without the
//! team in a blind round), then the rubric with its levels, one input per criterion limited to
//! its range and step, and the weighted total as the engine computes it, running in the page
//! as the judge types. Drafts save by themselves and with "Save draft" without JavaScript;
//! submitting asks to confirm.
//!
//! `/contests/:code/rounds/:position/entries/:entry`: the committee's view of an entry's
//! sheets side by side, where it reopens one with a reason.

use crate::api::sheets::{ReopenSheet, SaveSheet, get_sheet, sheets_of_entry};
use crate::components::autosave::Autosave;
use crate::components::form::{FieldNote, FormError, action_error, flash_for, invalid, typed};
use crate::components::{PageTitle, server_escaped, use_lang};
use crate::domain::Lang;
use crate::domain::rubric::{Criterion, Rubric};
use crate::domain::sheet::SheetState;
use crate::error::ErrorKind;
use crate::format;
use crate::i18n::*;
use crate::model::sheets::{
    COMMENT_MAX, SHEET_TEXT_MAX, SheetFields, SheetView, Window, criterion_of,
};
use crate::pages::errors::ErrorView;
use crate::pages::form_fields::answers_read;
use crate::words::entries::{field_label, stage_name};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_params_map, use_query_map};
use std::collections::BTreeMap;

fn position_param(raw: Option<String>) -> i32 {
    raw.and_then(|p| p.parse().ok()).unwrap_or(0)
}

#[component]
pub fn SheetPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let location = use_location();
    let key = move || {
        let p = params.read();
        (
            p.get("code").unwrap_or_default(),
            position_param(p.get("position")),
            p.get("entry").unwrap_or_default(),
            location.search.get(),
        )
    };
    // Read again when the page is entered anew (a submission, a plain save), not after an
    // autosave: the form keeps what is typed.
    let sheet = Resource::new(key, |(code, position, entry, _)| {
        get_sheet(code, position, entry)
    });
    let save = ServerAction::<SaveSheet>::new();
    let has = move |k: &str| query.read().get(k).is_some();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let s = match sheet.await {
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                    Ok(s) => s,
                };
                let lang = use_lang();
                let l = Locale::from(lang);
                let title = format!("{} · {}", s.entry_code, s.fields.title);
                let round_href = "/judging".to_owned();
                let notice = if has("submitted") {
                    Some(td_string!(l, sheet.submitted_now).to_string())
                } else if has("saved") {
                    Some(td_string!(l, sheet.saved).to_string())
                } else {
                    None
                };
                let state_notice = state_notice(&s, lang);
                let base = format!("/judging/{}/rounds/{}", s.contest.code, s.round.position);
                let prev = s.previous.clone().map(|c| format!("{base}/{c}"));
                let next = s.next.clone().map(|c| format!("{base}/{c}"));
                let state = s.state.map_or_else(
                    || td_string!(l, judging.not_started).to_string(),
                    |st| crate::words::sheet_state(st, lang),
                );
                view! {
                    <PageTitle text=move |_| title.clone()/>
                    <p class="crumbs">
                        <a href=round_href>{t!(i18n, judging.workspace_title)}</a>" › "
                        {s.contest.name(lang).to_owned()}" › "{s.round.name(lang).to_owned()}
                    </p>
                    <h1><span class="code">{s.entry_code.clone()}</span>" · "{s.fields.title.clone()}</h1>
                    <p class="meta">
                        {s.category.as_ref().map(|c| format!("{} · ", c.name(lang)))}
                        <span class="badge">{state}</span>
                    </p>
                    {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
                    {state_notice.map(|n| view! { <p class="notice">{n}</p> })}
                    <nav class="sheet-nav" aria-label=move || t_string!(i18n, sheet.nav_label)>
                        {prev.map(|h| view! { <a href=h rel="prev">{t!(i18n, sheet.previous)}</a> })}
                        {next.map(|h| view! { <a href=h rel="next">{t!(i18n, sheet.next)}</a> })}
                    </nav>
                    <div class="sheet-layout">
                        <Dossier sheet=s.clone()/>
                        {if s.editable {
                            view! { <SheetForm sheet=s.clone() save=save/> }.into_any()
                        } else {
                            view! { <SheetRead sheet=s.clone()/> }.into_any()
                        }}
                    </div>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// What the state or the round's window means for the judge, when it stops them scoring.
fn state_notice(s: &SheetView, lang: Lang) -> Option<String> {
    let l = Locale::from(lang);
    match (s.state, s.window) {
        (Some(SheetState::Submitted), _) => Some(match s.submitted {
            Some(at) => {
                td_string!(l, sheet.submitted_at, date = format::date_time(at, lang)).to_string()
            }
            None => td_string!(l, sheet.submitted_notice).to_string(),
        }),
        (Some(SheetState::Void), _) => Some(td_string!(l, invalid.sheet_void).to_string()),
        (Some(SheetState::Reopened), Window::Open) => {
            Some(td_string!(l, sheet.reopened_notice, reason = s.reason.clone()).to_string())
        }
        (_, Window::NotYet(opens)) => {
            Some(td_string!(l, sheet.not_yet, date = format::date_time(opens, lang)).to_string())
        }
        (_, Window::Closed(closed)) => {
            Some(td_string!(l, sheet.closed, date = format::date_time(closed, lang)).to_string())
        }
        _ => None,
    }
}

/// The entry as the judge may read it.
#[component]
fn Dossier(sheet: SheetView) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let f = sheet.fields.clone();
    let stage = crate::model::Stage::from_code(&f.stage)
        .map(|s| stage_name(s, lang))
        .unwrap_or_default();
    let rows = [
        ("summary", f.summary),
        ("problem", f.problem),
        ("solution", f.solution),
        ("market", f.market),
        ("business_model", f.business_model),
        ("stage", stage),
        ("province", f.province),
        ("founded", f.founded),
    ];
    let answers = answers_read(&sheet.form, &sheet.fields.answers, lang);
    let blind = sheet.blind;
    view! {
        <details class="dossier-panel" open>
            <summary><h2>{t!(i18n, sheet.dossier)}</h2></summary>
            {blind.then(|| view! { <p class="hint">{t!(i18n, sheet.blind_notice)}</p> })}
            <dl class="dossier">
                {rows.into_iter().filter(|(_, v)| !v.trim().is_empty()).map(|(field, value)| view! {
                    <dt>{field_label(field, lang)}</dt>
                    <dd class="prose">{value}</dd>
                }).collect_view()}
                {answers}
                {(!blind).then(|| view! {
                    <dt>{field_label("team", lang)}</dt>
                    <dd><ul class="team">{sheet.team.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul></dd>
                })}
                <dt>{t!(i18n, sheet.files)}</dt>
                <dd>
                    {if sheet.files.is_empty() {
                        view! { <span class="meta">{t!(i18n, sheet.no_files)}</span> }.into_any()
                    } else {
                        view! {
                            <ul class="files">
                                {sheet.files.iter().map(|file| {
                                    let size = file.size.map(|b| format!(" · {}", crate::model::size_text(b)));
                                    view! {
                                        <li>
                                            <a href=file.href.clone() download="">{file.label.clone()}</a>
                                            <span class="meta">" · "{file.kind.code().to_uppercase()}{size}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </dd>
            </dl>
        </details>
    }
}

/// A criterion's heading: its name, range, step and weight.
fn criterion_heading(c: &Criterion, lang: Lang) -> (String, String) {
    let l = Locale::from(lang);
    let name = {
        let n = c.name.get(lang);
        if n.is_empty() {
            c.key.clone()
        } else {
            n.to_owned()
        }
    };
    let range = td_string!(
        l,
        sheet.range,
        min = format::decimal(c.min_points, lang),
        max = format::decimal(c.max_points, lang),
        step = format::decimal(c.step, lang),
        weight = format::decimal(c.weight.value(), lang)
    )
    .to_string();
    (name, range)
}

/// The levels of a criterion, for judges.
fn levels_view(c: &Criterion, lang: Lang) -> impl IntoView + use<> {
    (!c.levels.is_empty()).then(|| {
        view! {
            <ul class="levels">
                {c.levels.iter().map(|level| view! {
                    <li>
                        <span class="level-range">{format!("{}–{}", format::decimal(level.min, lang), format::decimal(level.max, lang))}</span>
                        " "{level.text.get(lang).to_owned()}
                    </li>
                }).collect_view()}
            </ul>
        }
    })
}

/// The running total and, per criterion, the engine's refusal of what is typed.
fn reading(
    rubric: &Rubric,
    scores: &BTreeMap<String, String>,
) -> (
    rust_decimal::Decimal,
    BTreeMap<String, crate::domain::DomainError>,
) {
    let fields = SheetFields {
        scores: scores.clone(),
        ..SheetFields::default()
    };
    let (sheet, refused) = fields.read(rubric);
    let refused = refused.into_iter().map(|e| (criterion_of(&e), e)).collect();
    (sheet.total(rubric), refused)
}

/// The sheet form. With JavaScript it saves by itself a moment after the last keystroke and
/// again when a lost connection comes back; without, "Save draft" posts it. Each save names
/// the version it started from, so a save from a stale tab is refused and what differs shown.
#[component]
fn SheetForm(sheet: SheetView, save: ServerAction<SaveSheet>) -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(sheet.version);
    let saved_at = RwSignal::new(sheet.saved);
    let offline = RwSignal::new(false);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let autosave = Autosave::new(form_ref, save, std::time::Duration::from_millis(1000));
    let navigate = use_navigate();
    let (code, position, entry) = (
        sheet.contest.code.clone(),
        sheet.round.position,
        sheet.entry_code.clone(),
    );

    Effect::new({
        let (code, entry) = (code.clone(), entry.clone());
        move |_| match save.value().get() {
            Some(Ok(s)) if s.state == SheetState::Submitted => {
                navigate(
                    &format!("/judging/{code}/rounds/{position}/{entry}?submitted=1"),
                    Default::default(),
                );
            }
            Some(Ok(s)) => {
                version.set(s.version);
                saved_at.set(Some(s.at));
                offline.set(false);
                autosave.answered();
            }
            Some(Err(e)) if e.kind == ErrorKind::Server => {
                // The connection (or the server) is gone: keep what is typed, try again later.
                offline.set(true);
                autosave.failed();
            }
            Some(Err(e)) if e.kind == ErrorKind::Conflict => {
                // Take the newer version, so that saving again keeps what is typed here.
                let (code, entry) = (code.clone(), entry.clone());
                leptos::task::spawn_local(async move {
                    if let Ok(latest) = get_sheet(code, position, entry).await {
                        version.set(latest.version);
                    }
                });
            }
            _ => {}
        }
    });
    let status_line = move || {
        if save.pending().get() {
            return Some(t_string!(i18n, sheet.saving).to_string());
        }
        if offline.get() {
            return Some(t_string!(i18n, sheet.offline).to_string());
        }
        saved_at
            .get()
            .map(|at| t_string!(i18n, sheet.saved_at, time = format::time(at)).to_string())
    };

    let rubric = StoredValue::new(sheet.rubric.clone());
    let stored = sheet.typed.clone();
    let feedback_allowed = sheet.feedback_allowed;
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let (code, entry, stored) = (code.clone(), entry.clone(), stored.clone());
                Suspend::new(async move {
                    let lang = use_lang();
                    let flash = flash_for::<SaveSheet>().await;
                    let error = action_error(save, flash.clone());
                    // What was typed before a failed plain post, else what is stored.
                    let value = |name: String, now: Option<&String>| match &flash {
                        Some(_) => typed(&flash, &name),
                        None => now.cloned().unwrap_or_default(),
                    };
                    let criteria: Vec<Criterion> = rubric.with_value(|r| r.criteria().to_vec());
                    let scores = RwSignal::new(
                        criteria
                            .iter()
                            .map(|c| (c.key.clone(), value(format!("sheet[scores][{}]", c.key), stored.scores.get(&c.key))))
                            .collect::<BTreeMap<String, String>>(),
                    );
                    let live = Memo::new(move |_| {
                        let lang = use_lang();
                        rubric.with_value(|r| {
                            let (total, refused) = reading(r, &scores.get());
                            let named = |k: &str| r.criterion(k).map(|(_, c)| c.name.clone()).unwrap_or_default();
                            (total, refused.into_iter().map(|(k, e)| { let message = crate::words::score_error(&e, &named(&k), lang); (k, message) }).collect::<BTreeMap<_, _>>())
                        })
                    });
                    let comments: BTreeMap<String, String> = criteria
                        .iter()
                        .map(|c| (c.key.clone(), value(format!("sheet[comments][{}]", c.key), stored.comments.get(&c.key))))
                        .collect();
                    let max_total = rubric.with_value(|r| format::decimal(r.max_total(), lang));
                    let overall = value("sheet[overall]".into(), Some(&stored.overall));
                    let note = value("sheet[note]".into(), Some(&stored.note));
                    let feedback = value("sheet[feedback]".into(), Some(&stored.feedback));
                    view! {
                        <ActionForm action=save node_ref=form_ref attr:class="stack sheet-form" attr:novalidate=true
                            on:input=move |_| autosave.typed()>
                            <h2>{t!(i18n, sheet.scores_title)}</h2>
                            <FormError error=error/>
                            {move || error.get().filter(|e| e.kind == ErrorKind::Conflict).map(|_| view! {
                                <p class="notice conflict">{t!(i18n, sheet.conflict_help)}</p>
                            })}
                            <input type="hidden" name="code" value=code.clone()/>
                            <input type="hidden" name="position" value=position.to_string()/>
                            <input type="hidden" name="entry" value=entry.clone()/>
                            <input type="hidden" name="version" prop:value=move || version.get().to_string()
                                value=version.get_untracked().to_string()/>
                            <p class="hint">{t!(i18n, sheet.autosave_hint)}</p>
                            {criteria.iter().map(|c| {
                                let (name, range) = criterion_heading(c, lang);
                                let key = c.key.clone();
                                let id = format!("score_{key}");
                                let path = format!("scores.{key}");
                                let comment_path = format!("comments.{key}");
                                let start = scores.with_untracked(|m| m.get(&key).cloned().unwrap_or_default());
                                let comment = comments.get(&key).cloned().unwrap_or_default();
                                let live_key = key.clone();
                                let server_path = path.clone();
                                let live_note = move || {
                                    let server = error.get().is_some_and(|e| e.concerns(&server_path));
                                    (!server).then(|| live.with(|(_, refused)| refused.get(&live_key).cloned()))
                                        .flatten()
                                        .map(|m| view! { <p class="field-error">{m}</p> })
                                };
                                let input_key = key.clone();
                                view! {
                                    <fieldset class="criterion">
                                        <legend>{name}{c.required.then_some(" *")}</legend>
                                        <p class="meta">{range}</p>
                                        {let d = c.description.get(lang).to_owned(); (!d.is_empty()).then(|| view! { <p class="hint">{d}</p> })}
                                        {levels_view(c, lang)}
                                        <label for=id.clone()>{t!(i18n, sheet.score)}</label>
                                        <input id=id.clone() name=format!("sheet[scores][{key}]") type="number" inputmode="decimal"
                                            min=c.min_points.to_string() max=c.max_points.to_string() step=c.step.to_string()
                                            value=start class="score-input"
                                            aria-invalid=invalid(error, path.clone())
                                            on:input=move |ev| {
                                                let v = event_target_value(&ev);
                                                scores.update(|m| { m.insert(input_key.clone(), v); });
                                            }/>
                                        <FieldNote error=error field=path.clone()/>
                                        {live_note}
                                        <label for=format!("comment_{key}")>{t!(i18n, sheet.comment)}</label>
                                        <textarea id=format!("comment_{key}") name=format!("sheet[comments][{key}]") rows="2"
                                            maxlength=COMMENT_MAX aria-invalid=invalid(error, comment_path.clone())>{server_escaped(comment)}</textarea>
                                        <FieldNote error=error field=comment_path/>
                                    </fieldset>
                                }
                            }).collect_view()}
                            <label for="sheet_overall">{t!(i18n, sheet.overall)}</label>
                            <textarea id="sheet_overall" name="sheet[overall]" rows="4" maxlength=SHEET_TEXT_MAX
                                aria-invalid=invalid(error, "overall")>{server_escaped(overall)}</textarea>
                            <FieldNote error=error field="overall"/>
                            <label for="sheet_note">{t!(i18n, sheet.note)}</label>
                            <p class="hint" id="sheet_note_hint">{t!(i18n, sheet.note_hint)}</p>
                            <textarea id="sheet_note" name="sheet[note]" rows="2" maxlength=SHEET_TEXT_MAX aria-describedby="sheet_note_hint"
                                aria-invalid=invalid(error, "note")>{server_escaped(note)}</textarea>
                            <FieldNote error=error field="note"/>
                            {feedback_allowed.then(|| view! {
                                <label for="sheet_feedback">{t!(i18n, sheet.feedback)}</label>
                                <p class="hint" id="sheet_feedback_hint">{t!(i18n, sheet.feedback_hint)}</p>
                                <textarea id="sheet_feedback" name="sheet[feedback]" rows="3" maxlength=SHEET_TEXT_MAX
                                    aria-describedby="sheet_feedback_hint" aria-invalid=invalid(error, "feedback")>{server_escaped(feedback.clone())}</textarea>
                                <FieldNote error=error field="feedback"/>
                            })}
                            <div class="sheet-total" aria-live="polite">
                                <span>{t!(i18n, sheet.total)}</span>" "
                                <output name="total" for="score">
                                    <strong>{move || live.with(|(t, _)| format::decimal(*t, use_lang()))}</strong>
                                    " / "{max_total.clone()}
                                </output>
                                <span class="save-status" role="status">{status_line}</span>
                                <button type="submit" name="intent" value="save" class="button secondary">{t!(i18n, sheet.save)}</button>
                            </div>
                            <details class="submit-sheet">
                                <summary>{t!(i18n, sheet.submit)}</summary>
                                <p>{t!(i18n, sheet.submit_confirm)}</p>
                                <button type="submit" name="intent" value="submit" class="button">{t!(i18n, sheet.submit_button)}</button>
                            </details>
                        </ActionForm>
                    }
                })
            }}
        </Suspense>
    }
}

/// A sheet the judge can no longer change (submitted, voided, or outside the window).
#[component]
fn SheetRead(sheet: SheetView) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let (read, _) = sheet.typed.read(&sheet.rubric);
    let total = read.total(&sheet.rubric);
    let criteria = sheet.rubric.criteria().to_vec();
    let others = sheet.others.clone();
    view! {
        <section class="sheet-read" aria-labelledby="sheet-read-title">
            <h2 id="sheet-read-title">{t!(i18n, sheet.scores_title)}</h2>
            <table class="sheet-table">
                <thead><tr>
                    <th scope="col">{t!(i18n, sheet.criterion)}</th>
                    <th scope="col" class="num">{t!(i18n, sheet.score)}</th>
                    {others.iter().map(|o| view! {
                        <th scope="col" class="num">{t!(i18n, sheet.judge_n, n = o.number)}</th>
                    }).collect_view()}
                </tr></thead>
                <tbody>
                    {criteria.iter().enumerate().map(|(i, c)| {
                        let (name, range) = criterion_heading(c, lang);
                        let mine = read.scores().get(i).copied().flatten().map(|d| format::decimal(d, lang)).unwrap_or_default();
                        let comment = sheet.typed.comments.get(&c.key).cloned();
                        view! {
                            <tr>
                                <th scope="row">{name}<span class="meta">" · "{range}</span>
                                    {comment.map(|c| view! { <p class="prose">{c}</p> })}</th>
                                <td class="num">{mine}</td>
                                {others.iter().map(|o| view! {
                                    <td class="num">{o.scores.get(i).copied().flatten().map(|d| format::decimal(d, lang)).unwrap_or_default()}</td>
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot><tr>
                    <th scope="row">{t!(i18n, sheet.total)}</th>
                    <td class="num"><strong>{format::decimal(total, lang)}</strong>" / "{format::decimal(sheet.rubric.max_total(), lang)}</td>
                    {others.iter().map(|o| view! { <td class="num">{format::decimal(o.total, lang)}</td> }).collect_view()}
                </tr></tfoot>
            </table>
            {(!sheet.typed.overall.is_empty()).then(|| view! {
                <h3>{t!(i18n, sheet.overall)}</h3><p class="prose">{sheet.typed.overall.clone()}</p>
            })}
            {(!sheet.typed.note.is_empty()).then(|| view! {
                <h3>{t!(i18n, sheet.note)}</h3><p class="prose">{sheet.typed.note.clone()}</p>
            })}
            {(!sheet.typed.feedback.is_empty()).then(|| view! {
                <h3>{t!(i18n, sheet.feedback)}</h3><p class="prose">{sheet.typed.feedback.clone()}</p>
            })}
        </section>
    }
}

/// The committee's view of one entry's sheets in a round.
#[component]
pub fn EntrySheetsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let reopen = ServerAction::<ReopenSheet>::new();
    let done = crate::components::form::successes(reopen);
    let key = move || {
        let p = params.read();
        (
            p.get("code").unwrap_or_default(),
            position_param(p.get("position")),
            p.get("entry").unwrap_or_default(),
            done.get(),
        )
    };
    let sheets = Resource::new(key, |(code, position, entry, _)| {
        sheets_of_entry(code, position, entry)
    });
    let reopened = move || query.read().get("reopened").is_some() || done.get() > 0;
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let s = match sheets.await {
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                    Ok(s) => s,
                };
                let lang = use_lang();
                let title = format!("{} · {}", s.entry_code, s.title);
                let criteria = s.rubric.criteria().to_vec();
                let assignment = format!("/contests/{}/rounds/{}/assignment", s.contest.code, s.round.position);
                let flash = flash_for::<ReopenSheet>().await;
                let error = action_error(reopen, flash);
                view! {
                    <PageTitle text=move |_| title.clone()/>
                    <p class="crumbs">
                        <a href=format!("/contests/{}", s.contest.code)>{s.contest.name(lang).to_owned()}</a>" › "
                        <a href=assignment>{s.round.name(lang).to_owned()}</a>
                    </p>
                    <h1><span class="code">{s.entry_code.clone()}</span>" · "{s.title.clone()}</h1>
                    {move || reopened().then(|| view! { <p class="notice" role="status">{t!(i18n, sheet.reopened_done)}</p> })}
                    <FormError error=error/>
                    {s.accepted.clone().map(|(note, totals)| view! {
                        <p class="notice">{t!(i18n, sheet.flag_accepted, note = note, totals = totals)}</p>
                    })}
                    {if s.sheets.is_empty() {
                        view! { <p class="empty">{t!(i18n, sheet.no_sheets)}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-scroll">
                            <table class="sheet-table">
                                <thead><tr>
                                    <th scope="col">{t!(i18n, sheet.criterion)}</th>
                                    {s.sheets.iter().map(|sh| view! { <th scope="col" class="num">{sh.judge.clone()}</th> }).collect_view()}
                                </tr></thead>
                                <tbody>
                                    {criteria.iter().enumerate().map(|(i, c)| {
                                        let (name, _) = criterion_heading(c, lang);
                                        view! {
                                            <tr>
                                                <th scope="row">{name}</th>
                                                {s.sheets.iter().map(|sh| view! {
                                                    <td class="num">{sh.scores.get(i).copied().flatten().map(|d| format::decimal(d, lang)).unwrap_or_default()}</td>
                                                }).collect_view()}
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                                <tfoot>
                                    <tr>
                                        <th scope="row">{t!(i18n, sheet.total)}</th>
                                        {s.sheets.iter().map(|sh| view! {
                                            <td class="num"><strong>{sh.total.map(|d| format::decimal(d, lang)).unwrap_or_default()}</strong></td>
                                        }).collect_view()}
                                    </tr>
                                    <tr>
                                        <th scope="row">{t!(i18n, sheet.state)}</th>
                                        {s.sheets.iter().map(|sh| {
                                            let state = sh.state.map_or_else(
                                                || td_string!(Locale::from(lang), judging.not_started).to_string(),
                                                |st| crate::words::sheet_state(st, lang),
                                            );
                                            view! { <td class="num"><span class="badge">{state}</span></td> }
                                        }).collect_view()}
                                    </tr>
                                </tfoot>
                            </table>
                            </div>
                            <ul class="sheet-notes">
                                {s.sheets.iter().map(|sh| {
                                    let submitted = sh.state == Some(SheetState::Submitted);
                                    let (code, position, entry, judge) = (s.contest.code.clone(), s.round.position, s.entry_code.clone(), sh.judge_id);
                                    view! {
                                        <li>
                                            <h2>{sh.judge.clone()}</h2>
                                            {(!sh.reason.is_empty()).then(|| view! { <p class="meta">{t!(i18n, sheet.reason_shown, reason = sh.reason.clone())}</p> })}
                                            {(!sh.overall.is_empty()).then(|| view! { <p><strong>{t!(i18n, sheet.overall)}": "</strong>{sh.overall.clone()}</p> })}
                                            {(!sh.note.is_empty()).then(|| view! { <p><strong>{t!(i18n, sheet.note)}": "</strong>{sh.note.clone()}</p> })}
                                            {(!sh.feedback.is_empty()).then(|| view! { <p><strong>{t!(i18n, sheet.feedback)}": "</strong>{sh.feedback.clone()}</p> })}
                                            {submitted.then(|| view! {
                                                <details class="danger-zone">
                                                    <summary>{t!(i18n, sheet.reopen)}</summary>
                                                    <ActionForm action=reopen attr:class="stack">
                                                        <input type="hidden" name="code" value=code/>
                                                        <input type="hidden" name="position" value=position.to_string()/>
                                                        <input type="hidden" name="entry" value=entry/>
                                                        <input type="hidden" name="judge" value=judge.to_string()/>
                                                        <label for=format!("reason_{judge}")>{t!(i18n, sheet.reopen_reason)}</label>
                                                        <textarea id=format!("reason_{judge}") name="reason" rows="2" required
                                                            maxlength=crate::model::limits::REASON_MAX></textarea>
                                                        <button type="submit" class="button">{t!(i18n, sheet.reopen_button)}</button>
                                                    </ActionForm>
                                                </details>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                }
                .into_any()
            })}
        </Suspense>
    }
}
