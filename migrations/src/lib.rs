//! JuryDesk's schema history. Migrations are append-only: a merged file is never edited, a
//! change is a new file. Every migration runs on SQLite and on PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_accounts;
mod m20261123_000002_contests;
mod m20261203_000003_rate_limits;
mod m20261203_000004_email_confirmed;
mod m20261203_000005_session_epoch;

/// `CREATE INDEX name ON table (columns…)`, the statement most migrations repeat.
pub(crate) fn index<T, C>(
    name: &str,
    table: T,
    columns: impl IntoIterator<Item = C>,
) -> IndexCreateStatement
where
    T: IntoIden,
    C: IntoIndexColumn,
{
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column);
    }
    index.to_owned()
}

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_accounts::Migration),
            Box::new(m20261123_000002_contests::Migration),
            Box::new(m20261203_000003_rate_limits::Migration),
            Box::new(m20261203_000004_email_confirmed::Migration),
            Box::new(m20261203_000005_session_epoch::Migration),
        ]
    }
}
