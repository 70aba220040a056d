//! HTTP tests: the real server on port 0 with a fresh database per test, over real HTTP.
//!
//! They run one server at a time (`helpers::TestApp` holds a lock while its server runs): each test starts a
//! whole server and sends it parallel requests of its own, but two Leptos servers running in
//! one test process at once sometimes left a page request waiting forever (seen about once
//! per run of the suite; never with one server per process, never under `make load`). The
//! client gives up after 60 s, so such a wait fails its test instead of hanging the run.

mod helpers;

mod access;
mod accounts;
mod api_v1;
mod attachments;
mod audit;
mod concurrency;
mod contests;
mod entries;
mod hardening;
mod judging;
mod mail;
mod publication;
mod results;
mod security;
