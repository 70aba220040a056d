use crate::i18n::*;
use leptos::prelude::*;

/// Newer / older links for a paged listing at `base` (`?page=N`).
#[component]
pub fn Pager(base: &'static str, page: u64, has_next: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="pager" aria-label="pages">
            {(page > 1).then(|| view! {
                <a rel="prev" href=format!("{base}?page={}", page - 1)>{t!(i18n, admin.newer)}</a>
            })}
            {has_next.then(|| view! {
                <a rel="next" href=format!("{base}?page={}", page + 1)>{t!(i18n, admin.older)}</a>
            })}
        </nav>
    }
}
