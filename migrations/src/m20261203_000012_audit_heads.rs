//! The head of each audit chain: its last position and hash. An append locks this row in its
//! transaction, so two writers (two server instances on one PostgreSQL) cannot fork a chain.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditHeads {
    Table,
    Chain,
    Seq,
    Hash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditHeads::Table)
                    .col(string_len(AuditHeads::Chain, 64).primary_key())
                    .col(big_integer(AuditHeads::Seq))
                    .col(string_len(AuditHeads::Hash, 64))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditHeads::Table).to_owned())
            .await
    }
}
