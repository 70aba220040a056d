//! The contest page's rules panel: whether the rules are locked and their fingerprint, for
//! everyone; for the committee, unlocking with a reason and locking again.

use crate::api::contests::{LockRules, UnlockRules, contest_rules};
use crate::components::form::{FormError, action_error, flash_for, invalid, successes, typed};
use crate::components::{server_escaped, use_lang};
use crate::format;
use crate::i18n::*;
use crate::model::limits::REASON_MAX;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn RulesPanel(code: String, manages: bool) -> impl IntoView {
    let i18n = use_i18n();
    let unlock = ServerAction::<UnlockRules>::new();
    let lock = ServerAction::<LockRules>::new();
    let (unlocked, locked) = (successes(unlock), successes(lock));
    let status = Resource::new(
        {
            let code = code.clone();
            move || (code.clone(), unlocked.get(), locked.get())
        },
        |(code, _, _)| contest_rules(code),
    );
    view! {
        <section id="rules" aria-labelledby="rules-heading">
            <h2 id="rules-heading">{t!(i18n, contest.rules)}</h2>
            <Suspense fallback=|| ()>
                {move || {
                    let code = code.clone();
                    Suspend::new(async move {
                        let Ok(s) = status.await else { return ().into_any() };
                        let lang = use_lang();
                        let l = Locale::from(lang);
                        let state = match (s.locked, s.unlocked_since, s.locks_at) {
                            (true, _, Some(at)) => td_string!(l, contest.rules_locked, date = format::date_time(at, lang)).to_string(),
                            (false, Some(at), _) => td_string!(l, contest.rules_unlocked, date = format::date_time(at, lang)).to_string(),
                            (false, None, Some(at)) => td_string!(l, contest.rules_locks_at, date = format::date_time(at, lang)).to_string(),
                            _ => td_string!(l, contest.rules_open).to_string(),
                        };
                        let unlock_flash = flash_for::<UnlockRules>().await;
                        let unlock_error = action_error(unlock, unlock_flash.clone());
                        let lock_error = action_error(lock, flash_for::<LockRules>().await);
                        let (code_unlock, code_lock) = (code.clone(), code.clone());
                        view! {
                            <p>{state}</p>
                            <p class="meta">{t!(i18n, contest.fingerprint)}": "<code class="fingerprint">{s.fingerprint.clone()}</code></p>
                            {(manages && s.locked).then(|| view! {
                                <ActionForm action=unlock attr:class="stack" attr:novalidate=true>
                                    <FormError error=unlock_error/>
                                    <input type="hidden" name="code" value=code_unlock/>
                                    <label for="unlock_reason">{t!(i18n, contest.unlock_reason)}</label>
                                    <textarea id="unlock_reason" name="reason" rows="2" maxlength=REASON_MAX
                                        aria-invalid=invalid(unlock_error, "reason")>{server_escaped(typed(&unlock_flash, "reason"))}</textarea>
                                    <button type="submit" class="button secondary">{t!(i18n, contest.unlock)}</button>
                                </ActionForm>
                            })}
                            {(manages && s.unlocked_since.is_some()).then(|| view! {
                                <ActionForm action=lock attr:class="stack">
                                    <FormError error=lock_error/>
                                    <input type="hidden" name="code" value=code_lock/>
                                    <button type="submit" class="button">{t!(i18n, contest.lock)}</button>
                                </ActionForm>
                            })}
                        }
                        .into_any()
                    })
                }}
            </Suspense>
        </section>
    }
}
