//! Administration: create contests, invite committee members and judges, list users, and
//! read the mail outbox.
use crate::model::limits::{CODE_MAX, CODE_MIN};

use crate::api::admin::{list_outbox, list_users};
use crate::api::contests::{CreateContest, Invite, list_contests};
use crate::components::PageTitle;
use crate::components::contest_fields::ContestFields;
use crate::components::form::{FormError, action_error, flash_for, invalid, typed};
use crate::components::pager::Pager;
use crate::components::use_lang;
use crate::format;
use crate::i18n::*;
use crate::pages::errors::ErrorView;
use crate::pages::members::InviteFields;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = move || query.read().get("page").and_then(|p| p.parse::<u64>().ok());
    let users = Resource::new(page, list_users);
    let contests = Resource::new(|| (), |_| list_contests(None));
    let create = ServerAction::<CreateContest>::new();
    let invite = ServerAction::<Invite>::new();
    let invited = move || query.read().get("invited").is_some();

    view! {
        <PageTitle text=|l| td_string!(l, admin.title).to_string()/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let users = match users.await {
                    Ok(u) => u,
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                };
                let contests = contests.await.map(|c| c.items).unwrap_or_default();
                let lang = use_lang();
                let create_flash = flash_for::<CreateContest>().await;
                let create_error = action_error(create, create_flash.clone());
                // Where a new contest may start: blank, a template, or a copy of one listed.
                let chosen_start = typed(&create_flash, "template");
                let l = Locale::from(lang);
                let mut start_options = vec![
                    ("blank".to_owned(), td_string!(l, admin.start_blank).to_string()),
                    ("provincial".to_owned(), td_string!(l, admin.start_provincial).to_string()),
                    ("hackathon".to_owned(), td_string!(l, admin.start_hackathon).to_string()),
                ];
                start_options.extend(contests.iter().map(|c| {
                    let label = td_string!(l, admin.start_copy, contest = c.name(lang).to_owned());
                    (format!("copy:{}", c.code), label.to_string())
                }));
                let invite_flash = flash_for::<Invite>().await;
                let invite_error = action_error(invite, invite_flash.clone());
                view! {
                    <h1>{t!(i18n, admin.title)}</h1>
                    <div class="columns">
                        <section>
                            <h2>{t!(i18n, admin.new_contest)}</h2>
                            <ActionForm action=create attr:class="stack" attr:novalidate=true>
                                <FormError error=create_error/>
                                <label for="code">{t!(i18n, contest.code)}</label>
                                <input id="code" name="contest[code]" required minlength=CODE_MIN maxlength=CODE_MAX aria-describedby="code-hint"
                                    value=typed(&create_flash, "contest[code]") aria-invalid=invalid(create_error, "code")/>
                                <p id="code-hint" class="hint">{t!(i18n, admin.code_hint)}</p>
                                <ContestFields prefix="contest" flash=create_flash.clone() error=create_error/>
                                <label for="template">{t!(i18n, admin.start_from)}</label>
                                <select id="template" name="template" aria-describedby="template-hint" aria-invalid=invalid(create_error, "template")>
                                    {start_options.into_iter().map(|(value, label)| {
                                        let selected = value == chosen_start;
                                        view! { <option value=value selected=selected>{label}</option> }
                                    }).collect_view()}
                                </select>
                                <p id="template-hint" class="hint">{t!(i18n, admin.start_hint)}</p>
                                <button type="submit" class="button">{t!(i18n, admin.create)}</button>
                            </ActionForm>
                        </section>
                        <section>
                            <h2>{t!(i18n, admin.invite)}</h2>
                            <Show when=invited><p class="notice" role="status">{t!(i18n, admin.invited)}</p></Show>
                            <ActionForm action=invite attr:class="stack" attr:novalidate=true>
                                <FormError error=invite_error/>
                                <label for="contest_id">{t!(i18n, admin.invite_contest)}</label>
                                <select id="contest_id" name="contest_id" required>
                                    {contests.iter().map(|c| view! {
                                        <option value=c.id.to_string()>{format!("{} · {}", c.code, c.name(lang))}</option>
                                    }).collect_view()}
                                </select>
                                <InviteFields flash=invite_flash.clone() error=invite_error
                                    hint=t_string!(i18n, admin.invite_categories_hint).to_string()/>
                                <button type="submit" class="button">{t!(i18n, admin.invite_send)}</button>
                            </ActionForm>
                        </section>
                    </div>
                    <section>
                        <h2>{t!(i18n, admin.users)}</h2>
                        <div class="table-wrap">
                            <table>
                                <thead><tr>
                                    <th scope="col">{t!(i18n, form.name)}</th>
                                    <th scope="col">{t!(i18n, form.email)}</th>
                                    <th scope="col">{t!(i18n, admin.status)}</th>
                                </tr></thead>
                                <tbody>
                                    {users.items.iter().map(|u| view! {
                                        <tr>
                                            <td>{u.name.clone()}</td>
                                            <td>{u.email.clone()}</td>
                                            <td>{u.is_admin.then(|| t_string!(i18n, admin.admin_badge).to_string())}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <Pager base="/admin" page=users.page has_next=users.has_next()/>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = move || query.read().get("page").and_then(|p| p.parse::<u64>().ok());
    let mails = Resource::new(page, list_outbox);

    view! {
        <PageTitle text=|l| td_string!(l, admin.outbox).to_string()/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let mails = match mails.await {
                    Ok(m) => m,
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                };
                let lang = use_lang();
                view! {
                    <h1>{t!(i18n, admin.outbox)}</h1>
                    <p>{t!(i18n, admin.outbox_intro)}</p>
                    {mails.items.is_empty().then(|| view! { <p class="empty">{t!(i18n, admin.outbox_empty)}</p> })}
                    <ol class="mails">
                        {mails.items.iter().map(|m| {
                            let when = format::date_time(m.created, lang);
                            view! {
                                <li class="mail">
                                    <p class="meta">
                                        <span>{t!(i18n, admin.to)}": "{m.recipient.clone()}</span>" · "
                                        <span>{when}</span>" · "
                                        <span class="status">{if m.sent { t_string!(i18n, admin.sent).to_string() } else { t_string!(i18n, admin.pending).to_string() }}</span>
                                    </p>
                                    <p class="subject"><strong>{m.subject.clone()}</strong></p>
                                    <pre class="body">{m.body.clone()}</pre>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    <Pager base="/admin/outbox" page=mails.page has_next=mails.has_next()/>
                }
                .into_any()
            })}
        </Suspense>
    }
}
