//! Password rules and hashing (argon2id with the crate's recommended parameters).
//!
//! Passwords are compared in Unicode NFC: Vietnamese input methods send a letter like "ế"
//! either as one code point or as "e" plus combining marks, and the same person must be able
//! to type the same password on any keyboard.

use super::messages::{Msg, ServiceError};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::collections::HashSet;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

pub use crate::model::limits::{PASSWORD_MAX as MAX_LEN, PASSWORD_MIN as MIN_LEN};

/// Passwords found at the top of public breach lists, plus Vietnamese favourites.
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common_passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// The form a password is checked, hashed and verified in.
pub fn normalize(password: &str) -> String {
    password.nfc().collect()
}

/// A password is acceptable when it has 8 to 200 characters, is not a common one (compared
/// without case), is not the person's email or name, and is not easy to guess: zxcvbn's
/// estimate must be at least "safely unguessable by an online attack" (score 2 of 4).
/// `personal` holds the email and name of the account.
pub fn check_strength(password: &str, personal: &[&str]) -> Result<(), ServiceError> {
    let password = normalize(password);
    let len = password.chars().count();
    if len < MIN_LEN {
        return Err(ServiceError::invalid("password", Msg::PasswordShort));
    }
    if len > MAX_LEN {
        return Err(ServiceError::invalid("password", Msg::PasswordLong));
    }
    let lower = password.to_lowercase();
    if COMMON.contains(lower.as_str()) {
        return Err(ServiceError::invalid("password", Msg::PasswordCommon));
    }
    let personal: Vec<String> = personal
        .iter()
        .flat_map(|p| {
            let p = normalize(p.trim()).to_lowercase();
            let local = p.split_once('@').map(|(local, _)| local.to_owned());
            std::iter::once(p).chain(local)
        })
        .filter(|p| !p.is_empty())
        .collect();
    if personal.contains(&lower) {
        return Err(ServiceError::invalid("password", Msg::PasswordPersonal));
    }
    let inputs: Vec<&str> = personal.iter().map(String::as_str).collect();
    if zxcvbn::zxcvbn(&password, &inputs).score() < zxcvbn::Score::Two {
        return Err(ServiceError::invalid("password", Msg::PasswordWeak));
    }
    Ok(())
}

fn hash_now(password: &str) -> Result<String, ServiceError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(normalize(password).as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Internal(format!("argon2 hash: {e}")))
}

fn verify_now(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(normalize(password).as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Hashes on a thread for blocking work: argon2 is slow on purpose, and on the server's
/// own threads a burst of sign-ups would stall every other request.
pub async fn hash(password: &str) -> Result<String, ServiceError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_now(&password))
        .await
        .map_err(|e| ServiceError::Internal(format!("argon2 task: {e}")))?
}

/// Verifies on a thread for blocking work (see `hash`).
pub async fn verify(password: &str, hash: &str) -> bool {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    tokio::task::spawn_blocking(move || verify_now(&password, &hash))
        .await
        .unwrap_or(false)
}

/// A hash of a password nobody has, verified against when the email is unknown, so that an
/// unknown email costs the same time as a wrong password.
pub static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_now("dummy password for timing").unwrap_or_default());

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(password: &str, personal: &[&str]) -> Option<Msg> {
        match check_strength(password, personal) {
            Ok(()) => None,
            Err(e) => Some(
                e.first_problem()
                    .map(|(_, m)| m.clone())
                    .unwrap_or_else(|| panic!("unexpected {e}")),
            ),
        }
    }

    #[test]
    fn short_common_personal_and_trivial_passwords_are_refused_with_the_reason() {
        assert_eq!(refusal("abc", &[]), Some(Msg::PasswordShort));
        assert_eq!(refusal("Password123", &[]), Some(Msg::PasswordCommon));
        assert_eq!(refusal("aaaaaaaa", &[]), Some(Msg::PasswordWeak));
        assert_eq!(refusal("        ", &[]), Some(Msg::PasswordWeak));
        let me = ["lan.nguyen@example.vn", "Nguyễn Thị Lan"];
        assert_eq!(
            refusal("lan.nguyen@example.vn", &me),
            Some(Msg::PasswordPersonal)
        );
        assert_eq!(
            refusal("LAN.NGUYEN@example.vn", &me),
            Some(Msg::PasswordPersonal)
        );
        assert_eq!(refusal("nguyễn thị lan", &me), Some(Msg::PasswordPersonal));
        assert_eq!(refusal("ngựa-vằn-ăn-cỏ", &me), None);
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let h = hash("đúng mật khẩu").await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("đúng mật khẩu", &h).await);
        assert!(!verify("sai mật khẩu", &h).await);
        assert!(!verify("x", "not a hash").await);
    }

    #[tokio::test]
    async fn a_password_typed_composed_or_decomposed_is_the_same_password() {
        let composed = "mật-khẩu-ếch-xanh";
        let decomposed: String = composed.nfd().collect();
        assert_ne!(composed, decomposed);
        let h = hash(&decomposed).await.unwrap();
        assert!(verify(composed, &h).await);
        let h = hash(composed).await.unwrap();
        assert!(verify(&decomposed, &h).await);
    }
}
