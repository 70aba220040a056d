//! The committee's list sorted by title reads this index instead of sorting every entry of the
//! contest on each page (measured in docs/benchmarks.md).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Entries {
    Table,
    ContestId,
    TitleKey,
    Number,
}

const NAME: &str = "ix_entries_contest_title";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(crate::index(
                NAME,
                Entries::Table,
                [Entries::ContestId, Entries::TitleKey, Entries::Number],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(NAME).table(Entries::Table).to_owned())
            .await
    }
}
