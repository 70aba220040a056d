//! One route component per page, by area.

pub mod accounts;
pub mod admin;
pub mod api_tokens;
pub mod assignment;
pub mod attachments;
pub mod audit;
pub mod conflicts;
pub mod contests;
pub mod discrepancies;
pub mod eligibility;
pub mod entries;
pub mod errors;
pub mod form_fields;
pub mod home;
pub mod import;
pub mod invitations;
pub mod judges;
pub mod judging;
pub mod members;
pub mod progress;
pub mod public_results;
pub mod ranking;
pub mod rounds;
pub mod rules_panel;
pub mod score_table;
pub mod sheets;
