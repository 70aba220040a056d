use crate::helpers::on_each_backend;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_creates_a_contest_and_the_public_reads_it_in_both_languages() {
    on_each_backend(|app| async move {
        app.make_admin("admin@so-khcn.vn").await;
        let signed_in = app
            .sign_in("admin@so-khcn.vn", crate::helpers::PASSWORD)
            .await;
        assert!(signed_in.status().is_success());
        let res = app
            .post_form(
                "/api/create_contest",
                "/admin",
                &[
                    ("contest[code]", "ls-2025"),
                    (
                        "contest[name_vi]",
                        "Cuộc thi Ý tưởng khởi nghiệp Lạng Sơn 2025",
                    ),
                    ("contest[name_en]", "Lạng Sơn Startup Idea Contest 2025"),
                    ("contest[description_vi]", "Thể lệ cuộc thi."),
                    ("contest[description_en]", "Contest rules."),
                    ("contest[time_zone]", "Asia/Ho_Chi_Minh"),
                ],
            )
            .await;
        assert!(res.status().is_redirection(), "{}", res.status());
        assert_eq!(res.headers()["location"], "/contests/LS-2025");

        let anonymous = crate::helpers::client();
        let vi = anonymous
            .get(app.url("/contests"))
            .header("accept-language", "vi")
            .send()
            .await
            .unwrap();
        assert!(
            vi.text()
                .await
                .unwrap()
                .contains("Cuộc thi Ý tưởng khởi nghiệp Lạng Sơn 2025")
        );
        let en = anonymous
            .get(app.url("/contests/ls-2025"))
            .header("accept-language", "en")
            .send()
            .await
            .unwrap();
        assert_eq!(en.status(), StatusCode::OK);
        let en = en.text().await.unwrap();
        assert!(
            en.contains("Lạng Sơn Startup Idea Contest 2025") && en.contains("Contest rules."),
            "{en}"
        );
        let missing = anonymous
            .get(app.url("/contests/NOPE-1"))
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_founder_cannot_create_a_contest_through_the_api() {
    on_each_backend(|app| async move {
        app.sign_up("lan@example.vn", "Lan").await;
        let res = app
            .call(
                "/api/create_contest",
                &[
                    ("contest[code]", "X-1"),
                    ("contest[name_vi]", "X"),
                    ("contest[name_en]", "X"),
                    ("contest[description_vi]", ""),
                    ("contest[description_en]", ""),
                    ("contest[time_zone]", "UTC"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let list = app.get("/contests").await.text().await.unwrap();
        assert!(list.contains("Chưa có cuộc thi nào"));
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_that_cannot_be_read_is_refused_as_bad_input_not_as_a_server_error() {
    on_each_backend(|app| async move {
        app.make_admin("admin@so-khcn.vn").await;
        app.sign_in("admin@so-khcn.vn", crate::helpers::PASSWORD)
            .await;
        let res = app
            .call(
                "/api/invite",
                &[
                    ("contest_id", "not-a-uuid"),
                    ("email", "gk@example.vn"),
                    ("role", "judge"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = res.text().await.unwrap();
        assert!(body.contains(r#""code":"form.invalid""#), "{body}");
        assert!(body.contains("Biểu mẫu thiếu thông tin"), "{body}");
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn categories_moved_at_once_keep_one_place_each() {
    use crate::helpers::{ADMIN_EMAIL, admin_actor, new_contest, signed_in};
    use app::ssr::services::contests;
    on_each_backend(|app| async move {
        let db = app.db().await;
        let admin = admin_actor(&app).await;
        contests::create(&db, &admin, new_contest("LS25"))
            .await
            .unwrap();
        let codes = ["AA", "BB", "CC", "DD", "EE", "FF"];
        for code in codes {
            contests::add_category(
                &db,
                &admin,
                "LS25",
                app::model::NewCategory {
                    code: code.into(),
                    name_vi: format!("Bảng {code}"),
                    name_en: code.into(),
                },
            )
            .await
            .unwrap();
        }
        let client = signed_in(&app, ADMIN_EMAIL).await;
        let mut moves = Vec::new();
        for (i, code) in codes.iter().enumerate() {
            let (client, url) = (client.clone(), app.url("/api/change_category"));
            let action = if i % 2 == 0 { "down" } else { "up" };
            moves.push(async move {
                client
                    .post(url)
                    .header("accept", "application/json")
                    .header("sec-fetch-site", "same-origin")
                    .form(&[("code", "LS25"), ("category", code), ("action", action)])
                    .send()
                    .await
                    .unwrap()
                    .status()
            });
        }
        let statuses = futures::future::join_all(moves).await;
        assert!(
            statuses.iter().all(|s| *s == StatusCode::OK),
            "{statuses:?}"
        );
        let c = contests::by_code(&db, "LS25").await.unwrap();
        let mut positions: Vec<i32> = app::ssr::entities::category::Entity::find()
            .filter(app::ssr::entities::category::Column::ContestId.eq(c.id))
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|k| k.position)
            .collect();
        positions.sort_unstable();
        assert_eq!(positions, [0, 1, 2, 3, 4, 5]);
        app
    })
    .await;
}

/// Contest LS25 with `categories` and one round, made by the administrator; answers the
/// administrator's signed-in client.
async fn contest_with_round(app: &crate::helpers::TestApp, categories: &[&str]) -> reqwest::Client {
    use crate::helpers::{ADMIN_EMAIL, admin_actor, new_contest, signed_in};
    use app::ssr::services::{contests, rounds};
    let db = app.db().await;
    let admin = admin_actor(app).await;
    contests::create(&db, &admin, new_contest("LS25"))
        .await
        .unwrap();
    for code in categories {
        contests::add_category(
            &db,
            &admin,
            "LS25",
            app::model::NewCategory {
                code: (*code).into(),
                name_vi: format!("Bảng {code}"),
                name_en: (*code).into(),
            },
        )
        .await
        .unwrap();
    }
    rounds::add(
        &db,
        &admin,
        "LS25",
        app::model::NewRound {
            name_vi: "Vòng sơ khảo".into(),
            name_en: "Screening".into(),
            rules: "[round]\njudges_per_entry = 3\naggregate = \"mean\"\n\n[[criteria]]\nkey = \"idea\"\nmax_points = 10\nstep = 1\n".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    signed_in(app, ADMIN_EMAIL).await
}

/// A server function called as the page's script calls it; answers the status.
async fn status_of(
    client: reqwest::Client,
    url: String,
    fields: Vec<(String, String)>,
) -> StatusCode {
    client
        .post(url)
        .header("accept", "application/json")
        .header("sec-fetch-site", "same-origin")
        .form(&fields)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn questions_and_judging_windows_saved_at_once_all_land_without_an_error() {
    use crate::helpers::admin_actor;
    use app::ssr::services::{audit, contests};
    on_each_backend(|app| async move {
        let db = app.db().await;
        let admin = admin_actor(&app).await;
        let client = contest_with_round(&app, &[]).await;
        let post = |path: &str, fields: Vec<(String, String)>| {
            status_of(client.clone(), app.url(path), fields)
        };
        let mut saves = Vec::new();
        for i in 0..6 {
            let fields = vec![
                ("code".to_owned(), "LS25".to_owned()),
                ("fields[0][key]".to_owned(), format!("q{i}")),
                ("fields[0][kind]".to_owned(), "text".to_owned()),
                ("fields[0][label_vi]".to_owned(), format!("Câu hỏi {i}")),
            ];
            saves.push(post("/api/set_entry_form", fields));
        }
        for day in 1..=6 {
            let fields = vec![
                ("code".to_owned(), "LS25".to_owned()),
                ("position".to_owned(), "1".to_owned()),
                ("judging_open".to_owned(), format!("2027-02-{day:02}T08:00")),
                (
                    "judging_close".to_owned(),
                    format!("2027-02-{:02}T17:00", day + 10),
                ),
            ];
            saves.push(post("/api/set_judging_window", fields));
        }
        let statuses = futures::future::join_all(saves).await;
        assert!(
            statuses.iter().all(|s| *s == StatusCode::OK),
            "{statuses:?}"
        );
        // One set of questions won, whole; every change is in the audit log.
        let c = contests::by_code(&db, "LS25").await.unwrap();
        assert_eq!(c.form.len(), 1);
        let log = audit::list(
            &db,
            &admin,
            &app::model::AuditFilter {
                contest: Some("LS25".into()),
                ..Default::default()
            },
            app::ssr::services::PageRequest::new(None, 100),
        )
        .await
        .unwrap();
        let kinds: Vec<&str> = log.items.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(
            kinds
                .iter()
                .filter(|k| **k == "contest.form_updated")
                .count(),
            6
        );
        assert!(kinds.contains(&"round.judging_set"));
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn renames_removals_and_rubric_saves_at_once_answer_without_a_server_error() {
    use app::ssr::services::{contests, rounds};
    on_each_backend(|app| async move {
        let db = app.db().await;
        let client = contest_with_round(&app, &["AA", "BB"]).await;
        let post = |path: &str, fields: Vec<(&str, String)>| {
            let fields = fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            status_of(client.clone(), app.url(path), fields)
        };
        let mut calls = Vec::new();
        for i in 0..4 {
            calls.push(post(
                "/api/change_category",
                vec![
                    ("code", "LS25".into()),
                    ("category", "AA".into()),
                    ("action", "rename".into()),
                    ("name_vi", format!("Nông nghiệp {i}")),
                    ("name_en", format!("Agriculture {i}")),
                ],
            ));
        }
        for _ in 0..2 {
            calls.push(post(
                "/api/change_category",
                vec![
                    ("code", "LS25".into()),
                    ("category", "BB".into()),
                    ("action", "remove".into()),
                ],
            ));
        }
        for weight in 1..=3 {
            calls.push(post(
                "/api/save_rubric",
                vec![
                    ("code", "LS25".into()),
                    ("position", "1".into()),
                    ("criteria[0][key]", "idea".into()),
                    ("criteria[0][max_points]", "10".into()),
                    ("criteria[0][step]", "1".into()),
                    ("criteria[0][weight]", weight.to_string()),
                    ("criteria[0][required]", "on".into()),
                    (
                        "criteria[0][levels]",
                        "0-4: Yếu | Weak\n5-10: Tốt | Good".into(),
                    ),
                ],
            ));
        }
        let statuses = futures::future::join_all(calls).await;
        // Renames and rubric saves all land; of two removals, the second finds nothing.
        assert!(
            statuses[..4].iter().all(|s| *s == StatusCode::OK),
            "{statuses:?}"
        );
        let mut removals = statuses[4..6].to_vec();
        removals.sort();
        assert_eq!(
            removals,
            [StatusCode::OK, StatusCode::NOT_FOUND],
            "{statuses:?}"
        );
        assert!(
            statuses[6..].iter().all(|s| *s == StatusCode::OK),
            "{statuses:?}"
        );
        let left = contests::categories(&db, contests::by_code(&db, "LS25").await.unwrap().id)
            .await
            .unwrap();
        assert_eq!(left.len(), 1);
        assert!(left[0].name_vi.starts_with("Nông nghiệp "));
        let round = rounds::list(&db, "LS25").await.unwrap().remove(0);
        let criteria = round.preview.unwrap().criteria;
        assert_eq!(criteria[0].levels.len(), 2);
        app
    })
    .await;
}
