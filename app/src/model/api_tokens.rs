//! A contest's API tokens as its committee manages them (docs/api.md): what each is called,
//! when it was made and last used, and whether it is revoked. The token itself is shown once,
//! when it is made, and never again.

use super::judging::ContestRef;
use crate::format::Zoned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenView {
    pub id: Uuid,
    pub label: String,
    pub created: Zoned,
    pub created_by: String,
    pub last_used: Option<Zoned>,
    pub revoked: Option<Zoned>,
}

/// The contest's API page: its tokens, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokens {
    pub contest: ContestRef,
    pub tokens: Vec<ApiTokenView>,
}

/// A token just made: `secret` is shown to its maker this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiToken {
    pub token: ApiTokenView,
    pub secret: String,
}

/// What the API page shows: the tokens, a token this person just made without JavaScript
/// (shown this once), and the server's address for the example command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiPage {
    pub tokens: ApiTokens,
    pub just_made: Option<NewApiToken>,
    pub public_url: String,
}
