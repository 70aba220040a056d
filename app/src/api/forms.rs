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

    /// Fields whose value is never written back into a page.
    pub fn is_secret(name: &str) -> bool {
        name.contains("password") || name == "token"
    }

    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Takes (and forgets) the last failed plain form post of this browser.
#[server(endpoint = "take_flash")]
pub async fn take_flash() -> Result<Option<Flash>, AppError> {
    use crate::api::ctx;
    let session = crate::ssr::auth::session().await.map_err(ctx::fail)?;
    session
        .remove::<Flash>(Flash::SESSION_KEY)
        .await
        .map_err(|e| ctx::fail(crate::ssr::messages::ServiceError::Internal(e.to_string())))
}
