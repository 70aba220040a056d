//! Everything that only runs on the server: state, persistence, authentication and the
//! services (one transaction per use case) that server functions, routes and the CLI call.

pub mod actor;
pub mod auth;
pub mod client;
pub mod db;
pub mod entities;
pub mod exports;
pub mod lang;
pub mod letters;
pub mod mail;
pub mod markdown;
pub mod messages;
pub mod password;
pub mod policy;
pub mod services;
pub mod session_store;
pub mod state;
pub mod tokens;

pub use state::{AppSettings, AppState, SmtpSecurity, SmtpSettings};
