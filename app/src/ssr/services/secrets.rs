//! Secrets the application makes for itself and keeps in the database, so that every server
//! instance on the same database shares them.

use crate::ssr::entities::app_secret;
use crate::ssr::messages::ServiceResult;
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use rand::RngCore;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};

pub const SESSION_SECRET: &str = "session_secret";
/// A random id of this database, so a server can tell it still talks to the one it opened.
pub const DATABASE_ID: &str = "database_id";
const HEALTH_PROBE: &str = "health_probe";

/// Returns the stored secret `name`, creating it (64 random bytes) on first use. When two
/// instances start at once, the first insert wins and both read the same value.
pub async fn get_or_create(db: &DatabaseConnection, name: &str) -> ServiceResult<String> {
    let mut bytes = [0u8; 64];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let fresh = app_secret::ActiveModel {
        name: Set(name.to_owned()),
        value: Set(STANDARD_NO_PAD.encode(bytes)),
    };
    app_secret::Entity::insert(fresh)
        .on_conflict(
            OnConflict::column(app_secret::Column::Name)
                .do_nothing()
                .to_owned(),
        )
        .try_insert()
        .exec(db)
        .await?;
    let stored = app_secret::Entity::find_by_id(name.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| crate::ssr::messages::ServiceError::Internal("secret vanished".into()))?;
    Ok(stored.value)
}

/// Writes the time into a row kept for the health check: proves the database takes writes.
pub async fn touch_probe(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    let row = app_secret::ActiveModel {
        name: Set(HEALTH_PROBE.to_owned()),
        value: Set(chrono::Utc::now().to_rfc3339()),
    };
    app_secret::Entity::insert(row)
        .on_conflict(
            OnConflict::column(app_secret::Column::Name)
                .update_column(app_secret::Column::Value)
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}
