//! A round's results over real HTTP, on SQLite and PostgreSQL: the committee's ranking, its
//! explanation, and the exports, replayed offline with the engine `jurydesk results` runs to
//! the same digest and ranks; read in parallel while the committee and judges act.

use crate::helpers::{ADMIN_EMAIL, TestApp, on_each_backend, replay_files, signed_in};
use crate::judging::{CODE, assigned_round_with, call, round_fields, sheet_fields};
use app::ssr::entities::{entry, user};
use reqwest::{Client, StatusCode};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::Value;
use std::collections::BTreeMap;

/// A download's status and body.
async fn download(client: &Client, app: &TestApp, path: &str) -> (StatusCode, String) {
    let res = client.get(app.url(path)).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

/// The round's ranking as the page's script asks for it.
async fn ranking(client: &Client, app: &TestApp, extra: &[(&str, String)]) -> Value {
    let (status, body) = call(client, app, "round_ranking", &round_fields(extra)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

/// The round replayed offline from its three exported files, as `jurydesk results` does:
/// the digest and each ranked entry's rank.
async fn replayed(client: &Client, app: &TestApp) -> (String, BTreeMap<String, Option<u32>>) {
    let base = format!("/contests/{CODE}/rounds/1");
    let mut files = Vec::new();
    for name in ["round.toml", "entries.csv", "sheets.csv"] {
        let (status, body) = download(client, app, &format!("{base}/{name}")).await;
        assert_eq!(status, StatusCode::OK, "{name}: {body}");
        files.push(body);
    }
    let out = replay_files(&files);
    // Ranked entries only, as the ranking's first tab lists them.
    let ranks = out
        .outcome
        .entries
        .iter()
        .filter(|r| r.rank.is_some())
        .map(|r| (r.entry.code.clone(), r.rank.map(|p| p.rank)))
        .collect();
    (out.digest, ranks)
}

/// Every judge signs in and saves each of their sheets (`pairs`: judge email, entry code) with
/// the score `sheet` gives it (from its index, the judge and the entry), submitted or not.
/// Answers each judge's client by email.
async fn save_all(
    app: &TestApp,
    pairs: &[(String, String)],
    sheet: impl Fn(usize, &String, &String) -> (String, bool),
) -> BTreeMap<String, Client> {
    let mut judges = BTreeMap::new();
    for (n, (email, code)) in pairs.iter().enumerate() {
        if !judges.contains_key(email) {
            judges.insert(email.clone(), signed_in(app, email).await);
        }
        let (score, submit) = sheet(n, email, code);
        let fields = sheet_fields(code, 0, &score, submit);
        let (status, body) = call(&judges[email], app, "save_sheet", &fields).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    judges
}

/// The committee reopens the sheet of the judge with this email for `entry`, with a reason.
async fn reopen_sheet(
    committee: &Client,
    app: &TestApp,
    email: &str,
    entry: &str,
    reason: &str,
) -> (StatusCode, String) {
    use sea_orm::{ColumnTrait, QueryFilter};
    let judge = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db().await)
        .await
        .unwrap()
        .unwrap();
    let fields = round_fields(&[
        ("entry", entry.to_owned()),
        ("judge", judge.id.to_string()),
        ("reason", reason.to_owned()),
    ]);
    call(committee, app, "reopen_sheet", &fields).await
}

/// Each row's rank by code, from the ranking's JSON.
fn ranks_of(view: &Value) -> BTreeMap<String, Option<u32>> {
    view["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap().to_owned(),
                r["rank"].as_u64().map(|n| n as u32),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ranking_its_explanation_and_the_exports_agree_with_an_offline_replay() {
    on_each_backend(|app| async move {
        let pairs = assigned_round_with(&app, "\n[round.discrepancy]\nspread_points = 3\n").await;
        let db = app.db().await;
        // A title a spreadsheet would run as a formula.
        let first = entry::Entity::find().all(&db).await.unwrap().remove(0);
        let mut formula: entry::ActiveModel = first.clone().into();
        formula.title = Set("=HYPERLINK(\"http://x\")".into());
        formula.update(&db).await.unwrap();

        // Every judge submits every sheet of theirs, judges 1 and 3 far apart on one entry.
        let flagged = pairs[0].1.clone();
        let judges = save_all(&app, &pairs, |n, _, code| {
            let score = if *code == flagged {
                if n == 0 { "9" } else { "2" }
            } else {
                ["5", "6", "7", "8"][n % 4]
            };
            (score.to_owned(), true)
        })
        .await;
        let committee = signed_in(&app, ADMIN_EMAIL).await;
        let (status, body) = call(
            &committee,
            &app,
            "accept_discrepancy",
            &round_fields(&[
                ("entry", flagged.clone()),
                ("note", "Hai giám khảo chấm khác nhau có lý do".into()),
            ]),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");

        // The ranking: six complete entries in official order, four aggregations side by
        // side (the round's mean first), the accepted flag shown as accepted.
        let view = ranking(&committee, &app, &[]).await;
        let digest = view["digest"].as_str().unwrap().to_owned();
        assert_eq!(digest.len(), 64);
        assert_eq!(view["counts"], serde_json::json!([6, 0, 0]));
        assert_eq!(
            view["aggregations"],
            serde_json::json!(["mean", "trimmed_mean", "median", "normalized_mean"])
        );
        let rows = view["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 6);
        let ranks: Vec<u64> = rows.iter().map(|r| r["rank"].as_u64().unwrap()).collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
        let row = rows.iter().find(|r| r["code"] == flagged.as_str()).unwrap();
        assert_eq!(row["flag"], true);
        assert_eq!(row["scores"][0], "5.50");
        assert_eq!(view["open_flags"], 0);

        // Its explanation names the judges and shows each sheet's score.
        let explained = ranking(&committee, &app, &[("explain", flagged.clone())]).await;
        let e = &explained["explanation"];
        let sheets = e["sheets"].as_array().unwrap();
        assert_eq!(sheets.len(), 2);
        assert!(
            sheets
                .iter()
                .all(|s| s["judge"].as_str().unwrap().starts_with("Giám khảo "))
        );
        let mut totals: Vec<f64> = sheets
            .iter()
            .map(|s| s["total"].as_str().unwrap().parse().unwrap())
            .collect();
        totals.sort_by(f64::total_cmp);
        assert_eq!(totals, [2.0, 9.0]);
        assert!(e["lines"].as_array().unwrap().len() > 4);
        let (status, _) = call(
            &committee,
            &app,
            "round_ranking",
            &round_fields(&[("explain", "LS25-9999".into())]),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // The exported files replay offline to the page's digest and ranks.
        let (replayed_digest, replayed_ranks) = replayed(&committee, &app).await;
        assert_eq!(replayed_digest, digest);
        assert_eq!(replayed_ranks, ranks_of(&view));
        let (_, toml) = download(
            &committee,
            &app,
            &format!("/contests/{CODE}/rounds/1/round.toml"),
        )
        .await;
        assert!(toml.contains("[[committee.accepted_flags]]"), "{toml}");

        // The results CSV: a byte-order mark, Vietnamese headers, one line per entry with the
        // digest, the formula neutralised.
        let (status, csv) = download(
            &committee,
            &app,
            &format!("/contests/{CODE}/rounds/1/results.csv"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(csv.starts_with('\u{feff}'));
        let header = csv.lines().next().unwrap();
        assert!(
            header.contains("Hạng") && header.contains("trung bình"),
            "{header}"
        );
        assert_eq!(csv.lines().count(), 7);
        assert!(csv.lines().skip(1).all(|l| l.ends_with(&digest)));
        assert!(csv.contains("'=HYPERLINK"), "{csv}");
        // The jury: a line per judge, by name, with the round they judge.
        let (status, jury) =
            download(&committee, &app, &format!("/contests/{CODE}/judges.csv")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(jury.starts_with('\u{feff}'));
        assert_eq!(jury.lines().count(), 4, "{jury}");
        assert!(
            jury.contains("Giám khảo 1,giam-khao-1@example.vn,,,,1,đã nhận lời"),
            "{jury}"
        );
        let (_, entries_csv) = download(
            &committee,
            &app,
            &format!("/contests/{CODE}/rounds/1/entries.csv"),
        )
        .await;
        assert!(entries_csv.contains("'=HYPERLINK"));

        // Many readers at once while a judge's sheet is reopened and submitted again: nobody
        // gets an error, and the round asked for afresh has the new score, which the exports
        // replay to again.
        let (email, code) = pairs[1].clone();
        let (status, body) = reopen_sheet(&committee, &app, &email, &code, "Nhập nhầm điểm").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, body) = call(
            &judges[&email],
            &app,
            "get_sheet",
            &round_fields(&[("entry", code.clone())]),
        )
        .await;
        let version = serde_json::from_str::<Value>(&body).unwrap()["version"]
            .as_i64()
            .unwrap() as i32;
        let readers = (0..8).map(|i| {
            let (client, app) = (committee.clone(), &app);
            async move {
                if i % 2 == 0 {
                    call(&client, app, "round_ranking", &round_fields(&[]))
                        .await
                        .0
                } else {
                    download(
                        &client,
                        app,
                        &format!("/contests/{CODE}/rounds/1/results.csv"),
                    )
                    .await
                    .0
                }
            }
        });
        let fields = sheet_fields(&code, version, "10", true);
        let resubmit = call(&judges[&email], &app, "save_sheet", &fields);
        let (statuses, (status, body)) =
            futures::future::join(futures::future::join_all(readers), resubmit).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(
            statuses.iter().all(|s| *s == StatusCode::OK),
            "{statuses:?}"
        );
        let after = ranking(&committee, &app, &[("fresh", "true".into())]).await;
        let new_digest = after["digest"].as_str().unwrap().to_owned();
        assert_ne!(new_digest, digest);
        let (replayed_digest, replayed_ranks) = replayed(&committee, &app).await;
        assert_eq!(replayed_digest, new_digest);
        assert_eq!(replayed_ranks, ranks_of(&after));
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ranking_lists_incomplete_entries_apart_and_filters_by_category() {
    on_each_backend(|app| async move {
        let pairs = assigned_round_with(&app, "").await;
        // Only the first entry's sheets are submitted: it ranks, the other five wait apart.
        let scored = pairs[0].1.clone();
        for (email, code) in pairs.iter().filter(|(_, c)| *c == scored) {
            let judge = signed_in(&app, email).await;
            let (status, body) = call(
                &judge,
                &app,
                "save_sheet",
                &sheet_fields(code, 0, "7", true),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let committee = signed_in(&app, ADMIN_EMAIL).await;
        let view = ranking(&committee, &app, &[]).await;
        assert_eq!(view["counts"], serde_json::json!([1, 5, 0]));
        assert_eq!(view["rows"].as_array().unwrap().len(), 1);
        let apart = ranking(&committee, &app, &[("standing", "incomplete".into())]).await;
        let rows = apart["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 5);
        assert!(rows.iter().all(|r| r["rank"].is_null()));
        // No entry has a category: a category filter lists none of them.
        let none = ranking(&committee, &app, &[("category", "AG".into())]).await;
        assert_eq!(none["counts"], serde_json::json!([0, 0, 0]));
        // The page itself, without JavaScript: the table, the standings and the digest.
        let (status, page) = download(
            &committee,
            &app,
            &format!("/contests/{CODE}/rounds/1/ranking?standing=incomplete"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Chưa đủ phiếu (5)"), "{page}");
        assert!(page.contains(view["digest"].as_str().unwrap()));
        app
    })
    .await;
}

/// The stable code of a refused call.
fn error_code(body: &str) -> String {
    serde_json::from_str::<Value>(body).unwrap()["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// How many audit records of `kind` there are.
async fn audited(app: &TestApp, kind: &str) -> usize {
    use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};
    app::ssr::entities::audit_log::Entity::find()
        .filter(app::ssr::entities::audit_log::Column::Kind.eq(kind))
        .count(&app.db().await)
        .await
        .unwrap() as usize
}

/// How many entries are in round `position` or past it.
async fn entries_in_round(app: &TestApp, position: i32) -> usize {
    use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};
    entry::Entity::find()
        .filter(entry::Column::Round.gte(position))
        .count(&app.db().await)
        .await
        .unwrap() as usize
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finalising_freezes_the_round_keeps_its_files_and_fills_the_next_round_once() {
    on_each_backend(|app| async move {
        let pairs = assigned_round_with(&app, "\n[round.advance]\ntop_n = 3\n").await;
        let db = app.db().await;
        // A second round, for the entries that advance.
        let first = app::ssr::entities::round::Entity::find()
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        app::ssr::entities::round::ActiveModel {
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
        // Every sheet is submitted, each entry's two alike (no ties), except one judge's last
        // sheet, which stays a draft: that entry is incomplete.
        let codes: Vec<String> = {
            let mut c: Vec<String> = pairs.iter().map(|(_, c)| c.clone()).collect();
            c.sort();
            c.dedup();
            c
        };
        let score = |code: &str| (codes.iter().position(|c| c == code).unwrap() + 2).to_string();
        let (late_judge, late_entry) = pairs.last().unwrap().clone();
        let judges = save_all(&app, &pairs, |_, email, code| {
            (score(code), !(*email == late_judge && *code == late_entry))
        })
        .await;
        let committee = signed_in(&app, ADMIN_EMAIL).await;
        let seen = ranking(&committee, &app, &[]).await["digest"]
            .as_str()
            .unwrap()
            .to_owned();

        // Three tabs finalise while the late judge submits: either the submission lands first
        // and finalising is told the results changed, or the round is finalised first and the
        // submission is refused. Never an error, never both.
        let finalise = |digest: String| {
            let (client, app) = (committee.clone(), &app);
            async move {
                let fields = round_fields(&[("digest", digest)]);
                call(&client, app, "finalise_round", &fields).await
            }
        };
        let late = sheet_fields(&late_entry, 1, &score(&late_entry), true);
        let (finals, (late_status, late_body)) = futures::future::join(
            futures::future::join_all((0..3).map(|_| finalise(seen.clone()))),
            call(&judges[&late_judge], &app, "save_sheet", &late),
        )
        .await;
        for (status, body) in &finals {
            assert!(status.as_u16() < 500, "{status} {body}");
        }
        let finalised_first = finals.iter().any(|(s, _)| *s == StatusCode::OK);
        if finalised_first {
            assert_eq!(late_status, StatusCode::UNPROCESSABLE_ENTITY, "{late_body}");
            assert_eq!(error_code(&late_body), "results.round_finalised");
            assert!(finals.iter().all(|(s, b)| *s == StatusCode::OK && b.contains(&seen)));
        } else {
            assert_eq!(late_status, StatusCode::OK, "{late_body}");
            assert!(finals.iter().all(|(_, b)| error_code(b) == "results.changed"), "{finals:?}");
            // Read again, then finalise what was read.
            let now = ranking(&committee, &app, &[("fresh", "true".into())]).await;
            let (status, body) = finalise(now["digest"].as_str().unwrap().to_owned()).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        assert_eq!(audited(&app, "round.finalised").await, 1);
        let view = ranking(&committee, &app, &[]).await;
        assert!(view["finalised"]["by"].is_string(), "{view}");
        let digest = view["digest"].as_str().unwrap().to_owned();
        // The three best complete entries went on to round 2.
        assert_eq!(entries_in_round(&app, 2).await, 3);

        // Finalising again changes nothing and answers the same digest.
        let (status, body) = finalise("anything".into()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body.contains(&digest));
        assert_eq!(audited(&app, "round.finalised").await, 1);
        assert_eq!(entries_in_round(&app, 2).await, 3);

        // The sheets are frozen: a judge's save and the committee's reopening are refused.
        let (email, code) = pairs[0].clone();
        let (status, body) = call(&judges[&email], &app, "save_sheet", &sheet_fields(&code, 1, "1", false)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, body) = reopen_sheet(&committee, &app, &email, &code, "Sửa điểm").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error_code(&body), "results.round_finalised");

        // The kept files replay to the finalised digest, and so does what the page shows.
        let (replayed_digest, replayed_ranks) = replayed(&committee, &app).await;
        assert_eq!(replayed_digest, digest);
        assert_eq!(replayed_ranks, ranks_of(&view));

        // Reopening needs a reason; three tabs reopen at once: one does, the others are told
        // it is not finalised; the entries come back from round 2.
        let (status, body) = call(&committee, &app, "reopen_round", &round_fields(&[("reason", " ".into())])).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let reopen = (0..3).map(|_| {
            let (client, app) = (committee.clone(), &app);
            async move {
                let fields = round_fields(&[("reason", "Phát hiện nhập nhầm điểm".into())]);
                call(&client, app, "reopen_round", &fields).await
            }
        });
        let answers = futures::future::join_all(reopen).await;
        let ok = answers.iter().filter(|(s, _)| *s == StatusCode::OK).count();
        assert_eq!(ok, 1, "{answers:?}");
        assert!(answers
            .iter()
            .filter(|(s, _)| *s != StatusCode::OK)
            .all(|(_, b)| error_code(b) == "results.not_finalised"));
        assert_eq!(audited(&app, "round.reopened").await, 1);
        assert_eq!(entries_in_round(&app, 2).await, 0);
        let view = ranking(&committee, &app, &[]).await;
        assert!(view["finalised"].is_null());
        // The contest's audit log downloads oldest first with every record and its hash,
        // the finalising and the reopening (with its reason) among them.
        let (status, csv) = download(&committee, &app, &format!("/contests/{CODE}/audit.csv")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(csv.starts_with('\u{feff}'));
        let records = {
            use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
            app::ssr::entities::audit_log::Entity::find()
                .filter(app::ssr::entities::audit_log::Column::ContestId.is_not_null())
                .order_by_asc(app::ssr::entities::audit_log::Column::Id)
                .all(&db)
                .await
                .unwrap()
        };
        let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let lines: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(lines.len(), records.len());
        for (line, record) in lines.iter().zip(&records) {
            assert_eq!(&line[3], record.kind.as_str());
            assert_eq!(&line[8], record.hash.as_str());
        }
        let reopened = lines.iter().find(|l| &l[3] == "round.reopened").unwrap();
        assert_eq!(&reopened[6], "Phát hiện nhập nhầm điểm");
        // Judges can score again.
        let (status, body) = call(&judges[&email], &app, "get_sheet", &round_fields(&[("entry", code.clone())])).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tie_at_the_cutoff_waits_for_the_committee_whose_decisions_from_many_tabs_land_once() {
    on_each_backend(|app| async move {
        let pairs = assigned_round_with(
            &app,
            "\n[round.advance]\ntop_n = 1\nties_at_cutoff = \"committee_decides\"\n",
        )
        .await;
        // Every sheet scores 5: all six entries tie for the one place.
        save_all(&app, &pairs, |_, _, _| ("5".to_owned(), true)).await;
        let committee = signed_in(&app, ADMIN_EMAIL).await;
        let view = ranking(&committee, &app, &[]).await;
        assert_eq!(view["pending"].as_array().unwrap().len(), 6, "{view}");
        let (status, body) = call(
            &committee,
            &app,
            "finalise_round",
            &round_fields(&[("digest", view["digest"].as_str().unwrap().into())]),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error_code(&body), "results.pending");

        // A decision needs a reason and a known choice.
        let codes: Vec<String> = ranks_of(&view).into_keys().collect();
        let decide = |entry: &str, choice: &str, reason: &str| {
            round_fields(&[
                ("entry", entry.to_owned()),
                ("choice", choice.to_owned()),
                ("reason", reason.to_owned()),
            ])
        };
        for fields in [
            decide(&codes[0], "add", " "),
            decide(&codes[0], "promote", "Vì"),
        ] {
            let (status, body) = call(&committee, &app, "decide_advancement", &fields).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        }
        // Every decision sent from three tabs at once: the first entry in, the others out.
        let mut calls = Vec::new();
        for _ in 0..3 {
            for (i, code) in codes.iter().enumerate() {
                let (choice, reason) = if i == 0 {
                    ("add", "Sản phẩm đã có khách hàng trả tiền")
                } else {
                    ("remove", "Chưa có khách hàng")
                };
                calls.push(decide(code, choice, reason));
            }
        }
        let answers = futures::future::join_all(calls.iter().map(|fields| {
            let (client, app) = (committee.clone(), &app);
            async move { call(&client, app, "decide_advancement", fields).await }
        }))
        .await;
        for (status, body) in &answers {
            assert_eq!(*status, StatusCode::OK, "{body}");
        }
        assert_eq!(audited(&app, "advancement.decided").await, 6);
        let view = ranking(&committee, &app, &[]).await;
        assert_eq!(view["pending"].as_array().unwrap().len(), 0, "{view}");
        assert_eq!(view["advancing"], 1);
        let explained = ranking(&committee, &app, &[("explain", codes[0].clone())]).await;
        assert_eq!(
            explained["explanation"]["change"],
            serde_json::json!(["add", "Sản phẩm đã có khách hàng trả tiền"])
        );

        // The decisions travel in round.toml: the files replay to the page's digest.
        let (_, toml) = download(
            &committee,
            &app,
            &format!("/contests/{CODE}/rounds/1/round.toml"),
        )
        .await;
        assert_eq!(toml.matches("[[committee.overrides]]").count(), 6, "{toml}");
        let (replayed_digest, _) = replayed(&committee, &app).await;
        assert_eq!(replayed_digest, view["digest"].as_str().unwrap());

        // Going back to the rules brings the tie back for that entry.
        let (status, body) = call(
            &committee,
            &app,
            "decide_advancement",
            &decide(&codes[5], "rules", "Xem lại"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let view = ranking(&committee, &app, &[]).await;
        assert_eq!(view["pending"].as_array().unwrap().len(), 1, "{view}");
        let (status, _) = call(
            &committee,
            &app,
            "decide_advancement",
            &decide(&codes[5], "remove", "Chưa có khách hàng"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);

        // Finalised: the one entry goes on; decisions are then refused.
        let view = ranking(&committee, &app, &[]).await;
        let (status, body) = call(
            &committee,
            &app,
            "finalise_round",
            &round_fields(&[("digest", view["digest"].as_str().unwrap().into())]),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(entries_in_round(&app, 2).await, 1);
        let (status, body) = call(
            &committee,
            &app,
            "decide_advancement",
            &decide(&codes[1], "add", "Muộn"),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error_code(&body), "results.round_finalised");
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tie_across_a_prize_boundary_waits_for_the_committee_which_cannot_give_more_places_than_it_spans()
 {
    on_each_backend(|app| async move {
        let pairs = assigned_round_with(
            &app,
            "is_final = true\n\n[round.prizes]\nat_boundary = \"committee_decides\"\n\n[[round.prizes.list]]\nname = { vi = \"Giải Nhất\", en = \"First prize\" }\ncount = 1\n",
        )
        .await;
        // Every sheet scores 5: six entries tie for the one first prize.
        save_all(&app, &pairs, |_, _, _| ("5".to_owned(), true)).await;
        let committee = signed_in(&app, ADMIN_EMAIL).await;
        let view = ranking(&committee, &app, &[]).await;
        assert_eq!(view["pending"].as_array().unwrap().len(), 6, "{view}");
        let codes: Vec<String> = ranks_of(&view).into_keys().collect();
        let explained = ranking(&committee, &app, &[("explain", codes[0].clone())]).await;
        assert_eq!(
            explained["explanation"]["prize_options"],
            serde_json::json!([[1, "Giải Nhất"], [null, ""]])
        );
        let choose = |entry: &str, prize: &str| {
            round_fields(&[
                ("entry", entry.to_owned()),
                ("prize", prize.to_owned()),
                ("reason", "Bốc thăm công khai trước hội đồng".to_owned()),
            ])
        };
        // From three tabs at once: the first prize to the first entry, none to the others.
        let mut calls = Vec::new();
        for _ in 0..3 {
            for (i, code) in codes.iter().enumerate() {
                calls.push(choose(code, if i == 0 { "1" } else { "none" }));
            }
        }
        let answers = futures::future::join_all(calls.iter().map(|fields| {
            let (client, app) = (committee.clone(), &app);
            async move { call(&client, app, "choose_prize", fields).await }
        }))
        .await;
        for (status, body) in &answers {
            assert_eq!(*status, StatusCode::OK, "{body}");
        }
        assert_eq!(audited(&app, "prize.chosen").await, 6);
        // A second first prize is more places than the tie spans: refused in the engine's words.
        let (status, body) = call(&committee, &app, "choose_prize", &choose(&codes[1], "1")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error_code(&body), "results.decision");
        let (status, body) = call(&committee, &app, "choose_prize", &choose(&codes[1], "giải to")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

        let view = ranking(&committee, &app, &[]).await;
        assert_eq!(view["pending"].as_array().unwrap().len(), 0, "{view}");
        let first = view["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == codes[0].as_str())
            .unwrap();
        assert_eq!(first["prize"], "Giải Nhất");
        let (_, toml) = download(&committee, &app, &format!("/contests/{CODE}/rounds/1/round.toml")).await;
        assert_eq!(toml.matches("[[committee.prize_choices]]").count(), 6, "{toml}");
        let (replayed_digest, _) = replayed(&committee, &app).await;
        assert_eq!(replayed_digest, view["digest"].as_str().unwrap());
        let (status, body) = call(
            &committee,
            &app,
            "finalise_round",
            &round_fields(&[("digest", view["digest"].as_str().unwrap().into())]),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        app
    })
    .await;
}
