use crate::i18n::*;
use leptos::prelude::*;

/// Newer / older links for a paged listing at `base` (`?page=N`), keeping the listing's other
/// query parameters (`query`, already encoded, without `page`).
#[component]
pub fn Pager(
    #[prop(into)] base: String,
    page: u64,
    has_next: bool,
    #[prop(optional, into)] query: String,
    /// The query parameter that carries the page; `page` unless the page lists two things.
    #[prop(optional, into)]
    param: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let param = param.unwrap_or_else(|| "page".to_owned());
    let href = move |p: u64| {
        if query.is_empty() {
            format!("{base}?{param}={p}")
        } else {
            format!("{base}?{query}&{param}={p}")
        }
    };
    view! {
        <nav class="pager" aria-label="pages">
            {(page > 1).then(|| view! {
                <a rel="prev" href=href(page - 1)>{t!(i18n, admin.newer)}</a>
            })}
            {has_next.then(|| view! {
                <a rel="next" href=href(page + 1)>{t!(i18n, admin.older)}</a>
            })}
        </nav>
    }
}
