//! connect → migrate → router(state) → serve(listener, router, shutdown).

use crate::config::{DataConfig, ServeConfig};
use crate::routes;
use app::app::{App, shell};
use app::ssr::services::secrets;
use app::ssr::session_store::DbSessionStore;
use app::ssr::{AppSettings, AppState, db};
use axum::Router;
use axum::http::{HeaderValue, header};
use leptos::config::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sea_orm::DatabaseConnection;
use sha2::{Digest, Sha512};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_sessions::cookie::{Key, SameSite};
use tower_sessions::{Expiry, SessionManagerLayer};

/// Written into the data directory once its SQLite database exists: a later start that finds
/// the marker but not the database refuses to begin again with an empty one.
pub const MARKER_FILE: &str = "JURYDESK_DATA";

/// The SQLite file a URL names, if it names one.
pub fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or(url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// Names the usual operator-fixable cause of a database error.
pub fn explain_db_error(e: &impl std::fmt::Display) -> String {
    let text = e.to_string();
    if text.contains("readonly") || text.contains("read-only") || text.contains("code: 8") {
        format!("the database is read-only (a read-only disk or file permissions): {text}")
    } else if text.contains("disk is full") || text.contains("code: 13") {
        format!("the disk is full: {text}")
    } else {
        text
    }
}

/// Refuses a data directory the server cannot write, naming it.
fn check_writable(dir: &Path) -> Result<(), String> {
    let probe = dir.join(".write-test");
    std::fs::write(&probe, b"ok")
        .and_then(|()| std::fs::remove_file(&probe))
        .map_err(|e| {
            format!(
                "the data directory {} cannot be written ({e}): JuryDesk keeps its database and uploads there. \
                 Mount the disk read-write and give the server's user write permission, or set JURYDESK_DATA_DIR.",
                dir.display()
            )
        })
}

/// Opens the database named by the configuration, creating the data directory for SQLite,
/// and applies pending migrations. Every failure is a sentence an operator can act on.
/// For commands that run alone: SQLite's log is checkpointed as commits go.
pub async fn open_database(data: &DataConfig) -> Result<DatabaseConnection, String> {
    open_database_with(data, db::Checkpoints::OnCommit).await
}

/// `open_database` for the server: `build` checkpoints SQLite's log in the background.
pub async fn open_server_database(data: &DataConfig) -> Result<DatabaseConnection, String> {
    open_database_with(data, db::Checkpoints::Background).await
}

async fn open_database_with(
    data: &DataConfig,
    checkpoints: db::Checkpoints,
) -> Result<DatabaseConnection, String> {
    std::fs::create_dir_all(&data.data_dir).map_err(|e| {
        format!(
            "cannot create the data directory {}: {e}. Create it, or set JURYDESK_DATA_DIR to a writable directory.",
            data.data_dir.display()
        )
    })?;
    check_writable(&data.data_dir)?;
    let url = data.database_url();
    let marker = data.data_dir.join(MARKER_FILE);
    let file = sqlite_file(&url);
    if let Some(file) = &file
        && !file.exists()
        && let Ok(note) = std::fs::read_to_string(&marker)
    {
        return Err(format!(
            "the database file {} is missing, but this data directory held a JuryDesk database ({}). \
             Nothing was started. Restore the file from a backup; to begin again with an empty database, delete {}.",
            file.display(),
            note.trim(),
            marker.display()
        ));
    }
    let shown = crate::config::redact_url(&url);
    let conn = db::connect_with(&url, checkpoints).await.map_err(|e| {
        if url.starts_with("postgres") {
            format!("cannot reach PostgreSQL at {shown}: {e}. Check that the server runs and DATABASE_URL is right.")
        } else {
            format!("cannot open the database {shown}: {e}")
        }
    })?;
    db::migrate(&conn).await.map_err(|e| {
        format!(
            "the database migration failed, nothing was started: {}",
            explain_db_error(&e)
        )
    })?;
    if let Some(file) = &file
        && !marker.exists()
    {
        let note = format!(
            "{} created {}",
            file.display(),
            chrono::Utc::now().format("%Y-%m-%d %H:%M UTC")
        );
        std::fs::write(&marker, note)
            .map_err(|e| format!("cannot write {}: {e}", marker.display()))?;
    }
    Ok(conn)
}

pub fn leptos_options(serve: &ServeConfig) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(routes::asset_name(Path::new(&serve.site_root)))
        .site_root(serve.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(serve.listen)
        .build()
}

/// Derives the 64-byte cookie signing key from the configured or stored secret.
fn cookie_key(secret: &str) -> Key {
    Key::from(&Sha512::digest(secret.as_bytes()))
}

pub async fn build(
    db: DatabaseConnection,
    serve: &ServeConfig,
    data: &DataConfig,
) -> Result<(Router, AppState), String> {
    let secret = match &serve.session_secret {
        Some(s) if s.len() >= 64 => s.clone(),
        Some(_) => return Err("JURYDESK_SESSION_SECRET must have at least 64 characters.".into()),
        None => secrets::get_or_create(&db, secrets::SESSION_SECRET)
            .await
            .map_err(|e| {
                format!(
                    "cannot read or store the session secret: {}",
                    explain_db_error(&e)
                )
            })?,
    };
    let health = routes::Health::new(db.clone(), sqlite_file(&data.database_url()))
        .await
        .map_err(|e| explain_db_error(&e))?;
    let read = db::connect_reads(&data.database_url(), &db)
        .await
        .map_err(|e| format!("cannot open read connections to the database: {e}"))?;
    db::checkpoint_in_background(&data.database_url());
    let state = AppState {
        db: db.clone(),
        read: read.clone(),
        leptos_options: leptos_options(serve),
        settings: Arc::new(AppSettings {
            public_url: serve.public_url(),
            data_dir: data.data_dir.clone(),
            smtp: serve.smtp(),
            trusted_proxies: serve.trusted_proxies()?,
        }),
        outbox_wake: Arc::new(tokio::sync::Notify::new()),
    };

    let store = DbSessionStore::new(db.clone(), read);
    let sessions = SessionManagerLayer::new(store.clone())
        .with_name("jurydesk_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(serve.secure_cookies())
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::days(14),
        ))
        .with_signed(cookie_key(&secret));
    tokio::spawn(clean_up(store, db.clone()));

    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || {
            leptos::prelude::provide_context(state.clone());
            allow_page_scripts();
        }
    };
    let router = Router::new()
        .merge(routes::plain_routes(health))
        .merge(crate::api_v1::router().0)
        .nest_service("/pkg", routes::pkg_service(Path::new(&serve.site_root)))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell));
    let router = routes::layers(router, serve.public_url())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            app::ssr::actor::resolve,
        ))
        .layer(sessions)
        .with_state(state.clone());
    let router = routes::observability(router);
    Ok((router, state))
}

/// Gives the page's Content-Security-Policy the nonce of this response's inline scripts.
fn allow_page_scripts() {
    use leptos::prelude::use_context;
    if let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) && let Ok(value) = HeaderValue::from_str(&routes::content_security_policy(Some(&nonce)))
    {
        res.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Every few minutes: expired sessions (an anonymous visitor's lasts minutes), rate-limit
/// counters of past windows, and sign-ups never finished.
async fn clean_up(store: DbSessionStore, db: DatabaseConnection) {
    loop {
        if let Err(e) = store.delete_expired().await {
            tracing::warn!(error = %e, "could not delete expired sessions");
        }
        if let Err(e) = app::ssr::services::limits::delete_stale(&db).await {
            tracing::warn!(error = %e, "could not delete old rate-limit counters");
        }
        if let Err(e) = app::ssr::services::accounts::delete_unfinished_sign_ups(&db).await {
            tracing::warn!(error = %e, "could not delete unfinished sign-ups");
        }
        tokio::time::sleep(Duration::from_secs(300)).await;
    }
}

/// Serves until `shutdown` resolves, then finishes the requests under way.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

pub async fn ctrl_c() {
    let _ = tokio::signal::ctrl_c().await;
    tracing::info!("shutting down");
}

/// Starts the mail sender when SMTP is configured.
pub fn start_mail(state: &AppState) {
    match state.settings.smtp.clone() {
        Some(smtp) => {
            tokio::spawn(app::ssr::mail::run_sender(
                state.db.clone(),
                smtp,
                state.outbox_wake.clone(),
            ));
        }
        None => tracing::info!("no SMTP server configured: mail waits in the outbox page"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_errors_name_a_read_only_or_full_disk() {
        let ro = explain_db_error(
            &"error returned from database: (code: 8) attempt to write a readonly database",
        );
        assert!(ro.starts_with("the database is read-only"), "{ro}");
        let full = explain_db_error(&"(code: 13) database or disk is full");
        assert!(full.starts_with("the disk is full"), "{full}");
        assert_eq!(explain_db_error(&"other"), "other");
    }

    #[test]
    fn a_data_directory_that_cannot_be_written_is_named() {
        let file = std::env::temp_dir().join(format!("jurydesk-not-a-dir-{}", std::process::id()));
        std::fs::write(&file, b"x").unwrap();
        let refused = check_writable(&file).unwrap_err();
        assert!(
            refused.contains("cannot be written") && refused.contains(&file.display().to_string()),
            "{refused}"
        );
        std::fs::remove_file(file).unwrap();
    }

    #[test]
    fn sqlite_urls_name_their_file() {
        assert_eq!(
            sqlite_file("sqlite://./data/jurydesk.db?mode=rwc"),
            Some(PathBuf::from("./data/jurydesk.db"))
        );
        assert_eq!(sqlite_file("postgres://x@y/z"), None);
        assert_eq!(sqlite_file("sqlite::memory:"), None);
    }
}
