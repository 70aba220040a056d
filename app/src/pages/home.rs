//! The public list of contests.

use crate::api::contests::list_contests;
use crate::app::Auth;
use crate::components::PageTitle;
use crate::components::pager::Pager;
use crate::components::use_lang;
use crate::format;
use crate::i18n::*;
use crate::pages::errors::ErrorView;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = move || query.read().get("page").and_then(|p| p.parse::<u64>().ok());
    let contests = Resource::new(page, list_contests);
    let auth = expect_context::<Auth>();

    view! {
        <PageTitle text=|l| td_string!(l, home.title).to_string()/>
        <h1>{t!(i18n, home.title)}</h1>
        <p class="lead">{t!(i18n, home.intro)}</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let me = auth.me.await.ok().flatten();
                me.map(|me| {
                    let name = me.user.name.clone();
                    view! { <p class="notice">{t!(i18n, home.signed_in_as, name = name.clone())}</p> }
                })
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match contests.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(list) if list.items.is_empty() => {
                        view! { <p class="empty">{t!(i18n, home.empty)}</p> }.into_any()
                    }
                    Ok(list) => {
                        let lang = use_lang();
                        let has_next = list.has_next();
                        let page = list.page;
                        view! {
                            <ul class="cards">
                                {list.items.into_iter().map(|c| {
                                    let href = format!("/contests/{}", c.code);
                                    let created = format::date(c.created, lang);
                                    view! {
                                        <li class="card">
                                            <h2><a href=href>{c.name(lang).to_owned()}</a></h2>
                                            <p class="meta">
                                                <span class="code">{c.code.clone()}</span>" · "
                                                {t!(i18n, contest.created, date = created.clone())}
                                            </p>
                                            <p>{c.description(lang).to_owned()}</p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <Pager base="/contests" page=page has_next=has_next/>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
