//! The categories an invitation to a sub-committee is limited to, as rows (as for roles).

use crate::scopes::{ScopeTable, down_scopes, up_scopes};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SCOPE: ScopeTable = ScopeTable {
    links: "invitation_categories",
    owner_column: "invitation_id",
    owners: "invitations",
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
