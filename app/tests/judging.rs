//! Judges, conflicts of interest and a round's assignment against a real database, SQLite and
//! PostgreSQL (SCORING.md §2, §9).

mod common;

use app::domain::Lang;
use app::model::judging::{JudgeProfileForm, PlanMode};
use app::model::progress::{EntryFilter, ProgressQuery};
use app::ssr::entities::{assignment, sheet};
use app::ssr::messages::{Msg, ServiceError};
use app::ssr::services::assignment::{self as assign, Change};
use app::ssr::services::{
    conflicts, contests, discrepancies, entries, judges, judging, progress, sheets,
};
use chrono::Utc;
use common::entries::{CONTEST, open_contest};
use common::judging::*;
use common::on_each_database;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait, PaginatorTrait};
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use uuid::Uuid;

/// (entry number, judge) pairs assigned in round 1.
async fn pairs(db: &DatabaseConnection) -> HashSet<(Uuid, Uuid)> {
    assignment::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.entry_id, a.judge_id))
        .collect()
}

/// A started sheet (a fixture until judges save sheets through the service).
async fn start_sheet(db: &DatabaseConnection, entry_id: Uuid, judge_id: Uuid, state: &str) {
    let round_id = assignment::Entity::find()
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .round_id;
    let now = Utc::now();
    sheet::Entity::insert(sheet::ActiveModel {
        id: Set(Uuid::now_v7()),
        round_id: Set(round_id),
        entry_id: Set(entry_id),
        judge_id: Set(judge_id),
        state: Set(state.into()),
        version: Set(1),
        scores: Set("{}".into()),
        comments: Set("{}".into()),
        overall_comment: Set(String::new()),
        committee_note: Set(String::new()),
        founder_feedback: Set(String::new()),
        state_reason: Set(String::new()),
        created_at: Set(now),
        updated_at: Set(now),
        submitted_at: Set(None),
    })
    .exec(db)
    .await
    .unwrap();
}

#[tokio::test]
async fn the_preview_deals_the_round_among_its_judges_and_applying_writes_exactly_that() {
    on_each_database(|db| async move {
        let r = round(&db, 6).await;
        let preview = assign::preview(&db, &r.admin, CONTEST, 1, PlanMode::Fill)
            .await
            .unwrap();
        assert_eq!(
            (preview.entries, preview.judges, preview.judges_per_entry),
            (6, 4, 2)
        );
        assert_eq!(
            (preview.assignments, preview.added, preview.removed),
            (12, 12, 0)
        );
        assert!(preview.is_complete());
        // J1 and entry 1 share an organisation: the one conflict, kept apart.
        assert_eq!(preview.conflicts_avoided, 1);
        assert_eq!(preview.judge_groups, 1);
        let loads: Vec<u32> = preview.loads.iter().map(|l| l.load).collect();
        assert_eq!(loads.iter().sum::<u32>(), 12);
        assert!(
            preview
                .loads
                .iter()
                .all(|l| l.max_load.is_none_or(|m| l.load <= m))
        );
        // Nothing is written by a preview.
        assert!(pairs(&db).await.is_empty());

        let applied = assign::apply(
            &db,
            &r.admin,
            CONTEST,
            1,
            PlanMode::Fill,
            &preview.fingerprint,
        )
        .await
        .unwrap();
        assert_eq!(applied, preview);
        let written = pairs(&db).await;
        assert_eq!(written.len(), 12);
        assert!(!written.contains(&(entry_id(&db, 1).await, r.judge(0))));
        let view = assign::view(&db, &r.admin, CONTEST, 1, None).await.unwrap();
        assert_eq!(
            (
                view.entries_in_round,
                view.entries_complete,
                view.assignments
            ),
            (6, 6, 12)
        );
        assert!(view.entries.items.iter().all(|e| e.judges.len() == 2));
        assert_eq!(audit_kinds(&db).await.last().unwrap(), "assignment.applied");

        // Planning again with nothing changed changes nothing.
        let again = assign::preview(&db, &r.admin, CONTEST, 1, PlanMode::Fill)
            .await
            .unwrap();
        assert_eq!((again.added, again.removed, again.kept), (0, 0, 12));
    })
    .await;
}

#[tokio::test]
async fn a_judge_who_drops_out_is_replaced_without_touching_anyone_else() {
    on_each_database(|db| async move {
        let r = round(&db, 6).await;
        apply(&db, &r.admin, PlanMode::Fill).await;
        let before = pairs(&db).await;
        let gone = r.judge(3);
        let staying: Vec<Uuid> = (0..3).map(|i| r.judge(i)).collect();
        judges::set_round_judges(&db, &r.admin, CONTEST, 1, &staying)
            .await
            .unwrap();
        let preview = assign::preview(&db, &r.admin, CONTEST, 1, PlanMode::Fill)
            .await
            .unwrap();
        let dropped = before.iter().filter(|(_, j)| *j == gone).count() as u32;
        assert_eq!((preview.removed, preview.added), (dropped, dropped));
        assign::apply(
            &db,
            &r.admin,
            CONTEST,
            1,
            PlanMode::Fill,
            &preview.fingerprint,
        )
        .await
        .unwrap();
        let after = pairs(&db).await;
        let kept: HashSet<_> = before.iter().filter(|(_, j)| *j != gone).copied().collect();
        assert!(kept.is_subset(&after), "every other assignment stays");
        assert!(after.iter().all(|(_, j)| *j != gone));
        assert_eq!(after.len(), 12);
        // "Choose every judge" brings them back for the next plan.
        judges::choose_whole_jury(&db, &r.admin, CONTEST, 1)
            .await
            .unwrap();
        let view = assign::view(&db, &r.admin, CONTEST, 1, None).await.unwrap();
        assert!(view.judges.iter().all(|j| j.chosen));
    })
    .await;
}

#[tokio::test]
async fn planning_afresh_keeps_only_the_assignments_whose_sheets_are_started() {
    on_each_database(|db| async move {
        let r = round(&db, 6).await;
        apply(&db, &r.admin, PlanMode::Fill).await;
        let started: Vec<(Uuid, Uuid)> = pairs(&db).await.into_iter().take(2).collect();
        for (e, j) in &started {
            start_sheet(&db, *e, *j, "draft").await;
        }
        let preview = assign::preview(&db, &r.admin, CONTEST, 1, PlanMode::Replan)
            .await
            .unwrap();
        assert_eq!(preview.kept, 2);
        assign::apply(
            &db,
            &r.admin,
            CONTEST,
            1,
            PlanMode::Replan,
            &preview.fingerprint,
        )
        .await
        .unwrap();
        let after = pairs(&db).await;
        assert!(started.iter().all(|p| after.contains(p)));
        assert_eq!(after.len(), 12);
    })
    .await;
}

#[tokio::test]
async fn applying_a_preview_after_the_round_changed_is_refused_and_writes_nothing() {
    on_each_database(|db| async move {
        let r = round(&db, 6).await;
        let preview = assign::preview(&db, &r.admin, CONTEST, 1, PlanMode::Fill)
            .await
            .unwrap();
        bulk_entries(&db, r.admin.id().unwrap(), 7, 1).await;
        assert_eq!(
            reason(
                assign::apply(
                    &db,
                    &r.admin,
                    CONTEST,
                    1,
                    PlanMode::Fill,
                    &preview.fingerprint
                )
                .await
            ),
            Msg::PlanChanged
        );
        assert!(pairs(&db).await.is_empty());
        // A round without judges says so rather than planning nothing.
        judges::set_round_judges(&db, &r.admin, CONTEST, 1, &[])
            .await
            .unwrap();
        assert_eq!(
            reason(assign::preview(&db, &r.admin, CONTEST, 1, PlanMode::Fill).await),
            Msg::NoRoundJudges
        );
    })
    .await;
}

#[tokio::test]
async fn changes_by_hand_keep_every_hard_rule_and_a_swap_is_one_change() {
    on_each_database(|db| async move {
        let r = round(&db, 6).await;
        let code = |n| entries::entry_code(CONTEST, n);
        let add = |n: i32, judge: Uuid| Change {
            entry_code: code(n),
            add: Some(judge),
            ..Change::default()
        };
        // J1 shares an organisation with entry 1's team.
        assert_eq!(
            reason(assign::change(&db, &r.admin, CONTEST, 1, &add(1, r.judge(0))).await),
            Msg::AssignmentConflict
        );
        assign::change(&db, &r.admin, CONTEST, 1, &add(1, r.judge(1)))
            .await
            .unwrap();
        assert_eq!(
            reason(assign::change(&db, &r.admin, CONTEST, 1, &add(1, r.judge(1))).await),
            Msg::AlreadyAssigned
        );
        assign::change(&db, &r.admin, CONTEST, 1, &add(1, r.judge(2)))
            .await
            .unwrap();
        assert_eq!(
            reason(assign::change(&db, &r.admin, CONTEST, 1, &add(1, r.judge(3))).await),
            Msg::EntryFull { k: 2 }
        );
        // J4 scores at most 2.
        assign::change(&db, &r.admin, CONTEST, 1, &add(2, r.judge(3)))
            .await
            .unwrap();
        assign::change(&db, &r.admin, CONTEST, 1, &add(3, r.judge(3)))
            .await
            .unwrap();
        assert_eq!(
            reason(assign::change(&db, &r.admin, CONTEST, 1, &add(4, r.judge(3))).await),
            Msg::JudgeAtMaxLoad { max: 2 }
        );
        assert_eq!(
            reason(assign::change(&db, &r.admin, CONTEST, 1, &add(99, r.judge(2))).await),
            Msg::EntryNotInRound
        );
        // A swap frees the place it fills, in one change.
        let swap = Change {
            entry_code: code(1),
            remove: Some(r.judge(2)),
            add: Some(r.judge(3)),
            note: "Đổi người theo đề nghị của giám khảo".into(),
            beyond_k: false,
        };
        assert_eq!(
            reason(assign::change(&db, &r.admin, CONTEST, 1, &swap).await),
            Msg::JudgeAtMaxLoad { max: 2 }
        );
        let swap = Change {
            add: Some(r.judge(0)),
            ..swap
        };
        assert_eq!(
            reason(assign::change(&db, &r.admin, CONTEST, 1, &swap).await),
            Msg::AssignmentConflict
        );
        // A judge not chosen for the round is refused.
        judges::set_round_judges(&db, &r.admin, CONTEST, 1, &[r.judge(1), r.judge(2)])
            .await
            .unwrap();
        assert_eq!(
            reason(assign::change(&db, &r.admin, CONTEST, 1, &add(5, r.judge(3))).await),
            Msg::JudgeNotInRound
        );
        // A started sheet keeps its assignment.
        start_sheet(&db, entry_id(&db, 1).await, r.judge(1), "draft").await;
        let remove = Change {
            entry_code: code(1),
            remove: Some(r.judge(1)),
            ..Change::default()
        };
        assert_eq!(
            reason(assign::change(&db, &r.admin, CONTEST, 1, &remove).await),
            Msg::SheetStarted
        );
        let remove = Change {
            remove: Some(r.judge(2)),
            ..remove
        };
        assign::change(&db, &r.admin, CONTEST, 1, &remove)
            .await
            .unwrap();
        assert_eq!(pairs(&db).await.len(), 3);
        // Only the committee changes assignments.
        assert!(matches!(
            assign::change(&db, &r.judges[1], CONTEST, 1, &add(5, r.judge(1))).await,
            Err(ServiceError::Forbidden)
        ));
    })
    .await;
}

#[tokio::test]
async fn a_conflict_declared_after_a_sheet_voids_it_and_unstarted_assignments_go() {
    on_each_database(|db| async move {
        let r = round(&db, 4).await;
        let judge = &r.judges[1];
        let (e2, e3) = (entry_id(&db, 2).await, entry_id(&db, 3).await);
        for n in [2, 3] {
            let change = Change {
                entry_code: entries::entry_code(CONTEST, n),
                add: Some(r.judge(1)),
                ..Change::default()
            };
            assign::change(&db, &r.admin, CONTEST, 1, &change)
                .await
                .unwrap();
        }
        start_sheet(&db, e2, r.judge(1), "submitted").await;
        let code2 = entries::entry_code(CONTEST, 2);
        let code3 = entries::entry_code(CONTEST, 3);
        conflicts::declare(&db, judge, CONTEST, &code2, "Tôi từng tư vấn cho nhóm này.")
            .await
            .unwrap();
        conflicts::declare(&db, judge, CONTEST, &code3, "")
            .await
            .unwrap();
        // The submitted sheet is kept, void, with the reason; the other assignment is gone.
        let sheet = sheet::Entity::find().one(&db).await.unwrap().unwrap();
        assert_eq!(
            (sheet.state.as_str(), sheet.state_reason.as_str()),
            ("void", "Tôi từng tư vấn cho nhóm này.")
        );
        assert_eq!(pairs(&db).await, HashSet::from([(e2, r.judge(1))]));
        let _ = e3;
        // The judge's list leaves both out; their declarations are listed.
        let work = judging::workspace(&db, judge).await.unwrap();
        assert!(work.rounds.is_empty());
        let page = conflicts::declare_view(&db, judge, CONTEST, "", None)
            .await
            .unwrap();
        assert_eq!(
            page.declared
                .iter()
                .map(|e| e.code.clone())
                .collect::<Vec<_>>(),
            vec![code2.clone(), code3]
        );
        // Declaring twice changes nothing; the audit log says what happened once.
        conflicts::declare(&db, judge, CONTEST, &code2, "")
            .await
            .unwrap();
        let kinds = audit_kinds(&db).await;
        assert_eq!(
            kinds.iter().filter(|k| *k == "conflict.declared").count(),
            2
        );
        // The manual change refuses the pair from now on.
        let change = Change {
            entry_code: code2,
            add: Some(r.judge(1)),
            ..Change::default()
        };
        assert_eq!(
            reason(assign::change(&db, &r.admin, CONTEST, 1, &change).await),
            Msg::AlreadyAssigned
        );
    })
    .await;
}

#[tokio::test]
async fn the_committee_sees_each_conflict_with_its_reason_and_lifts_one_with_a_reason() {
    on_each_database(|db| async move {
        let r = round(&db, 3).await;
        let view = conflicts::committee_view(&db, &r.admin, CONTEST)
            .await
            .unwrap();
        assert_eq!(view.rows.len(), 1);
        let row = &view.rows[0];
        assert_eq!(
            (row.entry_code.as_str(), row.judge_id, row.holds()),
            (entries::entry_code(CONTEST, 1).as_str(), r.judge(0), true)
        );
        assert!(matches!(
            row.reasons[0],
            app::domain::assignment::ConflictReason::SameOrganisation { .. }
        ));
        let code1 = entries::entry_code(CONTEST, 1);
        assert_eq!(
            reason(
                conflicts::record(&db, &r.admin, CONTEST, r.judge(0), &code1, "lift", " ").await
            ),
            Msg::Reason
        );
        assert_eq!(
            reason(
                conflicts::record(&db, &r.admin, CONTEST, r.judge(0), &code1, "forget", "x").await
            ),
            Msg::ConflictAction
        );
        conflicts::record(
            &db,
            &r.admin,
            CONTEST,
            r.judge(0),
            &code1,
            "lift",
            "Khác khoa, không cùng đơn vị công tác.",
        )
        .await
        .unwrap();
        let view = conflicts::committee_view(&db, &r.admin, CONTEST)
            .await
            .unwrap();
        assert!(!view.rows[0].holds());
        // Lifted, the pair may be assigned; recorded again, it may not.
        let add = Change {
            entry_code: code1.clone(),
            add: Some(r.judge(0)),
            ..Change::default()
        };
        assign::change(&db, &r.admin, CONTEST, 1, &add)
            .await
            .unwrap();
        conflicts::record(
            &db,
            &r.admin,
            CONTEST,
            r.judge(1),
            &code1,
            "add",
            "Họ hàng của trưởng nhóm.",
        )
        .await
        .unwrap();
        let add2 = Change {
            entry_code: code1,
            add: Some(r.judge(1)),
            ..Change::default()
        };
        assert_eq!(
            reason(assign::change(&db, &r.admin, CONTEST, 1, &add2).await),
            Msg::AssignmentConflict
        );
        let kinds = audit_kinds(&db).await;
        assert!(kinds.contains(&"conflict.lifted".to_string()));
        assert!(kinds.contains(&"conflict.added".to_string()));
        // Judges and sub-committees do not read the conflicts page.
        assert!(matches!(
            conflicts::committee_view(&db, &r.judges[0], CONTEST).await,
            Err(ServiceError::Forbidden)
        ));
    })
    .await;
}

#[tokio::test]
async fn a_judge_declares_from_codes_and_titles_and_only_judges_declare() {
    on_each_database(|db| async move {
        let r = round(&db, 12).await;
        let page = conflicts::declare_view(&db, &r.judges[0], CONTEST, "so 11", None)
            .await
            .unwrap();
        assert_eq!(
            page.entries
                .items
                .iter()
                .map(|e| e.code.clone())
                .collect::<Vec<_>>(),
            vec![entries::entry_code(CONTEST, 11)]
        );
        let all = conflicts::declare_view(&db, &r.judges[0], CONTEST, "", None)
            .await
            .unwrap();
        assert_eq!(all.entries.total, 12);
        // The committee is not a judge, nor an administrator.
        assert!(matches!(
            conflicts::declare(&db, &r.admin, CONTEST, &entries::entry_code(CONTEST, 1), "").await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            judging::workspace(&db, &r.admin).await,
            Err(ServiceError::Forbidden)
        ));
    })
    .await;
}

#[tokio::test]
async fn a_judges_profile_comes_from_the_invitation_and_the_committee_changes_it() {
    on_each_database(|db| async move {
        let admin = open_contest(&db).await;
        let c = contests::by_code(&db, CONTEST).await.unwrap();
        let link = app::ssr::services::invitations::invite(
            &db,
            &admin,
            app::ssr::services::invitations::NewInvitation {
                contest_id: c.id,
                email: "chuyen-gia@vnu.edu.vn",
                role: "judge",
                categories: "AG",
                name: "Phạm Thu Hà",
                organisation: "Đại học Quốc gia Hà Nội",
                max_load: "15",
                lang: app::domain::Lang::Vi,
            },
            "http://x",
        )
        .await
        .unwrap();
        let jury = judges::jury(&db, &admin, CONTEST).await.unwrap();
        assert_eq!(
            (
                jury.invited[0].organisation.as_str(),
                jury.invited[0].expertise.clone(),
                jury.invited[0].max_load
            ),
            ("Đại học Quốc gia Hà Nội", vec!["AG".to_string()], Some(15))
        );
        let token = link.split("token=").nth(1).unwrap();
        // The name the committee gave is listed and offered on the acceptance page.
        assert_eq!(jury.invited[0].name, "Phạm Thu Hà");
        let offered = app::ssr::services::invitations::view(&db, token)
            .await
            .unwrap();
        assert_eq!(offered.name, "Phạm Thu Hà");
        app::ssr::services::invitations::accept_with_new_account(
            &db,
            token,
            "Phạm Thu Hà",
            "ngựa-vằn-ăn-cỏ",
            app::domain::Lang::Vi,
        )
        .await
        .unwrap();
        let jury = judges::jury(&db, &admin, CONTEST).await.unwrap();
        let judge = &jury.judges[0];
        assert_eq!(
            (
                judge.name.as_str(),
                judge.organisation.as_str(),
                judge.expertise.clone(),
                judge.max_load
            ),
            (
                "Phạm Thu Hà",
                "Đại học Quốc gia Hà Nội",
                vec!["AG".to_string()],
                Some(15)
            )
        );
        let bad = JudgeProfileForm {
            organisation: "x".into(),
            expertise: "ZZ".into(),
            max_load: "0".into(),
        };
        match judges::update_profile(&db, &admin, CONTEST, judge.id, &bad).await {
            Err(ServiceError::Invalid(problems)) => assert_eq!(
                problems
                    .iter()
                    .map(|p| p.path.clone().unwrap())
                    .collect::<Vec<_>>(),
                vec!["max_load", "expertise"]
            ),
            other => panic!("{other:?}"),
        }
        let good = JudgeProfileForm {
            organisation: "Viện Cơ điện Nông nghiệp".into(),
            expertise: "AG, IT".into(),
            max_load: String::new(),
        };
        judges::update_profile(&db, &admin, CONTEST, judge.id, &good)
            .await
            .unwrap();
        let jury = judges::jury(&db, &admin, CONTEST).await.unwrap();
        assert_eq!(
            (jury.judges[0].expertise.clone(), jury.judges[0].max_load),
            (vec!["AG".to_string(), "IT".to_string()], None)
        );
        assert_eq!(audit_kinds(&db).await.last().unwrap(), "judge.updated");
    })
    .await;
}

#[tokio::test]
async fn parallel_hand_changes_never_give_an_entry_more_than_k_judges() {
    on_each_database(|db| async move {
        let r = round(&db, 2).await;
        let db = Arc::new(db);
        let admin = Arc::new(r.admin.clone());
        let mut tasks = Vec::new();
        for i in 1..4 {
            let (db, admin) = (db.clone(), admin.clone());
            let judge = r.judge(i);
            tasks.push(tokio::spawn(async move {
                let change = Change {
                    entry_code: entries::entry_code(CONTEST, 2),
                    add: Some(judge),
                    ..Change::default()
                };
                assign::change(&db, &admin, CONTEST, 1, &change).await
            }));
        }
        let mut refused = Vec::new();
        for t in tasks {
            if let Err(e) = t.await.unwrap() {
                refused.push(reason::<()>(Err(e)));
            }
        }
        assert_eq!(refused, vec![Msg::EntryFull { k: 2 }]);
        assert_eq!(pairs(&db).await.len(), 2);
    })
    .await;
}

#[tokio::test]
async fn judging_pages_take_as_many_queries_at_a_thousand_entries_as_at_ten() {
    on_each_database(|db| async move {
        let r = round(&db, 10).await;
        let mut counted = Vec::new();
        for extra in [0, 990] {
            if extra > 0 {
                bulk_entries(&db, r.admin.id().unwrap(), 11, extra).await;
            }
            apply(&db, &r.admin, PlanMode::Fill).await;
            let queries = Arc::new(AtomicUsize::new(0));
            let mut watched = db.clone();
            let seen = queries.clone();
            watched.set_metric_callback(move |_| {
                seen.fetch_add(1, Ordering::SeqCst);
            });
            let view = assign::view(&watched, &r.admin, CONTEST, 1, None)
                .await
                .unwrap();
            assert_eq!(view.entries_in_round, 10 + extra as u64);
            counted.push(queries.load(Ordering::SeqCst));
            let queries = Arc::new(AtomicUsize::new(0));
            let seen = queries.clone();
            let mut watched = db.clone();
            watched.set_metric_callback(move |_| {
                seen.fetch_add(1, Ordering::SeqCst);
            });
            let work = judging::workspace(&watched, &r.judges[2]).await.unwrap();
            counted.push(queries.load(Ordering::SeqCst));
            // The judge's sheet page, the progress dashboard and the discrepancy queue.
            let first = work.rounds[0].entries[0].code.clone();
            let at = sheets::SheetAt {
                contest: CONTEST,
                position: 1,
                entry: &first,
            };
            for page in 0..3 {
                let queries = Arc::new(AtomicUsize::new(0));
                let seen = queries.clone();
                let mut watched = db.clone();
                watched.set_metric_callback(move |_| {
                    seen.fetch_add(1, Ordering::SeqCst);
                });
                match page {
                    0 => drop(sheets::open(&watched, &r.judges[2], at).await.unwrap()),
                    1 => drop(
                        progress::view(
                            &watched,
                            &r.admin,
                            CONTEST,
                            1,
                            ProgressQuery {
                                filter: EntryFilter::All,
                                ..ProgressQuery::default()
                            },
                            Lang::Vi,
                            "",
                        )
                        .await
                        .unwrap(),
                    ),
                    _ => drop(
                        discrepancies::queue(&watched, &r.admin, CONTEST, 1)
                            .await
                            .unwrap(),
                    ),
                }
                counted.push(queries.load(Ordering::SeqCst));
            }
        }
        let half = counted.len() / 2;
        assert_eq!(
            counted[..half],
            counted[half..],
            "queries at 10 and at 1,000 entries: assignment, workspace, sheet, progress, queue"
        );
        assert_eq!(assignment::Entity::find().count(&db).await.unwrap(), 2000);
    })
    .await;
}

#[tokio::test]
async fn a_jury_list_is_checked_line_by_line_and_invited_all_at_once_or_not_at_all() {
    use app::ssr::services::judge_import;
    on_each_database(|db| async move {
        let r = round(&db, 1).await;
        let bad = "email,Đơn vị công tác,expertise,max_load\n\
                   mai@vnu.edu.vn,Đại học Quốc gia,AG;IT,15\n\
                   khong-phai-email,,ZZ,0\n\
                   giam-khao-1@example.vn,,,\n\
                   mai@vnu.edu.vn,,,\n";
        let found = judge_import::import(
            &db,
            &r.admin,
            CONTEST,
            bad,
            true,
            "http://x",
            app::domain::Lang::Vi,
        )
        .await
        .unwrap();
        assert!(!found.applied);
        assert_eq!(found.rows, 4);
        let problems: Vec<(u64, &str, Msg)> = found
            .problems
            .iter()
            .map(|(line, column, msg)| (*line, column.as_str(), msg.clone()))
            .collect();
        assert_eq!(
            problems,
            vec![
                (
                    3,
                    "max_load",
                    Msg::NumberRange {
                        min: 1,
                        max: 10_000
                    }
                ),
                (3, "email", Msg::Email),
                (
                    3,
                    "expertise",
                    Msg::UnknownCategories { codes: "ZZ".into() }
                ),
                (4, "email", Msg::JudgeListed),
                (5, "email", Msg::JudgeListed),
            ]
        );
        let before = judges::jury(&db, &r.admin, CONTEST).await.unwrap();
        assert!(before.invited.is_empty());
        let good = "email,Họ và tên,Đơn vị công tác,expertise,max_load\n\
                    mai@vnu.edu.vn,Hoàng Thị Mai,Đại học Quốc gia,AG;IT,15\n\
                    son@gmail.com,,,,\n";
        let dry = judge_import::import(
            &db,
            &r.admin,
            CONTEST,
            good,
            false,
            "http://x",
            app::domain::Lang::Vi,
        )
        .await
        .unwrap();
        assert!(!dry.applied && dry.problems.is_empty());
        let done = judge_import::import(
            &db,
            &r.admin,
            CONTEST,
            good,
            true,
            "http://x",
            app::domain::Lang::Vi,
        )
        .await
        .unwrap();
        assert_eq!(done.codes, vec!["mai@vnu.edu.vn", "son@gmail.com"]);
        let jury = judges::jury(&db, &r.admin, CONTEST).await.unwrap();
        let mai = &jury.invited[0];
        assert_eq!(mai.name, "Hoàng Thị Mai");
        assert_eq!(
            (
                mai.email.as_str(),
                mai.organisation.as_str(),
                mai.expertise.clone(),
                mai.max_load
            ),
            (
                "mai@vnu.edu.vn",
                "Đại học Quốc gia",
                vec!["AG".to_string(), "IT".to_string()],
                Some(15)
            )
        );
        // Judges do not invite judges.
        assert!(matches!(
            judge_import::import(
                &db,
                &r.judges[0],
                CONTEST,
                good,
                true,
                "http://x",
                app::domain::Lang::Vi
            )
            .await,
            Err(ServiceError::Forbidden)
        ));
    })
    .await;
}

#[tokio::test]
async fn an_assignment_file_adds_new_pairs_under_the_hard_rules_and_its_own_download_reads_back() {
    use app::ssr::services::assignment_import;
    on_each_database(|db| async move {
        let r = round(&db, 4).await;
        let code = |n| entries::entry_code(CONTEST, n);
        let email = |i: usize| format!("giam-khao-{}@example.vn", i + 1);
        // J1 conflicts with entry 1; J4 scores at most 2; entry 2 gets three judges; entry 9
        // is not in the round.
        let bad = format!(
            "Mã hồ sơ,Tên ý tưởng,Email giám khảo\n\
             {},x,{}\n{},x,{}\n{},x,{}\n{},x,{}\n{},x,{}\n{},x,{}\n{},x,khach@example.vn\n",
            code(1),
            email(0),
            code(2),
            email(1),
            code(2),
            email(2),
            code(2),
            email(3),
            code(3),
            email(3),
            code(9),
            email(1),
            code(3),
        );
        let found = assignment_import::import(&db, &r.admin, CONTEST, 1, &bad, true)
            .await
            .unwrap();
        assert!(!found.applied);
        let problems: Vec<(u64, Msg)> = found
            .problems
            .iter()
            .map(|(l, _, m)| (*l, m.clone()))
            .collect();
        assert_eq!(
            problems,
            vec![
                (2, Msg::AssignmentConflict),
                (5, Msg::EntryFull { k: 2 }),
                (7, Msg::EntryNotInRound),
                (8, Msg::NotAJudge),
            ]
        );
        assert!(pairs(&db).await.is_empty());
        let good = format!(
            "entry,judge_email\n{},{}\n{},{}\n{},{}\n{},{}\n",
            code(1),
            email(1),
            code(1),
            email(2),
            code(2),
            email(3),
            code(3),
            email(3),
        );
        let done = assignment_import::import(&db, &r.admin, CONTEST, 1, &good, true)
            .await
            .unwrap();
        assert!(done.applied, "{:?}", done.problems);
        assert_eq!(done.codes.len(), 4);
        assert_eq!(pairs(&db).await.len(), 4);
        // J4 now has two: a third is refused, counted with what is assigned.
        let more = format!("entry,judge_email\n{},{}\n", code(4), email(3));
        let refused = assignment_import::import(&db, &r.admin, CONTEST, 1, &more, false)
            .await
            .unwrap();
        assert_eq!(refused.problems[0].2, Msg::JudgeAtMaxLoad { max: 2 });
        // The same file again adds nothing and is not a problem.
        let again = assignment_import::import(&db, &r.admin, CONTEST, 1, &good, true)
            .await
            .unwrap();
        assert!(again.applied && again.codes.is_empty());
        assert_eq!(pairs(&db).await.len(), 4);
        assert!(matches!(
            assignment_import::import(&db, &r.judges[0], CONTEST, 1, &good, false).await,
            Err(ServiceError::Forbidden)
        ));
    })
    .await;
}
