//! Sessions and secrets kept in the database.

mod common;

use app::ssr::services::secrets;
use app::ssr::session_store::DbSessionStore;
use common::on_each_database;
use std::collections::HashMap;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::SessionStore;

#[tokio::test]
async fn a_session_is_saved_loaded_replaced_and_deleted() {
    on_each_database(|db| async move {
        let store = DbSessionStore::new(db.clone(), db);
        let id = Id::default();
        let mut data = HashMap::new();
        data.insert("user".to_string(), serde_json::json!({"name": "Lan"}));
        let expiry = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
        let record = Record {
            id,
            data,
            expiry_date: expiry,
        };
        store.save(&record).await.unwrap();
        let loaded = store.load(&id).await.unwrap().expect("saved session");
        assert_eq!(loaded.data, record.data);

        let mut changed = record.clone();
        changed.data.insert("lang".into(), serde_json::json!("en"));
        store.save(&changed).await.unwrap();
        assert_eq!(store.load(&id).await.unwrap().unwrap().data, changed.data);

        store.delete(&id).await.unwrap();
        assert!(store.load(&id).await.unwrap().is_none());
    })
    .await;
}

#[tokio::test]
async fn an_expired_session_is_not_loaded_and_is_cleaned_up() {
    on_each_database(|db| async move {
        let store = DbSessionStore::new(db.clone(), db);
        let id = Id::default();
        let past = time::OffsetDateTime::now_utc() - time::Duration::minutes(1);
        store
            .save(&Record {
                id,
                data: HashMap::new(),
                expiry_date: past,
            })
            .await
            .unwrap();
        assert!(store.load(&id).await.unwrap().is_none());
        assert_eq!(store.delete_expired().await.unwrap(), 1);
    })
    .await;
}

#[tokio::test]
async fn the_session_secret_is_made_once_and_then_kept() {
    on_each_database(|db| async move {
        let first = secrets::get_or_create(&db, secrets::SESSION_SECRET)
            .await
            .unwrap();
        let second = secrets::get_or_create(&db, secrets::SESSION_SECRET)
            .await
            .unwrap();
        assert_eq!(first, second);
        assert!(first.len() >= 80);
    })
    .await;
}
