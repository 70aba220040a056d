//! A contest's people, for its committee: members with their roles, open invitations, and the
//! form to invite someone (the committee's own screen; administrators also invite from
//! `/admin`).

use crate::api::contests::{Invite, list_members};
use crate::components::form::{FormError, action_error, flash_for, invalid, successes, typed};
use crate::components::use_lang;
use crate::format;
use crate::i18n::*;
use crate::model::Role;
use crate::model::limits::EMAIL_MAX;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

/// The members and open invitations, read again after each invitation sent in place.
#[component]
pub fn ContestMembers(code: String, invite: ServerAction<Invite>) -> impl IntoView {
    let i18n = use_i18n();
    let sent = successes(invite);
    let members = Resource::new(move || sent.get(), move |_| list_members(code.clone()));
    view! {
        <section aria-labelledby="members">
            <h2 id="members">{t!(i18n, contest.members)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let lang = use_lang();
                    let people = members.await.unwrap_or_default();
                    if people.is_empty() {
                        return view! { <p class="empty">{t!(i18n, contest.no_members)}</p> }.into_any();
                    }
                    view! {
                        <div class="table-wrap">
                            <table class="members">
                                <thead><tr>
                                    <th scope="col">{t!(i18n, form.name)}</th>
                                    <th scope="col">{t!(i18n, form.email)}</th>
                                    <th scope="col">{t!(i18n, admin.invite_role)}</th>
                                    <th scope="col">{t!(i18n, contest.categories)}</th>
                                </tr></thead>
                                <tbody>
                                    {people.into_iter().map(|m| {
                                        let name = match (m.name, m.pending_until) {
                                            (Some(name), _) => name,
                                            (None, Some(until)) => t_string!(i18n, contest.member_pending, date = format::date(until, lang)).to_string(),
                                            (None, None) => String::new(),
                                        };
                                        view! {
                                            <tr>
                                                <td data-label=t_string!(i18n, form.name)>{name}</td>
                                                <td data-label=t_string!(i18n, form.email)>{m.email}</td>
                                                <td data-label=t_string!(i18n, admin.invite_role)>{crate::i18n::role_name(m.role, lang)}</td>
                                                <td data-label=t_string!(i18n, contest.categories)>{m.categories.join(", ")}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

/// The committee's invitation form; the browser comes back to the contest page.
#[component]
pub fn InviteForm(
    contest_id: Uuid,
    code: String,
    /// The codes of the contest's categories, named in the form's hint.
    category_codes: Vec<String>,
    invite: ServerAction<Invite>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let invited = move || query.read().get("invited").is_some();
    let back = format!("/contests/{code}");
    let hint_codes = if category_codes.is_empty() {
        "—".to_owned()
    } else {
        category_codes.join(", ")
    };
    view! {
        <section aria-labelledby="invite">
            <h2 id="invite">{t!(i18n, admin.invite)}</h2>
            <Show when=invited><p class="notice" role="status">{t!(i18n, admin.invited)}</p></Show>
            <Suspense fallback=|| ()>
                {move || {
                    let back = back.clone();
                    let hint_codes = hint_codes.clone();
                    Suspend::new(async move {
                        let flash = flash_for::<Invite>().await;
                        let error = action_error(invite, flash.clone());
                        view! {
                            <ActionForm action=invite attr:class="stack" attr:novalidate=true>
                                <FormError error=error/>
                                <input type="hidden" name="contest_id" value=contest_id.to_string()/>
                                <input type="hidden" name="next" value=back/>
                                <InviteFields flash=flash error=error
                                    hint=t_string!(i18n, contest.categories_hint, codes = hint_codes.clone()).to_string()/>
                                <button type="submit" class="button">{t!(i18n, admin.invite_send)}</button>
                            </ActionForm>
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The fields of an invitation, shared by the committee's form and the administrators' one:
/// email, role, and the categories of a sub-committee member (`hint` names them).
#[component]
pub fn InviteFields(
    flash: Option<crate::api::forms::Flash>,
    error: Signal<Option<crate::error::AppError>>,
    hint: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <label for="invite_email">{t!(i18n, form.email)}</label>
        <input id="invite_email" name="email" type="email" required maxlength=EMAIL_MAX
            value=typed(&flash, "email") aria-invalid=invalid(error, "email")/>
        <label for="invite_role">{t!(i18n, admin.invite_role)}</label>
        <select id="invite_role" name="role" aria-invalid=invalid(error, "role")>
            {Role::ALL.into_iter().map(|r| view! {
                <option value=r.code() selected=typed(&flash, "role") == r.code()>
                    {crate::i18n::role_name(r, lang)}
                </option>
            }).collect_view()}
        </select>
        <label for="invite_categories">{t!(i18n, admin.invite_categories)}</label>
        <input id="invite_categories" name="categories" value=typed(&flash, "categories")
            aria-describedby="invite-categories-hint" aria-invalid=invalid(error, "categories")/>
        <p id="invite-categories-hint" class="hint">{hint}</p>
    }
}
