//! The language of a request: the language cookie (set by the header switch or from the
//! profile at sign-in), else the first supported language in `Accept-Language`, else
//! Vietnamese.

use crate::domain::Lang;
use crate::i18n::LANG_COOKIE;
use http::HeaderMap;
use http::header::{ACCEPT_LANGUAGE, COOKIE};

pub fn from_headers(headers: &HeaderMap) -> Lang {
    cookie_lang(headers)
        .or_else(|| accept_language(headers))
        .unwrap_or_default()
}

fn cookie_lang(headers: &HeaderMap) -> Option<Lang> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .and_then(|(_, value)| Lang::from_tag(value))
}

/// Picks by the order of the header's quality values; ties keep the header's order.
fn accept_language(headers: &HeaderMap) -> Option<Lang> {
    let header = headers.get(ACCEPT_LANGUAGE)?.to_str().ok()?;
    let mut candidates: Vec<(f32, usize, Lang)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let lang = Lang::from_tag(pieces.next()?)?;
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            (q > 0.0).then_some((q, i, lang))
        })
        .collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    candidates.first().map(|c| c.2)
}

/// The language of the request being served by a server function or page.
pub fn current() -> Lang {
    leptos::prelude::use_context::<http::request::Parts>()
        .map(|parts| from_headers(&parts.headers))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(http::header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn the_language_cookie_wins_over_accept_language() {
        let h = headers(&[
            (COOKIE, "a=1; i18n_pref_locale=en"),
            (ACCEPT_LANGUAGE, "vi-VN,vi;q=0.9"),
        ]);
        assert_eq!(from_headers(&h), Lang::En);
    }

    #[test]
    fn accept_language_is_read_by_quality() {
        let h = headers(&[(ACCEPT_LANGUAGE, "fr;q=1, vi;q=0.5, en;q=0.8")]);
        assert_eq!(from_headers(&h), Lang::En);
    }

    #[test]
    fn without_any_hint_the_language_is_vietnamese() {
        assert_eq!(from_headers(&HeaderMap::new()), Lang::Vi);
    }
}
