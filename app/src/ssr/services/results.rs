//! A round's results, computed by the engine from what the database holds: the round's
//! entries, its submitted sheets and the committee's decisions, read in four queries and
//! handed to `domain::round::compute` whole. The ranking page, the results and sheets exports
//! and the digest all read the one [`Computed`] round, so they cannot disagree.
//!
//! Judges appear in the engine's input, in exported sheets and in the digest under a label
//! (`GK-` and ten hex digits) that is the same for a judge throughout a contest and says
//! nothing about who they are; pages put names back for the committee.

use super::audit::{self, Changes, Record};
use super::contests::find_by_code;
use super::discrepancies::signature_of;
use super::judges::{contest_ref, round_ref};
use super::kept::Kept;
use super::rounds::remembered_rules;
use crate::domain::Lang;
use crate::domain::committee::{
    AcceptedFlag, CommitteeDecisions, Override, OverrideAction, PrizeChoice,
};
use crate::domain::digest::digest;
use crate::domain::error::DecisionProblem;
use crate::domain::explain::explain;
use crate::domain::files::RoundRules;
use crate::domain::files::{SourceFile, parse_entries, parse_rules, parse_sheets};
use crate::domain::prizes::PrizeVerdict;
use crate::domain::ranking::{Decided, Place};
use crate::domain::round::{
    Entry, EntryResult, EntryStatus, RoundInput, RoundOutcome, ScoresUnder, Warning, compute,
    scores_by_aggregation,
};
use crate::domain::settings::Aggregate;
use crate::domain::sheet::{ScoreSheet, SheetState};
use crate::model::EntryStatus as EntryRowStatus;
use crate::model::limits::REASON_MAX;
use crate::model::results::{
    Advances, CategoryName, EntryExplanation, ExplainedSheet, FinalisedView, RANKING_PER_PAGE,
    RankingQuery, RankingRow, RankingView, Standing,
};
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::{
    advancement_override, assignment, category, contest, entry, flag_acceptance, prize_choice,
    round, round_result, sheet, user,
};
use crate::ssr::exports::csv_text;
use crate::ssr::messages::{Msg, Problem, ServiceError, ServiceResult};
use crate::ssr::policy::{self, Permission};
use crate::words;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// How long a computed round is reused while judges submit (the page says when it was
/// computed, and the committee can ask for it afresh). Computing the national round takes
/// about a quarter of a second (docs/benchmarks.md); under a live final's saves that happens
/// every 2 s at most, not per view.
pub const RESULTS_FRESH_FOR: Duration = Duration::from_secs(2);

/// Ids per `IN (…)` list: well inside SQLite's and PostgreSQL's parameter limits.
pub(crate) const IDS_PER_QUERY: usize = 1_000;

/// A judge's label in a contest: `GK-` and the first ten hex digits of SHA-256 over the
/// contest's and the judge's ids. Stable, distinct in practice (40 bits), and anonymous.
pub fn judge_label(contest: Uuid, judge: Uuid) -> String {
    let mut hasher = Sha256::new();
    hasher.update(contest.as_bytes());
    hasher.update(judge.as_bytes());
    let hash = hasher.finalize();
    let hex: String = hash.iter().take(5).map(|b| format!("{b:02x}")).collect();
    format!("GK-{hex}")
}

/// A round as the engine computed it from the database.
pub struct Computed {
    pub at: DateTime<Utc>,
    pub rules: Arc<RoundRules>,
    pub entries: Vec<Entry>,
    pub sheets: Vec<ScoreSheet>,
    pub committee: CommitteeDecisions,
    pub outcome: RoundOutcome,
    pub digest: String,
    /// §3 under each aggregation, entries in code order (`scores_by_aggregation`).
    pub alternatives: Vec<ScoresUnder>,
    /// Judge label → name.
    pub judges: HashMap<String, String>,
    pub categories: Vec<category::Model>,
    /// The entries' ids, aligned with `entries` (none for a finalised round's entry that was
    /// deleted since).
    pub ids: Vec<Option<Uuid>>,
    /// When the round was finalised and by whom: then everything above was replayed from
    /// the files it was finalised with.
    pub finalised: Option<(DateTime<Utc>, String)>,
    /// Prize choices that no longer apply (the tie changed since), by entry, with why.
    pub set_aside: Vec<(String, DecisionProblem)>,
}

impl Computed {
    pub fn input(&self) -> RoundInput<'_> {
        RoundInput {
            rubric: &self.rules.rubric,
            settings: &self.rules.settings,
            entries: &self.entries,
            sheets: &self.sheets,
            committee: &self.committee,
        }
    }

    /// A judge's name for the committee, or the label when the account is gone.
    pub fn judge_name<'a>(&'a self, label: &'a str) -> &'a str {
        self.judges.get(label).map_or(label, String::as_str)
    }

    /// A category code's name in `lang`.
    pub fn category_name(&self, code: &str, lang: Lang) -> String {
        self.categories.iter().find(|c| c.code == code).map_or_else(
            || code.to_owned(),
            |c| lang.pick(&c.name_vi, &c.name_en).to_owned(),
        )
    }

    /// §8: an entry's prize in `lang`, once decided.
    pub fn prize_name(&self, r: &EntryResult, lang: Lang) -> Option<String> {
        let k = r.prize.as_ref()?.prize()??;
        let prizes = self.rules.settings.prizes.as_ref()?;
        prizes.list.get(k).map(|p| p.name.get(lang).to_owned())
    }
}

/// The round's entries as the engine reads them (code order): submitted, in this round or
/// past it, and not found ineligible; disqualified ones are listed and never ranked (§11).
async fn round_entries(
    db: &impl ConnectionTrait,
    contest_id: Uuid,
    position: i32,
    categories: &[category::Model],
) -> ServiceResult<(Vec<Entry>, HashMap<Uuid, usize>)> {
    type Row = (
        Uuid,
        String,
        String,
        Option<Uuid>,
        Option<DateTime<Utc>>,
        String,
    );
    let rows: Vec<Row> = entry::Entity::find()
        .select_only()
        .column(entry::Column::Id)
        .column(entry::Column::Code)
        .column(entry::Column::Title)
        .column(entry::Column::CategoryId)
        .column(entry::Column::SubmittedAt)
        .column(entry::Column::Eligibility)
        .filter(entry::Column::ContestId.eq(contest_id))
        .filter(entry::Column::Round.gte(position))
        .filter(entry::Column::Status.eq(EntryRowStatus::Submitted))
        .filter(entry::Column::Eligibility.ne("ineligible"))
        .order_by_asc(entry::Column::Code)
        .into_tuple()
        .all(db)
        .await?;
    let code_of: HashMap<Uuid, &str> = categories.iter().map(|c| (c.id, c.code.as_str())).collect();
    let mut index = HashMap::with_capacity(rows.len());
    let entries = rows
        .into_iter()
        .enumerate()
        .map(
            |(i, (id, code, title, category, submitted_at, eligibility))| {
                index.insert(id, i);
                Entry {
                    code,
                    category: category.and_then(|c| code_of.get(&c).map(|c| (*c).to_owned())),
                    submitted_at,
                    title: Some(title),
                    disqualified: eligibility == "disqualified",
                }
            },
        )
        .collect();
    Ok((entries, index))
}

/// A round as the engine computes it: a finalised round replayed from the files it was
/// finalised with (so later changes to entries cannot move it), an open one read from the
/// database.
async fn compute_round(
    db: &impl ConnectionTrait,
    contest: &contest::Model,
    round: &round::Model,
) -> ServiceResult<Computed> {
    match round_result::Entity::find_by_id(round.id).one(db).await? {
        Some(kept) if round.finalised_at.is_some() => {
            replay_finalised(db, contest, round, kept).await
        }
        _ => compute_open(db, contest, round).await,
    }
}

/// A finalised round, replayed from its kept files with the engine `jurydesk results` runs.
async fn replay_finalised(
    db: &impl ConnectionTrait,
    contest: &contest::Model,
    round: &round::Model,
    kept: round_result::Model,
) -> ServiceResult<Computed> {
    let internal = |e: crate::domain::DomainError| ServiceError::Internal(e.to_string());
    let rules = parse_rules(&SourceFile::new("round.toml", &kept.rules)).map_err(internal)?;
    let entries = parse_entries(&SourceFile::new("entries.csv", strip_bom(&kept.entries)))
        .map_err(internal)?;
    let sheets = parse_sheets(
        &SourceFile::new("sheets.csv", strip_bom(&kept.sheets)),
        &rules.rubric,
        Some(&entries),
    )
    .map_err(internal)?;
    let categories = contest_categories(db, contest.id).await?;
    let codes: Vec<&str> = entries.iter().map(|e| e.code.as_str()).collect();
    let mut ids: HashMap<String, Uuid> = HashMap::new();
    for chunk in codes.chunks(IDS_PER_QUERY) {
        let rows: Vec<(Uuid, String)> = entry::Entity::find()
            .select_only()
            .column(entry::Column::Id)
            .column(entry::Column::Code)
            .filter(entry::Column::ContestId.eq(contest.id))
            .filter(entry::Column::Code.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        ids.extend(rows.into_iter().map(|(id, code)| (code, id)));
    }
    let judge_ids: Vec<Uuid> = sheet::Entity::find()
        .select_only()
        .column(sheet::Column::JudgeId)
        .distinct()
        .filter(sheet::Column::RoundId.eq(round.id))
        .into_tuple()
        .all(db)
        .await?;
    let labels: HashMap<Uuid, String> = judge_ids
        .into_iter()
        .map(|id| (id, judge_label(contest.id, id)))
        .collect();
    let judges = judge_names(db, &labels).await?;
    let committee = rules.committee.clone();
    let input = RoundInput {
        rubric: &rules.rubric,
        settings: &rules.settings,
        entries: &entries,
        sheets: &sheets,
        committee: &committee,
    };
    let outcome = compute(&input).map_err(internal)?;
    let alternatives = scores_by_aggregation(&input).map_err(internal)?;
    let digest = digest(&input, &outcome);
    if digest != kept.digest {
        return Err(ServiceError::Internal(format!(
            "round {} replays to {digest}, finalised as {}",
            round.id, kept.digest
        )));
    }
    let by = user::Entity::find_by_id(kept.finalised_by)
        .one(db)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    Ok(Computed {
        at: Utc::now(),
        ids: entries.iter().map(|e| ids.get(&e.code).copied()).collect(),
        rules: Arc::new(rules),
        entries,
        sheets,
        committee,
        outcome,
        digest,
        alternatives,
        judges,
        categories,
        finalised: Some((kept.finalised_at, by)),
        set_aside: Vec::new(),
    })
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The contest's categories in their order.
async fn contest_categories(
    db: &impl ConnectionTrait,
    contest_id: Uuid,
) -> ServiceResult<Vec<category::Model>> {
    Ok(category::Entity::find()
        .filter(category::Column::ContestId.eq(contest_id))
        .order_by_asc(category::Column::Position)
        .all(db)
        .await?)
}

/// An open round read from the database: its entries, submitted sheets and decisions.
async fn compute_open(
    db: &impl ConnectionTrait,
    contest: &contest::Model,
    round: &round::Model,
) -> ServiceResult<Computed> {
    let rules = remembered_rules(&round.rules)
        .ok_or_else(|| ServiceError::Internal(format!("round {} rules", round.id)))?;
    let rubric = &rules.rubric;
    let categories = contest_categories(db, contest.id).await?;
    let (entries, index) = round_entries(db, contest.id, round.position, &categories).await?;
    let rows: Vec<(Uuid, Uuid, String)> = sheet::Entity::find()
        .select_only()
        .column(sheet::Column::EntryId)
        .column(sheet::Column::JudgeId)
        .column(sheet::Column::Scores)
        .filter(sheet::Column::RoundId.eq(round.id))
        .filter(sheet::Column::State.eq(SheetState::Submitted.code()))
        .into_tuple()
        .all(db)
        .await?;
    let mut labels: HashMap<Uuid, String> = HashMap::new();
    let mut sheets = Vec::with_capacity(rows.len());
    for (entry_id, judge_id, scores) in rows {
        // A sheet of an entry that left the round (found ineligible, withdrawn) is not counted.
        let Some(&i) = index.get(&entry_id) else {
            continue;
        };
        let label = labels
            .entry(judge_id)
            .or_insert_with(|| judge_label(contest.id, judge_id))
            .clone();
        let typed: BTreeMap<String, String> = serde_json::from_str(&scores).unwrap_or_default();
        let (mut sheet, refused) = ScoreSheet::from_typed(rubric, label, &entries[i].code, |k| {
            typed.get(k).map(String::as_str)
        });
        // Stored submitted sheets were checked on submission, and the rubric is locked since.
        if !refused.is_empty() || sheet.submit(rubric).is_err() {
            return Err(ServiceError::Internal(format!(
                "a submitted sheet of round {} no longer reads",
                round.id
            )));
        }
        sheets.push(sheet);
    }
    let mut committee = CommitteeDecisions {
        accepted_flags: accepted_flags(db, round.id, &entries, &index, &sheets, &rules).await?,
        overrides: overrides(db, round.id, &entries, &index).await?,
        prize_choices: prize_choices(db, round.id, &entries, &index).await?,
    };
    let judges = judge_names(db, &labels).await?;
    let internal = |e: crate::domain::DomainError| ServiceError::Internal(e.to_string());
    // §8: a prize choice made for a tie that a later sheet dissolved or reshaped no longer
    // applies: it is set aside (the entry waits for a new choice, or needs none).
    let mut set_aside = Vec::new();
    let outcome = loop {
        let input = RoundInput {
            rubric,
            settings: &rules.settings,
            entries: &entries,
            sheets: &sheets,
            committee: &committee,
        };
        match compute(&input) {
            Err(crate::domain::DomainError::Decision { entry, problem })
                if committee.prize_choices.iter().any(|c| c.entry == entry) =>
            {
                committee.prize_choices.retain(|c| c.entry != entry);
                set_aside.push((entry, problem));
            }
            other => break other.map_err(internal)?,
        }
    };
    let input = RoundInput {
        rubric,
        settings: &rules.settings,
        entries: &entries,
        sheets: &sheets,
        committee: &committee,
    };
    let alternatives = scores_by_aggregation(&input).map_err(internal)?;
    let digest = digest(&input, &outcome);
    let mut ids = vec![None; entries.len()];
    for (id, &i) in &index {
        ids[i] = Some(*id);
    }
    Ok(Computed {
        at: Utc::now(),
        ids,
        finalised: None,
        set_aside,
        rules: rules.clone(),
        entries,
        sheets,
        committee,
        outcome,
        digest,
        alternatives,
        judges,
        categories,
    })
}

/// §5: the flags the committee accepted for the very totals the sheets now have (a changed
/// sheet flags the entry again).
async fn accepted_flags(
    db: &impl ConnectionTrait,
    round_id: Uuid,
    entries: &[Entry],
    index: &HashMap<Uuid, usize>,
    sheets: &[ScoreSheet],
    rules: &RoundRules,
) -> ServiceResult<Vec<AcceptedFlag>> {
    let acceptances = flag_acceptance::Entity::find()
        .filter(flag_acceptance::Column::RoundId.eq(round_id))
        .all(db)
        .await?;
    if acceptances.is_empty() {
        return Ok(Vec::new());
    }
    let mut totals: HashMap<&str, Vec<Decimal>> = HashMap::new();
    for s in sheets {
        totals
            .entry(s.entry())
            .or_default()
            .push(s.total(&rules.rubric));
    }
    Ok(acceptances
        .into_iter()
        .filter_map(|a| {
            let code = &entries[*index.get(&a.entry_id)?].code;
            let now = signature_of(totals.get(code.as_str())?.iter().copied());
            (now == a.totals).then(|| AcceptedFlag {
                entry: code.clone(),
                note: a.note,
            })
        })
        .collect())
}

/// §7: the committee's changes to the advancing list, for entries still in the round.
async fn overrides(
    db: &impl ConnectionTrait,
    round_id: Uuid,
    entries: &[Entry],
    index: &HashMap<Uuid, usize>,
) -> ServiceResult<Vec<Override>> {
    let rows = advancement_override::Entity::find()
        .filter(advancement_override::Column::RoundId.eq(round_id))
        .all(db)
        .await?;
    let mut list: Vec<Override> = rows
        .into_iter()
        .filter_map(|o| {
            Some(Override {
                entry: entries[*index.get(&o.entry_id)?].code.clone(),
                action: if o.action == "remove" {
                    OverrideAction::Remove
                } else {
                    OverrideAction::Add
                },
                reason: o.reason,
            })
        })
        .collect();
    // By entry, so the exported round.toml lists them in one order.
    list.sort_by(|a, b| a.entry.cmp(&b.entry));
    Ok(list)
}

/// §8: the committee's prize choices inside ties, for entries still in the round.
async fn prize_choices(
    db: &impl ConnectionTrait,
    round_id: Uuid,
    entries: &[Entry],
    index: &HashMap<Uuid, usize>,
) -> ServiceResult<Vec<PrizeChoice>> {
    let rows = prize_choice::Entity::find()
        .filter(prize_choice::Column::RoundId.eq(round_id))
        .all(db)
        .await?;
    let mut list: Vec<PrizeChoice> = rows
        .into_iter()
        .filter_map(|c| {
            Some(PrizeChoice {
                entry: entries[*index.get(&c.entry_id)?].code.clone(),
                prize: c.prize.and_then(|p| u32::try_from(p).ok()),
                reason: c.reason,
            })
        })
        .collect();
    list.sort_by(|a, b| a.entry.cmp(&b.entry));
    Ok(list)
}

/// The names of the labelled judges.
async fn judge_names(
    db: &impl ConnectionTrait,
    labels: &HashMap<Uuid, String>,
) -> ServiceResult<HashMap<String, String>> {
    let names = user_names(db, labels.keys().copied()).await?;
    Ok(names
        .into_iter()
        .filter_map(|(id, name)| Some((labels.get(&id)?.clone(), name)))
        .collect())
}

/// The names of the accounts with these ids, in queries of `IDS_PER_QUERY`.
pub(crate) async fn user_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> ServiceResult<HashMap<Uuid, String>> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    let mut names = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let rows: Vec<(Uuid, String)> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .column(user::Column::Name)
            .filter(user::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        names.extend(rows);
    }
    Ok(names)
}

/// How old a computed round may be answered while a newer one is computed behind it.
pub const RESULTS_STALE_FOR: Duration = Duration::from_secs(60);

/// The round computed, reused for [`RESULTS_FRESH_FOR`] unless the committee changed
/// something or `fresh` asks for it afresh; after that, while the committee changed nothing,
/// the last one is answered at once as a new one is computed behind it (for up to
/// [`RESULTS_STALE_FOR`]).
pub(crate) async fn computed(
    db: &DatabaseConnection,
    contest: &contest::Model,
    round: &round::Model,
    fresh: bool,
) -> ServiceResult<Arc<Computed>> {
    static KEPT: Kept<Computed> = Kept::new(RESULTS_FRESH_FOR);
    let (db, contest, round) = (db.clone(), contest.clone(), round.clone());
    KEPT.get_or_refresh(round.id, fresh, RESULTS_STALE_FOR, move || async move {
        compute_round(&db, &contest, &round).await
    })
    .await
}

/// The contest of a committee act that needs a reason (reopening, a decision, taking results
/// back): its committee only, and the reason given, trimmed, not too long.
pub(crate) async fn committee_with_reason(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: &str,
    reason: &str,
) -> ServiceResult<(contest::Model, String)> {
    let contest = super::contests::managed(db, actor, code).await?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > REASON_MAX {
        return Err(ServiceError::invalid("reason", Msg::Reason));
    }
    Ok((contest, reason.to_owned()))
}

/// The contest and its round, for its committee only.
pub(crate) async fn committee_round(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: &str,
    position: i32,
) -> ServiceResult<(contest::Model, round::Model)> {
    let contest = super::contests::managed(db, actor, code).await?;
    let round = super::assignment::round_at(db, contest.id, position).await?;
    Ok((contest, round))
}

/// A round computed for its committee's downloads, and the downloads' name stem
/// (`LS25-round-1`). Reuses the last few seconds' computation like the page; each file states
/// the digest it was made with.
pub async fn export(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
) -> ServiceResult<(Arc<Computed>, String)> {
    let (contest, round) = committee_round(db, actor, code, position).await?;
    let c = computed(db, &contest, &round, false).await?;
    Ok((c, format!("{}-round-{}", contest.code, round.position)))
}

/// A round computed for its committee, with the round's row: the JSON API's ranking.
pub async fn committee_computed(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
) -> ServiceResult<(Arc<Computed>, round::Model)> {
    let (contest, round) = committee_round(db, actor, code, position).await?;
    let c = computed(db, &contest, &round, false).await?;
    Ok((c, round))
}

/// The round's rules as `jurydesk results --rules` reads them: the rules as the committee
/// wrote them, then the committee's decisions as a `[committee]` table (docs/formats.md §1).
pub async fn round_toml(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
) -> ServiceResult<(String, String)> {
    let (contest, round) = committee_round(db, actor, code, position).await?;
    let c = computed(db, &contest, &round, false).await?;
    Ok((
        format!("{}-round-{}.toml", contest.code, round.position),
        rules_with_decisions(&round.rules, &c.committee)?,
    ))
}

/// `rules` followed by `committee` as a `[committee]` table (nothing when it decided nothing).
pub(crate) fn rules_with_decisions(
    rules: &str,
    committee: &CommitteeDecisions,
) -> ServiceResult<String> {
    let mut text = rules.trim_end().to_owned();
    text.push('\n');
    if committee != &CommitteeDecisions::default() {
        #[derive(serde::Serialize)]
        struct File<'a> {
            committee: &'a CommitteeDecisions,
        }
        let table = toml::to_string(&File { committee })
            .map_err(|e| ServiceError::Internal(format!("committee decisions: {e}")))?;
        text.push('\n');
        text.push_str(&table);
    }
    Ok(text)
}

pub(crate) fn standing(status: EntryStatus) -> Standing {
    match status {
        EntryStatus::Ranked => Standing::Ranked,
        EntryStatus::Incomplete => Standing::Incomplete,
        EntryStatus::Disqualified => Standing::Disqualified,
    }
}

/// The ranking page: the committee's view of a round's results, one page of one standing
/// (in one category), and one entry's explanation.
pub async fn ranking(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    query: RankingQuery,
    fresh: bool,
    lang: Lang,
) -> ServiceResult<RankingView> {
    let (contest, round) = committee_round(db, actor, code, position).await?;
    let c = computed(db, &contest, &round, fresh).await?;
    let outcome = &c.outcome;
    let settings = &c.rules.settings;
    let in_category = |r: &EntryResult| match &query.category {
        Some(code) => r.entry.category.as_deref() == Some(code.as_str()),
        None => true,
    };
    let mut counts = [0u64; 3];
    let mut matching: Vec<usize> = Vec::new();
    for &i in &outcome.order {
        let r = &outcome.entries[i];
        if !in_category(r) {
            continue;
        }
        let s = standing(r.status);
        counts[Standing::ALL.iter().position(|x| *x == s).unwrap_or(0)] += 1;
        if s == query.standing {
            matching.push(i);
        }
    }
    let page = query.page.clamp(1, 1_000_000);
    let rows = matching
        .iter()
        .skip(((page - 1) * RANKING_PER_PAGE) as usize)
        .take(RANKING_PER_PAGE as usize)
        .map(|&i| row(&c, i, lang))
        .collect();
    // The round's own aggregation first, then the other three.
    let own = settings.aggregate();
    let aggregations = std::iter::once(own)
        .chain(c.alternatives.iter().map(|(a, _)| *a).filter(|a| *a != own))
        .map(aggregate_code)
        .map(str::to_owned)
        .collect();
    let explanation = match &query.explain {
        Some(code) => Some(explanation(&c, code, lang).ok_or(ServiceError::NotFound)?),
        None => None,
    };
    Ok(RankingView {
        contest: contest_ref(&contest),
        round: round_ref(&round),
        rubric: c.rules.rubric.clone(),
        computed_at: crate::format::Zoned::new(c.at, &contest.time_zone),
        digest: c.digest.clone(),
        aggregations,
        trim: settings.trim.unwrap_or(1),
        is_final: settings.is_final,
        categories: c
            .categories
            .iter()
            .map(|k| CategoryName {
                code: k.code.clone(),
                name_vi: k.name_vi.clone(),
                name_en: k.name_en.clone(),
            })
            .collect(),
        counts,
        open_flags: outcome
            .entries
            .iter()
            .filter(|r| r.flag.as_ref().is_some_and(|f| f.accepted.is_none()))
            .count() as u64,
        advancing: outcome
            .entries
            .iter()
            .filter(|r| r.advancement.as_ref().and_then(|a| a.advances()) == Some(true))
            .count() as u64,
        warnings: outcome
            .warnings
            .iter()
            .map(|w| words::warning(&named(&c, w), lang))
            .collect(),
        pending: outcome
            .pending
            .iter()
            .map(|p| words::pending(p, lang))
            .collect(),
        total: matching.len() as u64,
        query: RankingQuery { page, ..query },
        rows,
        explanation,
        finalised: c.finalised.as_ref().map(|(at, by)| FinalisedView {
            at: crate::format::Zoned::new(*at, &contest.time_zone),
            by: by.clone(),
        }),
        next_round: next_round_name(db, &contest, position, lang).await?,
        published: match c.finalised {
            Some(_) => super::publication::publication_of(db, &contest, round.id).await?,
            None => None,
        },
    })
}

/// The name of the round after `position`, if the contest has one.
async fn next_round_name(
    db: &impl ConnectionTrait,
    contest: &contest::Model,
    position: i32,
    lang: Lang,
) -> ServiceResult<Option<String>> {
    Ok(round::Entity::find()
        .filter(round::Column::ContestId.eq(contest.id))
        .filter(round::Column::Position.eq(position + 1))
        .one(db)
        .await?
        .map(|r| lang.pick(&r.name_vi, &r.name_en).to_owned()))
}

/// The settings code of an aggregation (`trimmed_mean`, without its parameter).
pub fn aggregate_code(a: Aggregate) -> &'static str {
    match a {
        Aggregate::Mean => "mean",
        Aggregate::TrimmedMean { .. } => "trimmed_mean",
        Aggregate::Median => "median",
        Aggregate::NormalizedMean => "normalized_mean",
    }
}

/// A warning with judges by name.
fn named(c: &Computed, w: &Warning) -> Warning {
    match w {
        Warning::DisconnectedJudges { groups } => Warning::DisconnectedJudges {
            groups: groups
                .iter()
                .map(|g| g.iter().map(|j| c.judge_name(j).to_owned()).collect())
                .collect(),
        },
        Warning::FewSheets {
            judge,
            sheets,
            mode,
        } => Warning::FewSheets {
            judge: c.judge_name(judge).to_owned(),
            sheets: *sheets,
            mode: *mode,
        },
    }
}

/// Entry `i` of the outcome as a ranking row.
fn row(c: &Computed, i: usize, lang: Lang) -> RankingRow {
    let r = &c.outcome.entries[i];
    let own = c.rules.settings.aggregate();
    let scores = std::iter::once(r.scoring.score)
        .chain(
            c.alternatives
                .iter()
                .filter(|(a, _)| *a != own)
                .map(|(_, scores)| scores[i]),
        )
        .collect();
    RankingRow {
        code: r.entry.code.clone(),
        title: r.entry.title.clone().unwrap_or_default(),
        category: r.entry.category.clone(),
        rank: r.rank.map(|p| p.rank),
        category_rank: r.category_rank.map(|p| p.rank),
        shared: shared(r.rank.as_ref()),
        scores,
        raw: (own == Aggregate::NormalizedMean)
            .then_some(r.scoring.raw_mean)
            .flatten(),
        sheets: r.scoring.sheets.len() as u32,
        flag: r.flag.as_ref().map(|f| f.accepted.is_some()),
        advances: r.advancement.as_ref().map(|a| advances_of(a.advances())),
        prize: c.prize_name(r, lang),
    }
}

/// §6: a place shared with a neighbour (equal scores and tie-breaks).
pub(crate) fn shared(place: Option<&Place>) -> bool {
    place.is_some_and(|p| {
        [p.above, p.below]
            .iter()
            .flatten()
            .any(|a| a.decided == Decided::Shared)
    })
}

pub(crate) fn advances_of(advances: Option<bool>) -> Advances {
    match advances {
        Some(true) => Advances::Yes,
        Some(false) => Advances::No,
        None => Advances::Pending,
    }
}

/// One entry's explanation, judges by name; `None` for a code not in the round.
fn explanation(c: &Computed, code: &str, lang: Lang) -> Option<EntryExplanation> {
    let settings = &c.rules.settings;
    let mut e = explain(&c.outcome, &c.rules.rubric, settings, code)?;
    let result = c.outcome.entry(code)?;
    let sheets = result
        .scoring
        .sheets
        .iter()
        .map(|counted| {
            let scores = c
                .sheets
                .iter()
                .find(|s| s.entry() == code && s.judge() == &*counted.judge)
                .map(|s| s.scores().to_vec())
                .unwrap_or_default();
            ExplainedSheet {
                judge: c.judge_name(&counted.judge).to_owned(),
                scores,
                total: counted.total,
                calibrated: counted.calibrated,
                dropped: counted.dropped.is_some(),
            }
        })
        .collect();
    for line in &mut e.sheets {
        line.judge = c.judge_name(&line.judge).to_owned();
    }
    if let Some(category) = &e.category {
        e.category = Some(c.category_name(category, lang));
    }
    let change = result
        .advancement
        .as_ref()
        .and_then(|a| a.committee.as_ref())
        .map(|o| {
            let action = match o.action {
                OverrideAction::Add => "add",
                OverrideAction::Remove => "remove",
            };
            (action.to_owned(), o.reason.clone())
        });
    let prizes = settings
        .prizes
        .as_ref()
        .map(|p| p.list.as_slice())
        .unwrap_or_default();
    let prize_options = match result.prize.as_ref().map(|p| &p.by_rules) {
        Some(PrizeVerdict::CommitteeDecides { options }) => options
            .iter()
            .map(|o| {
                let number = o.prize.map(|k| k as u32 + 1);
                let name = o
                    .prize
                    .and_then(|k| prizes.get(k))
                    .map(|p| p.name.get(lang).to_owned());
                (number, name.unwrap_or_default())
            })
            .collect(),
        _ => Vec::new(),
    };
    let prize_choice = result
        .prize
        .as_ref()
        .and_then(|p| p.committee.as_ref())
        .map(|c| (c.prize, c.reason.clone()));
    Some(EntryExplanation {
        code: code.to_owned(),
        title: result.entry.title.clone().unwrap_or_default(),
        advances: result
            .advancement
            .as_ref()
            .map(|a| advances_of(a.advances())),
        change,
        prize_options,
        prize_choice,
        sheets,
        lines: words::explanation(&e, lang)
            .lines()
            .map(str::to_owned)
            .collect(),
    })
}

/// The columns of `entries.csv` (docs/formats.md §3).
pub(crate) fn entries_header() -> Vec<String> {
    ["code", "category", "submitted_at", "title", "disqualified"]
        .map(str::to_owned)
        .to_vec()
}

/// Entries as `entries.csv` lines.
pub(crate) fn entry_records(entries: &[Entry]) -> Vec<Vec<String>> {
    entries
        .iter()
        .map(|e| {
            vec![
                e.code.clone(),
                e.category.clone().unwrap_or_default(),
                e.submitted_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                e.title.clone().unwrap_or_default(),
                if e.disqualified { "yes" } else { "no" }.to_owned(),
            ]
        })
        .collect()
}

/// The columns of `sheets.csv` (docs/formats.md §2).
pub(crate) fn sheets_header() -> Vec<String> {
    ["judge", "entry", "criterion", "score"]
        .map(str::to_owned)
        .to_vec()
}

/// The round's sheets by entry, then judge: the order `sheets.csv` lists them in.
pub(crate) fn sheet_order(c: &Computed) -> Vec<usize> {
    let mut order: Vec<usize> = (0..c.sheets.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (&c.sheets[a], &c.sheets[b]);
        (a.entry(), a.judge()).cmp(&(b.entry(), b.judge()))
    });
    order
}

/// Sheets `order` as `sheets.csv` lines: one per criterion scored.
pub(crate) fn sheet_records(c: &Computed, order: &[usize]) -> Vec<Vec<String>> {
    let keys = c.rules.rubric.criteria();
    order
        .iter()
        .flat_map(|&s| {
            let sheet = &c.sheets[s];
            sheet.scores().iter().zip(keys).filter_map(|(score, k)| {
                score.map(|v| {
                    vec![
                        sheet.judge().to_owned(),
                        sheet.entry().to_owned(),
                        k.key.clone(),
                        v.to_string(),
                    ]
                })
            })
        })
        .collect()
}

/// What finalising answered: the digest the round was finalised with, and whether this call
/// finalised it (false: it already was).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finalised {
    pub digest: String,
    pub now: bool,
}

/// Finalises round `position` (its committee): freezes its sheets, keeps its files and digest
/// (§10), moves the entries that advance into the next round (§7), and records it in the
/// audit log, in one transaction. `seen` is the digest the committee read on the ranking: a
/// round whose results changed since is refused, so what is finalised is what was read. A
/// finalised round is finalised again as a no-op.
pub async fn finalise(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    seen: &str,
) -> ServiceResult<Finalised> {
    let contest = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(contest.id))?;
    let by = actor.id().ok_or(ServiceError::Forbidden)?;
    let txn = begin_write(db).await?;
    let round = super::rounds::locked(&txn, contest.id, position).await?;
    if round.finalised_at.is_some() {
        let kept = round_result::Entity::find_by_id(round.id)
            .one(&txn)
            .await?
            .ok_or_else(|| ServiceError::Internal(format!("round {} kept nothing", round.id)))?;
        return Ok(Finalised {
            digest: kept.digest,
            now: false,
        });
    }
    let c = compute_open(&txn, &contest, &round).await?;
    if c.digest != seen.trim() {
        return Err(ServiceError::Conflict(vec![Problem::general(
            Msg::ResultsChanged,
        )]));
    }
    if !c.outcome.can_finalise() {
        return Err(ServiceError::refused(Msg::ResultsPending {
            count: c.outcome.pending.len(),
        }));
    }
    let order = sheet_order(&c);
    let now = Utc::now();
    round_result::ActiveModel {
        round_id: Set(round.id),
        digest: Set(c.digest.clone()),
        rules: Set(rules_with_decisions(&round.rules, &c.committee)?),
        entries: Set(csv_text(entries_header(), entry_records(&c.entries))),
        sheets: Set(csv_text(sheets_header(), sheet_records(&c, &order))),
        finalised_by: Set(by),
        finalised_at: Set(now),
        published_at: Set(None),
        published_by: Set(None),
        show_scores: Set(false),
        publish_files: Set(false),
    }
    .insert(&txn)
    .await?;
    let round_id = round.id;
    let mut row: round::ActiveModel = round.into();
    row.finalised_at = Set(Some(now));
    row.updated_at = Set(now);
    row.update(&txn).await?;
    // §7: the entries that advance go on to the next round (kept in this one's results).
    let advancing: Vec<Uuid> = c
        .outcome
        .entries
        .iter()
        .zip(&c.ids)
        .filter(|(r, _)| r.advancement.as_ref().and_then(|a| a.advances()) == Some(true))
        .filter_map(|(_, id)| *id)
        .collect();
    for chunk in advancing.chunks(IDS_PER_QUERY) {
        entry::Entity::update_many()
            .col_expr(entry::Column::Round, Expr::value(position + 1))
            .filter(entry::Column::Id.is_in(chunk.iter().copied()))
            .filter(entry::Column::Round.eq(position))
            .exec(&txn)
            .await?;
    }
    audit::append(
        &txn,
        actor,
        Record::new("round.finalised", "round", round_id)
            .in_contest(contest.id)
            .changes(
                Changes::new()
                    .set("position", position)
                    .set("digest", &c.digest)
                    .set("entries", c.entries.len())
                    .set("advanced", advancing.len()),
            ),
    )
    .await?;
    txn.commit().await?;
    super::kept::changed();
    Ok(Finalised {
        digest: c.digest.clone(),
        now: true,
    })
}

/// Reopens finalised round `position` (its committee) with a reason: its kept result, and its
/// publication if it was published, are voided, its sheets can change again, and the entries
/// it sent on come back from the next round, which must not have sheets for them yet. In the
/// audit log with the voided digest.
pub async fn reopen(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    reason: &str,
) -> ServiceResult<()> {
    let (contest, reason) = committee_with_reason(db, actor, code, reason).await?;
    let reason = reason.as_str();
    let txn = begin_write(db).await?;
    let round = super::rounds::locked(&txn, contest.id, position).await?;
    if round.finalised_at.is_none() {
        return Err(ServiceError::refused(Msg::RoundNotFinalised));
    }
    let moved: Vec<Uuid> = entry::Entity::find()
        .select_only()
        .column(entry::Column::Id)
        .filter(entry::Column::ContestId.eq(contest.id))
        .filter(entry::Column::Round.eq(position + 1))
        .into_tuple()
        .all(&txn)
        .await?;
    let next = round::Entity::find()
        .filter(round::Column::ContestId.eq(contest.id))
        .filter(round::Column::Position.eq(position + 1))
        .one(&txn)
        .await?;
    if let Some(next) = &next {
        let started = sheet::Entity::find()
            .filter(sheet::Column::RoundId.eq(next.id))
            .count(&txn)
            .await?;
        if started > 0 {
            return Err(ServiceError::refused(Msg::NextRoundStarted));
        }
        for chunk in moved.chunks(IDS_PER_QUERY) {
            assignment::Entity::delete_many()
                .filter(assignment::Column::RoundId.eq(next.id))
                .filter(assignment::Column::EntryId.is_in(chunk.iter().copied()))
                .exec(&txn)
                .await?;
        }
    }
    for chunk in moved.chunks(IDS_PER_QUERY) {
        entry::Entity::update_many()
            .col_expr(entry::Column::Round, Expr::value(position))
            .filter(entry::Column::Id.is_in(chunk.iter().copied()))
            .exec(&txn)
            .await?;
    }
    // Reopening voids the kept result, and with it the round's publication.
    let (voided, was_published) = round_result::Entity::find_by_id(round.id)
        .one(&txn)
        .await?
        .map(|k| (k.digest, k.published_at.is_some()))
        .unwrap_or_default();
    round_result::Entity::delete_by_id(round.id)
        .exec(&txn)
        .await?;
    let round_id = round.id;
    let mut row: round::ActiveModel = round.into();
    row.finalised_at = Set(None);
    row.updated_at = Set(Utc::now());
    row.update(&txn).await?;
    audit::append(
        &txn,
        actor,
        Record::new("round.reopened", "round", round_id)
            .in_contest(contest.id)
            .because(reason)
            .changes(
                Changes::new()
                    .set("position", position)
                    .set("voided_digest", voided)
                    .set("unpublished", was_published)
                    .set("entries_back", moved.len()),
            ),
    )
    .await?;
    txn.commit().await?;
    super::kept::changed();
    Ok(())
}

/// A committee decision on one entry begun: the write transaction with the round's row
/// locked, and who decides for what reason.
struct Deciding {
    txn: sea_orm::DatabaseTransaction,
    contest: contest::Model,
    round: round::Model,
    entry: entry::Model,
    by: Uuid,
    reason: String,
}

/// Begins a committee decision on entry `entry_code` of round `position`: the committee only,
/// with a reason, in a round not finalised that the entry is in.
async fn deciding(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    entry_code: &str,
    reason: &str,
) -> ServiceResult<Deciding> {
    let (contest, reason) = committee_with_reason(db, actor, code, reason).await?;
    let by = actor.id().ok_or(ServiceError::Forbidden)?;
    let txn = begin_write(db).await?;
    let round = super::rounds::locked(&txn, contest.id, position).await?;
    if round.finalised_at.is_some() {
        return Err(ServiceError::refused(Msg::RoundFinalised));
    }
    let entry = super::sheets::entry_in(&txn, contest.id, entry_code).await?;
    if entry.round < position {
        return Err(ServiceError::NotFound);
    }
    Ok(Deciding {
        txn,
        contest,
        round,
        entry,
        by,
        reason,
    })
}

/// The committee's choice for one entry's advancement (§7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdvanceChoice {
    Add,
    Remove,
    /// Back to what the rules decide (the committee's change withdrawn).
    ByRules,
}

impl AdvanceChoice {
    pub fn from_code(code: &str) -> Option<AdvanceChoice> {
        match code {
            "add" => Some(AdvanceChoice::Add),
            "remove" => Some(AdvanceChoice::Remove),
            "rules" => Some(AdvanceChoice::ByRules),
            _ => None,
        }
    }
}

/// Adds an entry to round `position`'s advancing list, removes it, or goes back to what the
/// rules decide (its committee), with a reason kept in the audit log; a tie at the cutoff the
/// rules leave to the committee is decided this way. Refused in a final or finalised round.
pub async fn decide_advancement(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    entry_code: &str,
    choice: AdvanceChoice,
    reason: &str,
) -> ServiceResult<()> {
    let Deciding {
        txn,
        contest,
        round,
        entry,
        by,
        reason,
    } = deciding(db, actor, code, position, entry_code, reason).await?;
    let rules = remembered_rules(&round.rules)
        .ok_or_else(|| ServiceError::Internal(format!("round {} rules", round.id)))?;
    if rules.settings.is_final {
        return Err(ServiceError::refused(Msg::FinalRoundAdvances));
    }
    let reason = reason.as_str();
    let before = advancement_override::Entity::find_by_id((round.id, entry.id))
        .one(&txn)
        .await?;
    let action = match choice {
        AdvanceChoice::Add => Some("add"),
        AdvanceChoice::Remove => Some("remove"),
        AdvanceChoice::ByRules => None,
    };
    if before.as_ref().map(|b| b.action.as_str()) == action
        && before.as_ref().is_none_or(|b| b.reason == reason)
    {
        return Ok(());
    }
    advancement_override::Entity::delete_by_id((round.id, entry.id))
        .exec(&txn)
        .await?;
    if let Some(action) = action {
        advancement_override::ActiveModel {
            round_id: Set(round.id),
            entry_id: Set(entry.id),
            action: Set(action.to_owned()),
            reason: Set(reason.to_owned()),
            decided_by: Set(by),
            created_at: Set(Utc::now()),
        }
        .insert(&txn)
        .await?;
    }
    audit::append(
        &txn,
        actor,
        Record::new("advancement.decided", "entry", entry.id)
            .in_contest(contest.id)
            .because(reason)
            .changes(Changes::new().set("round", position).field(
                "override",
                before.as_ref().map(|b| b.action.clone()),
                action.map(str::to_owned),
            )),
    )
    .await?;
    txn.commit().await?;
    super::kept::changed();
    Ok(())
}

/// The committee's prize for one entry of a tie across a prize boundary (§8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrizeDecision {
    /// The prize at this position in the round's list, from 1.
    Prize(u32),
    NoPrize,
    /// The committee's choice withdrawn: the entry waits again.
    Withdrawn,
}

impl PrizeDecision {
    /// `1`, `2`, … for a prize; `none`; `withdraw`.
    pub fn from_code(code: &str) -> Option<PrizeDecision> {
        match code {
            "none" => Some(PrizeDecision::NoPrize),
            "withdraw" => Some(PrizeDecision::Withdrawn),
            n => n.parse().ok().filter(|n| *n > 0).map(PrizeDecision::Prize),
        }
    }
}

/// Chooses the prize of an entry in a tie across a prize boundary of final round `position`
/// (its committee), with a reason: one of the prizes the tied group spans, or none, and no
/// more places of a prize than the group spans (§8); refused otherwise, or once finalised.
pub async fn choose_prize(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    position: i32,
    entry_code: &str,
    decision: PrizeDecision,
    reason: &str,
) -> ServiceResult<()> {
    let Deciding {
        txn,
        contest,
        round,
        entry,
        by,
        reason,
    } = deciding(db, actor, code, position, entry_code, reason).await?;
    let reason = reason.as_str();
    let before = prize_choice::Entity::find_by_id((round.id, entry.id))
        .one(&txn)
        .await?;
    let prize = match decision {
        PrizeDecision::Prize(k) => Some(Some(k as i32)),
        PrizeDecision::NoPrize => Some(None),
        PrizeDecision::Withdrawn => None,
    };
    if before.as_ref().map(|b| b.prize) == prize
        && before.as_ref().is_none_or(|b| b.reason == reason)
    {
        return Ok(());
    }
    prize_choice::Entity::delete_by_id((round.id, entry.id))
        .exec(&txn)
        .await?;
    if let Some(prize) = prize {
        prize_choice::ActiveModel {
            round_id: Set(round.id),
            entry_id: Set(entry.id),
            prize: Set(prize),
            reason: Set(reason.to_owned()),
            decided_by: Set(by),
            created_at: Set(Utc::now()),
        }
        .insert(&txn)
        .await?;
        // The engine checks the choice against the tie as it stands, with the others.
        let c = compute_open(&txn, &contest, &round).await?;
        if let Some((code, problem)) = c.set_aside.iter().find(|(e, _)| *e == entry.code) {
            return Err(ServiceError::invalid(
                "prize",
                Msg::CommitteeDecision {
                    error: Box::new(crate::domain::DomainError::Decision {
                        entry: code.clone(),
                        problem: problem.clone(),
                    }),
                },
            ));
        }
    }
    let show = |p: Option<i32>| p.map_or_else(|| "none".to_owned(), |k| k.to_string());
    audit::append(
        &txn,
        actor,
        Record::new("prize.chosen", "entry", entry.id)
            .in_contest(contest.id)
            .because(reason)
            .changes(Changes::new().set("round", position).field(
                "prize",
                before.as_ref().map(|b| show(b.prize)),
                prize.map(show),
            )),
    )
    .await?;
    txn.commit().await?;
    super::kept::changed();
    Ok(())
}
