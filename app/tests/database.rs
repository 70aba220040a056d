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

#[tokio::test]
async fn every_migration_since_the_first_two_goes_down_and_up_again_on_both_databases() {
    use migrations::{Migrator, MigratorTrait};
    // The first two (accounts, contests) predate the rule that every migration has a down.
    const WITHOUT_DOWN: usize = 2;
    common::on_each_database(|db| async move {
        let applied = Migrator::get_applied_migrations(&db).await.unwrap().len();
        assert_eq!(applied, Migrator::migrations().len());
        Migrator::down(&db, Some((applied - WITHOUT_DOWN) as u32))
            .await
            .unwrap();
        assert_eq!(
            Migrator::get_applied_migrations(&db).await.unwrap().len(),
            WITHOUT_DOWN
        );
        Migrator::up(&db, None).await.unwrap();
        assert_eq!(
            Migrator::get_applied_migrations(&db).await.unwrap().len(),
            applied
        );
    })
    .await;
}
