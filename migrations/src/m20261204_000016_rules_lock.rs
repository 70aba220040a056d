//! The rules lock: from the opening of submissions a contest's rules (its descriptions and its
//! rounds) are locked and fingerprinted; `rules_unlocked_at` is set while the committee has
//! unlocked them, with a reason, to correct something.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Contests {
    Table,
    RulesUnlockedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Contests::Table)
                    .add_column(
                        ColumnDef::new(Contests::RulesUnlockedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_column(manager, "contests", "rules_unlocked_at").await
    }
}
