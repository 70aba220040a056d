//! `/healthz`: 200 only when the database is the one this server opened and it takes a write.
//! A SQLite file deleted or replaced under a running server, or a disk turned read-only,
//! answers 503 with the reason (the reason names no path or secret).

use app::ssr::services::secrets;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// The write probe runs at most this often; a load balancer polling faster reads its result.
const WRITE_PROBE_EVERY: Duration = Duration::from_secs(5);

/// When the write probe last ran, and what it found.
type Probe = (Instant, Result<(), String>);

#[derive(Clone)]
pub struct Health {
    db: DatabaseConnection,
    /// A random id stored in the database at first start.
    database_id: String,
    /// The SQLite file and its identity (device, inode) when the server opened it.
    sqlite_file: Option<(PathBuf, (u64, u64))>,
    last_write: Arc<Mutex<Option<Probe>>>,
}

#[cfg(unix)]
fn identity(path: &std::path::Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(path: &std::path::Path) -> Option<(u64, u64)> {
    std::fs::metadata(path).ok().map(|m| (m.len().min(1), 0))
}

impl Health {
    pub async fn new(
        db: DatabaseConnection,
        sqlite_file: Option<PathBuf>,
    ) -> Result<Health, String> {
        let database_id = secrets::get_or_create(&db, secrets::DATABASE_ID)
            .await
            .map_err(|e| format!("cannot read or store the database id: {e}"))?;
        let sqlite_file = match sqlite_file {
            Some(path) => {
                let id = identity(&path)
                    .ok_or_else(|| format!("the database file {} is missing", path.display()))?;
                Some((path, id))
            }
            None => None,
        };
        Ok(Health {
            db,
            database_id,
            sqlite_file,
            last_write: Arc::new(Mutex::new(None)),
        })
    }

    /// `Ok` when healthy, else the reason.
    pub async fn check(&self) -> Result<(), String> {
        if let Some((path, id)) = &self.sqlite_file
            && identity(path) != Some(*id)
        {
            return Err("the database file was removed or replaced since the server started: restore it and restart".into());
        }
        let backend = self.db.get_database_backend();
        let sql = match backend {
            DbBackend::Postgres => "SELECT value FROM app_secrets WHERE name = $1",
            _ => "SELECT value FROM app_secrets WHERE name = ?",
        };
        let row = self
            .db
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [secrets::DATABASE_ID.into()],
            ))
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "health check: database unreachable");
                "the database does not answer".to_owned()
            })?;
        let id: Option<String> = row.and_then(|r| r.try_get_by_index(0).ok());
        if id.as_deref() != Some(self.database_id.as_str()) {
            return Err("the database is not the one the server opened: restart it".into());
        }
        self.write_probe().await
    }

    async fn write_probe(&self) -> Result<(), String> {
        let mut last = self.last_write.lock().await;
        if let Some((at, result)) = last.as_ref()
            && at.elapsed() < WRITE_PROBE_EVERY
        {
            return result.clone();
        }
        let result = secrets::touch_probe(&self.db).await.map_err(|e| {
            tracing::error!(error = %e, "health check: the database cannot be written");
            "the database cannot be written (read-only disk, full disk or permissions)".to_owned()
        });
        *last = Some((Instant::now(), result.clone()));
        result
    }
}

pub async fn healthz(State(health): State<Health>) -> impl IntoResponse {
    match health.check().await {
        Ok(()) => (StatusCode::OK, "ok".to_owned()),
        Err(reason) => (StatusCode::SERVICE_UNAVAILABLE, reason),
    }
}

pub async fn favicon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("favicon.svg"),
    )
}
