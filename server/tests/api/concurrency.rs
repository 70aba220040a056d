//! Many people at once, on SQLite as on PostgreSQL: every write waits its turn (no 500, no
//! "database is locked"), every limit holds, and every single-use link works once.

use crate::helpers::{PASSWORD, TestApp, address_for, admin_actor, new_contest, on_each_backend};
use app::ssr::entities::{contest_role, invitation, outbox, user, user_token};
use app::ssr::services::{contests, invitations};
use reqwest::{RequestBuilder, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tokio::task::JoinSet;

/// Sends every request at once and returns the statuses in order.
async fn all_at_once(requests: Vec<RequestBuilder>) -> Vec<StatusCode> {
    let mut set = JoinSet::new();
    for (i, req) in requests.into_iter().enumerate() {
        set.spawn(async move { (i, req.send().await.expect("an answer").status()) });
    }
    let mut statuses = vec![StatusCode::OK; set.len()];
    while let Some(done) = set.join_next().await {
        let (i, status) = done.unwrap();
        statuses[i] = status;
    }
    statuses
}

fn count(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

/// A server function call from `address`, as the hydrated page makes it.
fn call_from(app: &TestApp, path: &str, address: &str, fields: &[(&str, &str)]) -> RequestBuilder {
    app.post(path, "application/json", fields)
        .header("x-forwarded-for", address)
}

fn email(i: usize) -> String {
    format!("nguoi-{i}@example.vn")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_sign_ups_resets_and_invitation_acceptances_at_once_are_each_stored_once() {
    on_each_backend(|app| async move {
        let db = app.db().await;
        let emails: Vec<String> = (0..100).map(email).collect();

        let asks = emails
            .iter()
            .map(|e| {
                call_from(
                    &app,
                    "/api/sign_up",
                    &address_for(e),
                    &[("email", e), ("name", "Người Thi")],
                )
            })
            .collect();
        let statuses = all_at_once(asks).await;
        assert_eq!(count(&statuses, StatusCode::OK), 100, "{statuses:?}");
        assert_eq!(user::Entity::find().count(&db).await.unwrap(), 100);
        assert_eq!(outbox::Entity::find().count(&db).await.unwrap(), 100);

        let mut finishes = Vec::new();
        for e in &emails {
            let token = app.last_token(e, "/confirm").await;
            finishes.push(call_from(
                &app,
                "/api/finish_sign_up",
                &address_for(e),
                &[
                    ("token", &token),
                    ("name", "Người Thi"),
                    ("password", PASSWORD),
                ],
            ));
        }
        let statuses = all_at_once(finishes).await;
        assert_eq!(count(&statuses, StatusCode::OK), 100, "{statuses:?}");
        let confirmed = user::Entity::find()
            .filter(user::Column::EmailConfirmedAt.is_not_null())
            .count(&db)
            .await
            .unwrap();
        assert_eq!(confirmed, 100);

        let resets = emails
            .iter()
            .map(|e| call_from(&app, "/api/request_reset", &address_for(e), &[("email", e)]))
            .collect();
        let statuses = all_at_once(resets).await;
        assert_eq!(count(&statuses, StatusCode::OK), 100, "{statuses:?}");
        let live_resets = user_token::Entity::find()
            .filter(user_token::Column::Purpose.eq("reset"))
            .filter(user_token::Column::UsedAt.is_null())
            .count(&db)
            .await
            .unwrap();
        assert_eq!(live_resets, 100);

        // A committee invites 100 judges; all accept at the same moment.
        let links = invite(&app, 100).await;
        let accepts = links
            .iter()
            .enumerate()
            .map(|(i, token)| {
                call_from(
                    &app,
                    "/api/accept_invitation_new",
                    &format!("10.9.{}.{}", i / 200, i % 200),
                    &[
                        ("token", token),
                        ("name", "Giám khảo"),
                        ("password", PASSWORD),
                    ],
                )
            })
            .collect();
        let statuses = all_at_once(accepts).await;
        assert_eq!(count(&statuses, StatusCode::OK), 100, "{statuses:?}");
        let judges = contest_role::Entity::find()
            .filter(contest_role::Column::Role.eq("judge"))
            .count(&db)
            .await
            .unwrap();
        assert_eq!(judges, 100);
        let accepted = invitation::Entity::find()
            .filter(invitation::Column::AcceptedAt.is_not_null())
            .count(&db)
            .await
            .unwrap();
        assert_eq!(accepted, 100);
        app
    })
    .await;
}

/// Invites `n` judges to a new contest; returns the tokens of their links.
async fn invite(app: &TestApp, n: usize) -> Vec<String> {
    let db = app.db().await;
    let admin = admin_actor(app).await;
    let contest = contests::create(&db, &admin, new_contest("LS-2025"))
        .await
        .unwrap();
    let mut tokens = Vec::new();
    for i in 0..n {
        let link = invitations::invite(
            &db,
            &admin,
            invitations::NewInvitation {
                contest_id: contest.id,
                email: &format!("giam-khao-{i}@example.vn"),
                role: "judge",
                categories: "",
                name: "",
                organisation: "",
                max_load: "",
                lang: app::domain::Lang::Vi,
            },
            &app.address,
        )
        .await
        .unwrap();
        tokens.push(link.split("token=").nth(1).unwrap().to_owned());
    }
    tokens
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_wrong_passwords_at_once_get_at_most_the_limit_checked() {
    on_each_backend(|app| async move {
        app.sign_up("lan@example.vn", "Lan").await;
        let attempts = (0..200)
            .map(|_| {
                call_from(
                    &app,
                    "/api/sign_in",
                    "192.0.2.1",
                    &[("email", "lan@example.vn"), ("password", "sai-mat-khau-9")],
                )
            })
            .collect();
        let statuses = all_at_once(attempts).await;
        let checked = count(&statuses, StatusCode::UNPROCESSABLE_ENTITY);
        assert!((1..=5).contains(&checked), "{checked} checked");
        assert_eq!(
            checked + count(&statuses, StatusCode::TOO_MANY_REQUESTS),
            200
        );

        // 200 different emails from one address: at most 20 checked.
        let attempts = (0..200)
            .map(|i| {
                call_from(
                    &app,
                    "/api/sign_in",
                    "192.0.2.2",
                    &[("email", &email(i)), ("password", "sai-mat-khau-9")],
                )
            })
            .collect();
        let statuses = all_at_once(attempts).await;
        let checked = count(&statuses, StatusCode::UNPROCESSABLE_ENTITY);
        assert!((1..=20).contains(&checked), "{checked} checked");
        assert_eq!(
            checked + count(&statuses, StatusCode::TOO_MANY_REQUESTS),
            200
        );
        app
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_link_used_ten_times_at_once_works_exactly_once() {
    on_each_backend(|app| async move {
        app.sign_up("lan@example.vn", "Lan").await;
        app.call("/api/request_reset", &[("email", "lan@example.vn")])
            .await;
        let token = app.last_token("lan@example.vn", "/reset").await;
        let uses = (0..10)
            .map(|i| {
                call_from(
                    &app,
                    "/api/reset_password",
                    &format!("192.0.2.{i}"),
                    &[
                        ("token", &token),
                        ("password", &format!("mật-khẩu-mới-{i}-xanh")),
                    ],
                )
            })
            .collect();
        let statuses = all_at_once(uses).await;
        assert_eq!(count(&statuses, StatusCode::OK), 1, "{statuses:?}");
        assert_eq!(count(&statuses, StatusCode::UNPROCESSABLE_ENTITY), 9);

        let links = invite(&app, 1).await;
        let uses = (0..10)
            .map(|i| {
                call_from(
                    &app,
                    "/api/accept_invitation_new",
                    &format!("192.0.2.{i}"),
                    &[
                        ("token", &links[0]),
                        ("name", "Giám khảo"),
                        ("password", PASSWORD),
                    ],
                )
            })
            .collect();
        let statuses = all_at_once(uses).await;
        assert_eq!(count(&statuses, StatusCode::OK), 1, "{statuses:?}");
        assert!(
            statuses
                .iter()
                .all(|s| *s == StatusCode::OK || s.is_client_error())
        );
        let db = app.db().await;
        let judges = contest_role::Entity::find().count(&db).await.unwrap();
        assert_eq!(judges, 1);
        app
    })
    .await;
}
