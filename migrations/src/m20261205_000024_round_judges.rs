//! The judges chosen for a round from the contest's jury: the assignment planner deals the
//! round's entries among them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Rounds {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum RoundJudges {
    Table,
    RoundId,
    JudgeId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RoundJudges::Table)
                    .col(uuid(RoundJudges::RoundId))
                    .col(uuid(RoundJudges::JudgeId))
                    .col(timestamp_with_time_zone(RoundJudges::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(RoundJudges::RoundId)
                            .col(RoundJudges::JudgeId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RoundJudges::Table, RoundJudges::RoundId)
                            .to(Rounds::Table, Rounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RoundJudges::Table, RoundJudges::JudgeId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RoundJudges::Table).to_owned())
            .await
    }
}
