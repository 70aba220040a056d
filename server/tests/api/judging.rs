//! Judging over real HTTP, with parallel requests, on SQLite and PostgreSQL: a round's
//! assignment applied at once from several tabs, hand changes racing for an entry's last
//! place, the same conflict declared twice at once, the round's judges saved at once.

use crate::helpers::{
    ADMIN_EMAIL, PASSWORD, TestApp, admin_actor, new_contest, on_each_backend, open_for_entries,
    signed_in,
};
use app::domain::Lang;
use app::model::EntryStatus;
use app::ssr::entities::{assignment, conflict, entry, round_judge};
use app::ssr::services::{contests, entries, invitations, rounds};
use reqwest::{Client, StatusCode};
use sea_orm::{ActiveValue::Set, EntityTrait, PaginatorTrait};
use uuid::Uuid;

const CODE: &str = "LS25";

/// Contest LS25 with round 1 (k = 2), three judges with accounts, and six submitted entries
/// in the round; answers the judges' ids.
async fn judged_round(app: &TestApp) -> Vec<Uuid> {
    let db = app.db().await;
    let admin = admin_actor(app).await;
    let c = contests::create(&db, &admin, new_contest(CODE))
        .await
        .unwrap();
    rounds::add(
        &db,
        &admin,
        CODE,
        app::model::NewRound {
            name_vi: "Vòng sơ khảo".into(),
            name_en: "Screening".into(),
            rules:
                "[round]\njudges_per_entry = 2\n\n[[criteria]]\nkey = \"idea\"\nmax_points = 10\n"
                    .into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    open_for_entries(app, &admin, CODE).await;
    let mut judges = Vec::new();
    for i in 1..=3 {
        let link = invitations::invite(
            &db,
            &admin,
            invitations::NewInvitation {
                contest_id: c.id,
                email: &format!("giam-khao-{i}@example.vn"),
                role: "judge",
                categories: "",
                name: "",
                organisation: "",
                max_load: "",
                lang: Lang::Vi,
            },
            &app.address,
        )
        .await
        .unwrap();
        let token = link.split("token=").nth(1).unwrap();
        let (user, _) = invitations::accept_with_new_account(
            &db,
            token,
            &format!("Giám khảo {i}"),
            PASSWORD,
            Lang::Vi,
        )
        .await
        .unwrap();
        judges.push(user.id);
    }
    let now = chrono::Utc::now();
    let rows: Vec<entry::ActiveModel> = (1..=6)
        .map(|i| {
            let code = entries::entry_code(CODE, i);
            entry::ActiveModel {
                id: Set(Uuid::now_v7()),
                contest_id: Set(c.id),
                category_id: Set(None),
                number: Set(i),
                search: Set(code.to_lowercase()),
                code: Set(code),
                lead_id: Set(admin.id().unwrap()),
                status: Set(EntryStatus::Submitted),
                title: Set(format!("Ý tưởng số {i}")),
                summary: Set(String::new()),
                problem: Set(String::new()),
                solution: Set(String::new()),
                market: Set(String::new()),
                business_model: Set(String::new()),
                stage: Set(None),
                version: Set(1),
                title_key: Set(format!("y tuong so {i}")),
                created_at: Set(now),
                updated_at: Set(now),
                submitted_at: Set(Some(now)),
                round: Set(1),
                ..Default::default()
            }
        })
        .collect();
    entry::Entity::insert_many(rows).exec(&db).await.unwrap();
    judges
}

/// A server function called as the page's script calls it: the status and the JSON answer.
async fn call(
    client: &Client,
    app: &TestApp,
    name: &str,
    fields: &[(&str, String)],
) -> (StatusCode, String) {
    let res = client
        .post(app.url(&format!("/api/{name}")))
        .header("accept", "application/json")
        .header("sec-fetch-site", "same-origin")
        .form(fields)
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

fn round_fields(extra: &[(&str, String)]) -> Vec<(&'static str, String)> {
    let mut fields = vec![("code", CODE.to_owned()), ("position", "1".to_owned())];
    for (k, v) in extra {
        fields.push((leak(k), v.clone()));
    }
    fields
}

/// Field names live for the test's length; they are few and short.
fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_preview_applied_from_four_tabs_at_once_is_written_once_and_the_rest_are_told_it_changed()
 {
    on_each_backend(|app| async move {
        let judges = judged_round(&app).await;
        let committee = signed_in(&app, ADMIN_EMAIL).await;
        let chosen: Vec<(&str, String)> = judges
            .iter()
            .enumerate()
            .map(|(i, id)| (leak(&format!("judges[{i}]")), id.to_string()))
            .collect();
        let (status, _) = call(&committee, &app, "set_round_judges", &round_fields(&chosen)).await;
        assert_eq!(status, StatusCode::OK);
        let (status, body) = call(
            &committee,
            &app,
            "preview_assignment",
            &round_fields(&[("mode", "fill".into())]),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let preview: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(preview["assignments"], 12);
        let fingerprint = preview["fingerprint"].as_str().unwrap().to_owned();
        let applies = (0..4).map(|_| {
            let fields = round_fields(&[
                ("mode", "fill".into()),
                ("fingerprint", fingerprint.clone()),
            ]);
            let (client, app) = (committee.clone(), &app);
            async move { call(&client, app, "apply_assignment", &fields).await }
        });
        let mut statuses: Vec<u16> = futures::future::join_all(applies)
            .await
            .into_iter()
            .map(|(s, _)| s.as_u16())
            .collect();
        statuses.sort_unstable();
        assert_eq!(statuses, vec![200, 409, 409, 409]);
        let db = app.db().await;
        assert_eq!(assignment::Entity::find().count(&db).await.unwrap(), 12);
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_hand_changes_keep_k_and_a_conflict_declared_twice_at_once_is_one_conflict() {
    on_each_backend(|app| async move {
        let judges = judged_round(&app).await;
        let committee = signed_in(&app, ADMIN_EMAIL).await;
        // The round's judges saved from three tabs at once: each save lands whole.
        let saves = (0..3).map(|n| {
            let chosen: Vec<(&str, String)> = judges[..=n]
                .iter()
                .enumerate()
                .map(|(i, id)| (leak(&format!("judges[{i}]")), id.to_string()))
                .collect();
            let (client, app) = (committee.clone(), &app);
            async move {
                call(&client, app, "set_round_judges", &round_fields(&chosen))
                    .await
                    .0
            }
        });
        let statuses = futures::future::join_all(saves).await;
        assert!(
            statuses.iter().all(|s| *s == StatusCode::OK),
            "{statuses:?}"
        );
        // Then all three, for the races below.
        let all: Vec<(&str, String)> = judges
            .iter()
            .enumerate()
            .map(|(i, id)| (leak(&format!("judges[{i}]")), id.to_string()))
            .collect();
        assert_eq!(
            call(&committee, &app, "set_round_judges", &round_fields(&all))
                .await
                .0,
            StatusCode::OK
        );
        let db = app.db().await;
        assert_eq!(round_judge::Entity::find().count(&db).await.unwrap(), 3);

        // Three judges for an entry's two places, at once: two land, one is refused.
        let entry_code = entries::entry_code(CODE, 1);
        let adds = judges.iter().map(|judge| {
            let fields = round_fields(&[("entry", entry_code.clone()), ("add", judge.to_string())]);
            let (client, app) = (committee.clone(), &app);
            async move { call(&client, app, "change_assignment", &fields).await }
        });
        let mut statuses: Vec<u16> = futures::future::join_all(adds)
            .await
            .into_iter()
            .map(|(s, _)| s.as_u16())
            .collect();
        statuses.sort_unstable();
        assert_eq!(statuses, vec![200, 200, 422]);
        assert_eq!(assignment::Entity::find().count(&db).await.unwrap(), 2);

        // A judge declares the same conflict from two tabs at once: one conflict, both fine.
        let judge = signed_in(&app, "giam-khao-1@example.vn").await;
        let declares = (0..2).map(|_| {
            let fields = vec![
                ("code", CODE.to_owned()),
                ("entry", entries::entry_code(CODE, 2)),
                ("reason", "Tôi là cố vấn của nhóm.".to_owned()),
            ];
            let (client, app) = (judge.clone(), &app);
            async move { call(&client, app, "declare_conflict", &fields).await.0 }
        });
        let statuses = futures::future::join_all(declares).await;
        assert!(
            statuses.iter().all(|s| *s == StatusCode::OK),
            "{statuses:?}"
        );
        assert_eq!(conflict::Entity::find().count(&db).await.unwrap(), 1);
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_assignment_downloads_as_csv_excel_reads_with_a_line_per_judge_and_the_gaps() {
    on_each_backend(|app| async move {
        let judges = judged_round(&app).await;
        let committee = signed_in(&app, ADMIN_EMAIL).await;
        let all: Vec<(&str, String)> = judges
            .iter()
            .enumerate()
            .map(|(i, id)| (leak(&format!("judges[{i}]")), id.to_string()))
            .collect();
        assert_eq!(
            call(&committee, &app, "set_round_judges", &round_fields(&all))
                .await
                .0,
            StatusCode::OK
        );
        for judge in &judges[..2] {
            let fields = round_fields(&[
                ("entry", entries::entry_code(CODE, 1)),
                ("add", judge.to_string()),
            ]);
            assert_eq!(
                call(&committee, &app, "change_assignment", &fields).await.0,
                StatusCode::OK
            );
        }
        let res = committee
            .get(app.url("/contests/LS25/rounds/1/assignments.csv"))
            .header("accept-language", "vi")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            res.headers()["content-disposition"],
            "attachment; filename=\"LS25-round-1-assignments.csv\""
        );
        let bytes = res.bytes().await.unwrap();
        assert!(bytes.starts_with("\u{feff}".as_bytes()));
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "Mã hồ sơ,Tên ý tưởng,Lĩnh vực,Giám khảo,Email giám khảo,Phiếu chấm"
        );
        // Entry 1 with its two judges, then the five others, each on a line with no judge.
        assert_eq!(lines.len(), 1 + 2 + 5);
        assert_eq!(
            lines[1],
            "LS25-0001,Ý tưởng số 1,,Giám khảo 1,giam-khao-1@example.vn,"
        );
        assert_eq!(lines[3], "LS25-0002,Ý tưởng số 2,,,,");
        // The download reads back as a change of nothing.
        let (status, body) = call(
            &committee,
            &app,
            "import_assignment",
            &round_fields(&[("csv", text.to_owned()), ("intent", "apply".into())]),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let report: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            (
                report["applied"].as_bool(),
                report["rows"].as_u64(),
                report["codes"].as_array().map(Vec::len)
            ),
            (Some(true), Some(2), Some(0))
        );
        // A judge does not download it.
        let judge = signed_in(&app, "giam-khao-1@example.vn").await;
        let refused = judge
            .get(app.url("/contests/LS25/rounds/1/assignments.csv"))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        app
    })
    .await;
}

/// The round assigned: every judge chosen, the plan applied. Answers (judge email, entry
/// code) for each assignment.
async fn assigned_round(app: &TestApp) -> Vec<(String, String)> {
    let judges = judged_round(app).await;
    let committee = signed_in(app, ADMIN_EMAIL).await;
    let chosen: Vec<(&str, String)> = judges
        .iter()
        .enumerate()
        .map(|(i, id)| (leak(&format!("judges[{i}]")), id.to_string()))
        .collect();
    let (status, _) = call(&committee, app, "set_round_judges", &round_fields(&chosen)).await;
    assert_eq!(status, StatusCode::OK);
    let (_, body) = call(&committee, app, "preview_assignment", &round_fields(&[("mode", "fill".into())])).await;
    let preview: serde_json::Value = serde_json::from_str(&body).unwrap();
    let fingerprint = preview["fingerprint"].as_str().unwrap().to_owned();
    let (status, _) = call(
        &committee,
        app,
        "apply_assignment",
        &round_fields(&[("mode", "fill".into()), ("fingerprint", fingerprint)]),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let db = app.db().await;
    let emails: std::collections::HashMap<Uuid, usize> =
        judges.iter().enumerate().map(|(i, id)| (*id, i + 1)).collect();
    let codes: std::collections::HashMap<Uuid, String> = entry::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.id, e.code))
        .collect();
    let mut pairs: Vec<(String, String)> = assignment::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (format!("giam-khao-{}@example.vn", emails[&a.judge_id]), codes[&a.entry_id].clone()))
        .collect();
    pairs.sort();
    pairs
}

fn sheet_fields(entry: &str, version: i32, idea: &str, submit: bool) -> Vec<(&'static str, String)> {
    let mut fields = round_fields(&[
        ("entry", entry.to_owned()),
        ("version", version.to_string()),
        ("sheet[scores][idea]", idea.to_owned()),
    ]);
    if submit {
        fields.push(("intent", "submit".into()));
    }
    fields
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn judges_saving_at_once_lose_nothing_and_a_sheet_saved_from_several_tabs_keeps_one_version() {
    on_each_backend(|app| async move {
        let pairs = assigned_round(&app).await;
        let mut clients = std::collections::HashMap::new();
        for (email, _) in &pairs {
            if !clients.contains_key(email) {
                clients.insert(email.clone(), signed_in(&app, email).await);
            }
        }
        // Every judge saves every sheet of theirs at once: all land.
        let saves = pairs.iter().enumerate().map(|(i, (email, entry))| {
            let (client, app) = (clients[email].clone(), &app);
            let fields = sheet_fields(entry, 0, &(i % 11).to_string(), true);
            async move { call(&client, app, "save_sheet", &fields).await }
        });
        for (status, body) in futures::future::join_all(saves).await {
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let db = app.db().await;
        let submitted = app::ssr::entities::sheet::Entity::find()
            .all(&db)
            .await
            .unwrap();
        assert_eq!(submitted.len(), pairs.len());
        assert!(submitted.iter().all(|s| s.state == "submitted"));

        // The committee reopens one; the judge's tabs then save at once from the version
        // they loaded: one lands, the others are told it changed elsewhere, none fails.
        let (email, entry) = pairs[0].clone();
        let committee = signed_in(&app, ADMIN_EMAIL).await;
        let judge_id = app::ssr::entities::user::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.email == email)
            .unwrap()
            .id;
        let (status, body) = call(
            &committee,
            &app,
            "reopen_sheet",
            &round_fields(&[
                ("entry", entry.clone()),
                ("judge", judge_id.to_string()),
                ("reason", "Xem lại điểm ý tưởng".into()),
            ]),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let judge = clients[&email].clone();
        let (_, body) = call(&judge, &app, "get_sheet", &round_fields(&[("entry", entry.clone())])).await;
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        let version = page["version"].as_i64().unwrap() as i32;
        assert_eq!(page["reason"], "Xem lại điểm ý tưởng");
        let tabs = (0..4).map(|i| {
            let (client, app) = (judge.clone(), &app);
            let fields = sheet_fields(&entry, version, &(i + 2).to_string(), false);
            async move { call(&client, app, "save_sheet", &fields).await.0.as_u16() }
        });
        let mut statuses = futures::future::join_all(tabs).await;
        statuses.sort_unstable();
        assert_eq!(statuses, vec![200, 409, 409, 409]);

        // Without JavaScript a save posts the form and comes back to the sheet; a refused one
        // comes back too, with what was typed kept for the form.
        let plain = |fields: Vec<(&'static str, String)>| {
            let judge = judge.clone();
            let url = app.url("/api/save_sheet");
            async move {
                judge
                    .post(url)
                    .header("sec-fetch-site", "same-origin")
                    .header("referer", "http://localhost/judging")
                    .form(&fields)
                    .send()
                    .await
                    .unwrap()
            }
        };
        let res = plain(sheet_fields(&entry, version + 1, "9", true)).await;
        assert!(res.status().is_redirection(), "{}", res.status());
        let to = res.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(to, format!("/judging/{CODE}/rounds/1/{entry}?submitted=1"));
        let res = plain(sheet_fields(&entry, version + 2, "99", false)).await;
        assert!(res.status().is_redirection(), "{}", res.status());
        app
    })
    .await;
}
