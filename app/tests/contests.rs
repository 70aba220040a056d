//! Contests and invitations against a real database.

mod common;

use app::api::contests::{ContestRole, NewContest};
use app::domain::Lang;
use app::ssr::entities::{invitation, outbox, user};
use app::ssr::messages::{Msg, ServiceError};
use app::ssr::services::accounts::{self, NewAccount};
use app::ssr::services::invitations::{self, NewInvitation};
use app::ssr::services::{PageRequest, contests};
use chrono::{Duration, Utc};
use common::on_each_database;
use sea_orm::sea_query::Expr;
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};

const PASS: &str = "ngựa-vằn-ăn-cỏ";

async fn admin(db: &DatabaseConnection) -> user::Model {
    let account = NewAccount {
        email: "admin@so-khcn.vn",
        name: "Ban Tổ chức",
        password: PASS,
        lang: Lang::Vi,
    };
    accounts::create_admin(db, account).await.unwrap().0
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
        assert_eq!(contests::by_code(&db, "ls-2025").await.unwrap(), created);
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
        let refused = contests::create(&db, &lan, contest("LS-2025")).await;
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
            match contests::create(&db, &admin, input).await {
                Err(ServiceError::Invalid { field: f, msg }) => {
                    assert_eq!((f, msg), (Some(field), expected))
                }
                other => panic!("expected a refusal of {field}, got {other:?}"),
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
    by: &user::Model,
    contest_id: uuid::Uuid,
    email: &str,
    role: &str,
) -> Result<String, ServiceError> {
    let input = NewInvitation {
        contest_id,
        email,
        role,
        categories: "sv, dn",
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
            (ContestRole::Judge, "gk.minh@example.vn", true)
        );
        assert_eq!(
            invitations::accept(&db, &token_of(&link), &judge)
                .await
                .unwrap(),
            "LS-2025"
        );

        let roles = contests::roles_of(&db, judge.id).await.unwrap();
        assert_eq!(roles.len(), 1);
        assert_eq!(
            (roles[0].contest.code.as_str(), roles[0].role),
            ("LS-2025", ContestRole::Judge)
        );
        assert_eq!(
            roles[0].categories,
            vec!["SV".to_string(), "DN".to_string()]
        );
        let again = invitations::accept(&db, &token_of(&link), &judge).await;
        assert!(
            matches!(
                again,
                Err(ServiceError::Invalid {
                    msg: Msg::Token,
                    ..
                })
            ),
            "{again:?}"
        );
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
        match invitations::accept(&db, &token_of(&link), &other).await {
            Err(ServiceError::Invalid {
                msg: Msg::InviteEmail { email },
                ..
            }) => assert_eq!(email, "gk@example.vn"),
            res => panic!("expected a refusal, got {res:?}"),
        }
        invitation::Entity::update_many()
            .col_expr(
                invitation::Column::ExpiresAt,
                Expr::value(Utc::now() - Duration::days(1)),
            )
            .exec(&db)
            .await
            .unwrap();
        let expired = invitations::view(&db, &token_of(&link)).await;
        assert!(
            matches!(
                expired,
                Err(ServiceError::Invalid {
                    msg: Msg::Token,
                    ..
                })
            ),
            "{expired:?}"
        );
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
        assert!(
            matches!(
                weak,
                Err(ServiceError::Invalid {
                    msg: Msg::PasswordShort,
                    ..
                })
            ),
            "{weak:?}"
        );
        let (user, code) =
            invitations::accept_with_new_account(&db, &token_of(&link), "Lê Hoa", PASS, Lang::En)
                .await
                .unwrap();
        assert_eq!(
            (user.email.as_str(), user.lang.as_str(), code.as_str()),
            ("new.judge@example.vn", "en", "LS-2025")
        );
        assert_eq!(
            contests::roles_of(&db, user.id).await.unwrap()[0].role,
            ContestRole::Judge
        );
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
        let refused = invite(&db, &lan, c.id, "friend@example.vn", "judge").await;
        assert!(
            matches!(refused, Err(ServiceError::Forbidden)),
            "{refused:?}"
        );
        let bad_role = invite(&db, &admin, c.id, "friend@example.vn", "king").await;
        assert!(
            matches!(bad_role, Err(ServiceError::Invalid { msg: Msg::Role, .. })),
            "{bad_role:?}"
        );
    })
    .await;
}
