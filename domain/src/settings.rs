//! A round's scoring settings (SCORING.md §3, §5–§8), with the defaults the rules name.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{DomainError, SettingRule};
use crate::localized::Localized;
use crate::rubric::Rubric;

/// The most decimal places a round may show.
pub const MAX_PRECISION: u32 = 10;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundSettings {
    /// `k`, the judges each entry gets (§9).
    pub judges_per_entry: u32,
    /// §3: fewer counted sheets make the entry `incomplete`; default `k` (§11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_sheets: Option<u32>,
    #[serde(default)]
    pub aggregate: AggregateKind,
    /// §3: `trimmed_mean` drops this many highest and lowest totals; default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trim: Option<u32>,
    /// §3: decimal places of the score; default 2.
    #[serde(default = "default_precision")]
    pub precision: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discrepancy: Option<DiscrepancyRule>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tie_breaks: Vec<TieBreak>,
    #[serde(default)]
    pub is_final: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advance: Option<AdvanceRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prizes: Option<PrizeRule>,
    /// What judges see while scoring (§2); no score depends on it.
    #[serde(default, skip_serializing_if = "JudgingRules::is_default")]
    pub judging: JudgingRules,
}

/// `[round.judging]`: what the round shows its judges and asks of them. None of it changes a
/// score, so none of it is part of a result's digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JudgingRules {
    /// Judges score without the team's identity: no names, emails, organisations, file names
    /// or file details.
    #[serde(default)]
    pub blind: bool,
    /// Judges may write feedback that the founders read once results are published.
    #[serde(default)]
    pub founder_feedback: bool,
    /// §2: a judge sees the other judges' scores for an entry once their own sheet for it is
    /// submitted (never before).
    #[serde(default)]
    pub show_other_scores: bool,
}

impl JudgingRules {
    fn is_default(&self) -> bool {
        *self == JudgingRules::default()
    }
}

fn default_precision() -> u32 {
    2
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AggregateKind {
    #[default]
    Mean,
    TrimmedMean,
    Median,
    NormalizedMean,
}

/// The aggregation of §3 with its parameter resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    Mean,
    TrimmedMean { trim: u32 },
    Median,
    NormalizedMean,
}

impl Aggregate {
    /// The setting as written, with its parameter: `mean`, `trimmed_mean(trim=1)`, ….
    pub fn name(self) -> String {
        match self {
            Aggregate::Mean => "mean".into(),
            Aggregate::TrimmedMean { trim } => format!("trimmed_mean(trim={trim})"),
            Aggregate::Median => "median".into(),
            Aggregate::NormalizedMean => "normalized_mean".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscrepancyRule {
    /// §5: flag when `max − min` of the raw totals is greater than this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread_points: Option<Decimal>,
    /// §5: flag when some `|tᵢ − mean| / |mean|` is greater than this (e.g. 0.20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relative_to_mean: Option<Decimal>,
    /// §5: advisory flags do not hold back finalising the round.
    #[serde(default)]
    pub advisory: bool,
}

/// §6: one link of the tie-break chain, written `criterion:<key>` or `earlier_submission`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum TieBreak {
    Criterion(String),
    EarlierSubmission,
}

impl TieBreak {
    pub fn parse(text: &str) -> Option<TieBreak> {
        let text = text.trim();
        if text == "earlier_submission" {
            return Some(TieBreak::EarlierSubmission);
        }
        let key = text.strip_prefix("criterion:")?.trim();
        (!key.is_empty()).then(|| TieBreak::Criterion(key.to_owned()))
    }
}

impl fmt::Display for TieBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TieBreak::Criterion(key) => write!(f, "criterion:{key}"),
            TieBreak::EarlierSubmission => f.write_str("earlier_submission"),
        }
    }
}

impl TryFrom<String> for TieBreak {
    type Error = DomainError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        TieBreak::parse(&text).ok_or(DomainError::Setting {
            setting: "tie_breaks".to_owned(),
            rule: SettingRule::TieBreakForm { text },
        })
    }
}

impl From<TieBreak> for String {
    fn from(tie_break: TieBreak) -> Self {
        tie_break.to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvanceRule {
    /// §7: how many candidates advance (overall, or in each category); none = all candidates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_n: Option<u32>,
    #[serde(default)]
    pub per_category: bool,
    /// §7, §11: inclusive, compared with the rounded score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_score: Option<Decimal>,
    #[serde(default)]
    pub no_zero_criterion: NoZeroCriterion,
    #[serde(default)]
    pub ties_at_cutoff: CutoffTies,
}

/// §7, §11: `true` disqualifies an entry whose rounded per-criterion score is 0 on any
/// criterion; a list limits this to the named criteria.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NoZeroCriterion {
    All(bool),
    Only(Vec<String>),
}

impl Default for NoZeroCriterion {
    fn default() -> Self {
        NoZeroCriterion::All(false)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CutoffTies {
    #[default]
    AllAdvance,
    CommitteeDecides,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrizeRule {
    /// §8: the list is given in each category, or once for the whole round.
    #[serde(default)]
    pub per_category: bool,
    #[serde(default)]
    pub at_boundary: BoundaryPolicy,
    pub list: Vec<Prize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prize {
    pub name: Localized,
    pub count: u32,
    /// §11: inclusive; a group that misses it leaves the prize unawarded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_score: Option<Decimal>,
}

/// §8: what a tie across a prize boundary gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoundaryPolicy {
    Share,
    #[default]
    CommitteeDecides,
}

impl RoundSettings {
    /// Settings with every default of SCORING.md for `k` judges per entry.
    pub fn with_judges_per_entry(k: u32) -> Self {
        RoundSettings {
            judges_per_entry: k,
            min_sheets: None,
            aggregate: AggregateKind::Mean,
            trim: None,
            precision: default_precision(),
            discrepancy: None,
            tie_breaks: Vec::new(),
            is_final: false,
            advance: None,
            prizes: None,
            judging: JudgingRules::default(),
        }
    }

    /// §11: `min_sheets` defaults to `k`.
    pub fn min_sheets(&self) -> u32 {
        self.min_sheets.unwrap_or(self.judges_per_entry)
    }

    pub fn aggregate(&self) -> Aggregate {
        match self.aggregate {
            AggregateKind::Mean => Aggregate::Mean,
            AggregateKind::TrimmedMean => Aggregate::TrimmedMean {
                trim: self.trim.unwrap_or(1),
            },
            AggregateKind::Median => Aggregate::Median,
            AggregateKind::NormalizedMean => Aggregate::NormalizedMean,
        }
    }

    /// Checks the settings against each other and against the rubric; the error names the
    /// setting and the rule it breaks.
    pub fn validate(&self, rubric: &Rubric) -> Result<(), DomainError> {
        let fail = |setting: &str, rule: SettingRule| {
            Err(DomainError::Setting {
                setting: setting.to_owned(),
                rule,
            })
        };
        let known = |key: &str| rubric.position(key).is_some();
        if self.judges_per_entry == 0 {
            return fail("judges_per_entry", SettingRule::AtLeastOne);
        }
        if self.min_sheets == Some(0) {
            return fail("min_sheets", SettingRule::AtLeastOne);
        }
        if self.trim.is_some() && self.aggregate != AggregateKind::TrimmedMean {
            return fail("trim", SettingRule::TrimNeedsTrimmedMean);
        }
        if self.precision > MAX_PRECISION {
            return fail("precision", SettingRule::AtMost { max: MAX_PRECISION });
        }
        if let Some(rule) = &self.discrepancy {
            let negative = |v: Option<Decimal>| v.is_some_and(|v| v.is_sign_negative());
            if negative(rule.spread_points) {
                return fail("discrepancy.spread_points", SettingRule::NotNegative);
            }
            if negative(rule.relative_to_mean) {
                return fail("discrepancy.relative_to_mean", SettingRule::NotNegative);
            }
        }
        for (i, tie_break) in self.tie_breaks.iter().enumerate() {
            if let TieBreak::Criterion(key) = tie_break
                && !known(key)
            {
                let key = key.clone();
                return fail("tie_breaks", SettingRule::UnknownCriterion { key });
            }
            if self.tie_breaks[..i].contains(tie_break) {
                let text = tie_break.to_string();
                return fail("tie_breaks", SettingRule::Repeated { text });
            }
        }
        if let Some(advance) = &self.advance {
            if self.is_final {
                return fail("advance", SettingRule::AdvanceInFinalRound);
            }
            if advance.top_n == Some(0) {
                return fail("advance.top_n", SettingRule::AtLeastOne);
            }
            if let NoZeroCriterion::Only(keys) = &advance.no_zero_criterion
                && let Some(key) = keys.iter().find(|k| !known(k))
            {
                let key = key.clone();
                return fail(
                    "advance.no_zero_criterion",
                    SettingRule::UnknownCriterion { key },
                );
            }
        }
        if let Some(prizes) = &self.prizes {
            if !self.is_final {
                return fail("prizes", SettingRule::PrizesOutsideFinalRound);
            }
            if prizes.list.is_empty() {
                return fail("prizes.list", SettingRule::NoPrizes);
            }
            for (i, prize) in prizes.list.iter().enumerate() {
                let setting = format!("prizes.list[{}]", i + 1);
                if prize.name.is_empty() {
                    return fail(&setting, SettingRule::PrizeNameMissing);
                }
                if prize.count == 0 {
                    return fail(&setting, SettingRule::AtLeastOne);
                }
            }
        }
        Ok(())
    }
}
