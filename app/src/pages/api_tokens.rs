//! A contest's API page (`/contests/:code/api`), for its full committee: the tokens a program
//! (a provincial or national startup portal) uses to read the contest's ranking and exports
//! through `/api/v1`, a form to make one, and a button to revoke each. A new token's secret is
//! shown once, with and without JavaScript.

use crate::api::api_tokens::{CreateApiToken, NewApiToken, RevokeApiToken, list_api_tokens};
use crate::components::PageTitle;
use crate::components::form::{
    FormError, action_error, flash_for, invalid, on_success, successes, typed,
};
use crate::components::use_lang;
use crate::format;
use crate::i18n::*;
use crate::model::limits::API_TOKEN_LABEL_MAX;
use crate::pages::errors::ErrorView;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ApiTokensPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let create = ServerAction::<CreateApiToken>::new();
    let revoke = ServerAction::<RevokeApiToken>::new();
    let (made, revoked) = (successes(create), successes(revoke));
    // A token made: its name is cleared, so a second click does not make another alike.
    let form = NodeRef::<leptos::html::Form>::new();
    on_success(create, move || {
        if let Some(form) = form.get_untracked() {
            form.reset();
        }
    });
    let tokens = Resource::new(
        move || (code(), made.get(), revoked.get()),
        |(code, ..)| list_api_tokens(code),
    );
    let notice = move || {
        let q = query.read();
        if q.get("revoked").is_some() {
            Some(t_string!(i18n, api.revoked_now).to_string())
        } else {
            None
        }
    };
    view! {
        <PageTitle text=|l| td_string!(l, api.title).to_string()/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let (list, just_made, public_url) = match tokens.await {
                    Ok(page) => (page.tokens, page.just_made, page.public_url),
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                };
                let lang = use_lang();
                let code = list.contest.code.clone();
                let contest_name = list.contest.name(lang).to_owned();
                let tokens = list.tokens;
                let (form_code, row_code) = (code.clone(), code.clone());
                let create_error = action_error(create, flash_for::<CreateApiToken>().await);
                let flash = flash_for::<CreateApiToken>().await;
                let revoke_error = action_error(revoke, flash_for::<RevokeApiToken>().await);
                // The secret made in place (JavaScript), or kept for this page (a plain post).
                let secret = Signal::derive(move || match create.value().get() {
                    Some(Ok(made)) => Some(made),
                    _ => just_made.clone(),
                });
                view! {
                    <p class="crumbs"><a href=format!("/contests/{code}")>{contest_name}</a></p>
                    <h1>{t!(i18n, api.title)}</h1>
                    <p>{t!(i18n, api.intro)}</p>
                    <p class="hint">
                        {t!(i18n, api.public_hint)}" "
                        <a href="/api/v1/openapi.json"><code>"/api/v1/openapi.json"</code></a>
                    </p>
                    {notice().map(|n| view! { <p class="notice" role="status">{n}</p> })}
                    {
                        let code = code.clone();
                        move || secret.get().map(|made| view! { <NewSecret made=made code=code.clone() public_url=public_url.clone()/> })
                    }
                    <section aria-labelledby="api-new">
                        <h2 id="api-new">{t!(i18n, api.new_title)}</h2>
                        <ActionForm action=create node_ref=form attr:class="stack" attr:novalidate=true>
                            <FormError error=create_error/>
                            <input type="hidden" name="code" value=form_code/>
                            <label for="api-label">{t!(i18n, api.label)}</label>
                            <input id="api-label" name="label" required maxlength=API_TOKEN_LABEL_MAX
                                value=typed(&flash, "label") aria-invalid=invalid(create_error, "label")
                                aria-describedby="api-label-hint"/>
                            <p id="api-label-hint" class="hint">{t!(i18n, api.label_hint)}</p>
                            <button type="submit" class="button">{t!(i18n, api.create)}</button>
                        </ActionForm>
                    </section>
                    <section aria-labelledby="api-tokens">
                        <h2 id="api-tokens">{t!(i18n, api.tokens_title)}</h2>
                        <FormError error=revoke_error/>
                        {if tokens.is_empty() {
                            view! { <p class="empty">{t!(i18n, api.none)}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap">
                                    <table class="api-tokens">
                                        <thead><tr>
                                            <th scope="col">{t!(i18n, api.label)}</th>
                                            <th scope="col">{t!(i18n, api.created)}</th>
                                            <th scope="col">{t!(i18n, api.last_used)}</th>
                                            <th scope="col">{t!(i18n, api.state)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {tokens.into_iter().map(|t| {
                                                let contest = row_code.clone();
                                                let id = t.id.to_string();
                                                view! {
                                                    <tr>
                                                        <td data-label=t_string!(i18n, api.label)>{t.label.clone()}</td>
                                                        <td data-label=t_string!(i18n, api.created)>
                                                            {format::date_time(t.created, lang)}<br/>
                                                            <span class="meta">{t.created_by.clone()}</span>
                                                        </td>
                                                        <td data-label=t_string!(i18n, api.last_used)>
                                                            {t.last_used.map(|at| format::date_time(at, lang)).unwrap_or_else(|| t_string!(i18n, api.never).to_string())}
                                                        </td>
                                                        <td data-label=t_string!(i18n, api.state)>
                                                            {match t.revoked {
                                                                Some(at) => view! {
                                                                    <span>{t!(i18n, api.revoked_at, at = format::date_time(at, lang))}</span>
                                                                }.into_any(),
                                                                None => view! {
                                                                    <ActionForm action=revoke attr:class="inline">
                                                                        <input type="hidden" name="code" value=contest/>
                                                                        <input type="hidden" name="id" value=id/>
                                                                        <button type="submit" class="button secondary">
                                                                            {t!(i18n, api.revoke)}
                                                                            <span class="visually-hidden">" "{t.label.clone()}</span>
                                                                        </button>
                                                                    </ActionForm>
                                                                }.into_any(),
                                                            }}
                                                        </td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// A token just made: its secret, this once, and how a program sends it.
#[component]
fn NewSecret(made: NewApiToken, code: String, public_url: String) -> impl IntoView {
    let i18n = use_i18n();
    let example = format!(
        "curl -H \"Authorization: Bearer {}\" {public_url}/api/v1/contests/{code}/rounds/1/ranking",
        made.secret
    );
    view! {
        <section class="card secret" role="status" aria-labelledby="api-secret">
            <h2 id="api-secret">{t!(i18n, api.secret_title, label = made.token.label.clone())}</h2>
            <p>{t!(i18n, api.secret_once)}</p>
            <p><code class="secret" id="api-secret-value">{made.secret.clone()}</code></p>
            <p class="hint">{t!(i18n, api.secret_example)}</p>
            <pre class="example"><code>{example}</code></pre>
        </section>
    }
}
