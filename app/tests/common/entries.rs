//! Shared by the entry tests: contest `LS25` open for entries, founders, complete forms.
#![allow(dead_code)]

use app::model::{ContestSettings, EntryFields, NewCategory, NewContest};
use app::ssr::actor::{self, Actor};
use app::ssr::services::contests;
use chrono::{Duration, Utc};
use sea_orm::DatabaseConnection;

pub const PASS: &str = "ngựa-vằn-ăn-cỏ";
pub const CONTEST: &str = "LS25";

use super::admin;

pub async fn person(db: &DatabaseConnection, email: &str, name: &str) -> Actor {
    let user = super::founder(db, email, name, PASS).await;
    actor::load(db, user).await.unwrap()
}

/// `YYYY-MM-DDTHH:MM` for `t` in `tz`, as the settings form sends it.
pub fn local(t: chrono::DateTime<Utc>, tz: &str) -> String {
    let tz: chrono_tz::Tz = tz.parse().unwrap();
    t.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string()
}

/// Sets the submission window of `CONTEST` to run from `opens` to `closes` (from now).
pub async fn window(
    db: &DatabaseConnection,
    admin: &Actor,
    tz: &str,
    opens: Duration,
    closes: Duration,
) {
    let c = contests::by_code(db, CONTEST).await.unwrap();
    let now = Utc::now();
    contests::update_settings(
        db,
        admin,
        CONTEST,
        ContestSettings {
            name_vi: c.name_vi,
            name_en: c.name_en,
            description_vi: c.description_vi,
            description_en: c.description_en,
            time_zone: tz.into(),
            submissions_open: local(now + opens, tz),
            submissions_close: local(now + closes, tz),
            ..ContestSettings::default()
        },
    )
    .await
    .unwrap();
}

/// Contest `LS25` with categories AG and IT, open for entries in Vietnam's time zone.
pub async fn open_contest(db: &DatabaseConnection) -> Actor {
    let admin = admin(db).await;
    contests::create(
        db,
        &admin,
        NewContest {
            code: CONTEST.into(),
            name_vi: "Cuộc thi Ý tưởng khởi nghiệp Lạng Sơn 2025".into(),
            name_en: "Lạng Sơn Startup Idea Contest 2025".into(),
            description_vi: String::new(),
            description_en: String::new(),
            time_zone: "Asia/Ho_Chi_Minh".into(),
        },
    )
    .await
    .unwrap();
    for (code, name) in [("AG", "Nông nghiệp"), ("IT", "Công nghệ thông tin")] {
        contests::add_category(
            db,
            &admin,
            CONTEST,
            NewCategory {
                code: code.into(),
                name_vi: name.into(),
                name_en: code.into(),
            },
        )
        .await
        .unwrap();
    }
    window(
        db,
        &admin,
        "Asia/Ho_Chi_Minh",
        Duration::days(-1),
        Duration::days(30),
    )
    .await;
    admin
}

pub fn complete(title: &str, category: &str) -> EntryFields {
    EntryFields {
        title: title.into(),
        category: category.into(),
        summary: "Máy sấy nông sản dùng năng lượng mặt trời cho hợp tác xã.".into(),
        problem: "Nông dân mất 30% sản lượng sau thu hoạch.".into(),
        solution: "Buồng sấy chi phí thấp, lắp ráp tại chỗ.".into(),
        market: "12 hợp tác xã ở Lạng Sơn.".into(),
        business_model: "Bán và cho thuê theo mùa vụ.".into(),
        stage: "prototype".into(),
        ..Default::default()
    }
}
