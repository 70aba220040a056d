//! The contest's own questions, its full timeline and the round an entry is in, against a
//! real database, SQLite and PostgreSQL: the committee declares questions, founders answer
//! them (each answer checked by its question, required ones needed to submit, a file question
//! answered by an upload), the answers are exported, imported, and shown in a stale-tab
//! refusal; registration opens drafts before submissions; each round has a judging window
//! that may change while the rules are locked.

mod common;

use app::model::form_fields::FieldRow;
use app::model::{EntryFields, EntryFilter, EntryStatus, NewRound};
use app::ssr::actor::Actor;
use app::ssr::messages::{Msg, ServiceError};
use app::ssr::services::{
    PageRequest, attachments, contest_file, contests, entries, entry_import, form_fields, rounds,
};
use chrono::Duration;
use common::entries::{CONTEST, complete, open_contest, person, window};
use common::on_each_database;
use sea_orm::DatabaseConnection;

fn row(key: &str, kind: &str, label: &str) -> FieldRow {
    FieldRow {
        key: key.into(),
        kind: kind.into(),
        label_vi: label.into(),
        ..FieldRow::default()
    }
}

/// The questions of a provincial contest: a long answer of at most 5 words (required), the
/// sectors (several choices), the staff (a number from 0 to 500), a website, a declaration
/// (required), a business plan (a required file).
fn questions() -> Vec<FieldRow> {
    vec![
        FieldRow {
            max_words: "5".into(),
            required: Some("on".into()),
            ..row("innovation", "long_text", "Điểm mới")
        },
        FieldRow {
            options: "Nông nghiệp\nDu lịch\nGiáo dục".into(),
            ..row("sectors", "choices", "Ngành nghề")
        },
        FieldRow {
            min: "0".into(),
            max: "500".into(),
            ..row("staff", "number", "Số lao động")
        },
        row("website", "url", "Website"),
        FieldRow {
            required: Some("on".into()),
            ..row("commitment", "checkbox", "Cam kết")
        },
        FieldRow {
            required: Some("on".into()),
            ..row("plan", "file", "Kế hoạch kinh doanh")
        },
    ]
}

fn answered(fields: EntryFields, answers: &[(&str, &str)]) -> EntryFields {
    EntryFields {
        answers: answers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        ..fields
    }
}

fn paths(e: ServiceError) -> Vec<(String, Msg)> {
    match e {
        ServiceError::Invalid(found) | ServiceError::Conflict(found) => found
            .into_iter()
            .map(|p| (p.path.unwrap_or_default(), p.msg))
            .collect(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Records a one-line PDF on `code` as the answer to file question `field`.
async fn upload(
    db: &DatabaseConnection,
    lead: &Actor,
    code: &str,
    field: &str,
    dir: &std::path::Path,
) {
    let c = contests::by_code(db, CONTEST).await.unwrap();
    let id = uuid::Uuid::now_v7();
    let path = attachments::file_path(dir, c.id, id);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, b"%PDF-1.7\n").unwrap();
    let upload = attachments::Upload {
        id,
        name: "ke-hoach.pdf".into(),
        kind: app::model::AttachmentKind::Pdf,
        size: 9,
        sha256: String::new(),
        field: field.into(),
    };
    attachments::record(db, lead, code, upload).await.unwrap();
}

#[tokio::test]
async fn each_answer_is_checked_by_its_question_and_required_ones_are_needed_to_submit() {
    on_each_database(|db| async move {
        let admin = open_contest(&db).await;
        form_fields::set(&db, &admin, CONTEST, &questions())
            .await
            .unwrap();
        let lead = person(&db, "lan@example.vn", "Hoàng Thị Lan").await;
        let code = entries::start(&db, &lead, CONTEST).await.unwrap();

        // Every bad answer is named at its question, with what to fix.
        let bad = answered(
            complete("Máy sấy", "AG"),
            &[
                ("innovation", "một hai ba bốn năm sáu"),
                ("sectors", "Nông nghiệp\nY tế"),
                ("staff", "mười"),
                ("website", "nongsan.vn"),
            ],
        );
        let refused = paths(
            entries::save(&db, &lead, &code, 1, bad, false)
                .await
                .unwrap_err(),
        );
        assert_eq!(
            refused,
            vec![
                (
                    "answers.innovation".into(),
                    Msg::TooManyWords { max: 5, found: 6 }
                ),
                ("answers.sectors".into(), Msg::NotAnOption),
                ("answers.staff".into(), Msg::Number),
                ("answers.website".into(), Msg::Url),
            ]
        );
        let too_many = answered(complete("Máy sấy", "AG"), &[("staff", "501")]);
        assert_eq!(
            paths(
                entries::save(&db, &lead, &code, 1, too_many, false)
                    .await
                    .unwrap_err()
            ),
            vec![(
                "answers.staff".into(),
                Msg::OutOfRange {
                    min: "0".into(),
                    max: "500".into()
                }
            )]
        );

        // A submit without the required answers and file stays a draft and names them.
        let partial = answered(
            complete("Máy sấy", "AG"),
            &[("sectors", "Giáo dục\nNông nghiệp"), ("staff", "12,50")],
        );
        let saved = entries::save(&db, &lead, &code, 1, partial, true)
            .await
            .unwrap();
        assert_eq!(saved.status, EntryStatus::Draft);
        assert_eq!(
            saved.missing,
            vec!["answers.innovation", "answers.commitment", "answers.plan"]
        );
        let view = entries::get(&db, &lead, &code).await.unwrap();
        // Choices in the contest's order; the number exactly, with a decimal point.
        assert_eq!(view.fields.answers["sectors"], "Nông nghiệp\nGiáo dục");
        assert_eq!(view.fields.answers["staff"], "12.5");

        let dir = std::env::temp_dir().join(format!("jurydesk-form-{}", uuid::Uuid::now_v7()));
        upload(&db, &lead, &code, "plan", &dir).await;
        let _ = std::fs::remove_dir_all(&dir);
        let full = answered(
            complete("Máy sấy", "AG"),
            &[("innovation", "Sấy bằng nắng"), ("commitment", "on")],
        );
        let saved = entries::save(&db, &lead, &code, saved.version, full.clone(), true)
            .await
            .unwrap();
        assert_eq!(
            (saved.status, saved.missing.len()),
            (EntryStatus::Submitted, 0)
        );
        let view = entries::get(&db, &lead, &code).await.unwrap();
        assert_eq!(view.fields.answers["commitment"], "yes");
        // In the first round, which this contest has not named yet.
        assert_eq!(view.round, None);

        // A submitted entry stays complete: clearing a required answer is refused at it.
        let cleared = answered(
            complete("Máy sấy", "AG"),
            &[("innovation", "Sấy bằng nắng")],
        );
        assert_eq!(
            paths(
                entries::save(&db, &lead, &code, saved.version, cleared, false)
                    .await
                    .unwrap_err()
            ),
            vec![("answers.commitment".into(), Msg::Required)]
        );
    })
    .await;
}

#[tokio::test]
async fn a_save_from_a_stale_tab_names_the_answers_that_changed() {
    on_each_database(|db| async move {
        let admin = open_contest(&db).await;
        form_fields::set(&db, &admin, CONTEST, &questions())
            .await
            .unwrap();
        let lead = person(&db, "lan@example.vn", "Hoàng Thị Lan").await;
        let code = entries::start(&db, &lead, CONTEST).await.unwrap();
        let first = answered(complete("Máy sấy", "AG"), &[("staff", "12")]);
        entries::save(&db, &lead, &code, 1, first, false)
            .await
            .unwrap();
        let other_tab = answered(complete("Máy sấy", "AG"), &[("staff", "30")]);
        let refused = paths(
            entries::save(&db, &lead, &code, 1, other_tab, false)
                .await
                .unwrap_err(),
        );
        assert_eq!(refused[0], (String::new(), Msg::ChangedElsewhere));
        assert_eq!(
            refused[1],
            (
                "answers.staff".into(),
                Msg::SavedElsewhere { value: "12".into() }
            )
        );
    })
    .await;
}

#[tokio::test]
async fn the_questions_travel_in_contest_files_exports_and_imports() {
    on_each_database(|db| async move {
        let admin = open_contest(&db).await;
        form_fields::set(&db, &admin, CONTEST, &questions()).await.unwrap();
        // Exported and read back: the same questions.
        let text = contest_file::export(&db, &admin, CONTEST).await.unwrap();
        let file = contest_file::parse(&text).unwrap();
        assert_eq!(file.fields, contests::by_code(&db, CONTEST).await.unwrap().form);
        assert_eq!(file.fields.len(), 6);
        assert_eq!(contest_file::parse(&contest_file::write(&file)).unwrap(), file);

        // An import reads a question's column by its label, several choices split by `;`.
        let csv = "Tên ý tưởng,Trưởng nhóm,lead_email,Ngành nghề,Số lao động,Cam kết\n\
                   Chè Shan tuyết,Hà Văn Sơn,son@bac-kan.vn,Du lịch; Nông nghiệp,7,có\n";
        let found = entry_import::import(&db, &admin, CONTEST, csv, true, "http://localhost")
            .await
            .unwrap();
        assert!(found.problems.is_empty(), "{:?}", found.problems);
        let code = &found.codes[0];
        let view = entries::get(&db, &admin, code).await.unwrap();
        assert_eq!(view.fields.answers["sectors"], "Nông nghiệp\nDu lịch");
        assert_eq!(view.fields.answers["commitment"], "yes");
        // Required answers and the file are missing: imported as a draft.
        assert_eq!(view.status, EntryStatus::Draft);

        // A bad answer is reported at its column, and nothing is written.
        let bad = "Tên ý tưởng,Trưởng nhóm,lead_email,Số lao động\nMiến dong,Lý Thị Hoa,hoa@bac-kan.vn,nhiều\n";
        let found = entry_import::import(&db, &admin, CONTEST, bad, true, "http://localhost")
            .await
            .unwrap();
        assert_eq!(found.problems, vec![(2, "Số lao động".into(), Msg::Number)]);
        assert!(!found.applied);

        // The CSV export has a column per question, in the reader's language.
        let download = app::ssr::exports::entries_csv(
            db.clone(),
            &admin,
            CONTEST,
            EntryFilter::default(),
            app::domain::Lang::Vi,
        )
        .await
        .unwrap();
        use futures_util::StreamExt;
        let bytes: Vec<u8> = download
            .body
            .map(|b| b.unwrap().to_vec())
            .concat()
            .await;
        let text = String::from_utf8(bytes).unwrap();
        let mut lines = text.lines();
        let header = lines.next().unwrap();
        assert!(header.ends_with("Vòng,Điểm mới,Ngành nghề,Số lao động,Website,Cam kết"), "{header}");
        let line = lines.next().unwrap();
        assert!(line.ends_with(",,Nông nghiệp; Du lịch,7,,Có"), "{line}");
    })
    .await;
}

#[tokio::test]
async fn questions_badly_typed_are_refused_at_each_row_and_nothing_changes() {
    on_each_database(|db| async move {
        let admin = open_contest(&db).await;
        let rows = vec![
            row("website", "url", "Website"),
            row("website", "text", "Trang web"),
            FieldRow::default(),
            row("sector", "choice", "Lĩnh vực"),
            row("title", "text", "Tên"),
        ];
        let refused = paths(
            form_fields::set(&db, &admin, CONTEST, &rows)
                .await
                .unwrap_err(),
        );
        assert_eq!(
            refused,
            vec![
                ("fields[1].key".into(), Msg::FieldKeyTaken),
                ("fields[3].options".into(), Msg::FieldOptions { max: 30 }),
                ("fields[4].key".into(), Msg::FieldKeyTaken),
            ]
        );
        assert!(
            contests::by_code(&db, CONTEST)
                .await
                .unwrap()
                .form
                .is_empty()
        );
        // A founder may not set the questions.
        let lead = person(&db, "lan@example.vn", "Hoàng Thị Lan").await;
        assert!(matches!(
            form_fields::set(&db, &lead, CONTEST, &questions()).await,
            Err(ServiceError::Forbidden)
        ));
    })
    .await;
}

#[tokio::test]
async fn registration_opens_drafts_before_submissions_and_submitting_waits_for_the_opening() {
    on_each_database(|db| async move {
        let admin = open_contest(&db).await;
        // Submissions open in two days; registration opened yesterday.
        let c = contests::by_code(&db, CONTEST).await.unwrap();
        let now = chrono::Utc::now();
        let local = |d: Duration| common::entries::local(now + d, "Asia/Ho_Chi_Minh");
        contests::update_settings(
            &db,
            &admin,
            CONTEST,
            app::model::ContestSettings {
                name_vi: c.name_vi.clone(),
                name_en: c.name_en.clone(),
                time_zone: "Asia/Ho_Chi_Minh".into(),
                registration_open: local(Duration::days(-1)),
                submissions_open: local(Duration::days(2)),
                submissions_close: local(Duration::days(30)),
                results: local(Duration::days(60)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let summary = contests::by_code(&db, CONTEST).await.unwrap();
        assert!(summary.drafts_only);
        assert!(summary.registration_open.is_some() && summary.results.is_some());
        let lead = person(&db, "lan@example.vn", "Hoàng Thị Lan").await;
        let code = entries::start(&db, &lead, CONTEST).await.unwrap();
        let saved = entries::save(&db, &lead, &code, 1, complete("Máy sấy", "AG"), false)
            .await
            .unwrap();
        let refused = entries::save(
            &db,
            &lead,
            &code,
            saved.version,
            complete("Máy sấy", "AG"),
            true,
        )
        .await
        .unwrap_err();
        assert!(matches!(
            refused.first_problem(),
            Some((None, Msg::SubmissionsNotYet { .. }))
        ));
        // The draft is kept as saved.
        assert_eq!(
            entries::get(&db, &lead, &code).await.unwrap().status,
            EntryStatus::Draft
        );

        // Registration must open before submissions, results after the deadline.
        let refused = contests::update_settings(
            &db,
            &admin,
            CONTEST,
            app::model::ContestSettings {
                name_vi: c.name_vi.clone(),
                name_en: c.name_en.clone(),
                time_zone: "Asia/Ho_Chi_Minh".into(),
                registration_open: local(Duration::days(3)),
                submissions_open: local(Duration::days(2)),
                submissions_close: local(Duration::days(30)),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
        assert_eq!(
            paths(refused),
            vec![("registration_open".into(), Msg::RegistrationOrder)]
        );
    })
    .await;
}

const RULES: &str = r#"[round]
judges_per_entry = 3
aggregate = "mean"

[[criteria]]
key = "idea"
name = { vi = "Ý tưởng", en = "Idea" }
max_points = 100
step = 1
"#;

#[tokio::test]
async fn a_round_has_a_judging_window_that_may_change_while_the_rules_are_locked() {
    on_each_database(|db| async move {
        let admin = open_contest(&db).await;
        // The round is added before submissions open, while the rules may change.
        window(
            &db,
            &admin,
            "Asia/Ho_Chi_Minh",
            Duration::days(1),
            Duration::days(30),
        )
        .await;
        let added = rounds::add(
            &db,
            &admin,
            CONTEST,
            NewRound {
                name_vi: "Vòng sơ khảo".into(),
                name_en: "Screening".into(),
                rules: RULES.into(),
                judging_open: "2027-02-01T08:00".into(),
                judging_close: "2027-02-10T17:00".into(),
            },
        )
        .await
        .unwrap();
        assert_eq!(
            added.judging_open.map(app::format::local_input).as_deref(),
            Some("2027-02-01T08:00")
        );
        // Submissions open: the rules lock, the judging window still moves.
        window(
            &db,
            &admin,
            "Asia/Ho_Chi_Minh",
            Duration::days(-1),
            Duration::days(30),
        )
        .await;
        let judging = |open: &str, close: &str| NewRound {
            judging_open: open.into(),
            judging_close: close.into(),
            ..NewRound::default()
        };
        let moved = rounds::set_judging(
            &db,
            &admin,
            CONTEST,
            1,
            &judging("2027-02-03T08:00", "2027-02-12T17:00"),
        )
        .await
        .unwrap();
        assert_eq!(
            moved.judging_close.map(app::format::local_input).as_deref(),
            Some("2027-02-12T17:00")
        );
        let backwards = rounds::set_judging(
            &db,
            &admin,
            CONTEST,
            1,
            &judging("2027-02-12T08:00", "2027-02-03T17:00"),
        )
        .await
        .unwrap_err();
        assert_eq!(
            paths(backwards),
            vec![("judging_close".into(), Msg::JudgingOrder)]
        );
        // The contest file carries it.
        let file = contest_file::parse(&contest_file::export(&db, &admin, CONTEST).await.unwrap())
            .unwrap();
        assert_eq!(file.rounds[0].judging_open, "2027-02-03T08:00");

        // A submitted entry is in round 1, filtered by it; withdrawn, in none.
        let lead = person(&db, "lan@example.vn", "Hoàng Thị Lan").await;
        let code = entries::start(&db, &lead, CONTEST).await.unwrap();
        entries::save(&db, &lead, &code, 1, complete("Máy sấy", "AG"), true)
            .await
            .unwrap();
        let view = entries::get(&db, &lead, &code).await.unwrap();
        assert_eq!(
            view.round,
            Some((1, "Vòng sơ khảo".into(), "Screening".into()))
        );
        let in_round = |round: &str| EntryFilter {
            round: Some(round.into()),
            ..Default::default()
        };
        let count = |filter: EntryFilter| {
            let (db, admin) = (db.clone(), admin.clone());
            async move {
                entries::list(&db, &admin, CONTEST, &filter, PageRequest::new(None, 50))
                    .await
                    .unwrap()
                    .1
            }
        };
        assert_eq!(count(in_round("1")).await, 1);
        assert_eq!(count(in_round("none")).await, 0);
        entries::withdraw(&db, &lead, &code).await.unwrap();
        assert_eq!(count(in_round("1")).await, 0);
        assert_eq!(count(in_round("none")).await, 1);
    })
    .await;
}
