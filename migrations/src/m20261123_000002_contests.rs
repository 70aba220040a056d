//! Contests, per-contest roles (committee members and judges) and invitations to them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Contests {
    Table,
    Id,
    Code,
    NameVi,
    NameEn,
    DescriptionVi,
    DescriptionEn,
    TimeZone,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ContestRoles {
    Table,
    Id,
    ContestId,
    UserId,
    Role,
    Categories,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    TokenHash,
    Email,
    ContestId,
    Role,
    Categories,
    InvitedBy,
    ExpiresAt,
    AcceptedAt,
    AcceptedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Contests::Table)
                    .col(pk_uuid(Contests::Id))
                    .col(string_len_uniq(Contests::Code, 32))
                    .col(string(Contests::NameVi))
                    .col(string(Contests::NameEn))
                    .col(text(Contests::DescriptionVi))
                    .col(text(Contests::DescriptionEn))
                    .col(string_len(Contests::TimeZone, 64).default("Asia/Ho_Chi_Minh"))
                    .col(uuid(Contests::CreatedBy))
                    .col(timestamp_with_time_zone(Contests::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Contests::Table, Contests::CreatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(crate::index(
                "idx_contests_created_at",
                Contests::Table,
                [Contests::CreatedAt],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ContestRoles::Table)
                    .col(pk_uuid(ContestRoles::Id))
                    .col(uuid(ContestRoles::ContestId))
                    .col(uuid(ContestRoles::UserId))
                    .col(string_len(ContestRoles::Role, 16))
                    .col(text_null(ContestRoles::Categories))
                    .col(timestamp_with_time_zone(ContestRoles::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ContestRoles::Table, ContestRoles::ContestId)
                            .to(Contests::Table, Contests::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ContestRoles::Table, ContestRoles::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                crate::index(
                    "uq_contest_roles",
                    ContestRoles::Table,
                    [
                        ContestRoles::ContestId,
                        ContestRoles::UserId,
                        ContestRoles::Role,
                    ],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(crate::index(
                "idx_contest_roles_user",
                ContestRoles::Table,
                [ContestRoles::UserId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Invitations::Table)
                    .col(pk_uuid(Invitations::Id))
                    .col(string_uniq(Invitations::TokenHash))
                    .col(string(Invitations::Email))
                    .col(uuid(Invitations::ContestId))
                    .col(string_len(Invitations::Role, 16))
                    .col(text_null(Invitations::Categories))
                    .col(uuid(Invitations::InvitedBy))
                    .col(timestamp_with_time_zone(Invitations::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Invitations::AcceptedAt))
                    .col(uuid_null(Invitations::AcceptedBy))
                    .col(timestamp_with_time_zone(Invitations::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Invitations::Table, Invitations::ContestId)
                            .to(Contests::Table, Contests::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Invitations::Table, Invitations::InvitedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(crate::index(
                "idx_invitations_contest",
                Invitations::Table,
                [Invitations::ContestId],
            ))
            .await
    }
}
