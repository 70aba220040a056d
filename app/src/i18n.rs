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
