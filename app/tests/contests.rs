//! Contests and invitations against a real database.

mod common;

use app::domain::Lang;
use app::model::{NewCategory, NewContest, Role};
use app::ssr::actor::{self, Actor};
use app::ssr::entities::{invitation, outbox, user};
use app::ssr::messages::{Msg, ServiceError};
use app::ssr::services::invitations::{self, NewInvitation};
use app::ssr::services::{PageRequest, contests};
use chrono::{Duration, Utc};
use common::on_each_database;
use sea_orm::sea_query::Expr;
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};

const PASS: &str = "ngựa-vằn-ăn-cỏ";

use common::admin;

/// The actor of `user` as a request would resolve it now.
async fn as_actor(db: &DatabaseConnection, user: &user::Model) -> Actor {
    actor::load(db, user.clone()).await.unwrap()
}

/// The roles of `user`, as their next request sees them.
async fn roles(db: &DatabaseConnection, user: &user::Model) -> Vec<app::model::MyRole> {
    let actor = as_actor(db, user).await;
    let person = actor.person().expect("a person");
    contests::roles_of(db, &person.memberships).await.unwrap()
}

/// The first reason of a refusal.
fn reason<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> Msg {
    match &result {
        Err(e) => e
            .first_problem()
            .map(|(_, m)| m.clone())
            .unwrap_or_else(|| panic!("expected a validation error, got {result:?}")),
        Ok(_) => panic!("expected a validation error, got {result:?}"),
    }
}

async fn founder(db: &DatabaseConnection, email: &str) -> user::Model {
    common::founder(db, email, "Trần Văn Minh", PASS).await
}

fn contest(code: &str) -> NewContest {
    NewContest {
        code: code.into(),
        name_vi: "Cuộc thi Ý tưởng khởi nghiệp Lạng Sơn 2025".into(),
        name_en: "Lạng Sơn Startup Idea Contest 2025".into(),
        description_vi: "Thể lệ và thời gian nộp hồ sơ.".into(),
        description_en: "Rules and deadlines.".into(),
        time_zone: "Asia/Ho_Chi_Minh".into(),
    }
}

#[tokio::test]
async fn an_administrator_creates_a_contest_that_the_public_can_find_by_code() {
    on_each_database(|db| async move {
        let admin = admin(&db).await;
        let created = contests::create(&db, &admin, contest("ls-2025"))
            .await
            .unwrap();
        assert_eq!(created.code, "LS-2025");
        assert_eq!(
            created.name(Lang::Vi),
            "Cuộc thi Ý tưởng khởi nghiệp Lạng Sơn 2025"
        );
        assert_eq!(created.name(Lang::En), "Lạng Sơn Startup Idea Contest 2025");
        let (listed, total) = contests::list(&db, PageRequest::new(None, 20))
            .await
            .unwrap();
        assert_eq!((listed, total), (vec![created.clone()], 1));
        // A contest's own page gets its rules text rendered; lists do not.
        let found = contests::by_code(&db, "ls-2025").await.unwrap();
        assert_eq!(
            found.description_html_vi,
            "<p>Thể lệ và thời gian nộp hồ sơ.</p>\n"
        );
        let unrendered = app::model::ContestSummary {
            description_html_vi: String::new(),
            description_html_en: String::new(),
            ..found
        };
        assert_eq!(unrendered, created);
        assert!(matches!(
            contests::by_code(&db, "NOPE").await,
            Err(ServiceError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn only_an_administrator_creates_contests() {
    on_each_database(|db| async move {
        let lan = founder(&db, "lan@example.vn").await;
        let refused = contests::create(&db, &as_actor(&db, &lan).await, contest("LS-2025")).await;
        assert!(
            matches!(refused, Err(ServiceError::Forbidden)),
            "{refused:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_contest_code_is_used_once_and_bad_fields_are_named() {
    on_each_database(|db| async move {
        let admin = admin(&db).await;
        contests::create(&db, &admin, contest("LS-2025"))
            .await
            .unwrap();
        let cases = [
            (contest("ls-2025"), "code", Msg::ContestCodeTaken),
            (contest("LS 2025"), "code", Msg::ContestCode),
            (
                NewContest {
                    name_en: " ".into(),
                    ..contest("X-1")
                },
                "name_en",
                Msg::ContestName,
            ),
            (
                NewContest {
                    time_zone: "Hà Nội".into(),
                    ..contest("X-2")
                },
                "time_zone",
                Msg::TimeZone,
            ),
        ];
        for (input, field, expected) in cases {
            let refused = contests::create(&db, &admin, input).await;
            match refused.as_ref().err().and_then(|e| e.first_problem()) {
                Some((f, msg)) => assert_eq!((f, msg), (Some(field), &expected)),
                None => panic!("expected a refusal of {field}, got {refused:?}"),
            }
        }
    })
    .await;
}

#[tokio::test]
async fn the_contest_list_is_paged_newest_first() {
    on_each_database(|db| async move {
        let admin = admin(&db).await;
        for i in 0..5 {
            contests::create(&db, &admin, contest(&format!("C-{i}")))
                .await
                .unwrap();
        }
        let (first, total) = contests::list(&db, PageRequest::new(Some(1), 2))
            .await
            .unwrap();
        let (third, _) = contests::list(&db, PageRequest::new(Some(3), 2))
            .await
            .unwrap();
        assert_eq!(total, 5);
        assert_eq!(
            first.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(),
            ["C-4", "C-3"]
        );
        assert_eq!(
            third.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(),
            ["C-0"]
        );
    })
    .await;
}

async fn invite(
    db: &DatabaseConnection,
    by: &Actor,
    contest_id: uuid::Uuid,
    email: &str,
    role: &str,
) -> Result<String, ServiceError> {
    invite_to(db, by, contest_id, email, role, "").await
}

async fn invite_to(
    db: &DatabaseConnection,
    by: &Actor,
    contest_id: uuid::Uuid,
    email: &str,
    role: &str,
    categories: &str,
) -> Result<String, ServiceError> {
    let input = NewInvitation {
        contest_id,
        email,
        role,
        categories,
        name: "",
        organisation: "",
        max_load: "",
        lang: Lang::Vi,
    };
    invitations::invite(db, by, input, "https://thi.example.vn").await
}

fn token_of(link: &str) -> String {
    link.split("token=").nth(1).unwrap().to_owned()
}

#[tokio::test]
async fn an_invited_judge_accepts_once_and_gets_the_role_in_that_contest() {
    on_each_database(|db| async move {
        let admin = admin(&db).await;
        let c = contests::create(&db, &admin, contest("LS-2025"))
            .await
            .unwrap();
        let judge = founder(&db, "gk.minh@example.vn").await;
        let link = invite(&db, &admin, c.id, "GK.Minh@example.vn", "judge")
            .await
            .unwrap();
        let mail = outbox::Entity::find()
            .order_by_desc(outbox::Column::CreatedAt)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(mail.recipient, "gk.minh@example.vn");
        assert!(mail.body.contains(&link) && mail.body.contains("giám khảo"));

        let view = invitations::view(&db, &token_of(&link)).await.unwrap();
        assert_eq!(
            (view.role, view.email.as_str(), view.account_exists),
            (Role::Judge, "gk.minh@example.vn", true)
        );
        assert_eq!(
            invitations::accept(&db, &as_actor(&db, &judge).await, &token_of(&link))
                .await
                .unwrap(),
            "LS-2025"
        );

        let roles = roles(&db, &judge).await;
        assert_eq!(roles.len(), 1);
        assert_eq!(
            (roles[0].contest.code.as_str(), roles[0].role),
            ("LS-2025", Role::Judge)
        );
        assert!(roles[0].categories.is_empty());
        let again = invitations::accept(&db, &as_actor(&db, &judge).await, &token_of(&link)).await;
        assert_eq!(reason(again), Msg::Token);
    })
    .await;
}

#[tokio::test]
async fn an_invitation_is_for_its_email_and_expires() {
    on_each_database(|db| async move {
        let admin = admin(&db).await;
        let c = contests::create(&db, &admin, contest("LS-2025"))
            .await
            .unwrap();
        let other = founder(&db, "other@example.vn").await;
        let link = invite(&db, &admin, c.id, "gk@example.vn", "committee")
            .await
            .unwrap();
        let refused =
            invitations::accept(&db, &as_actor(&db, &other).await, &token_of(&link)).await;
        assert_eq!(
            reason(refused),
            Msg::InviteEmail {
                email: "gk@example.vn".into()
            }
        );
        invitation::Entity::update_many()
            .col_expr(
                invitation::Column::ExpiresAt,
                Expr::value(Utc::now() - Duration::days(1)),
            )
            .exec(&db)
            .await
            .unwrap();
        let expired = invitations::view(&db, &token_of(&link)).await;
        assert_eq!(reason(expired), Msg::Token);
    })
    .await;
}

#[tokio::test]
async fn someone_without_an_account_accepts_by_creating_one_for_the_invited_email() {
    on_each_database(|db| async move {
        let admin = admin(&db).await;
        let c = contests::create(&db, &admin, contest("LS-2025"))
            .await
            .unwrap();
        let link = invite(&db, &admin, c.id, "new.judge@example.vn", "judge")
            .await
            .unwrap();
        let weak = invitations::accept_with_new_account(
            &db,
            &token_of(&link),
            "Lê Hoa",
            "short",
            Lang::Vi,
        )
        .await;
        assert_eq!(reason(weak), Msg::PasswordShort);
        let (user, code) =
            invitations::accept_with_new_account(&db, &token_of(&link), "Lê Hoa", PASS, Lang::En)
                .await
                .unwrap();
        assert_eq!(
            (user.email.as_str(), Lang::from(user.lang), code.as_str()),
            ("new.judge@example.vn", Lang::En, "LS-2025")
        );
        assert_eq!(roles(&db, &user).await[0].role, Role::Judge);
    })
    .await;
}

#[tokio::test]
async fn a_founder_may_not_invite_anyone() {
    on_each_database(|db| async move {
        let admin = admin(&db).await;
        let c = contests::create(&db, &admin, contest("LS-2025"))
            .await
            .unwrap();
        let lan = founder(&db, "lan@example.vn").await;
        let refused = invite(
            &db,
            &as_actor(&db, &lan).await,
            c.id,
            "friend@example.vn",
            "judge",
        )
        .await;
        assert!(
            matches!(refused, Err(ServiceError::Forbidden)),
            "{refused:?}"
        );
        let bad_role = invite(&db, &admin, c.id, "friend@example.vn", "king").await;
        assert_eq!(reason(bad_role), Msg::Role);
    })
    .await;
}

fn category(code: &str, vi: &str, en: &str) -> NewCategory {
    NewCategory {
        code: code.into(),
        name_vi: vi.into(),
        name_en: en.into(),
    }
}

#[tokio::test]
async fn a_sub_committee_member_is_invited_for_category_rows_and_keeps_them() {
    on_each_database(|db| async move {
        let admin = admin(&db).await;
        let c = contests::create(&db, &admin, contest("LS-2025"))
            .await
            .unwrap();
        for (code, vi, en) in [
            ("sv", "Sinh viên", "Students"),
            ("DN", "Doanh nghiệp", "Firms"),
        ] {
            contests::add_category(&db, &admin, "ls-2025", category(code, vi, en))
                .await
                .unwrap();
        }
        let taken = contests::add_category(&db, &admin, "LS-2025", category("SV", "A", "B")).await;
        assert_eq!(reason(taken), Msg::CategoryCodeTaken);
        let listed = contests::categories(&db, c.id).await.unwrap();
        assert_eq!(
            listed.iter().map(|k| k.code.as_str()).collect::<Vec<_>>(),
            ["SV", "DN"]
        );

        let refused = invite_to(&db, &admin, c.id, "bad email", "judge", "SV, XX").await;
        match refused {
            Err(ServiceError::Invalid(problems)) => assert_eq!(
                problems
                    .iter()
                    .map(|p| (p.path.as_deref(), p.msg.code()))
                    .collect::<Vec<_>>(),
                [
                    (Some("email"), "account.email_invalid"),
                    (Some("categories"), "category.unknown")
                ]
            ),
            other => panic!("expected every problem at once, got {other:?}"),
        }
        // Categories limit a sub-committee and are a judge's expertise; the full committee
        // takes none.
        let committee_with_categories =
            invite_to(&db, &admin, c.id, "btc@example.vn", "committee", "SV").await;
        assert_eq!(reason(committee_with_categories), Msg::CategoriesForRole);
        assert!(
            invite_to(&db, &admin, c.id, "gk@example.vn", "judge", "SV")
                .await
                .is_ok()
        );

        let member = founder(&db, "tieuban@example.vn").await;
        let link = invite_to(
            &db,
            &admin,
            c.id,
            "tieuban@example.vn",
            "sub_committee",
            "sv, dn",
        )
        .await
        .unwrap();
        let view = invitations::view(&db, &token_of(&link)).await.unwrap();
        assert_eq!(view.role, Role::SubCommittee);
        assert_eq!(view.categories.len(), 2);
        invitations::accept(&db, &as_actor(&db, &member).await, &token_of(&link))
            .await
            .unwrap();
        let roles = roles(&db, &member).await;
        assert_eq!(roles[0].role, Role::SubCommittee);
        let mut codes: Vec<_> = roles[0].categories.iter().map(|k| k.code.clone()).collect();
        codes.sort();
        assert_eq!(codes, ["DN", "SV"]);

        // A sub-committee member neither sets the contest up nor invites.
        let sub = as_actor(&db, &member).await;
        let refused = contests::add_category(&db, &sub, "LS-2025", category("XX", "X", "X")).await;
        assert!(
            matches!(refused, Err(ServiceError::Forbidden)),
            "{refused:?}"
        );
        let refused = invite(&db, &sub, c.id, "friend@example.vn", "judge").await;
        assert!(
            matches!(refused, Err(ServiceError::Forbidden)),
            "{refused:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn an_unknown_stored_role_is_an_error_not_a_judge() {
    use sea_orm::ConnectionTrait;
    on_each_database(|db| async move {
        let admin = admin(&db).await;
        let c = contests::create(&db, &admin, contest("LS-2025"))
            .await
            .unwrap();
        let judge = founder(&db, "gk@example.vn").await;
        let link = invite(&db, &admin, c.id, "gk@example.vn", "judge")
            .await
            .unwrap();
        invitations::accept(&db, &as_actor(&db, &judge).await, &token_of(&link))
            .await
            .unwrap();
        db.execute_unprepared("UPDATE contest_roles SET role = 'king'")
            .await
            .unwrap();
        let read = actor::load(&db, judge.clone()).await;
        assert!(matches!(read, Err(ServiceError::Db(_))), "{read:?}");
    })
    .await;
}

#[tokio::test]
async fn the_committee_sees_its_members_and_open_invitations_and_no_one_else_does() {
    on_each_database(|db| async move {
        let admin = admin(&db).await;
        let c = contests::create(&db, &admin, contest("LS-2025"))
            .await
            .unwrap();
        contests::add_category(
            &db,
            &admin,
            "LS-2025",
            category("SV", "Sinh viên", "Students"),
        )
        .await
        .unwrap();
        let chair = founder(&db, "chu-tich@example.vn").await;
        let link = invite(&db, &admin, c.id, "chu-tich@example.vn", "committee")
            .await
            .unwrap();
        invitations::accept(&db, &as_actor(&db, &chair).await, &token_of(&link))
            .await
            .unwrap();
        let chair = as_actor(&db, &chair).await;
        // The committee invites a sub-committee member for SV; the invitation is still open.
        invite_to(
            &db,
            &chair,
            c.id,
            "tieuban@example.vn",
            "sub_committee",
            "SV",
        )
        .await
        .unwrap();
        let members = invitations::members(&db, &chair, "ls-2025").await.unwrap();
        assert_eq!(
            members
                .iter()
                .map(|m| (
                    m.email.as_str(),
                    m.role,
                    m.categories.clone(),
                    m.pending_until.is_some()
                ))
                .collect::<Vec<_>>(),
            [
                ("chu-tich@example.vn", Role::Committee, vec![], false),
                (
                    "tieuban@example.vn",
                    Role::SubCommittee,
                    vec!["SV".to_string()],
                    true
                ),
            ]
        );
        let judge = founder(&db, "gk@example.vn").await;
        let refused = invitations::members(&db, &as_actor(&db, &judge).await, "LS-2025").await;
        assert!(
            matches!(refused, Err(ServiceError::Forbidden)),
            "{refused:?}"
        );
        let refused = invitations::members(&db, &Actor::Anonymous, "LS-2025").await;
        assert!(
            matches!(refused, Err(ServiceError::Unauthenticated)),
            "{refused:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_committee_changes_the_contest_details_and_the_log_keeps_before_and_after() {
    use app::model::ContestSettings;
    use app::ssr::entities::audit_log;
    use sea_orm::{ColumnTrait, QueryFilter};
    on_each_database(|db| async move {
        let admin = admin(&db).await;
        let c = contests::create(&db, &admin, contest("LS-2025"))
            .await
            .unwrap();
        let settings = |name_en: &str, time_zone: &str| ContestSettings {
            name_vi: c.name_vi.clone(),
            name_en: name_en.into(),
            description_vi: c.description_vi.clone(),
            description_en: c.description_en.clone(),
            time_zone: time_zone.into(),
            ..ContestSettings::default()
        };
        let refused =
            contests::update_settings(&db, &admin, "LS-2025", settings(" ", "Hà Nội")).await;
        match refused {
            Err(ServiceError::Invalid(problems)) => assert_eq!(
                problems
                    .iter()
                    .map(|p| p.path.as_deref())
                    .collect::<Vec<_>>(),
                [Some("name_en"), Some("time_zone")]
            ),
            other => panic!("expected both fields refused, got {other:?}"),
        }
        let saved = contests::update_settings(
            &db,
            &admin,
            "ls-2025",
            settings("Lạng Sơn Startup Contest 2026", "Asia/Ho_Chi_Minh"),
        )
        .await
        .unwrap();
        assert_eq!(saved.name_en, "Lạng Sơn Startup Contest 2026");
        let record = audit_log::Entity::find()
            .filter(audit_log::Column::Kind.eq("contest.updated"))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            record.changes,
            r#"{"name_en":["Lạng Sơn Startup Idea Contest 2025","Lạng Sơn Startup Contest 2026"]}"#
        );

        let judge = founder(&db, "gk@example.vn").await;
        let refused = contests::update_settings(
            &db,
            &as_actor(&db, &judge).await,
            "LS-2025",
            settings("Mine", "UTC"),
        )
        .await;
        assert!(
            matches!(refused, Err(ServiceError::Forbidden)),
            "{refused:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_committee_renames_reorders_and_removes_categories_no_one_uses() {
    on_each_database(|db| async move {
        let admin = admin(&db).await;
        contests::create(&db, &admin, contest("LS-2025"))
            .await
            .unwrap();
        for (code, name) in [
            ("AG", "Nông nghiệp"),
            ("IT", "Công nghệ"),
            ("DL", "Du lịch"),
        ] {
            contests::add_category(
                &db,
                &admin,
                "LS-2025",
                NewCategory {
                    code: code.into(),
                    name_vi: name.into(),
                    name_en: code.into(),
                },
            )
            .await
            .unwrap();
        }
        let c = contests::by_code(&db, "LS-2025").await.unwrap();
        let order = |db: DatabaseConnection| async move {
            contests::categories(&db, c.id)
                .await
                .unwrap()
                .into_iter()
                .map(|k| k.code)
                .collect::<Vec<_>>()
        };
        contests::move_category(&db, &admin, "LS-2025", "dl", true)
            .await
            .unwrap();
        assert_eq!(order(db.clone()).await, ["AG", "DL", "IT"]);
        contests::move_category(&db, &admin, "LS-2025", "AG", true)
            .await
            .unwrap();
        assert_eq!(
            order(db.clone()).await,
            ["AG", "DL", "IT"],
            "the first stays first"
        );
        let renamed =
            contests::rename_category(&db, &admin, "LS-2025", "DL", "Du lịch – dịch vụ", "Tourism")
                .await
                .unwrap();
        assert_eq!(
            (renamed.code.as_str(), renamed.name_vi.as_str()),
            ("DL", "Du lịch – dịch vụ")
        );
        let blank = contests::rename_category(&db, &admin, "LS-2025", "DL", " ", "Tourism").await;
        assert_eq!(reason(blank), Msg::CategoryName);

        // A category a sub-committee member works in stays.
        let link = invitations::invite(
            &db,
            &admin,
            NewInvitation {
                contest_id: c.id,
                email: "it@example.vn",
                role: "sub_committee",
                categories: "IT",
                name: "",
                organisation: "",
                max_load: "",
                lang: Lang::Vi,
            },
            "http://x",
        )
        .await
        .unwrap();
        assert!(!link.is_empty());
        let used = contests::remove_category(&db, &admin, "LS-2025", "IT").await;
        assert_eq!(
            reason(used),
            Msg::CategoryInUse {
                entries: 0,
                people: 1
            }
        );
        contests::remove_category(&db, &admin, "LS-2025", "AG")
            .await
            .unwrap();
        assert_eq!(order(db.clone()).await, ["DL", "IT"]);

        // Only the committee.
        let someone = founder(&db, "an@example.vn").await;
        let someone = as_actor(&db, &someone).await;
        let refused = contests::remove_category(&db, &someone, "LS-2025", "DL").await;
        assert!(
            matches!(refused, Err(ServiceError::Forbidden)),
            "{refused:?}"
        );
    })
    .await;
}
