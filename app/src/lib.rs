//! JuryDesk's web application: the route table, pages and components (rendered on the server
//! and hydrated in the browser), the server functions they call, and, behind the `ssr`
//! feature, the services and persistence those functions use.

#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
pub mod error;
pub mod format;
pub mod i18n;
pub mod model;
pub mod pages;
pub mod redirect;
pub mod words;

/// The contest rules of SCORING.md, shared with the CLI and the exports.
pub use jurydesk_domain as domain;

#[cfg(feature = "ssr")]
pub mod ssr;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
