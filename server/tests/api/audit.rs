//! The audit log's hash chain under concurrent writers (the server and a second writer on
//! its own connections, as a second instance would be), and `jurydesk audit verify` naming
//! the record that was tampered with.

use crate::helpers::{ADMIN_EMAIL, PASSWORD, TestApp, admin_actor, new_contest, on_each_backend};
use app::ssr::actor::Actor;
use app::ssr::entities::audit_log;
use app::ssr::services::audit::{self, Break};
use app::ssr::services::contests;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_jurydesk");

/// Adds categories with these codes to contest LS-2025.
async fn add_categories(
    db: &sea_orm::DatabaseConnection,
    admin: &Actor,
    codes: impl IntoIterator<Item = String>,
) {
    for code in codes {
        contests::add_category(
            db,
            admin,
            "LS-2025",
            app::model::NewCategory {
                code,
                name_vi: "Bảng".into(),
                name_en: "Category".into(),
            },
        )
        .await
        .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_writers_extend_one_chain_without_forking_it() {
    on_each_backend(|app| async move {
        let admin = admin_actor(&app).await;
        let db = app.db().await;
        let contest = contests::create(&db, &admin, new_contest("LS-2025"))
            .await
            .unwrap();
        app.sign_in(ADMIN_EMAIL, PASSWORD).await;
        const EACH: usize = 12;
        // The server adds categories over HTTP while this process, on connections of its
        // own, adds others to the same contest: two writers on one chain.
        let over_http = (0..EACH).map(|i| {
            let code = format!("H{i}");
            let app = &app;
            async move {
                app.call(
                    "/api/add_category",
                    &[
                        ("code", "LS-2025"),
                        ("category[code]", &code),
                        ("category[name_vi]", "Bảng"),
                        ("category[name_en]", "Category"),
                    ],
                )
                .await
                .status()
                .as_u16()
            }
        });
        let direct = (0..EACH).map(|i| {
            let (db, admin) = (db.clone(), admin.clone());
            async move {
                add_categories(&db, &admin, [format!("D{i}")]).await;
                200u16
            }
        });
        let (http, direct) = tokio::join!(
            futures::future::join_all(over_http),
            futures::future::join_all(direct)
        );
        assert!(
            http.iter().chain(&direct).all(|s| *s == 200),
            "{http:?} {direct:?}"
        );

        let chain = audit_log::Entity::find()
            .filter(audit_log::Column::ContestId.eq(contest.id))
            .order_by_asc(audit_log::Column::Seq)
            .all(&db)
            .await
            .unwrap();
        // The contest's creation, then every category: positions 1..=n, each after the last.
        assert_eq!(chain.len(), 1 + 2 * EACH);
        assert!(chain.iter().enumerate().all(|(i, r)| r.seq == i as i64 + 1));
        assert!(chain.windows(2).all(|w| w[1].prev_hash == w[0].hash));
        let report = audit::verify(&db, &Actor::System, None).await.unwrap();
        assert!(report.broken.is_empty(), "{report:?}");

        // A refused change leaves no record.
        let before = audit_log::Entity::find().count(&db).await.unwrap();
        let refused = contests::create(&db, &admin, new_contest("ls-2025")).await;
        assert!(refused.is_err());
        assert_eq!(audit_log::Entity::find().count(&db).await.unwrap(), before);
        app
    })
    .await;
}

fn verify_cli(app: &TestApp, contest: Option<&str>) -> (bool, String) {
    let mut cmd = Command::new(BIN);
    cmd.env("JURYDESK_DATA_DIR", &app.data.data_dir)
        .env("DATABASE_URL", app.data.database_url())
        .env("JURYDESK_LANG", "en")
        .args(["audit", "verify"]);
    if let Some(code) = contest {
        cmd.args(["--contest", code]);
    }
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn audit_verify_names_the_record_that_was_edited_or_removed() {
    on_each_backend(|app| async move {
        let admin = admin_actor(&app).await;
        let db = app.db().await;
        let contest = contests::create(&db, &admin, new_contest("LS-2025"))
            .await
            .unwrap();
        add_categories(&db, &admin, ["AG", "IT", "DL", "YT"].map(String::from)).await;
        let (ok, said) = verify_cli(&app, Some("LS-2025"));
        assert!(ok, "{said}");
        assert!(said.contains("intact: 5 records in 1 chains"), "{said}");

        // Someone edits the third record's change in the database.
        let chain = contest.id.to_string();
        let third = audit_log::Entity::find()
            .filter(audit_log::Column::Chain.eq(&chain))
            .filter(audit_log::Column::Seq.eq(3))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        db.execute_unprepared(&format!(
            "UPDATE audit_log SET changes = '{{}}' WHERE chain = '{chain}' AND seq = 3"
        ))
        .await
        .unwrap();
        let report = audit::verify(&db, &Actor::System, Some(contest.id))
            .await
            .unwrap();
        assert_eq!(report.broken.len(), 1);
        assert_eq!(
            (
                report.broken[0].seq,
                report.broken[0].record,
                &report.broken[0].problem
            ),
            (3, Some(third.id), &Break::Altered)
        );
        let (ok, said) = verify_cli(&app, None);
        assert!(!ok, "{said}");
        assert!(
            said.contains(&format!("record 3 (id {})", third.id)),
            "{said}"
        );

        // Removing a record names the one after the gap.
        db.execute_unprepared(&format!(
            "DELETE FROM audit_log WHERE chain = '{chain}' AND seq = 3"
        ))
        .await
        .unwrap();
        let report = audit::verify(&db, &Actor::System, Some(contest.id))
            .await
            .unwrap();
        assert_eq!(
            (report.broken[0].seq, &report.broken[0].problem),
            (4, &Break::Missing { expected: 3 })
        );
        let (ok, said) = verify_cli(&app, Some("LS-2025"));
        assert!(!ok && said.contains("record 4"), "{said}");
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn parallel_saves_of_a_contest_are_each_recorded_with_what_the_save_before_wrote() {
    on_each_backend(|app| async move {
        let admin = admin_actor(&app).await;
        let db = app.db().await;
        let contest = contests::create(&db, &admin, new_contest("LS-2025"))
            .await
            .unwrap();
        app.sign_in(ADMIN_EMAIL, PASSWORD).await;
        const SAVES: usize = 10;
        let saves = (0..SAVES).map(|i| {
            let app = &app;
            async move {
                let name = format!("Contest LS-2025, version {i}");
                app.call(
                    "/api/update_contest",
                    &[
                        ("code", "LS-2025"),
                        ("settings[name_vi]", "Cuộc thi LS-2025"),
                        ("settings[name_en]", &name),
                        ("settings[description_vi]", ""),
                        ("settings[description_en]", ""),
                        ("settings[time_zone]", "Asia/Ho_Chi_Minh"),
                    ],
                )
                .await
                .status()
                .as_u16()
            }
        });
        let statuses = futures::future::join_all(saves).await;
        assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");

        let updates = audit_log::Entity::find()
            .filter(audit_log::Column::ContestId.eq(contest.id))
            .filter(audit_log::Column::Kind.eq("contest.updated"))
            .order_by_asc(audit_log::Column::Seq)
            .all(&db)
            .await
            .unwrap();
        assert_eq!(updates.len(), SAVES);
        // Each save's "before" is the name the save before it wrote: none was lost.
        let names: Vec<(String, String)> = updates
            .iter()
            .map(|r| {
                let changes: serde_json::Value = serde_json::from_str(&r.changes).unwrap();
                let pair = &changes["name_en"];
                (
                    pair[0].as_str().unwrap().to_owned(),
                    pair[1].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(names[0].0, "Contest LS-2025");
        assert!(names.windows(2).all(|w| w[1].0 == w[0].1), "{names:?}");
        let now = contests::by_code(&db, "LS-2025").await.unwrap();
        assert_eq!(now.name_en, names[SAVES - 1].1);
        let report = audit::verify(&db, &Actor::System, None).await.unwrap();
        assert!(report.broken.is_empty(), "{report:?}");
        app
    })
    .await;
}
