//! Conflicts of interest recorded for a contest: one row per (judge, entry) at most, in one of
//! three states: `declared` by the judge, `added` by the committee, or `lifted` by the
//! committee (a detected or declared conflict the committee decided does not hold). Conflicts
//! the engine detects from organisations and email addresses are not stored; they are found
//! again each time from the current data. `declared_at` is when the conflict last took effect
//! (a sheet submitted before it is voided).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Contests {
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
enum Conflicts {
    Table,
    Id,
    ContestId,
    JudgeId,
    EntryId,
    State,
    Reason,
    DecidedBy,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Conflicts::Table)
                    .col(pk_uuid(Conflicts::Id))
                    .col(uuid(Conflicts::ContestId))
                    .col(uuid(Conflicts::JudgeId))
                    .col(uuid(Conflicts::EntryId))
                    .col(string(Conflicts::State))
                    .col(text(Conflicts::Reason).default(""))
                    .col(uuid(Conflicts::DecidedBy))
                    .col(timestamp_with_time_zone(Conflicts::CreatedAt))
                    .col(timestamp_with_time_zone(Conflicts::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Conflicts::Table, Conflicts::ContestId)
                            .to(Contests::Table, Contests::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Conflicts::Table, Conflicts::EntryId)
                            .to(Entries::Table, Entries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Conflicts::Table, Conflicts::JudgeId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                crate::index(
                    "ux_conflicts_pair",
                    Conflicts::Table,
                    [Conflicts::ContestId, Conflicts::JudgeId, Conflicts::EntryId],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(crate::index(
                "ix_conflicts_entry",
                Conflicts::Table,
                [Conflicts::EntryId],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Conflicts::Table).to_owned())
            .await
    }
}
