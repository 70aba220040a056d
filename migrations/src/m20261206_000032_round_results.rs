//! Finalised rounds (SCORING.md §10): `rounds.finalised_at` marks a round whose sheets are
//! frozen, and `round_results` keeps what it was finalised with — the round's files exactly as
//! `jurydesk results` reads them (rules with the committee's decisions, entries, sheets) and
//! the digest they replay to — so the published result is the one finalised, byte for byte.
//! Reopening a round (with a reason, in the audit log) deletes its row.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Rounds {
    Table,
    Id,
    FinalisedAt,
}

#[derive(DeriveIden)]
enum RoundResults {
    Table,
    RoundId,
    Digest,
    Rules,
    Entries,
    Sheets,
    FinalisedBy,
    FinalisedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Rounds::Table)
                    .add_column(timestamp_with_time_zone_null(Rounds::FinalisedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RoundResults::Table)
                    .col(pk_uuid(RoundResults::RoundId))
                    .col(string(RoundResults::Digest))
                    .col(text(RoundResults::Rules))
                    .col(text(RoundResults::Entries))
                    .col(text(RoundResults::Sheets))
                    .col(uuid(RoundResults::FinalisedBy))
                    .col(timestamp_with_time_zone(RoundResults::FinalisedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RoundResults::Table, RoundResults::RoundId)
                            .to(Rounds::Table, Rounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RoundResults::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Rounds::Table)
                    .drop_column(Rounds::FinalisedAt)
                    .to_owned(),
            )
            .await
    }
}
