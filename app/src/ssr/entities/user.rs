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
    pub lang: UserLang,
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

/// The language mail and pages use for this person. An unknown stored value is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
pub enum UserLang {
    #[sea_orm(string_value = "vi")]
    Vi,
    #[sea_orm(string_value = "en")]
    En,
}

impl From<UserLang> for crate::domain::Lang {
    fn from(l: UserLang) -> Self {
        match l {
            UserLang::Vi => crate::domain::Lang::Vi,
            UserLang::En => crate::domain::Lang::En,
        }
    }
}

impl From<crate::domain::Lang> for UserLang {
    fn from(l: crate::domain::Lang) -> Self {
        match l {
            crate::domain::Lang::Vi => UserLang::Vi,
            crate::domain::Lang::En => UserLang::En,
        }
    }
}
