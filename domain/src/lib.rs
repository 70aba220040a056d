//! JuryDesk's contest rules (SCORING.md) as pure functions over plain data.
//!
//! Nothing here performs I/O, reads the clock or depends on the web stack or the database:
//! pages, CSV exports, the JSON API and the CLI all call these functions, so they can never
//! disagree about a number.

mod lang;
pub use lang::Lang;
