//! The categories a sub-committee member is limited to, as rows. Roles stored with a JSON list
//! of category codes become `sub_committee` roles linked to category rows (made when missing,
//! named by their code).

use crate::scopes::{ScopeTable, down_scopes, up_scopes};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SCOPE: ScopeTable = ScopeTable {
    links: "contest_role_categories",
    owner_column: "role_id",
    owners: "contest_roles",
};

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        up_scopes(manager, &SCOPE).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        down_scopes(manager, &SCOPE).await
    }
}
