//! A real, migrated database per test: a fresh SQLite file always, and a fresh PostgreSQL
//! database too when 127.0.0.1:5432 answers (in CI it must). Each is dropped afterwards.

#![allow(dead_code)]

pub mod entries;
pub mod judging;
mod skipped;

pub use skipped::note_postgres_skipped;

use app::ssr::db;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::future::Future;
use uuid::Uuid;

pub const PG_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub struct TestDb {
    pub db: DatabaseConnection,
    pub backend: &'static str,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Postgres(String),
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let path =
            std::env::temp_dir().join(format!("jurydesk-test-{}.db", Uuid::now_v7().simple()));
        let db = db::connect(&format!("sqlite://{}?mode=rwc", path.display()))
            .await
            .expect("open sqlite");
        db::migrate(&db).await.expect("migrate sqlite");
        TestDb {
            db,
            backend: "sqlite",
            cleanup: Cleanup::File(path),
        }
    }

    /// `None` when no PostgreSQL answers, except in CI, where that is a failure.
    pub async fn postgres() -> Option<TestDb> {
        let admin = match tokio::time::timeout(
            std::time::Duration::from_secs(3),
            Database::connect(PG_ADMIN_URL),
        )
        .await
        {
            Ok(Ok(admin)) => admin,
            _ if std::env::var("CI").is_ok() => {
                panic!("PostgreSQL at {PG_ADMIN_URL} is required in CI")
            }
            _ => {
                note_postgres_skipped();
                return None;
            }
        };
        let name = format!("jurydesk_test_{}", Uuid::now_v7().simple());
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create test database");
        admin.close().await.ok();
        let db = db::connect(&format!("postgres://postgres@127.0.0.1:5432/{name}"))
            .await
            .expect("connect to test database");
        db::migrate(&db).await.expect("migrate postgres");
        Some(TestDb {
            db,
            backend: "postgres",
            cleanup: Cleanup::Postgres(name),
        })
    }

    pub async fn drop_db(self) {
        self.db.close().await.ok();
        match self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres(name) => {
                if let Ok(admin) = Database::connect(PG_ADMIN_URL).await {
                    let _ = admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                }
            }
        }
    }
}

/// Runs `test` against SQLite, then PostgreSQL when available, each on its own database.
pub async fn on_each_database<F, Fut>(test: F)
where
    F: Fn(DatabaseConnection) -> Fut,
    Fut: Future<Output = ()>,
{
    let sqlite = TestDb::sqlite().await;
    test(sqlite.db.clone()).await;
    sqlite.drop_db().await;
    if let Some(pg) = TestDb::postgres().await {
        test(pg.db.clone()).await;
        pg.drop_db().await;
    }
}

/// The token in the newest mail's link to `path` (e.g. `/confirm`).
#[allow(dead_code)]
pub async fn last_link_token(db: &DatabaseConnection, path: &str) -> String {
    use app::ssr::entities::outbox;
    use sea_orm::{EntityTrait, QueryOrder};
    let mail = outbox::Entity::find()
        .order_by_desc(outbox::Column::CreatedAt)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.body.contains(&format!("{path}?token=")))
        .unwrap_or_else(|| panic!("no mail with a {path} link"));
    let start = mail.body.find("token=").unwrap() + "token=".len();
    mail.body[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

/// A founder who signed up and finished the account through the mailed link.
#[allow(dead_code)]
pub async fn founder(
    db: &DatabaseConnection,
    email: &str,
    name: &str,
    password: &str,
) -> app::ssr::entities::user::Model {
    use app::ssr::services::accounts;
    accounts::sign_up(
        db,
        email,
        name,
        app::domain::Lang::Vi,
        "10.0.0.1",
        "http://x",
    )
    .await
    .unwrap();
    let token = last_link_token(db, "/confirm").await;
    accounts::finish_sign_up(db, &token, name, password)
        .await
        .unwrap()
}

/// The first administrator, as their next request resolves them.
#[allow(dead_code)]
pub async fn admin(db: &DatabaseConnection) -> app::ssr::actor::Actor {
    use app::ssr::actor::{self, Actor};
    use app::ssr::services::accounts::{self, NewAccount};
    let account = NewAccount {
        email: "admin@so-khcn.vn",
        name: "Ban Tổ chức",
        password: "ngựa-vằn-ăn-cỏ",
        lang: app::domain::Lang::Vi,
    };
    let user = accounts::create_admin(db, &Actor::System, account)
        .await
        .unwrap()
        .0;
    actor::load(db, user).await.unwrap()
}

/// Invites `email` to contest `code` as `role` (a sub-committee limited to `categories`),
/// accepts with a new account, and answers the member's actor.
#[allow(dead_code)]
pub async fn member_of(
    db: &DatabaseConnection,
    admin: &app::ssr::actor::Actor,
    code: &str,
    role: app::model::Role,
    categories: &str,
    email: &str,
) -> app::ssr::actor::Actor {
    use app::ssr::services::{contests, invitations};
    let c = contests::by_code(db, code).await.unwrap();
    let link = invitations::invite(
        db,
        admin,
        invitations::NewInvitation {
            contest_id: c.id,
            email,
            role: role.code(),
            categories,
            name: "",
            organisation: "",
            max_load: "",
            lang: app::domain::Lang::Vi,
        },
        "http://x",
    )
    .await
    .unwrap();
    let token = link.split("token=").nth(1).unwrap();
    let (user, _) = invitations::accept_with_new_account(
        db,
        token,
        "Thành viên",
        "ngựa-vằn-ăn-cỏ",
        app::domain::Lang::Vi,
    )
    .await
    .unwrap();
    app::ssr::actor::load(db, user).await.unwrap()
}
