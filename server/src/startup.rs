//! connect → migrate → router(state) → serve(listener, router, shutdown).

use crate::config::{DataConfig, ServeConfig};
use crate::routes;
use app::app::{App, shell};
use app::ssr::services::secrets;
use app::ssr::session_store::DbSessionStore;
use app::ssr::{AppSettings, AppState, db};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sea_orm::DatabaseConnection;
use sha2::{Digest, Sha512};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_sessions::cookie::{Key, SameSite};
use tower_sessions::{Expiry, SessionManagerLayer};

/// Opens the database named by the configuration, creating the data directory for SQLite,
/// and applies pending migrations. Every failure is a sentence an operator can act on.
pub async fn open_database(data: &DataConfig) -> Result<DatabaseConnection, String> {
    std::fs::create_dir_all(&data.data_dir).map_err(|e| {
        format!(
            "cannot create the data directory {}: {e}. Create it, or set JURYDESK_DATA_DIR to a writable directory.",
            data.data_dir.display()
        )
    })?;
    let url = data.database_url();
    let shown = crate::config::redact_url(&url);
    let conn = db::connect(&url).await.map_err(|e| {
        if url.starts_with("postgres") {
            format!("cannot reach PostgreSQL at {shown}: {e}. Check that the server runs and DATABASE_URL is right.")
        } else {
            format!("cannot open the database {shown}: {e}")
        }
    })?;
    db::migrate(&conn)
        .await
        .map_err(|e| format!("the database migration failed, nothing was started: {e}"))?;
    Ok(conn)
}

pub fn leptos_options(serve: &ServeConfig) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("jurydesk")
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
            .map_err(|e| format!("cannot read or store the session secret: {e}"))?,
    };
    let state = AppState {
        db: db.clone(),
        leptos_options: leptos_options(serve),
        settings: Arc::new(AppSettings {
            public_url: serve.public_url(),
            data_dir: data.data_dir.clone(),
            smtp: serve.smtp(),
        }),
        outbox_wake: Arc::new(tokio::sync::Notify::new()),
    };

    let store = DbSessionStore::new(db);
    let sessions = SessionManagerLayer::new(store.clone())
        .with_name("jurydesk_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(serve.secure_cookies())
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::days(14),
        ))
        .with_signed(cookie_key(&secret));
    tokio::spawn(async move {
        loop {
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    });

    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || leptos::prelude::provide_context(state.clone())
    };
    let router = Router::new()
        .merge(routes::plain_routes())
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell));
    let router = routes::layers(router, serve.public_url())
        .layer(sessions)
        .with_state(state.clone());
    let router = routes::observability(router);
    Ok((router, state))
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
