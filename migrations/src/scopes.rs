//! Shared by the two migrations that turn a JSON list of category codes (on roles and on
//! invitations) into links to category rows.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, TryGetable};

pub(crate) struct ScopeTable {
    /// The link table made: `(owner_column, category_id)`.
    pub links: &'static str,
    pub owner_column: &'static str,
    /// The table whose rows carry `categories` (JSON text) and `role`.
    pub owners: &'static str,
}

fn iden(name: &'static str) -> Alias {
    Alias::new(name)
}

pub(crate) async fn up_scopes(manager: &SchemaManager<'_>, t: &ScopeTable) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(iden(t.links))
                .col(ColumnDef::new(iden(t.owner_column)).uuid().not_null())
                .col(ColumnDef::new(iden("category_id")).uuid().not_null())
                .primary_key(
                    Index::create()
                        .col(iden(t.owner_column))
                        .col(iden("category_id")),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(iden(t.links), iden(t.owner_column))
                        .to(iden(t.owners), iden("id"))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(iden(t.links), iden("category_id"))
                        .to(iden("categories"), iden("id"))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_index(crate::index(
            &format!("idx_{}_category", t.links),
            iden(t.links),
            [iden("category_id")],
        ))
        .await?;
    move_json_scopes(manager, t).await
}

/// Rows with a JSON list of codes become `sub_committee` rows linked to those categories.
async fn move_json_scopes(manager: &SchemaManager<'_>, t: &ScopeTable) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let select = Query::select()
        .columns([iden("id"), iden("contest_id"), iden("categories")])
        .from(iden(t.owners))
        .and_where(Expr::col(iden("categories")).is_not_null())
        .to_owned();
    for row in db.query_all(&select).await? {
        let owner =
            uuid::Uuid::try_get_by(&row, "id").map_err(|e| DbErr::Custom(format!("{e:?}")))?;
        let contest = uuid::Uuid::try_get_by(&row, "contest_id")
            .map_err(|e| DbErr::Custom(format!("{e:?}")))?;
        let text =
            String::try_get_by(&row, "categories").map_err(|e| DbErr::Custom(format!("{e:?}")))?;
        let codes: Vec<String> = serde_json::from_str(&text).unwrap_or_default();
        if codes.is_empty() {
            continue;
        }
        for code in codes {
            let category = category_id(manager, contest, &code).await?;
            let link = Query::insert()
                .into_table(iden(t.links))
                .columns([iden(t.owner_column), iden("category_id")])
                .values_panic([owner.into(), category.into()])
                .on_conflict(
                    OnConflict::columns([iden(t.owner_column), iden("category_id")])
                        .do_nothing()
                        .to_owned(),
                )
                .to_owned();
            db.execute(&link).await?;
        }
        let role = Query::update()
            .table(iden(t.owners))
            .value(iden("role"), "sub_committee")
            .and_where(Expr::col(iden("id")).eq(owner))
            .to_owned();
        db.execute(&role).await?;
    }
    Ok(())
}

/// The category `code` of `contest`, made (named by its code) when missing.
async fn category_id(
    manager: &SchemaManager<'_>,
    contest: uuid::Uuid,
    code: &str,
) -> Result<uuid::Uuid, DbErr> {
    let db = manager.get_connection();
    let find = Query::select()
        .column(iden("id"))
        .from(iden("categories"))
        .and_where(Expr::col(iden("contest_id")).eq(contest))
        .and_where(Expr::col(iden("code")).eq(code))
        .to_owned();
    if let Some(row) = db.query_one(&find).await? {
        return uuid::Uuid::try_get_by(&row, "id").map_err(|e| DbErr::Custom(format!("{e:?}")));
    }
    let id = uuid::Uuid::now_v7();
    let insert = Query::insert()
        .into_table(iden("categories"))
        .columns([
            iden("id"),
            iden("contest_id"),
            iden("code"),
            iden("name_vi"),
            iden("name_en"),
            iden("position"),
            iden("created_at"),
        ])
        .values_panic([
            id.into(),
            contest.into(),
            code.into(),
            code.into(),
            code.into(),
            0.into(),
            chrono::Utc::now().into(),
        ])
        .to_owned();
    db.execute(&insert).await?;
    Ok(id)
}

pub(crate) async fn down_scopes(manager: &SchemaManager<'_>, t: &ScopeTable) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let role = Query::update()
        .table(iden(t.owners))
        .value(iden("role"), "committee")
        .and_where(Expr::col(iden("role")).eq("sub_committee"))
        .to_owned();
    db.execute(&role).await?;
    manager
        .drop_table(Table::drop().table(iden(t.links)).to_owned())
        .await
}
