//! HTTP tests: the real server on port 0 with a fresh database per test, over real HTTP.
//!
//! Run them one test at a time (`make test` passes `--test-threads=1`): each test starts a
//! whole server and sends it parallel requests of its own, but two Leptos servers running in
//! one test process at once sometimes left a page request waiting forever (seen about once
//! per run of the suite; never with one server per process, never under `make load`). The
//! client gives up after 60 s, so such a wait fails its test instead of hanging the run.

mod helpers;

mod accounts;
mod concurrency;
mod contests;
mod hardening;
mod mail;
mod security;
