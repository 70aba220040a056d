//! sea-orm entities, one per table. Relations are loaded with explicit `IN` queries, never
//! one query per row.

pub mod advancement_override;
pub mod api_token;
pub mod app_secret;
pub mod assignment;
pub mod attachment;
pub mod audit_head;
pub mod audit_log;
pub mod category;
pub mod conflict;
pub mod contest;
pub mod contest_role;
pub mod contest_role_category;
pub mod entry;
pub mod entry_member;
pub mod flag_acceptance;
pub mod invitation;
pub mod invitation_category;
pub mod outbox;
pub mod prize_choice;
pub mod rate_limit;
pub mod round;
pub mod round_judge;
pub mod round_result;
pub mod session;
pub mod sheet;
pub mod user;
pub mod user_token;
