//! Drops `contest_roles.categories` (JSON text), replaced by the link table of category rows.
//! Down adds the column back empty.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_column(manager, "contest_roles", "categories").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::add_text_column(manager, "contest_roles", "categories").await
    }
}
