//! A contest's submission window (when founders may enter and edit, stored in UTC and shown in
//! the contest's time zone) and the counter its entry codes are numbered from.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Contests {
    Table,
    SubmissionsOpenAt,
    SubmissionsCloseAt,
    EntrySeq,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one change at a time.
        for column in [
            ColumnDef::new(Contests::SubmissionsOpenAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            ColumnDef::new(Contests::SubmissionsCloseAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            ColumnDef::new(Contests::EntrySeq)
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Contests::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["submissions_open_at", "submissions_close_at", "entry_seq"] {
            crate::drop_column(manager, "contests", column).await?;
        }
        Ok(())
    }
}
