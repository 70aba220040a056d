//! Form helpers: the error of the last submission (from the action with JavaScript, from the
//! session flash without it), and what the user had typed.

use crate::api::forms::Flash;
use crate::app::FlashResource;
use crate::error::AppError;
use crate::i18n::*;
use crate::model::limits::{PASSWORD_MAX, PASSWORD_MIN};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The flash of a failed plain post to this server function, read inside a `Suspense`.
pub async fn flash_for<S: ServerFn>() -> Option<Flash> {
    let FlashResource(flash) = expect_context::<FlashResource>();
    flash.await.filter(|f| f.action == S::PATH)
}

/// The flash of a failed plain post to `path` (a route that is not a server function).
pub async fn flash_at(path: String) -> Option<Flash> {
    let FlashResource(flash) = expect_context::<FlashResource>();
    flash.await.filter(|f| f.action == path)
}

/// The latest error of `action`, or the flash's error before the action has run.
pub fn action_error<S>(action: ServerAction<S>, flash: Option<Flash>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || match action.value().get() {
        Some(Err(e)) => Some(e),
        Some(Ok(_)) => None,
        None => flash.as_ref().map(|f| f.error.clone()),
    })
}

/// What was typed into `name` before a failed plain post (never a password).
pub fn typed(flash: &Option<Flash>, name: &str) -> String {
    flash
        .as_ref()
        .and_then(|f| f.field(name))
        .unwrap_or_default()
        .to_owned()
}

/// The error box at the top of a form; announced to screen readers.
#[component]
pub fn FormError(error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div role="alert" aria-live="assertive" class="form-error-slot">
            {move || error.get().map(|e| view! {
                <div class="form-error">
                    <strong>{t!(i18n, form.error_title)}</strong>
                    {match e.messages().as_slice() {
                        [one] => view! { <p>{one.clone()}</p> }.into_any(),
                        many => view! {
                            <ul>{many.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
                        }.into_any(),
                    }}
                </div>
            })}
        </div>
    }
}

/// The message of the current error about `field`, under it.
#[component]
pub fn FieldNote(error: Signal<Option<AppError>>, #[prop(into)] field: String) -> impl IntoView {
    move || {
        error.get().and_then(|e| {
            e.fields
                .iter()
                .find(|f| f.path == field)
                .map(|f| view! { <p class="field-error">{f.message.clone()}</p> })
        })
    }
}

/// After a refused save over a newer version: what to do next.
/// `aria-invalid` for a field named in the current error.
pub fn invalid(
    error: Signal<Option<AppError>>,
    field: impl Into<String>,
) -> impl Fn() -> &'static str {
    let field = field.into();
    move || {
        if error.get().as_ref().is_some_and(|e| e.concerns(&field)) {
            "true"
        } else {
            "false"
        }
    }
}

/// A field for choosing a password, with the rule spelled out under it.
#[component]
pub fn NewPasswordField(
    error: Signal<Option<AppError>>,
    #[prop(optional)] new: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label for="password">
            {move || if new { t_string!(i18n, form.new_password) } else { t_string!(i18n, form.password) }}
        </label>
        <input id="password" name="password" type="password" autocomplete="new-password"
            required minlength=PASSWORD_MIN maxlength=PASSWORD_MAX aria-describedby="password-hint"
            aria-invalid=invalid(error, "password")/>
        <p id="password-hint" class="hint">{t!(i18n, form.password_hint)}</p>
    }
}

/// Runs `then` in the browser once `action` has succeeded.
pub fn on_success<S>(action: ServerAction<S>, then: impl Fn() + 'static)
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            then();
        }
    });
}

/// How many times `action` has succeeded on this page: a key for resources to read again
/// after a save, and not after a refused one (which would redraw the form and lose what was
/// typed).
pub fn successes<S>(action: ServerAction<S>) -> ReadSignal<usize>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let count = RwSignal::new(0usize);
    on_success(action, move || count.update(|n| *n += 1));
    count.read_only()
}
