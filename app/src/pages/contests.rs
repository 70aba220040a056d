//! A contest's public page.

use crate::api::contests::{ContestRole, get_contest};
use crate::app::Auth;
use crate::components::use_lang;
use crate::format;
use crate::i18n::*;
use crate::pages::errors::ErrorView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ContestPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let contest = Resource::new(code, get_contest);
    let auth = expect_context::<Auth>();

    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let me = auth.me.await.ok().flatten();
                match contest.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(c) => {
                        let lang = use_lang();
                        let name = c.name(lang).to_owned();
                        let title = name.clone();
                        let created = format::date(c.created, lang);
                        let roles: Vec<ContestRole> = me
                            .map(|me| me.roles.into_iter().filter(|r| r.contest.id == c.id).map(|r| r.role).collect())
                            .unwrap_or_default();
                        view! {
                            <Title text=title/>
                            <p class="crumbs"><a href="/contests">{t!(i18n, contest.back)}</a></p>
                            <article class="contest">
                                <h1>{name}</h1>
                                <dl class="facts">
                                    <dt>{t!(i18n, contest.code)}</dt><dd class="code">{c.code.clone()}</dd>
                                    <dt>{t!(i18n, contest.time_zone)}</dt><dd>{c.time_zone.clone()}</dd>
                                </dl>
                                <p class="meta">{t!(i18n, contest.created, date = created.clone())}</p>
                                {roles.into_iter().map(|r| match r {
                                    ContestRole::Committee => view! { <p class="notice">{t!(i18n, contest.your_role_committee)}</p> }.into_any(),
                                    ContestRole::Judge => view! { <p class="notice">{t!(i18n, contest.your_role_judge)}</p> }.into_any(),
                                }).collect_view()}
                                <div class="description">{c.description(lang).to_owned()}</div>
                            </article>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
