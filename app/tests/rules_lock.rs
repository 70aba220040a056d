//! The rules lock against a real database, SQLite and PostgreSQL: locked from the opening of
//! submissions, changed only after an unlock with a reason, fingerprinted, recorded.

mod common;

use app::model::{ContestSettings, NewContest, NewRound};
use app::ssr::entities::audit_log;
use app::ssr::messages::{Msg, ServiceError};
use app::ssr::services::{contest_file, contests, rounds, rules};
use chrono::{Duration, Utc};
use common::{admin, on_each_database};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

fn contest() -> NewContest {
    NewContest {
        code: "CB26".into(),
        name_vi: "Cuộc thi Ý tưởng khởi nghiệp Cao Bằng 2026".into(),
        name_en: "Cao Bằng Startup Idea Contest 2026".into(),
        description_vi: "Thể lệ: mỗi đội tối đa 5 người.".into(),
        description_en: "Rules: teams of at most 5.".into(),
        time_zone: "Asia/Ho_Chi_Minh".into(),
    }
}

/// Opens submissions `days` from now (negative: already open), keeping the rest.
async fn open_in(
    db: &DatabaseConnection,
    admin: &app::ssr::actor::Actor,
    days: i64,
    description_vi: &str,
) -> Result<(), ServiceError> {
    let c = contests::by_code(db, "CB26").await.unwrap();
    let local = |d: i64| {
        (Utc::now() + Duration::days(d) + Duration::hours(7))
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    contests::update_settings(
        db,
        admin,
        "CB26",
        ContestSettings {
            name_vi: c.name_vi,
            name_en: c.name_en,
            description_vi: description_vi.into(),
            description_en: c.description_en,
            time_zone: c.time_zone,
            submissions_open: local(days),
            submissions_close: local(days + 30),
            ..ContestSettings::default()
        },
    )
    .await
    .map(|_| ())
}

#[tokio::test]
async fn the_rules_lock_when_submissions_open_and_change_only_after_an_unlock_with_a_reason() {
    on_each_database(|db| async move {
        let admin = admin(&db).await;
        contest_file::create_from(&db, &admin, contest(), Some("hackathon"))
            .await
            .unwrap();
        let before = rules::status(&db, "CB26").await.unwrap();
        assert!(!before.locked && before.locks_at.is_none());
        assert_eq!(before.fingerprint.len(), 64);

        // Before the opening everything may change.
        open_in(&db, &admin, 2, "Thể lệ: mỗi đội tối đa 5 người.")
            .await
            .unwrap();
        assert!(!rules::status(&db, "CB26").await.unwrap().locked);
        // Submissions open: the rounds and the descriptions are locked; the names are not.
        open_in(&db, &admin, -1, "Thể lệ: mỗi đội tối đa 5 người.")
            .await
            .unwrap();
        let locked = rules::status(&db, "CB26").await.unwrap();
        assert!(locked.locked);
        assert_eq!(locked.fingerprint, before.fingerprint);
        let round = rounds::list(&db, "CB26").await.unwrap().remove(0);
        let edit = NewRound {
            name_vi: round.name_vi.clone(),
            name_en: round.name_en.clone(),
            rules: round
                .rules
                .replace("judges_per_entry = 3", "judges_per_entry = 4"),
            ..NewRound::default()
        };
        let refused = rounds::update(&db, &admin, "CB26", 1, edit.clone()).await;
        assert!(matches!(
            refused.unwrap_err().first_problem(),
            Some((None, Msg::RulesLocked { .. }))
        ));
        assert!(matches!(
            open_in(&db, &admin, -1, "Thể lệ mới")
                .await
                .unwrap_err()
                .first_problem(),
            Some((None, Msg::RulesLocked { .. }))
        ));
        assert!(matches!(
            rules::lock(&db, &admin, "CB26")
                .await
                .unwrap_err()
                .first_problem(),
            Some((None, Msg::RulesNotUnlocked))
        ));

        // Unlocking needs a reason; then the correction goes through and locking again shows
        // the new fingerprint.
        assert!(matches!(
            rules::unlock(&db, &admin, "CB26", "  ")
                .await
                .unwrap_err()
                .first_problem(),
            Some((Some("reason"), Msg::Reason))
        ));
        rules::unlock(
            &db,
            &admin,
            "CB26",
            "Sửa số giám khảo theo quyết định số 12/QĐ-BTC",
        )
        .await
        .unwrap();
        let unlocked = rules::status(&db, "CB26").await.unwrap();
        assert!(!unlocked.locked && unlocked.unlocked_since.is_some());
        rounds::update(&db, &admin, "CB26", 1, edit).await.unwrap();
        rules::lock(&db, &admin, "CB26").await.unwrap();
        let after = rules::status(&db, "CB26").await.unwrap();
        assert!(after.locked);
        assert_ne!(after.fingerprint, before.fingerprint);

        let records = audit_log::Entity::find()
            .filter(audit_log::Column::Kind.starts_with("contest.rules_"))
            .all(&db)
            .await
            .unwrap();
        let kinds: Vec<&str> = records.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, ["contest.rules_unlocked", "contest.rules_locked"]);
        assert_eq!(
            records[0].reason.as_deref(),
            Some("Sửa số giám khảo theo quyết định số 12/QĐ-BTC")
        );
        assert!(records[1].changes.contains(&after.fingerprint));
        assert!(matches!(
            rules::unlock(&db, &app::ssr::actor::Actor::Anonymous, "CB26", "x").await,
            Err(ServiceError::Unauthenticated)
        ));
    })
    .await;
}
