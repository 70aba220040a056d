//! Publication over real HTTP, on SQLite and PostgreSQL: nothing of a round's result reaches
//! the public or a founder before the committee publishes it (page, server function, files,
//! the founder's own entry and list, mail); publishing from several tabs publishes once and
//! mails each founder once; the published files replay to the published digest; taking the
//! results back, or reopening the round, hides everything again.

use crate::helpers::{ADMIN_EMAIL, TestApp, on_each_backend, replay_files, signed_in};
use crate::judging::{CODE, assigned_round_with, call, round_fields, sheet_fields};
use app::ssr::entities::{audit_log, entry, outbox, round, user};
use reqwest::{Client, StatusCode};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use serde_json::Value;

const FOUNDER: &str = "nha-sang-lap@example.vn";
const FEEDBACK: &str = "Nên thử nghiệm với hợp tác xã trước khi mở rộng.";

/// A server function's answer as JSON, asserting it succeeded.
async fn ok_json(client: &Client, app: &TestApp, name: &str, fields: &[(&str, String)]) -> Value {
    let (status, body) = call(client, app, name, fields).await;
    assert_eq!(status, StatusCode::OK, "{name}: {body}");
    serde_json::from_str(&body).unwrap()
}

/// The public results as anyone reads them.
async fn public(app: &TestApp) -> Value {
    ok_json(
        &Client::new(),
        app,
        "public_results",
        &[("code", CODE.to_owned())],
    )
    .await
}

/// The three published files' statuses and bodies, read by someone signed out.
async fn files(app: &TestApp) -> Vec<(StatusCode, String)> {
    let mut out = Vec::new();
    for name in ["round.toml", "entries.csv", "sheets.csv"] {
        let res = Client::new()
            .get(app.url(&format!("/contests/{CODE}/rounds/1/published/{name}")))
            .send()
            .await
            .unwrap();
        out.push((res.status(), res.text().await.unwrap()));
    }
    out
}

async fn count(app: &TestApp, kind: &str) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::Kind.eq(kind))
        .count(&app.db().await)
        .await
        .unwrap()
}

/// Mails to `email` whose subject says results are published.
async fn notices(app: &TestApp, email: &str) -> u64 {
    outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq(email))
        .filter(outbox::Column::Subject.contains("công bố"))
        .count(&app.db().await)
        .await
        .unwrap()
}

fn error_code(body: &str) -> String {
    serde_json::from_str::<Value>(body).unwrap()["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// What the founder is told about their entry: its round on the entry page and in their list,
/// and its published results.
async fn founder_sees(founder: &Client, app: &TestApp, code: &str) -> (i64, i64, Value) {
    let view = ok_json(founder, app, "get_entry", &[("code", code.to_owned())]).await;
    let round = view["round"][0].as_i64().unwrap_or(0);
    let mine = ok_json(founder, app, "my_entries", &[]).await;
    let listed = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code)
        .unwrap()["round"]
        .as_i64()
        .unwrap();
    let results = ok_json(founder, app, "entry_results", &[("code", code.to_owned())]).await;
    (round, listed, results)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_of_a_result_shows_before_publication_and_the_published_files_replay_to_its_digest()
{
    on_each_backend(|app| async move {
        let pairs = assigned_round_with(
            &app,
            "\n[round.advance]\ntop_n = 3\n\n[round.judging]\nfounder_feedback = true\n",
        )
        .await;
        let db = app.db().await;
        let first = round::Entity::find().one(&db).await.unwrap().unwrap();
        round::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            position: Set(2),
            name_vi: Set("Vòng chung kết".into()),
            name_en: Set("Final".into()),
            rules: Set("[round]\njudges_per_entry = 2\nis_final = true\n\n[[criteria]]\nkey = \"idea\"\nmax_points = 10\n".into()),
            ..first.clone().into()
        }
        .insert(&db)
        .await
        .unwrap();
        // A founder leads the entry that does best.
        app.sign_up(FOUNDER, "Lê Thị Hoa").await;
        let founder_id = user::Entity::find()
            .filter(user::Column::Email.eq(FOUNDER))
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .id;
        let mut codes: Vec<String> = pairs.iter().map(|(_, c)| c.clone()).collect();
        codes.sort();
        codes.dedup();
        let best = codes[5].clone();
        let row = entry::Entity::find()
            .filter(entry::Column::Code.eq(best.as_str()))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let mut lead: entry::ActiveModel = row.into();
        lead.lead_id = Set(founder_id);
        lead.update(&db).await.unwrap();
        // Each entry's sheets alike, no two entries alike; feedback for the founders.
        let mut judges = std::collections::BTreeMap::new();
        for (email, code) in &pairs {
            if !judges.contains_key(email) {
                judges.insert(email.clone(), signed_in(&app, email).await);
            }
            let score = (codes.iter().position(|c| c == code).unwrap() + 3).to_string();
            let mut fields = sheet_fields(code, 0, &score, true);
            fields.push(("sheet[feedback]", FEEDBACK.to_owned()));
            let (status, body) = call(&judges[email], &app, "save_sheet", &fields).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let committee = signed_in(&app, ADMIN_EMAIL).await;
        let founder = signed_in(&app, FOUNDER).await;
        let view = ok_json(&committee, &app, "round_ranking", &round_fields(&[])).await;
        let digest = view["digest"].as_str().unwrap().to_owned();

        // Publishing an open round is refused.
        let publish = round_fields(&[("show_scores", "on".into()), ("publish_files", "on".into())]);
        let (status, body) = call(&committee, &app, "publish_round", &publish).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error_code(&body), "results.publish_not_finalised");
        ok_json(&committee, &app, "finalise_round", &round_fields(&[("digest", digest.clone())])).await;

        // The committee's printables: the score table lists every entry in official order
        // with both sheets' totals and the finalised digest; no final round is finalised, so
        // there are no certificates yet.
        let table = ok_json(&committee, &app, "score_table", &round_fields(&[])).await;
        assert_eq!(table["digest"], digest.as_str());
        assert!(!table["finalised"].is_null());
        let rows = table["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 6);
        assert_eq!((rows[0]["code"].as_str(), rows[0]["rank"].as_str()), (Some(best.as_str()), Some("1")));
        assert_eq!(rows[0]["totals"].as_array().unwrap().len(), 2);
        assert_eq!(rows[0]["advances"], "yes");
        let certificates = ok_json(&committee, &app, "certificates", &[("code", CODE.to_owned())]).await;
        assert!(certificates["round"].is_null() && certificates["certificates"] == serde_json::json!([]));

        // Finalised, not published: nothing shows outside the committee.
        assert_eq!(public(&app).await["rounds"], serde_json::json!([]));
        let page = Client::new().get(app.url(&format!("/contests/{CODE}/results"))).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.unwrap();
        assert!(html.contains("chưa được công bố"), "{html}");
        assert!(!html.contains("Ý tưởng số"), "{html}");
        assert!(!html.contains(&digest));
        for (status, _) in files(&app).await {
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
        // The founder's entry went on to round 2, which the founder is not told yet.
        assert_eq!(
            founder_sees(&founder, &app, &best).await,
            (1, 1, serde_json::json!([]))
        );
        assert_eq!(notices(&app, FOUNDER).await, 0);
        // Nobody but the committee publishes.
        let judge = judges.values().next().unwrap();
        let (status, _) = call(judge, &app, "publish_round", &publish).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // Published from three tabs at once: once, one audit record, one notice per founder.
        let answers = futures::future::join_all((0..3).map(|_| {
            let (client, app, fields) = (committee.clone(), &app, publish.clone());
            async move { call(&client, app, "publish_round", &fields).await }
        }))
        .await;
        let firsts: Vec<&str> = answers
            .iter()
            .map(|(status, body)| {
                assert_eq!(*status, StatusCode::OK, "{body}");
                body.as_str()
            })
            .collect();
        assert_eq!(firsts.iter().filter(|b| **b == "true").count(), 1, "{firsts:?}");
        assert_eq!(count(&app, "round.published").await, 1);
        assert_eq!(notices(&app, FOUNDER).await, 1);
        assert_eq!(notices(&app, ADMIN_EMAIL).await, 1);

        // The public reads the three entries that went on, the founder's first, with scores.
        let published = public(&app).await;
        let round = &published["rounds"][0];
        assert_eq!(round["digest"], digest.as_str());
        let listed = round["categories"][0]["others"].as_array().unwrap();
        assert_eq!(listed.len(), 3, "{published}");
        assert_eq!(listed[0]["code"], best.as_str());
        assert_eq!(listed[0]["lead"], "Lê Thị Hoa");
        assert_eq!(listed[0]["score"], "8.00");
        let html = Client::new()
            .get(app.url(&format!("/contests/{CODE}/results")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(&digest) && html.contains("Lê Thị Hoa"), "{html}");
        // Anyone downloads the files the round was finalised with, and they replay to the
        // published digest.
        let kept = files(&app).await;
        for (status, body) in &kept {
            assert_eq!(*status, StatusCode::OK, "{body}");
        }
        let texts: Vec<String> = kept.iter().map(|(_, body)| body.clone()).collect();
        let out = replay_files(&texts);
        assert_eq!(out.digest, digest);
        assert!(kept[2].1.starts_with('\u{feff}') && !kept[2].1.contains("giam-khao"));
        // The founder reads their result and the judges' feedback, and their next round.
        let (round_now, listed_now, results) = founder_sees(&founder, &app, &best).await;
        assert_eq!((round_now, listed_now), (2, 2));
        let mine = &results[0];
        assert_eq!(mine["rank"], 1);
        assert_eq!(mine["ranked"], 6);
        assert_eq!(mine["advanced"], true);
        assert_eq!(mine["score"], "8.00");
        assert_eq!(mine["feedback"], serde_json::json!([FEEDBACK, FEEDBACK]));
        // A judge cannot read the founder's entry, nor its results.
        let (status, _) = call(judge, &app, "entry_results", &[("code", best.clone())]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Taken back with a reason, from two tabs: once; everything is hidden again.
        let (status, body) = call(&committee, &app, "unpublish_round", &round_fields(&[("reason", " ".into())])).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let take_back = round_fields(&[("reason", "Sai tên một bài dự thi".into())]);
        let answers = futures::future::join_all((0..2).map(|_| {
            let (client, app, fields) = (committee.clone(), &app, take_back.clone());
            async move { call(&client, app, "unpublish_round", &fields).await }
        }))
        .await;
        assert_eq!(answers.iter().filter(|(s, _)| *s == StatusCode::OK).count(), 1, "{answers:?}");
        assert!(answers
            .iter()
            .filter(|(s, _)| *s != StatusCode::OK)
            .all(|(_, b)| error_code(b) == "results.not_published"));
        assert_eq!(count(&app, "round.unpublished").await, 1);
        assert_eq!(public(&app).await["rounds"], serde_json::json!([]));
        for (status, _) in files(&app).await {
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
        assert_eq!(
            founder_sees(&founder, &app, &best).await,
            (1, 1, serde_json::json!([]))
        );

        // Published again without scores or files: ranks and who went on only.
        ok_json(&committee, &app, "publish_round", &round_fields(&[])).await;
        let published = public(&app).await;
        let listed = &published["rounds"][0]["categories"][0]["others"];
        assert!(listed[0]["score"].is_null(), "{published}");
        for (status, _) in files(&app).await {
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
        let (_, _, results) = founder_sees(&founder, &app, &best).await;
        assert!(results[0]["score"].is_null());
        assert_eq!(results[0]["criteria"], serde_json::json!([]));
        assert_eq!(results[0]["feedback"].as_array().unwrap().len(), 2);

        // Reopening the round voids its publication with it.
        ok_json(&committee, &app, "reopen_round", &round_fields(&[("reason", "Phúc khảo".into())])).await;
        assert_eq!(public(&app).await["rounds"], serde_json::json!([]));
        assert_eq!(
            founder_sees(&founder, &app, &best).await,
            (1, 1, serde_json::json!([]))
        );
        app
    })
    .await;
}
