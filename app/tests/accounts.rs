//! Accounts against a real database: sign-up, sign-in and its limits, password reset.

mod common;

use app::domain::Lang;
use app::ssr::entities::{outbox, user_token};
use app::ssr::messages::{Msg, ServiceError};
use app::ssr::services::accounts::{self, NewAccount};
use chrono::{Duration, Utc};
use common::on_each_database;
use sea_orm::sea_query::Expr;
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};

const GOOD: &str = "ngựa-vằn-ăn-cỏ";

fn account<'a>(email: &'a str, password: &'a str) -> NewAccount<'a> {
    NewAccount {
        email,
        name: "Nguyễn Thị Lan",
        password,
        lang: Lang::Vi,
    }
}

fn msg(result: Result<impl std::fmt::Debug, ServiceError>) -> (Option<&'static str>, Msg) {
    match result {
        Err(ServiceError::Invalid { field, msg }) => (field, msg),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_founder_signs_up_and_signs_in_with_that_password() {
    on_each_database(|db| async move {
        let created = accounts::sign_up(&db, account(" Lan@Example.VN ", GOOD))
            .await
            .unwrap();
        assert_eq!(created.email, "lan@example.vn");
        assert_eq!(created.name, "Nguyễn Thị Lan");
        assert!(!created.is_admin);
        assert!(created.password_hash.starts_with("$argon2id$"));
        let signed_in = accounts::sign_in(&db, "LAN@example.vn", GOOD, "10.0.0.1")
            .await
            .unwrap();
        assert_eq!(signed_in.id, created.id);
    })
    .await;
}

#[tokio::test]
async fn sign_up_refuses_an_email_that_already_has_an_account_whatever_its_case() {
    on_each_database(|db| async move {
        accounts::sign_up(&db, account("lan@example.vn", GOOD))
            .await
            .unwrap();
        let again = accounts::sign_up(&db, account("LAN@example.vn", GOOD)).await;
        assert_eq!(msg(again), (Some("email"), Msg::EmailTaken));
    })
    .await;
}

#[tokio::test]
async fn sign_up_names_the_field_to_fix() {
    on_each_database(|db| async move {
        assert_eq!(
            msg(accounts::sign_up(&db, account("lan", GOOD)).await),
            (Some("email"), Msg::Email)
        );
        assert_eq!(
            msg(accounts::sign_up(&db, account("lan@example.vn", "short")).await),
            (Some("password"), Msg::PasswordShort)
        );
        assert_eq!(
            msg(accounts::sign_up(&db, account("lan@example.vn", "matkhau123")).await),
            (Some("password"), Msg::PasswordCommon)
        );
        let nameless = NewAccount {
            name: "  ",
            ..account("lan@example.vn", GOOD)
        };
        assert_eq!(
            msg(accounts::sign_up(&db, nameless).await),
            (Some("name"), Msg::Name)
        );
    })
    .await;
}

#[tokio::test]
async fn an_unknown_email_and_a_wrong_password_get_the_same_answer() {
    on_each_database(|db| async move {
        accounts::sign_up(&db, account("lan@example.vn", GOOD))
            .await
            .unwrap();
        let wrong = accounts::sign_in(&db, "lan@example.vn", "wrong password", "10.0.0.1").await;
        let unknown = accounts::sign_in(&db, "nobody@example.vn", GOOD, "10.0.0.1").await;
        assert_eq!(msg(wrong), (None, Msg::Credentials));
        assert_eq!(msg(unknown), (None, Msg::Credentials));
    })
    .await;
}

#[tokio::test]
async fn an_account_is_locked_for_a_while_after_five_failed_sign_ins() {
    on_each_database(|db| async move {
        accounts::sign_up(&db, account("lan@example.vn", GOOD))
            .await
            .unwrap();
        for i in 0..accounts::MAX_FAILURES_PER_ACCOUNT {
            let address = format!("10.0.0.{i}");
            assert!(
                accounts::sign_in(&db, "lan@example.vn", "nope-nope", &address)
                    .await
                    .is_err()
            );
        }
        // Even the right password is refused now, from any address.
        let locked = accounts::sign_in(&db, "lan@example.vn", GOOD, "10.9.9.9").await;
        assert!(
            matches!(locked, Err(ServiceError::RateLimited)),
            "{locked:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn one_address_is_stopped_after_twenty_failures_across_accounts() {
    on_each_database(|db| async move {
        for i in 0..accounts::MAX_FAILURES_PER_ADDRESS {
            let email = format!("guess{i}@example.vn");
            assert!(
                accounts::sign_in(&db, &email, "nope-nope", "10.6.6.6")
                    .await
                    .is_err()
            );
        }
        let blocked = accounts::sign_in(&db, "another@example.vn", "nope-nope", "10.6.6.6").await;
        assert!(
            matches!(blocked, Err(ServiceError::RateLimited)),
            "{blocked:?}"
        );
        let elsewhere = accounts::sign_in(&db, "another@example.vn", "nope-nope", "10.7.7.7").await;
        assert_eq!(msg(elsewhere), (None, Msg::Credentials));
    })
    .await;
}

/// The token in the newest mail's link.
async fn last_link_token(db: &DatabaseConnection) -> String {
    let mail = outbox::Entity::find()
        .order_by_desc(outbox::Column::CreatedAt)
        .one(db)
        .await
        .unwrap()
        .expect("a mail in the outbox");
    let start = mail.body.find("token=").expect("a link with a token") + "token=".len();
    mail.body[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once() {
    on_each_database(|db| async move {
        accounts::sign_up(&db, account("lan@example.vn", GOOD))
            .await
            .unwrap();
        accounts::request_reset(&db, "lan@example.vn", "https://thi.example.vn")
            .await
            .unwrap();
        let mail = outbox::Entity::find().one(&db).await.unwrap().unwrap();
        assert_eq!(mail.recipient, "lan@example.vn");
        assert_eq!(mail.subject, "JuryDesk: đặt lại mật khẩu");
        assert!(mail.body.contains("https://thi.example.vn/reset?token="));
        let token = last_link_token(&db).await;

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

        let reused = accounts::reset_password(&db, &token, "another-fine-pass").await;
        assert_eq!(msg(reused), (Some("token"), Msg::Token));
    })
    .await;
}

#[tokio::test]
async fn an_expired_or_wrong_reset_link_is_refused_and_a_weak_password_keeps_the_link() {
    on_each_database(|db| async move {
        accounts::sign_up(&db, account("lan@example.vn", GOOD))
            .await
            .unwrap();
        accounts::request_reset(&db, "lan@example.vn", "http://x")
            .await
            .unwrap();
        let token = last_link_token(&db).await;

        let weak = accounts::reset_password(&db, &token, "123456789").await;
        assert_eq!(msg(weak), (Some("password"), Msg::PasswordCommon));

        user_token::Entity::update_many()
            .col_expr(
                user_token::Column::ExpiresAt,
                Expr::value(Utc::now() - Duration::minutes(1)),
            )
            .exec(&db)
            .await
            .unwrap();
        let expired = accounts::reset_password(&db, &token, "another-fine-pass").await;
        assert_eq!(msg(expired), (Some("token"), Msg::Token));
        let wrong = accounts::reset_password(&db, "made-up", "another-fine-pass").await;
        assert_eq!(msg(wrong), (Some("token"), Msg::Token));
    })
    .await;
}

#[tokio::test]
async fn asking_a_reset_for_an_unknown_email_sends_nothing_and_says_nothing() {
    on_each_database(|db| async move {
        accounts::request_reset(&db, "nobody@example.vn", "http://x")
            .await
            .unwrap();
        assert!(outbox::Entity::find().all(&db).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn create_admin_makes_a_new_administrator_or_promotes_an_existing_account() {
    on_each_database(|db| async move {
        let (admin, created) = accounts::create_admin(&db, account("admin@so-khcn.vn", GOOD))
            .await
            .unwrap();
        assert!(created && admin.is_admin);
        accounts::sign_up(&db, account("lan@example.vn", GOOD))
            .await
            .unwrap();
        let (lan, created) = accounts::create_admin(&db, account("lan@example.vn", "ignored-pass"))
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
