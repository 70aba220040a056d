//! The site header: name, navigation by role, language switch, sign in / out.

use crate::api::accounts::{SetLanguage, SignOut};
use crate::app::Auth;
use crate::components::form::on_success;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    let auth = expect_context::<Auth>();
    let sign_out = ServerAction::<SignOut>::new();
    on_success(sign_out, move || auth.changed());

    let nav = move || {
        Suspend::new(async move {
            let me = auth.me.await.ok().flatten();
            match me {
                Some(me) => {
                    let is_admin = me.user.is_admin;
                    let has_roles = !me.roles.is_empty();
                    let judges = me.roles.iter().any(|r| r.role == crate::model::Role::Judge);
                    view! {
                        <li><a href="/entries">{t!(i18n, nav.my_entries)}</a></li>
                        {judges.then(|| view! {
                            <li><a href="/judging">{t!(i18n, nav.judging)}</a></li>
                        })}
                        {has_roles.then(|| view! {
                            <li><a href="/account#roles">{t!(i18n, nav.my_roles)}</a></li>
                        })}
                        {is_admin.then(|| view! {
                            <li><a href="/admin">{t!(i18n, nav.admin)}</a></li>
                            <li><a href="/admin/outbox">{t!(i18n, nav.outbox)}</a></li>
                            <li><a href="/admin/audit">{t!(i18n, nav.audit)}</a></li>
                        })}
                        <li><a href="/account" class="who">{me.user.name.clone()}</a></li>
                        <li>
                            <ActionForm action=sign_out attr:class="inline">
                                <button type="submit" class="link">{t!(i18n, nav.sign_out)}</button>
                            </ActionForm>
                        </li>
                    }
                    .into_any()
                }
                None => view! {
                    <li><a href="/signin">{t!(i18n, nav.sign_in)}</a></li>
                    <li><a href="/signup" class="button small">{t!(i18n, nav.sign_up)}</a></li>
                }
                .into_any(),
            }
        })
    };

    view! {
        <a class="skip" href="#main">{t!(i18n, skip_to_content)}</a>
        <header class="site-header">
            <a class="brand" href="/">{t!(i18n, app_name)}</a>
            <nav aria-label=move || t_string!(i18n, nav.label).to_string()>
                <ul>
                    <li><a href="/contests">{t!(i18n, nav.contests)}</a></li>
                    <Suspense fallback=|| ()>{nav}</Suspense>
                </ul>
            </nav>
            <LanguageSwitch/>
        </header>
    }
}

/// One small form per language: without JavaScript the server answers with the same page
/// in that language, with it the page switches in place.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="lang-switch" role="group" aria-label=move || t_string!(i18n, nav.language).to_string()>
            <LanguageButton locale=Locale::vi label="Tiếng Việt"/>
            <LanguageButton locale=Locale::en label="English"/>
        </div>
    }
}

#[component]
fn LanguageButton(locale: Locale, label: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetLanguage>::new();
    on_success(action, move || i18n.set_locale(locale));
    view! {
        <ActionForm action=action attr:class="inline">
            <input type="hidden" name="lang" value=locale.as_str()/>
            <button type="submit" lang=locale.as_str()
                aria-pressed=move || (i18n.get_locale() == locale).to_string()>{label}</button>
        </ActionForm>
    }
}
