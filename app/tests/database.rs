//! How the database is opened.

mod common;

use common::TestDb;
use sea_orm::{ConnectionTrait, Statement};

async fn pragma(db: &sea_orm::DatabaseConnection, name: &str) -> String {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("PRAGMA {name}"),
        ))
        .await
        .unwrap()
        .expect("a pragma row");
    row.try_get_by_index::<String>(0)
        .or_else(|_| row.try_get_by_index::<i64>(0).map(|n| n.to_string()))
        .unwrap()
}

#[tokio::test]
async fn sqlite_opens_with_wal_full_sync_foreign_keys_and_a_busy_timeout() {
    let test = TestDb::sqlite().await;
    assert_eq!(pragma(&test.db, "journal_mode").await, "wal");
    assert_eq!(pragma(&test.db, "synchronous").await, "2", "FULL");
    assert_eq!(pragma(&test.db, "foreign_keys").await, "1");
    assert_eq!(
        pragma(&test.db, "busy_timeout").await,
        app::ssr::db::BUSY_TIMEOUT.as_millis().to_string()
    );
    test.drop_db().await;
}
