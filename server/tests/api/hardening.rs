//! Hostile input and the operator's view: limits, redirects, bodies, passwords, account
//! discovery, headers, health, sessions and browser files.

use crate::helpers::{
    PASSWORD, TestApp, TestData, address_for, client, html, on_each_backend, serve_config,
};
use app::ssr::entities::{outbox, session, user};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::time::{Duration, Instant};
use unicode_normalization::UnicodeNormalization;

async fn sign_in_from(app: &TestApp, address: &str, email: &str, password: &str) -> StatusCode {
    app.post(
        "/api/sign_in",
        "application/json",
        &[("email", email), ("password", password)],
    )
    .header("x-forwarded-for", address)
    .send()
    .await
    .unwrap()
    .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_passwords_from_one_address_do_not_lock_the_owner_out_elsewhere() {
    on_each_backend(|app| async move {
        app.sign_up("lan@example.vn", "Lan").await;
        let mut statuses = Vec::new();
        for _ in 0..8 {
            statuses
                .push(sign_in_from(&app, "198.51.100.66", "lan@example.vn", "sai-roi-nhe-9").await);
        }
        assert_eq!(statuses[..5], [StatusCode::UNPROCESSABLE_ENTITY; 5]);
        assert_eq!(statuses[5..], [StatusCode::TOO_MANY_REQUESTS; 3]);
        let owner = sign_in_from(&app, "203.0.113.7", "lan@example.vn", PASSWORD).await;
        assert_eq!(owner, StatusCode::OK);
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_ups_and_reset_requests_are_limited_and_a_new_reset_link_replaces_the_old() {
    on_each_backend(|app| async move {
        let mut statuses = Vec::new();
        for i in 0..12 {
            let res = app
                .post(
                    "/api/sign_up",
                    "application/json",
                    &[("email", &format!("spam-{i}@example.vn")), ("name", "Spam")],
                )
                .header("x-forwarded-for", "198.51.100.9")
                .send()
                .await
                .unwrap();
            statuses.push(res.status());
        }
        assert_eq!(statuses[..10], [StatusCode::OK; 10]);
        assert_eq!(statuses[10..], [StatusCode::TOO_MANY_REQUESTS; 2]);
        let db = app.db().await;
        assert_eq!(user::Entity::find().count(&db).await.unwrap(), 10);

        app.sign_up("lan@example.vn", "Lan").await;
        app.call("/api/request_reset", &[("email", "lan@example.vn")])
            .await;
        let first = app.last_token("lan@example.vn", "/reset").await;
        app.call("/api/request_reset", &[("email", "lan@example.vn")])
            .await;
        let second = app.last_token("lan@example.vn", "/reset").await;
        assert_ne!(first, second);
        let old = app
            .call(
                "/api/reset_password",
                &[("token", &first), ("password", "mật-khẩu-mới-xanh-lá")],
            )
            .await;
        assert_eq!(old.status(), StatusCode::UNPROCESSABLE_ENTITY);
        // Three reset mails an hour for one email, from any address.
        let third = app
            .post(
                "/api/request_reset",
                "application/json",
                &[("email", "lan@example.vn")],
            )
            .header("x-forwarded-for", "203.0.113.99")
            .send()
            .await
            .unwrap();
        assert_eq!(third.status(), StatusCode::OK);
        let fourth = app
            .post(
                "/api/request_reset",
                "application/json",
                &[("email", "lan@example.vn")],
            )
            .header("x-forwarded-for", "203.0.113.98")
            .send()
            .await
            .unwrap();
        assert_eq!(fourth.status(), StatusCode::TOO_MANY_REQUESTS);
        let resets = outbox::Entity::find()
            .filter(outbox::Column::Body.contains("/reset?token="))
            .count(&db)
            .await
            .unwrap();
        assert_eq!(resets, 3);
        let new = app
            .call(
                "/api/reset_password",
                &[("token", &second), ("password", "mật-khẩu-mới-xanh-lá")],
            )
            .await;
        assert_eq!(
            new.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "replaced by the third"
        );
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_up_answers_the_same_whether_or_not_the_email_has_an_account() {
    on_each_backend(|app| async move {
        app.sign_up("lan@example.vn", "Lan").await;
        let db = app.db().await;
        let before = outbox::Entity::find().count(&db).await.unwrap();

        let known = app.ask_for_account("lan@example.vn", "Ai đó").await;
        let unknown = app.ask_for_account("minh@example.vn", "Minh").await;
        assert_eq!(known.status(), unknown.status());
        assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
        // The owner of the known address hears of it by mail instead.
        let mails = outbox::Entity::find()
            .order_by_asc(outbox::Column::CreatedAt)
            .all(&db)
            .await
            .unwrap();
        assert_eq!(mails.len() as u64, before + 2);
        let to_lan = mails
            .iter()
            .rev()
            .find(|m| m.recipient == "lan@example.vn")
            .unwrap();
        assert!(
            to_lan.body.contains("/signin") && to_lan.body.contains("/forgot"),
            "{}",
            to_lan.body
        );
        // The account is untouched: still Lan's name and password.
        assert_eq!(
            sign_in_from(&app, "203.0.113.1", "lan@example.vn", PASSWORD).await,
            StatusCode::OK
        );

        // No-JS: both go to the same page.
        let a = app
            .post_form(
                "/api/sign_up",
                "/signup",
                &[("email", "lan@example.vn"), ("name", "X")],
            )
            .await;
        let b = app
            .post_form(
                "/api/sign_up",
                "/signup",
                &[("email", "hoa@example.vn"), ("name", "X")],
            )
            .await;
        assert_eq!(a.headers()["location"], b.headers()["location"]);
        app
    })
    .await;
}

/// The median of `n` timings of `f`.
async fn median<F, Fut>(n: usize, mut f: F) -> Duration
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut times = Vec::new();
    for i in 0..n {
        let start = Instant::now();
        f(i).await;
        times.push(start.elapsed());
    }
    times.sort();
    times[n / 2]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_and_sign_up_requests_take_the_same_time_for_known_and_unknown_emails() {
    let data = TestData::sqlite();
    let app = TestApp::start(data.config.clone(), client()).await;
    for i in 0..6 {
        app.sign_up(&format!("co-{i}@example.vn"), "Có").await;
    }
    let ask = |path: &'static str, email: String| {
        let req = app
            .post(
                path,
                "application/json",
                &[("email", &email), ("name", "Ai")],
            )
            .header("x-forwarded-for", address_for(&email));
        async move {
            assert!(req.send().await.unwrap().status().is_success());
        }
    };
    let floor = app::ssr::services::accounts::UNIFORM_ANSWER;
    for path in ["/api/request_reset", "/api/sign_up"] {
        let known = median(6, |i| ask(path, format!("co-{i}@example.vn"))).await;
        let unknown = median(6, |i| {
            ask(path, format!("khong-{}-{i}@example.vn", path.len()))
        })
        .await;
        assert!(known >= floor && unknown >= floor, "{known:?} {unknown:?}");
        let gap = known.abs_diff(unknown);
        assert!(
            gap < floor / 3,
            "{path}: known {known:?}, unknown {unknown:?}"
        );
    }
    app.stop().await;
    data.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passwords_and_emails_typed_with_decomposed_accents_are_the_same() {
    on_each_backend(|app| async move {
        let email = "nguyễn.lan@trường.vn";
        app.ask_for_account(email, "Lan").await;
        let token = app.last_token(email, "/confirm").await;
        let password = "mật-khẩu-ếch-xanh-lá";
        let res = app
            .call(
                "/api/finish_sign_up",
                &[("token", &token), ("name", "Lan"), ("password", password)],
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let nfd_email: String = email.nfd().collect();
        let nfd_password: String = password.nfd().collect();
        assert_eq!(
            sign_in_from(&app, "203.0.113.2", &nfd_email, &nfd_password).await,
            StatusCode::OK
        );
        // Asking again with the decomposed email does not make a second account.
        app.ask_for_account(&nfd_email, "Lan").await;
        let db = app.db().await;
        assert_eq!(user::Entity::find().count(&db).await.unwrap(), 1);
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trivial_and_personal_passwords_are_refused_with_the_reason() {
    on_each_backend(|app| async move {
        app.ask_for_account("lan@example.vn", "Nguyễn Thị Lan")
            .await;
        let token = app.last_token("lan@example.vn", "/confirm").await;
        for (password, reason) in [
            ("aaaaaaaa", "dễ đoán"),
            ("        ", "dễ đoán"),
            ("lan@example.vn", "Không dùng email hoặc họ tên"),
            ("Nguyễn Thị Lan", "Không dùng email hoặc họ tên"),
        ] {
            let res = app
                .call(
                    "/api/finish_sign_up",
                    &[
                        ("token", &token),
                        ("name", "Nguyễn Thị Lan"),
                        ("password", password),
                    ],
                )
                .await;
            assert_eq!(
                res.status(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "{password:?}"
            );
            let body = res.text().await.unwrap();
            assert!(body.contains(reason), "{password:?}: {body}");
        }
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_and_non_text_bodies_are_refused_with_413_and_422_and_nothing_is_stored() {
    on_each_backend(|app| async move {
        let big = format!(
            "{{\"email\":\"a@b.vn\",\"name\":\"{}\"}}",
            "x".repeat(3 << 20)
        );
        let res = app
            .client
            .post(app.url("/api/sign_up"))
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .body(big)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert!(res.text().await.unwrap().contains("quá lớn"));

        let res = app
            .client
            .post(app.url("/api/sign_up"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(b"email=a%40b.vn&name=%FF%FE%FD".to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

        for name in ["Lê\u{0}Hoa", "Lê\u{7}Hoa"] {
            let res = app
                .call(
                    "/api/sign_up",
                    &[("email", "hoa@example.vn"), ("name", name)],
                )
                .await;
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name:?}");
        }
        let res = app
            .call(
                "/api/sign_up",
                &[("email", "h\u{0}oa@example.vn"), ("name", "Hoa")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let db = app.db().await;
        assert_eq!(user::Entity::find().count(&db).await.unwrap(), 0);
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_never_leave_the_site() {
    on_each_backend(|app| async move {
        app.sign_up("lan@example.vn", "Lan").await;
        for next in [
            "/\t/evil.example",
            "//evil.example",
            "/\\evil.example",
            "/\x7f",
            "/a\r\nb",
        ] {
            let res = app
                .post_form(
                    "/api/sign_in",
                    "/signin",
                    &[
                        ("email", "lan@example.vn"),
                        ("password", PASSWORD),
                        ("next", next),
                    ],
                )
                .await;
            assert!(res.status().is_redirection(), "{next:?}: {}", res.status());
            // Signed in and sent home, or (DEL cannot be typed) refused back to the form.
            let to = res.headers()["location"].to_str().unwrap().to_owned();
            assert!(to == "/" || to == "/signin", "{next:?} went to {to}");
        }
        let res = app
            .client
            .post(app.url("/api/sign_in"))
            .header("accept", "text/html")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .header("referer", format!("{}//evil.example/x", app.address))
            .body("email=lan%40example.vn&password=sai")
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["location"], "/");
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_anonymous_post_keeps_a_few_kilobytes_for_a_few_minutes() {
    on_each_backend(|app| async move {
        let huge = "ế".repeat(80_000);
        for _ in 0..10 {
            let stranger = client();
            let res = stranger
                .post(app.url("/api/sign_up"))
                .header("accept", "text/html")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("sec-fetch-site", "same-origin")
                .header("referer", app.url("/signup"))
                .body(
                    form_urlencoded::Serializer::new(String::new())
                        .extend_pairs([("email", "khong-hop-le"), ("name", huge.as_str())])
                        .finish(),
                )
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::SEE_OTHER);
        }
        let db = app.db().await;
        let rows = session::Entity::find().all(&db).await.unwrap();
        assert_eq!(rows.len(), 10);
        let soon = chrono::Utc::now() + chrono::Duration::minutes(11);
        for row in rows {
            assert!(row.data.len() < 6 * 1024, "{} bytes", row.data.len());
            assert!(row.expires_at < soon, "kept until {}", row.expires_at);
        }
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_page_number_answers_like_any_other() {
    on_each_backend(|app| async move {
        let page = tokio::time::timeout(
            Duration::from_secs(10),
            app.get("/contests?page=461168601842738792"),
        )
        .await
        .expect("an answer");
        assert_eq!(page.status(), StatusCode::OK);
        let api = app
            .call("/api/list_contests", &[("page", "461168601842738792")])
            .await;
        assert_eq!(api.status(), StatusCode::OK);
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn script_like_text_is_shown_as_text_and_only_the_pages_own_scripts_may_run() {
    on_each_backend(|app| async move {
        app.make_admin("admin@so-khcn.vn").await;
        app.sign_in("admin@so-khcn.vn", PASSWORD).await;
        let evil = "</title><script>alert(1)</script>";
        let res = app
            .call(
                "/api/create_contest",
                &[
                    ("contest[code]", "XSS-1"),
                    ("contest[name_vi]", evil),
                    ("contest[name_en]", evil),
                    ("contest[description_vi]", evil),
                    ("contest[description_en]", evil),
                    ("contest[time_zone]", "Asia/Ho_Chi_Minh"),
                ],
            )
            .await;
        assert!(res.status().is_success(), "{}", res.status());
        let res = app.get("/contests/XSS-1").await;
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        let page = res.text().await.unwrap();
        assert!(!page.contains("<script>alert(1)"), "{page}");
        assert!(
            page.contains("&lt;/title&gt;&lt;script&gt;alert(1)"),
            "{page}"
        );
        let scripts = csp
            .split("script-src")
            .nth(1)
            .unwrap()
            .split(';')
            .next()
            .unwrap();
        assert!(!scripts.contains("unsafe-inline"), "{csp}");
        let nonce = scripts
            .split_whitespace()
            .find_map(|s| s.strip_prefix("'nonce-"))
            .and_then(|s| s.strip_suffix('\''))
            .expect("a nonce");
        for tag in page
            .match_indices("<script")
            .map(|(i, _)| &page[i..i + 120.min(page.len() - i)])
        {
            assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "{tag}");
        }
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_answers_are_never_cached_and_request_ids_are_checked() {
    on_each_backend(|app| async move {
        app.sign_up("lan@example.vn", "Lan").await;
        for path in ["/account", "/contests"] {
            let res = app.get(path).await;
            assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
        }
        let api = app.call("/api/me", &[]).await;
        assert_eq!(api.headers()["cache-control"], "no-store");
        assert!(api.headers().get("strict-transport-security").is_none());

        let sent = |id: &'static str| {
            app.client
                .get(app.url("/healthz"))
                .header("x-request-id", id)
                .send()
        };
        let kept = sent("lb-7f3a.01").await.unwrap();
        assert_eq!(kept.headers()["x-request-id"], "lb-7f3a.01");
        let replaced = sent("x\" injected=1").await.unwrap();
        assert_ne!(replaced.headers()["x-request-id"], "x\" injected=1");
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_in_page_view_does_not_write_the_session() {
    on_each_backend(|app| async move {
        app.sign_up("lan@example.vn", "Lan").await;
        let db = app.db().await;
        let before = session::Entity::find().all(&db).await.unwrap();
        for _ in 0..3 {
            assert_eq!(app.get("/contests").await.status(), StatusCode::OK);
            assert_eq!(app.get("/account").await.status(), StatusCode::OK);
        }
        let after = session::Entity::find().all(&db).await.unwrap();
        assert_eq!(before, after);
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_may_sign_out_the_other_sessions() {
    on_each_backend(|app| async move {
        app.sign_up("lan@example.vn", "Lan").await;
        let other = client();
        let other_sign_in = |password: &'static str| {
            other
                .post(app.url("/api/sign_in"))
                .header("accept", "application/json")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("x-forwarded-for", "203.0.113.5")
                .body(format!(
                    "email=lan%40example.vn&password={}",
                    urlencode(password)
                ))
                .send()
        };
        let account_of_other = || other.get(app.url("/account")).send();
        assert!(other_sign_in(PASSWORD).await.unwrap().status().is_success());

        let wrong = app
            .call(
                "/api/change_password",
                &[
                    ("current_password", "sai"),
                    ("password", "mật-khẩu-mới-xanh-lá"),
                ],
            )
            .await;
        assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);

        // Kept: without the box ticked the other browser stays signed in.
        let res = app
            .call(
                "/api/change_password",
                &[
                    ("current_password", PASSWORD),
                    ("password", "mật-khẩu-mới-xanh-lá"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(account_of_other().await.unwrap().status(), StatusCode::OK);
        assert_eq!(app.get("/account").await.status(), StatusCode::OK);

        // Ticked: every other session ends, this one goes on.
        let res = app
            .call(
                "/api/change_password",
                &[
                    ("current_password", "mật-khẩu-mới-xanh-lá"),
                    ("password", "một-mật-khẩu-khác-nữa"),
                    ("sign_out_others", "on"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            account_of_other().await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(app.get("/account").await.status(), StatusCode::OK);
        app
    })
    .await;
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_fails_when_the_database_file_is_removed_and_the_server_will_not_start_empty() {
    let data = TestData::sqlite();
    let app = TestApp::start(data.config.clone(), client()).await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    let file = data.config.data_dir.join("jurydesk.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(res.text().await.unwrap().contains("removed or replaced"));
    app.stop().await;

    let refused = server::startup::open_database(&data.config)
        .await
        .expect_err("refused");
    assert!(
        refused.contains("is missing") && refused.contains("backup"),
        "{refused}"
    );
    assert!(!file.exists(), "no empty database was made");
    data.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_files_are_compressed_hash_named_and_cached_for_a_year() {
    let site =
        std::env::temp_dir().join(format!("jurydesk-site-{}", uuid::Uuid::now_v7().simple()));
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("ASSET_NAME"), "jurydesk.0123abcd\n").unwrap();
    std::fs::write(pkg.join("jurydesk.0123abcd.js"), "export default 1;").unwrap();
    std::fs::write(pkg.join("jurydesk.0123abcd.js.gz"), b"gzip bytes").unwrap();
    std::fs::write(pkg.join("jurydesk.0123abcd.css"), "body{}").unwrap();
    let mut serve = serve_config();
    serve.site_root = site.display().to_string();
    let data = TestData::sqlite();
    let app = TestApp::start_with(data.config.clone(), client(), serve).await;

    let js = app
        .client
        .get(app.url("/pkg/jurydesk.0123abcd.js"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(js.status(), StatusCode::OK);
    assert_eq!(js.headers()["content-encoding"], "gzip");
    assert_eq!(
        js.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let page = html(app.get("/").await).await;
    assert!(page.contains("/pkg/jurydesk.0123abcd.css"), "{page}");
    assert!(page.contains("/pkg/jurydesk.0123abcd.js"), "{page}");
    assert!(page.contains("/pkg/jurydesk.0123abcd_bg.wasm"), "{page}");

    app.stop().await;
    data.remove().await;
    let _ = std::fs::remove_dir_all(site);
}
