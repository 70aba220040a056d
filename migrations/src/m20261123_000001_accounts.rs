//! Accounts, sessions, single-use tokens, sign-in attempts, the mail outbox and app secrets.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    IsAdmin,
    Lang,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    Data,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum AppSecrets {
    Table,
    Name,
    Value,
}

#[derive(DeriveIden)]
enum UserTokens {
    Table,
    Id,
    UserId,
    Purpose,
    TokenHash,
    ExpiresAt,
    UsedAt,
    CreatedAt,
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

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    Recipient,
    Subject,
    Body,
    CreatedAt,
    SentAt,
    Attempts,
    LastError,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_uuid(Users::Id))
                    .col(string_uniq(Users::Email))
                    .col(string(Users::Name))
                    .col(string(Users::PasswordHash))
                    .col(boolean(Users::IsAdmin).default(false))
                    .col(string_len(Users::Lang, 8).default("vi"))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(string(Sessions::Id).primary_key())
                    .col(text(Sessions::Data))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(crate::index(
                "idx_sessions_expires_at",
                Sessions::Table,
                [Sessions::ExpiresAt],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AppSecrets::Table)
                    .col(string(AppSecrets::Name).primary_key())
                    .col(string(AppSecrets::Value))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(UserTokens::Table)
                    .col(pk_uuid(UserTokens::Id))
                    .col(uuid(UserTokens::UserId))
                    .col(string_len(UserTokens::Purpose, 16))
                    .col(string_uniq(UserTokens::TokenHash))
                    .col(timestamp_with_time_zone(UserTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(UserTokens::UsedAt))
                    .col(timestamp_with_time_zone(UserTokens::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(UserTokens::Table, UserTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(crate::index(
                "idx_user_tokens_user",
                UserTokens::Table,
                [UserTokens::UserId],
            ))
            .await?;

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
        for (name, column) in [
            ("idx_sign_in_attempts_email", SignInAttempts::Email),
            ("idx_sign_in_attempts_address", SignInAttempts::Address),
        ] {
            manager
                .create_index(crate::index(
                    name,
                    SignInAttempts::Table,
                    [column, SignInAttempts::At],
                ))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(pk_uuid(Outbox::Id))
                    .col(string(Outbox::Recipient))
                    .col(string(Outbox::Subject))
                    .col(text(Outbox::Body))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(Outbox::SentAt))
                    .col(integer(Outbox::Attempts).default(0))
                    .col(text_null(Outbox::LastError))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(crate::index(
                "idx_outbox_sent_created",
                Outbox::Table,
                [Outbox::SentAt, Outbox::CreatedAt],
            ))
            .await
    }
}
