//! Categories of a contest (SCORING.md: entries compete within a category). A table of their
//! own, so sub-committee scopes, invitations and later entries refer to rows, not to text.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Categories {
    Table,
    Id,
    ContestId,
    Code,
    NameVi,
    NameEn,
    Position,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Contests {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Categories::Table)
                    .col(pk_uuid(Categories::Id))
                    .col(uuid(Categories::ContestId))
                    .col(string_len(Categories::Code, 32))
                    .col(string(Categories::NameVi))
                    .col(string(Categories::NameEn))
                    .col(integer(Categories::Position).default(0))
                    .col(timestamp_with_time_zone(Categories::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Categories::Table, Categories::ContestId)
                            .to(Contests::Table, Contests::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                crate::index(
                    "uq_categories_contest_code",
                    Categories::Table,
                    [Categories::ContestId, Categories::Code],
                )
                .unique()
                .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Categories::Table).to_owned())
            .await
    }
}
