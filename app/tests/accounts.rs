//! Accounts against a real database: sign-up by mailed link, sign-in and its limits, password
//! reset and change.

mod common;

use app::domain::Lang;
use app::ssr::actor::{self, Actor};
use app::ssr::entities::{outbox, user, user_token};
use app::ssr::messages::{Msg, ServiceError};
use app::ssr::services::accounts::{self, NewAccount};
use chrono::{Duration, Utc};
use common::{founder, last_link_token, on_each_database};
use sea_orm::sea_query::Expr;
use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};

const GOOD: &str = "ngựa-vằn-ăn-cỏ";

fn account<'a>(email: &'a str, password: &'a str) -> NewAccount<'a> {
    NewAccount {
        email,
        name: "Nguyễn Thị Lan",
        password,
        lang: Lang::Vi,
    }
}

fn msg(result: Result<impl std::fmt::Debug, ServiceError>) -> (Option<String>, Msg) {
    match &result {
        Err(e) => match e.first_problem() {
            Some((field, msg)) => (field.map(str::to_owned), msg.clone()),
            None => panic!("expected a validation error, got {result:?}"),
        },
        Ok(_) => panic!("expected a validation error, got {result:?}"),
    }
}

async fn ask(db: &sea_orm::DatabaseConnection, email: &str) -> Result<(), ServiceError> {
    accounts::sign_up(
        db,
        email,
        "Nguyễn Thị Lan",
        Lang::Vi,
        "10.0.0.1",
        "https://thi.example.vn",
    )
    .await
}

#[tokio::test]
async fn a_founder_finishes_the_account_from_the_mailed_link_and_signs_in_with_that_password() {
    on_each_database(|db| async move {
        ask(&db, " Lan@Example.VN ").await.unwrap();
        let mail = outbox::Entity::find().one(&db).await.unwrap().unwrap();
        assert_eq!(mail.recipient, "lan@example.vn");
        assert!(mail.body.contains("https://thi.example.vn/confirm?token="));
        // Not an account yet: nobody can sign in with it.
        assert_eq!(
            msg(accounts::sign_in(&db, "lan@example.vn", "", "10.0.0.1").await),
            (None, Msg::Credentials)
        );
        let token = last_link_token(&db, "/confirm").await;
        let (email, name) = accounts::pending_sign_up(&db, &token).await.unwrap();
        assert_eq!(
            (email.as_str(), name.as_str()),
            ("lan@example.vn", "Nguyễn Thị Lan")
        );
        let created = accounts::finish_sign_up(&db, &token, "Nguyễn Thị Lan", GOOD)
            .await
            .unwrap();
        assert!(!created.is_admin && created.email_confirmed_at.is_some());
        let signed_in = accounts::sign_in(&db, "LAN@example.vn", GOOD, "10.0.0.1")
            .await
            .unwrap();
        assert_eq!(signed_in.id, created.id);
        let reused = accounts::finish_sign_up(&db, &token, "X", "another-fine-pass-9").await;
        assert_eq!(msg(reused), (Some("token".into()), Msg::Token));
    })
    .await;
}

#[tokio::test]
async fn asking_again_for_a_known_email_changes_nothing_and_mails_its_owner() {
    on_each_database(|db| async move {
        founder(&db, "lan@example.vn", "Lan", GOOD).await;
        ask(&db, "LAN@example.vn").await.unwrap();
        let newest = outbox::Entity::find()
            .order_by_desc(outbox::Column::CreatedAt)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(newest.subject, "JuryDesk: bạn đã có tài khoản");
        assert!(
            accounts::sign_in(&db, "lan@example.vn", GOOD, "10.0.0.1")
                .await
                .is_ok()
        );
        assert_eq!(user::Entity::find().count(&db).await.unwrap(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_sign_up_never_finished_is_taken_over_by_the_owners_link() {
    on_each_database(|db| async move {
        // Someone else asked first with Lan's address; only Lan receives the links.
        ask(&db, "lan@example.vn").await.unwrap();
        let first = last_link_token(&db, "/confirm").await;
        ask(&db, "lan@example.vn").await.unwrap();
        let second = last_link_token(&db, "/confirm").await;
        assert_eq!(
            msg(accounts::pending_sign_up(&db, &first).await),
            (Some("token".into()), Msg::Token)
        );
        accounts::finish_sign_up(&db, &second, "Lan", GOOD)
            .await
            .unwrap();
        assert_eq!(user::Entity::find().count(&db).await.unwrap(), 1);
    })
    .await;
}

#[tokio::test]
async fn sign_up_names_the_field_to_fix() {
    on_each_database(|db| async move {
        assert_eq!(
            msg(ask(&db, "lan").await),
            (Some("email".into()), Msg::Email)
        );
        let nameless = accounts::sign_up(
            &db,
            "lan@example.vn",
            "  ",
            Lang::Vi,
            "10.0.0.1",
            "http://x",
        )
        .await;
        assert_eq!(msg(nameless), (Some("name".into()), Msg::Name));
        let control = accounts::sign_up(
            &db,
            "lan@example.vn",
            "Lan\u{0}",
            Lang::Vi,
            "10.0.0.1",
            "http://x",
        )
        .await;
        assert_eq!(msg(control), (Some("name".into()), Msg::ControlCharacters));
        ask(&db, "lan@example.vn").await.unwrap();
        let token = last_link_token(&db, "/confirm").await;
        for (password, reason) in [
            ("short", Msg::PasswordShort),
            ("matkhau123", Msg::PasswordCommon),
            ("aaaaaaaa", Msg::PasswordWeak),
            ("lan@example.vn", Msg::PasswordPersonal),
        ] {
            let refused = accounts::finish_sign_up(&db, &token, "Nguyễn Thị Lan", password).await;
            assert_eq!(
                msg(refused),
                (Some("password".into()), reason),
                "{password}"
            );
        }
        // A refused password keeps the link.
        accounts::finish_sign_up(&db, &token, "Nguyễn Thị Lan", GOOD)
            .await
            .unwrap();
    })
    .await;
}

#[tokio::test]
async fn an_unknown_email_and_a_wrong_password_get_the_same_answer() {
    on_each_database(|db| async move {
        founder(&db, "lan@example.vn", "Lan", GOOD).await;
        let wrong = accounts::sign_in(&db, "lan@example.vn", "wrong password", "10.0.0.1").await;
        let unknown = accounts::sign_in(&db, "nobody@example.vn", GOOD, "10.0.0.1").await;
        assert_eq!(msg(wrong), (None, Msg::Credentials));
        assert_eq!(msg(unknown), (None, Msg::Credentials));
    })
    .await;
}

#[tokio::test]
async fn five_failures_from_one_address_stop_that_address_not_the_owner() {
    on_each_database(|db| async move {
        founder(&db, "lan@example.vn", "Lan", GOOD).await;
        for _ in 0..5 {
            let failed = accounts::sign_in(&db, "lan@example.vn", "nope-nope", "10.9.9.9").await;
            assert_eq!(msg(failed), (None, Msg::Credentials));
        }
        let locked = accounts::sign_in(&db, "lan@example.vn", GOOD, "10.9.9.9").await;
        assert!(matches!(locked, Err(ServiceError::RateLimited)));
        assert!(
            accounts::sign_in(&db, "lan@example.vn", GOOD, "10.1.1.1")
                .await
                .is_ok()
        );
    })
    .await;
}

#[tokio::test]
async fn a_right_password_gives_its_attempt_back() {
    on_each_database(|db| async move {
        founder(&db, "lan@example.vn", "Lan", GOOD).await;
        for _ in 0..10 {
            assert!(
                accounts::sign_in(&db, "lan@example.vn", GOOD, "10.0.0.1")
                    .await
                    .is_ok()
            );
        }
    })
    .await;
}

#[tokio::test]
async fn one_address_is_stopped_after_twenty_failures_across_accounts() {
    on_each_database(|db| async move {
        for i in 0..20 {
            let email = format!("user{i}@example.vn");
            let failed = accounts::sign_in(&db, &email, "nope-nope", "10.6.6.6").await;
            assert_eq!(msg(failed), (None, Msg::Credentials));
        }
        let blocked = accounts::sign_in(&db, "another@example.vn", "nope-nope", "10.6.6.6").await;
        assert!(matches!(blocked, Err(ServiceError::RateLimited)));
        let elsewhere = accounts::sign_in(&db, "another@example.vn", "nope-nope", "10.7.7.7").await;
        assert_eq!(msg(elsewhere), (None, Msg::Credentials));
    })
    .await;
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once() {
    on_each_database(|db| async move {
        founder(&db, "lan@example.vn", "Lan", GOOD).await;
        accounts::request_reset(&db, "lan@example.vn", "10.0.0.1", "https://thi.example.vn")
            .await
            .unwrap();
        let mail = outbox::Entity::find()
            .order_by_desc(outbox::Column::CreatedAt)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(mail.recipient, "lan@example.vn");
        assert_eq!(mail.subject, "JuryDesk: đặt lại mật khẩu");
        assert!(mail.body.contains("https://thi.example.vn/reset?token="));
        let token = last_link_token(&db, "/reset").await;

        accounts::reset_password(&db, &token, "mật-khẩu-mới-2026")
            .await
            .unwrap();
        assert!(
            accounts::sign_in(&db, "lan@example.vn", "mật-khẩu-mới-2026", "10.0.0.1")
                .await
                .is_ok()
        );
        assert_eq!(
            msg(accounts::sign_in(&db, "lan@example.vn", GOOD, "10.0.0.2").await),
            (None, Msg::Credentials)
        );
        let reused = accounts::reset_password(&db, &token, "another-fine-pass-9").await;
        assert_eq!(msg(reused), (Some("token".into()), Msg::Token));
    })
    .await;
}

#[tokio::test]
async fn an_expired_or_wrong_reset_link_is_refused_and_a_weak_password_keeps_the_link() {
    on_each_database(|db| async move {
        founder(&db, "lan@example.vn", "Lan", GOOD).await;
        accounts::request_reset(&db, "lan@example.vn", "10.0.0.1", "http://x")
            .await
            .unwrap();
        let token = last_link_token(&db, "/reset").await;

        let weak = accounts::reset_password(&db, &token, "123456789").await;
        assert_eq!(msg(weak), (Some("password".into()), Msg::PasswordCommon));

        user_token::Entity::update_many()
            .col_expr(
                user_token::Column::ExpiresAt,
                Expr::value(Utc::now() - Duration::minutes(1)),
            )
            .exec(&db)
            .await
            .unwrap();
        let expired = accounts::reset_password(&db, &token, "another-fine-pass-9").await;
        assert_eq!(msg(expired), (Some("token".into()), Msg::Token));
        let wrong = accounts::reset_password(&db, "made-up", "another-fine-pass-9").await;
        assert_eq!(msg(wrong), (Some("token".into()), Msg::Token));
    })
    .await;
}

#[tokio::test]
async fn asking_a_reset_for_an_unknown_email_sends_nothing_and_says_nothing() {
    on_each_database(|db| async move {
        accounts::request_reset(&db, "nobody@example.vn", "10.0.0.1", "http://x")
            .await
            .unwrap();
        assert!(outbox::Entity::find().all(&db).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one() {
    on_each_database(|db| async move {
        let lan = founder(&db, "lan@example.vn", "Lan", GOOD).await;
        let wrong = accounts::change_password(
            &db,
            &actor::load(&db, lan.clone()).await.unwrap(),
            "sai",
            "mật-khẩu-mới-2026",
            true,
        )
        .await;
        assert_eq!(
            msg(wrong),
            (Some("current_password".into()), Msg::PasswordCurrent)
        );
        let kept = accounts::change_password(
            &db,
            &actor::load(&db, lan.clone()).await.unwrap(),
            GOOD,
            "mật-khẩu-mới-2026",
            false,
        )
        .await
        .unwrap();
        assert_eq!(kept.session_epoch, lan.session_epoch);
        let ended = accounts::change_password(
            &db,
            &actor::load(&db, lan.clone()).await.unwrap(),
            "mật-khẩu-mới-2026",
            "thêm-một-mật-khẩu",
            true,
        )
        .await
        .unwrap();
        assert_eq!(ended.session_epoch, lan.session_epoch + 1);
        assert!(
            accounts::sign_in(&db, "lan@example.vn", "thêm-một-mật-khẩu", "10.0.0.1")
                .await
                .is_ok()
        );
    })
    .await;
}

#[tokio::test]
async fn create_admin_makes_a_new_administrator_or_promotes_an_existing_account() {
    on_each_database(|db| async move {
        let (admin, created) =
            accounts::create_admin(&db, &Actor::System, account("admin@so-khcn.vn", GOOD))
                .await
                .unwrap();
        assert!(created && admin.is_admin);
        founder(&db, "lan@example.vn", "Lan", GOOD).await;
        let (lan, created) = accounts::create_admin(
            &db,
            &Actor::System,
            account("lan@example.vn", "ignored-pass"),
        )
        .await
        .unwrap();
        assert!(!created && lan.is_admin);
        assert!(
            accounts::sign_in(&db, "lan@example.vn", GOOD, "10.0.0.1")
                .await
                .is_ok()
        );
    })
    .await;
}
