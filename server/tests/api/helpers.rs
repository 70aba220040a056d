use reqwest::header::{ACCEPT, CONTENT_TYPE, REFERER};
use reqwest::redirect::Policy;
use reqwest::{Client, Response};
use sea_orm::{ColumnTrait, ConnectionTrait, Database, EntityTrait, QueryFilter, QueryOrder};
use server::config::{DataConfig, ServeConfig};
use server::startup;
use std::future::Future;
use std::path::PathBuf;
use tokio::sync::oneshot;
use tokio::sync::{Mutex, MutexGuard};
use uuid::Uuid;

#[path = "../../../app/tests/common/skipped.rs"]
mod skipped;
pub use skipped::note_postgres_skipped;

pub const PASSWORD: &str = "ngựa-vằn-ăn-cỏ";
pub const ADMIN_EMAIL: &str = "admin@so-khcn.vn";
const PG_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Held while a test server runs: one server per test process at a time (see `main.rs`).
static ONE_SERVER: Mutex<()> = Mutex::const_new(());

/// A running server on its own database.
pub struct TestApp {
    pub address: String,
    pub client: Client,
    pub data: DataConfig,
    stop: Option<oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<()>>,
    _one_at_a_time: Option<MutexGuard<'static, ()>>,
}

pub fn serve_config() -> ServeConfig {
    ServeConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        public_url: None,
        session_secret: None,
        site_root: "target/site".into(),
        smtp_host: None,
        smtp_port: 587,
        smtp_username: None,
        smtp_password: None,
        smtp_from: "JuryDesk <no-reply@localhost>".into(),
        smtp_security: app::ssr::SmtpSecurity::StartTls,
        // The tests speak for many clients through loopback, naming each in X-Forwarded-For.
        trusted_proxies: "127.0.0.1".into(),
    }
}

pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        // A request that hangs fails its test (with the server's log) instead of the run.
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap()
}

impl TestApp {
    /// Starts a server on `data`; the client keeps cookies and does not follow redirects.
    pub async fn start(data: DataConfig, client: Client) -> TestApp {
        Self::start_with(data, client, serve_config()).await
    }

    /// Starts with these server settings (the listen address and public URL are chosen here),
    /// and the mail sender when SMTP is set.
    pub async fn start_with(data: DataConfig, client: Client, mut serve: ServeConfig) -> TestApp {
        // Warnings and errors show with a failing test's output.
        let _ = tracing_subscriber::fmt()
            .with_env_filter(std::env::var("TEST_LOG").unwrap_or_else(|_| "warn".into()))
            .with_test_writer()
            .try_init();
        let one_at_a_time = ONE_SERVER.lock().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        serve.public_url = Some(format!("http://127.0.0.1:{port}"));
        let db = startup::open_server_database(&data)
            .await
            .expect("database");
        let (router, state) = startup::build(db, &serve, &data).await.expect("router");
        startup::start_mail(&state);
        let (stop, stopped) = oneshot::channel::<()>();
        let handle = tokio::spawn(async move {
            startup::serve(listener, router, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
        TestApp {
            address: format!("http://127.0.0.1:{port}"),
            client,
            data,
            stop: Some(stop),
            handle: Some(handle),
            _one_at_a_time: Some(one_at_a_time),
        }
    }

    pub async fn stop(mut self) -> (DataConfig, Client) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(handle) = self.handle.take() {
            let _ = handle.await;
        }
        self._one_at_a_time = None;
        (self.data.clone(), self.client.clone())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_lang(&self, path: &str, lang: &str) -> Response {
        self.client
            .get(self.url(path))
            .header("accept-language", lang)
            .send()
            .await
            .unwrap()
    }

    /// A form posted by a browser without JavaScript, from page `from`.
    pub async fn post_form(&self, path: &str, from: &str, fields: &[(&str, &str)]) -> Response {
        self.post(path, "text/html,application/xhtml+xml", fields)
            .header(REFERER, self.url(from))
            .send()
            .await
            .unwrap()
    }

    /// A server function called as the hydrated page calls it.
    pub async fn call(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.post(path, "application/json", fields)
            .send()
            .await
            .unwrap()
    }

    pub fn post(
        &self,
        path: &str,
        accept: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::RequestBuilder {
        self.client
            .post(self.url(path))
            .header(ACCEPT, accept)
            .header("sec-fetch-site", "same-origin")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(serde_urlencoded(fields))
    }

    /// Signs up as a founder: asks for the account, opens the link mailed to `email` and
    /// sets the password; the client is then signed in.
    pub async fn sign_up(&self, email: &str, name: &str) {
        self.ask_for_account(email, name).await;
        let token = self.last_token(email, "/confirm").await;
        let res = self
            .call(
                "/api/finish_sign_up",
                &[("token", &token), ("name", name), ("password", PASSWORD)],
            )
            .await;
        assert!(
            res.status().is_success(),
            "finish sign up: {}",
            res.text().await.unwrap()
        );
    }

    /// Posts the sign-up form (from its own address, so tests do not share a limit).
    pub async fn ask_for_account(&self, email: &str, name: &str) -> Response {
        let res = self
            .post(
                "/api/sign_up",
                "application/json",
                &[("email", email), ("name", name)],
            )
            .header("x-forwarded-for", address_for(email))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "sign up: {}", res.status());
        res
    }

    /// The token of the newest link to `path` mailed to `email`.
    pub async fn last_token(&self, email: &str, path: &str) -> String {
        let db = self.db().await;
        let mail = app::ssr::entities::outbox::Entity::find()
            .filter(app::ssr::entities::outbox::Column::Recipient.eq(email))
            .order_by_desc(app::ssr::entities::outbox::Column::CreatedAt)
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.body.contains(&format!("{path}?token=")))
            .unwrap_or_else(|| panic!("no mail to {email} with a {path} link"));
        let start = mail.body.find("token=").unwrap() + "token=".len();
        mail.body[start..]
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned()
    }

    /// A connection of the test's own to the server's database.
    pub async fn db(&self) -> sea_orm::DatabaseConnection {
        app::ssr::db::connect(&self.data.database_url())
            .await
            .unwrap()
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Response {
        self.call("/api/sign_in", &[("email", email), ("password", password)])
            .await
    }

    pub async fn make_admin(&self, email: &str) {
        let db = startup::open_database(&self.data).await.unwrap();
        let account = app::ssr::services::accounts::NewAccount {
            email,
            name: "Ban Tổ chức",
            password: PASSWORD,
            lang: app::domain::Lang::Vi,
        };
        app::ssr::services::accounts::create_admin(&db, &app::ssr::actor::Actor::System, account)
            .await
            .unwrap();
    }
}

/// A client address of its own for each email, as a proxy would forward it.
pub fn address_for(email: &str) -> String {
    let h = email
        .bytes()
        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    format!("10.{}.{}.{}", (h >> 16) & 0xff, (h >> 8) & 0xff, h & 0xff)
}

/// The body of an HTML response without the hydration markers (`<!>`) between text runs.
pub async fn html(res: Response) -> String {
    res.text().await.unwrap().replace("<!>", "")
}

fn serde_urlencoded(fields: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}

/// A data directory and database of its own, removed when the test ends.
pub struct TestData {
    pub config: DataConfig,
    pg_name: Option<String>,
}

impl TestData {
    pub fn sqlite() -> TestData {
        let dir = std::env::temp_dir().join(format!("jurydesk-http-{}", Uuid::now_v7().simple()));
        TestData {
            config: DataConfig {
                database_url: None,
                data_dir: dir,
            },
            pg_name: None,
        }
    }

    pub async fn postgres() -> Option<TestData> {
        let admin = match tokio::time::timeout(
            std::time::Duration::from_secs(3),
            Database::connect(PG_ADMIN_URL),
        )
        .await
        {
            Ok(Ok(a)) => a,
            _ if std::env::var("CI").is_ok() => {
                panic!("PostgreSQL at {PG_ADMIN_URL} is required in CI")
            }
            _ => {
                note_postgres_skipped();
                return None;
            }
        };
        let name = format!("jurydesk_http_{}", Uuid::now_v7().simple());
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        let dir = std::env::temp_dir().join(format!("jurydesk-http-{}", Uuid::now_v7().simple()));
        Some(TestData {
            config: DataConfig {
                database_url: Some(format!("postgres://postgres@127.0.0.1:5432/{name}")),
                data_dir: dir,
            },
            pg_name: Some(name),
        })
    }

    pub async fn remove(self) {
        let _ = std::fs::remove_dir_all(&self.config.data_dir);
        if let Some(name) = self.pg_name
            && let Ok(admin) = Database::connect(PG_ADMIN_URL).await
        {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await;
        }
    }
}

/// Runs `test` against a server on SQLite, then on PostgreSQL when it answers.
pub async fn on_each_backend<F, Fut>(test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = TestApp>,
{
    let mut backends = vec![TestData::sqlite()];
    if let Some(pg) = TestData::postgres().await {
        backends.push(pg);
    }
    for data in backends {
        let app = TestApp::start(data.config.clone(), client()).await;
        let app = test(app).await;
        app.stop().await;
        data.remove().await;
    }
}

#[allow(dead_code)]
pub fn data_dir(app: &TestApp) -> PathBuf {
    app.data.data_dir.clone()
}

/// The first administrator, made at the command line, as the services see them.
pub async fn admin_actor(app: &TestApp) -> app::ssr::actor::Actor {
    let db = app.db().await;
    let (user, _) = app::ssr::services::accounts::create_admin(
        &db,
        &app::ssr::actor::Actor::System,
        app::ssr::services::accounts::NewAccount {
            email: ADMIN_EMAIL,
            name: "Ban Tổ chức",
            password: PASSWORD,
            lang: app::domain::Lang::Vi,
        },
    )
    .await
    .unwrap();
    app::ssr::actor::load(&db, user).await.unwrap()
}

/// A contest with this code, in Vietnam's time zone.
pub fn new_contest(code: &str) -> app::model::NewContest {
    app::model::NewContest {
        code: code.into(),
        name_vi: format!("Cuộc thi {code}"),
        name_en: format!("Contest {code}"),
        description_vi: String::new(),
        description_en: String::new(),
        time_zone: "Asia/Ho_Chi_Minh".into(),
    }
}

/// Opens `code` (made with `new_contest`) for entries, from yesterday to a month from now.
pub async fn open_for_entries(app: &TestApp, admin: &app::ssr::actor::Actor, code: &str) {
    open_for_entries_with(app, admin, code, "", "").await;
}

/// Opens the contest for entries taking these kinds of file up to `max_mb` (blank: as they
/// are).
pub async fn open_for_entries_with(
    app: &TestApp,
    admin: &app::ssr::actor::Actor,
    code: &str,
    attachment_types: &str,
    max_mb: &str,
) {
    // Vietnam's local time, where `new_contest` puts contests (no daylight saving).
    let now = chrono::Utc::now() + chrono::Duration::hours(7);
    let local = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M").to_string();
    let c = new_contest(code);
    let settings = app::model::ContestSettings {
        name_vi: c.name_vi,
        name_en: c.name_en,
        description_vi: c.description_vi,
        description_en: c.description_en,
        time_zone: c.time_zone,
        submissions_open: local(now - chrono::Duration::days(1)),
        submissions_close: local(now + chrono::Duration::days(30)),
        attachment_types: attachment_types.into(),
        attachment_max_mb: max_mb.into(),
        ..Default::default()
    };
    app::ssr::services::contests::update_settings(&app.db().await, admin, code, settings)
        .await
        .unwrap();
}

/// The actor of the account with this email, as its next request resolves it.
pub async fn actor_of(app: &TestApp, email: &str) -> app::ssr::actor::Actor {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let db = app.db().await;
    let user = app::ssr::entities::user::Entity::find()
        .filter(app::ssr::entities::user::Column::Email.eq(email))
        .one(&db)
        .await
        .unwrap()
        .expect("an account with this email");
    app::ssr::actor::load(&db, user).await.unwrap()
}

/// Signs `email` in on a client of its own.
pub async fn signed_in(app: &TestApp, email: &str) -> Client {
    let c = client();
    let res = c
        .post(app.url("/api/sign_in"))
        .header(ACCEPT, "application/json")
        .header("sec-fetch-site", "same-origin")
        .header("x-forwarded-for", address_for(email))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(format!(
            "email={}&password={}",
            urlencode(email),
            urlencode(PASSWORD)
        ))
        .send()
        .await
        .unwrap();
    assert!(
        res.status().is_success(),
        "sign in {email}: {}",
        res.status()
    );
    c
}

pub fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// A round replayed offline from its three files (`round.toml`, `entries.csv`, `sheets.csv`,
/// in that order), as `jurydesk results` does.
pub fn replay_files(files: &[String]) -> app::domain::replay::ReplayOutput {
    use app::domain::files::SourceFile;
    app::domain::replay::run(&app::domain::replay::ReplayInput {
        rules: SourceFile::new("round.toml", &files[0]),
        entries: Some(SourceFile::new("entries.csv", &files[1])),
        sheets: SourceFile::new("sheets.csv", &files[2]),
        explain: None,
        lang: app::domain::Lang::Vi,
    })
    .unwrap_or_else(|e| panic!("{e:?}\n{}\n{}", files[0], files[2]))
}
