//! Founders' entries: the core fields of the entry form, a status, a version for saves that
//! must not overwrite each other, and a folded search text (no diacritics, lower case) so the
//! committee's search is one indexed-column scan, not a function per row.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Entries {
    Table,
    Id,
    ContestId,
    CategoryId,
    Number,
    Code,
    LeadId,
    Status,
    Title,
    Summary,
    Problem,
    Solution,
    Market,
    BusinessModel,
    Stage,
    Version,
    Search,
    TitleKey,
    CreatedAt,
    UpdatedAt,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum Contests {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Categories {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Entries::Table)
                    .col(pk_uuid(Entries::Id))
                    .col(uuid(Entries::ContestId))
                    .col(uuid_null(Entries::CategoryId))
                    .col(integer(Entries::Number))
                    .col(string_len(Entries::Code, 48).unique_key())
                    .col(uuid(Entries::LeadId))
                    .col(string_len(Entries::Status, 16))
                    .col(text(Entries::Title))
                    .col(text(Entries::Summary))
                    .col(text(Entries::Problem))
                    .col(text(Entries::Solution))
                    .col(text(Entries::Market))
                    .col(text(Entries::BusinessModel))
                    .col(string_len_null(Entries::Stage, 16))
                    .col(integer(Entries::Version))
                    .col(text(Entries::Search))
                    .col(text(Entries::TitleKey))
                    .col(timestamp_with_time_zone(Entries::CreatedAt))
                    .col(timestamp_with_time_zone(Entries::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Entries::SubmittedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Entries::Table, Entries::ContestId)
                            .to(Contests::Table, Contests::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Entries::Table, Entries::CategoryId)
                            .to(Categories::Table, Categories::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Entries::Table, Entries::LeadId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // The committee's list: by contest, filtered by status and category, in code order.
        for (name, columns) in [
            (
                "uq_entries_contest_number",
                vec![Entries::ContestId, Entries::Number],
            ),
            (
                "ix_entries_contest_status_number",
                vec![Entries::ContestId, Entries::Status, Entries::Number],
            ),
            (
                "ix_entries_contest_category_number",
                vec![Entries::ContestId, Entries::CategoryId, Entries::Number],
            ),
            ("ix_entries_lead", vec![Entries::LeadId, Entries::ContestId]),
        ] {
            let mut index = crate::index(name, Entries::Table, columns);
            if name.starts_with("uq_") {
                index.unique();
            }
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Entries::Table).to_owned())
            .await
    }
}
