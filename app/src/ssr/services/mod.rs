//! Use cases: each loads what it needs, asks the domain when there is a rule to apply, and
//! writes in one transaction. Nothing here knows about HTTP; server functions, routes, the
//! CLI and tests call these directly.

pub mod accounts;
pub mod contests;
pub mod invitations;
pub mod outbox;
pub mod secrets;

use super::messages::{Msg, ServiceError};
use sea_orm::DbErr;

/// A page of a listing: 1-based page number and its size, with a sane ceiling.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub page: u64,
    pub per_page: u64,
}

impl PageRequest {
    pub const MAX_PER_PAGE: u64 = 100;

    pub fn new(page: Option<u64>, per_page: u64) -> Self {
        Self {
            page: page.unwrap_or(1).max(1),
            per_page: per_page.clamp(1, Self::MAX_PER_PAGE),
        }
    }

    pub fn offset(&self) -> u64 {
        (self.page - 1) * self.per_page
    }
}

/// Trims and lower-cases an email and checks its shape: one `@`, a non-empty local part, a
/// domain with a dot, no spaces, at most 254 characters.
pub fn normalize_email(raw: &str) -> Result<String, ServiceError> {
    let email = raw.trim().to_lowercase();
    let valid = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if valid {
        Ok(email)
    } else {
        Err(ServiceError::invalid("email", Msg::Email))
    }
}

/// True when the database refused a row because a unique column already holds the value.
pub fn is_unique_violation(e: &DbErr) -> bool {
    matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_lowercased_and_checked() {
        assert_eq!(
            normalize_email("  Lan.Nguyen@Example.VN ").unwrap(),
            "lan.nguyen@example.vn"
        );
        for bad in [
            "",
            "lan",
            "lan@",
            "@example.vn",
            "lan@example",
            "l an@example.vn",
            "a@b@c.vn",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn page_requests_start_at_one_and_are_capped() {
        let p = PageRequest::new(Some(0), 1000);
        assert_eq!((p.page, p.per_page, p.offset()), (1, 100, 0));
        assert_eq!(PageRequest::new(Some(3), 20).offset(), 40);
    }
}
