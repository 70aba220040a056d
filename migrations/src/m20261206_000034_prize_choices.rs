//! The committee's choices inside a tie across a prize boundary (SCORING.md §8,
//! `at_boundary = "committee_decides"`): for one entry of a final round, the prize it gets
//! (its position in the round's list, from 1) or none, with the reason, one per (round, entry).
//! Written into the round's exported `round.toml` as `[[committee.prize_choices]]`.

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
enum PrizeChoices {
    Table,
    RoundId,
    EntryId,
    Prize,
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
                    .table(PrizeChoices::Table)
                    .col(uuid(PrizeChoices::RoundId))
                    .col(uuid(PrizeChoices::EntryId))
                    .col(integer_null(PrizeChoices::Prize))
                    .col(text(PrizeChoices::Reason))
                    .col(uuid(PrizeChoices::DecidedBy))
                    .col(timestamp_with_time_zone(PrizeChoices::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(PrizeChoices::RoundId)
                            .col(PrizeChoices::EntryId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PrizeChoices::Table, PrizeChoices::RoundId)
                            .to(Rounds::Table, Rounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PrizeChoices::Table, PrizeChoices::EntryId)
                            .to(Entries::Table, Entries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PrizeChoices::Table).to_owned())
            .await
    }
}
