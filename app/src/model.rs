//! The types services take and return, shared with pages (they compile for the browser too).
//! Services own them: `api` passes them across the wire and converts where the wire needs
//! another shape; services never import `api`.

use crate::domain::Lang;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "ssr")]
use sea_orm::entity::prelude::*;

/// Validation limits, defined once: services check them and forms put them in
/// `maxlength`/`minlength`.
pub mod limits {
    /// A person's name, in characters.
    pub const PERSON_NAME_MAX: usize = 100;
    /// A contest's or a category's name, in characters.
    pub const TITLE_MAX: usize = 200;
    /// A contest's description, in characters.
    pub const DESCRIPTION_MAX: usize = 20_000;
    /// Contest and category codes: ASCII letters, digits and dashes.
    pub const CODE_MIN: usize = 2;
    pub const CODE_MAX: usize = 32;
    /// Passwords, in characters (argon2 hashes any length; the ceiling bounds the work).
    pub const PASSWORD_MIN: usize = 8;
    pub const PASSWORD_MAX: usize = 200;
    /// An email address, in bytes (RFC 5321).
    pub const EMAIL_MAX: usize = 254;
    /// A reason given for an action, in characters.
    pub const REASON_MAX: usize = 2_000;
}

/// A person's part in one contest. Stored as text; an unknown stored value is an error when
/// read, never some default role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(DeriveActiveEnum, EnumIter))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The organising committee: runs the whole contest.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "committee"))]
    Committee,
    /// A committee member limited to some categories.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "sub_committee"))]
    SubCommittee,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "judge"))]
    Judge,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Judge, Role::Committee, Role::SubCommittee];

    /// The form value and stored text.
    pub fn code(self) -> &'static str {
        match self {
            Role::Committee => "committee",
            Role::SubCommittee => "sub_committee",
            Role::Judge => "judge",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code.trim())
    }
}

/// A category of a contest, as lists and forms show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: Uuid,
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
}

impl Category {
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_vi, &self.name_en)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewCategory {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContestSummary {
    pub id: Uuid,
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub description_vi: String,
    pub description_en: String,
    pub time_zone: String,
    pub created: crate::format::Zoned,
}

impl ContestSummary {
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_vi, &self.name_en)
    }

    pub fn description(&self, lang: Lang) -> &str {
        lang.pick(&self.description_vi, &self.description_en)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewContest {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub description_vi: String,
    pub description_en: String,
    pub time_zone: String,
}

/// What a contest's committee may change after creation (the code stays: links use it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContestSettings {
    pub name_vi: String,
    pub name_en: String,
    pub description_vi: String,
    pub description_en: String,
    pub time_zone: String,
}

/// One of the signed-in user's roles, with its contest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyRole {
    pub contest: ContestSummary,
    pub role: Role,
    /// The categories a sub-committee member is limited to; empty for other roles.
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    pub contest: ContestSummary,
    pub role: Role,
    pub categories: Vec<Category>,
    pub email: String,
    pub account_exists: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub is_admin: bool,
    pub lang: Lang,
    pub created_at: DateTime<Utc>,
}

/// One page of a longer listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

impl<T> Paged<T> {
    pub fn has_next(&self) -> bool {
        self.page * self.per_page < self.total
    }
}

/// A person with a role in a contest, or invited to one, as its committee sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub name: Option<String>,
    pub email: String,
    pub role: Role,
    pub categories: Vec<String>,
    /// Invited and not yet accepted; the date the link expires.
    pub pending_until: Option<crate::format::Zoned>,
}

/// A mail in the outbox, as administrators read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxMail {
    pub id: Uuid,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created: crate::format::Zoned,
    pub sent: bool,
}

/// One record of the audit log, as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: Uuid,
    /// Position in its chain, from 1.
    pub seq: i64,
    pub at: crate::format::Zoned,
    pub actor: String,
    pub contest: Option<String>,
    pub kind: String,
    pub object_kind: String,
    pub object_id: String,
    pub reason: Option<String>,
    /// Field → (before, after); `null` where the field had no value.
    pub changes: Vec<(String, Option<String>, Option<String>)>,
}

/// What the audit page filters by; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// A contest code (committee members must give theirs).
    pub contest: Option<String>,
    /// The object's id or code, exactly.
    pub object: Option<String>,
    /// The actor's email.
    pub actor: Option<String>,
    /// The kind, or its first part (`contest` finds `contest.created`).
    pub kind: Option<String>,
    /// From this day (YYYY-MM-DD, inclusive).
    pub from: Option<String>,
    /// To this day (YYYY-MM-DD, inclusive).
    pub to: Option<String>,
}
