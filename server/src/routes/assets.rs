//! The browser files under `/pkg`. The build names them after a hash of their content
//! (`jurydesk.<hash>.js`, `…_bg.wasm`, `….css`) and writes that name into `pkg/ASSET_NAME`,
//! with gzip and brotli copies beside each file. A name that changes with the content may be
//! cached for a year without ever going stale; pages themselves are never cached.

use axum::http::{HeaderValue, header};
use std::path::Path;
use tower::Layer;
use tower_http::services::ServeDir;
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};

/// The file the build writes with the hashed name.
pub const ASSET_NAME_FILE: &str = "ASSET_NAME";
const PLAIN_NAME: &str = "jurydesk";

/// The name of this build's browser files (without extension), `jurydesk` when the site was
/// built without hashing (the HTTP tests, which load no browser files).
pub fn asset_name(site_root: &Path) -> String {
    std::fs::read_to_string(site_root.join("pkg").join(ASSET_NAME_FILE))
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| {
            s.starts_with("jurydesk.")
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
        })
        .unwrap_or_else(|| PLAIN_NAME.to_owned())
}

/// Serves `pkg/`, compressed when the browser takes it, cached for a year when the names
/// are hashed and revalidated each time when they are not.
pub fn pkg_service(
    site_root: &Path,
) -> SetResponseHeader<SetResponseHeader<ServeDir, HeaderValue>, HeaderValue> {
    let hashed = asset_name(site_root) != PLAIN_NAME;
    let cache = if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let dir = ServeDir::new(site_root.join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    let vary = SetResponseHeaderLayer::overriding(
        header::VARY,
        HeaderValue::from_static("accept-encoding"),
    )
    .layer(dir);
    SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static(cache))
        .layer(vary)
}
