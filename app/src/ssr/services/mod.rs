//! Use cases: each loads what it needs, asks the domain when there is a rule to apply, and
//! writes in one transaction. Nothing here knows about HTTP; server functions, routes, the
//! CLI and tests call these directly.

pub mod accounts;
pub mod api_tokens;
pub mod assignment;
pub mod assignment_import;
pub mod attachments;
pub mod audit;
pub mod conflicts;
pub mod contest_file;
pub mod contests;
pub mod demo;
pub mod demo_results;
pub mod discrepancies;
pub mod eligibility;
pub mod entries;
pub mod entry_import;
pub mod form_fields;
pub mod invitations;
pub mod judge_import;
pub mod judges;
pub mod judging;
pub mod kept;
pub mod limits;
pub mod outbox;
pub mod progress;
pub mod publication;
pub mod results;
pub mod rounds;
pub mod rubric_form;
pub mod rules;
pub mod secrets;
pub mod sheets;

use super::messages::{Msg, ServiceError};
use crate::model::limits::EMAIL_MAX;
use sea_orm::DbErr;
use unicode_normalization::UnicodeNormalization;

/// A page of a listing: 1-based page number and its size, with a sane ceiling.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub page: u64,
    pub per_page: u64,
}

impl PageRequest {
    pub const MAX_PER_PAGE: u64 = 100;
    /// No listing has this many pages; a larger number is read as this one, so the offset
    /// always fits the database's 64-bit signed integers.
    pub const MAX_PAGE: u64 = 1_000_000;

    pub fn new(page: Option<u64>, per_page: u64) -> Self {
        Self {
            page: page.unwrap_or(1).clamp(1, Self::MAX_PAGE),
            per_page: per_page.clamp(1, Self::MAX_PER_PAGE),
        }
    }

    pub fn offset(&self) -> u64 {
        (self.page - 1) * self.per_page
    }

    /// This page of a listing of `total` rows.
    pub fn of<T>(&self, items: Vec<T>, total: u64) -> crate::model::Paged<T> {
        crate::model::Paged {
            items,
            page: self.page,
            per_page: self.per_page,
            total,
        }
    }
}

/// Trims, lower-cases and NFC-normalises an email (the same address typed with composed or
/// decomposed accents is one account) and checks its shape: one `@`, a non-empty local part,
/// a domain with a dot, no spaces or control characters, at most 254 characters.
pub fn normalize_email(raw: &str) -> Result<String, ServiceError> {
    let email: String = raw.trim().nfc().collect::<String>().to_lowercase();
    let valid = email.len() <= EMAIL_MAX
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
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

/// Trims and NFC-normalises one line of text a person typed (a name, a title) and refuses
/// control characters, which no form can type and PostgreSQL cannot store (NUL).
pub fn clean_line(raw: &str) -> Option<String> {
    let text: String = raw.trim().nfc().collect();
    (!text.chars().any(char::is_control)).then_some(text)
}

/// The same for text with several lines: tabs and line breaks are kept.
pub fn clean_text(raw: &str) -> Option<String> {
    let text: String = raw.trim().nfc().collect();
    (!text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')))
    .then_some(text)
}

/// A reason given for an action: 1 to `REASON_MAX` characters of text.
pub(crate) fn check_reason(raw: &str) -> crate::ssr::messages::ServiceResult<String> {
    use crate::ssr::messages::{Msg, ServiceError};
    let reason = clean_text(raw).unwrap_or_default();
    if reason.is_empty() || reason.chars().count() > crate::model::limits::REASON_MAX {
        return Err(ServiceError::invalid("reason", Msg::Reason));
    }
    Ok(reason)
}

/// Text as search compares it: without accents or tone marks, `đ` as `d`, lower case, so
/// "nong nghiep" finds "Nông nghiệp" and "ĐÀ LẠT" finds "Đà Lạt".
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| if matches!(c, 'đ' | 'Đ') { 'd' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of a search, folded, without the characters `LIKE` gives a meaning to.
pub fn search_terms(raw: &str) -> Vec<String> {
    fold(raw)
        .split_whitespace()
        .map(|w| w.replace(['%', '_', '\\'], ""))
        .filter(|w| !w.is_empty())
        .take(8)
        .collect()
}

/// True when the database refused a row because a unique column already holds the value.
pub fn is_unique_violation(e: &DbErr) -> bool {
    matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// Reads a refused insert: a value already taken is the user's to change (`msg` on `field`);
/// anything else is the database's failure.
pub fn taken(field: &'static str, msg: Msg) -> impl FnOnce(DbErr) -> ServiceError {
    move |e| {
        if is_unique_violation(&e) {
            ServiceError::invalid(field, msg)
        } else {
            e.into()
        }
    }
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
            "lan\u{0}@example.vn",
            "lan@exam\u{7f}ple.vn",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn an_email_typed_with_decomposed_accents_is_the_same_email() {
        let composed = "nguyễn@trường.vn";
        let decomposed: String = composed.nfd().collect();
        assert_eq!(
            normalize_email(&decomposed).unwrap(),
            normalize_email(composed).unwrap()
        );
    }

    #[test]
    fn page_requests_start_at_one_and_are_capped() {
        let p = PageRequest::new(Some(0), 1000);
        assert_eq!((p.page, p.per_page, p.offset()), (1, 100, 0));
        assert_eq!(PageRequest::new(Some(3), 20).offset(), 40);
        let huge = PageRequest::new(Some(461_168_601_842_738_792), 20);
        assert_eq!(huge.page, PageRequest::MAX_PAGE);
        assert!(i64::try_from(huge.offset()).is_ok());
        let max = PageRequest::new(Some(u64::MAX), PageRequest::MAX_PER_PAGE);
        assert!(i64::try_from(max.offset()).is_ok());
    }

    #[test]
    fn search_ignores_vietnamese_accents_and_case() {
        assert_eq!(fold("Nông nghiệp ĐÀ LẠT"), "nong nghiep da lat");
        let decomposed: String = "Nông nghiệp".nfd().collect();
        assert_eq!(fold(&decomposed), "nong nghiep");
        assert_eq!(
            search_terms("  Nông  100%_ "),
            vec!["nong".to_owned(), "100".to_owned()]
        );
    }

    #[test]
    fn typed_text_is_normalised_and_control_characters_are_refused() {
        assert_eq!(clean_line("  Lê Hoa "), Some("Lê Hoa".into()));
        assert_eq!(clean_line("Lê\u{0}Hoa"), None);
        assert_eq!(clean_line("a\nb"), None);
        assert_eq!(clean_text("a\nb\tc"), Some("a\nb\tc".into()));
        assert_eq!(clean_text("a\u{0}b"), None);
    }
}
