//! Attachments: files a founder uploads to an entry. The contest says which kinds it takes
//! (`attachment_types`, codes such as `pdf,docx`) and how large a file may be
//! (`attachment_max_mb`). The file itself lives in the data directory under a name made from
//! the contest's and the attachment's ids; the row keeps the name it was uploaded with (for
//! display only), its kind as read from its content, its size and its SHA-256.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Contests {
    Table,
    Id,
    AttachmentTypes,
    AttachmentMaxMb,
}

#[derive(DeriveIden)]
enum Entries {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Attachments {
    Table,
    Id,
    EntryId,
    ContestId,
    Name,
    Kind,
    Size,
    Sha256,
    UploadedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Contests::Table)
                    .add_column(string(Contests::AttachmentTypes).default("pdf"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Contests::Table)
                    .add_column(integer(Contests::AttachmentMaxMb).default(20))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Attachments::Table)
                    .col(pk_uuid(Attachments::Id))
                    .col(uuid(Attachments::EntryId))
                    .col(uuid(Attachments::ContestId))
                    .col(string(Attachments::Name))
                    .col(string(Attachments::Kind))
                    .col(big_integer(Attachments::Size))
                    .col(string(Attachments::Sha256))
                    .col(uuid(Attachments::UploadedBy))
                    .col(timestamp_with_time_zone(Attachments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Attachments::Table, Attachments::EntryId)
                            .to(Entries::Table, Entries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Attachments::Table, Attachments::ContestId)
                            .to(Contests::Table, Contests::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(crate::index(
                "ix_attachments_entry",
                Attachments::Table,
                [Attachments::EntryId],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Attachments::Table).to_owned())
            .await?;
        crate::drop_column(manager, "contests", "attachment_max_mb").await?;
        crate::drop_column(manager, "contests", "attachment_types").await
    }
}
