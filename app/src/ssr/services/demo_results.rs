//! The demo's previous contest (`LS24`, the province's 2024 edition), finished: two rounds
//! judged, finalised and published, prizes awarded. A newcomer sees the public results page,
//! a founder's result with the judges' feedback, and the committee's ranking of a finalised
//! round, beside the 2025 contest still being judged.
//!
//! Its setup is the provincial template's screening round and final (the semi-final left
//! out). Its entries and sheets are written in batches, as the demo's larger sizes are
//! (a past contest's window is closed, so the use cases would refuse them); the assignment,
//! finalising and publishing go through the use cases, exactly as the committee's pages call
//! them, so the kept files, digests, audit log and founders' mail are real.

use super::contest_file::{self, Template};
use super::demo::{demo_score, idea, submitted_entry};
use super::entries;
use crate::model::Role;
use crate::model::judging::PlanMode;
use crate::model::publication::PublishOptions;
use crate::ssr::actor::{self, Actor};
use crate::ssr::db::begin_write;
use crate::ssr::entities::{assignment, contest, contest_role, entry, sheet, user};
use crate::ssr::messages::{ServiceError, ServiceResult};
use chrono::{Duration, TimeZone, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The previous contest's code.
pub const PAST: &str = "LS24";
/// Its entries: six per category.
const PAST_ENTRIES: usize = 24;

/// What the judges wrote for the founders, by how the entry did.
const FEEDBACK: [&str; 4] = [
    "Ý tưởng có tính ứng dụng cao; nên thử nghiệm với một nhóm khách hàng nhỏ trước khi mở rộng.",
    "Cần làm rõ chi phí sản xuất và giá bán để chứng minh mô hình có lãi.",
    "Phần trình bày mạch lạc; đội ngũ nên bổ sung người có kinh nghiệm kinh doanh.",
    "Nên khảo sát kỹ hơn đối thủ cạnh tranh trong tỉnh và các tỉnh lân cận.",
];

/// Makes the previous contest and takes it to published results. `founders` are the demo's
/// founder accounts (the first, who signs in, leads its first entry); `judges` the story's
/// judges; `committee` the committee member who signs in.
pub(super) async fn past_contest(
    db: &DatabaseConnection,
    admin: &Actor,
    committee: user::Model,
    founders: &[(Uuid, String, String)],
    judges: &[Uuid],
    public_url: &str,
) -> ServiceResult<()> {
    let mut file = Template::Provincial.file();
    let part = &mut file.contest;
    part.name_vi = "Cuộc thi Ý tưởng khởi nghiệp sáng tạo tỉnh Lạng Sơn 2024".into();
    part.name_en = "Lạng Sơn Innovative Startup Idea Contest 2024".into();
    part.registration_open = "2024-05-01T08:00".into();
    part.submissions_open = "2024-05-15T08:00".into();
    part.submissions_close = "2024-07-15T17:00".into();
    part.results = "2024-10-20T09:00".into();
    // Two rounds: screening, then the final; every tie is broken or shared, so the committee
    // has nothing left to decide; the screening sends twelve on, and the final has eight prizes.
    file.rounds.remove(1);
    let edits: [(usize, &str, &str); 5] = [
        (0, "top_n = 30", "top_n = 12"),
        (0, "[round.discrepancy]\nspread_points = 25\n", ""),
        (1, "judges_per_entry = 7", "judges_per_entry = 5"),
        (
            1,
            "at_boundary = \"committee_decides\"",
            "at_boundary = \"share\"",
        ),
        (1, "count = 5\nmin_score = 60", "count = 2\nmin_score = 60"),
    ];
    for (k, from, to) in edits {
        let rules = &mut file.rounds[k].rules;
        if !rules.contains(from) {
            return Err(ServiceError::Internal(format!(
                "the provincial template no longer has {from:?}"
            )));
        }
        *rules = rules.replace(from, to);
    }
    let c = contest_file::create(db, admin, file, Some(PAST), "demo").await?;
    let contest = contest::Entity::find_by_id(c.id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    roles(db, contest.id, committee.id, judges).await?;
    // Loaded with the role just given.
    let committee = &actor::load(db, committee).await?;
    past_entries(db, &contest, founders).await?;
    for position in [1, 2] {
        super::judges::set_round_judges(db, committee, PAST, position, judges).await?;
        let preview =
            super::assignment::preview(db, committee, PAST, position, PlanMode::Fill).await?;
        super::assignment::apply(
            db,
            committee,
            PAST,
            position,
            PlanMode::Fill,
            &preview.fingerprint,
        )
        .await?;
        past_sheets(db, &contest, position).await?;
        let round = super::assignment::round_at(db, contest.id, position).await?;
        let seen = super::results::computed(db, &contest, &round, true).await?;
        if !seen.outcome.can_finalise() {
            return Err(ServiceError::Internal(format!(
                "the demo's {PAST} round {position} waits for the committee"
            )));
        }
        super::results::finalise(db, committee, PAST, position, &seen.digest).await?;
    }
    for position in [1, 2] {
        let options = PublishOptions {
            show_scores: true,
            publish_files: true,
        };
        super::publication::publish(db, committee, PAST, position, options, public_url).await?;
    }
    Ok(())
}

/// The committee member and the judges take the same roles in the previous contest.
async fn roles(
    db: &DatabaseConnection,
    contest_id: Uuid,
    committee_id: Uuid,
    judges: &[Uuid],
) -> ServiceResult<()> {
    let now = Utc::now();
    let people = std::iter::once((committee_id, Role::Committee))
        .chain(judges.iter().map(|id| (*id, Role::Judge)));
    contest_role::Entity::insert_many(people.map(|(user, role)| contest_role::ActiveModel {
        id: Set(Uuid::now_v7()),
        contest_id: Set(contest_id),
        user_id: Set(user),
        role: Set(role),
        created_at: Set(now),
        organisation: Set(String::new()),
        max_load: Set(None),
    }))
    .exec(db)
    .await?;
    Ok(())
}

/// Six submitted entries per category, one per founder, the first the founder who signs in;
/// each submitted a few minutes after the one before (the last tie-break).
async fn past_entries(
    db: &DatabaseConnection,
    contest: &contest::Model,
    founders: &[(Uuid, String, String)],
) -> ServiceResult<()> {
    let known = super::contests::categories(db, contest.id).await?;
    let opened = Utc
        .with_ymd_and_hms(2024, 6, 1, 2, 0, 0)
        .single()
        .ok_or_else(|| ServiceError::Internal("the demo's 2024 date".into()))?;
    let txn = begin_write(db).await?;
    let rows: Vec<entry::ActiveModel> = (0..PAST_ENTRIES)
        .map(|k| {
            // The 2025 contest's ideas, from the other end of the list.
            let (category, fields) = idea(59 - k);
            let (lead, _, lead_name) = &founders[k % founders.len()];
            let number = k as i32 + 1;
            let code = entries::entry_code(PAST, number);
            let at = opened + Duration::minutes(37 * k as i64);
            let category = known.iter().find(|c| c.code == category).map(|c| c.id);
            submitted_entry(
                contest.id,
                category,
                number,
                code,
                (*lead, lead_name),
                fields,
                at,
            )
        })
        .collect();
    entry::Entity::insert_many(rows).exec(&txn).await?;
    let mut counter: contest::ActiveModel = contest.clone().into();
    counter.entry_seq = Set(PAST_ENTRIES as i32);
    sea_orm::ActiveModelTrait::update(counter, &txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Every assigned sheet of round `position`, submitted, with feedback for the founders.
async fn past_sheets(
    db: &DatabaseConnection,
    contest: &contest::Model,
    position: i32,
) -> ServiceResult<()> {
    let round = super::assignment::round_at(db, contest.id, position).await?;
    let rules = super::rounds::remembered_rules(&round.rules)
        .ok_or_else(|| ServiceError::Internal(format!("the demo's {PAST} rules")))?;
    let numbers: std::collections::HashMap<Uuid, i32> = entry::Entity::find()
        .filter(entry::Column::ContestId.eq(contest.id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.number))
        .collect();
    let pairs = assignment::Entity::find()
        .filter(assignment::Column::RoundId.eq(round.id))
        .all(db)
        .await?;
    let closed = contest.submissions_close_at.unwrap_or_else(Utc::now);
    let mut judge_of: std::collections::HashMap<Uuid, usize> = Default::default();
    let rows: Vec<sheet::ActiveModel> = pairs
        .iter()
        .filter_map(|a| {
            let number = *numbers.get(&a.entry_id)?;
            let next = judge_of.len();
            let j = *judge_of.entry(a.judge_id).or_insert(next);
            let scores: BTreeMap<String, String> = rules
                .rubric
                .criteria()
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let range = (c.min_points, c.max_points, c.step);
                    // Years apart, the same idea is judged afresh: its number shifts its
                    // quality.
                    let value = demo_score(number * 11 + position, j, i, range, None);
                    (c.key.clone(), value.to_string())
                })
                .collect();
            let at = closed + Duration::days(10 * position as i64) + Duration::minutes(j as i64);
            Some(sheet::ActiveModel {
                id: Set(Uuid::now_v7()),
                round_id: Set(round.id),
                entry_id: Set(a.entry_id),
                judge_id: Set(a.judge_id),
                state: Set("submitted".into()),
                version: Set(1),
                scores: Set(serde_json::to_string(&scores).unwrap_or_default()),
                comments: Set("{}".into()),
                overall_comment: Set(String::new()),
                committee_note: Set(String::new()),
                founder_feedback: Set(FEEDBACK[(number as usize + j) % FEEDBACK.len()].into()),
                state_reason: Set(String::new()),
                created_at: Set(at),
                updated_at: Set(at),
                submitted_at: Set(Some(at)),
            })
        })
        .collect();
    let txn = begin_write(db).await?;
    for chunk in rows.chunks(500) {
        sheet::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}
