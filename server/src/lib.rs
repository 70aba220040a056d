//! The `jurydesk` binary's parts, as a library so the HTTP tests start the very same server.

pub mod api_v1;
pub mod cli;
pub mod config;
pub mod results;
pub mod routes;
pub mod startup;
