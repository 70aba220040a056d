//! Eligibility on pages: the contest's conditions in plain words (everyone) with the
//! committee's form to set them; on an entry, each check with its reason, the committee's
//! decision, and for the committee the form to decide or disqualify.

use crate::api::contests::SetEligibility;
use crate::api::entries::DecideEntry;
use crate::components::form::{FormError, action_error, flash_for, invalid, on_success, typed};
use crate::components::use_lang;
use crate::format;
use crate::i18n::*;
use crate::model::eligibility::{Eligibility, EligibilityForm, Outcome};
use crate::model::limits::REASON_MAX;
use crate::model::{EligibilityRules, EligibilityView};
use crate::words::eligibility::{check_text, eligibility_name, outcome_name, rules_text};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn EligibilityBadge(eligibility: Eligibility) -> impl IntoView {
    let lang = use_lang();
    view! {
        <span class=format!("badge eligibility-{}", eligibility.code())>{eligibility_name(eligibility, lang)}</span>
    }
}

/// The contest's conditions, as a list of sentences; for its committee, the form.
#[component]
pub fn ContestEligibility(
    code: String,
    rules: EligibilityRules,
    manages: bool,
    set: ServerAction<SetEligibility>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let sentences = rules_text(&rules, lang);
    view! {
        <section aria-labelledby="eligibility">
            <h2 id="eligibility">{t!(i18n, eligibility.title)}</h2>
            {if sentences.is_empty() {
                view! { <p>{t!(i18n, eligibility.none)}</p> }.into_any()
            } else {
                view! { <ul class="conditions">{sentences.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul> }.into_any()
            }}
            {manages.then(|| view! { <EligibilityRulesForm code=code.clone() rules=rules.clone() set=set/> })}
        </section>
    }
}

#[component]
fn EligibilityRulesForm(
    code: String,
    rules: EligibilityRules,
    set: ServerAction<SetEligibility>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let saved = move || {
        query.read().get("eligibility").is_some() || matches!(set.value().get(), Some(Ok(_)))
    };
    let current = EligibilityForm::of(&rules);
    view! {
        <details class="settings" open=saved>
            <summary>{t!(i18n, eligibility.form_title)}</summary>
            <Show when=saved><p class="notice" role="status">{t!(i18n, eligibility.saved)}</p></Show>
            <Suspense fallback=|| ()>
                {move || {
                    let (code, current) = (code.clone(), current.clone());
                    Suspend::new(async move {
                        let flash = flash_for::<SetEligibility>().await;
                        let error = action_error(set, flash.clone());
                        let kept = flash.clone();
                        let value = move |field: &str, now: &str| match &kept {
                            Some(_) => typed(&kept, &format!("rules[{field}]")),
                            None => now.to_owned(),
                        };
                        let field = move |name: &'static str, label: String, now: &str, kind: &'static str| {
                            let v = value(name, now);
                            view! {
                                <label for=format!("rules_{name}")>{label}</label>
                                <input id=format!("rules_{name}") name=format!("rules[{name}]") type=kind value=v
                                    inputmode=if kind == "number" { "numeric" } else { "text" } min="0"
                                    aria-invalid=invalid(error, name)/>
                            }
                        };
                        let lang = use_lang();
                        let l = Locale::from(lang);
                        view! {
                            <ActionForm action=set attr:class="stack" attr:novalidate=true>
                                <FormError error=error/>
                                <p class="hint">{t!(i18n, eligibility.form_hint)}</p>
                                <input type="hidden" name="code" value=code/>
                                <div class="pair">
                                    {field("age_min", td_string!(l, eligibility.age_min).to_string(), &current.age_min, "number")}
                                    {field("age_max", td_string!(l, eligibility.age_max).to_string(), &current.age_max, "number")}
                                </div>
                                {field("age_on", td_string!(l, eligibility.age_on).to_string(), &current.age_on, "date")}
                                {field("provinces", td_string!(l, eligibility.provinces).to_string(), &current.provinces, "text")}
                                {field("company_years_max", td_string!(l, eligibility.company_years_max).to_string(), &current.company_years_max, "number")}
                                <div class="pair">
                                    {field("team_min", td_string!(l, eligibility.team_min).to_string(), &current.team_min, "number")}
                                    {field("team_max", td_string!(l, eligibility.team_max).to_string(), &current.team_max, "number")}
                                </div>
                                {field("entries_per_person_max", td_string!(l, eligibility.entries_per_person_max).to_string(), &current.entries_per_person_max, "number")}
                                <button type="submit" class="button">{t!(i18n, form.save)}</button>
                            </ActionForm>
                        }
                    })
                }}
            </Suspense>
        </details>
    }
}

/// An entry's checks, what counts, the committee's decision and, for the committee, the form
/// to decide.
#[component]
pub fn EntryEligibility(
    code: String,
    view: RwSignal<EligibilityView>,
    rules: EligibilityRules,
    decidable: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let badge = move || view! { <EligibilityBadge eligibility=view.get().effective()/> };
    let decision = move || {
        view.get().decision.map(|d| {
            let text = td_string!(
                Locale::from(lang),
                eligibility.decision_by_committee,
                eligibility = eligibility_name(d.eligibility, lang),
                date = format::date(d.at, lang),
                reason = d.reason
            )
            .to_string();
            view! { <p class="notice">{text}</p> }
        })
    };
    let checks = move || {
        let checks = view.get().checks;
        (!checks.is_empty()).then(|| {
            view! {
                <p class="hint">{t!(i18n, eligibility.checks_hint)}</p>
                <ul class="checks">
                    {checks.iter().map(|c| {
                        let (mark, class) = match c.outcome {
                            Outcome::Pass => ("✓", "check-pass"),
                            Outcome::Fail => ("✗", "check-fail"),
                            Outcome::Unknown => ("?", "check-unknown"),
                        };
                        view! {
                            <li class=class>
                                <span class="mark" aria-hidden="true">{mark}</span>
                                <strong>{outcome_name(c.outcome, lang)}": "</strong>
                                {check_text(c, &rules, lang)}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
        })
    };
    view! {
        <section class="eligibility" aria-labelledby="eligibility">
            <h2 id="eligibility">{t!(i18n, eligibility.title)}" "{badge}</h2>
            {decision}
            {checks}
            {decidable.then(|| view! { <DecideForm code=code.clone()/> })}
        </section>
    }
}

#[component]
fn DecideForm(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let decide = ServerAction::<DecideEntry>::new();
    let query = use_query_map();
    let decided = move || query.read().get("decided").is_some();
    // With JavaScript, the page is read again as the plain form's redirect would show it.
    let navigate = leptos_router::hooks::use_navigate();
    let again = format!("/entries/{}?decided=1", format::urlencode(&code));
    on_success(decide, move || navigate(&again, Default::default()));
    view! {
        <details class="settings">
            <summary>{t!(i18n, eligibility.decide)}</summary>
            <Show when=decided><p class="notice" role="status">{t!(i18n, eligibility.decided)}</p></Show>
            <Suspense fallback=|| ()>
                {move || {
                    let code = code.clone();
                    Suspend::new(async move {
                        let flash = flash_for::<DecideEntry>().await;
                        let error = action_error(decide, flash.clone());
                        let chosen = typed(&flash, "decision");
                        let lang = use_lang();
                        let options = [
                            ("eligible", eligibility_name(Eligibility::Eligible, lang)),
                            ("ineligible", eligibility_name(Eligibility::Ineligible, lang)),
                            ("disqualified", eligibility_name(Eligibility::Disqualified, lang)),
                            ("automatic", td_string!(Locale::from(lang), eligibility.decision_automatic).to_string()),
                        ];
                        view! {
                            <ActionForm action=decide attr:class="stack" attr:novalidate=true>
                                <FormError error=error/>
                                <input type="hidden" name="code" value=code/>
                                <label for="decision">{t!(i18n, eligibility.decision)}</label>
                                <select id="decision" name="decision" aria-invalid=invalid(error, "decision")>
                                    {options.into_iter().map(|(v, label)| view! {
                                        <option value=v selected=chosen == v>{label}</option>
                                    }).collect_view()}
                                </select>
                                <label for="decision_reason">{t!(i18n, eligibility.reason)}</label>
                                <textarea id="decision_reason" name="reason" rows="3" maxlength=REASON_MAX required
                                    aria-invalid=invalid(error, "reason")>{typed(&flash, "reason")}</textarea>
                                <button type="submit" class="button">{t!(i18n, eligibility.save_decision)}</button>
                            </ActionForm>
                        }
                    })
                }}
            </Suspense>
        </details>
    }
}
