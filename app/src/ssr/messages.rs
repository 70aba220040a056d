//! What services say to a user, as data. The service decides which message; the edge renders
//! it in the user's language, so tests can assert the exact reason without parsing text.

use crate::domain::Lang;
use crate::error::AppError;
use crate::i18n::{Locale, td_string};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Email,
    EmailTaken,
    Name,
    PasswordShort,
    PasswordLong,
    PasswordCommon,
    PasswordWeak,
    PasswordPersonal,
    PasswordCurrent,
    ControlCharacters,
    Credentials,
    Token,
    ContestCode,
    ContestCodeTaken,
    ContestName,
    Description,
    TimeZone,
    Role,
    Contest,
    Language,
    InviteEmail { email: String },
}

impl Msg {
    pub fn text(&self, lang: Lang) -> String {
        let l: Locale = lang.into();
        match self {
            Msg::Email => td_string!(l, invalid.email).to_string(),
            Msg::EmailTaken => td_string!(l, invalid.email_taken).to_string(),
            Msg::Name => td_string!(l, invalid.name).to_string(),
            Msg::PasswordShort => td_string!(l, invalid.password_short).to_string(),
            Msg::PasswordLong => td_string!(l, invalid.password_long).to_string(),
            Msg::PasswordCommon => td_string!(l, invalid.password_common).to_string(),
            Msg::PasswordWeak => td_string!(l, invalid.password_weak).to_string(),
            Msg::PasswordPersonal => td_string!(l, invalid.password_personal).to_string(),
            Msg::PasswordCurrent => td_string!(l, invalid.password_current).to_string(),
            Msg::ControlCharacters => td_string!(l, invalid.control_characters).to_string(),
            Msg::Credentials => td_string!(l, invalid.credentials).to_string(),
            Msg::Token => td_string!(l, invalid.token).to_string(),
            Msg::ContestCode => td_string!(l, invalid.contest_code).to_string(),
            Msg::ContestCodeTaken => td_string!(l, invalid.contest_code_taken).to_string(),
            Msg::ContestName => td_string!(l, invalid.contest_name).to_string(),
            Msg::Description => td_string!(l, invalid.description).to_string(),
            Msg::TimeZone => td_string!(l, invalid.time_zone).to_string(),
            Msg::Role => td_string!(l, invalid.role).to_string(),
            Msg::Contest => td_string!(l, invalid.contest).to_string(),
            Msg::Language => td_string!(l, invalid.language).to_string(),
            Msg::InviteEmail { email } => {
                td_string!(l, invalid.invite_email, email = email.as_str()).to_string()
            }
        }
    }
}

/// Why a use case did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("invalid {field:?}: {msg:?}")]
    Invalid {
        field: Option<&'static str>,
        msg: Msg,
    },
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("rate limited")]
    RateLimited,
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("internal: {0}")]
    Internal(String),
}

impl ServiceError {
    pub fn invalid(field: &'static str, msg: Msg) -> Self {
        ServiceError::Invalid {
            field: Some(field),
            msg,
        }
    }

    /// The wire form in the user's language. Infrastructure causes are logged here, with
    /// context, and never sent.
    pub fn into_app_error(self, lang: Lang) -> AppError {
        let l: Locale = lang.into();
        match self {
            ServiceError::Invalid { field, msg } => AppError::Invalid {
                field: field.map(str::to_owned),
                message: msg.text(lang),
            },
            ServiceError::Unauthenticated => {
                AppError::Unauthenticated(td_string!(l, invalid.sign_in_needed).to_string())
            }
            ServiceError::Forbidden => {
                AppError::Forbidden(td_string!(l, invalid.forbidden).to_string())
            }
            ServiceError::NotFound => {
                AppError::NotFound(td_string!(l, invalid.not_found).to_string())
            }
            ServiceError::RateLimited => {
                AppError::RateLimited(td_string!(l, invalid.rate_limited).to_string())
            }
            ServiceError::Db(e) => {
                tracing::error!(error = %e, "database error");
                AppError::Server(td_string!(l, invalid.server).to_string())
            }
            ServiceError::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                AppError::Server(td_string!(l, invalid.server).to_string())
            }
        }
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
