//! Indexes the judging pages read from alone, so the national round (60,000 sheets of large
//! rows, 20,000 entries with their texts) is counted without reading a table row:
//! - a judge's sheets by state, with their last save (the progress dashboard's judges);
//! - a round's sheets by state and entry (sheets in, per entry);
//! - a round's entries with their number and category (the dashboard's entries).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Sheets {
    Table,
    RoundId,
    JudgeId,
    EntryId,
    State,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Entries {
    Table,
    Id,
    ContestId,
    Round,
    Status,
    Eligibility,
    Number,
    CategoryId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_sheets_judge")
                    .table(Sheets::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(crate::index(
                "ix_sheets_judge_state",
                Sheets::Table,
                [
                    Sheets::RoundId,
                    Sheets::JudgeId,
                    Sheets::State,
                    Sheets::UpdatedAt,
                ],
            ))
            .await?;
        manager
            .create_index(crate::index(
                "ix_sheets_state_entry",
                Sheets::Table,
                [Sheets::RoundId, Sheets::State, Sheets::EntryId],
            ))
            .await?;
        manager
            .create_index(crate::index(
                "ix_entries_round_listing",
                Entries::Table,
                [
                    Entries::ContestId,
                    Entries::Round,
                    Entries::Status,
                    Entries::Eligibility,
                    Entries::Number,
                    Entries::CategoryId,
                    Entries::Id,
                ],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            ("ix_entries_round_listing", Entries::Table.into_iden()),
            ("ix_sheets_state_entry", Sheets::Table.into_iden()),
            ("ix_sheets_judge_state", Sheets::Table.into_iden()),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        manager
            .create_index(crate::index(
                "ix_sheets_judge",
                Sheets::Table,
                [Sheets::RoundId, Sheets::JudgeId],
            ))
            .await
    }
}
