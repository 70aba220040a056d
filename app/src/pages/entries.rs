//! Entries: a founder's list of their own, the entry form (saved as they type, with a Save
//! button that works without JavaScript), and the committee's list of a contest's entries.

use crate::api::entries::{
    EntryFilter, EntryView, SaveEntry, WithdrawEntry, get_entry, list_entries, my_entries,
};
use crate::components::PageTitle;
use crate::components::autosave::Autosave;
use crate::components::form::{FieldNote, FormError, action_error, flash_for, invalid, typed};
use crate::components::pager::Pager;
use crate::components::{server_escaped, use_lang};
use crate::domain::Lang;
use crate::error::{AppError, ErrorKind};
use crate::format;
use crate::i18n::*;
use crate::model::eligibility::Eligibility;
use crate::model::limits::{
    ENTRY_SUMMARY_MAX, ENTRY_TEXT_MAX, ENTRY_TITLE_MAX, SEARCH_MAX, TITLE_MAX,
};
use crate::model::{Answers, EntryRow, EntrySort, EntryStatus, FieldKind, FormField, Stage};
use crate::model::{EligibilityRules, EligibilityView};
use crate::pages::attachments::Attachments;
use crate::pages::eligibility::{EligibilityBadge, EntryEligibility};
use crate::pages::errors::ErrorView;
use crate::pages::form_fields::{AnswerFields, answers_read};
use crate::words::eligibility::eligibility_name;
use crate::words::entries::{field_label, stage_name, status_name};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_params_map, use_query_map};

/// The names of `fields` (`title`, `answers.website`) as the form labels them.
fn labels(fields: &[String], lang: Lang, form: &[FormField]) -> String {
    fields
        .iter()
        .map(|f| match f.strip_prefix("answers.") {
            Some(key) => form
                .iter()
                .find(|q| q.key == key)
                .map_or_else(|| key.to_owned(), |q| q.label(lang).to_owned()),
            None => field_label(f, lang),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
fn StatusBadge(status: EntryStatus) -> impl IntoView {
    let lang = use_lang();
    view! { <span class=format!("badge status-{}", status.code())>{status_name(status, lang)}</span> }
}

/// `/entries`: the entries the signed-in person leads.
#[component]
pub fn MyEntriesPage() -> impl IntoView {
    let i18n = use_i18n();
    let entries = Resource::new(|| (), |_| my_entries());
    view! {
        <PageTitle text=|l| td_string!(l, entry.my_title).to_string()/>
        <h1>{t!(i18n, entry.my_title)}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match entries.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(rows) if rows.is_empty() => {
                        view! { <p class="empty">{t!(i18n, entry.my_empty)}</p> }.into_any()
                    }
                    Ok(rows) => {
                        let lang = use_lang();
                        view! {
                            <ul class="cards">
                                {rows.into_iter().map(|r| {
                                    let href = format!("/entries/{}", r.code);
                                    let contest = lang.pick(&r.contest_name_vi, &r.contest_name_en).to_owned();
                                    let title = if r.title.is_empty() { r.code.clone() } else { r.title.clone() };
                                    let updated = format::date_time(r.updated, lang);
                                    view! {
                                        <li class="card">
                                            <h2><a href=href>{title}</a></h2>
                                            <p class="meta">
                                                <span class="code">{r.code.clone()}</span>" · "{contest}" · "
                                                <StatusBadge status=r.status/>" "
                                                <EligibilityBadge eligibility=r.eligibility/>
                                                {(r.round > 0).then(|| view! {
                                                    " · "{td_string!(Locale::from(lang), round.numbered, n = r.round).to_string()}
                                                })}
                                            </p>
                                            <p class="meta">{t!(i18n, entry.updated)}": "{updated}</p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// `/entries/:code`: one entry, editable by its lead while submissions are open.
#[component]
pub fn EntryPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let location = use_location();
    let code = move || params.read().get("code").unwrap_or_default();
    // Read again when the page is entered anew (started, submitted, withdrawn), not after an
    // autosave: the form keeps its own state, so the inputs keep what is typed.
    let entry = Resource::new(
        move || (code(), location.search.get()),
        |(code, _)| get_entry(code),
    );
    let has = move |key: &str| query.read().get(key).is_some();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let e = match entry.await {
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                    Ok(e) => e,
                };
                let lang = use_lang();
                let title = if e.fields.title.is_empty() { e.code.clone() } else { e.fields.title.clone() };
                let contest_href = format!("/contests/{}", e.contest.code);
                let deadline = e.contest.submissions_close.map(|d| format::date_time(d, lang));
                let tz = e.contest.time_zone.clone();
                let notice = if has("started") {
                    Some(td_string!(Locale::from(lang), entry.started, code = e.code.clone()).to_string())
                } else if has("submitted") {
                    Some(td_string!(Locale::from(lang), entry.submitted).to_string())
                } else if has("withdrawn") {
                    Some(td_string!(Locale::from(lang), entry.withdrawn).to_string())
                } else if has("incomplete") {
                    let files: Vec<String> = e.attachments.iter().map(|a| a.field.clone()).collect();
                    let missing = e.fields.missing_with(!e.categories.is_empty(), &e.contest.form, &files);
                    Some(td_string!(Locale::from(lang), entry.incomplete, fields = labels(&missing, lang, &e.contest.form)).to_string())
                } else if has("attached") {
                    Some(td_string!(Locale::from(lang), entry.attached).to_string())
                } else if has("removed") {
                    Some(td_string!(Locale::from(lang), entry.removed).to_string())
                } else if has("decided") {
                    Some(td_string!(Locale::from(lang), eligibility.decided).to_string())
                } else if has("saved") {
                    Some(td_string!(Locale::from(lang), entry.saved).to_string())
                } else {
                    None
                };
                let state_notice = match (e.status, e.submitted) {
                    (EntryStatus::Withdrawn, _) => Some(td_string!(Locale::from(lang), entry.withdrawn_notice).to_string()),
                    (_, _) if !e.editable && e.withdrawable => Some(td_string!(Locale::from(lang), entry.closed).to_string()),
                    (EntryStatus::Submitted, Some(at)) => Some(td_string!(Locale::from(lang), entry.submitted_notice, date = format::date_time(at, lang)).to_string()),
                    (EntryStatus::Draft, _) if e.editable && e.contest.drafts_only => e.contest.submissions_open.map(|opens| {
                        td_string!(Locale::from(lang), entry.drafts_only, date = format::date_time(opens, lang)).to_string()
                    }),
                    _ => None,
                };
                let editable = e.editable;
                let withdrawable = e.withdrawable;
                // The checks as last saved: each autosave answers them anew.
                let checked = RwSignal::new(e.eligibility.clone());
                let code = e.code.clone();
                view! {
                    <PageTitle text=move |_| title.clone()/>
                    <p class="crumbs"><a href=contest_href>{e.contest.name(lang).to_owned()}</a></p>
                    <article class="entry">
                        <h1>{if e.fields.title.is_empty() { e.code.clone() } else { e.fields.title.clone() }}</h1>
                        <dl class="facts">
                            <dt>{t!(i18n, entry.code)}</dt><dd class="code">{e.code.clone()}</dd>
                            <dt>{t!(i18n, entry.status)}</dt><dd><StatusBadge status=e.status/></dd>
                            <dt>{t!(i18n, entry.lead)}</dt><dd>{e.lead_name.clone()}</dd>
                            {e.round.clone().map(|(n, vi, en)| view! {
                                <dt>{t!(i18n, entry.round)}</dt>
                                <dd>{td_string!(Locale::from(lang), round.numbered, n = n).to_string()}" · "{lang.pick(&vi, &en).to_owned()}</dd>
                            })}
                        </dl>
                        {deadline.map(|d| view! { <p class="meta">{t!(i18n, entry.deadline, deadline = d.clone(), tz = tz.clone())}</p> })}
                        {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
                        {state_notice.map(|n| view! { <p class="notice">{n}</p> })}
                        <crate::pages::public_results::EntryResults code=e.code.clone()/>
                        {if editable {
                            view! { <EntryForm entry=e.clone() checked=checked/> }.into_any()
                        } else {
                            view! { <EntryRead entry=e.clone()/> }.into_any()
                        }}
                        <EntryEligibility code=code.clone() view=checked
                            rules=e.contest.eligibility.clone() decidable=e.decidable/>
                        <Attachments code=code.clone() items=e.attachments.clone()
                            rules=e.contest.attachments.clone() editable=editable
                            questions=e.contest.form.iter().filter(|f| f.kind == FieldKind::File).cloned().collect()/>
                        {e.history.clone().map(|href| view! {
                            <p><a href=href>{t!(i18n, entry.history)}</a></p>
                        })}
                        {withdrawable.then(|| view! { <WithdrawForm code=code.clone()/> })}
                    </article>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// The entry's fields as text, for whoever may read but not change it.
#[component]
fn EntryRead(entry: EntryView) -> impl IntoView {
    let lang = use_lang();
    let category = entry
        .categories
        .iter()
        .find(|k| k.code == entry.fields.category)
        .map(|k| format!("{} · {}", k.code, k.name(lang)))
        .unwrap_or_default();
    let stage = Stage::from_code(&entry.fields.stage)
        .map(|s| stage_name(s, lang))
        .unwrap_or_default();
    let f = entry.fields.clone();
    let rows = [
        ("title", f.title),
        ("category", category),
        ("summary", f.summary),
        ("problem", f.problem),
        ("solution", f.solution),
        ("market", f.market),
        ("business_model", f.business_model),
        ("stage", stage),
    ];
    let team = entry.fields.members.clone();
    let answers = answers_read(&entry.contest.form, &entry.fields.answers, lang);
    view! {
        <dl class="dossier">
            {rows.into_iter().map(|(field, value)| view! {
                <dt>{field_label(field, lang)}</dt>
                <dd class="prose">{value}</dd>
            }).collect_view()}
            {answers}
            <dt>{field_label("team", lang)}</dt>
            <dd>
                {if team.is_empty() {
                    view! { <span class="meta">{td_string!(Locale::from(lang), entry.no_members).to_string()}</span> }.into_any()
                } else {
                    view! { <ul class="team">{team.iter().map(|m| view! { <li>{m.summary()}</li> }).collect_view()}</ul> }.into_any()
                }}
            </dd>
        </dl>
    }
}

/// The entry form. With JavaScript it saves by itself a moment after the last keystroke, and
/// again when a lost connection comes back; without, "Save draft" posts it. Each save names
/// the version it started from; a save over someone else's newer one is refused and the
/// fields that differ are shown.
#[component]
fn EntryForm(entry: EntryView, checked: RwSignal<EligibilityView>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let save = ServerAction::<SaveEntry>::new();
    let version = RwSignal::new(entry.version);
    let status = RwSignal::new(entry.status);
    let saved_at = RwSignal::new(None::<format::Zoned>);
    let missing = RwSignal::new(Vec::<String>::new());
    let offline = RwSignal::new(false);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let autosave = Autosave::new(form_ref, save, std::time::Duration::from_millis(1500));
    let code = entry.code.clone();
    let navigate = use_navigate();
    let form = StoredValue::new(entry.contest.form.clone());
    let drafts_only = entry.contest.drafts_only;

    // What each save answered.
    Effect::new({
        let code = code.clone();
        move |_| match save.value().get() {
            Some(Ok(s)) if s.status != status.get_untracked() => {
                // Just submitted: the page is read again, as it now stands.
                navigate(&format!("/entries/{code}?submitted=1"), Default::default());
            }
            Some(Ok(s)) => {
                checked.set(s.eligibility);
                version.set(s.version);
                status.set(s.status);
                saved_at.set(Some(s.at));
                missing.set(s.missing);
                offline.set(false);
                autosave.answered();
            }
            Some(Err(e)) if e.kind == ErrorKind::Server => {
                // The connection (or the server) is gone: keep the text, try again later.
                offline.set(true);
                autosave.failed();
            }
            Some(Err(e)) if e.kind == ErrorKind::Conflict => {
                // Take the newer version, so that saving again keeps what is typed here.
                let code = code.clone();
                leptos::task::spawn_local(async move {
                    if let Ok(latest) = get_entry(code).await {
                        version.set(latest.version);
                    }
                });
            }
            _ => {}
        }
    });

    let status_line = move || {
        if save.pending().get() {
            return Some(t_string!(i18n, entry.saving).to_string());
        }
        if offline.get() {
            return Some(t_string!(i18n, entry.offline).to_string());
        }
        let lang = use_lang();
        let missing = missing.get();
        if !missing.is_empty() {
            return Some(
                td_string!(
                    Locale::from(lang),
                    entry.incomplete,
                    fields = labels(&missing, lang, &form.get_value())
                )
                .to_string(),
            );
        }
        saved_at.get().map(|at| {
            td_string!(Locale::from(lang), entry.saved_at, time = format::time(at)).to_string()
        })
    };

    let categories = entry.categories.clone();
    let stored = entry.fields.clone();
    let rules = entry.contest.eligibility.clone();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let (code, stored, categories, rules) =
                    (code.clone(), stored.clone(), categories.clone(), rules.clone());
                Suspend::new(async move {
                    let flash = flash_for::<SaveEntry>().await;
                    let error = action_error(save, flash.clone());
                    // What was typed before a failed plain post, else what is stored.
                    let value = |field: &str, now: &str| match &flash {
                        Some(_) => typed(&flash, &format!("entry[{field}]")),
                        None => now.to_owned(),
                    };
                    let title = value("title", &stored.title);
                    let category = value("category", &stored.category);
                    let summary = value("summary", &stored.summary);
                    let problem = value("problem", &stored.problem);
                    let solution = value("solution", &stored.solution);
                    let market = value("market", &stored.market);
                    let business_model = value("business_model", &stored.business_model);
                    let stage = value("stage", &stored.stage);
                    let birth_date = value("birth_date", &stored.birth_date);
                    let province = value("province", &stored.province);
                    let founded = value("founded", &stored.founded);
                    let answers = match &flash {
                        Some(_) => typed_answers(&flash, &form.get_value()),
                        None => stored.answers.clone(),
                    };
                    let area = move |field: &'static str, label: String, text: String, max: usize, rows: u32| view! {
                        <label for=format!("entry_{field}")>{label}" *"</label>
                        <textarea id=format!("entry_{field}") name=format!("entry[{field}]") rows=rows maxlength=max
                            aria-invalid=invalid(error, field)>{server_escaped(text)}</textarea>
                        <FieldNote error=error field=field/>
                    };
                    view! {
                        <ActionForm action=save node_ref=form_ref attr:class="stack entry-form" attr:novalidate=true
                            on:input=move |_| autosave.typed()>
                            <FormError error=error/>
                            <ConflictNote error=error/>
                            <input type="hidden" name="code" value=code.clone()/>
                            <input type="hidden" name="version" prop:value=move || version.get().to_string()
                                value=entry.version.to_string()/>
                            <p class="hint">{t!(i18n, entry.required_hint)}" "{t!(i18n, entry.autosave_hint)}</p>
                            <label for="entry_title">{t!(i18n, entry.title)}" *"</label>
                            <input id="entry_title" name="entry[title]" maxlength=ENTRY_TITLE_MAX value=title
                                aria-invalid=invalid(error, "title")/>
                            <FieldNote error=error field="title"/>
                            {(!categories.is_empty()).then(|| view! {
                                <label for="entry_category">{t!(i18n, entry.category)}" *"</label>
                                <select id="entry_category" name="entry[category]" aria-invalid=invalid(error, "category")>
                                    <option value="" selected=category.is_empty()>{t!(i18n, entry.choose)}</option>
                                    {categories.iter().map(|k| {
                                        let selected = k.code == category;
                                        view! { <option value=k.code.clone() selected=selected>{format!("{} · {}", k.code, k.name(lang))}</option> }
                                    }).collect_view()}
                                </select>
                                <FieldNote error=error field="category"/>
                            })}
                            <label for="entry_summary">{t!(i18n, entry.summary)}" *"</label>
                            <p class="hint" id="entry_summary_hint">{t!(i18n, entry.summary_hint)}</p>
                            <textarea id="entry_summary" name="entry[summary]" rows="3" maxlength=ENTRY_SUMMARY_MAX
                                aria-describedby="entry_summary_hint" aria-invalid=invalid(error, "summary")>{server_escaped(summary)}</textarea>
                            <FieldNote error=error field="summary"/>
                            {area("problem", field_label("problem", lang), problem, ENTRY_TEXT_MAX, 6)}
                            {area("solution", field_label("solution", lang), solution, ENTRY_TEXT_MAX, 6)}
                            {area("market", field_label("market", lang), market, ENTRY_TEXT_MAX, 5)}
                            {area("business_model", field_label("business_model", lang), business_model, ENTRY_TEXT_MAX, 5)}
                            <TeamFields stored=stored.members.clone() flash=flash.clone() error=error/>
                            <label for="entry_stage">{t!(i18n, entry.stage)}" *"</label>
                            <select id="entry_stage" name="entry[stage]" aria-invalid=invalid(error, "stage")>
                                <option value="" selected=stage.is_empty()>{t!(i18n, entry.choose)}</option>
                                {Stage::ALL.into_iter().map(|s| {
                                    let selected = s.code() == stage;
                                    view! { <option value=s.code() selected=selected>{stage_name(s, lang)}</option> }
                                }).collect_view()}
                            </select>
                            <FieldNote error=error field="stage"/>
                            <AnswerFields form=form.get_value() answers=answers error=error/>
                            <EligibilityFields rules=rules.clone() error=error birth_date=birth_date province=province founded=founded/>
                            <p class="save-state" role="status" aria-live="polite">{status_line}</p>
                            <div class="actions">
                                <button type="submit" name="intent" value="save" class="button secondary">
                                    {move || if status.get() == EntryStatus::Submitted {
                                        t_string!(i18n, entry.save_changes).to_string()
                                    } else {
                                        t_string!(i18n, entry.save).to_string()
                                    }}
                                </button>
                                <Show when=move || status.get() == EntryStatus::Draft && !drafts_only>
                                    <button type="submit" name="intent" value="submit" class="button">{t!(i18n, entry.submit)}</button>
                                </Show>
                            </div>
                        </ActionForm>
                    }
                })
            }}
        </Suspense>
    }
}

/// The answers as a failed plain post typed them (a multiple choice from its ticked boxes).
fn typed_answers(flash: &Option<crate::api::forms::Flash>, form: &[FormField]) -> Answers {
    form.iter()
        .map(|f| {
            let value = if f.kind == FieldKind::Choices {
                (0..f.options.len())
                    .map(|i| typed(flash, &format!("entry[picks][{}][{i}]", f.key)))
                    .filter(|v| !v.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                typed(flash, &format!("entry[answers][{}]", f.key))
            };
            (f.key.clone(), value)
        })
        .collect()
}

/// What the contest's eligibility rules read: the lead's date of birth (an age rule), the
/// province (a province rule), the company's founding date (a company rule). A field no rule
/// reads is kept as it is, unseen.
#[component]
fn EligibilityFields(
    rules: EligibilityRules,
    error: Signal<Option<AppError>>,
    birth_date: String,
    province: String,
    founded: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let asks_age = rules.age_min.is_some() || rules.age_max.is_some();
    let asks_province = !rules.provinces.is_empty();
    let asks_company = rules.company_years_max.is_some();
    let hidden = |asked: bool, field: &'static str, value: &str| {
        (!asked).then(|| view! { <input type="hidden" name=format!("entry[{field}]") value=value.to_owned()/> })
    };
    view! {
        {hidden(asks_age, "birth_date", &birth_date)}
        {hidden(asks_province, "province", &province)}
        {hidden(asks_company, "founded", &founded)}
        {(asks_age || asks_province || asks_company).then(|| view! {
            <fieldset class="stack">
                <legend>{t!(i18n, eligibility.details)}</legend>
                {asks_age.then(|| view! {
                    <label for="entry_birth_date">{t!(i18n, eligibility.birth_date)}</label>
                    <input id="entry_birth_date" name="entry[birth_date]" type="date" value=birth_date.clone()
                        aria-invalid=invalid(error, "birth_date")/>
                    <FieldNote error=error field="birth_date"/>
                })}
                {asks_province.then(|| view! {
                    <label for="entry_province">{t!(i18n, eligibility.province)}</label>
                    <input id="entry_province" name="entry[province]" maxlength=TITLE_MAX value=province.clone()
                        list="entry_provinces" aria-invalid=invalid(error, "province")/>
                    <datalist id="entry_provinces">
                        {rules.provinces.iter().map(|p| view! { <option value=p.clone()/> }).collect_view()}
                    </datalist>
                    <FieldNote error=error field="province"/>
                })}
                {asks_company.then(|| view! {
                    <label for="entry_founded">{t!(i18n, eligibility.founded)}</label>
                    <input id="entry_founded" name="entry[founded]" type="date" value=founded.clone()
                        aria-invalid=invalid(error, "founded")/>
                    <FieldNote error=error field="founded"/>
                })}
            </fieldset>
        })}
    }
}

#[component]
fn ConflictNote(error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error
            .get()
            .filter(|e| e.kind == ErrorKind::Conflict)
            .map(|_| view! { <p class="notice conflict">{t!(i18n, entry.conflict_help)}</p> })
    }
}

/// Withdrawing, behind a disclosure that asks to confirm (no JavaScript needed).
#[component]
fn WithdrawForm(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let withdraw = ServerAction::<WithdrawEntry>::new();
    view! {
        <details class="danger-zone">
            <summary>{t!(i18n, entry.withdraw)}</summary>
            <p>{t!(i18n, entry.withdraw_confirm)}</p>
            <ActionForm action=withdraw>
                <input type="hidden" name="code" value=code/>
                <button type="submit" class="button danger">{t!(i18n, entry.withdraw_confirm_button)}</button>
            </ActionForm>
        </details>
    }
}

/// `/contests/:code/entries`: the committee's list, filtered, searched, sorted and paged
/// through the query string (so a filtered list is a link).
#[component]
pub fn ContestEntriesPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let get = move |key: &str| query.read().get(key).filter(|v| !v.is_empty());
    let filter = move || EntryFilter {
        status: get("status"),
        category: get("category"),
        eligibility: get("eligibility"),
        round: get("round"),
        q: get("q"),
        sort: get("sort"),
    };
    let page = move || get("page").and_then(|p| p.parse::<u64>().ok());
    let list = Resource::new(
        move || (code(), filter(), page()),
        |(code, filter, page)| list_entries(code, filter, page),
    );
    let contest = Resource::new(code, crate::api::contests::get_contest);
    let categories = Resource::new(code, crate::api::contests::list_categories);
    let rounds = Resource::new(code, crate::api::rounds::list_rounds);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let c = match contest.await {
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                    Ok(c) => c,
                };
                let list = match list.await {
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                    Ok(list) => list,
                };
                let categories = categories.await.unwrap_or_default();
                let rounds = rounds.await.unwrap_or_default();
                let lang = use_lang();
                let f = filter();
                let name = c.name(lang).to_owned();
                let heading = td_string!(Locale::from(lang), entry.list_title, contest = name.clone()).to_string();
                let base = format!("/contests/{}/entries", c.code);
                let keep: String = [("status", &f.status), ("category", &f.category), ("eligibility", &f.eligibility), ("round", &f.round), ("q", &f.q), ("sort", &f.sort)]
                    .iter()
                    .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", crate::format::urlencode(v))))
                    .collect::<Vec<_>>()
                    .join("&");
                let chosen = |v: &Option<String>, option: &str| v.as_deref() == Some(option);
                let sort = EntrySort::from_code(f.sort.as_deref().unwrap_or(""));
                let (has_next, page, total) = (list.has_next(), list.page, list.total);
                view! {
                    <PageTitle text=move |_| heading.clone()/>
                    <p class="crumbs"><a href=format!("/contests/{}", c.code)>{name}</a></p>
                    <h1>{td_string!(Locale::from(lang), entry.list_title, contest = c.name(lang).to_owned()).to_string()}</h1>
                    <form method="get" action=base.clone() class="filters" role="search">
                        <div class="field">
                            <label for="q">{t!(i18n, entry.search)}</label>
                            <input id="q" name="q" type="search" maxlength=SEARCH_MAX value=f.q.clone().unwrap_or_default()
                                aria-describedby="q_hint"/>
                            <p class="hint" id="q_hint">{t!(i18n, entry.search_hint)}</p>
                        </div>
                        <div class="field">
                            <label for="status">{t!(i18n, entry.status)}</label>
                            <select id="status" name="status">
                                <option value="">{t!(i18n, entry.any)}</option>
                                {EntryStatus::ALL.into_iter().map(|s| view! {
                                    <option value=s.code() selected=chosen(&f.status, s.code())>{status_name(s, lang)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="eligibility">{t!(i18n, eligibility.column)}</label>
                            <select id="eligibility" name="eligibility">
                                <option value="">{t!(i18n, entry.any)}</option>
                                {Eligibility::ALL.into_iter().map(|e| view! {
                                    <option value=e.code() selected=chosen(&f.eligibility, e.code())>{eligibility_name(e, lang)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        {(!rounds.is_empty()).then(|| view! {
                            <div class="field">
                                <label for="round">{t!(i18n, entry.round)}</label>
                                <select id="round" name="round">
                                    <option value="">{t!(i18n, entry.any_round)}</option>
                                    {rounds.iter().map(|r| {
                                        let n = r.position.to_string();
                                        view! {
                                            <option value=n.clone() selected=chosen(&f.round, &n)>
                                                {format!("{} · {}", td_string!(Locale::from(lang), round.numbered, n = r.position), r.name(lang))}
                                            </option>
                                        }
                                    }).collect_view()}
                                    <option value="none" selected=chosen(&f.round, "none")>{t!(i18n, entry.no_round)}</option>
                                </select>
                            </div>
                        })}
                        {(!categories.is_empty()).then(|| view! {
                            <div class="field">
                                <label for="category">{t!(i18n, entry.category)}</label>
                                <select id="category" name="category">
                                    <option value="">{t!(i18n, entry.any)}</option>
                                    {categories.iter().map(|k| view! {
                                        <option value=k.code.clone() selected=chosen(&f.category, &k.code)>{format!("{} · {}", k.code, k.name(lang))}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                        })}
                        <div class="field">
                            <label for="sort">{t!(i18n, entry.sort)}</label>
                            <select id="sort" name="sort">
                                <option value="code" selected=sort == EntrySort::Code>{t!(i18n, entry.sort_code)}</option>
                                <option value="title" selected=sort == EntrySort::Title>{t!(i18n, entry.sort_title)}</option>
                                <option value="updated" selected=sort == EntrySort::Updated>{t!(i18n, entry.sort_updated)}</option>
                            </select>
                        </div>
                        <button type="submit" class="button">{t!(i18n, entry.show)}</button>
                    </form>
                    <p class="meta" role="status">{t!(i18n, entry.count, count = total)}
                        " · "<a href=format!("/contests/{}/entries.csv{}", c.code, if keep.is_empty() { String::new() } else { format!("?{keep}") })
                            download="">{t!(i18n, entry.download_csv)}</a>
                        " · "<a href=format!("/contests/{}/import", c.code)>{t!(i18n, import.link)}</a></p>
                    {if list.items.is_empty() {
                        view! { <p class="empty">{t!(i18n, entry.none)}</p> }.into_any()
                    } else {
                        view! { <EntryTable rows=list.items/> }.into_any()
                    }}
                    <Pager base=base page=page has_next=has_next query=keep/>
                }
                .into_any()
            })}
        </Suspense>
    }
}

#[component]
fn EntryTable(rows: Vec<EntryRow>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <table class="entries">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, entry.code)}</th>
                    <th scope="col">{t!(i18n, entry.title)}</th>
                    <th scope="col">{t!(i18n, entry.category)}</th>
                    <th scope="col">{t!(i18n, entry.lead)}</th>
                    <th scope="col">{t!(i18n, entry.status)}</th>
                    <th scope="col">{t!(i18n, eligibility.column)}</th>
                    <th scope="col">{t!(i18n, entry.round)}</th>
                    <th scope="col">{t!(i18n, entry.updated)}</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let href = format!("/entries/{}", r.code);
                    let (code_label, title_label, category_label, lead_label, status_label, updated_label) = (
                        field_label("code", lang), field_label("title", lang), field_label("category", lang),
                        td_string!(Locale::from(lang), entry.lead).to_string(),
                        td_string!(Locale::from(lang), entry.status).to_string(),
                        td_string!(Locale::from(lang), entry.updated).to_string(),
                    );
                    let eligibility_label = td_string!(Locale::from(lang), eligibility.column).to_string();
                    let round_label = td_string!(Locale::from(lang), entry.round).to_string();
                    view! {
                        <tr>
                            <td data-label=code_label class="code"><a href=href>{r.code.clone()}</a></td>
                            <td data-label=title_label>{r.title.clone()}</td>
                            <td data-label=category_label>{r.category.clone().unwrap_or_default()}</td>
                            <td data-label=lead_label>{r.lead_name.clone()}</td>
                            <td data-label=status_label><StatusBadge status=r.status/></td>
                            <td data-label=eligibility_label><EligibilityBadge eligibility=r.eligibility/></td>
                            <td data-label=round_label.clone()>{(r.round > 0).then(|| r.round.to_string())}</td>
                            <td data-label=updated_label>{format::date_time(r.updated, lang)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The team rows of the entry form: each member listed, then two blank rows (more after a
/// save), up to `MEMBERS_MAX`. Named `entry[members][i][field]`.
#[component]
fn TeamFields(
    stored: Vec<crate::model::MemberFields>,
    flash: Option<crate::api::forms::Flash>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    use crate::model::limits::{EMAIL_MAX, MEMBERS_MAX, PERSON_NAME_MAX, TITLE_MAX};
    let i18n = use_i18n();
    let lang = use_lang();
    let rows = (stored.len() + 2).min(MEMBERS_MAX);
    let value = move |i: usize, field: &str, now: Option<&String>| match &flash {
        Some(_) => typed(&flash, &format!("entry[members][{i}][{field}]")),
        None => now.cloned().unwrap_or_default(),
    };
    view! {
        <fieldset class="team">
            <legend>{t!(i18n, entry.team)}</legend>
            <p class="hint">{t!(i18n, entry.team_hint)}</p>
            {(0..rows).map(|i| {
                let m = stored.get(i);
                let id = move |f: &str| format!("member_{i}_{f}");
                let name = move |f: &str| format!("entry[members][{i}][{f}]");
                let path = move |f: &str| format!("members[{i}].{f}");
                let heading = td_string!(Locale::from(lang), entry.member_n, n = i + 1).to_string();
                view! {
                    <div class="member" role="group" aria-label=heading.clone()>
                        <p class="meta">{heading.clone()}</p>
                        <label for=id("name")>{t!(i18n, entry.member_name)}</label>
                        <input id=id("name") name=name("name") maxlength=PERSON_NAME_MAX autocomplete="off"
                            value=value(i, "name", m.map(|m| &m.name)) aria-invalid=invalid(error, path("name"))/>
                        <FieldNote error=error field=path("name")/>
                        <label for=id("email")>{t!(i18n, entry.member_email)}</label>
                        <input id=id("email") name=name("email") type="email" maxlength=EMAIL_MAX autocomplete="off"
                            value=value(i, "email", m.map(|m| &m.email)) aria-invalid=invalid(error, path("email"))/>
                        <FieldNote error=error field=path("email")/>
                        <label for=id("organisation")>{t!(i18n, entry.member_organisation)}</label>
                        <input id=id("organisation") name=name("organisation") maxlength=TITLE_MAX
                            value=value(i, "organisation", m.map(|m| &m.organisation))/>
                        <label for=id("role")>{t!(i18n, entry.member_role)}</label>
                        <input id=id("role") name=name("role") maxlength=TITLE_MAX
                            value=value(i, "role", m.map(|m| &m.role))/>
                    </div>
                }
            }).collect_view()}
            <FieldNote error=error field="members"/>
        </fieldset>
    }
}
