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
) -> impl IntoView {
    let i18n = use_i18n();
    let href = move |p: u64| {
        if query.is_empty() {
            format!("{base}?page={p}")
        } else {
            format!("{base}?{query}&page={p}")
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
