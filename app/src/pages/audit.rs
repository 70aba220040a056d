//! The audit log: administrators read every record (`/admin/audit`), a contest's committee its
//! contest's (`/contests/:code/audit`). Filters are a plain GET form, so links to a filtered
//! view can be shared and the page works without JavaScript.

use crate::api::audit::list_audit;
use crate::components::PageTitle;
use crate::components::pager::Pager;
use crate::components::use_lang;
use crate::format;
use crate::i18n::*;
use crate::model::AuditFilter;
use crate::pages::errors::ErrorView;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

const FILTERS: [&str; 5] = ["object", "actor", "kind", "from", "to"];

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let params = use_params_map();
    let contest = move || params.read().get("code");
    let filter = move || {
        let q = query.read();
        let get = |k: &str| q.get(k).filter(|v| !v.trim().is_empty());
        AuditFilter {
            contest: contest(),
            object: get("object"),
            actor: get("actor"),
            kind: get("kind"),
            from: get("from"),
            to: get("to"),
        }
    };
    let page = move || query.read().get("page").and_then(|p| p.parse::<u64>().ok());
    let records = Resource::new(move || (filter(), page()), |(f, p)| list_audit(f, p));

    view! {
        <PageTitle text=|l| td_string!(l, audit.title).to_string()/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let records = match records.await {
                    Ok(r) => r,
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                };
                let lang = use_lang();
                let f = filter();
                let base = match &f.contest {
                    Some(code) => format!("/contests/{code}/audit"),
                    None => "/admin/audit".to_owned(),
                };
                let kept: String = {
                    let q = query.read();
                    FILTERS
                        .iter()
                        .filter_map(|k| q.get(k).filter(|v| !v.is_empty()).map(|v| format!("{k}={}", crate::format::urlencode(&v))))
                        .collect::<Vec<_>>()
                        .join("&")
                };
                let field = |name: &'static str, value: Option<String>, label: String, kind: &'static str| view! {
                    <div class="field">
                        <label for=format!("audit-{name}")>{label}</label>
                        <input id=format!("audit-{name}") name=name type=kind value=value.unwrap_or_default()/>
                    </div>
                };
                view! {
                    <h1>{t!(i18n, audit.title)}</h1>
                    {f.contest.clone().map(|c| view! { <p class="crumbs"><a href=format!("/contests/{c}")>{c.clone()}</a></p> })}
                    <p>{t!(i18n, audit.intro)}</p>
                    {f.contest.clone().map(|c| view! {
                        <p><a href=format!("/contests/{c}/audit.csv") download="">{t!(i18n, audit.download)}</a></p>
                    })}
                    <form method="get" action=base.clone() class="filters" role="search">
                        {field("object", f.object.clone(), t_string!(i18n, audit.object).to_string(), "text")}
                        {field("actor", f.actor.clone(), t_string!(i18n, audit.actor).to_string(), "email")}
                        {field("kind", f.kind.clone(), t_string!(i18n, audit.kind).to_string(), "text")}
                        {field("from", f.from.clone(), t_string!(i18n, audit.from).to_string(), "date")}
                        {field("to", f.to.clone(), t_string!(i18n, audit.to).to_string(), "date")}
                        <button type="submit" class="button">{t!(i18n, audit.apply)}</button>
                    </form>
                    {records.items.is_empty().then(|| view! { <p class="empty">{t!(i18n, audit.empty)}</p> })}
                    <div class="table-wrap">
                        <table class="audit">
                            <thead><tr>
                                <th scope="col">{t!(i18n, audit.when)}</th>
                                <th scope="col">{t!(i18n, audit.actor)}</th>
                                <th scope="col">{t!(i18n, audit.kind)}</th>
                                <th scope="col">{t!(i18n, audit.object)}</th>
                                <th scope="col">{t!(i18n, audit.changes)}</th>
                            </tr></thead>
                            <tbody>
                                {records.items.iter().map(|r| view! {
                                    <tr>
                                        <td data-label=t_string!(i18n, audit.when)>{format::date_time(r.at, lang)}</td>
                                        <td data-label=t_string!(i18n, audit.actor)>{r.actor.clone()}</td>
                                        <td data-label=t_string!(i18n, audit.kind)><code>{r.kind.clone()}</code>
                                            {r.contest.clone().map(|c| view! { <br/><span class="meta">{c}</span> })}</td>
                                        <td data-label=t_string!(i18n, audit.object)>{r.object_kind.clone()}<br/><code class="meta">{r.object_id.clone()}</code></td>
                                        <td data-label=t_string!(i18n, audit.changes)>
                                            {r.reason.clone().map(|why| view! { <p>{why}</p> })}
                                            <ul class="changes">
                                                {r.changes.iter().map(|(k, before, after)| view! {
                                                    <li><code>{k.clone()}</code>": "
                                                        {before.clone().unwrap_or_else(|| "—".into())}" → "
                                                        {after.clone().unwrap_or_else(|| "—".into())}</li>
                                                }).collect_view()}
                                            </ul>
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <Pager base=base page=records.page has_next=records.has_next() query=kept/>
                }
                .into_any()
            })}
        </Suspense>
    }
}
