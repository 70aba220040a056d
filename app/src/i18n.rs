//! The Vietnamese and English strings (`app/locales/*.json`), compiled into typed keys.

#![allow(missing_docs, clippy::all)]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub use i18n::*;

use crate::domain::Lang;

impl From<Lang> for Locale {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::Vi => Locale::vi,
            Lang::En => Locale::en,
        }
    }
}

impl From<Locale> for Lang {
    fn from(locale: Locale) -> Self {
        match locale {
            Locale::vi => Lang::Vi,
            Locale::en => Lang::En,
        }
    }
}

/// The cookie that remembers the chosen language (the one leptos_i18n reads on the server).
pub const LANG_COOKIE: &str = "i18n_pref_locale";

/// Texts for errors made where the page's language is not at hand: on the server, in the
/// request's language; in the browser (a lost connection), in both.
pub mod fallback {
    use super::{Locale, td_string};

    fn in_request_language(text: impl Fn(Locale) -> String) -> String {
        #[cfg(feature = "ssr")]
        {
            text(crate::ssr::lang::current().into())
        }
        #[cfg(not(feature = "ssr"))]
        {
            format!("{} / {}", text(Locale::vi), text(Locale::en))
        }
    }

    pub fn form_incomplete() -> String {
        in_request_language(|l| td_string!(l, invalid.form_incomplete).to_string())
    }

    pub fn server_unreachable() -> String {
        in_request_language(|l| td_string!(l, invalid.server_unreachable).to_string())
    }

    /// Refusals made by the server's layers, before any server function runs.
    pub fn edge(lang: crate::domain::Lang, refusal: Edge) -> String {
        let l: Locale = lang.into();
        match refusal {
            Edge::TooLarge => td_string!(l, invalid.too_large, limit = "1 MB").to_string(),
            Edge::NotText => td_string!(l, invalid.not_text).to_string(),
            Edge::CrossSite => td_string!(l, invalid.cross_site).to_string(),
            Edge::Server => td_string!(l, invalid.server).to_string(),
        }
    }

    #[derive(Debug, Clone, Copy)]
    pub enum Edge {
        TooLarge,
        NotText,
        CrossSite,
        Server,
    }
}

/// The name of a role in `lang`, as pages and mail write it.
pub fn role_name(role: crate::model::Role, lang: Lang) -> String {
    use crate::model::Role;
    let l: Locale = lang.into();
    match role {
        Role::Committee => td_string!(l, role.committee).to_string(),
        Role::SubCommittee => td_string!(l, role.sub_committee).to_string(),
        Role::Judge => td_string!(l, role.judge).to_string(),
    }
}
