//! Score sheets (SCORING.md §2) through the services, on SQLite and PostgreSQL: drafts,
//! submission, every refusal named, idempotent retries, stale tabs, the judging window,
//! reopening, and what a judge can and cannot see.

mod common;

use app::domain::Lang;
use app::domain::sheet::SheetState;
use app::model::judging::PlanMode;
use app::model::progress::{EntryFilter, ProgressQuery};
use app::model::sheets::{SheetFields, Window};
use app::ssr::actor::Actor;
use app::ssr::entities::outbox;
use app::ssr::entities::{assignment, entry, round};
use app::ssr::messages::{Msg, ServiceError};
use app::ssr::services::sheets::{self, Save, SheetAt};
use app::ssr::services::{conflicts, discrepancies, entries, progress};
use chrono::{Duration, Utc};
use common::entries::CONTEST;
use common::judging::*;
use common::on_each_database;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

/// One assigned (judge, entry code) pair of round 1, after the plan is applied.
async fn assigned(db: &DatabaseConnection, r: &Round) -> (Actor, String) {
    apply(db, &r.admin, PlanMode::Fill).await;
    let a = assignment::Entity::find()
        .order_by_asc(assignment::Column::Id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let judge = r
        .judges
        .iter()
        .find(|j| j.id() == Some(a.judge_id))
        .unwrap()
        .clone();
    let code = entry::Entity::find_by_id(a.entry_id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .code;
    (judge, code)
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn at(code: &str) -> SheetAt<'_> {
    SheetAt {
        contest: CONTEST,
        position: 1,
        entry: code,
    }
}

fn typed(scores: &[(&str, &str)]) -> SheetFields {
    SheetFields {
        scores: scores
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..SheetFields::default()
    }
}

fn save<'a>(code: &'a str, version: i32, fields: SheetFields, submit: bool) -> Save<'a> {
    Save {
        at: at(code),
        version,
        fields,
        submit,
    }
}

/// Round 1's rules with `tables` added after `[round]`'s keys (a fixture: the rules are
/// locked once submissions open).
async fn with_rules(db: &DatabaseConnection, tables: &str) {
    let row = round::Entity::find().one(db).await.unwrap().unwrap();
    let rules = RULES.replacen(
        "judges_per_entry = 2\n",
        &format!("judges_per_entry = 2\n\n{tables}"),
        1,
    );
    let mut update: round::ActiveModel = row.into();
    update.rules = Set(rules);
    update.update(db).await.unwrap();
}

/// Both judges of `code`, in assignment order.
async fn judges_of(db: &DatabaseConnection, r: &Round, code: &str) -> Vec<Actor> {
    let entry_id = entry::Entity::find()
        .filter(entry::Column::Code.eq(code))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let mut ids: Vec<Uuid> = assignment::Entity::find()
        .filter(assignment::Column::EntryId.eq(entry_id))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.judge_id)
        .collect();
    ids.sort();
    ids.iter()
        .map(|id| {
            r.judges
                .iter()
                .find(|j| j.id() == Some(*id))
                .unwrap()
                .clone()
        })
        .collect()
}

/// The paths of the fields a refusal names.
fn paths<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> Vec<String> {
    match result {
        Err(ServiceError::Invalid(p)) | Err(ServiceError::Conflict(p)) => {
            p.into_iter().filter_map(|p| p.path).collect()
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_judge_saves_a_partial_draft_then_submits_and_the_total_is_the_engines() {
    on_each_database(|db| async move {
        let r = round(&db, 6).await;
        let (judge, code) = assigned(&db, &r).await;
        let page = sheets::open(&db, &judge, at(&code)).await.unwrap();
        assert_eq!((page.state, page.version, page.editable), (None, 0, true));
        assert_eq!(page.window, Window::Open);

        let draft = sheets::save(
            &db,
            &db,
            &judge,
            save(&code, 0, typed(&[("idea", "30")]), false),
        )
        .await
        .unwrap();
        assert_eq!(
            (draft.version, draft.state, draft.total),
            (1, SheetState::Draft, d("30"))
        );
        // Submitting needs every required criterion: the blank one is named.
        assert_eq!(
            paths(
                sheets::save(
                    &db,
                    &db,
                    &judge,
                    save(&code, 1, typed(&[("idea", "30")]), true)
                )
                .await
            ),
            ["scores.team"]
        );
        let mut full = typed(&[("idea", "30"), ("team", "25.5")]);
        full.comments
            .insert("idea".into(), "Ý tưởng rõ ràng, có số liệu.".into());
        full.overall = "Đáng vào vòng sau.".into();
        let done = sheets::save(&db, &db, &judge, save(&code, 1, full.clone(), true))
            .await
            .unwrap();
        assert_eq!(
            (done.version, done.state, done.total),
            (2, SheetState::Submitted, d("55.5"))
        );
        let page = sheets::open(&db, &judge, at(&code)).await.unwrap();
        assert_eq!(page.state, Some(SheetState::Submitted));
        assert!(!page.editable);
        assert_eq!(page.typed.scores["team"], "25.5");
        assert_eq!(page.typed.comments["idea"], "Ý tưởng rõ ràng, có số liệu.");
        // A submitted sheet takes no more changes.
        let change = typed(&[("idea", "40"), ("team", "25.5")]);
        assert_eq!(
            reason(sheets::save(&db, &db, &judge, save(&code, 2, change, false)).await),
            Msg::SheetLocked
        );
        let kinds = audit_kinds(&db).await;
        assert_eq!(kinds.iter().filter(|k| *k == "sheet.saved").count(), 1);
        assert_eq!(kinds.iter().filter(|k| *k == "sheet.submitted").count(), 1);
    })
    .await;
}

#[tokio::test]
async fn every_refused_score_and_text_is_named_and_nothing_is_written() {
    on_each_database(|db| async move {
        let r = round(&db, 4).await;
        let (judge, code) = assigned(&db, &r).await;
        let mut bad = typed(&[("idea", "61"), ("team", "7.3"), ("luck", "5")]);
        bad.comments.insert("team".into(), "x".repeat(5_000));
        let named = paths(sheets::save(&db, &db, &judge, save(&code, 0, bad, false)).await);
        assert_eq!(
            named,
            ["comments.team", "scores.idea", "scores.team", "scores.luck"]
        );
        let not_a_number = paths(
            sheets::save(
                &db,
                &db,
                &judge,
                save(&code, 0, typed(&[("idea", "7,5")]), false),
            )
            .await,
        );
        assert_eq!(not_a_number, ["scores.idea"]);
        // The message names the criterion as the rubric does, in the reader's language.
        let refused = reason(
            sheets::save(
                &db,
                &db,
                &judge,
                save(&code, 0, typed(&[("idea", "61")]), false),
            )
            .await,
        );
        assert_eq!(
            app::api::errors::text(&refused, Lang::Vi),
            "Tiêu chí \"Ý tưởng\": điểm 61 nằm ngoài khoảng cho phép; điểm hợp lệ: từ 0 đến 60, bước 0,5."
        );
        assert!(
            app::api::errors::text(&refused, Lang::En).starts_with("Criterion \"Idea\": score 61")
        );
        let page = sheets::open(&db, &judge, at(&code)).await.unwrap();
        assert_eq!((page.state, page.version), (None, 0));
        assert!(
            !audit_kinds(&db)
                .await
                .iter()
                .any(|k| k.starts_with("sheet."))
        );
    })
    .await;
}

#[tokio::test]
async fn a_retried_save_is_answered_as_before_and_a_stale_tab_is_refused_with_what_differs() {
    on_each_database(|db| async move {
        let r = round(&db, 4).await;
        let (judge, code) = assigned(&db, &r).await;
        let first = sheets::save(
            &db,
            &db,
            &judge,
            save(&code, 0, typed(&[("idea", "10")]), false),
        )
        .await
        .unwrap();
        // The same request again (a retry after a lost answer): the same answer, no new
        // version, no second record.
        let again = sheets::save(
            &db,
            &db,
            &judge,
            save(&code, 0, typed(&[("idea", "10")]), false),
        )
        .await
        .unwrap();
        assert_eq!(first, again);
        // Another tab, loaded at version 0, types something else: refused, and told that the
        // stored sheet has 10 for the idea.
        let stale = sheets::save(
            &db,
            &db,
            &judge,
            save(&code, 0, typed(&[("idea", "20")]), false),
        )
        .await;
        match stale {
            Err(ServiceError::Conflict(p)) => {
                assert_eq!(p[0].msg, Msg::SheetChangedElsewhere);
                assert_eq!(p[1].path.as_deref(), Some("scores.idea"));
                assert_eq!(p[1].msg, Msg::SavedElsewhere { value: "10".into() });
                assert_eq!(p.len(), 2);
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        // Saving again from the newer version keeps what that tab typed.
        let newer = sheets::save(
            &db,
            &db,
            &judge,
            save(&code, 1, typed(&[("idea", "20")]), false),
        )
        .await
        .unwrap();
        assert_eq!((newer.version, newer.total), (2, d("20")));
        let kinds = audit_kinds(&db).await;
        assert_eq!(kinds.iter().filter(|k| *k == "sheet.saved").count(), 2);
    })
    .await;
}

#[tokio::test]
async fn parallel_first_saves_of_one_sheet_make_one_sheet_and_refuse_the_rest_cleanly() {
    on_each_database(|db| async move {
        let r = round(&db, 4).await;
        let (judge, code) = assigned(&db, &r).await;
        let mut tasks = Vec::new();
        for i in 0..8 {
            let (db, judge, code) = (db.clone(), judge.clone(), code.clone());
            tasks.push(tokio::spawn(async move {
                let score = (i * 5).to_string();
                sheets::save(
                    &db,
                    &db,
                    &judge,
                    save(&code, 0, typed(&[("idea", &score)]), false),
                )
                .await
            }));
        }
        let mut saved = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => saved += 1,
                Err(ServiceError::Conflict(_)) => {}
                Err(e) => panic!("a save failed: {e:?}"),
            }
        }
        assert_eq!(saved, 1);
        let page = sheets::open(&db, &judge, at(&code)).await.unwrap();
        assert_eq!(page.version, 1);
    })
    .await;
}

#[tokio::test]
async fn a_judge_reaches_only_their_own_assigned_entries_and_never_one_in_conflict() {
    on_each_database(|db| async move {
        let r = round(&db, 6).await;
        let (judge, code) = assigned(&db, &r).await;
        // An entry of the round not assigned to this judge looks missing.
        let mine: Vec<Uuid> = assignment::Entity::find()
            .filter(assignment::Column::JudgeId.eq(judge.id().unwrap()))
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.entry_id)
            .collect();
        let other = entry::Entity::find()
            .filter(entry::Column::Id.is_not_in(mine))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert!(matches!(
            sheets::open(&db, &judge, at(&other.code)).await,
            Err(ServiceError::NotFound)
        ));
        assert!(matches!(
            sheets::save(&db, &db, &judge, save(&other.code, 0, typed(&[]), false)).await,
            Err(ServiceError::NotFound)
        ));
        // The committee is not a judge.
        assert!(matches!(
            sheets::open(&db, &r.admin, at(&code)).await,
            Err(ServiceError::Forbidden)
        ));
        // Once the judge declares a conflict, their own entry is gone too.
        sheets::save(
            &db,
            &db,
            &judge,
            save(&code, 0, typed(&[("idea", "10")]), false),
        )
        .await
        .unwrap();
        conflicts::declare(&db, &judge, CONTEST, &code, "Người quen")
            .await
            .unwrap();
        assert!(matches!(
            sheets::open(&db, &judge, at(&code)).await,
            Err(ServiceError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn outside_the_judging_window_a_sheet_is_read_only_and_a_save_is_refused() {
    on_each_database(|db| async move {
        let r = round(&db, 4).await;
        let (judge, code) = assigned(&db, &r).await;
        let row = round::Entity::find().one(&db).await.unwrap().unwrap();
        let mut closed: round::ActiveModel = row.clone().into();
        closed.judging_opens_at = Set(Some(Utc::now() - Duration::days(3)));
        closed.judging_closes_at = Set(Some(Utc::now() - Duration::hours(1)));
        closed.update(&db).await.unwrap();
        let page = sheets::open(&db, &judge, at(&code)).await.unwrap();
        assert!(matches!(page.window, Window::Closed(_)));
        assert!(!page.editable);
        assert!(matches!(
            reason(
                sheets::save(
                    &db,
                    &db,
                    &judge,
                    save(&code, 0, typed(&[("idea", "1")]), false)
                )
                .await
            ),
            Msg::JudgingClosed { .. }
        ));
        let mut later: round::ActiveModel = row.into();
        later.judging_opens_at = Set(Some(Utc::now() + Duration::days(1)));
        later.judging_closes_at = Set(Some(Utc::now() + Duration::days(3)));
        later.update(&db).await.unwrap();
        assert!(matches!(
            reason(
                sheets::save(
                    &db,
                    &db,
                    &judge,
                    save(&code, 0, typed(&[("idea", "1")]), false)
                )
                .await
            ),
            Msg::JudgingNotOpen { .. }
        ));
    })
    .await;
}

#[tokio::test]
async fn the_committee_reopens_a_submitted_sheet_with_a_reason_and_the_judge_submits_again() {
    on_each_database(|db| async move {
        let r = round(&db, 4).await;
        let (judge, code) = assigned(&db, &r).await;
        let judge_id = judge.id().unwrap();
        sheets::save(
            &db,
            &db,
            &judge,
            save(&code, 0, typed(&[("idea", "10")]), false),
        )
        .await
        .unwrap();
        // Only a submitted sheet is reopened.
        assert_eq!(
            reason(sheets::reopen(&db, &r.admin, CONTEST, 1, &code, judge_id, "Xem lại").await),
            Msg::SheetNotSubmitted
        );
        sheets::save(
            &db,
            &db,
            &judge,
            save(&code, 1, typed(&[("idea", "10"), ("team", "5")]), true),
        )
        .await
        .unwrap();
        assert_eq!(
            reason(sheets::reopen(&db, &r.admin, CONTEST, 1, &code, judge_id, "  ").await),
            Msg::Reason
        );
        // A judge cannot reopen their own sheet.
        assert!(matches!(
            sheets::reopen(&db, &judge, CONTEST, 1, &code, judge_id, "Tôi muốn sửa").await,
            Err(ServiceError::Forbidden)
        ));
        sheets::reopen(
            &db,
            &r.admin,
            CONTEST,
            1,
            &code,
            judge_id,
            "Điểm đội ngũ quá thấp so với nhận xét",
        )
        .await
        .unwrap();
        let page = sheets::open(&db, &judge, at(&code)).await.unwrap();
        assert_eq!(page.state, Some(SheetState::Reopened));
        assert_eq!(page.reason, "Điểm đội ngũ quá thấp so với nhận xét");
        assert!(page.editable);
        let again = sheets::save(
            &db,
            &db,
            &judge,
            save(
                &code,
                page.version,
                typed(&[("idea", "10"), ("team", "30")]),
                true,
            ),
        )
        .await
        .unwrap();
        assert_eq!((again.state, again.total), (SheetState::Submitted, d("40")));
        let side_by_side = sheets::of_entry(&db, &r.admin, CONTEST, 1, &code)
            .await
            .unwrap();
        let theirs = side_by_side
            .sheets
            .iter()
            .find(|s| s.judge_id == judge_id)
            .unwrap();
        assert_eq!(theirs.total, Some(d("40")));
        assert!(
            audit_kinds(&db)
                .await
                .contains(&"sheet.reopened".to_owned())
        );
    })
    .await;
}

#[tokio::test]
async fn a_blind_round_shows_no_team_and_numbers_files_and_others_scores_wait_for_ones_own() {
    on_each_database(|db| async move {
        let r = round(&db, 4).await;
        with_rules(
            &db,
            "[round.judging]\nblind = true\nshow_other_scores = true\nfounder_feedback = true\n",
        )
        .await;
        let (judge, code) = assigned(&db, &r).await;
        let page = sheets::open(&db, &judge, at(&code)).await.unwrap();
        assert!(page.blind && page.feedback_allowed);
        assert!(page.team.is_empty() && page.fields.members.is_empty());
        let json = serde_json::to_string(&page).unwrap();
        let number: i32 = code.rsplit('-').next().unwrap().parse().unwrap();
        for secret in [
            format!("Trưởng nhóm {number}"),
            format!("nhom{number}@gmail.com"),
        ] {
            assert!(!json.contains(&secret), "{secret} leaked");
        }
        // The other judge of the entry submits first; this judge sees nothing of it until
        // their own sheet is in.
        let entry_id = entry::Entity::find()
            .filter(entry::Column::Code.eq(code.clone()))
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .id;
        let other_id = assignment::Entity::find()
            .filter(assignment::Column::EntryId.eq(entry_id))
            .filter(assignment::Column::JudgeId.ne(judge.id().unwrap()))
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .judge_id;
        let other = r.judges.iter().find(|j| j.id() == Some(other_id)).unwrap();
        sheets::save(
            &db,
            &db,
            other,
            save(&code, 0, typed(&[("idea", "50"), ("team", "30")]), true),
        )
        .await
        .unwrap();
        assert!(
            sheets::open(&db, &judge, at(&code))
                .await
                .unwrap()
                .others
                .is_empty()
        );
        sheets::save(
            &db,
            &db,
            &judge,
            save(&code, 0, typed(&[("idea", "40"), ("team", "20")]), true),
        )
        .await
        .unwrap();
        let after = sheets::open(&db, &judge, at(&code)).await.unwrap();
        assert_eq!(after.others.len(), 1);
        assert_eq!(after.others[0].total, d("80"));
    })
    .await;
}

#[tokio::test]
async fn the_progress_page_counts_each_judges_sheets_and_lists_entries_still_missing_some() {
    on_each_database(|db| async move {
        let r = round(&db, 6).await;
        let (judge, code) = assigned(&db, &r).await;
        sheets::save(
            &db,
            &db,
            &judge,
            save(&code, 0, typed(&[("idea", "30"), ("team", "20")]), true),
        )
        .await
        .unwrap();
        let view = progress::view(
            &db,
            &r.admin,
            CONTEST,
            1,
            ProgressQuery {
                filter: EntryFilter::Incomplete,
                ..ProgressQuery::default()
            },
            Lang::Vi,
            "http://x",
        )
        .await
        .unwrap();
        assert_eq!((view.assigned, view.submitted, view.drafts), (12, 1, 0));
        assert_eq!((view.entries_total, view.entries_complete), (6, 0));
        let mine = view
            .judges
            .items
            .iter()
            .find(|j| Some(j.id) == judge.id())
            .unwrap();
        assert_eq!(mine.submitted, 1);
        assert!(mine.last_activity.is_some());
        // Fewest sheets in first: the entry with one sheet comes last.
        assert_eq!(view.entries.items.len(), 6);
        assert_eq!(view.entries.items[5].code, code);
        assert_eq!(view.entries.items[5].submitted, 1);
        assert_eq!(view.categories.iter().map(|c| c.entries).sum::<u64>(), 6);
        assert_eq!(view.reminder.judges, 4);
        assert!(view.reminder.body.contains("http://x/judging"));
        // Only the committee.
        assert!(matches!(
            progress::view(
                &db,
                &judge,
                CONTEST,
                1,
                ProgressQuery {
                    filter: EntryFilter::All,
                    ..ProgressQuery::default()
                },
                Lang::Vi,
                "http://x"
            )
            .await,
            Err(ServiceError::Forbidden)
        ));
    })
    .await;
}

#[tokio::test]
async fn reminders_go_once_to_each_late_judge_in_their_language_and_not_twice_in_a_row() {
    on_each_database(|db| async move {
        let r = round(&db, 4).await;
        apply(&db, &r.admin, PlanMode::Fill).await;
        let before = outbox::Entity::find().all(&db).await.unwrap().len();
        let sent = progress::remind(&db, &r.admin, CONTEST, 1, "https://thi.example.vn")
            .await
            .unwrap();
        assert_eq!(sent, 4);
        let mails: Vec<_> = outbox::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.subject.contains("Nhắc chấm điểm"))
            .collect();
        assert_eq!(mails.len(), 4);
        assert!(
            mails
                .iter()
                .all(|m| m.body.contains("https://thi.example.vn/judging"))
        );
        assert!(mails.iter().all(|m| m.subject.contains("Vòng sơ khảo")));
        // Twice in a row: refused, nothing more queued.
        assert!(matches!(
            reason(progress::remind(&db, &r.admin, CONTEST, 1, "https://thi.example.vn").await),
            Msg::RemindedRecently { .. }
        ));
        assert_eq!(
            outbox::Entity::find().all(&db).await.unwrap().len(),
            before + 4
        );
        assert!(
            audit_kinds(&db)
                .await
                .contains(&"judging.reminded".to_owned())
        );
    })
    .await;
}

#[tokio::test]
async fn a_flagged_entry_is_resolved_by_a_note_by_reopening_a_sheet_or_by_another_judge() {
    on_each_database(|db| async move {
        let r = round(&db, 4).await;
        with_rules(&db, "[round.discrepancy]\nspread_points = 20\n").await;
        let (_, code) = assigned(&db, &r).await;
        let pair = judges_of(&db, &r, &code).await;
        sheets::save(
            &db,
            &db,
            &pair[0],
            save(&code, 0, typed(&[("idea", "55"), ("team", "35")]), true),
        )
        .await
        .unwrap();
        sheets::save(
            &db,
            &db,
            &pair[1],
            save(&code, 0, typed(&[("idea", "20"), ("team", "10")]), true),
        )
        .await
        .unwrap();
        let queue = discrepancies::queue(&db, &r.admin, CONTEST, 1)
            .await
            .unwrap();
        assert_eq!(queue.open, 1);
        let flagged = &queue.entries[0];
        assert_eq!(flagged.code, code);
        assert_eq!(flagged.flag.spread.as_ref().unwrap().spread, d("60"));
        // An entry that is not flagged cannot be "resolved".
        let other = entries::entry_code(CONTEST, 4);
        if other != code {
            assert_eq!(
                reason(discrepancies::accept(&db, &r.admin, CONTEST, 1, &other, "Ổn").await),
                Msg::NotFlagged
            );
        }
        // Accepted with a note: the queue is empty, the entry listed with the note.
        assert_eq!(
            reason(discrepancies::accept(&db, &r.admin, CONTEST, 1, &code, " ").await),
            Msg::Reason
        );
        discrepancies::accept(
            &db,
            &r.admin,
            CONTEST,
            1,
            &code,
            "Hai góc nhìn hợp lý, giữ nguyên.",
        )
        .await
        .unwrap();
        let queue = discrepancies::queue(&db, &r.admin, CONTEST, 1)
            .await
            .unwrap();
        assert_eq!(queue.open, 0);
        assert_eq!(
            queue.entries[0].flag.accepted.as_deref(),
            Some("Hai góc nhìn hợp lý, giữ nguyên.")
        );
        // The harsh judge re-scores, still far apart: the acceptance was for other totals,
        // so the entry is back in the queue.
        let harsh = pair[1].id().unwrap();
        sheets::reopen(&db, &r.admin, CONTEST, 1, &code, harsh, "Mời chấm lại")
            .await
            .unwrap();
        assert_eq!(
            discrepancies::queue(&db, &r.admin, CONTEST, 1)
                .await
                .unwrap()
                .entries
                .len(),
            0
        );
        let page = sheets::open(&db, &pair[1], at(&code)).await.unwrap();
        sheets::save(
            &db,
            &db,
            &pair[1],
            save(
                &code,
                page.version,
                typed(&[("idea", "25"), ("team", "10")]),
                true,
            ),
        )
        .await
        .unwrap();
        let queue = discrepancies::queue(&db, &r.admin, CONTEST, 1)
            .await
            .unwrap();
        assert_eq!(queue.open, 1);
        // A third judge, beyond k = 2, under the other hard rules.
        // (Some judges of the round conflict with the team or are at their maximum load: the
        // rules say no to those, and yes to the first that may.)
        let mut added = false;
        for (third, _) in queue
            .judges
            .iter()
            .filter(|(id, _)| !pair.iter().any(|p| p.id() == Some(*id)))
        {
            match discrepancies::add_judge(&db, &r.admin, CONTEST, 1, &code, *third).await {
                Ok(()) => {
                    added = true;
                    break;
                }
                Err(ServiceError::Invalid(p)) => assert!(matches!(
                    p[0].msg,
                    Msg::AssignmentConflict | Msg::JudgeAtMaxLoad { .. }
                )),
                Err(e) => panic!("{e:?}"),
            }
        }
        assert!(added);
        assert_eq!(judges_of(&db, &r, &code).await.len(), 3);
        let kinds = audit_kinds(&db).await;
        assert!(kinds.contains(&"discrepancy.accepted".to_owned()));
        assert!(kinds.contains(&"sheet.reopened".to_owned()));
    })
    .await;
}
