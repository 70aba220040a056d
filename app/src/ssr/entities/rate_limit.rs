use sea_orm::entity::prelude::*;

/// One rate-limit counter (see `services::limits`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rate_limits")]
pub struct Model {
    /// `limit name:hash of the subject`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// Unix seconds when the current window opened.
    pub window_start: i64,
    pub count: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
