//! The mail outbox: written inside the transaction of the change that causes the mail.

use crate::domain::Lang;
use crate::model::OutboxMail;
use crate::ssr::actor::Actor;
use crate::ssr::entities::outbox;
use crate::ssr::letters::{self, Letter};
use crate::ssr::messages::ServiceResult;
use crate::ssr::policy::{self, Permission};
use crate::ssr::services::PageRequest;
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// A mail is retried at most this many times.
const MAX_ATTEMPTS: i32 = 5;

/// Queues `letter` for `recipient`, written in `lang`.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    recipient: &str,
    lang: Lang,
    letter: &Letter,
) -> Result<(), DbErr> {
    let (subject, body) = letters::render(letter, lang);
    outbox::Entity::insert(outbox::ActiveModel {
        id: Set(Uuid::now_v7()),
        recipient: Set(recipient.to_owned()),
        subject: Set(subject),
        body: Set(body),
        created_at: Set(Utc::now()),
        sent_at: Set(None),
        attempts: Set(0),
        last_error: Set(None),
    })
    .exec(db)
    .await?;
    Ok(())
}

pub async fn due(db: &DatabaseConnection, limit: u64) -> Result<Vec<outbox::Model>, DbErr> {
    outbox::Entity::find()
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::Attempts.lt(MAX_ATTEMPTS))
        .order_by_asc(outbox::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await
}

pub async fn mark_sent(db: &DatabaseConnection, id: Uuid) -> Result<(), DbErr> {
    record_attempt(db, id, outbox::Column::SentAt, Expr::value(Utc::now())).await
}

pub async fn mark_failed(db: &DatabaseConnection, id: Uuid, error: &str) -> Result<(), DbErr> {
    let error: String = error.chars().take(500).collect();
    record_attempt(db, id, outbox::Column::LastError, Expr::value(error)).await
}

/// Counts one delivery attempt and records its outcome in `column`.
async fn record_attempt(
    db: &DatabaseConnection,
    id: Uuid,
    column: outbox::Column,
    value: Expr,
) -> Result<(), DbErr> {
    outbox::Entity::update_many()
        .col_expr(column, value)
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(1),
        )
        .filter(outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Newest first, one page at a time.
pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    page: PageRequest,
) -> ServiceResult<(Vec<OutboxMail>, u64)> {
    policy::require(actor, Permission::Administer)?;
    let total = outbox::Entity::find().count(db).await?;
    let rows = outbox::Entity::find()
        .order_by_desc(outbox::Column::CreatedAt)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    let mails = rows
        .into_iter()
        .map(|m| OutboxMail {
            id: m.id,
            recipient: m.recipient,
            subject: m.subject,
            body: m.body,
            created: crate::format::Zoned::new(m.created_at, crate::format::DEFAULT_TIME_ZONE),
            sent: m.sent_at.is_some(),
        })
        .collect();
    Ok((mails, total))
}
