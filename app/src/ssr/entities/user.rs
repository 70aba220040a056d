use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Stored trimmed and lower-cased, so one person has one account.
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub is_admin: bool,
    pub lang: String,
    pub created_at: DateTimeUtc,
    /// When the owner proved the email is theirs (by a link sent to it). An account without
    /// it was asked for but not finished, and has no password yet.
    pub email_confirmed_at: Option<DateTimeUtc>,
    /// Sessions remember it; raising it ends them all.
    pub session_epoch: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
