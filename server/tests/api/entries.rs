//! Entries over real HTTP, on SQLite and PostgreSQL: founders starting and saving at once,
//! the stale-tab refusal, and the entry form without JavaScript.

use crate::helpers::{
    TestApp, admin_actor, html, new_contest, on_each_backend, open_for_entries, signed_in,
    urlencode,
};
use app::ssr::entities::entry;
use app::ssr::services::contests;
use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION, REFERER};
use reqwest::{Client, RequestBuilder, StatusCode};
use sea_orm::{EntityTrait, PaginatorTrait};
use tokio::task::JoinSet;

pub(crate) const CONTEST: &str = "LS25";

/// A form post by `client` to `url`: `accept` is `application/json` as the hydrated page
/// calls a server function, `text/html` as a browser without JavaScript posts.
pub(crate) fn post(
    client: &Client,
    url: String,
    accept: &str,
    fields: &[(&str, &str)],
) -> RequestBuilder {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    client
        .post(url)
        .header(ACCEPT, accept)
        .header("sec-fetch-site", "same-origin")
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body)
}

/// A server function called by `client` as the hydrated page calls it.
pub(crate) async fn call(
    app: &TestApp,
    client: &Client,
    path: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let res = post(client, app.url(path), "application/json", fields)
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

/// `n` founders, signed in on a client each, and the contest open for entries.
pub(crate) async fn founders(app: &TestApp, n: usize) -> Vec<Client> {
    let admin = admin_actor(app).await;
    contests::create(&app.db().await, &admin, new_contest(CONTEST))
        .await
        .unwrap();
    open_for_entries(app, &admin, CONTEST).await;
    let mut clients = Vec::new();
    for i in 0..n {
        let email = format!("sang-lap-{i}@example.vn");
        app.sign_up(&email, &format!("Người sáng lập {i}")).await;
        clients.push(signed_in(app, &email).await);
    }
    clients
}

/// The code of the entry a founder just started (the redirect's target).
pub(crate) async fn my_codes(app: &TestApp, client: &Client) -> Vec<String> {
    let (status, body) = call(app, client, "/api/my_entries", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let rows: Vec<app::model::EntryRow> = serde_json::from_str(&body).unwrap();
    rows.into_iter().map(|r| r.code).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn founders_starting_and_saving_at_once_each_keep_their_own_entry() {
    on_each_backend(|app| async move {
        let clients = founders(&app, 12).await;
        let mut set = JoinSet::new();
        for c in &clients {
            let (app_url, c) = (app.url("/api/start_entry"), c.clone());
            set.spawn(async move {
                post(&c, app_url, "application/json", &[("contest", CONTEST)])
                    .send()
                    .await
                    .unwrap()
                    .status()
            });
        }
        while let Some(status) = set.join_next().await {
            let status = status.unwrap();
            assert!(status.is_success() || status.is_redirection(), "{status}");
        }
        let db = app.db().await;
        assert_eq!(entry::Entity::find().count(&db).await.unwrap(), 12);

        // Each founder saves twice at once from the same version (two tabs): one save is
        // kept, the other is told it is stale; nobody gets a server error.
        let mut saves = JoinSet::new();
        for (i, c) in clients.iter().enumerate() {
            let code = my_codes(&app, c).await.pop().expect("one entry each");
            for tab in 0..2 {
                let (app, c, code) = (app.url(""), c.clone(), code.clone());
                saves.spawn(async move {
                    let title = format!("Ý tưởng {i} từ thẻ {tab}");
                    let fields = [
                        ("code", code.as_str()),
                        ("version", "1"),
                        ("entry[title]", title.as_str()),
                    ];
                    let url = format!("{app}/api/save_entry");
                    let res = post(&c, url, "application/json", &fields)
                        .send()
                        .await
                        .unwrap();
                    (i, res.status())
                });
            }
        }
        let mut kept = vec![0; clients.len()];
        let mut stale = vec![0; clients.len()];
        while let Some(done) = saves.join_next().await {
            let (i, status) = done.unwrap();
            match status {
                StatusCode::OK => kept[i] += 1,
                StatusCode::CONFLICT => stale[i] += 1,
                other => panic!("founder {i}: {other}"),
            }
        }
        assert!(kept.iter().all(|k| *k == 1), "{kept:?}");
        assert!(stale.iter().all(|s| *s == 1), "{stale:?}");
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_a_save_returns_to_the_entry_and_a_stale_one_shows_what_differs() {
    on_each_backend(|app| async move {
        let clients = founders(&app, 1).await;
        let c = &clients[0];
        const HTML: &str = "text/html,application/xhtml+xml";
        let plain = |fields: Vec<(&'static str, String)>| {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post(c, app.url("/api/save_entry"), HTML, &fields)
                .header(REFERER, app.url("/entries/LS25-0001"))
        };
        let res = post(
            c,
            app.url("/api/start_entry"),
            HTML,
            &[("contest", CONTEST)],
        )
        .send()
        .await
        .unwrap();
        assert!(res.status().is_redirection(), "{}", res.status());
        assert_eq!(res.headers()[LOCATION], "/entries/LS25-0001?started=1");

        let res = plain(vec![
            ("code", "LS25-0001".into()),
            ("version", "1".into()),
            ("entry[title]", "Bản đầu tiên".into()),
            ("intent", "save".into()),
        ])
        .send()
        .await
        .unwrap();
        assert!(res.status().is_redirection(), "{}", res.status());
        assert_eq!(res.headers()[LOCATION], "/entries/LS25-0001?saved=1");

        // A second tab, still at version 1: refused, sent back with what it typed.
        let res = plain(vec![
            ("code", "LS25-0001".into()),
            ("version", "1".into()),
            ("entry[title]", "Bản của thẻ cũ".into()),
            ("intent", "save".into()),
        ])
        .send()
        .await
        .unwrap();
        assert!(res.status().is_redirection(), "{}", res.status());
        let page = html(
            c.get(app.url("/entries/LS25-0001"))
                .header("accept-language", "vi")
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert!(
            page.contains("Bản của thẻ cũ"),
            "the typed title is shown again"
        );
        assert!(page.contains("Bản đầu tiên"), "the saved title is named");
        assert!(page.contains("thẻ khác"), "the page says another tab saved");
        // The form now carries the newer version: saving again keeps this tab's text.
        assert!(page.contains(r#"name="version" value="2""#), "{page}");

        // Submitting with fields missing: saved as a draft, the page names them.
        let res = plain(vec![
            ("code", "LS25-0001".into()),
            ("version", "2".into()),
            ("entry[title]", "Bản của thẻ cũ".into()),
            ("intent", "submit".into()),
        ])
        .send()
        .await
        .unwrap();
        assert_eq!(res.headers()[LOCATION], "/entries/LS25-0001?incomplete=1");
        let page = html(
            c.get(app.url("/entries/LS25-0001?incomplete=1"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert!(page.contains("Tóm tắt"), "{page}");
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_committee_downloads_entries_as_csv_that_excel_reads_and_cannot_run() {
    on_each_backend(|app| async move {
        let clients = founders(&app, 1).await;
        let founder = &clients[0];
        let (status, _) = call(&app, founder, "/api/start_entry", &[("contest", CONTEST)]).await;
        assert!(status.is_success() || status.is_redirection(), "{status}");
        let (status, body) = call(
            &app,
            founder,
            "/api/save_entry",
            &[
                ("code", "LS25-0001"),
                ("version", "1"),
                ("entry[title]", "=HYPERLINK(\"http://x\",\"Bấm\")"),
                ("entry[summary]", "Nông nghiệp sạch, \"hữu cơ\""),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");

        let admin = signed_in(&app, crate::helpers::ADMIN_EMAIL).await;
        let download = |client: Client, lang: &'static str| {
            let url = app.url("/contests/ls25/entries.csv?status=draft");
            async move {
                client
                    .get(url)
                    .header("accept-language", lang)
                    .send()
                    .await
                    .unwrap()
            }
        };
        let res = download(admin.clone(), "vi").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[CONTENT_TYPE], "text/csv; charset=utf-8");
        assert_eq!(
            res.headers()["content-disposition"],
            "attachment; filename=\"LS25-entries.csv\""
        );
        let text = res.text().await.unwrap();
        assert!(
            text.starts_with(
                "\u{feff}Mã,Tên ý tưởng,Lĩnh vực,Trạng thái,Đủ điều kiện?,Lý do quyết định của Ban tổ chức,Trưởng nhóm,"
            ),
            "{text}"
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[1].starts_with("LS25-0001,\"'=HYPERLINK(\"\"http://x\"\",\"\"Bấm\"\")\",,Bản nháp,Đủ điều kiện,,Người sáng lập 0,sang-lap-0@example.vn,"), "{}", lines[1]);
        assert!(lines[1].contains("\"Nông nghiệp sạch, \"\"hữu cơ\"\"\""), "{}", lines[1]);

        // The reader's language: the administrator switches to English.
        let (status, _) = call(&app, &admin, "/api/set_language", &[("lang", "en")]).await;
        assert_eq!(status, StatusCode::OK);
        let english = download(admin.clone(), "en").await.text().await.unwrap();
        assert!(english.starts_with("\u{feff}Code,Title of the idea,Category,Status,Eligibility,The committee's reason,Team lead,"));
        assert!(english.contains(",Draft,"));
        let none = app.url("/contests/LS25/entries.csv?status=submitted");
        let only_header = admin.get(none).send().await.unwrap().text().await.unwrap();
        assert_eq!(only_header.lines().count(), 1);

        // A founder may not list the contest's entries, not even their own this way.
        let refused = download(founder.clone(), "en").await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        assert!(!refused.text().await.unwrap().contains("HYPERLINK"));
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn committee_decisions_and_rule_changes_at_once_all_land_and_are_all_recorded() {
    use app::ssr::entities::audit_log;
    use sea_orm::{ColumnTrait, QueryFilter};
    on_each_backend(|app| async move {
        let clients = founders(&app, 1).await;
        let (status, _) = call(
            &app,
            &clients[0],
            "/api/start_entry",
            &[("contest", CONTEST)],
        )
        .await;
        assert!(status.is_success());
        let code = my_codes(&app, &clients[0]).await.pop().unwrap();
        let admin = signed_in(&app, crate::helpers::ADMIN_EMAIL).await;
        let mut set = JoinSet::new();
        for i in 0..8 {
            let (app_url, admin, code) = (app.url(""), admin.clone(), code.clone());
            set.spawn(async move {
                let age = (18 + i).to_string();
                let rules = [
                    ("code", CONTEST),
                    ("rules[age_min]", age.as_str()),
                    ("rules[provinces]", "Lạng Sơn"),
                ];
                let a = post(
                    &admin,
                    format!("{app_url}/api/set_eligibility"),
                    "application/json",
                    &rules,
                )
                .send()
                .await
                .unwrap()
                .status();
                let decision = if i % 2 == 0 {
                    "eligible"
                } else {
                    "disqualified"
                };
                let reason = format!("Quyết định số {i}");
                let fields = [
                    ("code", code.as_str()),
                    ("decision", decision),
                    ("reason", reason.as_str()),
                ];
                let b = post(
                    &admin,
                    format!("{app_url}/api/decide_entry"),
                    "application/json",
                    &fields,
                )
                .send()
                .await
                .unwrap()
                .status();
                (a, b)
            });
        }
        while let Some(done) = set.join_next().await {
            let (a, b) = done.unwrap();
            assert_eq!((a, b), (StatusCode::OK, StatusCode::OK));
        }
        let db = app.db().await;
        let decided = audit_log::Entity::find()
            .filter(audit_log::Column::Kind.eq("entry.eligibility_decided"))
            .count(&db)
            .await
            .unwrap();
        assert_eq!(decided, 8);
        let ruled = audit_log::Entity::find()
            .filter(audit_log::Column::Kind.eq("contest.eligibility_updated"))
            .count(&db)
            .await
            .unwrap();
        assert_eq!(ruled, 8, "each change of the minimum age is a change");
        let (_, body) = call(&app, &admin, "/api/get_entry", &[("code", &code)]).await;
        let entry: app::model::EntryView = serde_json::from_str(&body).unwrap();
        let decision = entry.eligibility.decision.expect("a decision stands");
        assert!(decision.reason.starts_with("Quyết định số "));
        assert_eq!(entry.contest.eligibility.provinces, ["Lạng Sơn"]);
        app
    })
    .await;
}

/// A CSV of `n` complete entries, leads `prefix-i@example.vn`.
fn entries_csv_text(prefix: &str, n: usize) -> String {
    let mut text = String::from(
        "title,lead_name,lead_email,summary,problem,solution,market,business_model,stage\n",
    );
    for i in 0..n {
        text.push_str(&format!(
            "Ý tưởng {prefix} {i},Người {i},{prefix}-{i}@example.vn,Tóm tắt,Vấn đề,Giải pháp,Thị trường,Mô hình,idea\n"
        ));
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imports_at_once_number_every_entry_once_and_without_javascript_the_report_comes_back() {
    on_each_backend(|app| async move {
        founders(&app, 0).await;
        let admin = signed_in(&app, crate::helpers::ADMIN_EMAIL).await;
        let mut set = JoinSet::new();
        for k in 0..4 {
            let (app_url, admin) = (app.url(""), admin.clone());
            set.spawn(async move {
                let text = entries_csv_text(&format!("huyen{k}"), 5);
                let fields = [
                    ("contest", CONTEST),
                    ("csv", text.as_str()),
                    ("intent", "apply"),
                ];
                let res = post(
                    &admin,
                    format!("{app_url}/api/import_entries"),
                    "application/json",
                    &fields,
                )
                .send()
                .await
                .unwrap();
                (res.status(), res.text().await.unwrap())
            });
        }
        let mut codes = Vec::new();
        while let Some(done) = set.join_next().await {
            let (status, body) = done.unwrap();
            assert_eq!(status, StatusCode::OK, "{body}");
            let report: app::model::ImportReport = serde_json::from_str(&body).unwrap();
            assert!(report.applied, "{body}");
            codes.extend(report.codes);
        }
        codes.sort();
        let expected: Vec<String> = (1..=20).map(|i| format!("LS25-{i:04}")).collect();
        assert_eq!(codes, expected);
        let db = app.db().await;
        assert_eq!(entry::Entity::find().count(&db).await.unwrap(), 20);

        // Without JavaScript: a dry run with a bad line comes back as the page, with the
        // report and the text as it was sent.
        const HTML: &str = "text/html,application/xhtml+xml";
        let text = format!(
            "{}Thiếu email,Người lạ,,a,b,c,d,e,idea\n",
            entries_csv_text("xa", 1)
        );
        let fields = [
            ("contest", CONTEST),
            ("csv", text.as_str()),
            ("intent", "check"),
        ];
        let res = post(&admin, app.url("/api/import_entries"), HTML, &fields)
            .header(REFERER, app.url("/contests/LS25/import"))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection(), "{}", res.status());
        assert_eq!(res.headers()[LOCATION], "/contests/LS25/import?report=1");
        let page = html(
            admin
                .get(app.url("/contests/LS25/import?report=1"))
                .header("accept-language", "vi")
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert!(page.contains("Chưa nhập: 1 lỗi trong 2 dòng"), "{page}");
        assert!(page.contains("Thiếu email"), "the text is shown again");
        assert_eq!(entry::Entity::find().count(&db).await.unwrap(), 20);
        app
    })
    .await;
}
