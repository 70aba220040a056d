//! The committee's changes to a round's advancing list (SCORING.md §7): an entry added to or
//! removed from it, with the reason, one per (round, entry). A tie at the cutoff that the
//! rules leave to the committee is decided the same way. Written into the round's exported
//! `round.toml` as `[[committee.overrides]]`.

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
enum AdvancementOverrides {
    Table,
    RoundId,
    EntryId,
    Action,
    Reason,
    DecidedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AdvancementOverrides::Table)
                    .col(uuid(AdvancementOverrides::RoundId))
                    .col(uuid(AdvancementOverrides::EntryId))
                    .col(string(AdvancementOverrides::Action))
                    .col(text(AdvancementOverrides::Reason))
                    .col(uuid(AdvancementOverrides::DecidedBy))
                    .col(timestamp_with_time_zone(AdvancementOverrides::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(AdvancementOverrides::RoundId)
                            .col(AdvancementOverrides::EntryId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AdvancementOverrides::Table, AdvancementOverrides::RoundId)
                            .to(Rounds::Table, Rounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AdvancementOverrides::Table, AdvancementOverrides::EntryId)
                            .to(Entries::Table, Entries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AdvancementOverrides::Table).to_owned())
            .await
    }
}
