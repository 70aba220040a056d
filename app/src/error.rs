//! `AppError`: the one error that crosses the wire between server functions and pages, and
//! that the JSON API documents.
//!
//! It carries a stable `code` for programs (`contest.code_taken`, `auth.rate_limited`,
//! `form.invalid`…), a message in the user's language that says what to fix, and for invalid
//! input every field at fault with its path. Infrastructure failures never carry their cause
//! across the wire: the server logs it and the user reads a plain "something went wrong".

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What kind of refusal, which decides the HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Input the user can correct (422).
    Invalid,
    Unauthenticated,
    Forbidden,
    /// Also what a user gets for something that exists but is not theirs.
    NotFound,
    RateLimited,
    /// Someone else changed the thing since it was read (409): nothing was saved.
    Conflict,
    Server,
}

/// One field at fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's name or a path into the input: `email`, `members[2].email`.
    pub path: String,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub kind: ErrorKind,
    pub code: String,
    /// The first problem, in the user's language.
    pub message: String,
    /// Every field at fault (invalid input only).
    #[serde(default)]
    pub fields: Vec<FieldError>,
}

impl AppError {
    pub fn new(kind: ErrorKind, code: &str, message: impl Into<String>) -> Self {
        AppError {
            kind,
            code: code.to_owned(),
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// The HTTP status of this error: the one place it is decided.
    pub fn status(&self) -> u16 {
        match self.kind {
            ErrorKind::Invalid => 422,
            ErrorKind::Unauthenticated => 401,
            ErrorKind::Forbidden => 403,
            ErrorKind::NotFound => 404,
            ErrorKind::RateLimited => 429,
            ErrorKind::Conflict => 409,
            ErrorKind::Server => 500,
        }
    }

    /// Whether the error concerns the field `path`.
    pub fn concerns(&self, path: &str) -> bool {
        self.fields.iter().any(|f| f.path == path)
    }

    /// The messages to list under the form's heading: one per field at fault, or the message.
    pub fn messages(&self) -> Vec<String> {
        if self.fields.len() > 1 {
            self.fields.iter().map(|f| f.message.clone()).collect()
        } else {
            vec![self.message.clone()]
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // A form field that could not be read is the user's to fix.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::new(
                ErrorKind::Invalid,
                "form.invalid",
                crate::i18n::fallback::form_incomplete(),
            ),
            _ => AppError::new(
                ErrorKind::Server,
                "server.unreachable",
                crate::i18n::fallback::server_unreachable(),
            ),
        }
    }
}
