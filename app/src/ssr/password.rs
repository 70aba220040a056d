//! Password rules and hashing (argon2id with the crate's recommended parameters).

use super::messages::{Msg, ServiceError};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::collections::HashSet;
use std::sync::LazyLock;

pub const MIN_LEN: usize = 8;
pub const MAX_LEN: usize = 200;

/// Passwords found at the top of public breach lists, plus Vietnamese favourites.
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common_passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// A password is acceptable when it has 8 to 200 characters and is not a common one
/// (compared without case).
pub fn check_strength(password: &str) -> Result<(), ServiceError> {
    let len = password.chars().count();
    if len < MIN_LEN {
        return Err(ServiceError::invalid("password", Msg::PasswordShort));
    }
    if len > MAX_LEN {
        return Err(ServiceError::invalid("password", Msg::PasswordLong));
    }
    if COMMON.contains(password.to_lowercase().as_str()) {
        return Err(ServiceError::invalid("password", Msg::PasswordCommon));
    }
    Ok(())
}

pub fn hash(password: &str) -> Result<String, ServiceError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Internal(format!("argon2 hash: {e}")))
}

pub fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of a password nobody has, verified against when the email is unknown, so that an
/// unknown email costs the same time as a wrong password.
pub static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash("dummy password for timing").unwrap_or_default());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_common_passwords_are_refused_with_the_reason() {
        assert!(matches!(
            check_strength("abc"),
            Err(ServiceError::Invalid {
                msg: Msg::PasswordShort,
                ..
            })
        ));
        assert!(matches!(
            check_strength("Password123"),
            Err(ServiceError::Invalid {
                msg: Msg::PasswordCommon,
                ..
            })
        ));
        assert!(check_strength("ngựa-vằn-ăn-cỏ").is_ok());
    }

    #[test]
    fn a_hash_verifies_its_password_and_nothing_else() {
        let h = hash("đúng mật khẩu").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("đúng mật khẩu", &h));
        assert!(!verify("sai mật khẩu", &h));
        assert!(!verify("x", "not a hash"));
    }
}
