//! Judging over real HTTP, with parallel requests, on SQLite and PostgreSQL: a round's
//! assignment applied at once from several tabs, hand changes racing for an entry's last
//! place, the same conflict declared twice at once, the round's judges saved at once.

use crate::helpers::{
    ADMIN_EMAIL, PASSWORD, TestApp, actor_of, admin_actor, data_dir, new_contest, on_each_backend,
    open_for_entries, signed_in,
};
use app::domain::Lang;
use app::model::EntryStatus;
use app::ssr::entities::{assignment, conflict, entry, round_judge};
use app::ssr::services::{contests, entries, invitations, rounds};
use reqwest::{Client, StatusCode};
use sea_orm::{ActiveValue::Set, EntityTrait, PaginatorTrait};
use uuid::Uuid;

pub(crate) const CODE: &str = "LS25";

/// Contest LS25 with round 1 (k = 2), three judges with accounts, and six submitted entries
/// in the round; answers the judges' ids.
async fn judged_round(app: &TestApp) -> Vec<Uuid> {
    judged_round_with(app, "").await
}

/// `judged_round`, with `tables` added to the round's rules after `[round]`'s keys.
async fn judged_round_with(app: &TestApp, tables: &str) -> Vec<Uuid> {
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
            rules: format!(
                "[round]\njudges_per_entry = 2\n{tables}\n[[criteria]]\nkey = \"idea\"\nmax_points = 10\n"
            ),
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
pub(crate) async fn call(
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

pub(crate) fn round_fields(extra: &[(&str, String)]) -> Vec<(&'static str, String)> {
    let mut fields = vec![("code", CODE.to_owned()), ("position", "1".to_owned())];
    for (k, v) in extra {
        fields.push((leak(k), v.clone()));
    }
    fields
}

/// The round's judges as the chooser posts them: `judges[0]`, `judges[1]`…
fn judges_field(judges: &[Uuid]) -> Vec<(&'static str, String)> {
    judges
        .iter()
        .enumerate()
        .map(|(i, id)| (leak(&format!("judges[{i}]")), id.to_string()))
        .collect()
}

/// Field names live for the test's length; they are few and short.
pub(crate) fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_preview_applied_from_four_tabs_at_once_is_written_once_and_the_rest_are_told_it_changed()
 {
    on_each_backend(|app| async move {
        let judges = judged_round(&app).await;
        let committee = signed_in(&app, ADMIN_EMAIL).await;
        let chosen = judges_field(&judges);
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
            let chosen = judges_field(&judges[..=n]);
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
        let all = judges_field(&judges);
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
        let all = judges_field(&judges);
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
    assigned_round_with(app, "").await
}

pub(crate) async fn assigned_round_with(app: &TestApp, tables: &str) -> Vec<(String, String)> {
    let judges = judged_round_with(app, tables).await;
    let committee = signed_in(app, ADMIN_EMAIL).await;
    let chosen = judges_field(&judges);
    let (status, _) = call(&committee, app, "set_round_judges", &round_fields(&chosen)).await;
    assert_eq!(status, StatusCode::OK);
    let (_, body) = call(
        &committee,
        app,
        "preview_assignment",
        &round_fields(&[("mode", "fill".into())]),
    )
    .await;
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
    let emails: std::collections::HashMap<Uuid, usize> = judges
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i + 1))
        .collect();
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
        .map(|a| {
            (
                format!("giam-khao-{}@example.vn", emails[&a.judge_id]),
                codes[&a.entry_id].clone(),
            )
        })
        .collect();
    pairs.sort();
    pairs
}

pub(crate) fn sheet_fields(
    entry: &str,
    version: i32,
    idea: &str,
    submit: bool,
) -> Vec<(&'static str, String)> {
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
async fn judges_saving_at_once_lose_nothing_and_a_sheet_saved_from_several_tabs_keeps_one_version()
{
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
        let (_, body) = call(
            &judge,
            &app,
            "get_sheet",
            &round_fields(&[("entry", entry.clone())]),
        )
        .await;
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
            let page = app.url(&format!("/judging/{CODE}/rounds/1/{entry}"));
            async move {
                judge
                    .post(url)
                    .header("sec-fetch-site", "same-origin")
                    .header("accept", "text/html")
                    .header("referer", page)
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
        assert_eq!(
            res.headers()["location"].to_str().unwrap(),
            format!("/judging/{CODE}/rounds/1/{entry}")
        );
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_sent_from_three_tabs_at_once_go_out_once() {
    on_each_backend(|app| async move {
        assigned_round(&app).await;
        let committee = signed_in(&app, ADMIN_EMAIL).await;
        let sends = (0..3).map(|_| {
            let (client, app) = (committee.clone(), &app);
            async move {
                call(&client, app, "send_reminders", &round_fields(&[]))
                    .await
                    .0
                    .as_u16()
            }
        });
        let mut statuses = futures::future::join_all(sends).await;
        statuses.sort_unstable();
        assert_eq!(statuses, vec![200, 422, 422]);
        let db = app.db().await;
        let reminders = app::ssr::entities::outbox::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.body.contains("/judging"))
            .count();
        assert_eq!(reminders, 3);
        app
    })
    .await;
}

/// Strings that exist only in the team's identity: the lead's name and email, a member's name,
/// email and organisation, and a file's name.
const CANARIES: [&str; 6] = [
    "Kanaryleadname",
    "kanary-lead@kanarymail.vn",
    "Kanarymembername",
    "kanary-member@kanarymail.vn",
    "Kanaryorganisation",
    "kanaryfilename",
];

/// Every canary found in `text`.
fn canaries_in(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase();
    CANARIES
        .iter()
        .copied()
        .filter(|c| lower.contains(&c.to_lowercase()))
        .collect()
}

/// Status, headers and body of a response, as one text to search.
pub(crate) async fn everything(res: reqwest::Response) -> String {
    let mut text = format!("{}\n", res.status());
    for (name, value) in res.headers() {
        text.push_str(&format!(
            "{name}: {}\n",
            String::from_utf8_lossy(value.as_bytes())
        ));
    }
    text.push_str(&res.text().await.unwrap_or_default());
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_blind_round_no_judge_response_carries_the_teams_identity_and_the_committee_sees_it() {
    on_each_backend(|app| async move {
        let pairs = assigned_round_with(&app, "\n[round.judging]\nblind = true\n").await;
        let db = app.db().await;
        let (judge_email, code) = pairs[0].clone();
        // The entry's team and file, with a canary in every identity field.
        app.sign_up(CANARIES[1], &format!("{} Nguyễn", CANARIES[0]))
            .await;
        let lead = actor_of(&app, CANARIES[1]).await.id().unwrap();
        let row = entry::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.code == code)
            .unwrap();
        let mut update: entry::ActiveModel = row.clone().into();
        update.lead_id = Set(lead);
        sea_orm::ActiveModelTrait::update(update, &db)
            .await
            .unwrap();
        app::ssr::entities::entry_member::Entity::insert(
            app::ssr::entities::entry_member::ActiveModel {
                id: Set(Uuid::now_v7()),
                entry_id: Set(row.id),
                position: Set(0),
                name: Set(format!("{} Trần", CANARIES[2])),
                email: Set(CANARIES[3].into()),
                organisation: Set(format!("{} JSC", CANARIES[4])),
                role: Set("CTO".into()),
            },
        )
        .exec(&db)
        .await
        .unwrap();
        let file = Uuid::now_v7();
        let content = b"%PDF-1.7\n% ho so\n".to_vec();
        let path =
            app::ssr::services::attachments::file_path(&data_dir(&app), row.contest_id, file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &content).unwrap();
        app::ssr::entities::attachment::Entity::insert(
            app::ssr::entities::attachment::ActiveModel {
                id: Set(file),
                entry_id: Set(row.id),
                contest_id: Set(row.contest_id),
                name: Set(format!("{}.pdf", CANARIES[5])),
                kind: Set("pdf".into()),
                size: Set(content.len() as i64),
                sha256: Set(String::new()),
                uploaded_by: Set(lead),
                created_at: Set(chrono::Utc::now()),
                field: Set(String::new()),
            },
        )
        .exec(&db)
        .await
        .unwrap();

        // Everything the judge can reach about the entry, and the answers to their mistakes.
        let judge = signed_in(&app, &judge_email).await;
        let sheet = format!("/judging/{CODE}/rounds/1/{code}");
        let mut seen = Vec::new();
        for page in [
            "/judging".to_owned(),
            sheet.clone(),
            format!("/judging/{CODE}/conflicts"),
            format!("/entries/{code}"),
            format!("/entries/{code}/attachments/{file}"),
            format!("{sheet}/files/{file}"),
            format!("/contests/{CODE}/rounds/1/ranking?explain={code}"),
            format!("/contests/{CODE}/rounds/1/results.csv"),
            format!("/contests/{CODE}/rounds/1/sheets.csv"),
            format!("/contests/{CODE}/rounds/1/entries.csv"),
            format!("/contests/{CODE}/rounds/1/round.toml"),
            format!("/contests/{CODE}/rounds/1/score-table"),
            format!("/contests/{CODE}/certificates"),
            format!("/contests/{CODE}/results"),
            format!("/contests/{CODE}/rounds/1/published/entries.csv"),
        ] {
            let res = judge.get(app.url(&page)).send().await.unwrap();
            seen.push((page, everything(res).await));
        }
        let entry_fields = round_fields(&[("entry", code.clone())]);
        let mut bad_score = entry_fields.clone();
        bad_score.extend([
            ("version", "0".into()),
            ("sheet[scores][idea]", "99".into()),
        ]);
        let mut good_score = entry_fields.clone();
        good_score.extend([("version", "0".into()), ("sheet[scores][idea]", "7".into())]);
        let mut stale = entry_fields.clone();
        stale.extend([("version", "0".into()), ("sheet[scores][idea]", "8".into())]);
        for (name, fields) in [
            ("get_sheet", entry_fields.clone()),
            ("judge_workspace", vec![]),
            ("my_conflicts", vec![("code", CODE.to_owned())]),
            (
                "my_conflicts",
                vec![("code", CODE.to_owned()), ("q", "Kanary".to_owned())],
            ),
            ("save_sheet", bad_score),
            ("save_sheet", good_score),
            ("save_sheet", stale),
            ("get_entry", vec![("code", code.clone())]),
            ("round_ranking", round_fields(&[("explain", code.clone())])),
            ("score_table", round_fields(&[])),
            ("certificates", vec![("code", CODE.to_owned())]),
            ("public_results", vec![("code", CODE.to_owned())]),
            ("entry_results", vec![("code", code.clone())]),
        ] {
            let res = judge
                .post(app.url(&format!("/api/{name}")))
                .header("accept", "application/json")
                .header("sec-fetch-site", "same-origin")
                .form(&fields)
                .send()
                .await
                .unwrap();
            seen.push((format!("/api/{name}"), everything(res).await));
        }
        let download = &seen
            .iter()
            .find(|(p, _)| p.ends_with(&format!("files/{file}")))
            .unwrap()
            .1;
        assert!(download.starts_with("200"), "{download}");
        // Named by the entry's code and the file's place (percent-encoded, RFC 8187).
        let named = format!("{}%2D1%2Epdf", code.replace('-', "%2D"));
        assert!(download.contains(&named), "{download}");
        for (page, text) in &seen {
            assert!(
                canaries_in(text).is_empty(),
                "{page} shows {:?}",
                canaries_in(text)
            );
        }

        // The committee sees every one of them, so the search above can find them.
        let committee = signed_in(&app, ADMIN_EMAIL).await;
        let mut all = String::new();
        for page in [
            format!("/entries/{code}"),
            format!("/contests/{CODE}/entries.csv"),
        ] {
            all.push_str(&everything(committee.get(app.url(&page)).send().await.unwrap()).await);
        }
        assert_eq!(canaries_in(&all), CANARIES.to_vec());
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn committee_decisions_taken_at_once_land_once_and_never_fail() {
    on_each_backend(|app| async move {
        let pairs = assigned_round_with(&app, "\n[round.discrepancy]\nspread_points = 3\n").await;
        let db = app.db().await;
        let committee = signed_in(&app, ADMIN_EMAIL).await;
        // Both judges of one entry submit far apart: the entry is flagged.
        let entry = pairs[0].1.clone();
        let mut of_entry: Vec<String> = pairs
            .iter()
            .filter(|(_, e)| *e == entry)
            .map(|(j, _)| j.clone())
            .collect();
        of_entry.sort();
        for (email, score) in of_entry.iter().zip(["9", "1"]) {
            let judge = signed_in(&app, email).await;
            let (status, body) = call(
                &judge,
                &app,
                "save_sheet",
                &sheet_fields(&entry, 0, score, true),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let users = app::ssr::entities::user::Entity::find()
            .all(&db)
            .await
            .unwrap();
        let id_of = |email: &str| users.iter().find(|u| u.email == email).unwrap().id;
        let entry_fields = |extra: &[(&str, String)]| {
            let mut fields = round_fields(&[("entry", entry.clone())]);
            fields.extend(extra.iter().map(|(k, v)| (leak(k), v.clone())));
            fields
        };
        // Three tabs accept the flag at once (one acceptance, the last note kept), three tabs
        // reopen the same sheet at once (one reopening, the others told it is not
        // submitted), and three tabs record the same conflict at once (one conflict).
        let mut calls = Vec::new();
        for i in 0..3 {
            calls.push((
                "accept_discrepancy",
                entry_fields(&[("note", format!("Chấp nhận lần {i}"))]),
            ));
            calls.push((
                "reopen_sheet",
                entry_fields(&[
                    ("judge", id_of(&of_entry[1]).to_string()),
                    ("reason", "Chấm lại".into()),
                ]),
            ));
            calls.push((
                "record_conflict",
                vec![
                    ("code", CODE.to_owned()),
                    ("judge", id_of(&of_entry[0]).to_string()),
                    (
                        "entry",
                        pairs
                            .iter()
                            .find(|(j, e)| *j != of_entry[0] && *e != entry)
                            .map(|(_, e)| e.clone())
                            .unwrap(),
                    ),
                    ("action", "add".into()),
                    ("reason", "Cùng đơn vị công tác".into()),
                ],
            ));
            calls.push((
                "save_judge_profile",
                vec![
                    ("code", CODE.to_owned()),
                    ("judge", id_of(&of_entry[0]).to_string()),
                    ("profile[organisation]", format!("Viện {i}")),
                    ("profile[max_load]", "30".into()),
                ],
            ));
        }
        let answers = futures::future::join_all(calls.iter().map(|(name, fields)| {
            let (client, app) = (committee.clone(), &app);
            async move { (*name, call(&client, app, name, fields).await) }
        }))
        .await;
        let mut ok: std::collections::HashMap<&str, usize> = Default::default();
        for (name, (status, body)) in &answers {
            assert!(status.as_u16() < 500, "{name}: {status} {body}");
            if *status == StatusCode::OK {
                *ok.entry(name).or_default() += 1;
            }
        }
        assert_eq!(ok.get("reopen_sheet"), Some(&1), "{answers:?}");
        assert_eq!(ok.get("save_judge_profile"), Some(&3));
        assert_eq!(ok.get("record_conflict"), Some(&3));
        // The accepts that came after the reopening found nothing flagged; those before it
        // landed on one row.
        let accepted = app::ssr::entities::flag_acceptance::Entity::find()
            .count(&db)
            .await
            .unwrap();
        assert!(accepted <= 1);
        assert_eq!(conflict::Entity::find().count(&db).await.unwrap(), 1);
        app
    })
    .await;
}

/// Sends each import at once; every answer is 200 with a report of `lines` lines, each either
/// applied whole or refused with a problem on every line. Answers how many were applied.
async fn imports_at_once(
    client: &Client,
    app: &TestApp,
    name: &str,
    sent: Vec<Vec<(&'static str, String)>>,
    lines: usize,
) -> usize {
    let answers = futures::future::join_all(
        sent.iter()
            .map(|fields| async move { call(client, app, name, fields).await }),
    )
    .await;
    let mut applied = 0;
    for (status, body) in answers {
        assert_eq!(status, StatusCode::OK, "{body}");
        let report: app::model::ImportReport = serde_json::from_str(&body).unwrap();
        let named = if report.applied {
            applied += 1;
            report.codes.len()
        } else {
            report.problems.len()
        };
        assert_eq!(named, lines, "all or nothing: {body}");
    }
    applied
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_imports_sent_from_several_tabs_at_once_invite_each_judge_once_and_keep_k() {
    use sea_orm::{ColumnTrait, QueryFilter};
    on_each_backend(|app| async move {
        let judges = judged_round(&app).await;
        let committee = signed_in(&app, ADMIN_EMAIL).await;

        // One jury list imported from four tabs at once: one import invites the five, the
        // others report each line as already listed and write nothing.
        let mut list = String::from("email,name,max_load\n");
        for i in 1..=5 {
            list.push_str(&format!("moi-{i}@example.vn,Giám khảo mới {i},10\n"));
        }
        let fields = vec![
            ("code", CODE.to_owned()),
            ("csv", list),
            ("intent", "apply".to_owned()),
        ];
        let applied = imports_at_once(&committee, &app, "import_judges", vec![fields; 4], 5).await;
        assert_eq!(applied, 1, "one import lands");
        let db = app.db().await;
        let invited = app::ssr::entities::invitation::Entity::find()
            .filter(app::ssr::entities::invitation::Column::Email.starts_with("moi-"))
            .count(&db)
            .await
            .unwrap();
        assert_eq!(invited, 5, "each judge is invited once");
        let letters = app::ssr::entities::outbox::Entity::find()
            .filter(app::ssr::entities::outbox::Column::Recipient.starts_with("moi-"))
            .count(&db)
            .await
            .unwrap();
        assert_eq!(letters, 5, "and mailed once");

        // Three judges' lists of every entry imported at once into a round of k = 2: two
        // lists fit, the third is refused whole, and no entry goes above k.
        let chosen = judges_field(&judges);
        let (status, _) = call(&committee, &app, "set_round_judges", &round_fields(&chosen)).await;
        assert_eq!(status, StatusCode::OK);
        let lists = (1..=3)
            .map(|j| {
                let mut text = String::from("entry,judge_email\n");
                for e in 1..=6 {
                    text.push_str(&format!(
                        "{},giam-khao-{j}@example.vn\n",
                        entries::entry_code(CODE, e)
                    ));
                }
                round_fields(&[("csv", text), ("intent", "apply".into())])
            })
            .collect();
        let applied = imports_at_once(&committee, &app, "import_assignment", lists, 6).await;
        assert_eq!(applied, 2);
        assert_eq!(assignment::Entity::find().count(&db).await.unwrap(), 12);
        for e in entry::Entity::find().all(&db).await.unwrap() {
            let n = assignment::Entity::find()
                .filter(assignment::Column::EntryId.eq(e.id))
                .count(&db)
                .await
                .unwrap();
            assert_eq!(n, 2, "{} has k judges", e.code);
        }
        app
    })
    .await;
}
