//! Attachments over real HTTP, on SQLite and PostgreSQL: uploads checked by size while they
//! stream and by content, stored under ids, downloaded only by those who may read the entry,
//! parallel uploads that never pass the limit, and the form without JavaScript.

use crate::entries::{CONTEST, call, founders, my_codes};
use crate::helpers::{TestApp, admin_actor, data_dir, html, open_for_entries_with};
use reqwest::header::{ACCEPT, CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use std::path::PathBuf;
use tokio::task::JoinSet;

/// A small PDF as far as any reader of its first bytes can tell.
fn pdf(len: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    bytes.resize(len.max(bytes.len()), b'x');
    bytes
}

/// A multipart post of one file, as the upload form sends it (`accept`: the page's script
/// asks for JSON, a browser without it for HTML).
fn post_file(
    client: &Client,
    url: String,
    accept: &str,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::RequestBuilder {
    client
        .post(url)
        .header(ACCEPT, accept)
        .header("accept-language", "vi")
        .header("sec-fetch-site", "same-origin")
        .multipart(Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned())))
}

/// A page as a Vietnamese reader gets it.
async fn page_vi(app: &TestApp, client: &Client, path: &str) -> String {
    html(
        client
            .get(app.url(path))
            .header("accept-language", "vi")
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// An upload of `bytes` named `name` to entry `code`, as the page's script sends it.
async fn upload(
    app: &TestApp,
    client: &Client,
    code: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (StatusCode, String) {
    let url = app.url(&format!("/entries/{code}/attachments"));
    let res = post_file(client, url, "application/json", name, bytes)
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

/// The files stored for the test contest (a refused upload leaves none, not even a part).
fn stored_files(app: &TestApp) -> Vec<PathBuf> {
    let root = data_dir(app).join("attachments");
    let Ok(contests) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    contests
        .flat_map(|c| std::fs::read_dir(c.unwrap().path()).unwrap())
        .map(|f| f.unwrap().path())
        .collect()
}

/// A founder with one started entry (and a second founder), the contest taking `types` up
/// to `max_mb`.
async fn entry_with(app: &TestApp, types: &str, max_mb: &str) -> (Vec<Client>, String) {
    let clients = founders(app, 2).await;
    open_for_entries_with(app, &admin_actor(app).await, CONTEST, types, max_mb).await;
    let (status, body) = call(
        app,
        &clients[0],
        "/api/start_entry",
        &[("contest", CONTEST)],
    )
    .await;
    assert!(status.is_success(), "{status} {body}");
    let code = my_codes(app, &clients[0]).await.pop().unwrap();
    (clients, code)
}

fn code_of(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body).unwrap()["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_is_downloaded_as_it_was_uploaded_and_only_by_those_who_may_read_the_entry() {
    crate::helpers::on_each_backend(|app| async move {
        let (clients, code) = entry_with(&app, "pdf, docx", "2").await;
        let (lead, other) = (&clients[0], &clients[1]);
        let bytes = pdf(300 * 1024);
        let (status, body) = upload(&app, lead, &code, "Hồ sơ dự thi.pdf", bytes.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let added: app::model::AttachmentView = serde_json::from_str(&body).unwrap();
        assert_eq!(added.name, "Hồ sơ dự thi.pdf");
        assert_eq!(added.size, 300 * 1024);

        let path = format!("/entries/{code}/attachments/{}", added.id);
        let res = lead.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[CONTENT_TYPE], "application/pdf");
        let disposition = res.headers()[CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(disposition.starts_with("attachment; "), "{disposition}");
        assert!(
            disposition.contains("H%E1%BB%93%20s%C6%A1"),
            "{disposition}"
        );
        assert_eq!(res.bytes().await.unwrap().as_ref(), bytes.as_slice());

        // The committee's administrator reads it; another founder, someone signed out, and a
        // path that pairs the file with another entry do not, and cannot tell it exists.
        let admin = crate::helpers::signed_in(&app, crate::helpers::ADMIN_EMAIL).await;
        assert_eq!(
            admin.get(app.url(&path)).send().await.unwrap().status(),
            StatusCode::OK
        );
        let refused = other.get(app.url(&path)).send().await.unwrap().status();
        assert_eq!(refused, StatusCode::NOT_FOUND);
        let missing = format!("/entries/{code}/attachments/{}", uuid::Uuid::now_v7());
        assert_eq!(
            other.get(app.url(&missing)).send().await.unwrap().status(),
            StatusCode::NOT_FOUND
        );
        let anonymous = crate::helpers::client();
        assert_eq!(
            anonymous.get(app.url(&path)).send().await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
        let (status, _) = call(&app, other, "/api/start_entry", &[("contest", CONTEST)]).await;
        assert!(status.is_success());
        let theirs = my_codes(&app, other).await.pop().unwrap();
        let crossed = format!("/entries/{theirs}/attachments/{}", added.id);
        assert_eq!(
            other.get(app.url(&crossed)).send().await.unwrap().status(),
            StatusCode::NOT_FOUND
        );
        // Nor can another founder add to or remove from this entry.
        let (status, _) = upload(&app, other, &code, "x.pdf", pdf(1000)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let id = added.id.to_string();
        let (status, _) = call(
            &app,
            other,
            "/api/remove_attachment",
            &[("code", &code), ("attachment", &id)],
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // The entry lists it; its lead removes it, and the file is gone from the disk.
        let (_, body) = call(&app, lead, "/api/get_entry", &[("code", &code)]).await;
        let entry: app::model::EntryView = serde_json::from_str(&body).unwrap();
        assert_eq!(entry.attachments, vec![added.clone()]);
        assert_eq!(stored_files(&app).len(), 1);
        let (status, body) = call(
            &app,
            lead,
            "/api/remove_attachment",
            &[("code", &code), ("attachment", &id)],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            lead.get(app.url(&path)).send().await.unwrap().status(),
            StatusCode::NOT_FOUND
        );
        assert!(stored_files(&app).is_empty());
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_disguised_or_empty_file_is_refused_and_leaves_nothing_on_disk() {
    crate::helpers::on_each_backend(|app| async move {
        let (clients, code) = entry_with(&app, "pdf", "1").await;
        let lead = &clients[0];

        // Declared too large: refused before the body is read.
        let (status, body) = upload(&app, lead, &code, "lon.pdf", pdf(1536 * 1024)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(code_of(&body), "attachment.too_large");
        assert!(body.contains("1 MB"), "the limit is named: {body}");

        // Sent without a length (streamed): stopped when it passes the limit.
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = pdf(1536 * 1024)
            .chunks(64 * 1024)
            .map(|c| Ok(c.to_vec()))
            .collect();
        let stream = reqwest::Body::wrap_stream(futures::stream::iter(chunks));
        let form = Form::new().part("file", Part::stream(stream).file_name("lon.pdf"));
        let res = lead
            .post(app.url(&format!("/entries/{code}/attachments")))
            .header(ACCEPT, "application/json")
            .header("sec-fetch-site", "same-origin")
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(code_of(&res.text().await.unwrap()), "attachment.too_large");

        // A program named like a PDF, and a PDF where only Word files are taken.
        let program = [b"MZ\x90\0\x03\0\0\0".as_slice(), &[0u8; 2000]].concat();
        let (status, body) = upload(&app, lead, &code, "ho-so.pdf", program).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(code_of(&body), "attachment.kind_refused");
        assert!(body.contains("pdf"), "{body}");
        let (status, body) = upload(&app, lead, &code, "empty.pdf", Vec::new()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(code_of(&body), "attachment.missing");
        assert!(stored_files(&app).is_empty(), "{:?}", stored_files(&app));

        // A name that climbs out of the directory is only a name to show.
        let (status, body) = upload(&app, lead, &code, "../../../evil.pdf", pdf(2000)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let added: app::model::AttachmentView = serde_json::from_str(&body).unwrap();
        assert_eq!(added.name, "evil.pdf");
        let files = stored_files(&app);
        assert_eq!(files.len(), 1);
        assert_eq!(
            files[0].file_name().unwrap().to_str().unwrap(),
            added.id.to_string()
        );
        assert!(!data_dir(&app).join("evil.pdf").exists());
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_at_once_never_pass_the_limit_of_files_per_entry() {
    crate::helpers::on_each_backend(|app| async move {
        let (clients, code) = entry_with(&app, "pdf", "1").await;
        let max = app::model::limits::ATTACHMENTS_MAX;
        let mut set = JoinSet::new();
        for i in 0..max + 4 {
            let (app_url, lead, code) = (app.url(""), clients[0].clone(), code.clone());
            set.spawn(async move {
                let url = format!("{app_url}/entries/{code}/attachments");
                let name = format!("tep-{i}.pdf");
                let res = post_file(&lead, url, "application/json", &name, pdf(20_000 + i))
                    .send()
                    .await
                    .unwrap();
                (res.status(), res.text().await.unwrap())
            });
        }
        let (mut added, mut refused) = (0, 0);
        while let Some(done) = set.join_next().await {
            let (status, body) = done.unwrap();
            match status {
                StatusCode::CREATED => added += 1,
                StatusCode::UNPROCESSABLE_ENTITY => {
                    assert_eq!(code_of(&body), "attachment.too_many");
                    refused += 1;
                }
                other => panic!("{other}: {body}"),
            }
        }
        assert_eq!((added, refused), (max, 4));
        assert_eq!(stored_files(&app).len(), max);
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_an_upload_returns_to_the_entry_with_its_outcome() {
    crate::helpers::on_each_backend(|app| async move {
        let (clients, code) = entry_with(&app, "pdf", "1").await;
        let lead = &clients[0];
        let plain = |name: &str, bytes: Vec<u8>| {
            let url = app.url(&format!("/entries/{code}/attachments"));
            post_file(lead, url, "text/html,application/xhtml+xml", name, bytes)
        };
        let res = plain("ke-hoach.pdf", pdf(5000)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            res.headers()[LOCATION],
            format!("/entries/{code}?attached=1#attachments").as_str()
        );
        let page = page_vi(&app, lead, &format!("/entries/{code}?attached=1")).await;
        assert!(page.contains("ke-hoach.pdf") && page.contains("Đã thêm tệp đính kèm"));

        let res = plain("anh.pdf", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            res.headers()[LOCATION],
            format!("/entries/{code}#attachments").as_str()
        );
        let page = page_vi(&app, lead, &format!("/entries/{code}")).await;
        assert!(page.contains("Nội dung tệp không thuộc loại"), "{page}");

        // Another site cannot make a signed-in browser upload.
        let res = lead
            .post(app.url(&format!("/entries/{code}/attachments")))
            .header("sec-fetch-site", "cross-site")
            .header("origin", "https://evil.example")
            .multipart(Form::new().part("file", Part::bytes(pdf(5000)).file_name("x.pdf")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert_eq!(stored_files(&app).len(), 1);
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_question_is_answered_by_an_upload_under_its_key_and_an_unknown_key_is_refused() {
    crate::helpers::on_each_backend(|app| async move {
        let (clients, code) = entry_with(&app, "pdf", "1").await;
        let admin = admin_actor(&app).await;
        let plan = app::model::form_fields::FieldRow {
            key: "plan".into(),
            kind: "file".into(),
            label_vi: "Kế hoạch kinh doanh".into(),
            required: Some("on".into()),
            ..Default::default()
        };
        app::ssr::services::form_fields::set(&app.db().await, &admin, CONTEST, &[plan])
            .await
            .unwrap();
        let send = |field: &str| {
            let form = Form::new().text("field", field.to_owned()).part(
                "file",
                Part::bytes(pdf(4000)).file_name("ke-hoach.pdf".to_owned()),
            );
            clients[0]
                .post(app.url(&format!("/entries/{code}/attachments")))
                .header(ACCEPT, "application/json")
                .header("accept-language", "vi")
                .header("sec-fetch-site", "same-origin")
                .multipart(form)
                .send()
        };
        let res = send("khong-co").await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            code_of(&res.text().await.unwrap()),
            "attachment.field_unknown"
        );
        assert!(stored_files(&app).is_empty(), "a refused file is removed");
        let res = send("plan").await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let added: app::model::AttachmentView =
            serde_json::from_str(&res.text().await.unwrap()).unwrap();
        assert_eq!(added.field, "plan");
        // The entry page shows the file under its question.
        let page = page_vi(&app, &clients[0], &format!("/entries/{code}")).await;
        let question = page
            .find("Kế hoạch kinh doanh *")
            .expect("the question's heading");
        let file = page.find("ke-hoach.pdf").expect("the file");
        assert!(question < file);
        app
    })
    .await;
}
