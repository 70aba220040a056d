//! Rounds, templates and contest files against a real database, SQLite and PostgreSQL.

mod common;

use app::domain::Lang;
use app::model::{NewContest, NewRound, Role};
use app::ssr::actor::Actor;
use app::ssr::entities::audit_log;
use app::ssr::messages::{Msg, ServiceError};
use app::ssr::services::contest_file;
use app::ssr::services::{contests, entries, rounds};
use common::{admin, on_each_database};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

const RULES: &str = r#"[round]
judges_per_entry = 3

[[criteria]]
key = "idea"
name = { vi = "Ý tưởng", en = "Idea" }
max_points = 60

[[criteria]]
key = "team"
name = { vi = "Đội ngũ", en = "Team" }
max_points = 40
"#;

fn blank(code: &str) -> NewContest {
    NewContest {
        code: code.into(),
        name_vi: "Cuộc thi Ý tưởng khởi nghiệp Bắc Kạn 2026".into(),
        name_en: "Bắc Kạn Startup Idea Contest 2026".into(),
        description_vi: String::new(),
        description_en: String::new(),
        time_zone: "Asia/Ho_Chi_Minh".into(),
    }
}

fn round(name: &str, rules: &str) -> NewRound {
    NewRound {
        name_vi: name.into(),
        name_en: name.into(),
        rules: rules.into(),
        ..NewRound::default()
    }
}

async fn member(
    db: &DatabaseConnection,
    admin: &Actor,
    code: &str,
    role: Role,
    email: &str,
) -> Actor {
    let categories = if role == Role::SubCommittee { "NN" } else { "" };
    common::member_of(db, admin, code, role, categories, email).await
}

async fn kinds(db: &DatabaseConnection, prefix: &str) -> Vec<String> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Kind.starts_with(prefix))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.kind)
        .collect()
}

#[tokio::test]
async fn the_committee_adds_and_edits_rounds_that_the_engine_checks() {
    on_each_database(|db| async move {
        let admin = admin(&db).await;
        contests::create(&db, &admin, blank("BK26")).await.unwrap();
        let committee = member(&db, &admin, "BK26", Role::Committee, "btc@example.vn").await;
        let judge = member(&db, &admin, "BK26", Role::Judge, "gk@example.vn").await;

        let first = rounds::add(&db, &committee, "bk26", round("Vòng sơ khảo", RULES))
            .await
            .unwrap();
        assert_eq!(first.position, 1);
        let preview = first.preview.unwrap();
        assert_eq!(preview.max_total.to_string(), "100");
        assert_eq!(preview.criteria[0].name_vi, "Ý tưởng");

        // A broken rubric is refused in the engine's words, naming the line; nothing changes.
        let broken = RULES.replace("max_points = 40", "max_points = 40\nstep = 3");
        match rounds::update(&db, &committee, "BK26", 1, round("Vòng sơ khảo", &broken)).await {
            Err(ServiceError::Invalid(problems)) => {
                assert_eq!(problems[0].path.as_deref(), Some("rules"));
                let said = app::api::errors::text(&problems[0].msg, Lang::En);
                assert!(said.contains("team") && said.contains("line"), "{said}");
            }
            other => panic!("expected the engine's refusal, got {other:?}"),
        }
        let renamed = rounds::update(&db, &committee, "BK26", 1, round("Vòng hồ sơ", RULES))
            .await
            .unwrap();
        assert_eq!(renamed.name_vi, "Vòng hồ sơ");
        assert!(matches!(
            rounds::add(&db, &judge, "BK26", round("x", RULES)).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            rounds::update(&db, &committee, "BK26", 9, round("x", RULES)).await,
            Err(ServiceError::NotFound)
        ));
        assert_eq!(
            kinds(&db, "round.").await,
            ["round.created", "round.updated"]
        );
        // Everyone reads the rounds: they are the contest's rules.
        assert_eq!(rounds::list(&db, "BK26").await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn rounds_added_at_once_take_distinct_positions() {
    on_each_database(|db| async move {
        let admin = admin(&db).await;
        contests::create(&db, &admin, blank("BK26")).await.unwrap();
        let tasks: Vec<_> = (0..6)
            .map(|i| {
                let (db, admin) = (db.clone(), admin.clone());
                tokio::spawn(async move {
                    rounds::add(&db, &admin, "BK26", round(&format!("Vòng {i}"), RULES)).await
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        let positions: Vec<i32> = rounds::list(&db, "BK26")
            .await
            .unwrap()
            .iter()
            .map(|r| r.position)
            .collect();
        assert_eq!(positions, [1, 2, 3, 4, 5, 6]);
    })
    .await;
}

#[tokio::test]
async fn a_contest_made_from_the_provincial_template_has_its_categories_and_three_rounds() {
    on_each_database(|db| async move {
        let admin = admin(&db).await;
        let made = contest_file::create_from(&db, &admin, blank("LS26"), Some("provincial"))
            .await
            .unwrap();
        assert_eq!(made.name_vi, "Cuộc thi Ý tưởng khởi nghiệp Bắc Kạn 2026");
        assert!(
            made.description_vi.contains("sơ khảo"),
            "the template's description"
        );
        let categories = contests::categories(&db, made.id).await.unwrap();
        assert_eq!(categories.len(), 4);
        let list = rounds::list(&db, "LS26").await.unwrap();
        let names: Vec<&str> = list.iter().map(|r| r.name_vi.as_str()).collect();
        assert_eq!(names, ["Vòng sơ khảo", "Vòng bán kết", "Vòng chung khảo"]);
        assert!(
            list.iter()
                .all(|r| r.preview.as_ref().unwrap().max_total.to_string() == "100")
        );
        assert!(list[2].preview.as_ref().unwrap().is_final);
        let origin = kinds(&db, "contest.set_up_from").await;
        assert_eq!(origin.len(), 1);
        assert_eq!(kinds(&db, "round.created").await.len(), 3);

        // An unknown starting point is refused, naming the field.
        let refused = contest_file::create_from(&db, &admin, blank("XX26"), Some("olympiad")).await;
        assert!(matches!(
            refused.unwrap_err().first_problem(),
            Some((Some("template"), Msg::Template))
        ));
        assert!(
            contests::by_code(&db, "XX26").await.is_err(),
            "nothing was made"
        );
    })
    .await;
}

#[tokio::test]
async fn a_copy_takes_the_setup_not_the_entries_and_a_file_round_trips_exactly() {
    on_each_database(|db| async move {
        let admin = admin(&db).await;
        contest_file::create_from(&db, &admin, blank("HK26"), Some("hackathon"))
            .await
            .unwrap();
        let copy = contest_file::create_from(&db, &admin, blank("HK27"), Some("copy:hk26"))
            .await
            .unwrap();
        assert_eq!(rounds::list(&db, "HK27").await.unwrap().len(), 2);
        assert!(entries::mine(&db, &admin).await.unwrap().is_empty());
        assert!(copy.submissions_open.is_none());

        // Export, import under another code, export again: the same file but for the code.
        let exported = contest_file::export(&db, &Actor::System, "HK26")
            .await
            .unwrap();
        let file = contest_file::parse(&exported).unwrap();
        contest_file::create(&db, &Actor::System, file, Some("HK28"), "file")
            .await
            .unwrap();
        let again = contest_file::export(&db, &Actor::System, "HK28")
            .await
            .unwrap();
        assert_eq!(again.replace("HK28", "HK26"), exported);
        assert!(exported.contains("judges_per_entry = 3"), "{exported}");
    })
    .await;
}

#[tokio::test]
async fn the_rubric_form_replaces_the_criteria_keeps_the_settings_and_the_engine_checks_it() {
    use app::model::CriterionForm;
    on_each_database(|db| async move {
        let admin = admin(&db).await;
        contests::create(&db, &admin, blank("BK26")).await.unwrap();
        rounds::add(&db, &admin, "BK26", round("Vòng sơ khảo", RULES))
            .await
            .unwrap();
        let row = |key: &str, max: &str, step: &str| CriterionForm {
            key: key.into(),
            name_vi: format!("Tiêu chí {key}"),
            name_en: key.into(),
            max_points: max.into(),
            step: step.into(),
            required: Some("on".into()),
            ..Default::default()
        };
        let saved = rounds::update_criteria(
            &db,
            &admin,
            "BK26",
            1,
            &[
                row("solution", "30", "0,5"),
                CriterionForm::default(),
                row("market", "20", "1"),
            ],
        )
        .await
        .unwrap();
        let preview = saved.preview.unwrap();
        assert_eq!(
            preview
                .criteria
                .iter()
                .map(|c| c.key.as_str())
                .collect::<Vec<_>>(),
            ["solution", "market"]
        );
        assert_eq!(preview.max_total, rust_decimal::Decimal::from(50));
        assert_eq!(preview.judges_per_entry, 3, "the settings stay");
        assert_eq!(saved.name_vi, "Vòng sơ khảo");

        // A step that does not divide the range is the engine's refusal, as for the text.
        let refused =
            rounds::update_criteria(&db, &admin, "BK26", 1, &[row("solution", "30", "7")]).await;
        match refused {
            Err(ServiceError::Invalid(p)) => {
                assert!(matches!(p[0].msg, Msg::Rules { .. }), "{p:?}")
            }
            other => panic!("{other:?}"),
        }
        let missing = rounds::update_criteria(&db, &admin, "BK26", 9, &[row("a", "10", "1")]).await;
        assert!(matches!(missing, Err(ServiceError::NotFound)));
    })
    .await;
}
