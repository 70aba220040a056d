//! JuryDesk's contest rules (SCORING.md) as pure functions over plain data.
//!
//! Nothing here performs I/O, reads the clock or depends on the web stack or the database:
//! pages, CSV exports, the JSON API and the CLI all call these functions, so they can never
//! disagree about a number.

mod lang;
pub use lang::Lang;

pub mod advancement;
pub mod aggregate;
pub mod assignment;
pub mod calibration;
pub mod committee;
mod decisions;
pub mod digest;
pub mod discrepancy;
pub mod error;
mod exact;
pub mod explain;
pub mod files;
pub mod localized;
pub mod points;
pub mod prizes;
pub mod ranking;
pub mod replay;
pub mod round;
pub mod rubric;
pub mod scoring;
pub mod settings;
pub mod sheet;
mod tally;

pub use error::DomainError;
pub use round::{Entry, RoundInput, RoundOutcome, compute};
