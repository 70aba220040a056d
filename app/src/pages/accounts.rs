//! Sign in, sign up, forgotten password, reset, and the account page.

use crate::api::accounts::{
    ChangePassword, FinishSignUp, RequestReset, ResetPassword, SetLanguage, SignIn, SignUp,
    pending_sign_up,
};
use crate::app::Auth;
use crate::components::PageTitle;
use crate::components::form::{
    FormError, NewPasswordField, action_error, flash_for, invalid, on_success, typed,
};
use crate::components::use_lang;
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::errors::ErrorView;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Re-reads who is signed in once `action` succeeds.
fn refresh_auth_on_success<S>(action: ServerAction<S>)
where
    S: leptos::server_fn::ServerFn<Output = (), Error = AppError> + Clone + Send + Sync + 'static,
{
    let auth = expect_context::<Auth>();
    on_success(action, move || auth.changed());
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let action = ServerAction::<SignIn>::new();
    refresh_auth_on_success(action);
    let next = move || query.read().get("next").unwrap_or_default();
    let reset_done = move || query.read().get("reset").is_some();

    view! {
        <PageTitle text=|l| td_string!(l, sign_in.title).to_string()/>
        <section class="narrow">
            <h1>{t!(i18n, sign_in.title)}</h1>
            <Show when=reset_done><p class="notice" role="status">{t!(i18n, reset.done)}</p></Show>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let flash = flash_for::<SignIn>().await;
                    let error = action_error(action, flash.clone());
                    view! {
                        <ActionForm action=action attr:class="stack" attr:novalidate=true>
                            <FormError error=error/>
                            <input type="hidden" name="next" value=next/>
                            <label for="email">{t!(i18n, form.email)}</label>
                            <input id="email" name="email" type="email" autocomplete="username" required maxlength=crate::model::limits::EMAIL_MAX
                                value=typed(&flash, "email") aria-invalid=invalid(error, "email")/>
                            <label for="password">{t!(i18n, form.password)}</label>
                            <input id="password" name="password" type="password" autocomplete="current-password" required/>
                            <button type="submit" class="button">{t!(i18n, form.submit_sign_in)}</button>
                        </ActionForm>
                    }
                })}
            </Suspense>
            <p><a href="/forgot">{t!(i18n, sign_in.forgot)}</a></p>
            <p>{t!(i18n, sign_in.no_account)}" "<a href="/signup">{t!(i18n, nav.sign_up)}</a></p>
        </section>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let action = ServerAction::<SignUp>::new();
    let sent =
        move || query.read().get("sent").is_some() || matches!(action.value().get(), Some(Ok(())));

    view! {
        <PageTitle text=|l| td_string!(l, sign_up.title).to_string()/>
        <section class="narrow">
            <h1>{t!(i18n, sign_up.title)}</h1>
            <p>{t!(i18n, sign_up.intro)}</p>
            <Show when=sent><p class="notice" role="status">{t!(i18n, sign_up.sent)}</p></Show>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let flash = flash_for::<SignUp>().await;
                    let error = action_error(action, flash.clone());
                    view! {
                        <ActionForm action=action attr:class="stack" attr:novalidate=true>
                            <FormError error=error/>
                            <label for="name">{t!(i18n, form.name)}</label>
                            <input id="name" name="name" autocomplete="name" required maxlength=crate::model::limits::PERSON_NAME_MAX
                                value=typed(&flash, "name") aria-invalid=invalid(error, "name")/>
                            <label for="email">{t!(i18n, form.email)}</label>
                            <input id="email" name="email" type="email" autocomplete="email" required maxlength=crate::model::limits::EMAIL_MAX
                                value=typed(&flash, "email") aria-invalid=invalid(error, "email")/>
                            <button type="submit" class="button">{t!(i18n, form.submit_sign_up)}</button>
                        </ActionForm>
                    }
                })}
            </Suspense>
            <p>{t!(i18n, sign_up.have_account)}" "<a href="/signin">{t!(i18n, nav.sign_in)}</a></p>
        </section>
    }
}

/// The page of the link that finishes a sign-up: the name (as given) and the password.
#[component]
pub fn ConfirmPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let pending = Resource::new(token, pending_sign_up);
    let action = ServerAction::<FinishSignUp>::new();
    refresh_auth_on_success(action);

    view! {
        <PageTitle text=|l| td_string!(l, confirm.title).to_string()/>
        <section class="narrow">
            <h1>{t!(i18n, confirm.title)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let pending = match pending.await {
                        Ok(p) => p,
                        Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                    };
                    let flash = flash_for::<FinishSignUp>().await;
                    let error = action_error(action, flash.clone());
                    let name = flash
                        .as_ref()
                        .and_then(|f| f.field("name"))
                        .map_or(pending.name.clone(), str::to_owned);
                    view! {
                        <p>{t!(i18n, confirm.intro, email = pending.email.clone())}</p>
                        <ActionForm action=action attr:class="stack" attr:novalidate=true>
                            <FormError error=error/>
                            <input type="hidden" name="token" value=token/>
                            <label for="name">{t!(i18n, form.name)}</label>
                            <input id="name" name="name" autocomplete="name" required maxlength=crate::model::limits::PERSON_NAME_MAX
                                value=name aria-invalid=invalid(error, "name")/>
                            <NewPasswordField error=error/>
                            <button type="submit" class="button">{t!(i18n, form.submit_confirm)}</button>
                        </ActionForm>
                    }
                    .into_any()
                })}
            </Suspense>
        </section>
    }
}

/// Changing the password, with the choice to sign out every other session.
#[component]
fn ChangePasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let action = ServerAction::<ChangePassword>::new();
    let changed = move || {
        query.read().get("password").is_some() || matches!(action.value().get(), Some(Ok(())))
    };
    view! {
        <h2 id="change-password">{t!(i18n, account.password_title)}</h2>
        <Show when=changed><p class="notice" role="status">{t!(i18n, account.password_changed)}</p></Show>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let flash = flash_for::<ChangePassword>().await;
                let error = action_error(action, flash);
                view! {
                    <ActionForm action=action attr:class="stack" attr:novalidate=true>
                        <FormError error=error/>
                        <label for="current_password">{t!(i18n, form.current_password)}</label>
                        <input id="current_password" name="current_password" type="password"
                            autocomplete="current-password" required
                            aria-invalid=invalid(error, "current_password")/>
                        <NewPasswordField error=error new=true/>
                        <label class="check">
                            <input type="checkbox" name="sign_out_others" value="on" checked/>
                            {t!(i18n, account.sign_out_others)}
                        </label>
                        <button type="submit" class="button">{t!(i18n, form.submit_change_password)}</button>
                    </ActionForm>
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ForgotPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let action = ServerAction::<RequestReset>::new();
    let sent =
        move || query.read().get("sent").is_some() || matches!(action.value().get(), Some(Ok(())));

    view! {
        <PageTitle text=|l| td_string!(l, forgot.title).to_string()/>
        <section class="narrow">
            <h1>{t!(i18n, forgot.title)}</h1>
            <p>{t!(i18n, forgot.intro)}</p>
            <Show when=sent><p class="notice" role="status">{t!(i18n, forgot.sent)}</p></Show>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let flash = flash_for::<RequestReset>().await;
                    let error = action_error(action, flash.clone());
                    view! {
                        <ActionForm action=action attr:class="stack" attr:novalidate=true>
                            <FormError error=error/>
                            <label for="email">{t!(i18n, form.email)}</label>
                            <input id="email" name="email" type="email" autocomplete="email" required maxlength=crate::model::limits::EMAIL_MAX
                                value=typed(&flash, "email") aria-invalid=invalid(error, "email")/>
                            <button type="submit" class="button">{t!(i18n, form.submit_forgot)}</button>
                        </ActionForm>
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let action = ServerAction::<ResetPassword>::new();

    view! {
        <PageTitle text=|l| td_string!(l, reset.title).to_string()/>
        <section class="narrow">
            <h1>{t!(i18n, reset.title)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let flash = flash_for::<ResetPassword>().await;
                    let error = action_error(action, flash);
                    view! {
                        <ActionForm action=action attr:class="stack" attr:novalidate=true>
                            <FormError error=error/>
                            <input type="hidden" name="token" value=token/>
                            <NewPasswordField error=error new=true/>
                            <button type="submit" class="button">{t!(i18n, form.submit_reset)}</button>
                        </ActionForm>
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = expect_context::<Auth>();
    let action = ServerAction::<SetLanguage>::new();
    // The whole page changes language, so it is simply loaded again.
    on_success(action, || {
        let _ = window().location().reload();
    });

    view! {
        <PageTitle text=|l| td_string!(l, account.title).to_string()/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let me = match auth.me.await {
                    Ok(Some(me)) => me,
                    Ok(None) => return view! { <ErrorView error=AppError::new(crate::error::ErrorKind::Unauthenticated, "auth.sign_in_needed", String::new())/> }.into_any(),
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                };
                let lang = use_lang();
                let pref = me.user.lang;
                view! {
                    <section class="narrow">
                        <h1>{t!(i18n, account.title)}</h1>
                        <dl class="facts">
                            <dt>{t!(i18n, form.name)}</dt><dd>{me.user.name.clone()}</dd>
                            <dt>{t!(i18n, form.email)}</dt><dd>{me.user.email.clone()}</dd>
                        </dl>
                        <ActionForm action=action attr:class="stack">
                            <label for="lang">{t!(i18n, account.language)}</label>
                            <select id="lang" name="lang">
                                <option value="vi" selected=pref == crate::domain::Lang::Vi>"Tiếng Việt"</option>
                                <option value="en" selected=pref == crate::domain::Lang::En>"English"</option>
                            </select>
                            <button type="submit" class="button">{t!(i18n, form.save)}</button>
                        </ActionForm>
                        <ChangePasswordForm/>
                        <h2 id="roles">{t!(i18n, account.roles)}</h2>
                        {if me.roles.is_empty() {
                            view! { <p class="empty">{t!(i18n, account.no_roles)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="roles">
                                    {me.roles.into_iter().map(|r| {
                                        let role = crate::i18n::role_name(r.role, lang);
                                        view! {
                                            <li><a href=format!("/contests/{}", r.contest.code)>{r.contest.name(lang).to_owned()}</a>
                                                " · " {role}</li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
