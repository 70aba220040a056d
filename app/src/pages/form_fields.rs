//! The contest's own questions on pages: the committee's editor (`/contests/:code/form`), the
//! list on the public contest page, the inputs on a founder's entry form and the answers as
//! text for whoever reads the entry.

use crate::api::contests::{SetEntryForm, contest_for_setup};
use crate::components::form::{FieldNote, FormError, action_error, flash_for, invalid, typed};
use crate::components::{PageTitle, server_escaped, use_lang};
use crate::error::AppError;
use crate::i18n::*;
use crate::model::form_fields::{FieldRow, SHORT_MAX};
use crate::model::limits::ENTRY_TEXT_MAX;
use crate::model::{Answers, FieldKind, FormField};
use crate::pages::errors::ErrorView;
use crate::words::form_fields::{kind_name, rule_text};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The questions founders will answer, for anyone reading the contest.
#[component]
pub fn FormPreview(form: Vec<FormField>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    (!form.is_empty()).then(|| {
        view! {
            <section aria-labelledby="questions">
                <h2 id="questions">{t!(i18n, form_fields.title)}</h2>
                <p class="hint">{t!(i18n, form_fields.intro)}</p>
                <ul class="conditions">
                    {form.iter().map(|f| {
                        let rule = rule_text(f, lang);
                        view! {
                            <li>
                                <strong>{f.label(lang).to_owned()}</strong>
                                {f.required.then_some(" *")}
                                " · "<span class="meta">{rule}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

/// `/contests/:code/form`: the committee edits the questions as rows, two blank ones at the
/// end for new questions; saving replaces the list. A refused save keeps what was typed,
/// with and without JavaScript.
#[component]
pub fn ContestFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let save = ServerAction::<SetEntryForm>::new();
    let saved_count = crate::components::form::successes(save);
    let contest = Resource::new(
        move || (code(), saved_count.get()),
        |(code, _)| contest_for_setup(code),
    );
    let saved = move || query.read().get("saved").is_some() || saved_count.get() > 0;
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let c = match contest.await {
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                    Ok(c) => c,
                };
                let lang = use_lang();
                let heading = td_string!(Locale::from(lang), form_fields.editor_title, contest = c.name(lang).to_owned()).to_string();
                let flash = flash_for::<SetEntryForm>().await;
                let error = action_error(save, flash.clone());
                let stored: Vec<FieldRow> = c.form.iter().map(FieldRow::of).collect();
                // After a refused plain post: the rows as typed (the form sends the stored
                // rows and two more).
                let rows: Vec<FieldRow> = match &flash {
                    Some(_) => (0..stored.len() + 2).map(|i| typed_row(&flash, i)).collect(),
                    None => stored.iter().cloned().chain([FieldRow::default(), FieldRow::default()]).collect(),
                };
                view! {
                    <PageTitle text=move |_| heading.clone()/>
                    <p class="crumbs"><a href=format!("/contests/{}", c.code)>{c.name(lang).to_owned()}</a></p>
                    <h1>{td_string!(Locale::from(lang), form_fields.editor_title, contest = c.name(lang).to_owned()).to_string()}</h1>
                    <p>{t!(i18n, form_fields.editor_intro)}</p>
                    <Show when=saved><p class="notice" role="status">{t!(i18n, form_fields.saved)}</p></Show>
                    <ActionForm action=save attr:class="stack" attr:novalidate=true>
                        <FormError error=error/>
                        <input type="hidden" name="code" value=c.code.clone()/>
                        {rows.into_iter().enumerate().map(|(i, r)| view! { <FieldEditor i=i row=r error=error/> }).collect_view()}
                        <button type="submit" class="button">{t!(i18n, form_fields.save)}</button>
                    </ActionForm>
                    <FormPreview form=c.form.clone()/>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// Row `i` as a failed plain post typed it.
fn typed_row(flash: &Option<crate::api::forms::Flash>, i: usize) -> FieldRow {
    let get = |part: &str| typed(flash, &format!("fields[{i}][{part}]"));
    let required = get("required");
    FieldRow {
        key: get("key"),
        kind: get("kind"),
        label_vi: get("label_vi"),
        label_en: get("label_en"),
        help_vi: get("help_vi"),
        help_en: get("help_en"),
        required: (!required.is_empty()).then_some(required),
        options: get("options"),
        max_words: get("max_words"),
        min: get("min"),
        max: get("max"),
    }
}

/// One question's row in the editor.
#[component]
fn FieldEditor(i: usize, row: FieldRow, error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let l = Locale::from(lang);
    let name = move |part: &str| format!("fields[{i}][{part}]");
    let id = move |part: &str| format!("f{i}_{part}");
    let path = move |part: &str| format!("fields[{i}].{part}");
    let text = move |part: &'static str, label: String, value: String, mode: &'static str| {
        view! {
            <div class="field">
                <label for=id(part)>{label}</label>
                <input id=id(part) name=name(part) value=value inputmode=mode
                    aria-invalid=invalid(error, path(part))/>
                <FieldNote error=error field=path(part)/>
            </div>
        }
    };
    let kind = FieldKind::from_code(&row.kind).unwrap_or_default();
    view! {
        <fieldset class="form-field stack">
            <legend>{td_string!(l, form_fields.question_n, n = i + 1).to_string()}</legend>
            <div class="pair">
                {text("key", td_string!(l, form_fields.key).to_string(), row.key.clone(), "text")}
                <div class="field">
                    <label for=id("kind")>{t!(i18n, form_fields.kind)}</label>
                    <select id=id("kind") name=name("kind") aria-invalid=invalid(error, path("kind"))>
                        {FieldKind::ALL.into_iter().map(|k| view! {
                            <option value=k.code() selected=k == kind>{kind_name(k, lang)}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="pair">
                {text("label_vi", td_string!(l, form_fields.label_vi).to_string(), row.label_vi.clone(), "text")}
                {text("label_en", td_string!(l, form_fields.label_en).to_string(), row.label_en.clone(), "text")}
            </div>
            <div class="pair">
                {text("help_vi", td_string!(l, form_fields.help_vi).to_string(), row.help_vi.clone(), "text")}
                {text("help_en", td_string!(l, form_fields.help_en).to_string(), row.help_en.clone(), "text")}
            </div>
            <label for=id("options")>{t!(i18n, form_fields.options)}</label>
            <p class="hint" id=id("options_hint")>{t!(i18n, form_fields.options_hint)}</p>
            <textarea id=id("options") name=name("options") rows="3" aria-describedby=id("options_hint")
                aria-invalid=invalid(error, path("options"))>{server_escaped(row.options.clone())}</textarea>
            <FieldNote error=error field=path("options")/>
            <div class="pair">
                {text("max_words", td_string!(l, form_fields.max_words).to_string(), row.max_words.clone(), "numeric")}
                {text("min", td_string!(l, form_fields.min).to_string(), row.min.clone(), "decimal")}
                {text("max", td_string!(l, form_fields.max).to_string(), row.max.clone(), "decimal")}
            </div>
            <label class="check">
                <input type="checkbox" name=name("required") value="on" checked=row.required.is_some()/>
                {t!(i18n, form_fields.required)}
            </label>
        </fieldset>
    }
}

/// The contest's questions on a founder's entry form (file questions are answered in the
/// files section). Named `entry[answers][KEY]`; a multiple choice ticks
/// `entry[picks][KEY][i]`.
#[component]
pub fn AnswerFields(
    form: Vec<FormField>,
    answers: Answers,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let i18n = use_i18n();
    let asked: Vec<FormField> = form
        .into_iter()
        .filter(|f| f.kind != FieldKind::File)
        .collect();
    (!asked.is_empty()).then(|| {
        view! {
            <fieldset class="stack">
                <legend>{t!(i18n, form_fields.title)}</legend>
                {asked.into_iter().map(|f| {
                    let value = answers.get(&f.key).cloned().unwrap_or_default();
                    view! { <AnswerField field=f value=value error=error lang=lang/> }
                }).collect_view()}
            </fieldset>
        }
    })
}

#[component]
fn AnswerField(
    field: FormField,
    value: String,
    error: Signal<Option<AppError>>,
    lang: crate::domain::Lang,
) -> impl IntoView {
    let id = format!("answer_{}", field.key);
    let name = format!("entry[answers][{}]", field.key);
    let path = format!("answers.{}", field.key);
    let label = format!(
        "{}{}",
        field.label(lang),
        if field.required { " *" } else { "" }
    );
    let help = {
        let mut parts: Vec<String> = Vec::new();
        if !field.help(lang).is_empty() {
            parts.push(field.help(lang).to_owned());
        }
        let rule = rule_text(&field, lang);
        if matches!(field.kind, FieldKind::LongText | FieldKind::Number) {
            parts.push(rule);
        }
        parts.join(" ")
    };
    let hint_id = format!("{id}_hint");
    let described = (!help.is_empty()).then(|| hint_id.clone());
    let hint = (!help.is_empty()).then(|| view! { <p class="hint" id=hint_id.clone()>{help}</p> });
    let input = match field.kind {
        FieldKind::LongText => view! {
            <label for=id.clone()>{label}</label>
            {hint}
            <textarea id=id.clone() name=name rows="5" maxlength=ENTRY_TEXT_MAX aria-describedby=described
                aria-invalid=invalid(error, path.clone())>{server_escaped(value)}</textarea>
        }
        .into_any(),
        FieldKind::Choice => view! {
            <label for=id.clone()>{label}</label>
            {hint}
            <select id=id.clone() name=name aria-describedby=described aria-invalid=invalid(error, path.clone())>
                <option value="" selected=value.is_empty()>{td_string!(Locale::from(lang), entry.choose).to_string()}</option>
                {field.options.iter().map(|o| view! {
                    <option value=o.clone() selected=*o == value>{o.clone()}</option>
                }).collect_view()}
            </select>
        }
        .into_any(),
        FieldKind::Choices => {
            let ticked: Vec<&str> = value.lines().collect();
            let boxes = field
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let checked = ticked.contains(&o.as_str());
                    view! {
                        <label class="check">
                            <input type="checkbox" name=format!("entry[picks][{}][{i}]", field.key) value=o.clone() checked=checked/>
                            {o.clone()}
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="choices" aria-describedby=described aria-invalid=invalid(error, path.clone())>
                    <legend>{label}</legend>
                    {hint}
                    {boxes}
                </fieldset>
            }
            .into_any()
        }
        FieldKind::Checkbox => view! {
            <label class="check">
                <input id=id.clone() type="checkbox" name=name value="yes" checked=!value.is_empty()
                    aria-describedby=described aria-invalid=invalid(error, path.clone())/>
                {label}
            </label>
            {hint}
        }
        .into_any(),
        FieldKind::Number => view! {
            <label for=id.clone()>{label}</label>
            {hint}
            <input id=id.clone() name=name value=value inputmode="decimal" maxlength=SHORT_MAX
                aria-describedby=described aria-invalid=invalid(error, path.clone())/>
        }
        .into_any(),
        FieldKind::Url => view! {
            <label for=id.clone()>{label}</label>
            {hint}
            <input id=id.clone() name=name type="url" value=value maxlength=SHORT_MAX placeholder="https://"
                aria-describedby=described aria-invalid=invalid(error, path.clone())/>
        }
        .into_any(),
        FieldKind::Text | FieldKind::File => view! {
            <label for=id.clone()>{label}</label>
            {hint}
            <input id=id.clone() name=name value=value maxlength=SHORT_MAX
                aria-describedby=described aria-invalid=invalid(error, path.clone())/>
        }
        .into_any(),
    };
    view! {
        {input}
        <FieldNote error=error field=path/>
    }
}

/// The answers as text, for whoever may read but not change the entry (`dt`/`dd` pairs).
pub fn answers_read(
    form: &[FormField],
    answers: &Answers,
    lang: crate::domain::Lang,
) -> impl IntoView + use<> {
    let yes = td_string!(Locale::from(lang), form_fields.yes).to_string();
    form.iter()
        .filter(|f| f.kind != FieldKind::File)
        .map(|f| {
            let answer = answers.get(&f.key).cloned().unwrap_or_default();
            let shown = match f.kind {
                FieldKind::Checkbox if !answer.is_empty() => yes.clone(),
                FieldKind::Choices => answer.lines().collect::<Vec<_>>().join("; "),
                _ => answer,
            };
            let link = (f.kind == FieldKind::Url && !shown.is_empty()).then(|| shown.clone());
            view! {
                <dt>{f.label(lang).to_owned()}</dt>
                <dd class="prose">{match link {
                    Some(href) => view! { <a href=href.clone() rel="nofollow noopener noreferrer" target="_blank">{href.clone()}</a> }.into_any(),
                    None => shown.into_any(),
                }}</dd>
            }
        })
        .collect_view()
}
