//! The discrepancy queue (SCORING.md §5): every entry of a round whose submitted sheets the
//! round's rule flags, with the sheets side by side and the rule that flagged it. The
//! committee accepts a flag with a note (for the totals it saw: a changed sheet flags the entry
//! again), reopens one judge's sheet (`sheets::reopen`), or adds a judge beyond `k`
//! (`assignment::change`). The flags themselves are the engine's (`discrepancy::check`).

use super::assignment::{self, Change};
use super::audit::{self, Changes, Record};
use super::judges::{contest_ref, round_judge_ids, round_ref};
use super::rounds::remembered_rules;
use crate::domain::discrepancy::{self, Flag};
use crate::domain::rubric::Rubric;
use crate::domain::scoring::CountedSheet;
use crate::domain::settings::DiscrepancyRule;
use crate::domain::sheet::SheetState;
use crate::model::sheets::{DiscrepancyQueue, FlaggedEntry, FlaggedSheet, SheetFields};
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::{entry, flag_acceptance, round, sheet, user};
use crate::ssr::messages::{Msg, ServiceError, ServiceResult};
use chrono::Utc;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QuerySelect,
};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// The most flagged entries one page shows, open ones first.
pub const SHOWN: usize = 100;

/// The raw totals of a sheet set, sorted, as an acceptance remembers them.
fn signature(sheets: &[FlaggedSheet]) -> String {
    signature_of(sheets.iter().map(|s| s.total))
}

/// Raw totals as an acceptance remembers them: normalised, sorted, comma-separated.
pub(crate) fn signature_of(totals: impl Iterator<Item = Decimal>) -> String {
    let mut totals: Vec<Decimal> = totals.map(|t| t.normalize()).collect();
    totals.sort();
    totals
        .iter()
        .map(Decimal::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Each entry's submitted sheets in the round, read by the engine: (entry → sheets).
async fn submitted_sheets(
    db: &impl ConnectionTrait,
    round_id: Uuid,
    only: Option<Uuid>,
    rubric: &Rubric,
) -> ServiceResult<BTreeMap<Uuid, Vec<FlaggedSheet>>> {
    let mut query = sheet::Entity::find()
        .select_only()
        .column(sheet::Column::EntryId)
        .column(sheet::Column::JudgeId)
        .column(sheet::Column::Scores)
        .filter(sheet::Column::RoundId.eq(round_id))
        .filter(sheet::Column::State.eq(SheetState::Submitted.code()));
    if let Some(entry) = only {
        query = query.filter(sheet::Column::EntryId.eq(entry));
    }
    let rows: Vec<(Uuid, Uuid, String)> = query.into_tuple().all(db).await?;
    let mut by_entry: BTreeMap<Uuid, Vec<FlaggedSheet>> = BTreeMap::new();
    for (entry_id, judge_id, scores) in rows {
        let typed = SheetFields {
            scores: serde_json::from_str(&scores).unwrap_or_default(),
            ..SheetFields::default()
        };
        let (read, _) = typed.read(rubric);
        by_entry.entry(entry_id).or_default().push(FlaggedSheet {
            judge_id,
            judge: String::new(),
            total: read.total(rubric),
            scores: read.scores().to_vec(),
        });
    }
    Ok(by_entry)
}

/// §5: the engine's flag for these sheets, judges named by `name`.
fn flag_of(
    rule: &DiscrepancyRule,
    sheets: &[FlaggedSheet],
    name: impl Fn(Uuid) -> String,
) -> Option<Flag> {
    let counted: Vec<CountedSheet> = sheets
        .iter()
        .map(|s| CountedSheet {
            judge: name(s.judge_id).into(),
            total: s.total,
            calibrated: None,
            dropped: None,
        })
        .collect();
    discrepancy::check(rule, &counted)
}

struct Round {
    contest: crate::ssr::entities::contest::Model,
    round: round::Model,
    rules: std::sync::Arc<crate::domain::files::RoundRules>,
}

async fn committee_round(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: &str,
    position: i32,
) -> ServiceResult<Round> {
    let (contest, round) = super::results::committee_round(db, actor, code, position).await?;
    let rules = remembered_rules(&round.rules)
        .ok_or_else(|| ServiceError::Internal(format!("round {} rules", round.id)))?;
    Ok(Round {
        contest,
        round,
        rules,
    })
}

/// The round's discrepancy queue: open flags first (entry order), then accepted ones.
pub async fn queue(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
) -> ServiceResult<DiscrepancyQueue> {
    let r = committee_round(db, actor, code, position).await?;
    let rule = r.rules.settings.discrepancy.clone();
    let rubric = &r.rules.rubric;
    let mut flagged: Vec<(Uuid, Flag, Vec<FlaggedSheet>)> = Vec::new();
    if let Some(rule) = &rule {
        let sheets = submitted_sheets(db, r.round.id, None, rubric).await?;
        for (entry_id, list) in sheets {
            // Names come after: the judge's id stands in while checking.
            if let Some(flag) = flag_of(rule, &list, |id| id.to_string()) {
                flagged.push((entry_id, flag, list));
            }
        }
    }
    let accepted: HashMap<Uuid, flag_acceptance::Model> = flag_acceptance::Entity::find()
        .filter(flag_acceptance::Column::RoundId.eq(r.round.id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.entry_id, a))
        .collect();
    let entries: HashMap<Uuid, (i32, String, String)> = if flagged.is_empty() {
        HashMap::new()
    } else {
        entry::Entity::find()
            .select_only()
            .column(entry::Column::Id)
            .column(entry::Column::Number)
            .column(entry::Column::Code)
            .column(entry::Column::Title)
            .filter(entry::Column::Id.is_in(flagged.iter().map(|(id, _, _)| *id)))
            .into_tuple::<(Uuid, i32, String, String)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, n, code, title)| (id, (n, code, title)))
            .collect()
    };
    let round_judges = round_judge_ids(db, r.round.id).await?;
    let mut people: Vec<Uuid> = round_judges.iter().copied().collect();
    people.extend(
        flagged
            .iter()
            .flat_map(|(_, _, s)| s.iter().map(|s| s.judge_id)),
    );
    let names: HashMap<Uuid, String> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::Name)
        .filter(user::Column::Id.is_in(people))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let name = |id: Uuid| names.get(&id).cloned().unwrap_or_default();
    let mut items: Vec<(bool, i32, FlaggedEntry)> = flagged
        .into_iter()
        .filter_map(|(id, _, mut sheets)| {
            let (number, code, title) = entries.get(&id)?.clone();
            for s in &mut sheets {
                s.judge = name(s.judge_id);
            }
            sheets.sort_by(|a, b| a.judge.cmp(&b.judge));
            // The flag again, in judges' names, with the committee's note when it accepted
            // these very totals.
            let mut flag = flag_of(rule.as_ref()?, &sheets, name)?;
            flag.accepted = accepted
                .get(&id)
                .filter(|a| a.totals == signature(&sheets))
                .map(|a| a.note.clone());
            Some((
                flag.accepted.is_some(),
                number,
                FlaggedEntry {
                    code,
                    title,
                    flag,
                    sheets,
                },
            ))
        })
        .collect();
    items.sort_by_key(|(accepted, number, _)| (*accepted, *number));
    let open = items.iter().filter(|(accepted, _, _)| !accepted).count() as u64;
    let mut judges: Vec<(Uuid, String)> =
        round_judges.into_iter().map(|id| (id, name(id))).collect();
    judges.sort_by_key(|(_, name)| super::fold(name));
    Ok(DiscrepancyQueue {
        contest: contest_ref(&r.contest),
        round: round_ref(&r.round),
        rule,
        rubric: rubric.clone(),
        entries: items.into_iter().take(SHOWN).map(|(_, _, e)| e).collect(),
        open,
        judges,
    })
}

/// The entry `code` of the round and its current flag, in `txn`; refused when not flagged.
async fn flagged_entry(
    db: &impl ConnectionTrait,
    r: &Round,
    entry_code: &str,
) -> ServiceResult<(entry::Model, Vec<FlaggedSheet>)> {
    let entry = super::sheets::entry_in(db, r.contest.id, entry_code).await?;
    let rule = r
        .rules
        .settings
        .discrepancy
        .as_ref()
        .ok_or(ServiceError::refused(Msg::NotFlagged))?;
    let sheets = submitted_sheets(db, r.round.id, Some(entry.id), &r.rules.rubric)
        .await?
        .remove(&entry.id)
        .unwrap_or_default();
    if flag_of(rule, &sheets, |id| id.to_string()).is_none() {
        return Err(ServiceError::refused(Msg::NotFlagged));
    }
    Ok((entry, sheets))
}

/// §5: accepts an entry's flag with a note, for the totals it has now.
pub async fn accept(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    entry_code: &str,
    note: &str,
) -> ServiceResult<()> {
    // Authorised first: the note is checked only for the committee.
    committee_round(db, actor, code, position).await?;
    let note = super::clean_text(note)
        .filter(|n| !n.is_empty() && n.chars().count() <= crate::model::limits::REASON_MAX)
        .ok_or(ServiceError::invalid("note", Msg::Reason))?;
    let txn = begin_write(db).await?;
    let r = committee_round(&txn, actor, code, position).await?;
    // The round's row is the lock: an acceptance and a sheet's reopening do not interleave.
    super::rounds::locked(&txn, r.contest.id, position).await?;
    let (entry, sheets) = flagged_entry(&txn, &r, entry_code).await?;
    let totals = signature(&sheets);
    let existing = flag_acceptance::Entity::find()
        .filter(flag_acceptance::Column::RoundId.eq(r.round.id))
        .filter(flag_acceptance::Column::EntryId.eq(entry.id))
        .one(&txn)
        .await?;
    let decided_by = actor.id().unwrap_or_default();
    match existing {
        Some(row) => {
            let mut update: flag_acceptance::ActiveModel = row.into();
            update.note = Set(note.clone());
            update.totals = Set(totals.clone());
            update.decided_by = Set(decided_by);
            update.created_at = Set(Utc::now());
            update.update(&txn).await?;
        }
        None => {
            flag_acceptance::ActiveModel {
                id: Set(Uuid::now_v7()),
                round_id: Set(r.round.id),
                entry_id: Set(entry.id),
                note: Set(note.clone()),
                totals: Set(totals.clone()),
                decided_by: Set(decided_by),
                created_at: Set(Utc::now()),
            }
            .insert(&txn)
            .await?;
        }
    }
    audit::append(
        &txn,
        actor,
        Record::new("discrepancy.accepted", "entry", entry.id)
            .in_contest(r.contest.id)
            .because(note)
            .changes(Changes::new().set("round", position).set("totals", totals)),
    )
    .await?;
    txn.commit().await?;
    // The ranking shows the flag as accepted at once.
    super::kept::changed();
    Ok(())
}

/// §5: adds a judge to a flagged entry, beyond `k`, under every other hard rule.
pub async fn add_judge(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    entry_code: &str,
    judge: Uuid,
) -> ServiceResult<()> {
    let r = committee_round(db, actor, code, position).await?;
    let (entry, _) = flagged_entry(db, &r, entry_code).await?;
    let change = Change {
        entry_code: entry.code,
        add: Some(judge),
        note: "§5".into(),
        beyond_k: true,
        ..Change::default()
    };
    assignment::change(db, actor, code, position, &change).await
}
