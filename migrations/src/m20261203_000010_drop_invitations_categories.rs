//! Drops `invitations.categories` (JSON text), replaced by the link table of category rows.
//! Down adds the column back empty.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Categories,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Invitations::Table)
                    .drop_column(Invitations::Categories)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Invitations::Table)
                    .add_column(text_null(Invitations::Categories))
                    .to_owned(),
            )
            .await
    }
}
