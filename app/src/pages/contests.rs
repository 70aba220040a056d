//! A contest's public page: its facts, its categories, and for its committee the forms to set
//! it up and a link to its audit log.

use crate::api::contests::{
    AddCategory, ContestSettings, Invite, UpdateContest, get_contest, list_categories,
};
use crate::app::Auth;
use crate::components::contest_fields::ContestFields;
use crate::components::form::{FormError, action_error, flash_for, invalid, typed};
use crate::components::use_lang;
use crate::format;
use crate::i18n::*;
use crate::model::ContestSummary;
use crate::model::Role;
use crate::model::limits::{CODE_MAX, CODE_MIN, TITLE_MAX};
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
    let contest = Resource::new(
        move || (code(), save.version().get()),
        |(code, _)| get_contest(code),
    );
    let add = ServerAction::<AddCategory>::new();
    let invite = ServerAction::<Invite>::new();
    // Read again after each category added in place (with JavaScript).
    let categories = Resource::new(
        move || (code(), add.version().get()),
        |(code, _)| list_categories(code),
    );
    let added = move || query.read().get("category").is_some();
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
                let add_flash = flash_for::<AddCategory>().await;
                let add_error = action_error(add, add_flash.clone());
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
                        <div class="description">{c.description(lang).to_owned()}</div>
                        <section aria-labelledby="categories">
                            <h2 id="categories">{t!(i18n, contest.categories)}</h2>
                            {if categories.is_empty() {
                                view! { <p class="empty">{t!(i18n, contest.no_categories)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="categories">
                                        {categories.iter().map(|k| view! {
                                            <li><span class="code">{k.code.clone()}</span>" · "{k.name(lang).to_owned()}</li>
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
                        view! {
                            <ActionForm action=save attr:class="stack" attr:novalidate=true>
                                <FormError error=error/>
                                <input type="hidden" name="code" value=code/>
                                <ContestFields prefix="settings" flash=flash error=error current=current/>
                                <button type="submit" class="button">{t!(i18n, form.save)}</button>
                            </ActionForm>
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
