//! A judge's entries in a round read from the index alone. The index on (round, judge) left
//! the entry in the table row, and SQLite, without statistics, preferred to read the round's
//! whole pair index for it: at 60,000 assignments every sheet page and save read them all
//! (a save held the writer 5 ms; docs/benchmarks.md).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Assignments {
    Table,
    RoundId,
    JudgeId,
    EntryId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_assignments_judge")
                    .table(Assignments::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(crate::index(
                "ix_assignments_judge_entry",
                Assignments::Table,
                [
                    Assignments::RoundId,
                    Assignments::JudgeId,
                    Assignments::EntryId,
                ],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_assignments_judge_entry")
                    .table(Assignments::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(crate::index(
                "ix_assignments_judge",
                Assignments::Table,
                [Assignments::RoundId, Assignments::JudgeId],
            ))
            .await
    }
}
