//! The JSON API v1 over real HTTP, on SQLite and PostgreSQL: API tokens made from parallel
//! tabs (shown once, kept hashed, limited, revoked once); published results for anyone and
//! nothing before publication; the committee's ranking and exports with a token and only with
//! one, paged by cursor; the exported round replaying to its digest; and the OpenAPI check:
//! every documented path answers the demo database with its documented schema.

use crate::helpers::{
    ADMIN_EMAIL, TestApp, actor_of, admin_actor, new_contest, on_each_backend, replay_files,
    signed_in,
};
use crate::judging::{CODE, assigned_round_with, call, round_fields, sheet_fields};
use app::ssr::entities::{api_token, audit_log};
use app::ssr::services::{api_tokens, contests};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, LOCATION, WWW_AUTHENTICATE};
use reqwest::{Client, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;
use sha2::Digest;

/// A GET of the API with `token` (if any), its status and body.
async fn get(app: &TestApp, path: &str, token: Option<&str>) -> (StatusCode, String) {
    let mut req = Client::new().get(app.url(path));
    if let Some(token) = token {
        req = req.header(AUTHORIZATION, format!("Bearer {token}"));
    }
    let res = req.send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

/// A GET that must succeed, as JSON.
async fn get_json(app: &TestApp, path: &str, token: Option<&str>) -> Value {
    let (status, body) = get(app, path, token).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

fn code_of(body: &str) -> String {
    serde_json::from_str::<Value>(body).unwrap()["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// A score as the API writes it: an exact decimal in a string.
fn decimal(v: &Value) -> rust_decimal::Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("{v} is not a string"))
        .parse()
        .unwrap()
}

async fn audited(app: &TestApp, kind: &str) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::Kind.eq(kind))
        .count(&app.db().await)
        .await
        .unwrap()
}

/// Every item of a paged list, following `next_cursor` with `limit` items a page.
async fn all_pages(app: &TestApp, path: &str, limit: u32, token: Option<&str>) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("{path}?limit={limit}");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page = get_json(app, &url, token).await;
        let got = page["items"].as_array().unwrap();
        assert!(got.len() <= limit as usize);
        items.extend(got.iter().cloned());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return items,
        }
    }
}

#[tokio::test]
async fn api_tokens_are_shown_once_kept_hashed_limited_and_revoked_once_from_parallel_tabs() {
    on_each_backend(|app| async move {
        let pairs = assigned_round_with(&app, "").await;
        let committee = signed_in(&app, ADMIN_EMAIL).await;
        let create = |label: String| {
            let (committee, app) = (committee.clone(), &app);
            async move {
                call(
                    &committee,
                    app,
                    "create_api_token",
                    &[("code", CODE.to_owned()), ("label", label)],
                )
                .await
            }
        };

        // Four tabs make a token each at once: four tokens, each secret its own, kept hashed.
        let made =
            futures::future::join_all((1..=4).map(|i| create(format!("Cổng khởi nghiệp {i}"))))
                .await;
        let mut secrets = Vec::new();
        for (status, body) in &made {
            assert_eq!(*status, StatusCode::OK, "{body}");
            let v: Value = serde_json::from_str(body).unwrap();
            secrets.push(v["secret"].as_str().unwrap().to_owned());
        }
        secrets.sort();
        secrets.dedup();
        assert_eq!(secrets.len(), 4);
        let rows = api_token::Entity::find()
            .all(&app.db().await)
            .await
            .unwrap();
        assert_eq!(rows.len(), 4);
        for secret in &secrets {
            assert!(secret.starts_with("jdk_") && secret.len() > 40, "{secret}");
            let hash = hex::encode(sha2::Sha256::digest(secret.as_bytes()));
            assert!(rows.iter().any(|r| r.token_hash == hash));
            assert!(
                rows.iter()
                    .all(|r| r.token_hash != *secret && !r.label.contains(secret))
            );
        }
        assert_eq!(audited(&app, "api_token.created").await, 4);
        // The list names them and never shows a secret again.
        let (status, list) =
            call(&committee, &app, "api_tokens", &[("code", CODE.to_owned())]).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        assert!(list.contains("Cổng khởi nghiệp 3"));
        assert!(secrets.iter().all(|s| !list.contains(s.as_str())));

        // A name is needed; the refusal names the field, in the reader's language.
        let (status, body) = create("  ".into()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(code_of(&body), "api_token.label_invalid");
        assert!(
            body.contains("\"path\":\"label\"") && body.contains("Hãy đặt tên cho khóa"),
            "{body}"
        );
        // A judge makes none, and reads no list.
        let judge = signed_in(&app, &pairs[0].0).await;
        let (status, _) = call(
            &judge,
            &app,
            "create_api_token",
            &[("code", CODE.to_owned()), ("label", "x".into())],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = call(&judge, &app, "api_tokens", &[("code", CODE.to_owned())]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // At most 20 live tokens: with 18, four tabs at once make two.
        for i in 5..=18 {
            let (status, body) = create(format!("Khóa {i}")).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let racing =
            futures::future::join_all((19..=22).map(|i| create(format!("Khóa {i}")))).await;
        let ok = racing.iter().filter(|(s, _)| *s == StatusCode::OK).count();
        assert_eq!(ok, 2, "{racing:?}");
        for (status, body) in racing.iter().filter(|(s, _)| *s != StatusCode::OK) {
            assert_eq!(
                (*status, code_of(body)),
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "api_token.too_many".into()
                )
            );
        }

        // The token reads; revoked from two tabs at once, it is revoked once and refused after.
        let secret = secrets[0].clone();
        let ranking = format!("/api/v1/contests/{CODE}/rounds/1/ranking");
        assert_eq!(get(&app, &ranking, Some(&secret)).await.0, StatusCode::OK);
        let id = rows
            .iter()
            .find(|r| r.token_hash == hex::encode(sha2::Sha256::digest(secret.as_bytes())))
            .unwrap()
            .id
            .to_string();
        let fields = [("code", CODE.to_owned()), ("id", id.clone())];
        let revoke = || call(&committee, &app, "revoke_api_token", &fields);
        let (a, b) = tokio::join!(revoke(), revoke());
        let mut answers = vec![a.1.clone(), b.1.clone()];
        answers.sort();
        assert_eq!((a.0, b.0), (StatusCode::OK, StatusCode::OK));
        assert_eq!(answers, ["false", "true"]);
        assert_eq!(audited(&app, "api_token.revoked").await, 1);
        let res = Client::new()
            .get(app.url(&ranking))
            .header(AUTHORIZATION, format!("Bearer {secret}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert!(res.headers().get(WWW_AUTHENTICATE).is_some());
        assert_eq!(code_of(&res.text().await.unwrap()), "api.token_invalid");
        // Without JavaScript (taking the place the revoked token freed) the form comes back to
        // the page, which shows the secret once.
        let plain = committee
            .post(app.url("/api/create_api_token"))
            .header(ACCEPT, "text/html")
            .header("sec-fetch-site", "same-origin")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("referer", app.url(&format!("/contests/{CODE}/api")))
            .body(format!("code={CODE}&label=Sở+KHCN"))
            .send()
            .await
            .unwrap();
        assert_eq!(plain.status(), StatusCode::FOUND);
        let back = plain.headers()[LOCATION].to_str().unwrap().to_owned();
        assert_eq!(back, format!("/contests/{CODE}/api?created=1"));
        let page = committee
            .get(app.url(&back))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let shown = page.matches("jdk_").count();
        assert!(shown >= 1, "{page}");
        let again = committee
            .get(app.url(&format!("/contests/{CODE}/api")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!again.contains("jdk_"), "the secret is shown once");
        app
    })
    .await;
}

#[tokio::test]
async fn the_api_shows_results_once_published_and_the_committees_ranking_and_files_with_its_token_only()
 {
    on_each_backend(|app| async move {
        let pairs = assigned_round_with(&app, "\n[round.advance]\ntop_n = 3\n").await;
        let mut codes: Vec<String> = pairs.iter().map(|(_, c)| c.clone()).collect();
        codes.sort();
        codes.dedup();
        let mut judges = std::collections::BTreeMap::new();
        for (email, code) in &pairs {
            if !judges.contains_key(email) {
                judges.insert(email.clone(), signed_in(&app, email).await);
            }
            let score = (codes.iter().position(|c| c == code).unwrap() + 3).to_string();
            let (status, body) = call(
                &judges[email],
                &app,
                "save_sheet",
                &sheet_fields(code, 0, &score, true),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let db = app.db().await;
        let admin = admin_actor(&app).await;
        let token = api_tokens::create(&db, &admin, CODE, "Cổng tỉnh")
            .await
            .unwrap()
            .secret;
        // Another contest's token.
        contests::create(&db, &admin, new_contest("KHAC"))
            .await
            .unwrap();
        let other = api_tokens::create(&db, &admin, "KHAC", "Khác")
            .await
            .unwrap()
            .secret;
        let ranking = format!("/api/v1/contests/{CODE}/rounds/1/ranking");

        // Without a token, with a session but no token, with another contest's: refused.
        let (status, body) = get(&app, &ranking, None).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::UNAUTHORIZED, "api.token_invalid".into())
        );
        let committee = signed_in(&app, ADMIN_EMAIL).await;
        let res = committee.get(app.url(&ranking)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            get(&app, &ranking, Some("jdk_not-a-token")).await.0,
            StatusCode::UNAUTHORIZED
        );
        let (status, body) = get(&app, &ranking, Some(&other)).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::FORBIDDEN, "auth.forbidden".into())
        );
        assert_eq!(
            get(
                &app,
                &format!("/api/v1/contests/{CODE}/entries.csv"),
                Some(&other)
            )
            .await
            .0,
            StatusCode::FORBIDDEN
        );

        // A token's first use, from eight requests at once: each is answered, and its use is
        // noted once.
        let first = format!("{ranking}?limit=1");
        let reads =
            futures::future::join_all((0..8).map(|_| get(&app, &first, Some(&token)))).await;
        assert!(reads.iter().all(|(s, _)| *s == StatusCode::OK), "{reads:?}");
        let used = api_token::Entity::find()
            .filter(api_token::Column::Label.eq("Cổng tỉnh"))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert!(used.last_used_at.is_some());

        // The committee's token reads the ranking before publication, page by page, in the
        // engine's order, with the digest the committee's page shows.
        let (_, view) = call(&committee, &app, "round_ranking", &round_fields(&[])).await;
        let view: Value = serde_json::from_str(&view).unwrap();
        let digest = view["digest"].as_str().unwrap().to_owned();
        let first = get_json(&app, &format!("{ranking}?limit=4"), Some(&token)).await;
        assert_eq!(first["round"]["digest"], digest.as_str());
        assert_eq!(first["round"]["entries"], 6);
        assert_eq!(first["items"].as_array().unwrap().len(), 4);
        let all = all_pages(&app, &ranking, 4, Some(&token)).await;
        let listed: Vec<&str> = all.iter().map(|e| e["code"].as_str().unwrap()).collect();
        let mut expected = codes.clone();
        expected.reverse();
        assert_eq!(listed, expected, "best first");
        assert_eq!(all[0]["rank"], 1);
        assert_eq!(decimal(&all[0]["score"]), 8.into());
        assert_eq!(all[0]["advances"], true);
        assert_eq!(all[5]["advances"], false);
        assert_eq!(all[0]["sheets_counted"], 2);
        // A cursor this API did not make, or a limit out of range: refused, and said why.
        for bad in ["?cursor=zz", "?cursor=6e6f", "?limit=0", "?limit=501"] {
            let (status, body) = get(&app, &format!("{ranking}{bad}"), Some(&token)).await;
            assert_eq!(
                (status, code_of(&body)),
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "api.cursor_invalid".into()
                ),
                "{bad}"
            );
        }

        // The round's files through the API replay to its digest; the CSV opens in Excel.
        let mut files = Vec::new();
        for file in ["round.toml", "entries.csv", "sheets.csv"] {
            let (status, body) = get(
                &app,
                &format!("/api/v1/contests/{CODE}/rounds/1/{file}"),
                Some(&token),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{file}: {body}");
            files.push(body);
        }
        let out = replay_files(&files);
        assert_eq!(out.digest, digest);
        let (status, csv) = get(
            &app,
            &format!("/api/v1/contests/{CODE}/rounds/1/results.csv"),
            Some(&token),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(csv.starts_with('\u{feff}') && csv.contains(&codes[5]));
        for path in ["assignments.csv"] {
            assert_eq!(
                get(
                    &app,
                    &format!("/api/v1/contests/{CODE}/rounds/1/{path}"),
                    Some(&token)
                )
                .await
                .0,
                StatusCode::OK
            );
        }
        for path in ["entries.csv", "judges.csv", "audit.csv"] {
            let (status, body) = get(
                &app,
                &format!("/api/v1/contests/{CODE}/{path}"),
                Some(&token),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{path}: {body}");
            assert!(body.starts_with('\u{feff}'), "{path}");
        }

        // Nothing public before publication: no round, its entries not found.
        let results = format!("/api/v1/contests/{CODE}/results");
        assert_eq!(
            get_json(&app, &results, None).await["rounds"],
            serde_json::json!([])
        );
        let entries = format!("/api/v1/contests/{CODE}/rounds/1/entries");
        let (status, body) = get(&app, &entries, None).await;
        assert_eq!(
            (status, code_of(&body)),
            (StatusCode::NOT_FOUND, "not_found".into())
        );
        assert!(!body.contains(&digest) && !body.contains(&codes[5]));
        let (_, body) = call(
            &committee,
            &app,
            "finalise_round",
            &round_fields(&[("digest", digest.clone())]),
        )
        .await;
        assert!(!body.contains("\"code\""), "{body}");
        assert_eq!(
            get_json(&app, &results, None).await["rounds"],
            serde_json::json!([])
        );
        assert_eq!(get(&app, &entries, None).await.0, StatusCode::NOT_FOUND);

        // Published with scores and files: anyone reads the three that went on, page by page.
        let (status, body) = call(
            &committee,
            &app,
            "publish_round",
            &round_fields(&[("show_scores", "on".into()), ("publish_files", "on".into())]),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let published = get_json(&app, &results, None).await;
        let round = &published["rounds"][0];
        assert_eq!(
            (
                round["digest"].as_str(),
                round["listed"].as_u64(),
                round["ranked"].as_u64()
            ),
            (Some(digest.as_str()), Some(3), Some(6))
        );
        assert_eq!(
            round["files"]["sheets_csv"],
            format!("/contests/{CODE}/rounds/1/published/sheets.csv")
        );
        let listed = all_pages(&app, &entries, 2, None).await;
        let went_on: Vec<&str> = listed.iter().map(|e| e["code"].as_str().unwrap()).collect();
        assert_eq!(went_on, [codes[5].as_str(), &codes[4], &codes[3]]);
        assert_eq!(decimal(&listed[0]["score"]), 8.into());
        assert_eq!(listed[0]["rank"], 1);

        // The contests, in code order, a page at a time.
        let all = all_pages(&app, "/api/v1/contests", 1, None).await;
        let codes: Vec<&str> = all.iter().map(|c| c["code"].as_str().unwrap()).collect();
        assert_eq!(codes, ["KHAC", CODE]);
        assert_eq!(
            all[1]["results"],
            format!("/api/v1/contests/{CODE}/results")
        );
        app
    })
    .await;
}

/// What is wrong with `body` by `schema` (from the OpenAPI document `doc`, whose components
/// its `$ref`s name), each with where in the answer.
fn schema_errors(schema: &Value, doc: &Value, body: &str) -> Vec<String> {
    let mut schema = schema.clone();
    if let Value::Object(map) = &mut schema {
        map.insert("components".into(), doc["components"].clone());
        map.insert(
            "$schema".into(),
            "https://json-schema.org/draft/2020-12/schema".into(),
        );
    }
    let validator = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{e}"));
    let value: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[tokio::test]
async fn every_documented_path_answers_with_its_documented_schema_on_the_demo_database() {
    on_each_backend(|app| async move {
        let db = app.db().await;
        let files = std::env::temp_dir().join(format!("jurydesk-openapi-{}", uuid::Uuid::now_v7()));
        let demo = app::ssr::services::demo::fill(&db, Default::default(), "http://x", &files)
            .await
            .unwrap();
        let committee = demo
            .accounts
            .iter()
            .find(|a| a.role == "committee")
            .unwrap();
        let committee = actor_of(&app, &committee.email).await;
        let token = api_tokens::create(&db, &committee, "LS24", "Kiểm tra OpenAPI")
            .await
            .unwrap()
            .secret;

        let doc = get_json(&app, "/api/v1/openapi.json", None).await;
        assert_eq!(doc["openapi"], "3.1.0");
        let paths = doc["paths"].as_object().unwrap();
        assert!(paths.len() >= 13, "{}", paths.len());
        let mut checked = Vec::new();
        for (path, item) in paths {
            assert!(path.starts_with("/api/v1/"), "{path}");
            let op = &item["get"];
            assert!(op.is_object(), "{path}: only GET is documented");
            // Each operation documents its refusals as the one error schema.
            let responses = op["responses"].as_object().unwrap();
            let url = path.replace("{code}", "LS24").replace("{position}", "1");
            let secured = op
                .get("security")
                .is_some_and(|s| !s.as_array().unwrap().is_empty());
            let res = {
                let mut req = Client::new().get(app.url(&url));
                if secured {
                    req = req.header(AUTHORIZATION, format!("Bearer {token}"));
                }
                req.send().await.unwrap()
            };
            let status = res.status().as_u16().to_string();
            let content_type = res.headers()[CONTENT_TYPE].to_str().unwrap().to_owned();
            let body = res.text().await.unwrap();
            assert_eq!(status, "200", "{url}: {body}");
            let documented = &responses["200"]["content"];
            let (media, spec) = documented.as_object().unwrap().iter().next().unwrap();
            assert!(
                content_type.starts_with(media.as_str()),
                "{url}: {content_type} is not {media}"
            );
            if media == "application/json" {
                let errors = schema_errors(&spec["schema"], &doc, &body);
                assert!(errors.is_empty(), "{url}: {errors:?}");
            } else {
                assert!(!body.is_empty());
            }
            // A refusal of a secured path, without the token, is the documented error.
            if secured {
                let (status, body) = get(&app, &url, None).await;
                assert_eq!(status, StatusCode::UNAUTHORIZED);
                let schema = &responses["401"]["content"]["application/json"]["schema"];
                let errors = schema_errors(schema, &doc, &body);
                assert!(errors.is_empty(), "{url}: {errors:?}");
            }
            checked.push(url);
        }
        // The published round's entries: the demo's last year is published.
        assert!(
            checked
                .iter()
                .any(|u| u == "/api/v1/contests/LS24/rounds/1/entries")
        );
        std::fs::remove_dir_all(&files).ok();
        app
    })
    .await;
}
