//! Opening the database: SQLite (the default, one file) or PostgreSQL.

use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbErr,
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
    connect_with(url, Checkpoints::OnCommit).await
}

/// Who copies SQLite's write-ahead log back into the database file (a checkpoint).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checkpoints {
    /// The connection that commits, whenever the log passes 1,000 pages (SQLite's default):
    /// for commands that run alone, such as `jurydesk demo`.
    OnCommit,
    /// `checkpoint_in_background`, never a commit: the server. A checkpoint copies about
    /// 4 MB and syncs the file; done in a commit, it made that one save of a hundred wait
    /// 10 to 30 ms (the slowest 1 % of sheet saves, docs/benchmarks.md).
    Background,
}

/// How often the server's background checkpoint runs: at 200 saves a second the log grows
/// by about 600 pages in this time, so it stays near SQLite's own threshold.
pub const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// The log's length (4 KB pages, 16 MB) past which the background checkpoint makes sure the
/// log starts over.
pub const LOG_PAGES_MAX: i64 = 4_000;

/// `connect`, with the log checkpointed as `checkpoints` says (SQLite; PostgreSQL ignores it).
pub async fn connect_with(
    url: &str,
    checkpoints: Checkpoints,
) -> Result<DatabaseConnection, DbErr> {
    let sqlite = url.starts_with("sqlite:");
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false)
        .max_connections(if sqlite { 1 } else { 20 })
        .min_connections(1)
        .acquire_timeout(BUSY_TIMEOUT + Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(10));
    if sqlite {
        opts.map_sqlx_sqlite_opts(move |o| {
            let o = o
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(BUSY_TIMEOUT);
            match checkpoints {
                Checkpoints::OnCommit => o,
                Checkpoints::Background => o
                    .pragma("wal_autocheckpoint", "0")
                    // The log file is cut back to this size when it starts over.
                    .pragma("journal_size_limit", (64 * 1024 * 1024).to_string()),
            }
        });
    }
    Database::connect(opts).await
}

/// Checkpoints the SQLite file at `url` every `CHECKPOINT_EVERY`, on a connection of its own,
/// for as long as the server runs (PostgreSQL: nothing to do). A passive checkpoint copies
/// what it can without waiting for readers or writers, and a commit never waits for it; once
/// everything is copied, the next commit starts the log over, so it stays small.
pub fn checkpoint_in_background(url: &str) {
    if !url.starts_with("sqlite:") {
        return;
    }
    let url = url.to_owned();
    tokio::spawn(async move {
        let mut failing = false;
        let mut every = tokio::time::interval(CHECKPOINT_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut conn: Option<DatabaseConnection> = None;
        let mut mode = "PASSIVE";
        loop {
            every.tick().await;
            let done = async {
                if conn.is_none() {
                    conn = Some(connect_with(&url, Checkpoints::Background).await?);
                }
                let c = conn.as_ref().expect("opened above");
                let statement = sea_orm::Statement::from_string(
                    c.get_database_backend(),
                    format!("PRAGMA wal_checkpoint({mode})"),
                );
                let row = c.query_one_raw(statement).await?;
                // (busy, pages in the log, pages copied)
                row.map(|r| r.try_get_by_index::<i64>(1)).transpose()
            }
            .await;
            match done {
                Ok(pages) => {
                    failing = false;
                    // Under saves without a pause the log never gets copied whole, so the
                    // writer never starts it over: past `LOG_PAGES_MAX`, the next checkpoint
                    // waits for readers and holds writers until it is copied (a few ms).
                    mode = if pages.unwrap_or(0) > LOG_PAGES_MAX {
                        "RESTART"
                    } else {
                        "PASSIVE"
                    };
                }
                // Said once per run of failures (a full disk would repeat it 4 times a
                // second); the connection is opened again on the next tick.
                Err(e) => {
                    if !failing {
                        tracing::warn!(error = %e, "the background checkpoint failed");
                    }
                    failing = true;
                    conn = None;
                }
            }
        }
    });
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
