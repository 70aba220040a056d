//! The audit log (SCORING.md §10): append-only records, each holding the SHA-256 of its
//! canonical content and of the record before it in its chain (one chain per contest, and one
//! for the site). No foreign keys: a record outlives what it names.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    Chain,
    Seq,
    At,
    ActorId,
    Actor,
    ContestId,
    Kind,
    ObjectKind,
    ObjectId,
    Reason,
    Changes,
    PrevHash,
    Hash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(pk_uuid(AuditLog::Id))
                    .col(string_len(AuditLog::Chain, 64))
                    .col(big_integer(AuditLog::Seq))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(uuid_null(AuditLog::ActorId))
                    .col(string(AuditLog::Actor))
                    .col(uuid_null(AuditLog::ContestId))
                    .col(string_len(AuditLog::Kind, 64))
                    .col(string_len(AuditLog::ObjectKind, 32))
                    .col(string_len(AuditLog::ObjectId, 64))
                    .col(text_null(AuditLog::Reason))
                    .col(text(AuditLog::Changes))
                    .col(string_len(AuditLog::PrevHash, 64))
                    .col(string_len(AuditLog::Hash, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                crate::index(
                    "uq_audit_chain_seq",
                    AuditLog::Table,
                    [AuditLog::Chain, AuditLog::Seq],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_audit_contest", vec![AuditLog::ContestId, AuditLog::Id]),
            ("idx_audit_actor", vec![AuditLog::ActorId, AuditLog::Id]),
            ("idx_audit_kind", vec![AuditLog::Kind, AuditLog::Id]),
            ("idx_audit_object", vec![AuditLog::ObjectId, AuditLog::Id]),
        ] {
            manager
                .create_index(crate::index(name, AuditLog::Table, columns))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await
    }
}
