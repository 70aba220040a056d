use crate::helpers::{PASSWORD, TestApp, on_each_backend};
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_answers_ok_while_the_database_answers() {
    on_each_backend(|app| async move {
        let res = app.get("/healthz").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.text().await.unwrap(), "ok");
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_page_is_a_404_in_the_readers_language_that_reveals_nothing() {
    on_each_backend(|app| async move {
        let vi = app.get_lang("/khong-co-trang-nay", "vi-VN,vi;q=0.9").await;
        assert_eq!(vi.status(), StatusCode::NOT_FOUND);
        let vi = vi.text().await.unwrap();
        assert!(vi.contains("Không tìm thấy trang"), "{vi}");
        assert!(vi.contains(r#"lang="vi""#));

        let en = app.get_lang("/no-such-page", "en-GB,en;q=0.8").await;
        assert_eq!(en.status(), StatusCode::NOT_FOUND);
        let en = en.text().await.unwrap();
        assert!(en.contains("Page not found"), "{en}");
        for leak in [
            "sqlx",
            "sea_orm",
            "panicked",
            "backtrace",
            env!("CARGO_PKG_VERSION"),
        ] {
            assert!(!en.contains(leak), "the 404 page mentions {leak}");
        }
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_a_request_id_and_protective_headers() {
    on_each_backend(|app| async move {
        let res = app.get("/").await;
        assert_eq!(res.status(), StatusCode::OK);
        let h = res.headers();
        assert!(h.get("x-request-id").is_some());
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["x-frame-options"], "DENY");
        assert!(
            h["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'")
        );
        assert!(h.get("server").is_none());
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_post_from_another_site_is_refused() {
    on_each_backend(|app| async move {
        let fields = [
            ("email", "lan@example.vn"),
            ("name", "Lan"),
            ("password", PASSWORD),
        ];
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let post = |headers: Vec<(&'static str, &'static str)>| {
            let mut req = app
                .client
                .post(app.url("/api/sign_up"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body.clone());
            for (k, v) in headers {
                req = req.header(k, v);
            }
            req.send()
        };
        let cross_site = post(vec![("sec-fetch-site", "cross-site")]).await.unwrap();
        assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);
        let foreign_origin = post(vec![("origin", "https://evil.example")])
            .await
            .unwrap();
        assert_eq!(foreign_origin.status(), StatusCode::FORBIDDEN);
        // Nothing was created: the same email can still sign up from this site.
        app.sign_up("lan@example.vn", "Lan").await;
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_pages_ask_strangers_to_sign_in_and_refuse_founders() {
    on_each_backend(|app| async move {
        let anonymous = app.get("/admin").await;
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
        assert!(
            anonymous
                .text()
                .await
                .unwrap()
                .contains("Vui lòng đăng nhập")
        );

        app.sign_up("lan@example.vn", "Lan").await;
        let founder = app.get("/admin/outbox").await;
        assert_eq!(founder.status(), StatusCode::FORBIDDEN);
        assert!(founder.text().await.unwrap().contains("Không được phép"));

        let api = app.call("/api/list_users", &[]).await;
        assert_eq!(api.status(), StatusCode::FORBIDDEN);
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_is_refused_for_a_while_after_five_failures() {
    on_each_backend(|app: TestApp| async move {
        app.sign_up("lan@example.vn", "Lan").await;
        for _ in 0..5 {
            let res = app.sign_in("lan@example.vn", "wrong-password").await;
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
            assert!(
                res.text()
                    .await
                    .unwrap()
                    .contains("Email hoặc mật khẩu không đúng")
            );
        }
        let res = app.sign_in("lan@example.vn", PASSWORD).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(res.text().await.unwrap().contains("Quá nhiều lần thử"));
        app
    })
    .await;
}
