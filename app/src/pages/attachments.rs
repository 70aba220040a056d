//! An entry's files: the list with download links for whoever reads the entry, and for its
//! lead while submissions are open, an upload form and a remove button per file.
//!
//! The upload form is a plain multipart form, so it works without JavaScript (the page
//! reloads; a note says to save the draft first). With JavaScript the page sends the same
//! form in the background and adds the file to the list, and nothing typed elsewhere on the
//! page is touched.

use crate::api::entries::RemoveAttachment;
use crate::components::form::{FormError, flash_at};
use crate::components::use_lang;
use crate::error::AppError;
use crate::format;
use crate::i18n::*;
use crate::model::{AttachmentKind, AttachmentRules, AttachmentView, FormField, size_text};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn Attachments(
    code: String,
    items: Vec<AttachmentView>,
    rules: AttachmentRules,
    editable: bool,
    /// The contest's file questions: each with its own files and upload form; the other
    /// files follow.
    #[prop(optional)]
    questions: Vec<FormField>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let items = RwSignal::new(items);
    let remove = ServerAction::<RemoveAttachment>::new();
    Effect::new(move |_| {
        if let Some(Ok(id)) = remove.value().get() {
            items.update(|list| list.retain(|a| a.id != id));
        }
    });
    let upload_url = format!("/entries/{}/attachments", format::urlencode(&code));
    let rule = td_string!(
        Locale::from(lang),
        contest.attachments_rule,
        kinds = AttachmentKind::list_text(&rules.kinds),
        max = rules.max_mb,
        count = rules.max_count
    )
    .to_string();
    let asks = !questions.is_empty();
    let group_code = code.clone();
    let group = move |field: String, label: Option<String>| {
        let (url, rules, code) = (upload_url.clone(), rules.clone(), group_code.clone());
        view! {
            <FileList code=code items=items field=field.clone() editable=editable remove=remove/>
            {editable.then(|| view! {
                <Suspense fallback=|| ()>
                    {move || {
                        let (url, rules, field, label) = (url.clone(), rules.clone(), field.clone(), label.clone());
                        Suspend::new(async move {
                            // A refused upload without JavaScript comes back to its own form.
                            let kept = flash_at(url.clone())
                                .await
                                .filter(|f| f.field("field").unwrap_or("") == field)
                                .map(|f| f.error);
                            view! { <UploadForm url=url rules=rules items=items field=field label=label kept=kept/> }
                        })
                    }}
                </Suspense>
            })}
        }
    };
    view! {
        <section class="attachments" aria-labelledby="attachments">
            <h2 id="attachments">{t!(i18n, contest.attachments)}</h2>
            <p class="hint" id="attachments_rule">{rule}</p>
            {questions.into_iter().map(|q| {
                let heading = format!("{}{}", q.label(lang), if q.required { " *" } else { "" });
                let help = q.help(lang).to_owned();
                view! {
                    <div class="file-question" role="group" aria-labelledby=format!("q_{}", q.key)>
                        <h3 id=format!("q_{}", q.key)>{heading}</h3>
                        {(!help.is_empty()).then(|| view! { <p class="hint">{help}</p> })}
                        {group(q.key.clone(), Some(q.label(lang).to_owned()))}
                    </div>
                }
            }).collect_view()}
            {asks.then(|| view! { <h3>{t!(i18n, form_fields.other_files)}</h3> })}
            {group(String::new(), None)}
        </section>
    }
}

/// The files answering one file question (`field`), or the plain ones (`field` empty).
#[component]
fn FileList(
    code: String,
    items: RwSignal<Vec<AttachmentView>>,
    field: String,
    editable: bool,
    remove: ServerAction<RemoveAttachment>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    move || {
        let list: Vec<AttachmentView> = items
            .get()
            .into_iter()
            .filter(|a| a.field == field)
            .collect();
        if list.is_empty() {
            return view! { <p class="meta">{t!(i18n, entry.no_attachments)}</p> }.into_any();
        }
        let code = code.clone();
        view! {
            <ul class="files">
                {list.into_iter().map(|a| {
                    let href = format!("/entries/{}/attachments/{}", format::urlencode(&code), a.id);
                    let facts = format!(
                        "{} · {} · {}",
                        a.kind.code().to_uppercase(),
                        size_text(a.size),
                        format::date_time(a.uploaded, lang)
                    );
                    let code = code.clone();
                    let label = td_string!(Locale::from(lang), entry.remove_file, name = a.name.clone()).to_string();
                    view! {
                        <li>
                            <a href=href download>{a.name.clone()}</a>
                            <span class="meta">{facts}</span>
                            {editable.then(|| view! {
                                <ActionForm action=remove attr:class="inline">
                                    <input type="hidden" name="code" value=code.clone()/>
                                    <input type="hidden" name="attachment" value=a.id.to_string()/>
                                    <button type="submit" class="link danger" aria-label=label>
                                        {t!(i18n, entry.remove)}
                                    </button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any()
    }
}

/// The upload form. Without JavaScript it posts and the page comes back with the outcome;
/// with it, the file is sent in the background.
#[component]
fn UploadForm(
    url: String,
    rules: AttachmentRules,
    items: RwSignal<Vec<AttachmentView>>,
    /// The file question it answers; empty for a plain attachment.
    field: String,
    /// The question's label, for its file input.
    label: Option<String>,
    /// The refusal of this form's last plain post.
    kept: Option<AppError>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sent_error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let error = Signal::derive(move || sent_error.get().or_else(|| kept.clone()));
    let input_id = if field.is_empty() {
        "file".to_owned()
    } else {
        format!("file_{field}")
    };
    let full = move || items.with(|list| list.len() >= rules.max_count);
    let accept = AttachmentKind::accept(&rules.kinds);
    let on_submit = {
        let url = url.clone();
        move |ev: leptos::ev::SubmitEvent| {
            #[cfg(feature = "hydrate")]
            send_in_page(ev, url.clone(), items, sent_error, busy);
            #[cfg(not(feature = "hydrate"))]
            let _ = (ev, &url);
        }
    };
    view! {
            <form method="post" action=url.clone() enctype="multipart/form-data" class="stack upload"
                on:submit=on_submit aria-busy=move || busy.get().to_string()>
                <FormError error=error/>
                <noscript><p class="hint">{t!(i18n, entry.upload_save_first)}</p></noscript>
                {(!field.is_empty()).then(|| view! { <input type="hidden" name="field" value=field.clone()/> })}
                <label for=input_id.clone()>{t!(i18n, entry.file)}
                    {label.map(|l| view! { <span class="visually-hidden">{format!(" – {l}")}</span> })}
                </label>
                <input id=input_id name="file" type="file" accept=accept required
                    aria-describedby="attachments_rule" disabled=full
                    aria-invalid=move || if error.get().is_some() { "true" } else { "false" }/>
                <button type="submit" class="button secondary" disabled=move || busy.get() || full()>
                    {move || if busy.get() { t_string!(i18n, entry.uploading) } else { t_string!(i18n, entry.upload) }}
                </button>
            </form>
    }
}

/// Sends the form with the page's script and adds the answer to the list; a refusal or a
/// lost connection is shown above the form, which keeps the chosen file.
#[cfg(feature = "hydrate")]
fn send_in_page(
    ev: leptos::ev::SubmitEvent,
    url: String,
    items: RwSignal<Vec<AttachmentView>>,
    error: RwSignal<Option<AppError>>,
    busy: RwSignal<bool>,
) {
    use wasm_bindgen::JsCast;
    ev.prevent_default();
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return;
    };
    let Ok(data) = web_sys::FormData::new_with_form(&form) else {
        return;
    };
    let i18n = use_i18n();
    let offline = t_string!(i18n, entry.upload_failed).to_string();
    busy.set(true);
    leptos::task::spawn_local(async move {
        let sent = async {
            let request = gloo_net::http::Request::post(&url)
                .header("Accept", "application/json")
                .body(data)?;
            let response = request.send().await?;
            if response.ok() {
                Ok(Ok(response.json::<AttachmentView>().await?))
            } else {
                Ok(Err(response.json::<AppError>().await?))
            }
        };
        let answer: Result<Result<AttachmentView, AppError>, gloo_net::Error> = sent.await;
        busy.set(false);
        match answer {
            Ok(Ok(added)) => {
                items.update(|list| list.push(added));
                error.set(None);
                form.reset();
            }
            Ok(Err(refused)) => error.set(Some(refused)),
            Err(_) => error.set(Some(AppError::new(
                crate::error::ErrorKind::Server,
                "network.offline",
                offline,
            ))),
        }
    });
}
