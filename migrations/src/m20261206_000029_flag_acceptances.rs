//! Discrepancies the committee accepted (SCORING.md §5): one row per (round, entry), with the
//! note and the totals it saw. The acceptance holds for those totals only: when a sheet
//! changes them, the entry is flagged again.

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
enum FlagAcceptances {
    Table,
    Id,
    RoundId,
    EntryId,
    Note,
    Totals,
    DecidedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FlagAcceptances::Table)
                    .col(pk_uuid(FlagAcceptances::Id))
                    .col(uuid(FlagAcceptances::RoundId))
                    .col(uuid(FlagAcceptances::EntryId))
                    .col(text(FlagAcceptances::Note))
                    .col(text(FlagAcceptances::Totals))
                    .col(uuid(FlagAcceptances::DecidedBy))
                    .col(timestamp_with_time_zone(FlagAcceptances::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FlagAcceptances::Table, FlagAcceptances::RoundId)
                            .to(Rounds::Table, Rounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FlagAcceptances::Table, FlagAcceptances::EntryId)
                            .to(Entries::Table, Entries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                crate::index(
                    "ux_flag_acceptances_entry",
                    FlagAcceptances::Table,
                    [FlagAcceptances::RoundId, FlagAcceptances::EntryId],
                )
                .unique()
                .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FlagAcceptances::Table).to_owned())
            .await
    }
}
