//! The team of an entry besides its lead: name, email, organisation and role, in the order
//! the lead lists them. A member whose email has an account reads the entry (looked up by the
//! email index).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum EntryMembers {
    Table,
    Id,
    EntryId,
    Position,
    Name,
    Email,
    Organisation,
    Role,
}

#[derive(DeriveIden)]
enum Entries {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(EntryMembers::Table)
                    .col(pk_uuid(EntryMembers::Id))
                    .col(uuid(EntryMembers::EntryId))
                    .col(integer(EntryMembers::Position))
                    .col(string(EntryMembers::Name))
                    .col(string(EntryMembers::Email))
                    .col(string(EntryMembers::Organisation))
                    .col(string(EntryMembers::Role))
                    .foreign_key(
                        ForeignKey::create()
                            .from(EntryMembers::Table, EntryMembers::EntryId)
                            .to(Entries::Table, Entries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_entry_members_entry", EntryMembers::EntryId),
            ("ix_entry_members_email", EntryMembers::Email),
        ] {
            manager
                .create_index(crate::index(name, EntryMembers::Table, [column]))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(EntryMembers::Table).to_owned())
            .await
    }
}
