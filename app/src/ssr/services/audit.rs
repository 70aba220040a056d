//! The audit log (SCORING.md §10): who did what, when, why, and what changed. Services append
//! a record in the transaction of the change it records, so a change rolled back leaves no
//! record. Each record holds the SHA-256 of its canonical content, which includes the hash of
//! the record before it in its chain (one chain per contest, one for the site): removing,
//! editing or inserting a record breaks the chain, and `verify` names the first broken one.
//!
//! Appending locks the chain's head row (`audit_heads`, `SELECT … FOR UPDATE` on PostgreSQL;
//! SQLite's single writer does the same), so concurrent writers, even two server instances on
//! one database, take turns and cannot fork a chain.

use super::PageRequest;
use crate::model::{AuditEntry, AuditFilter, Paged};
use crate::ssr::actor::Actor;
use crate::ssr::entities::{audit_head, audit_log, contest};
use crate::ssr::messages::{Msg, ServiceError, ServiceResult};
use crate::ssr::policy::{self, Permission};
use chrono::{DateTime, DurationRound, NaiveDate, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The chain of records that belong to no contest.
pub const SITE_CHAIN: &str = "site";
/// The `prev_hash` of a chain's first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What changed: field → (before, after), `None` where the field had no value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes(BTreeMap<String, (Option<String>, Option<String>)>);

impl Changes {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `field` going from `before` to `after`; an unchanged field is left out.
    pub fn field(
        mut self,
        field: &str,
        before: Option<impl ToString>,
        after: Option<impl ToString>,
    ) -> Self {
        let (before, after) = (before.map(|b| b.to_string()), after.map(|a| a.to_string()));
        if before != after {
            self.0.insert(field.to_owned(), (before, after));
        }
        self
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A field that was set for the first time.
    pub fn set(self, field: &str, value: impl ToString) -> Self {
        self.field(field, None::<String>, Some(value))
    }

    fn to_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_else(|_| "{}".into())
    }
}

/// One record to append.
#[derive(Debug, Clone)]
pub struct Record {
    /// `area.event`, e.g. `contest.created`.
    pub kind: &'static str,
    pub contest: Option<Uuid>,
    pub object_kind: &'static str,
    pub object_id: String,
    pub reason: Option<String>,
    pub changes: Changes,
}

impl Record {
    pub fn new(kind: &'static str, object_kind: &'static str, object_id: impl ToString) -> Self {
        Record {
            kind,
            contest: None,
            object_kind,
            object_id: object_id.to_string(),
            reason: None,
            changes: Changes::new(),
        }
    }

    pub fn in_contest(mut self, contest: Uuid) -> Self {
        self.contest = Some(contest);
        self
    }

    /// The reason the actor gave.
    pub fn because(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    pub fn changes(mut self, changes: Changes) -> Self {
        self.changes = changes;
        self
    }
}

/// The canonical content of a record, hashed: a JSON array in a fixed order.
fn content_hash(r: &audit_log::Model) -> String {
    let content = serde_json::json!([
        r.chain,
        r.seq,
        r.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        r.actor_id,
        r.actor,
        r.contest_id,
        r.kind,
        r.object_kind,
        r.object_id,
        r.reason,
        r.changes,
        r.prev_hash,
    ]);
    hex::encode(Sha256::digest(content.to_string().as_bytes()))
}

fn chain_of(contest: Option<Uuid>) -> String {
    contest.map_or_else(|| SITE_CHAIN.to_owned(), |c| c.to_string())
}

/// Appends `record` by `actor` inside the caller's transaction.
pub async fn append(db: &impl ConnectionTrait, actor: &Actor, record: Record) -> ServiceResult<()> {
    let chain = chain_of(record.contest);
    // The head row exists from a chain's first record on; making it is idempotent, and
    // then every writer locks it until its transaction ends.
    audit_head::Entity::insert(audit_head::ActiveModel {
        chain: Set(chain.clone()),
        seq: Set(0),
        hash: Set(GENESIS.to_owned()),
    })
    .on_conflict_do_nothing_on([audit_head::Column::Chain])
    .exec(db)
    .await?;
    let head = audit_head::Entity::find_by_id(chain.clone())
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::Internal(format!("audit head {chain} is missing")))?;
    let at = Utc::now()
        .duration_trunc(TimeDelta::microseconds(1))
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    let mut row = audit_log::Model {
        id: Uuid::now_v7(),
        chain: chain.clone(),
        seq: head.seq + 1,
        at,
        actor_id: actor.id(),
        actor: actor.label(),
        contest_id: record.contest,
        kind: record.kind.to_owned(),
        object_kind: record.object_kind.to_owned(),
        object_id: record.object_id,
        reason: record.reason,
        changes: record.changes.to_json(),
        prev_hash: head.hash,
        hash: String::new(),
    };
    row.hash = content_hash(&row);
    audit_head::Entity::update_many()
        .col_expr(audit_head::Column::Seq, Expr::value(row.seq))
        .col_expr(audit_head::Column::Hash, Expr::value(row.hash.clone()))
        .filter(audit_head::Column::Chain.eq(chain))
        .exec(db)
        .await?;
    audit_log::Entity::insert(row.into_active_model().reset_all())
        .exec(db)
        .await?;
    Ok(())
}

/// What is wrong with a chain, at the first record where it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Break {
    /// The record's content does not match its hash: it was edited.
    Altered,
    /// Records before this one are missing (positions `expected` to `seq - 1`).
    Missing { expected: i64 },
    /// The record does not follow the one before it: it was inserted, or moved.
    Inserted,
    /// The chain ends elsewhere than its head says: records at its end were removed or added.
    Head { head_seq: i64, last_seq: i64 },
}

/// The first broken place of one chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub chain: String,
    /// Position of the record named (or where the chain's end should be).
    pub seq: i64,
    pub record: Option<Uuid>,
    pub problem: Break,
}

/// How a verification went: records checked, and the first break of each broken chain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verification {
    pub chains: u64,
    pub records: u64,
    pub broken: Vec<Broken>,
}

/// Walks every chain (or one contest's) from its start, a batch at a time.
pub async fn verify(
    db: &DatabaseConnection,
    actor: &Actor,
    contest: Option<Uuid>,
) -> ServiceResult<Verification> {
    match contest {
        Some(c) => policy::require(actor, Permission::ReadContestAudit(c))?,
        None => policy::require(actor, Permission::Administer)?,
    }
    let heads = match contest {
        Some(c) => {
            audit_head::Entity::find_by_id(chain_of(Some(c)))
                .all(db)
                .await?
        }
        None => audit_head::Entity::find().all(db).await?,
    };
    let mut report = Verification::default();
    for head in heads {
        report.chains += 1;
        if let Some(broken) = verify_chain(db, &head, &mut report.records).await? {
            report.broken.push(broken);
        }
    }
    Ok(report)
}

const BATCH: u64 = 1000;

async fn verify_chain(
    db: &DatabaseConnection,
    head: &audit_head::Model,
    records: &mut u64,
) -> ServiceResult<Option<Broken>> {
    let (mut last_seq, mut last_hash) = (0_i64, GENESIS.to_owned());
    loop {
        let batch = audit_log::Entity::find()
            .filter(audit_log::Column::Chain.eq(&head.chain))
            .filter(audit_log::Column::Seq.gt(last_seq))
            .order_by_asc(audit_log::Column::Seq)
            .limit(BATCH)
            .all(db)
            .await?;
        let done = (batch.len() as u64) < BATCH;
        for r in batch {
            *records += 1;
            let broken = |problem| Broken {
                chain: head.chain.clone(),
                seq: r.seq,
                record: Some(r.id),
                problem,
            };
            if content_hash(&r) != r.hash {
                return Ok(Some(broken(Break::Altered)));
            }
            if r.seq != last_seq + 1 {
                return Ok(Some(broken(Break::Missing {
                    expected: last_seq + 1,
                })));
            }
            if r.prev_hash != last_hash {
                return Ok(Some(broken(Break::Inserted)));
            }
            (last_seq, last_hash) = (r.seq, r.hash);
        }
        if done {
            break;
        }
    }
    if last_seq != head.seq || last_hash != head.hash {
        return Ok(Some(Broken {
            chain: head.chain.clone(),
            seq: last_seq.max(head.seq),
            record: None,
            problem: Break::Head {
                head_seq: head.seq,
                last_seq,
            },
        }));
    }
    Ok(None)
}

fn day(field: &str, raw: &Option<String>) -> ServiceResult<Option<NaiveDate>> {
    match raw.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ServiceError::invalid(field, Msg::Date)),
    }
}

fn start_of(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

/// The log, newest first, filtered; administrators read every chain, a contest's committee
/// reads its contest's. Days are UTC days.
pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    filter: &AuditFilter,
    page: PageRequest,
) -> ServiceResult<Paged<AuditEntry>> {
    let contest = match filter
        .contest
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(code) => Some(super::contests::find_by_code(db, code).await?),
        None => None,
    };
    match &contest {
        Some(c) => policy::require(actor, Permission::ReadContestAudit(c.id))?,
        None => policy::require(actor, Permission::Administer)?,
    }
    let (from, to) = (day("from", &filter.from)?, day("to", &filter.to)?);
    let mut cond = Condition::all();
    if let Some(c) = &contest {
        cond = cond.add(audit_log::Column::ContestId.eq(c.id));
    }
    if let Some(object) = filter
        .object
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        cond = cond.add(audit_log::Column::ObjectId.eq(object));
    }
    if let Some(who) = filter
        .actor
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        cond = cond.add(audit_log::Column::Actor.eq(who.to_lowercase()));
    }
    if let Some(kind) = filter
        .kind
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        cond = cond.add(
            Condition::any()
                .add(audit_log::Column::Kind.eq(kind))
                .add(audit_log::Column::Kind.starts_with(format!("{kind}."))),
        );
    }
    if let Some(from) = from {
        cond = cond.add(audit_log::Column::At.gte(start_of(from)));
    }
    if let Some(to) = to {
        cond = cond.add(audit_log::Column::At.lt(start_of(to) + TimeDelta::days(1)));
    }
    let query = audit_log::Entity::find().filter(cond);
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(audit_log::Column::Id)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = rows.iter().filter_map(|r| r.contest_id).collect();
    let contests: BTreeMap<Uuid, contest::Model> = if ids.is_empty() {
        BTreeMap::new()
    } else {
        contest::Entity::find()
            .filter(contest::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect()
    };
    let items = rows
        .into_iter()
        .map(|r| {
            let changes: BTreeMap<String, (Option<String>, Option<String>)> =
                serde_json::from_str(&r.changes).unwrap_or_default();
            let zone = r
                .contest_id
                .and_then(|c| contests.get(&c))
                .map_or("Asia/Ho_Chi_Minh", |c| c.time_zone.as_str());
            AuditEntry {
                id: r.id,
                seq: r.seq,
                at: crate::format::Zoned::new(r.at, zone),
                actor: r.actor,
                contest: r
                    .contest_id
                    .and_then(|c| contests.get(&c))
                    .map(|c| c.code.clone()),
                kind: r.kind,
                object_kind: r.object_kind,
                object_id: r.object_id,
                reason: r.reason,
                changes: changes.into_iter().map(|(k, (b, a))| (k, b, a)).collect(),
            }
        })
        .collect();
    Ok(Paged {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// A contest's audit log read in batches, oldest first, for a download: the permission is
/// checked once, when it starts. Batches follow the `(contest_id, id)` index.
pub struct Export {
    contest_id: Uuid,
    contest_code: String,
    time_zone: String,
    /// The id of the last record read.
    after: Option<Uuid>,
}

/// Starts the download of contest `code`'s audit log (its committee and administrators).
pub async fn export(db: &DatabaseConnection, actor: &Actor, code: &str) -> ServiceResult<Export> {
    let contest = super::contests::find_by_code(db, code).await?;
    policy::require(actor, Permission::ReadContestAudit(contest.id))?;
    Ok(Export {
        contest_id: contest.id,
        contest_code: contest.code,
        time_zone: contest.time_zone,
        after: None,
    })
}

impl Export {
    pub fn file_name(&self) -> String {
        format!("{}-audit.csv", self.contest_code)
    }

    pub fn time_zone(&self) -> &str {
        &self.time_zone
    }

    /// The next `size` records, oldest first; empty when all are read.
    pub async fn next_batch(
        &mut self,
        db: &impl ConnectionTrait,
        size: u64,
    ) -> ServiceResult<Vec<audit_log::Model>> {
        let mut query =
            audit_log::Entity::find().filter(audit_log::Column::ContestId.eq(self.contest_id));
        if let Some(after) = self.after {
            query = query.filter(audit_log::Column::Id.gt(after));
        }
        let rows = query
            .order_by_asc(audit_log::Column::Id)
            .limit(size)
            .all(db)
            .await?;
        if let Some(last) = rows.last() {
            self.after = Some(last.id);
        }
        Ok(rows)
    }
}
