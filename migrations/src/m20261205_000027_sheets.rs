//! Score sheets (phiếu chấm điểm, SCORING.md §2): one per (round, entry, judge), made when the
//! judge first saves it (no row: not started). Scores and per-criterion comments are JSON
//! objects keyed by criterion key, scores as exact decimal strings; `version` counts saves, so
//! that a save from a stale tab is refused rather than overwriting a newer one. A void sheet
//! (its judge declared a conflict after submitting it) is kept with the reason.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Rounds {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Entries {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Sheets {
    Table,
    Id,
    RoundId,
    EntryId,
    JudgeId,
    State,
    Version,
    Scores,
    Comments,
    OverallComment,
    CommitteeNote,
    FounderFeedback,
    StateReason,
    CreatedAt,
    UpdatedAt,
    SubmittedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Sheets::Table)
                    .col(pk_uuid(Sheets::Id))
                    .col(uuid(Sheets::RoundId))
                    .col(uuid(Sheets::EntryId))
                    .col(uuid(Sheets::JudgeId))
                    .col(string_len(Sheets::State, 16))
                    .col(integer(Sheets::Version))
                    .col(text(Sheets::Scores).default("{}"))
                    .col(text(Sheets::Comments).default("{}"))
                    .col(text(Sheets::OverallComment).default(""))
                    .col(text(Sheets::CommitteeNote).default(""))
                    .col(text(Sheets::FounderFeedback).default(""))
                    .col(text(Sheets::StateReason).default(""))
                    .col(timestamp_with_time_zone(Sheets::CreatedAt))
                    .col(timestamp_with_time_zone(Sheets::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Sheets::SubmittedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Sheets::Table, Sheets::RoundId)
                            .to(Rounds::Table, Rounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Sheets::Table, Sheets::EntryId)
                            .to(Entries::Table, Entries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Sheets::Table, Sheets::JudgeId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                crate::index(
                    "ux_sheets_pair",
                    Sheets::Table,
                    [Sheets::RoundId, Sheets::EntryId, Sheets::JudgeId],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(crate::index(
                "ix_sheets_judge",
                Sheets::Table,
                [Sheets::RoundId, Sheets::JudgeId],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Sheets::Table).to_owned())
            .await
    }
}
