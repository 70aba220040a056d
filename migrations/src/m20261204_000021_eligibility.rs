//! Eligibility: a contest's rules (JSON of `EligibilityRules`; `{}` checks nothing), what an
//! entry says for them (the lead's date of birth, the province, the company's founding date,
//! as `YYYY-MM-DD` or empty), the outcome of the checks (`auto_eligibility`), the committee's
//! decision with its reason, and the outcome that counts (`eligibility`: the decision when
//! there is one), indexed for the committee's filter.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Contests {
    Eligibility,
}

#[derive(DeriveIden)]
enum Entries {
    Table,
    ContestId,
    Number,
    BirthDate,
    Province,
    Founded,
    AutoEligibility,
    Eligibility,
    Decision,
    DecisionReason,
    DecidedAt,
    DecidedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let add = |table: Alias, column: ColumnDef| {
            Table::alter().table(table).add_column(column).to_owned()
        };
        let contests = || Alias::new("contests");
        let entries = || Alias::new("entries");
        // One column per statement: SQLite adds one at a time.
        manager
            .alter_table(add(
                contests(),
                text(Contests::Eligibility).default("{}").to_owned(),
            ))
            .await?;
        for column in [
            string(Entries::BirthDate).default("").to_owned(),
            string(Entries::Province).default("").to_owned(),
            string(Entries::Founded).default("").to_owned(),
            string_len(Entries::AutoEligibility, 16)
                .default("eligible")
                .to_owned(),
            string_len(Entries::Eligibility, 16)
                .default("eligible")
                .to_owned(),
            string_len_null(Entries::Decision, 16).to_owned(),
            text_null(Entries::DecisionReason).to_owned(),
            timestamp_with_time_zone_null(Entries::DecidedAt).to_owned(),
            uuid_null(Entries::DecidedBy).to_owned(),
        ] {
            manager.alter_table(add(entries(), column)).await?;
        }
        manager
            .create_index(crate::index(
                "ix_entries_contest_eligibility",
                Entries::Table,
                [Entries::ContestId, Entries::Eligibility, Entries::Number],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_entries_contest_eligibility")
                    .table(Entries::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            "decided_by",
            "decided_at",
            "decision_reason",
            "decision",
            "eligibility",
            "auto_eligibility",
            "founded",
            "province",
            "birth_date",
        ] {
            crate::drop_column(manager, "entries", column).await?;
        }
        crate::drop_column(manager, "contests", "eligibility").await
    }
}
