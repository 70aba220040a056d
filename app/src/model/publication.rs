//! Published results: what the public reads on a contest's results page, what a founder reads
//! about their own entry, and the committee's view of a round's publication. Nothing here
//! exists for a round before its committee publishes it.

use super::judging::{ContestRef, RoundRef};
use super::results::CategoryName;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What a publication shows beyond ranks, advancement and prizes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishOptions {
    /// Pages show each listed entry's official score (and a founder their per-criterion ones).
    pub show_scores: bool,
    /// Anyone may download the round's files (`round.toml`, `entries.csv`, `sheets.csv`, the
    /// judges anonymous) to check the digest with `jurydesk results`.
    pub publish_files: bool,
}

/// A round's publication as its committee reads it on the ranking page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicationView {
    pub at: crate::format::Zoned,
    pub by: String,
    pub options: PublishOptions,
}

/// One entry on the public results page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedEntry {
    pub code: String,
    pub title: String,
    /// The lead founder's name.
    pub lead: String,
    /// Its rank in its category (§6), shared ranks marked.
    pub rank: Option<u32>,
    pub shared: bool,
    /// The official score, when the publication shows scores.
    pub score: Option<Decimal>,
    /// §8: the prize's name in the reader's language.
    pub prize: Option<String>,
}

/// One category of a published round: in a final round its winners (by prize, then rank) and
/// its other finalists; in an earlier round the entries that went on to the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedCategory {
    /// None: the entries without a category (§11).
    pub category: Option<CategoryName>,
    pub winners: Vec<PublishedEntry>,
    pub others: Vec<PublishedEntry>,
}

/// A published round on the public results page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedRound {
    pub round: RoundRef,
    pub is_final: bool,
    pub published_at: crate::format::Zoned,
    /// §10: the SHA-256 digest of the round as finalised.
    pub digest: String,
    pub options: PublishOptions,
    /// Entries ranked in the round.
    pub ranked: u64,
    /// The name of the round its advancing entries went on to, in a round that is not final.
    pub next_round: Option<String>,
    /// Entries listed: a final round's ranked entries, an earlier round's advancing ones.
    pub listed: u64,
    /// The listed entries by category (empty when only the round's summary was read).
    pub categories: Vec<PublishedCategory>,
}

/// A contest's results page: its published rounds, the latest first; empty before any is
/// published (then the page says when results are announced for, and nothing else).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicResults {
    pub contest: ContestRef,
    pub results_at: Option<crate::format::Zoned>,
    pub rounds: Vec<PublishedRound>,
}

/// A founder's own entry in one published round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryRoundResult {
    pub round: RoundRef,
    pub is_final: bool,
    pub published_at: crate::format::Zoned,
    /// `ranked`, `incomplete` or `disqualified` (§3, §11).
    pub standing: super::results::Standing,
    pub rank: Option<u32>,
    /// How many entries the round ranked.
    pub ranked: u64,
    pub category_rank: Option<u32>,
    /// How many the entry's category ranked.
    pub category_ranked: u64,
    /// The official score and the per-criterion scores (criterion name, score), when the
    /// publication shows scores.
    pub score: Option<Decimal>,
    pub criteria: Vec<(String, Option<Decimal>)>,
    /// §7 in a round that is not final: whether it went on to the next round.
    pub advanced: Option<bool>,
    pub prize: Option<String>,
    /// What judges wrote for the founders (where the round allows it), anonymous.
    pub feedback: Vec<String>,
    pub digest: String,
}

/// One line of a round's consolidated score table (bảng tổng hợp điểm).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreTableRow {
    /// The rank in the round, `3=` when shared; empty for an entry not ranked.
    pub rank: String,
    pub code: String,
    pub title: String,
    pub category: String,
    /// Each counted sheet's total (calibrated ones as the judge gave them), judges in label
    /// order, so the minutes name no judge.
    pub totals: Vec<Decimal>,
    /// Per-criterion scores in rubric order.
    pub criteria: Vec<Option<Decimal>>,
    pub score: Option<Decimal>,
    pub standing: super::results::Standing,
    pub advances: Option<super::results::Advances>,
    pub prize: Option<String>,
}

/// A round's consolidated score table for the official minutes: every entry of the round (or
/// of one category) in official order, with the digest and room for signatures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreTable {
    pub contest: ContestRef,
    pub round: RoundRef,
    /// The category printed, when one was chosen.
    pub category: Option<CategoryName>,
    pub categories: Vec<CategoryName>,
    /// Criterion names and weights, rubric order.
    pub criteria: Vec<(String, Decimal)>,
    pub aggregate: String,
    /// When the round was finalised; none: the table is provisional and says so.
    pub finalised: Option<crate::format::Zoned>,
    pub printed: crate::format::Zoned,
    pub digest: String,
    pub rows: Vec<ScoreTableRow>,
}

/// One prize winner's certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub prize: String,
    pub code: String,
    pub title: String,
    pub category: Option<String>,
    /// The lead founder first, then the team in the lead's order.
    pub team: Vec<String>,
}

/// A contest's certificates, from its final round once finalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificates {
    pub contest: ContestRef,
    /// The final round's name; none when no final round is finalised yet.
    pub round: Option<RoundRef>,
    pub finalised: Option<crate::format::Zoned>,
    pub certificates: Vec<Certificate>,
}
