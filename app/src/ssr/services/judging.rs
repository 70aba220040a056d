//! A judge's own view of their work: the contests they judge in, and per round the entries
//! assigned to them in a fixed order with the state of each sheet. An entry the judge is in
//! conflict with is never listed, even where a voided sheet keeps its assignment on record.

use super::judges::{judged_contests, round_ref};
use crate::domain::sheet::SheetState;
use crate::format::Zoned;
use crate::model::judging::{ConflictState, ContestRef, WorkEntry, WorkRound, Workspace};
use crate::ssr::actor::Actor;
use crate::ssr::entities::{assignment, category, conflict, entry, round, sheet};
use crate::ssr::messages::{ServiceError, ServiceResult};
use crate::ssr::policy;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The signed-in judge's workspace (a fixed number of queries, whatever their load).
pub async fn workspace(db: &DatabaseConnection, actor: &Actor) -> ServiceResult<Workspace> {
    let me = policy::require_person(actor)?.id;
    let contests = judged_contests(db, me).await?;
    if contests.is_empty() {
        return Err(ServiceError::Forbidden);
    }
    let contest_ids: Vec<Uuid> = contests.iter().map(|c| c.id).collect();
    let rounds = round::Entity::find()
        .filter(round::Column::ContestId.is_in(contest_ids.iter().copied()))
        .order_by_asc(round::Column::Position)
        .all(db)
        .await?;
    let assigned = assignment::Entity::find()
        .filter(assignment::Column::JudgeId.eq(me))
        .filter(assignment::Column::RoundId.is_in(rounds.iter().map(|r| r.id)))
        .all(db)
        .await?;
    let conflicted: HashSet<Uuid> = conflict::Entity::find()
        .filter(conflict::Column::JudgeId.eq(me))
        .filter(conflict::Column::ContestId.is_in(contest_ids.iter().copied()))
        .filter(conflict::Column::State.ne(ConflictState::Lifted))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.entry_id)
        .collect();
    let entries: HashMap<Uuid, entry::Model> = if assigned.is_empty() {
        HashMap::new()
    } else {
        entry::Entity::find()
            .filter(entry::Column::Id.is_in(assigned.iter().map(|a| a.entry_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect()
    };
    let categories: HashMap<Uuid, crate::model::Category> = category::Entity::find()
        .filter(category::Column::ContestId.is_in(contest_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, super::contests::category_view(c)))
        .collect();
    let sheets: HashMap<(Uuid, Uuid), Option<SheetState>> = sheet::Entity::find()
        .filter(sheet::Column::JudgeId.eq(me))
        .filter(sheet::Column::RoundId.is_in(rounds.iter().map(|r| r.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|s| ((s.round_id, s.entry_id), SheetState::from_code(&s.state)))
        .collect();
    let mut by_round: HashMap<Uuid, Vec<&entry::Model>> = HashMap::new();
    for a in &assigned {
        if conflicted.contains(&a.entry_id) {
            continue;
        }
        if let Some(e) = entries.get(&a.entry_id) {
            by_round.entry(a.round_id).or_default().push(e);
        }
    }
    let contest_of: HashMap<Uuid, &crate::ssr::entities::contest::Model> =
        contests.iter().map(|c| (c.id, c)).collect();
    let mut work = Vec::new();
    for r in &rounds {
        let Some(mut list) = by_round.remove(&r.id) else {
            continue;
        };
        let Some(c) = contest_of.get(&r.contest_id) else {
            continue;
        };
        list.sort_by_key(|e| e.number);
        let entries: Vec<WorkEntry> = list
            .into_iter()
            .map(|e| WorkEntry {
                code: e.code.clone(),
                title: e.title.clone(),
                category: e.category_id.and_then(|id| categories.get(&id).cloned()),
                sheet: sheets.get(&(r.id, e.id)).copied().flatten(),
            })
            .collect();
        work.push(WorkRound {
            contest_code: c.code.clone(),
            contest_name_vi: c.name_vi.clone(),
            contest_name_en: c.name_en.clone(),
            round: round_ref(r),
            judging_opens_at: r.judging_opens_at.map(|t| Zoned::new(t, &c.time_zone)),
            judging_closes_at: r.judging_closes_at.map(|t| Zoned::new(t, &c.time_zone)),
            submitted: entries
                .iter()
                .filter(|e| e.sheet == Some(SheetState::Submitted))
                .count() as u32,
            entries,
        });
    }
    Ok(Workspace {
        contests: contests
            .into_iter()
            .map(|c| ContestRef {
                code: c.code,
                name_vi: c.name_vi,
                name_en: c.name_en,
            })
            .collect(),
        rounds: work,
    })
}
