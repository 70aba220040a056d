//! Opening the database: SQLite (the default, one file) or PostgreSQL.

use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use std::time::Duration;

/// How long a write waits for another one to finish before it gives up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Connects with settings that keep data safe: for SQLite, write-ahead logging, full sync on
/// commit, foreign keys enforced and a busy timeout.
///
/// SQLite takes one writer at a time, and a writer that finds the lock taken can only poll
/// for it with growing sleeps: under a burst of writes that polling, not the work, took the
/// time, and requests gave up with "database is locked" or a pool timeout. So the server
/// keeps one connection to its SQLite file: statements queue in order and each runs at
/// once (reads take microseconds). The busy timeout still covers other processes, such as
/// `jurydesk create-admin` run beside the server. PostgreSQL has a pool of its own.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let sqlite = url.starts_with("sqlite:");
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false)
        .max_connections(if sqlite { 1 } else { 20 })
        .min_connections(1)
        .acquire_timeout(BUSY_TIMEOUT + Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(10));
    if sqlite {
        opts.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(BUSY_TIMEOUT)
        });
    }
    Database::connect(opts).await
}

/// Connections for reads. For SQLite, a small pool of read-only connections beside the one
/// that writes: in write-ahead-log mode readers neither wait for the writer nor stop it, so
/// page views (session, user, listings) do not queue behind each other or behind writes.
/// For PostgreSQL, the same pool.
pub async fn connect_reads(
    url: &str,
    db: &DatabaseConnection,
) -> Result<DatabaseConnection, DbErr> {
    if !url.starts_with("sqlite:") {
        return Ok(db.clone());
    }
    let mut opts = ConnectOptions::new(url.replace("mode=rwc", "mode=ro"));
    opts.sqlx_logging(false)
        .max_connections(4)
        .min_connections(1)
        .acquire_timeout(BUSY_TIMEOUT + Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(10));
    opts.map_sqlx_sqlite_opts(|o| {
        o.read_only(true)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
    });
    Database::connect(opts).await
}

/// Starts a transaction that will write. On SQLite it takes the write lock at `BEGIN`
/// (`BEGIN IMMEDIATE`): a transaction that read first and wrote later could not wait for
/// the lock and would fail at once with SQLITE_BUSY(_SNAPSHOT) when another writer got in
/// between. PostgreSQL ignores the setting.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}
