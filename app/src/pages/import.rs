//! `/contests/:code/import`: the committee imports entries from a CSV file. A dry run lists
//! every bad line and what is wrong; an import creates all of them or none. Without
//! JavaScript the file's text is pasted; with it, a chosen file fills the box.

use crate::api::entries::{ImportEntries, last_import};
use crate::components::PageTitle;
use crate::components::form::{FormError, action_error};
use crate::components::{server_escaped, use_lang};
use crate::i18n::*;
use crate::model::ImportReport;
use crate::pages::errors::ErrorView;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ContestImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let contest = Resource::new(code, crate::api::entries::import_allowed);
    let has_report = move || query.read().get("report").is_some();
    let kept = Resource::new(has_report, |has| async move {
        if has {
            last_import().await.ok().flatten()
        } else {
            None
        }
    });
    let import = ServerAction::<ImportEntries>::new();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let c = match contest.await {
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                    Ok(c) => c,
                };
                let (earlier, text) = kept.await.unzip();
                let lang = use_lang();
                let heading = td_string!(Locale::from(lang), import.title, contest = c.name(lang).to_owned()).to_string();
                let error = action_error(import, None);
                let report = Signal::derive(move || match import.value().get() {
                    Some(Ok(r)) => Some(r),
                    Some(Err(_)) => None,
                    None => earlier.clone(),
                });
                let text = RwSignal::new(text.unwrap_or_default());
                let columns = crate::model::IMPORT_COLUMNS.join(", ");
                view! {
                    <PageTitle text=move |_| heading.clone()/>
                    <p class="crumbs"><a href=format!("/contests/{}/entries", c.code)>{t!(i18n, import.back)}</a></p>
                    <h1>{td_string!(Locale::from(lang), import.title, contest = c.name(lang).to_owned()).to_string()}</h1>
                    <p>{t!(i18n, import.intro)}</p>
                    <p class="hint">{t!(i18n, import.columns, columns = columns)}</p>
                    <ReportView report=report code=c.code.clone()/>
                    <ActionForm action=import attr:class="stack" attr:novalidate=true>
                        <FormError error=error/>
                        <input type="hidden" name="contest" value=c.code.clone()/>
                        <FilePicker text=text/>
                        <label for="csv">{t!(i18n, import.text)}</label>
                        <textarea id="csv" name="csv" rows="12" class="mono" spellcheck="false"
                            prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))>
                            {server_escaped(text.get_untracked())}
                        </textarea>
                        <div class="actions">
                            <button type="submit" name="intent" value="check" class="button secondary">{t!(i18n, import.check)}</button>
                            <button type="submit" name="intent" value="apply" class="button">{t!(i18n, import.apply)}</button>
                        </div>
                    </ActionForm>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// What the last dry run or import found.
#[component]
fn ReportView(report: Signal<Option<ImportReport>>, code: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let r = report.get()?;
        let lang = use_lang();
        let l = Locale::from(lang);
        let summary = if r.applied {
            td_string!(
                l,
                import.applied,
                count = r.codes.len(),
                accounts = r.new_accounts
            )
            .to_string()
        } else if r.problems.is_empty() {
            td_string!(l, import.ready, count = r.rows, accounts = r.new_accounts).to_string()
        } else {
            td_string!(l, import.refused, count = r.problems.len(), rows = r.rows).to_string()
        };
        let list = format!("/contests/{code}/entries");
        Some(view! {
            <section class="report" aria-labelledby="report">
                <h2 id="report">{t!(i18n, import.report)}</h2>
                <p role="status" class=if r.problems.is_empty() { "notice" } else { "notice conflict" }>{summary}</p>
                {r.applied.then(|| view! { <p><a href=list.clone()>{t!(i18n, import.see_list)}</a></p> })}
                {(!r.problems.is_empty()).then(|| view! {
                    <table class="problems">
                        <thead><tr>
                            <th scope="col">{t!(i18n, import.line)}</th>
                            <th scope="col">{t!(i18n, import.column)}</th>
                            <th scope="col">{t!(i18n, import.problem)}</th>
                        </tr></thead>
                        <tbody>
                            {r.problems.iter().map(|p| view! {
                                <tr>
                                    <td>{p.line}</td>
                                    <td>{p.column.clone()}</td>
                                    <td>{p.message.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })}
            </section>
        })
    }
}

/// With JavaScript, a chosen CSV file fills the box (its text is read in the browser).
#[component]
fn FilePicker(text: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let file = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .and_then(|input| input.files())
                .and_then(|files| files.get(0));
            if let Some(file) = file {
                leptos::task::spawn_local(async move {
                    if let Ok(value) = wasm_bindgen_futures::JsFuture::from(file.text()).await
                        && let Some(s) = value.as_string()
                    {
                        text.set(s.trim_start_matches('\u{feff}').to_owned());
                    }
                });
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, text);
    };
    // Shown only once the page runs its script (a file input alone would send nothing).
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    view! {
        <Show when=move || ready.get()>
            <label for="csv_file">{t!(i18n, import.file)}</label>
            <input id="csv_file" type="file" accept=".csv,text/csv" on:change=on_change/>
        </Show>
    }
}
