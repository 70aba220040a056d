//! The rules lock: from the opening of submissions a contest's rules — its descriptions (the
//! thể lệ) and its rounds (the scoring settings and rubrics) — are locked, and their
//! fingerprint is shown on the public page. A change afterwards needs an explicit unlock with a
//! written reason; locking again shows the new fingerprint. Both are in the audit log.

use super::audit::{self, Changes, Record};
use super::contests::{self, find_by_code};
use super::rounds;
use crate::format::Zoned;
use crate::model::RulesStatus;
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::{contest, round};
use crate::ssr::messages::{Msg, ServiceError, ServiceResult};
use crate::ssr::policy::{self, Permission};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};
use sha2::{Digest, Sha256};

/// The SHA-256 (hex) of the rules: the two descriptions, then each round's names and rules
/// file, in order, each followed by the unit separator U+001F (docs/formats.md §7).
pub fn fingerprint(c: &contest::Model, rounds: &[round::Model]) -> String {
    let mut hasher = Sha256::new();
    let mut part = |text: &str| {
        hasher.update(text.as_bytes());
        hasher.update([0x1f]);
    };
    part(&c.description_vi);
    part(&c.description_en);
    for r in rounds {
        part(&r.name_vi);
        part(&r.name_en);
        part(&r.rules);
    }
    hex::encode(hasher.finalize())
}

/// Locked: submissions have opened and the committee has not unlocked the rules.
pub fn is_locked(c: &contest::Model, now: DateTime<Utc>) -> bool {
    c.submissions_open_at.is_some_and(|opens| now >= opens) && c.rules_unlocked_at.is_none()
}

/// Refuses a change to the rules of `c` while they are locked, saying since when.
pub(crate) fn require_unlocked(c: &contest::Model, now: DateTime<Utc>) -> ServiceResult<()> {
    match c.submissions_open_at {
        Some(opens) if is_locked(c, now) => Err(ServiceError::refused(Msg::RulesLocked {
            since: Zoned::new(opens, &c.time_zone),
            time_zone: c.time_zone.clone(),
        })),
        _ => Ok(()),
    }
}

/// Whether the rules are locked, since when, and their fingerprint (public).
pub async fn status(db: &DatabaseConnection, code: &str) -> ServiceResult<RulesStatus> {
    let c = find_by_code(db, code).await?;
    let rounds = rounds::rows(db, c.id).await?;
    let now = Utc::now();
    Ok(RulesStatus {
        locked: is_locked(&c, now),
        locks_at: c.submissions_open_at.map(|t| Zoned::new(t, &c.time_zone)),
        unlocked_since: c
            .submissions_open_at
            .filter(|opens| now >= *opens)
            .and(c.rules_unlocked_at)
            .map(|t| Zoned::new(t, &c.time_zone)),
        fingerprint: fingerprint(&c, &rounds),
    })
}

/// Unlocks a contest's locked rules so that its committee can correct them; the reason is
/// recorded with the fingerprint they had.
pub async fn unlock(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    reason: &str,
) -> ServiceResult<()> {
    let found = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(found.id))?;
    let reason = super::check_reason(reason)?;
    let txn = begin_write(db).await?;
    let c = contests::lock(&txn, found.id).await?;
    if !is_locked(&c, Utc::now()) {
        return Err(ServiceError::refused(Msg::RulesNotLocked));
    }
    let rounds = rounds::rows(&txn, c.id).await?;
    let print = fingerprint(&c, &rounds);
    let id = c.id;
    let mut row: contest::ActiveModel = c.into();
    row.rules_unlocked_at = Set(Some(Utc::now()));
    row.update(&txn).await?;
    audit::append(
        &txn,
        actor,
        Record::new("contest.rules_unlocked", "contest", id)
            .in_contest(id)
            .because(reason)
            .changes(Changes::new().set("fingerprint", print)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Locks the rules again after a correction; the audit record keeps the fingerprint before
/// the unlock and after.
pub async fn lock(db: &DatabaseConnection, actor: &Actor, code: &str) -> ServiceResult<()> {
    let found = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(found.id))?;
    let txn = begin_write(db).await?;
    let c = contests::lock(&txn, found.id).await?;
    if c.rules_unlocked_at.is_none() {
        return Err(ServiceError::refused(Msg::RulesNotUnlocked));
    }
    let rounds = rounds::rows(&txn, c.id).await?;
    let print = fingerprint(&c, &rounds);
    let id = c.id;
    let mut row: contest::ActiveModel = c.into();
    row.rules_unlocked_at = Set(None);
    row.update(&txn).await?;
    audit::append(
        &txn,
        actor,
        Record::new("contest.rules_locked", "contest", id)
            .in_contest(id)
            .changes(Changes::new().set("fingerprint", print)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
