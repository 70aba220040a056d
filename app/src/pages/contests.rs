//! A contest's public page: its facts, its categories, and for its committee the forms to set
//! it up and a link to its audit log.

use crate::api::contests::{
    AddCategory, ContestSettings, Invite, UpdateContest, get_contest, list_categories,
};
use crate::api::entries::StartEntry;
use crate::app::Auth;
use crate::components::contest_fields::ContestFields;
use crate::components::form::{FormError, action_error, flash_for, invalid, successes, typed};
use crate::components::use_lang;
use crate::format;
use crate::i18n::*;
use crate::model::Role;
use crate::model::limits::ATTACHMENT_MB_MAX;
use crate::model::limits::{CODE_MAX, CODE_MIN, TITLE_MAX};
use crate::model::{AttachmentKind, ContestSummary, Window};
use crate::pages::errors::ErrorView;
use crate::pages::members::{ContestMembers, InviteForm};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ContestPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let save = ServerAction::<UpdateContest>::new();
    // Read again after the details are saved in place (with JavaScript).
    let saved = successes(save);
    let set_rules = ServerAction::<crate::api::contests::SetEligibility>::new();
    let ruled = successes(set_rules);
    let contest = Resource::new(
        move || (code(), saved.get(), ruled.get()),
        |(code, _, _)| get_contest(code),
    );
    let add = ServerAction::<AddCategory>::new();
    let invite = ServerAction::<Invite>::new();
    // Read again after each category added in place (with JavaScript).
    let added_count = successes(add);
    let change = ServerAction::<crate::api::contests::ChangeCategory>::new();
    let changed_count = successes(change);
    let categories = Resource::new(
        move || (code(), added_count.get(), changed_count.get()),
        |(code, _, _)| list_categories(code),
    );
    let added = move || query.read().get("category").is_some();
    let rounds = Resource::new(code, crate::api::rounds::list_rounds);
    let auth = expect_context::<Auth>();

    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let me = auth.me.await.ok().flatten();
                let c = match contest.await {
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                    Ok(c) => c,
                };
                let categories = categories.await.unwrap_or_default();
                // The prizes of the last round that names any (the final).
                let rounds = rounds.await.unwrap_or_default();
                let prizes = rounds
                    .iter()
                    .rev()
                    .filter_map(|r| r.preview.clone())
                    .find(|p| !p.prizes.is_empty());
                let lang = use_lang();
                let name = c.name(lang).to_owned();
                let audit_href = format!("/contests/{}/audit", c.code);
                let contest_code = c.code.clone();
                let created = format::date(c.created, lang);
                let mine: Vec<_> = me
                    .as_ref()
                    .map(|me| me.roles.iter().filter(|r| r.contest.id == c.id).cloned().collect())
                    .unwrap_or_default();
                // What the page offers; the server decides again on every request.
                let manages = me.as_ref().is_some_and(|me| me.user.is_admin)
                    || mine.iter().any(|r| r.role == Role::Committee);
                let lists_entries = manages || mine.iter().any(|r| r.role == Role::SubCommittee);
                let signed_in = me.is_some();
                let entries_href = format!("/contests/{}/entries", c.code);
                let add_flash = flash_for::<AddCategory>().await;
                let start_flash = flash_for::<StartEntry>().await;
                let add_error = action_error(add, add_flash.clone());
                let change_flash = flash_for::<crate::api::contests::ChangeCategory>().await;
                let change_error = action_error(change, change_flash.clone());
                view! {
                    <Title text=name.clone()/>
                    <p class="crumbs"><a href="/contests">{t!(i18n, contest.back)}</a></p>
                    <article class="contest">
                        <h1>{name}</h1>
                        <dl class="facts">
                            <dt>{t!(i18n, contest.code)}</dt><dd class="code">{c.code.clone()}</dd>
                            <dt>{t!(i18n, contest.time_zone)}</dt><dd>{c.time_zone.clone()}</dd>
                        </dl>
                        <p class="meta">{t!(i18n, contest.created, date = created.clone())}</p>
                        {mine.into_iter().map(|r| {
                            let role = crate::i18n::role_name(r.role, lang);
                            let scope = r.categories.iter().map(|k| k.name(lang).to_owned()).collect::<Vec<_>>().join(", ");
                            view! {
                                <p class="notice">
                                    {t!(i18n, contest.your_role, role = role)}
                                    {(!scope.is_empty()).then(|| view! { " (" {scope} ")" })}
                                </p>
                            }
                        }).collect_view()}
                        // Rendered from Markdown on the server, where nothing that could run is kept.
                        <div class="description prose" inner_html=c.description_html(lang).to_owned()></div>
                        <p>
                            <a href=format!("/contests/{}/rounds", c.code)>{t!(i18n, contest.rounds_link)}</a>
                            " · "
                            <a href=format!("/contests/{}/results", c.code)>{t!(i18n, contest.results_link)}</a>
                        </p>
                        <crate::pages::rules_panel::RulesPanel code=c.code.clone() manages=manages/>
                        <Submissions contest=c.clone() rounds=rounds.clone() signed_in=signed_in flash=start_flash/>
                        <crate::pages::eligibility::ContestEligibility code=c.code.clone()
                            rules=c.eligibility.clone() manages=manages set=set_rules/>
                        {prizes.map(|p| view! {
                            <section aria-labelledby="prizes" class="prizes">
                                <crate::pages::rounds::PrizeList prizes=p.prizes per_category=p.prizes_per_category/>
                            </section>
                        })}
                        <crate::pages::form_fields::FormPreview form=c.form.clone()/>
                        {lists_entries.then(|| view! {
                            <p><a class="button secondary" href=entries_href.clone()>{t!(i18n, contest.entries_link)}</a></p>
                        })}
                        {manages.then(|| view! {
                            <p><a href=format!("/contests/{}/form", c.code)>{t!(i18n, form_fields.edit_link)}</a></p>
                            <p>
                                <a href=format!("/contests/{}/judges", c.code)>{t!(i18n, judging.jury_link)}</a>
                                " · "
                                <a href=format!("/contests/{}/conflicts", c.code)>{t!(i18n, judging.conflicts_link)}</a>
                                " · "
                                <a href=format!("/contests/{}/api", c.code)>{t!(i18n, api.link)}</a>
                            </p>
                        })}
                        <section aria-labelledby="categories">
                            <h2 id="categories">{t!(i18n, contest.categories)}</h2>
                            <FormError error=change_error/>
                            {if categories.is_empty() {
                                view! { <p class="empty">{t!(i18n, contest.no_categories)}</p> }.into_any()
                            } else {
                                let last = categories.len().saturating_sub(1);
                                view! {
                                    <ul class="categories">
                                        {categories.iter().enumerate().map(|(i, k)| view! {
                                            <li>
                                                <span class="code">{k.code.clone()}</span>" · "{k.name(lang).to_owned()}
                                                {manages.then(|| view! {
                                                    <CategoryControls contest=contest_code.clone() category=k.clone()
                                                        first={i == 0} last={i == last} change=change flash=change_flash.clone()/>
                                                })}
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                        {manages.then(|| view! {
                            <ContestMembers code=contest_code.clone() invite=invite/>
                            <div class="columns">
                            <ContestSettingsForm contest=c.clone() save=save/>
                            <div>
                            <InviteForm contest_id=c.id code=contest_code.clone() invite=invite
                                category_codes=categories.iter().map(|k| k.code.clone()).collect()/>
                            <section aria-labelledby="add-category">
                                <h2 id="add-category">{t!(i18n, contest.add_category)}</h2>
                                <Show when=added><p class="notice" role="status">{t!(i18n, contest.category_added)}</p></Show>
                                <ActionForm action=add attr:class="stack" attr:novalidate=true>
                                    <FormError error=add_error/>
                                    <input type="hidden" name="code" value=contest_code.clone()/>
                                    <label for="category_code">{t!(i18n, contest.code)}</label>
                                    <input id="category_code" name="category[code]" required minlength=CODE_MIN maxlength=CODE_MAX
                                        value=typed(&add_flash, "category[code]") aria-invalid=invalid(add_error, "code")/>
                                    <label for="category_name_vi">{t!(i18n, admin.name_vi)}</label>
                                    <input id="category_name_vi" name="category[name_vi]" lang="vi" required maxlength=TITLE_MAX
                                        value=typed(&add_flash, "category[name_vi]") aria-invalid=invalid(add_error, "name_vi")/>
                                    <label for="category_name_en">{t!(i18n, admin.name_en)}</label>
                                    <input id="category_name_en" name="category[name_en]" lang="en" required maxlength=TITLE_MAX
                                        value=typed(&add_flash, "category[name_en]") aria-invalid=invalid(add_error, "name_en")/>
                                    <button type="submit" class="button">{t!(i18n, contest.add_category)}</button>
                                </ActionForm>
                            </section>
                            </div>
                            </div>
                            <p><a href=audit_href.clone()>{t!(i18n, contest.audit_link)}</a></p>
                        })}
                    </article>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// A category's controls for the committee: up, down, rename, remove. Each is a small form
/// that works without JavaScript.
#[component]
fn CategoryControls(
    contest: String,
    category: crate::model::Category,
    first: bool,
    last: bool,
    change: ServerAction<crate::api::contests::ChangeCategory>,
    /// A refused plain post: a rename of this category comes back open, as typed.
    flash: Option<crate::api::forms::Flash>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let l = Locale::from(lang);
    let code = category.code.clone();
    let renamed = flash.filter(|f| {
        f.field("category") == Some(code.as_str()) && f.field("action") == Some("rename")
    });
    let refused = renamed.is_some();
    let (name_vi, name_en) = match &renamed {
        Some(_) => (typed(&renamed, "name_vi"), typed(&renamed, "name_en")),
        None => (category.name_vi.clone(), category.name_en.clone()),
    };
    let button = |action: &'static str, label: String, text: String, class: &'static str| {
        let (contest, code) = (contest.clone(), code.clone());
        view! {
            <ActionForm action=change attr:class="inline">
                <input type="hidden" name="code" value=contest/>
                <input type="hidden" name="category" value=code/>
                <input type="hidden" name="action" value=action/>
                <button type="submit" class=class aria-label=label>{text}</button>
            </ActionForm>
        }
    };
    let up = td_string!(l, contest.move_up_label, code = code.clone()).to_string();
    let down = td_string!(l, contest.move_down_label, code = code.clone()).to_string();
    let remove = td_string!(l, contest.remove_category_label, code = code.clone()).to_string();
    view! {
        <span class="category-controls">
            {(!first).then(|| button("up", up.clone(), td_string!(l, contest.move_up).to_string(), "link"))}
            {(!last).then(|| button("down", down.clone(), td_string!(l, contest.move_down).to_string(), "link"))}
            {button("remove", remove.clone(), td_string!(l, contest.remove_category).to_string(), "link danger")}
            <details class="inline-edit" open=refused>
                <summary>{t!(i18n, contest.rename_category)}</summary>
                <ActionForm action=change attr:class="stack">
                    <input type="hidden" name="code" value=contest.clone()/>
                    <input type="hidden" name="category" value=code.clone()/>
                    <input type="hidden" name="action" value="rename"/>
                    <label for=format!("rename_{code}_vi")>{t!(i18n, admin.name_vi)}</label>
                    <input id=format!("rename_{code}_vi") name="name_vi" lang="vi" maxlength=TITLE_MAX value=name_vi/>
                    <label for=format!("rename_{code}_en")>{t!(i18n, admin.name_en)}</label>
                    <input id=format!("rename_{code}_en") name="name_en" lang="en" maxlength=TITLE_MAX value=name_en/>
                    <button type="submit" class="button secondary">{t!(i18n, form.save)}</button>
                </ActionForm>
            </details>
        </span>
    }
}

/// The contest's names, descriptions and time zone, for its committee to change.
#[component]
fn ContestSettingsForm(
    contest: ContestSummary,
    save: ServerAction<UpdateContest>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let saved = move || query.read().get("saved").is_some();
    let current = ContestSettings {
        name_vi: contest.name_vi,
        name_en: contest.name_en,
        description_vi: contest.description_vi,
        description_en: contest.description_en,
        time_zone: contest.time_zone,
        submissions_open: contest
            .submissions_open
            .map(format::local_input)
            .unwrap_or_default(),
        submissions_close: contest
            .submissions_close
            .map(format::local_input)
            .unwrap_or_default(),
        registration_open: contest
            .registration_open
            .map(format::local_input)
            .unwrap_or_default(),
        results: contest.results.map(format::local_input).unwrap_or_default(),
        attachment_types: AttachmentKind::list_text(&contest.attachments.kinds),
        attachment_max_mb: contest.attachments.max_mb.to_string(),
    };
    let code = contest.code;
    view! {
        <section aria-labelledby="settings">
            <h2 id="settings">{t!(i18n, contest.settings)}</h2>
            <Show when=saved><p class="notice" role="status">{t!(i18n, contest.saved)}</p></Show>
            <Suspense fallback=|| ()>
                {move || {
                    let (code, current) = (code.clone(), current.clone());
                    Suspend::new(async move {
                        let flash = flash_for::<UpdateContest>().await;
                        let error = action_error(save, flash.clone());
                        let value = |field: &str, now: &str| match &flash {
                            Some(_) => typed(&flash, &format!("settings[{field}]")),
                            None => now.to_owned(),
                        };
                        let opens = value("submissions_open", &current.submissions_open);
                        let closes = value("submissions_close", &current.submissions_close);
                        let registration = value("registration_open", &current.registration_open);
                        let results = value("results", &current.results);
                        let types = value("attachment_types", &current.attachment_types);
                        let max_mb = value("attachment_max_mb", &current.attachment_max_mb);
                        let known = AttachmentKind::list_text(&AttachmentKind::ALL);
                        view! {
                            <ActionForm action=save attr:class="stack" attr:novalidate=true>
                                <FormError error=error/>
                                <input type="hidden" name="code" value=code/>
                                <ContestFields prefix="settings" flash=flash.clone() error=error current=current/>
                                <fieldset class="stack">
                                    <legend>{t!(i18n, contest.submissions)}</legend>
                                    <p class="hint" id="window_hint">{t!(i18n, contest.timeline_hint)}</p>
                                    <label for="settings_submissions_open">{t!(i18n, contest.opens)}</label>
                                    <input id="settings_submissions_open" name="settings[submissions_open]" type="datetime-local"
                                        value=opens aria-describedby="window_hint" aria-invalid=invalid(error, "submissions_open")/>
                                    <label for="settings_submissions_close">{t!(i18n, contest.closes)}</label>
                                    <input id="settings_submissions_close" name="settings[submissions_close]" type="datetime-local"
                                        value=closes aria-describedby="window_hint" aria-invalid=invalid(error, "submissions_close")/>
                                    <label for="settings_registration_open">{t!(i18n, contest.registration_opens)}</label>
                                    <input id="settings_registration_open" name="settings[registration_open]" type="datetime-local"
                                        value=registration aria-describedby="registration_hint" aria-invalid=invalid(error, "registration_open")/>
                                    <p class="hint" id="registration_hint">{t!(i18n, contest.registration_hint)}</p>
                                    <label for="settings_results">{t!(i18n, contest.results_on)}</label>
                                    <input id="settings_results" name="settings[results]" type="datetime-local"
                                        value=results aria-invalid=invalid(error, "results")/>
                                </fieldset>
                                <fieldset class="stack">
                                    <legend>{t!(i18n, contest.attachments)}</legend>
                                    <label for="settings_attachment_types">{t!(i18n, contest.attachment_types)}</label>
                                    <input id="settings_attachment_types" name="settings[attachment_types]" value=types
                                        aria-describedby="attachment_types_hint" aria-invalid=invalid(error, "attachment_types")/>
                                    <p class="hint" id="attachment_types_hint">{t!(i18n, contest.attachment_types_hint, known = known)}</p>
                                    <label for="settings_attachment_max_mb">{t!(i18n, contest.attachment_max_mb)}</label>
                                    <input id="settings_attachment_max_mb" name="settings[attachment_max_mb]" type="number"
                                        min="1" max=ATTACHMENT_MB_MAX step="1" inputmode="numeric" value=max_mb
                                        aria-invalid=invalid(error, "attachment_max_mb")/>
                                </fieldset>
                                <button type="submit" class="button">{t!(i18n, form.save)}</button>
                            </ActionForm>
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The contest's dates in order, each with what happens then: registration, submissions,
/// each round's judging, the results.
fn timeline(
    c: &ContestSummary,
    rounds: &[crate::model::RoundView],
    lang: crate::domain::Lang,
) -> Vec<(String, String)> {
    let l = Locale::from(lang);
    let when = |z: format::Zoned| format::date_time(z, lang);
    let mut steps: Vec<(i64, String, String)> = Vec::new();
    let mut add = |z: Option<format::Zoned>, label: String, date: Option<String>| {
        if let Some(z) = z {
            steps.push((z.utc.timestamp(), label, date.unwrap_or_else(|| when(z))));
        }
    };
    add(
        c.registration_open,
        td_string!(l, contest.registration_opens).to_string(),
        None,
    );
    add(
        c.submissions_open,
        td_string!(l, contest.timeline_opens).to_string(),
        None,
    );
    add(
        c.submissions_close,
        td_string!(l, contest.timeline_closes).to_string(),
        None,
    );
    for r in rounds {
        if let (Some(open), Some(close)) = (r.judging_open, r.judging_close) {
            let label =
                td_string!(l, contest.judging_of, round = r.name(lang).to_owned()).to_string();
            add(
                Some(open),
                label,
                Some(format!("{} – {}", when(open), when(close))),
            );
        }
    }
    add(
        c.results,
        td_string!(l, contest.results_on).to_string(),
        None,
    );
    steps.sort_by_key(|(t, _, _)| *t);
    steps
        .into_iter()
        .map(|(_, label, date)| (label, date))
        .collect()
}

/// The submission window in the contest's time zone, and the way in for founders while it is
/// open.
#[component]
fn Submissions(
    contest: ContestSummary,
    rounds: Vec<crate::model::RoundView>,
    signed_in: bool,
    flash: Option<crate::api::forms::Flash>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let start = ServerAction::<StartEntry>::new();
    let when = |z: Option<format::Zoned>| z.map(|z| format::date_time(z, lang)).unwrap_or_default();
    let (opens, closes) = (
        when(contest.submissions_open),
        when(contest.submissions_close),
    );
    let l = Locale::from(lang);
    let state = match contest.window {
        Window::NotSet => td_string!(l, contest.window_not_set).to_string(),
        Window::NotYet => td_string!(l, contest.window_not_yet, date = opens.clone()).to_string(),
        Window::Open if contest.drafts_only => {
            td_string!(l, contest.window_registration, date = opens.clone()).to_string()
        }
        Window::Open => td_string!(l, contest.window_open, date = closes.clone()).to_string(),
        Window::Closed => td_string!(l, contest.window_closed, date = closes.clone()).to_string(),
    };
    let set = contest.window != Window::NotSet;
    let open = contest.window == Window::Open;
    let code = contest.code.clone();
    let next = crate::format::urlencode(&format!("/contests/{code}"));
    let error = action_error(start, flash);
    view! {
        <section aria-labelledby="submissions">
            <h2 id="submissions">{t!(i18n, contest.submissions)}</h2>
            <p class="window">{state}</p>
            {contest.minutes_left.map(|m| {
                let (days, hours, minutes) = crate::model::split_minutes(m);
                let left = td_string!(l, contest.time_left, days = days, hours = hours, minutes = minutes).to_string();
                view! { <p class="countdown"><strong>{left}</strong></p> }
            })}
            {set.then(|| view! {
                <h3>{t!(i18n, contest.timeline)}</h3>
                <ol class="timeline">
                    {timeline(&contest, &rounds, lang).into_iter().map(|(label, date)| view! {
                        <li><span class="when">{date}</span>" "<span class="what">{label}</span></li>
                    }).collect_view()}
                </ol>
                <dl class="facts">
                    <dt>{t!(i18n, contest.attachments)}</dt>
                    <dd>{t!(i18n, contest.attachments_rule, kinds = AttachmentKind::list_text(&contest.attachments.kinds), max = contest.attachments.max_mb, count = contest.attachments.max_count)}</dd>
                </dl>
                <p class="meta">{t!(i18n, contest.in_zone, tz = contest.time_zone.clone())}</p>
            })}
            {(open && signed_in).then(|| view! {
                <ActionForm action=start>
                    <FormError error=error/>
                    <input type="hidden" name="contest" value=code.clone()/>
                    <button type="submit" class="button">{t!(i18n, contest.enter)}</button>
                </ActionForm>
            })}
            {(open && !signed_in).then(|| view! {
                <p><a class="button" href=format!("/signin?next={next}")>{t!(i18n, contest.enter_sign_in)}</a></p>
            })}
        </section>
    }
}
