//! `AppError`: the one error that crosses the wire between server functions and pages.
//!
//! Its messages are already in the user's language and say what to fix. Infrastructure
//! failures never carry their cause across the wire: the server logs it and the user reads a
//! plain "something went wrong".

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Input the user can correct; `field` names the form field when there is one.
    #[error("{message}")]
    Invalid {
        field: Option<String>,
        message: String,
    },
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    Forbidden(String),
    /// Also what a user gets for something that exists but is not theirs.
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    RateLimited(String),
    #[error("{0}")]
    Server(String),
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid { .. } => 422,
            AppError::Unauthenticated(_) => 401,
            AppError::Forbidden(_) => 403,
            AppError::NotFound(_) => 404,
            AppError::RateLimited(_) => 429,
            AppError::Server(_) => 500,
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid { field, .. } => field.as_deref(),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // A form field that could not be read is the user's to fix.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::Invalid {
                field: None,
                message: "Biểu mẫu thiếu thông tin. / The form is incomplete.".into(),
            },
            _ => AppError::Server(
                "Không kết nối được máy chủ. / The server could not be reached.".into(),
            ),
        }
    }
}
