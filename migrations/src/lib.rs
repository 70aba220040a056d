//! JuryDesk's schema history. Migrations are append-only: a merged file is never edited, a
//! change is a new file: one per new table or per change to one table. Every `down` runs too (tested). Every migration runs on SQLite and on PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_accounts;
mod m20261123_000002_contests;
mod m20261203_000003_rate_limits;
mod m20261203_000004_email_confirmed;
mod m20261203_000005_session_epoch;
mod m20261203_000006_categories;
mod m20261203_000007_role_categories;
mod m20261203_000008_invitation_categories;
mod m20261203_000009_drop_contest_roles_categories;
mod m20261203_000010_drop_invitations_categories;
mod m20261203_000011_audit_log;
mod m20261203_000012_audit_heads;
mod m20261204_000013_contest_timeline;
mod m20261204_000014_entries;
mod m20261204_000015_rounds;
mod m20261204_000016_rules_lock;
mod m20261204_000017_entry_members;
mod m20261204_000018_entries_title_index;
mod m20261204_000019_entries_search_indexes;
mod m20261204_000020_attachments;
mod m20261204_000021_eligibility;
mod m20261204_000022_entry_form;
mod m20261205_000023_judge_profiles;
mod m20261205_000024_round_judges;
mod m20261205_000025_conflicts;
mod m20261205_000026_assignments;
mod m20261205_000027_sheets;
mod m20261205_000028_invitation_names;
mod m20261206_000029_flag_acceptances;
mod m20261206_000030_judging_indexes;
mod m20261206_000031_assignment_judge_index;
mod m20261206_000032_round_results;
mod m20261206_000033_advancement_overrides;
mod m20261206_000034_prize_choices;
mod m20261206_000035_publication;
mod m20261206_000036_api_tokens;
mod scopes;

/// `CREATE INDEX name ON table (columns…)`, the statement most migrations repeat.
pub(crate) fn index<T, C>(
    name: &str,
    table: T,
    columns: impl IntoIterator<Item = C>,
) -> IndexCreateStatement
where
    T: IntoIden,
    C: IntoIndexColumn,
{
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column);
    }
    index.to_owned()
}

/// Drops a column (`up` of a migration that retires one).
pub(crate) async fn drop_column(
    manager: &SchemaManager<'_>,
    table: &'static str,
    column: &'static str,
) -> Result<(), DbErr> {
    manager
        .alter_table(
            Table::alter()
                .table(Alias::new(table))
                .drop_column(Alias::new(column))
                .to_owned(),
        )
        .await
}

/// Adds a nullable text column (the `down` of `drop_column`; the values are not restored).
pub(crate) async fn add_text_column(
    manager: &SchemaManager<'_>,
    table: &'static str,
    column: &'static str,
) -> Result<(), DbErr> {
    manager
        .alter_table(
            Table::alter()
                .table(Alias::new(table))
                .add_column(ColumnDef::new(Alias::new(column)).text().null())
                .to_owned(),
        )
        .await
}

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_accounts::Migration),
            Box::new(m20261123_000002_contests::Migration),
            Box::new(m20261203_000003_rate_limits::Migration),
            Box::new(m20261203_000004_email_confirmed::Migration),
            Box::new(m20261203_000005_session_epoch::Migration),
            Box::new(m20261203_000006_categories::Migration),
            Box::new(m20261203_000007_role_categories::Migration),
            Box::new(m20261203_000008_invitation_categories::Migration),
            Box::new(m20261203_000009_drop_contest_roles_categories::Migration),
            Box::new(m20261203_000010_drop_invitations_categories::Migration),
            Box::new(m20261203_000011_audit_log::Migration),
            Box::new(m20261203_000012_audit_heads::Migration),
            Box::new(m20261204_000013_contest_timeline::Migration),
            Box::new(m20261204_000014_entries::Migration),
            Box::new(m20261204_000015_rounds::Migration),
            Box::new(m20261204_000016_rules_lock::Migration),
            Box::new(m20261204_000017_entry_members::Migration),
            Box::new(m20261204_000018_entries_title_index::Migration),
            Box::new(m20261204_000019_entries_search_indexes::Migration),
            Box::new(m20261204_000020_attachments::Migration),
            Box::new(m20261204_000021_eligibility::Migration),
            Box::new(m20261204_000022_entry_form::Migration),
            Box::new(m20261205_000023_judge_profiles::Migration),
            Box::new(m20261205_000024_round_judges::Migration),
            Box::new(m20261205_000025_conflicts::Migration),
            Box::new(m20261205_000026_assignments::Migration),
            Box::new(m20261205_000027_sheets::Migration),
            Box::new(m20261205_000028_invitation_names::Migration),
            Box::new(m20261206_000029_flag_acceptances::Migration),
            Box::new(m20261206_000030_judging_indexes::Migration),
            Box::new(m20261206_000031_assignment_judge_index::Migration),
            Box::new(m20261206_000032_round_results::Migration),
            Box::new(m20261206_000033_advancement_overrides::Migration),
            Box::new(m20261206_000034_prize_choices::Migration),
            Box::new(m20261206_000035_publication::Migration),
            Box::new(m20261206_000036_api_tokens::Migration),
        ]
    }
}
