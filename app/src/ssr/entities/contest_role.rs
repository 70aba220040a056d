use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contest_roles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub contest_id: Uuid,
    pub user_id: Uuid,
    pub role: crate::model::Role,
    pub created_at: DateTimeUtc,
    /// A judge's organisation, compared with the teams' to find conflicts of interest.
    pub organisation: String,
    /// The most entries a judge scores in one round; `None`: no limit.
    pub max_load: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
