//! The contest's own questions and the full timeline: the questions of the entry form (JSON of
//! `Vec<FormField>`), each entry's answers (JSON object by question key), the file question
//! an attachment answers (empty for a plain attachment); when registration opens (drafts
//! before submissions open) and when results are to be published; each round's judging
//! window; and the round an entry is in (0 for none yet), indexed for the committee's filter.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Contests {
    EntryForm,
    RegistrationOpensAt,
    ResultsAt,
}

#[derive(DeriveIden)]
enum Entries {
    Table,
    ContestId,
    Answers,
    Round,
    Number,
}

#[derive(DeriveIden)]
enum Rounds {
    JudgingOpensAt,
    JudgingClosesAt,
}

#[derive(DeriveIden)]
enum Attachments {
    Field,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let add = |table: &str, column: ColumnDef| {
            Table::alter()
                .table(Alias::new(table))
                .add_column(column)
                .to_owned()
        };
        // One column per statement: SQLite adds one at a time.
        for (table, column) in [
            (
                "contests",
                text(Contests::EntryForm).default("[]").to_owned(),
            ),
            (
                "contests",
                timestamp_with_time_zone_null(Contests::RegistrationOpensAt).to_owned(),
            ),
            (
                "contests",
                timestamp_with_time_zone_null(Contests::ResultsAt).to_owned(),
            ),
            ("entries", text(Entries::Answers).default("{}").to_owned()),
            ("entries", integer(Entries::Round).default(0).to_owned()),
            (
                "rounds",
                timestamp_with_time_zone_null(Rounds::JudgingOpensAt).to_owned(),
            ),
            (
                "rounds",
                timestamp_with_time_zone_null(Rounds::JudgingClosesAt).to_owned(),
            ),
            (
                "attachments",
                string(Attachments::Field).default("").to_owned(),
            ),
        ] {
            manager.alter_table(add(table, column)).await?;
        }
        manager
            .create_index(crate::index(
                "ix_entries_contest_round",
                Entries::Table,
                [Entries::ContestId, Entries::Round, Entries::Number],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_entries_contest_round")
                    .table(Entries::Table)
                    .to_owned(),
            )
            .await?;
        for (table, column) in [
            ("attachments", "field"),
            ("rounds", "judging_closes_at"),
            ("rounds", "judging_opens_at"),
            ("entries", "round"),
            ("entries", "answers"),
            ("contests", "results_at"),
            ("contests", "registration_opens_at"),
            ("contests", "entry_form"),
        ] {
            crate::drop_column(manager, table, column).await?;
        }
        Ok(())
    }
}
