//! Publication: a finalised round's result goes public when its committee publishes it, and
//! not a moment before. Until then nothing of it reaches anyone outside the committee: the
//! public results page lists no round, a founder's entry page shows no result (not even the
//! round the entry went on to), the round's files are not served, and no mail goes out.
//! Publishing notifies the round's founders by mail; unpublishing needs a reason; both are in
//! the audit log. The publication lives on the round's kept result, so reopening the round
//! voids it (`results::reopen`).
//!
//! Every figure published is the finalised round replayed by the engine (`results::computed`),
//! the same computation the committee's ranking reads.

use super::audit::{self, Changes, Record};
use super::contests::find_by_code;
use super::judges::{contest_ref, round_ref};
use super::results::{self, Computed, IDS_PER_QUERY};
use crate::domain::Lang;
use crate::domain::round::{EntryResult, EntryStatus};
use crate::domain::sheet::SheetState;
use crate::model::publication::{
    Certificate, Certificates, EntryRoundResult, PublicResults, PublicationView, PublishOptions,
    PublishedCategory, PublishedEntry, PublishedRound, ScoreTable, ScoreTableRow,
};
use crate::model::results::CategoryName;
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::{
    contest, entry, entry_member, outbox, round, round_result, sheet, user,
};
use crate::ssr::letters::{self, Letter};
use crate::ssr::messages::{Msg, ServiceError, ServiceResult};
use crate::ssr::policy::{self, Permission};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// Mails written to the outbox per statement.
const MAILS_PER_INSERT: usize = 500;

/// Publishes finalised round `position` (its committee) with what it shows, and queues a
/// notice to each founder of the round's entries, in one transaction with its audit record.
/// Publishing a published round changes nothing (answers false).
pub async fn publish(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    options: PublishOptions,
    public_url: &str,
) -> ServiceResult<bool> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let by = actor.id().ok_or(ServiceError::Forbidden)?;
    let txn = begin_write(db).await?;
    // The round's row is the lock: finalising, reopening and publishing queue behind it.
    let round = super::rounds::locked(&txn, contest.id, position).await?;
    let kept = match round.finalised_at {
        Some(_) => round_result::Entity::find_by_id(round.id).one(&txn).await?,
        None => None,
    }
    .ok_or_else(|| ServiceError::refused(Msg::PublishNotFinalised))?;
    if kept.published_at.is_some() {
        return Ok(false);
    }
    let codes = kept_codes(&kept)?;
    let digest = kept.digest.clone();
    let mut row: round_result::ActiveModel = kept.into();
    row.published_at = Set(Some(Utc::now()));
    row.published_by = Set(Some(by));
    row.show_scores = Set(options.show_scores);
    row.publish_files = Set(options.publish_files);
    sea_orm::ActiveModelTrait::update(row, &txn).await?;
    let link = format!("{}/entries", public_url.trim_end_matches('/'));
    let letter = Letter::ResultsPublished {
        contest_vi: contest.name_vi.clone(),
        contest_en: contest.name_en.clone(),
        round_vi: round.name_vi.clone(),
        round_en: round.name_en.clone(),
        link,
    };
    let notified = notify_founders(&txn, contest.id, &codes, &letter).await?;
    audit::append(
        &txn,
        actor,
        Record::new("round.published", "round", round.id)
            .in_contest(contest.id)
            .changes(
                Changes::new()
                    .set("position", position)
                    .set("digest", &digest)
                    .set("show_scores", options.show_scores)
                    .set("publish_files", options.publish_files)
                    .set("notified", notified),
            ),
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// Takes round `position`'s results out of publication (its committee), with a reason: the
/// public page, founders' pages and the round's public files say nothing of it again.
pub async fn unpublish(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    reason: &str,
) -> ServiceResult<()> {
    let (contest, reason) = results::committee_with_reason(db, actor, code, reason).await?;
    let txn = begin_write(db).await?;
    let round = super::rounds::locked(&txn, contest.id, position).await?;
    let kept = round_result::Entity::find_by_id(round.id)
        .one(&txn)
        .await?
        .filter(|k| k.published_at.is_some())
        .ok_or_else(|| ServiceError::refused(Msg::NotPublished))?;
    let digest = kept.digest.clone();
    let mut row: round_result::ActiveModel = kept.into();
    row.published_at = Set(None);
    row.published_by = Set(None);
    sea_orm::ActiveModelTrait::update(row, &txn).await?;
    audit::append(
        &txn,
        actor,
        Record::new("round.unpublished", "round", round.id)
            .in_contest(contest.id)
            .because(&reason)
            .changes(
                Changes::new()
                    .set("position", position)
                    .set("digest", digest),
            ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The entry codes a round was finalised with, from its kept `entries.csv`.
fn kept_codes(kept: &round_result::Model) -> ServiceResult<Vec<String>> {
    let text = kept.entries.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut codes = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ServiceError::Internal(format!("kept entries: {e}")))?;
        if let Some(code) = record.get(0) {
            codes.push(code.trim().to_owned());
        }
    }
    Ok(codes)
}

/// Queues `letter` for the lead of each entry named (in their language) and each team member
/// with an email, once per address. Answers how many were queued.
async fn notify_founders(
    txn: &impl ConnectionTrait,
    contest_id: Uuid,
    codes: &[String],
    letter: &Letter,
) -> ServiceResult<usize> {
    let mut entry_ids = Vec::with_capacity(codes.len());
    let mut lead_ids = Vec::with_capacity(codes.len());
    for chunk in codes.chunks(IDS_PER_QUERY) {
        let rows: Vec<(Uuid, Uuid)> = entry::Entity::find()
            .select_only()
            .column(entry::Column::Id)
            .column(entry::Column::LeadId)
            .filter(entry::Column::ContestId.eq(contest_id))
            .filter(entry::Column::Code.is_in(chunk.iter().map(String::as_str)))
            .into_tuple()
            .all(txn)
            .await?;
        for (id, lead) in rows {
            entry_ids.push(id);
            lead_ids.push(lead);
        }
    }
    // Each address once, in the order found: leads in their own language, members (who may
    // have no account) in Vietnamese.
    let mut recipients: Vec<(String, Lang)> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for chunk in lead_ids.chunks(IDS_PER_QUERY) {
        let rows: Vec<(String, user::UserLang)> = user::Entity::find()
            .select_only()
            .column(user::Column::Email)
            .column(user::Column::Lang)
            .filter(user::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(txn)
            .await?;
        for (email, lang) in rows {
            if seen.insert(email.clone()) {
                recipients.push((email, lang.into()));
            }
        }
    }
    for chunk in entry_ids.chunks(IDS_PER_QUERY) {
        let emails: Vec<String> = entry_member::Entity::find()
            .select_only()
            .column(entry_member::Column::Email)
            .filter(entry_member::Column::EntryId.is_in(chunk.iter().copied()))
            .filter(entry_member::Column::Email.ne(""))
            .into_tuple()
            .all(txn)
            .await?;
        for email in emails {
            if seen.insert(email.clone()) {
                recipients.push((email, Lang::Vi));
            }
        }
    }
    let rendered: HashMap<Lang, (String, String)> = [Lang::Vi, Lang::En]
        .into_iter()
        .map(|l| (l, letters::render(letter, l)))
        .collect();
    let now = Utc::now();
    for chunk in recipients.chunks(MAILS_PER_INSERT) {
        let rows = chunk.iter().map(|(email, lang)| {
            let (subject, body) = &rendered[lang];
            outbox::ActiveModel {
                id: Set(Uuid::now_v7()),
                recipient: Set(email.clone()),
                subject: Set(subject.clone()),
                body: Set(body.clone()),
                created_at: Set(now),
                sent_at: Set(None),
                attempts: Set(0),
                last_error: Set(None),
            }
        });
        outbox::Entity::insert_many(rows).exec(txn).await?;
    }
    Ok(recipients.len())
}

/// A round's publication as its committee reads it; none while it is not published.
pub(crate) async fn publication_of(
    db: &impl ConnectionTrait,
    contest: &contest::Model,
    round_id: Uuid,
) -> ServiceResult<Option<PublicationView>> {
    // The small columns only: the kept files beside them run to megabytes at national scale,
    // and the ranking page asks this on every view of a finalised round.
    type Published = (Option<DateTime<Utc>>, Option<Uuid>, bool, bool);
    let kept: Option<Published> = round_result::Entity::find_by_id(round_id)
        .select_only()
        .column(round_result::Column::PublishedAt)
        .column(round_result::Column::PublishedBy)
        .column(round_result::Column::ShowScores)
        .column(round_result::Column::PublishFiles)
        .into_tuple()
        .one(db)
        .await?;
    let Some((Some(at), Some(by), show_scores, publish_files)) = kept else {
        return Ok(None);
    };
    let by = results::user_names(db, [by])
        .await?
        .remove(&by)
        .unwrap_or_default();
    Ok(Some(PublicationView {
        at: crate::format::Zoned::new(at, &contest.time_zone),
        by,
        options: PublishOptions {
            show_scores,
            publish_files,
        },
    }))
}

/// A contest's published rounds in order, with what each publication shows. Reads the kept
/// results' small columns only.
async fn published_rounds(
    db: &impl ConnectionTrait,
    contest_id: Uuid,
) -> ServiceResult<Vec<(round::Model, PublishOptions, DateTime<Utc>, String)>> {
    let rounds = round::Entity::find()
        .filter(round::Column::ContestId.eq(contest_id))
        .filter(round::Column::FinalisedAt.is_not_null())
        .order_by_asc(round::Column::Position)
        .all(db)
        .await?;
    if rounds.is_empty() {
        return Ok(Vec::new());
    }
    type Kept = (Uuid, DateTime<Utc>, bool, bool, String);
    let kept: Vec<Kept> = round_result::Entity::find()
        .select_only()
        .column(round_result::Column::RoundId)
        .column(round_result::Column::PublishedAt)
        .column(round_result::Column::ShowScores)
        .column(round_result::Column::PublishFiles)
        .column(round_result::Column::Digest)
        .filter(round_result::Column::RoundId.is_in(rounds.iter().map(|r| r.id)))
        .filter(round_result::Column::PublishedAt.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    let kept: HashMap<Uuid, Kept> = kept.into_iter().map(|k| (k.0, k)).collect();
    Ok(rounds
        .into_iter()
        .filter_map(|r| {
            let (_, at, show_scores, publish_files, digest) = kept.get(&r.id)?.clone();
            let options = PublishOptions {
                show_scores,
                publish_files,
            };
            Some((r, options, at, digest))
        })
        .collect())
}

/// The positions of a contest's published rounds.
pub(crate) async fn published_positions(
    db: &impl ConnectionTrait,
    contest_id: Uuid,
) -> ServiceResult<Vec<i32>> {
    Ok(published_rounds(db, contest_id)
        .await?
        .into_iter()
        .map(|(r, ..)| r.position)
        .collect())
}

/// The round a founder may be told their entry is in: it reached round `round`, but each step
/// past the first is a result, shown only once the round it came from is published.
pub(crate) fn visible_round(round: i32, published: &[i32]) -> i32 {
    let mut shown = round.min(1);
    while shown < round && published.contains(&shown) {
        shown += 1;
    }
    shown
}

/// The public results page of contest `code`: its published rounds, the latest first. Anyone
/// may read it; before anything is published it lists no round.
pub async fn public_results(
    db: &DatabaseConnection,
    code: &str,
    detail: Detail,
    lang: Lang,
) -> ServiceResult<PublicResults> {
    let contest = find_by_code(db, code).await?;
    let published = published_rounds(db, contest.id).await?;
    let mut rounds = Vec::with_capacity(published.len());
    for k in 0..published.len() {
        rounds.push(published_round(db, &contest, &published, k, detail, lang).await?);
    }
    rounds.reverse();
    Ok(PublicResults {
        contest: contest_ref(&contest),
        results_at: contest
            .results_at
            .map(|t| crate::format::Zoned::new(t, &contest.time_zone)),
        rounds,
    })
}

/// Round `position` of contest `code` as the public results page shows it; not found, like
/// any round never published, until it is published.
pub async fn public_round(
    db: &DatabaseConnection,
    code: &str,
    position: i32,
    lang: Lang,
) -> ServiceResult<PublishedRound> {
    let contest = find_by_code(db, code).await?;
    let published = published_rounds(db, contest.id).await?;
    let k = published
        .iter()
        .position(|(r, ..)| r.position == position)
        .ok_or(ServiceError::NotFound)?;
    published_round(db, &contest, &published, k, Detail::Entries, lang).await
}

/// How much of a published round to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The round and how many entries it lists (the JSON API's list of rounds).
    Summary,
    /// The entries too, with their lead founders' names (the results page).
    Entries,
}

/// The `k`-th of a contest's published rounds, with the entries it lists when `detail` asks.
async fn published_round(
    db: &DatabaseConnection,
    contest: &contest::Model,
    published: &[(round::Model, PublishOptions, DateTime<Utc>, String)],
    k: usize,
    detail: Detail,
    lang: Lang,
) -> ServiceResult<PublishedRound> {
    let (round, options, at, _) = &published[k];
    // A finalised round is replayed from its kept files and checked against their digest.
    let c = results::computed(db, contest, round, false).await?;
    let next_round = match published
        .get(k + 1)
        .filter(|(r, ..)| r.position == round.position + 1)
    {
        Some((r, ..)) => Some(r.clone()),
        None => {
            round::Entity::find()
                .filter(round::Column::ContestId.eq(contest.id))
                .filter(round::Column::Position.eq(round.position + 1))
                .one(db)
                .await?
        }
    };
    let listed = listed_entries(&c);
    Ok(PublishedRound {
        round: round_ref(round),
        is_final: c.rules.settings.is_final,
        published_at: crate::format::Zoned::new(*at, &contest.time_zone),
        digest: c.digest.clone(),
        options: *options,
        ranked: c
            .outcome
            .entries
            .iter()
            .filter(|r| r.status == EntryStatus::Ranked)
            .count() as u64,
        next_round: next_round.map(|r| lang.pick(&r.name_vi, &r.name_en).to_owned()),
        listed: listed.len() as u64,
        categories: match detail {
            Detail::Summary => Vec::new(),
            Detail::Entries => published_categories(db, &c, &listed, *options, lang).await?,
        },
    })
}

/// The entries a published round lists, in official order: a final round's ranked entries,
/// an earlier round's advancing ones.
fn listed_entries(c: &Computed) -> Vec<usize> {
    c.outcome
        .order
        .iter()
        .copied()
        .filter(|&i| {
            let r = &c.outcome.entries[i];
            r.status == EntryStatus::Ranked
                && (c.rules.settings.is_final
                    || r.advancement.as_ref().and_then(|a| a.advances()) == Some(true))
        })
        .collect()
}

/// A published round's entries by category, in the contest's category order (entries without
/// one last): a final round's prize winners and other ranked entries, an earlier round's
/// advancing entries, each in category rank order.
async fn published_categories(
    db: &impl ConnectionTrait,
    c: &Computed,
    listed: &[usize],
    options: PublishOptions,
    lang: Lang,
) -> ServiceResult<Vec<PublishedCategory>> {
    let leads = lead_names(db, listed.iter().filter_map(|&i| c.ids[i])).await?;
    let mut by_category: BTreeMap<usize, PublishedCategory> = BTreeMap::new();
    for &i in listed {
        let r = &c.outcome.entries[i];
        let place = c
            .categories
            .iter()
            .position(|k| Some(&k.code) == r.entry.category.as_ref())
            .unwrap_or(c.categories.len());
        let group = by_category
            .entry(place)
            .or_insert_with(|| PublishedCategory {
                category: c.categories.get(place).map(category_name),
                winners: Vec::new(),
                others: Vec::new(),
            });
        let entry = published_entry(c, i, r, &leads, options, lang);
        if entry.prize.is_some() {
            group.winners.push(entry);
        } else {
            group.others.push(entry);
        }
    }
    let mut groups: Vec<PublishedCategory> = by_category.into_values().collect();
    // Winners by prize (the first prize first), then by rank.
    for g in &mut groups {
        g.winners.sort_by_key(|e| {
            let r = c.outcome.entry(&e.code);
            let prize = r
                .and_then(|r| r.prize.as_ref())
                .and_then(|p| p.prize())
                .flatten();
            (prize.unwrap_or(usize::MAX), e.rank.unwrap_or(u32::MAX))
        });
    }
    Ok(groups)
}

fn published_entry(
    c: &Computed,
    i: usize,
    r: &EntryResult,
    leads: &HashMap<Uuid, String>,
    options: PublishOptions,
    lang: Lang,
) -> PublishedEntry {
    PublishedEntry {
        code: r.entry.code.clone(),
        title: r.entry.title.clone().unwrap_or_default(),
        lead: c.ids[i]
            .and_then(|id| leads.get(&id).cloned())
            .unwrap_or_default(),
        rank: r.category_rank.map(|p| p.rank),
        shared: results::shared(r.category_rank.as_ref()),
        score: options.show_scores.then_some(r.scoring.score).flatten(),
        prize: c.prize_name(r, lang),
    }
}

/// The lead founders' names of the entries with these ids.
async fn lead_names(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = Uuid>,
) -> ServiceResult<HashMap<Uuid, String>> {
    let ids: Vec<Uuid> = ids.collect();
    let mut leads: Vec<(Uuid, Uuid)> = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let rows: Vec<(Uuid, Uuid)> = entry::Entity::find()
            .select_only()
            .column(entry::Column::Id)
            .column(entry::Column::LeadId)
            .filter(entry::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        leads.extend(rows);
    }
    let people = results::user_names(db, leads.iter().map(|(_, lead)| *lead)).await?;
    Ok(leads
        .into_iter()
        .filter_map(|(id, lead)| Some((id, people.get(&lead)?.clone())))
        .collect())
}

/// One of a published round's files, as anyone may download it to check the digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicFile {
    Rules,
    Entries,
    Sheets,
}

impl PublicFile {
    pub fn from_name(name: &str) -> Option<PublicFile> {
        match name {
            "round.toml" => Some(PublicFile::Rules),
            "entries.csv" => Some(PublicFile::Entries),
            "sheets.csv" => Some(PublicFile::Sheets),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            PublicFile::Rules => "application/toml; charset=utf-8",
            PublicFile::Entries | PublicFile::Sheets => "text/csv; charset=utf-8",
        }
    }
}

/// A published round's file exactly as the round was finalised with it, and its download
/// name; not found unless the round is published with its files.
pub async fn public_file(
    db: &DatabaseConnection,
    code: &str,
    position: i32,
    file: PublicFile,
) -> ServiceResult<(String, String)> {
    let contest = find_by_code(db, code).await?;
    let round = super::assignment::round_at(db, contest.id, position).await?;
    let kept = round_result::Entity::find_by_id(round.id)
        .one(db)
        .await?
        .filter(|k| k.published_at.is_some() && k.publish_files)
        .ok_or(ServiceError::NotFound)?;
    let stem = format!("{}-round-{}", contest.code, round.position);
    Ok(match file {
        PublicFile::Rules => (format!("{stem}.toml"), kept.rules),
        PublicFile::Entries => (format!("{stem}-entries.csv"), kept.entries),
        PublicFile::Sheets => (format!("{stem}-sheets.csv"), kept.sheets),
    })
}

/// Entry `row`'s results in the contest's published rounds, for whoever may read the entry:
/// its standing, ranks, scores as the publication allows, advancement or prize, and the
/// feedback its judges wrote for the founders where the round allows it.
async fn entry_results(
    db: &DatabaseConnection,
    contest: &contest::Model,
    row: &entry::Model,
    lang: Lang,
) -> ServiceResult<Vec<EntryRoundResult>> {
    let mut out = Vec::new();
    for (round, options, at, _) in published_rounds(db, contest.id).await? {
        if row.round < round.position {
            continue;
        }
        let c = results::computed(db, contest, &round, false).await?;
        let Some(r) = c.outcome.entry(&row.code) else {
            continue;
        };
        let ranked = c
            .outcome
            .entries
            .iter()
            .filter(|e| e.status == EntryStatus::Ranked);
        // §11: entries without a category rank together, as a category of their own.
        let category_ranked = ranked
            .clone()
            .filter(|e| e.entry.category == r.entry.category)
            .count() as u64;
        let feedback = if c.rules.settings.judging.founder_feedback {
            sheet::Entity::find()
                .select_only()
                .column(sheet::Column::FounderFeedback)
                .filter(sheet::Column::RoundId.eq(round.id))
                .filter(sheet::Column::EntryId.eq(row.id))
                .filter(sheet::Column::State.eq(SheetState::Submitted.code()))
                .filter(sheet::Column::FounderFeedback.ne(""))
                .order_by_asc(sheet::Column::SubmittedAt)
                .into_tuple::<String>()
                .all(db)
                .await?
        } else {
            Vec::new()
        };
        let criteria = if options.show_scores {
            c.rules
                .rubric
                .criteria()
                .iter()
                .zip(&r.scoring.criteria)
                .map(|(k, s)| (k.name.get(lang).to_owned(), *s))
                .collect()
        } else {
            Vec::new()
        };
        out.push(EntryRoundResult {
            round: round_ref(&round),
            is_final: c.rules.settings.is_final,
            published_at: crate::format::Zoned::new(at, &contest.time_zone),
            standing: results::standing(r.status),
            rank: r.rank.map(|p| p.rank),
            ranked: ranked.count() as u64,
            category_rank: r.category_rank.map(|p| p.rank),
            category_ranked,
            score: options.show_scores.then_some(r.scoring.score).flatten(),
            criteria,
            advanced: r.advancement.as_ref().and_then(|a| a.advances()),
            prize: c.prize_name(r, lang),
            feedback,
            digest: c.digest.clone(),
        });
    }
    Ok(out)
}

/// Whether `actor` reads an entry of contest `contest_id` as its committee does (every round
/// it reached), rather than as a founder (only what is published).
pub(crate) fn reads_unpublished(actor: &Actor, contest_id: Uuid) -> bool {
    policy::allows(actor, &Permission::ManageContest(contest_id))
}

/// Round `position`'s consolidated score table (its committee), in one category or the whole
/// round: every entry in official order, then the incomplete and disqualified ones.
pub async fn score_table(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    category: Option<&str>,
    lang: Lang,
) -> ServiceResult<ScoreTable> {
    let (contest, round) = results::committee_round(db, actor, code, position).await?;
    let c = results::computed(db, &contest, &round, false).await?;
    let categories: Vec<CategoryName> = c.categories.iter().map(category_name).collect();
    let chosen = match category {
        Some(k) => Some(
            categories
                .iter()
                .find(|n| n.code == k)
                .cloned()
                .ok_or(ServiceError::NotFound)?,
        ),
        None => None,
    };
    let mut rows = Vec::new();
    for standing in [
        EntryStatus::Ranked,
        EntryStatus::Incomplete,
        EntryStatus::Disqualified,
    ] {
        for &i in &c.outcome.order {
            let r = &c.outcome.entries[i];
            if r.status != standing
                || chosen
                    .as_ref()
                    .is_some_and(|k| r.entry.category.as_deref() != Some(k.code.as_str()))
            {
                continue;
            }
            let rank = r.rank.map_or_else(String::new, |p| {
                let shared = if results::shared(Some(&p)) { "=" } else { "" };
                format!("{}{shared}", p.rank)
            });
            rows.push(ScoreTableRow {
                rank,
                code: r.entry.code.clone(),
                title: r.entry.title.clone().unwrap_or_default(),
                category: r
                    .entry
                    .category
                    .as_deref()
                    .map(|k| c.category_name(k, lang))
                    .unwrap_or_default(),
                totals: r.scoring.sheets.iter().map(|s| s.total).collect(),
                criteria: r.scoring.criteria.clone(),
                score: r.scoring.score,
                standing: results::standing(r.status),
                advances: r
                    .advancement
                    .as_ref()
                    .map(|a| results::advances_of(a.advances())),
                prize: c.prize_name(r, lang),
            });
        }
    }
    Ok(ScoreTable {
        contest: contest_ref(&contest),
        round: round_ref(&round),
        category: chosen,
        categories,
        criteria: c
            .rules
            .rubric
            .criteria()
            .iter()
            .map(|k| (k.name.get(lang).to_owned(), k.weight.value()))
            .collect(),
        aggregate: results::aggregate_code(c.rules.settings.aggregate()).to_owned(),
        finalised: c
            .finalised
            .as_ref()
            .map(|(at, _)| crate::format::Zoned::new(*at, &contest.time_zone)),
        printed: crate::format::Zoned::new(Utc::now(), &contest.time_zone),
        digest: c.digest.clone(),
        rows,
    })
}

fn category_name(k: &crate::ssr::entities::category::Model) -> CategoryName {
    CategoryName {
        code: k.code.clone(),
        name_vi: k.name_vi.clone(),
        name_en: k.name_en.clone(),
    }
}

/// A certificate for each prize winner of the contest's final round, once it is finalised
/// (its committee), in prize order, then rank.
pub async fn certificates(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    lang: Lang,
) -> ServiceResult<Certificates> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let finalised = round::Entity::find()
        .filter(round::Column::ContestId.eq(contest.id))
        .filter(round::Column::FinalisedAt.is_not_null())
        .order_by_desc(round::Column::Position)
        .all(db)
        .await?;
    let mut found = None;
    for round in finalised {
        let c = results::computed(db, &contest, &round, false).await?;
        if c.rules.settings.is_final {
            found = Some((round, c));
            break;
        }
    }
    let Some((round, c)) = found else {
        return Ok(Certificates {
            contest: contest_ref(&contest),
            round: None,
            finalised: None,
            certificates: Vec::new(),
        });
    };
    let mut winners: Vec<(usize, u32, usize)> = c
        .outcome
        .entries
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let prize = r.prize.as_ref()?.prize()??;
            Some((prize, r.rank.map_or(u32::MAX, |p| p.rank), i))
        })
        .collect();
    winners.sort();
    let ids: Vec<Uuid> = winners.iter().filter_map(|&(_, _, i)| c.ids[i]).collect();
    let leads = lead_names(db, ids.iter().copied()).await?;
    let mut members: HashMap<Uuid, Vec<String>> = HashMap::new();
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let rows: Vec<(Uuid, String)> = entry_member::Entity::find()
            .select_only()
            .column(entry_member::Column::EntryId)
            .column(entry_member::Column::Name)
            .filter(entry_member::Column::EntryId.is_in(chunk.iter().copied()))
            .order_by_asc(entry_member::Column::EntryId)
            .order_by_asc(entry_member::Column::Position)
            .into_tuple()
            .all(db)
            .await?;
        for (id, name) in rows {
            members.entry(id).or_default().push(name);
        }
    }
    let certificates = winners
        .iter()
        .map(|&(_, _, i)| {
            let r = &c.outcome.entries[i];
            let id = c.ids[i];
            let mut team: Vec<String> = id
                .and_then(|id| leads.get(&id).cloned())
                .into_iter()
                .collect();
            for name in id.and_then(|id| members.get(&id)).into_iter().flatten() {
                if !team.contains(name) && !name.trim().is_empty() {
                    team.push(name.clone());
                }
            }
            Certificate {
                prize: c.prize_name(r, lang).unwrap_or_default(),
                code: r.entry.code.clone(),
                title: r.entry.title.clone().unwrap_or_default(),
                category: r
                    .entry
                    .category
                    .as_deref()
                    .map(|k| c.category_name(k, lang)),
                team,
            }
        })
        .collect();
    Ok(Certificates {
        contest: contest_ref(&contest),
        round: Some(round_ref(&round)),
        finalised: c
            .finalised
            .as_ref()
            .map(|(at, _)| crate::format::Zoned::new(*at, &contest.time_zone)),
        certificates,
    })
}

/// Entry `code`'s results in its contest's published rounds, for whoever may read the entry.
pub async fn entry_results_for(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    lang: Lang,
) -> ServiceResult<Vec<EntryRoundResult>> {
    let row = super::entries::readable(db, actor, code, false).await?;
    let contest = contest::Entity::find_by_id(row.contest_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    entry_results(db, &contest, &row, lang).await
}
