//! Small views shared by pages.

pub mod autosave;
pub mod contest_fields;
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

/// Text for an element whose content the server writes without escaping: `<title>`
/// (leptos_meta) and `<textarea>` (tachys marks it as not escaping its children), where a
/// value holding `</textarea><script>` would otherwise end the element and run. The browser
/// decodes the entities, so the reader sees the text as typed; in the browser the text is set
/// as text and needs no escaping.
pub fn server_escaped(text: String) -> String {
    if cfg!(feature = "ssr") {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    } else {
        text
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn a_title_or_a_text_area_cannot_close_its_element() {
        assert_eq!(
            super::server_escaped("</title><script>alert(1)</script> & co".into()),
            "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
        );
    }
}
