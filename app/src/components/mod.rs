//! Small views shared by pages.

pub mod form;
pub mod header;
pub mod pager;

use crate::domain::Lang;
use crate::i18n::{Locale, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;

/// The language the page is shown in.
pub fn use_lang() -> Lang {
    use_i18n().get_locale().into()
}

/// The page's title in the reader's language. On the server it is worked out once, as plain
/// text, while the page renders: the head is written after the page's reactive owner may be
/// gone, and a title that still read a signal then panicked under load. In the browser it
/// follows the language switch.
#[component]
pub fn PageTitle<F>(text: F) -> impl IntoView
where
    F: Fn(Locale) -> String + Send + Sync + 'static,
{
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    let title = text(i18n.get_locale_untracked());
    #[cfg(not(feature = "ssr"))]
    let title = move || text(i18n.get_locale());
    view! { <Title text=title/> }
}

/// A page title as it goes into the `<title>` element the server writes, which leptos_meta
/// does not escape; in the browser the title is set as text and needs no escaping.
pub fn title_text(title: String) -> String {
    if cfg!(feature = "ssr") {
        title
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    } else {
        title
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn a_title_cannot_close_its_element() {
        assert_eq!(
            super::title_text("</title><script>alert(1)</script> & co".into()),
            "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
        );
    }
}
