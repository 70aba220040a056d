//! HTTP tests: the real server on port 0 with a fresh database per test, over real HTTP.

mod helpers;

mod accounts;
mod concurrency;
mod contests;
mod hardening;
mod mail;
mod security;
