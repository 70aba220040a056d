//! Two indexes the committee's list reads at 20,000 entries (docs/benchmarks.md): counting a
//! search scans the narrow `(contest_id, search)` index instead of every entry's full dossier,
//! and a list filtered by category and status is counted from the index alone.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Entries {
    Table,
    ContestId,
    CategoryId,
    Status,
    Number,
    Search,
}

const SEARCH: &str = "ix_entries_contest_search";
const CATEGORY_STATUS: &str = "ix_entries_contest_category_status";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(crate::index(
                SEARCH,
                Entries::Table,
                [Entries::ContestId, Entries::Search],
            ))
            .await?;
        manager
            .create_index(crate::index(
                CATEGORY_STATUS,
                Entries::Table,
                [
                    Entries::ContestId,
                    Entries::CategoryId,
                    Entries::Status,
                    Entries::Number,
                ],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in [SEARCH, CATEGORY_STATUS] {
            manager
                .drop_index(Index::drop().name(name).table(Entries::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}
