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
