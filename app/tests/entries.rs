//! Founders' entries against a real database, SQLite and PostgreSQL: the submission window in
//! the contest's time zone, drafts and submission, saves that never overwrite each other
//! silently, who may read what, and the committee's list.

mod common;

use app::model::{EntryFields, EntryFilter, EntryStatus, NewContest, Role};
use app::ssr::actor::{self, Actor};
use app::ssr::entities::{audit_log, entry, user};
use app::ssr::messages::{Msg, ServiceError};
use app::ssr::services::{PageRequest, accounts, contests, entries};
use chrono::{Duration, Utc};
use common::on_each_database;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::admin;
use common::entries::{CONTEST, complete, open_contest, person, window};

fn reason<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> Msg {
    match &result {
        Err(e) => e
            .first_problem()
            .map(|(_, m)| m.clone())
            .unwrap_or_else(|| panic!("expected a refusal with a reason, got {result:?}")),
        Ok(_) => panic!("expected a refusal, got {result:?}"),
    }
}

async fn audit_kinds(db: &DatabaseConnection) -> Vec<String> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Kind.starts_with("entry."))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.kind)
        .collect()
}

#[tokio::test]
async fn a_founder_starts_a_draft_saves_it_and_submits_it_once_complete() {
    on_each_database(|db| async move {
        open_contest(&db).await;
        let minh = person(&db, "minh@example.vn", "Trần Văn Minh").await;
        let code = entries::start(&db, &minh, "ls25").await.unwrap();
        assert_eq!(code, "LS25-0001");
        let draft = EntryFields {
            title: "Máy sấy nông sản".into(),
            ..EntryFields::default()
        };
        let saved = entries::save(&db, &minh, &code, 1, draft, false)
            .await
            .unwrap();
        assert_eq!((saved.version, saved.status), (2, EntryStatus::Draft));

        // Asked to submit while fields are empty: kept as a draft, the gaps named.
        let partial = EntryFields {
            category: "ag".into(),
            ..complete("Máy sấy nông sản", "AG")
        };
        let partial = EntryFields {
            market: String::new(),
            ..partial
        };
        let saved = entries::save(&db, &minh, &code, 2, partial, true)
            .await
            .unwrap();
        assert_eq!(saved.status, EntryStatus::Draft);
        assert_eq!(saved.missing, vec!["market".to_owned()]);

        let saved = entries::save(
            &db,
            &minh,
            &code,
            saved.version,
            complete("Máy sấy nông sản", "AG"),
            true,
        )
        .await
        .unwrap();
        assert_eq!(saved.status, EntryStatus::Submitted);
        assert!(saved.missing.is_empty());
        let view = entries::get(&db, &minh, &code).await.unwrap();
        assert_eq!(view.status, EntryStatus::Submitted);
        assert_eq!(view.fields.category, "AG");
        assert!(view.submitted.is_some() && view.editable && view.withdrawable);

        // Still editable until the deadline, and it must stay complete.
        let emptied = EntryFields {
            summary: " ".into(),
            ..complete("Máy sấy nông sản", "AG")
        };
        let refused = entries::save(&db, &minh, &code, saved.version, emptied, false).await;
        assert_eq!(reason(refused), Msg::Required);
        let edited = complete("Máy sấy nông sản Lạng Sơn", "AG");
        let saved = entries::save(&db, &minh, &code, saved.version, edited, false)
            .await
            .unwrap();
        assert_eq!(saved.status, EntryStatus::Submitted);
        assert_eq!(
            audit_kinds(&db).await,
            ["entry.created", "entry.submitted", "entry.updated"]
        );
    })
    .await;
}

#[tokio::test]
async fn every_field_problem_is_named_at_once_and_nothing_is_saved() {
    on_each_database(|db| async move {
        open_contest(&db).await;
        let minh = person(&db, "minh@example.vn", "Trần Văn Minh").await;
        let code = entries::start(&db, &minh, CONTEST).await.unwrap();
        let bad = EntryFields {
            title: "x".repeat(201),
            category: "FOOD".into(),
            summary: "ok".into(),
            stage: "unicorn".into(),
            ..EntryFields::default()
        };
        match entries::save(&db, &minh, &code, 1, bad, false).await {
            Err(ServiceError::Invalid(problems)) => assert_eq!(
                problems
                    .iter()
                    .map(|p| (p.path.as_deref().unwrap(), p.msg.code()))
                    .collect::<Vec<_>>(),
                [
                    ("title", "form.too_long"),
                    ("category", "category.unknown"),
                    ("stage", "entry.stage_invalid")
                ]
            ),
            other => panic!("expected three field problems, got {other:?}"),
        }
        let view = entries::get(&db, &minh, &code).await.unwrap();
        assert_eq!((view.version, view.fields.summary.as_str()), (1, ""));
    })
    .await;
}

#[tokio::test]
async fn the_deadline_is_kept_in_the_contests_time_zone_and_a_late_save_changes_nothing() {
    on_each_database(|db| async move {
        let admin = open_contest(&db).await;
        let minh = person(&db, "minh@example.vn", "Trần Văn Minh").await;
        let code = entries::start(&db, &minh, CONTEST).await.unwrap();
        let draft = complete("Trà hoa vàng", "AG");
        entries::save(&db, &minh, &code, 1, draft.clone(), false)
            .await
            .unwrap();

        // The committee, in Los Angeles, closed submissions two minutes ago (their time).
        let tz = "America/Los_Angeles";
        window(&db, &admin, tz, Duration::days(-2), Duration::minutes(-2)).await;
        let c = contests::by_code(&db, CONTEST).await.unwrap();
        let close = c.submissions_close.unwrap();
        assert!(close.utc < Utc::now() && close.utc > Utc::now() - Duration::minutes(4));
        let la: chrono_tz::Tz = tz.parse().unwrap();
        use chrono::Offset;
        assert_eq!(
            close.offset,
            close
                .utc
                .with_timezone(&la)
                .offset()
                .fix()
                .local_minus_utc()
        );

        let late = EntryFields {
            title: "Đổi sau hạn".into(),
            ..draft
        };
        match reason(entries::save(&db, &minh, &code, 2, late, true).await) {
            Msg::DeadlinePassed {
                deadline,
                time_zone,
            } => {
                assert_eq!(deadline, close);
                assert_eq!(time_zone, tz);
            }
            other => panic!("expected the deadline, got {other:?}"),
        }
        assert!(matches!(
            reason(entries::start(&db, &minh, CONTEST).await),
            Msg::DeadlinePassed { .. }
        ));
        // The draft stays readable, as it was last saved; the founder may still withdraw.
        let view = entries::get(&db, &minh, &code).await.unwrap();
        assert_eq!(view.fields.title, "Trà hoa vàng");
        assert_eq!(view.status, EntryStatus::Draft);
        assert!(!view.editable && view.withdrawable);

        // Not yet open: the opening is named.
        window(&db, &admin, tz, Duration::days(1), Duration::days(2)).await;
        assert!(matches!(
            reason(entries::start(&db, &minh, CONTEST).await),
            Msg::WindowNotYet { .. }
        ));
    })
    .await;
}

#[tokio::test]
async fn a_contest_without_a_window_takes_no_entries() {
    on_each_database(|db| async move {
        let admin = admin(&db).await;
        contests::create(
            &db,
            &admin,
            NewContest {
                code: "HN26".into(),
                name_vi: "Hà Nội".into(),
                name_en: "Hanoi".into(),
                description_vi: String::new(),
                description_en: String::new(),
                time_zone: "Asia/Ho_Chi_Minh".into(),
            },
        )
        .await
        .unwrap();
        let minh = person(&db, "minh@example.vn", "Trần Văn Minh").await;
        assert_eq!(
            reason(entries::start(&db, &minh, "HN26").await),
            Msg::WindowNotSet
        );
    })
    .await;
}

#[tokio::test]
async fn a_save_over_an_older_version_is_refused_and_names_the_fields_that_differ() {
    on_each_database(|db| async move {
        open_contest(&db).await;
        let minh = person(&db, "minh@example.vn", "Trần Văn Minh").await;
        let code = entries::start(&db, &minh, CONTEST).await.unwrap();
        let first_tab = complete("Bản của thẻ thứ nhất", "AG");
        let second_tab = complete("Bản của thẻ thứ hai", "AG");
        entries::save(&db, &minh, &code, 1, first_tab, false)
            .await
            .unwrap();
        match entries::save(&db, &minh, &code, 1, second_tab, false).await {
            Err(ServiceError::Conflict(problems)) => {
                assert_eq!(problems[0].msg, Msg::ChangedElsewhere);
                assert_eq!(problems.len(), 2, "{problems:?}");
                assert_eq!(problems[1].path.as_deref(), Some("title"));
                assert_eq!(
                    problems[1].msg,
                    Msg::SavedElsewhere {
                        value: "Bản của thẻ thứ nhất".into()
                    }
                );
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        let view = entries::get(&db, &minh, &code).await.unwrap();
        assert_eq!(view.fields.title, "Bản của thẻ thứ nhất");
        assert_eq!(view.version, 2);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_parallel_saves_from_one_version_exactly_one_is_kept() {
    on_each_database(|db| async move {
        open_contest(&db).await;
        let minh = person(&db, "minh@example.vn", "Trần Văn Minh").await;
        let code = entries::start(&db, &minh, CONTEST).await.unwrap();
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                let (db, minh, code) = (db.clone(), minh.clone(), code.clone());
                tokio::spawn(async move {
                    let fields = complete(&format!("Thẻ số {i}"), "IT");
                    entries::save(&db, &minh, &code, 1, fields, false).await
                })
            })
            .collect();
        let mut kept = Vec::new();
        for (i, t) in tasks.into_iter().enumerate() {
            match t.await.unwrap() {
                Ok(_) => kept.push(format!("Thẻ số {i}")),
                Err(ServiceError::Conflict(_)) => {}
                Err(other) => panic!("a save failed: {other:?}"),
            }
        }
        assert_eq!(kept.len(), 1, "{kept:?}");
        let view = entries::get(&db, &minh, &code).await.unwrap();
        assert_eq!(
            (view.fields.title.as_str(), view.version),
            (kept[0].as_str(), 2)
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_starts_get_distinct_codes_and_stop_at_the_ceiling() {
    on_each_database(|db| async move {
        open_contest(&db).await;
        let minh = person(&db, "minh@example.vn", "Trần Văn Minh").await;
        let lan = person(&db, "lan@example.vn", "Lê Thị Lan").await;
        let tasks: Vec<_> = (0..12)
            .map(|i| {
                let who = if i % 2 == 0 {
                    minh.clone()
                } else {
                    lan.clone()
                };
                let db = db.clone();
                tokio::spawn(async move { entries::start(&db, &who, CONTEST).await })
            })
            .collect();
        let mut codes = Vec::new();
        let mut refused = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(code) => codes.push(code),
                Err(e) => {
                    assert!(matches!(
                        e.first_problem(),
                        Some((None, Msg::EntriesPerPerson { max: 5 }))
                    ));
                    refused += 1;
                }
            }
        }
        codes.sort();
        let expected: Vec<String> = (1..=10).map(|n| format!("LS25-{n:04}")).collect();
        assert_eq!(codes, expected);
        assert_eq!(refused, 2);
        // A withdrawn entry frees its place.
        let mine = entries::mine(&db, &minh).await.unwrap();
        assert_eq!(mine.len(), 5);
        entries::withdraw(&db, &minh, &mine[0].code).await.unwrap();
        assert_eq!(
            entries::start(&db, &minh, CONTEST).await.unwrap(),
            "LS25-0011"
        );
    })
    .await;
}

#[tokio::test]
async fn a_withdrawn_entry_is_kept_read_only() {
    on_each_database(|db| async move {
        open_contest(&db).await;
        let minh = person(&db, "minh@example.vn", "Trần Văn Minh").await;
        let code = entries::start(&db, &minh, CONTEST).await.unwrap();
        entries::save(&db, &minh, &code, 1, complete("Rau sạch", "AG"), true)
            .await
            .unwrap();
        entries::withdraw(&db, &minh, &code).await.unwrap();
        let view = entries::get(&db, &minh, &code).await.unwrap();
        assert_eq!(view.status, EntryStatus::Withdrawn);
        assert!(!view.editable && !view.withdrawable);
        assert_eq!(view.fields.title, "Rau sạch");
        let again =
            entries::save(&db, &minh, &code, view.version, complete("x", "AG"), false).await;
        assert_eq!(reason(again), Msg::EntryWithdrawn);
        assert_eq!(
            reason(entries::withdraw(&db, &minh, &code).await),
            Msg::EntryWithdrawn
        );
        assert!(
            audit_kinds(&db)
                .await
                .contains(&"entry.withdrawn".to_owned())
        );
    })
    .await;
}

/// Invites `email` to `CONTEST` as `role` and answers the new member's actor.
async fn member(
    db: &DatabaseConnection,
    admin: &Actor,
    email: &str,
    role: Role,
    categories: &str,
) -> Actor {
    common::member_of(db, admin, CONTEST, role, categories, email).await
}

#[tokio::test]
async fn someone_elses_entry_looks_missing_and_only_its_lead_changes_it() {
    on_each_database(|db| async move {
        let admin = open_contest(&db).await;
        let minh = person(&db, "minh@example.vn", "Trần Văn Minh").await;
        let lan = person(&db, "lan@example.vn", "Lê Thị Lan").await;
        let code = entries::start(&db, &minh, CONTEST).await.unwrap();
        entries::save(
            &db,
            &minh,
            &code,
            1,
            complete("Chè Shan tuyết", "AG"),
            false,
        )
        .await
        .unwrap();
        let committee = member(&db, &admin, "btc@example.vn", Role::Committee, "").await;
        let sub_it = member(&db, &admin, "it@example.vn", Role::SubCommittee, "IT").await;
        let sub_ag = member(&db, &admin, "ag@example.vn", Role::SubCommittee, "AG").await;
        let judge = member(&db, &admin, "gk@example.vn", Role::Judge, "").await;

        // Another founder, a judge and a sub-committee of another category: as if missing.
        for who in [&lan, &judge, &sub_it] {
            assert!(matches!(
                entries::get(&db, who, &code).await,
                Err(ServiceError::NotFound)
            ));
            assert!(matches!(
                entries::save(&db, who, &code, 2, complete("x", "AG"), false).await,
                Err(ServiceError::NotFound)
            ));
            assert!(matches!(
                entries::withdraw(&db, who, &code).await,
                Err(ServiceError::NotFound)
            ));
        }
        assert!(matches!(
            entries::get(&db, &lan, "LS25-9999").await,
            Err(ServiceError::NotFound)
        ));
        assert!(matches!(
            entries::get(&db, &Actor::Anonymous, &code).await,
            Err(ServiceError::Unauthenticated)
        ));
        // The committee and the right sub-committee read it; they do not write it.
        for who in [&committee, &sub_ag, &admin] {
            let view = entries::get(&db, who, &code).await.unwrap();
            assert_eq!(view.fields.title, "Chè Shan tuyết");
            assert!(!view.editable && !view.withdrawable);
            assert!(matches!(
                entries::save(&db, who, &code, 2, complete("x", "AG"), false).await,
                Err(ServiceError::Forbidden)
            ));
        }
        // Founders and judges list no contest's entries.
        for who in [&lan, &judge] {
            assert!(matches!(
                entries::list(
                    &db,
                    who,
                    CONTEST,
                    &EntryFilter::default(),
                    PageRequest::new(None, 50)
                )
                .await,
                Err(ServiceError::Forbidden)
            ));
        }
    })
    .await;
}

#[tokio::test]
async fn the_committees_list_filters_sorts_and_finds_titles_without_accents() {
    on_each_database(|db| async move {
        let admin = open_contest(&db).await;
        let founders = [
            (
                "minh@example.vn",
                "Trần Văn Minh",
                "Nông nghiệp sạch Đồng Đăng",
                "AG",
                true,
            ),
            (
                "lan@example.vn",
                "Lê Thị Lan",
                "Ứng dụng du lịch Lạng Sơn",
                "IT",
                true,
            ),
            (
                "hoa@example.vn",
                "Nguyễn Thị Hoa",
                "Bản đồ nông sản số",
                "IT",
                false,
            ),
        ];
        for (email, name, title, category, submit) in founders {
            let who = person(&db, email, name).await;
            let code = entries::start(&db, &who, CONTEST).await.unwrap();
            entries::save(&db, &who, &code, 1, complete(title, category), submit)
                .await
                .unwrap();
        }
        let list = |who: Actor, filter: EntryFilter| {
            let db = db.clone();
            async move {
                let (rows, total) =
                    entries::list(&db, &who, CONTEST, &filter, PageRequest::new(None, 50))
                        .await
                        .unwrap();
                assert_eq!(rows.len() as u64, total);
                rows.into_iter().map(|r| r.title).collect::<Vec<_>>()
            }
        };
        let q = |q: &str| EntryFilter {
            q: Some(q.into()),
            ..EntryFilter::default()
        };
        assert_eq!(
            list(admin.clone(), q("nong nghiep")).await,
            ["Nông nghiệp sạch Đồng Đăng"]
        );
        assert_eq!(
            list(admin.clone(), q("NÔNG")).await,
            ["Nông nghiệp sạch Đồng Đăng", "Bản đồ nông sản số"]
        );
        assert_eq!(list(admin.clone(), q("dong dang")).await.len(), 1);
        assert_eq!(list(admin.clone(), q("le thi lan")).await.len(), 1);
        assert_eq!(
            list(admin.clone(), q("ls25-0003")).await,
            ["Bản đồ nông sản số"]
        );
        assert!(list(admin.clone(), q("100%")).await.is_empty());
        let submitted_it = EntryFilter {
            status: Some("submitted".into()),
            category: Some("it".into()),
            ..EntryFilter::default()
        };
        assert_eq!(
            list(admin.clone(), submitted_it).await,
            ["Ứng dụng du lịch Lạng Sơn"]
        );
        let unknown = EntryFilter {
            category: Some("FOOD".into()),
            ..EntryFilter::default()
        };
        assert!(list(admin.clone(), unknown).await.is_empty());
        let by_title = EntryFilter {
            sort: Some("title".into()),
            ..EntryFilter::default()
        };
        assert_eq!(
            list(admin.clone(), by_title).await,
            [
                "Bản đồ nông sản số",
                "Nông nghiệp sạch Đồng Đăng",
                "Ứng dụng du lịch Lạng Sơn"
            ]
        );
        // A sub-committee lists its own categories only.
        let sub_it = member(&db, &admin, "it@example.vn", Role::SubCommittee, "IT").await;
        assert_eq!(
            list(sub_it, EntryFilter::default()).await,
            ["Ứng dụng du lịch Lạng Sơn", "Bản đồ nông sản số"]
        );
    })
    .await;
}

/// Inserts `n` submitted entries of `lead` straight into the table (a fixture, not a use
/// case).
async fn bulk_entries(db: &DatabaseConnection, lead: uuid::Uuid, n: i32) {
    let c = contests::by_code(db, CONTEST).await.unwrap();
    let now = Utc::now();
    let rows: Vec<entry::ActiveModel> = (1..=n)
        .map(|i| {
            let code = entries::entry_code(CONTEST, i);
            entry::ActiveModel {
                id: sea_orm::Set(uuid::Uuid::now_v7()),
                contest_id: sea_orm::Set(c.id),
                category_id: sea_orm::Set(None),
                number: sea_orm::Set(i),
                search: sea_orm::Set(format!("{} y tuong so {i}", code.to_lowercase())),
                code: sea_orm::Set(code),
                lead_id: sea_orm::Set(lead),
                status: sea_orm::Set(EntryStatus::Submitted),
                title: sea_orm::Set(format!("Ý tưởng số {i}")),
                summary: sea_orm::Set(String::new()),
                problem: sea_orm::Set(String::new()),
                solution: sea_orm::Set(String::new()),
                market: sea_orm::Set(String::new()),
                business_model: sea_orm::Set(String::new()),
                stage: sea_orm::Set(None),
                version: sea_orm::Set(1),
                title_key: sea_orm::Set(format!("y tuong so {i}")),
                created_at: sea_orm::Set(now),
                updated_at: sea_orm::Set(now),
                submitted_at: sea_orm::Set(Some(now)),
                ..Default::default()
            }
        })
        .collect();
    for chunk in rows.chunks(200) {
        entry::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_page_of_the_list_takes_as_many_queries_at_a_thousand_entries_as_at_ten() {
    on_each_database(|db| async move {
        let admin = open_contest(&db).await;
        let lead = user::Entity::find()
            .filter(user::Column::Email.eq("admin@so-khcn.vn"))
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .id;
        let mut counted = Vec::new();
        for n in [10, 1000] {
            entry::Entity::delete_many().exec(&db).await.unwrap();
            bulk_entries(&db, lead, n).await;
            let queries = Arc::new(AtomicUsize::new(0));
            let mut watched = db.clone();
            let seen = queries.clone();
            watched.set_metric_callback(move |_| {
                seen.fetch_add(1, Ordering::SeqCst);
            });
            let filter = EntryFilter {
                q: Some("y tuong".into()),
                ..EntryFilter::default()
            };
            let (rows, total) = entries::list(
                &watched,
                &admin,
                CONTEST,
                &filter,
                PageRequest::new(Some(2), 5),
            )
            .await
            .unwrap();
            assert_eq!(total, n as u64);
            assert_eq!(rows.len(), 5);
            counted.push(queries.load(Ordering::SeqCst));
        }
        assert_eq!(counted[0], counted[1], "queries at 10 and at 1,000 entries");
    })
    .await;
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[tokio::test]
async fn the_demo_fills_a_contest_with_drafts_submitted_and_withdrawn_entries_and_an_account_of_each_role()
 {
    use app::ssr::services::demo;
    use sea_orm::PaginatorTrait;
    on_each_database(|db| async move {
        let files = std::env::temp_dir().join(format!("jurydesk-demo-{}", uuid::Uuid::now_v7()));
        let size = demo::Size {
            entries: 100,
            judges: 20,
        };
        let made = demo::fill(&db, size, "http://x", &files).await.unwrap();
        assert_eq!((made.contest.as_str(), made.entries), ("LS25", 100));
        let roles: Vec<&str> = made.accounts.iter().map(|a| a.role).collect();
        assert_eq!(
            roles,
            ["admin", "committee", "sub_committee", "judge", "founder"]
        );
        let count = |status: EntryStatus| {
            let db = db.clone();
            async move {
                entry::Entity::find()
                    .filter(entry::Column::Status.eq(status))
                    .filter(entry::Column::Code.starts_with("LS25-"))
                    .count(&db)
                    .await
                    .unwrap()
            }
        };
        let (drafts, submitted, withdrawn) = (
            count(EntryStatus::Draft).await,
            count(EntryStatus::Submitted).await,
            count(EntryStatus::Withdrawn).await,
        );
        assert_eq!(drafts + submitted + withdrawn, 100);
        // Last year's contest ends published: both rounds, prizes in the final, the founder
        // who signs in reading their entry's result and its feedback.
        let past = app::ssr::services::publication::public_results(
            &db,
            "LS24",
            app::ssr::services::publication::Detail::Entries,
            app::domain::Lang::Vi,
        )
        .await
        .unwrap();
        assert_eq!(past.rounds.len(), 2);
        assert!(past.rounds[0].is_final && !past.rounds[1].is_final);
        let winners: usize = past.rounds[0]
            .categories
            .iter()
            .map(|g| g.winners.len())
            .sum();
        let finalists: usize = past.rounds[1]
            .categories
            .iter()
            .map(|g| g.others.len())
            .sum();
        assert!(
            winners >= 6 && finalists == 12,
            "{winners} winners, {finalists} finalists"
        );
        let founder = user::Entity::find()
            .filter(user::Column::Email.eq(made.accounts[4].email.as_str()))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let founder = app::ssr::actor::load(&db, founder).await.unwrap();
        let results = app::ssr::services::publication::entry_results_for(
            &db,
            &founder,
            "LS24-0001",
            app::domain::Lang::Vi,
        )
        .await
        .unwrap();
        assert!(
            !results.is_empty() && !results[0].feedback.is_empty(),
            "{results:?}"
        );
        assert!(
            drafts >= 5 && withdrawn >= 2,
            "{drafts} drafts, {withdrawn} withdrawn"
        );
        // Some entries carry a business plan, stored as uploads are; some are not eligible.
        let plans = app::ssr::entities::attachment::Entity::find()
            .count(&db)
            .await
            .unwrap();
        assert_eq!(plans, 20);
        let stored = walk(&files);
        assert_eq!(stored.len(), 20);
        assert!(std::fs::read(&stored[0]).unwrap().starts_with(b"%PDF-1.4"));
        let ineligible = entry::Entity::find()
            .filter(entry::Column::Eligibility.eq("ineligible"))
            .count(&db)
            .await
            .unwrap();
        assert!(ineligible > 0 && ineligible < 60, "{ineligible}");
        std::fs::remove_dir_all(&files).unwrap();
        // Every account signs in with the printed password; the committee finds entries
        // typed without accents, and the batched ones are numbered on from the others.
        for account in &made.accounts {
            accounts::sign_in(&db, &account.email, &made.password, "10.0.0.9")
                .await
                .unwrap_or_else(|e| panic!("{}: {e:?}", account.email));
        }
        let committee = {
            let user = user::Entity::find()
                .filter(user::Column::Email.eq(made.accounts[1].email.as_str()))
                .one(&db)
                .await
                .unwrap()
                .unwrap();
            actor::load(&db, user).await.unwrap()
        };
        let filter = EntryFilter {
            q: Some("tra hoa vang".into()),
            ..EntryFilter::default()
        };
        let (rows, total) =
            entries::list(&db, &committee, "LS25", &filter, PageRequest::new(None, 50))
                .await
                .unwrap();
        assert!(
            total > 0 && rows[0].title.starts_with("Trà hoa vàng"),
            "{rows:?}"
        );
        assert!(entries::get(&db, &committee, "LS25-0100").await.is_ok());
        // Twenty judges with profiles (nine of the story, eleven in a batch), the judge's two
        // declared conflicts, and round 1 assigned: every entry in it has its three judges,
        // none it conflicts with.
        use app::model::judging::PlanMode;
        use app::ssr::services::{assignment, conflicts, judges};
        let jury = judges::jury(&db, &committee, "LS25").await.unwrap();
        assert_eq!(jury.judges.len(), 20);
        assert!(
            jury.judges
                .iter()
                .all(|j| !j.organisation.is_empty() && j.rounds == [1])
        );
        let found = conflicts::committee_view(&db, &committee, "LS25")
            .await
            .unwrap();
        let declared = found
            .rows
            .iter()
            .filter(|r| {
                r.reasons
                    .contains(&app::domain::assignment::ConflictReason::Declared)
            })
            .count();
        assert_eq!(declared, 2);
        assert!(
            found.rows.len() > 2,
            "detected conflicts too: {}",
            found.rows.len()
        );
        let view = assignment::view(&db, &committee, "LS25", 1, None)
            .await
            .unwrap();
        assert!(view.entries_in_round > 40);
        assert_eq!(view.entries_complete, view.entries_in_round);
        assert_eq!(u64::from(made.assignment.assignments), view.assignments);
        let again = assignment::preview(&db, &committee, "LS25", 1, PlanMode::Fill)
            .await
            .unwrap();
        assert_eq!((again.added, again.removed), (0, 0));
        // Scores: submitted and draft sheets (the signed-in judge has two in and one in draft),
        // and one entry flagged for the committee.
        use app::ssr::services::{discrepancies, judging, progress};
        let progress = progress::view(
            &db,
            &committee,
            "LS25",
            1,
            app::model::progress::ProgressQuery {
                filter: app::model::progress::EntryFilter::All,
                ..Default::default()
            },
            app::domain::Lang::Vi,
            "http://x",
        )
        .await
        .unwrap();
        assert_eq!(progress.submitted + progress.drafts, made.assignment.sheets);
        assert!(progress.submitted > progress.drafts && progress.drafts > 0);
        let judge = {
            let user = user::Entity::find()
                .filter(user::Column::Email.eq("judge1@jury.demo.jurydesk.vn"))
                .one(&db)
                .await
                .unwrap()
                .unwrap();
            actor::load(&db, user).await.unwrap()
        };
        let work = judging::workspace(&db, &judge).await.unwrap();
        let states: Vec<_> = work.rounds[0]
            .entries
            .iter()
            .filter_map(|e| e.sheet)
            .collect();
        assert_eq!(states.len(), 3, "{states:?}");
        let queue = discrepancies::queue(&db, &committee, "LS25", 1)
            .await
            .unwrap();
        assert_eq!(queue.open, 1);
        // A second run on the same database is refused rather than doubling the data.
        assert!(
            demo::fill(
                &db,
                demo::Size::default(),
                "http://x",
                &std::env::temp_dir()
            )
            .await
            .is_err()
        );
    })
    .await;
}

#[tokio::test]
async fn a_lead_lists_the_team_and_members_with_accounts_read_the_entry_but_do_not_change_it() {
    use app::model::MemberFields;
    on_each_database(|db| async move {
        open_contest(&db).await;
        let minh = person(&db, "minh@example.vn", "Trần Văn Minh").await;
        let lan = person(&db, "lan@example.vn", "Lê Thị Lan").await;
        let stranger = person(&db, "hoa@example.vn", "Nguyễn Thị Hoa").await;
        let code = entries::start(&db, &minh, CONTEST).await.unwrap();
        let member = |name: &str, email: &str| MemberFields {
            name: name.into(),
            email: email.into(),
            organisation: "Trường Cao đẳng Lạng Sơn".into(),
            role: "Kỹ thuật".into(),
        };
        // Every row at fault is named; blank rows are dropped.
        let bad = EntryFields {
            members: vec![
                member("", "lan@example.vn"),
                MemberFields::default(),
                member("Phạm Hùng", "not an email"),
            ],
            ..complete("Rau thủy canh", "AG")
        };
        match entries::save(&db, &minh, &code, 1, bad, false).await {
            Err(ServiceError::Invalid(problems)) => assert_eq!(
                problems
                    .iter()
                    .map(|p| p.path.as_deref().unwrap())
                    .collect::<Vec<_>>(),
                ["members[0].name", "members[2].email"]
            ),
            other => panic!("expected the two rows named, got {other:?}"),
        }
        let team = EntryFields {
            members: vec![
                member("Lê Thị Lan", " LAN@example.vn "),
                MemberFields::default(),
                member("Phạm Hùng", ""),
            ],
            ..complete("Rau thủy canh", "AG")
        };
        entries::save(&db, &minh, &code, 1, team, true)
            .await
            .unwrap();
        let view = entries::get(&db, &minh, &code).await.unwrap();
        assert_eq!(view.fields.members.len(), 2);
        assert_eq!(view.fields.members[0].email, "lan@example.vn");

        // Lan has an account under her email: she reads it and finds it among her entries.
        let seen = entries::get(&db, &lan, &code).await.unwrap();
        assert!(!seen.editable && !seen.withdrawable);
        assert_eq!(entries::mine(&db, &lan).await.unwrap()[0].code, code);
        assert!(matches!(
            entries::save(&db, &lan, &code, seen.version, complete("x", "AG"), false).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            entries::get(&db, &stranger, &code).await,
            Err(ServiceError::NotFound)
        ));

        // A second tab that changed only the team is told the team differs.
        let other_tab = EntryFields {
            members: vec![member("Đỗ Minh", "")],
            ..complete("Rau thủy canh", "AG")
        };
        match entries::save(&db, &minh, &code, 1, other_tab, false).await {
            Err(ServiceError::Conflict(problems)) => {
                assert_eq!(problems.len(), 2, "{problems:?}");
                assert_eq!(problems[1].path.as_deref(), Some("members"));
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
    })
    .await;
}
