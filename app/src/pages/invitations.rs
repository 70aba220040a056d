//! The page an invitation link opens: accept as the signed-in user, or create the account.

use crate::api::contests::{AcceptInvitation, AcceptInvitationNew, get_invitation};
use crate::app::Auth;
use crate::components::PageTitle;
use crate::components::form::{
    FormError, NewPasswordField, action_error, flash_for, invalid, typed,
};
use crate::components::use_lang;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn InvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let invitation = Resource::new(token, get_invitation);
    let auth = expect_context::<Auth>();
    let accept = ServerAction::<AcceptInvitation>::new();
    let accept_new = ServerAction::<AcceptInvitationNew>::new();
    Effect::new(move |_| {
        if matches!(accept.value().get(), Some(Ok(())))
            || matches!(accept_new.value().get(), Some(Ok(())))
        {
            auth.changed();
        }
    });

    view! {
        <PageTitle text=|l| td_string!(l, invite.title).to_string()/>
        <section class="narrow">
            <h1>{t!(i18n, invite.title)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let inv = match invitation.await {
                        Ok(inv) => inv,
                        Err(e) => return view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                    };
                    let me = auth.me.await.ok().flatten();
                    let lang = use_lang();
                    let contest = inv.contest.name(lang).to_owned();
                    let role = crate::i18n::role_name(inv.role, lang);
                    let intro = view! { <p>{t!(i18n, invite.intro, contest = contest.clone(), role = role.clone())}</p> };
                    let tok = token();
                    if let Some(_me) = me {
                        let flash = flash_for::<AcceptInvitation>().await;
                        let error = action_error(accept, flash);
                        view! {
                            {intro}
                            <ActionForm action=accept attr:class="stack">
                                <FormError error=error/>
                                <input type="hidden" name="token" value=tok/>
                                <button type="submit" class="button">{t!(i18n, form.submit_accept)}</button>
                            </ActionForm>
                        }.into_any()
                    } else if inv.account_exists {
                        view! {
                            {intro}
                            <p>{t!(i18n, invite.existing)}</p>
                            <p><a class="button" href=format!("/signin?next={}", crate::format::urlencode(&format!("/invite?token={tok}")))>{t!(i18n, nav.sign_in)}</a></p>
                        }.into_any()
                    } else {
                        let flash = flash_for::<AcceptInvitationNew>().await;
                        let error = action_error(accept_new, flash.clone());
                        view! {
                            {intro}
                            <p>{t!(i18n, invite.new_account)}</p>
                            <ActionForm action=accept_new attr:class="stack" attr:novalidate=true>
                                <FormError error=error/>
                                <input type="hidden" name="token" value=tok/>
                                <label for="email">{t!(i18n, form.email)}</label>
                                <input id="email" type="email" value=inv.email.clone() readonly/>
                                <label for="name">{t!(i18n, form.name)}</label>
                                <input id="name" name="name" autocomplete="name" required maxlength=crate::model::limits::PERSON_NAME_MAX
                                    value=if flash.is_some() { typed(&flash, "name") } else { inv.name.clone() }
                                    aria-invalid=invalid(error, "name")/>
                                <NewPasswordField error=error/>
                                <button type="submit" class="button">{t!(i18n, form.submit_accept)}</button>
                            </ActionForm>
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}
