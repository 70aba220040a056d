//! Rate limits as counters that are checked and counted in one statement, replacing the
//! sign-in attempts table whose count-then-insert raced under parallel requests.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RateLimits {
    Table,
    Key,
    WindowStart,
    Count,
}

#[derive(DeriveIden)]
enum SignInAttempts {
    Table,
    Id,
    Email,
    Address,
    Succeeded,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RateLimits::Table)
                    .col(string(RateLimits::Key).primary_key())
                    // Unix seconds: compared as numbers on both databases.
                    .col(big_integer(RateLimits::WindowStart))
                    .col(big_integer(RateLimits::Count))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(crate::index(
                "idx_rate_limits_window_start",
                RateLimits::Table,
                [RateLimits::WindowStart],
            ))
            .await?;
        manager
            .drop_table(Table::drop().table(SignInAttempts::Table).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SignInAttempts::Table)
                    .col(pk_uuid(SignInAttempts::Id))
                    .col(string(SignInAttempts::Email))
                    .col(string(SignInAttempts::Address))
                    .col(boolean(SignInAttempts::Succeeded))
                    .col(timestamp_with_time_zone(SignInAttempts::At))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(RateLimits::Table).to_owned())
            .await
    }
}
