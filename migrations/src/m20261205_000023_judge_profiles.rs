//! A judge's profile in a contest, as the committee invites them: the organisation they work
//! for (compared with the teams' to find conflicts of interest) and the most entries they score
//! in one round (none: no limit). Kept on the judge's role and on the invitation that grants
//! it; expertise categories reuse the role's and the invitation's category links.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Profile {
    Organisation,
    MaxLoad,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        for table in ["contest_roles", "invitations"] {
            for column in [
                string(Profile::Organisation).default("").to_owned(),
                integer_null(Profile::MaxLoad).to_owned(),
            ] {
                let mut column = column;
                manager
                    .alter_table(
                        Table::alter()
                            .table(Alias::new(table))
                            .add_column(&mut column)
                            .to_owned(),
                    )
                    .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["invitations", "contest_roles"] {
            crate::drop_column(manager, table, "max_load").await?;
            crate::drop_column(manager, table, "organisation").await?;
        }
        Ok(())
    }
}
