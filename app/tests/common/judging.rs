//! Shared by the judging and sheet tests: contest `LS25` with round 1, four judges and
//! submitted entries.
#![allow(dead_code)]

use super::entries::{CONTEST, open_contest, window};
use app::model::judging::{JudgeProfileForm, PlanMode};
use app::model::{EntryStatus, NewRound, Role};
use app::ssr::actor::Actor;
use app::ssr::entities::{entry, entry_member};
use app::ssr::messages::{Msg, ServiceError};
use app::ssr::services::assignment as assign;
use app::ssr::services::{contests, entries, judges, rounds};
use chrono::{Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

pub const RULES: &str = r#"[round]
judges_per_entry = 2

[[criteria]]
key = "idea"
name = { vi = "Ý tưởng", en = "Idea" }
max_points = 60

[[criteria]]
key = "team"
name = { vi = "Đội ngũ", en = "Team" }
max_points = 40
"#;

pub fn reason<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> Msg {
    match result {
        Err(ServiceError::Invalid(p)) | Err(ServiceError::Conflict(p)) => p[0].msg.clone(),
        other => panic!("expected a refusal with a reason, got {other:?}"),
    }
}

/// Contest LS25 with round 1 (k = 2), judges J1–J4 chosen for it, and `n` submitted entries
/// in round 1 (categories AG and IT in turn). J1 works at "Đại học Nông Lâm", where the team
/// of entry 1 studies; J4 may score at most 2 entries.
pub struct Round {
    pub admin: Actor,
    pub judges: Vec<Actor>,
}

impl Round {
    pub fn judge(&self, i: usize) -> Uuid {
        self.judges[i].id().unwrap()
    }
}

pub async fn round(db: &DatabaseConnection, n: i32) -> Round {
    let admin = open_contest(db).await;
    // The rules lock once submissions open: the round is added before, as a committee does.
    window(
        db,
        &admin,
        "Asia/Ho_Chi_Minh",
        Duration::days(1),
        Duration::days(30),
    )
    .await;
    rounds::add(
        db,
        &admin,
        CONTEST,
        NewRound {
            name_vi: "Vòng sơ khảo".into(),
            name_en: "Preliminary round".into(),
            rules: RULES.into(),
            ..NewRound::default()
        },
    )
    .await
    .unwrap();
    window(
        db,
        &admin,
        "Asia/Ho_Chi_Minh",
        Duration::days(-1),
        Duration::days(30),
    )
    .await;
    let mut list = Vec::new();
    for (i, (organisation, expertise, max_load)) in [
        ("Dai hoc Nong Lam", "AG", ""),
        ("Sở Khoa học và Công nghệ", "IT", ""),
        ("", "AG, IT", ""),
        ("Quỹ Đầu tư Sáng tạo", "", "2"),
    ]
    .into_iter()
    .enumerate()
    {
        let judge = super::member_of(
            db,
            &admin,
            CONTEST,
            Role::Judge,
            "",
            &format!("giam-khao-{}@example.vn", i + 1),
        )
        .await;
        judges::update_profile(
            db,
            &admin,
            CONTEST,
            judge.id().unwrap(),
            &JudgeProfileForm {
                organisation: organisation.into(),
                expertise: expertise.into(),
                max_load: max_load.into(),
            },
        )
        .await
        .unwrap();
        list.push(judge);
    }
    let ids: Vec<Uuid> = list.iter().map(|j| j.id().unwrap()).collect();
    judges::set_round_judges(db, &admin, CONTEST, 1, &ids)
        .await
        .unwrap();
    bulk_entries(db, admin.id().unwrap(), 1, n).await;
    Round {
        admin,
        judges: list,
    }
}

/// Inserts submitted entries `from..from + n` in round 1 straight into the table (a fixture,
/// not a use case), each with a lead member; entry 1's studies at Đại học Nông Lâm.
pub async fn bulk_entries(db: &DatabaseConnection, lead: Uuid, from: i32, n: i32) {
    let c = contests::by_code(db, CONTEST).await.unwrap();
    let cats = contests::categories(db, c.id).await.unwrap();
    let now = Utc::now();
    let mut rows = Vec::new();
    let mut members = Vec::new();
    for i in from..from + n {
        let id = Uuid::now_v7();
        let code = entries::entry_code(CONTEST, i);
        rows.push(entry::ActiveModel {
            id: Set(id),
            contest_id: Set(c.id),
            category_id: Set(Some(cats[(i as usize) % 2].id)),
            number: Set(i),
            search: Set(code.to_lowercase()),
            code: Set(code),
            lead_id: Set(lead),
            status: Set(EntryStatus::Submitted),
            title: Set(format!("Ý tưởng số {i}")),
            summary: Set(String::new()),
            problem: Set(String::new()),
            solution: Set(String::new()),
            market: Set(String::new()),
            business_model: Set(String::new()),
            stage: Set(None),
            version: Set(1),
            title_key: Set(format!("y tuong so {i}")),
            created_at: Set(now),
            updated_at: Set(now),
            submitted_at: Set(Some(now)),
            round: Set(1),
            ..Default::default()
        });
        members.push(entry_member::ActiveModel {
            id: Set(Uuid::now_v7()),
            entry_id: Set(id),
            position: Set(0),
            name: Set(format!("Trưởng nhóm {i}")),
            email: Set(format!("nhom{i}@gmail.com")),
            organisation: Set(if i == 1 {
                "Đại học Nông Lâm".into()
            } else {
                String::new()
            }),
            role: Set(String::new()),
        });
    }
    for chunk in rows.chunks(200) {
        entry::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .unwrap();
    }
    for chunk in members.chunks(200) {
        entry_member::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .unwrap();
    }
}

pub async fn entry_id(db: &DatabaseConnection, number: i32) -> Uuid {
    entry::Entity::find()
        .filter(entry::Column::Code.eq(entries::entry_code(CONTEST, number)))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id
}

pub async fn apply(db: &DatabaseConnection, admin: &Actor, mode: PlanMode) {
    let preview = assign::preview(db, admin, CONTEST, 1, mode).await.unwrap();
    assign::apply(db, admin, CONTEST, 1, mode, &preview.fingerprint)
        .await
        .unwrap();
}

/// The kinds of the audit log's records, oldest first.
pub async fn audit_kinds(db: &DatabaseConnection) -> Vec<String> {
    use sea_orm::QueryOrder;
    app::ssr::entities::audit_log::Entity::find()
        .order_by_asc(app::ssr::entities::audit_log::Column::Seq)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.kind)
        .collect()
}
