//! Publication (issue 11): a finalised round's result is published by its committee, and only
//! then does anything of it reach the public or the founders. The publication lives on the
//! round's kept result (`round_results`), so reopening a round, which deletes that row, voids
//! its publication with it. `show_scores` says whether published pages show scores;
//! `publish_files` whether the round's files (`round.toml`, `entries.csv`, `sheets.csv`) are
//! downloadable by anyone, to check the digest with `jurydesk results`. Every publication and
//! unpublication is in the audit log with its reason.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RoundResults {
    Table,
    PublishedAt,
    PublishedBy,
    ShowScores,
    PublishFiles,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one column at a time.
        for column in [
            timestamp_with_time_zone_null(RoundResults::PublishedAt),
            uuid_null(RoundResults::PublishedBy),
            boolean(RoundResults::ShowScores).default(false).to_owned(),
            boolean(RoundResults::PublishFiles)
                .default(false)
                .to_owned(),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(RoundResults::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            RoundResults::PublishFiles,
            RoundResults::ShowScores,
            RoundResults::PublishedBy,
            RoundResults::PublishedAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(RoundResults::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
