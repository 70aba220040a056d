//! Forms that keep working without JavaScript. When a plain form post fails, the server
//! remembers the error and what was typed (never passwords) in the session as a `Flash`, and
//! sends the browser back to the form, which shows both. With JavaScript the same forms
//! submit in place and show the error from the action's result.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flash {
    /// The server function path the form posted to, e.g. `/api/sign_in`.
    pub action: String,
    pub fields: Vec<(String, String)>,
    pub error: AppError,
}

impl Flash {
    pub const SESSION_KEY: &'static str = "flash";
    /// What a flash keeps of the typed fields, in bytes; the rest is dropped. Enough for any
    /// form's short fields, too little for a failed post to fill the disk.
    pub const MAX_BYTES: usize = 4 * 1024;
    /// How long an anonymous visitor's session, made only to carry a flash, is kept.
    pub const ANONYMOUS_MINUTES: i64 = 10;

    /// Fields whose value is never written back into a page.
    pub fn is_secret(name: &str) -> bool {
        name.contains("password") || name == "token"
    }

    /// Keeps fields in order while they fit in `MAX_BYTES`; a value that does not fit is cut
    /// at a character boundary, and later fields are dropped.
    pub fn capped(fields: impl IntoIterator<Item = (String, String)>) -> Vec<(String, String)> {
        let mut budget = Self::MAX_BYTES;
        let mut kept = Vec::new();
        for (name, mut value) in fields {
            if name.len() >= budget {
                break;
            }
            budget -= name.len();
            if value.len() > budget {
                let mut cut = budget;
                while !value.is_char_boundary(cut) {
                    cut -= 1;
                }
                value.truncate(cut);
            }
            budget -= value.len();
            kept.push((name, value));
        }
        kept
    }

    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Takes (and forgets) the last failed plain form post of this browser. A page load without
/// one leaves the session untouched, so it is not written back.
#[server(endpoint = "take_flash")]
pub async fn take_flash() -> Result<Option<Flash>, AppError> {
    use crate::api::ctx;
    use crate::ssr::messages::ServiceError;
    let session = ctx::session().await?;
    let internal =
        |e: tower_sessions::session::Error| ctx::refuse(ServiceError::Internal(e.to_string()));
    if session
        .get_value(Flash::SESSION_KEY)
        .await
        .map_err(internal)?
        .is_none()
    {
        return Ok(None);
    }
    session
        .remove::<Flash>(Flash::SESSION_KEY)
        .await
        .map_err(internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flash_keeps_at_most_four_kilobytes_of_fields() {
        let fields = vec![
            ("name".to_owned(), "Lê Hoa".to_owned()),
            ("description".to_owned(), "ế".repeat(10_000)),
            ("email".to_owned(), "hoa@example.vn".to_owned()),
        ];
        let kept = Flash::capped(fields);
        let size: usize = kept.iter().map(|(k, v)| k.len() + v.len()).sum();
        assert!(size <= Flash::MAX_BYTES, "{size}");
        assert_eq!(kept[0], ("name".to_owned(), "Lê Hoa".to_owned()));
        assert_eq!(kept.len(), 2);
        assert!(kept[1].1.chars().all(|c| c == 'ế'));
    }
}
