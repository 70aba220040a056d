//! A contest's rounds, in order: names in both languages and the round's rules as the TOML
//! the scoring engine reads (settings and rubric, docs/formats.md), kept exactly as written so
//! an export gives back the same text.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Rounds {
    Table,
    Id,
    ContestId,
    Position,
    NameVi,
    NameEn,
    Rules,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Contests {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Rounds::Table)
                    .col(pk_uuid(Rounds::Id))
                    .col(uuid(Rounds::ContestId))
                    .col(integer(Rounds::Position))
                    .col(string(Rounds::NameVi))
                    .col(string(Rounds::NameEn))
                    .col(text(Rounds::Rules))
                    .col(timestamp_with_time_zone(Rounds::CreatedAt))
                    .col(timestamp_with_time_zone(Rounds::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Rounds::Table, Rounds::ContestId)
                            .to(Contests::Table, Contests::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                crate::index(
                    "uq_rounds_contest_position",
                    Rounds::Table,
                    [Rounds::ContestId, Rounds::Position],
                )
                .unique()
                .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Rounds::Table).to_owned())
            .await
    }
}
