use crate::helpers::{PASSWORD, TestApp, TestData, client, on_each_backend};
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finishing_a_sign_up_opens_a_session_in_an_http_only_same_site_cookie() {
    on_each_backend(|app| async move {
        let res = app
            .post_form(
                "/api/sign_up",
                "/signup",
                &[("email", "lan@example.vn"), ("name", "Nguyễn Thị Lan")],
            )
            .await;
        assert!(res.status().is_redirection(), "{}", res.status());
        assert_eq!(res.headers()["location"], "/signup?sent=1");
        let token = app.last_token("lan@example.vn", "/confirm").await;
        let page = crate::helpers::html(app.get(&format!("/confirm?token={token}")).await).await;
        assert!(page.contains("Đặt mật khẩu cho lan@example.vn."), "{page}");
        assert!(page.contains(r#"value="Nguyễn Thị Lan""#), "{page}");

        let res = app
            .post_form(
                "/api/finish_sign_up",
                &format!("/confirm?token={token}"),
                &[
                    ("token", &token),
                    ("name", "Nguyễn Thị Lan"),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert!(res.status().is_redirection(), "{}", res.status());
        assert_eq!(res.headers()["location"], "/");
        let cookie = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|c| c.starts_with("jurydesk_session="))
            .expect("a session cookie");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(
            !cookie.contains("Secure"),
            "plain http must not set Secure: {cookie}"
        );
        let home = crate::helpers::html(app.get("/").await).await;
        assert!(home.contains("Đã đăng nhập: Nguyễn Thị Lan."), "{home}");
        // The link worked once.
        let again = app.get(&format!("/confirm?token={token}")).await;
        assert!(
            html_of(again)
                .await
                .contains("Liên kết không đúng, đã hết hạn hoặc đã được dùng")
        );
        app
    })
    .await;
}

async fn html_of(res: reqwest::Response) -> String {
    crate::helpers::html(res).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_plain_form_comes_back_with_the_message_and_what_was_typed_but_not_the_password() {
    on_each_backend(|app| async move {
        app.ask_for_account("lan@example.vn", "Lan").await;
        let token = app.last_token("lan@example.vn", "/confirm").await;
        let page_path = format!("/confirm?token={token}");
        let res = app
            .post_form(
                "/api/finish_sign_up",
                &page_path,
                &[
                    ("token", &token),
                    ("name", "Nguyễn Thị Lan"),
                    ("password", "ngắn"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()["location"], page_path.as_str());
        let page = app.get(&page_path).await.text().await.unwrap();
        assert!(page.contains("Mật khẩu cần ít nhất 8 ký tự."), "{page}");
        assert!(page.contains(r#"value="Nguyễn Thị Lan""#), "{page}");
        assert!(!page.contains("ngắn"), "the password was written back");
        // Shown once: the next visit is a clean form.
        let again = app.get(&page_path).await.text().await.unwrap();
        assert!(!again.contains("Mật khẩu cần ít nhất 8 ký tự."));
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_follow_the_chosen_language() {
    on_each_backend(|app| async move {
        let res = app.call("/api/set_language", &[("lang", "en")]).await;
        assert!(res.status().is_success());
        let res = app
            .call(
                "/api/sign_up",
                &[("email", "not-an-email"), ("name", "Lan")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = res.text().await.unwrap();
        assert!(body.contains("Enter a valid email address"), "{body}");
        assert!(body.contains(r#""path":"email""#), "{body}");
        assert!(body.contains(r#""code":"account.email_invalid""#), "{body}");
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_survives_a_server_restart() {
    let data = TestData::sqlite();
    let app = TestApp::start(data.config.clone(), client()).await;
    app.sign_up("lan@example.vn", "Nguyễn Thị Lan").await;
    let (config, client) = app.stop().await;

    let app = TestApp::start(config, client).await;
    let account = app.get("/account").await;
    assert_eq!(account.status(), StatusCode::OK);
    assert!(account.text().await.unwrap().contains("lan@example.vn"));
    app.stop().await;
    data.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_ends_the_session() {
    on_each_backend(|app| async move {
        app.sign_up("lan@example.vn", "Lan").await;
        assert_eq!(app.get("/account").await.status(), StatusCode::OK);
        let res = app.post_form("/api/sign_out", "/", &[]).await;
        assert!(res.status().is_redirection());
        assert_eq!(app.get("/account").await.status(), StatusCode::UNAUTHORIZED);
        app
    })
    .await;
}
