//! Drops `contest_roles.categories` (JSON text), replaced by the link table of category rows.
//! Down adds the column back empty.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ContestRoles {
    Table,
    Categories,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ContestRoles::Table)
                    .drop_column(ContestRoles::Categories)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ContestRoles::Table)
                    .add_column(text_null(ContestRoles::Categories))
                    .to_owned(),
            )
            .await
    }
}
