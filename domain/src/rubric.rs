//! The rubric of a round (SCORING.md §1), valid by construction.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::localized::Localized;
use crate::points::{MAX_POINTS_MAGNITUDE, NotDecimal, Points, Weight};
use crate::tally;

/// The most criteria a rubric may have; with [`MAX_POINTS_MAGNITUDE`] and the maximum weight
/// this bounds every total.
pub const MAX_CRITERIA: usize = 100;

/// A criterion as an organiser writes it, before the §1 rules are checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionSpec {
    pub key: String,
    #[serde(default)]
    pub name: Localized,
    #[serde(default)]
    pub description: Localized,
    #[serde(default)]
    pub min_points: Decimal,
    pub max_points: Decimal,
    #[serde(default = "default_step")]
    pub step: Decimal,
    #[serde(default = "default_weight")]
    pub weight: Decimal,
    #[serde(default = "default_required")]
    pub required: bool,
    /// What ranges of points mean, for judges; optional.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<Level>,
}

/// What a range of a criterion's points means ("16–20: the problem is urgent and proven"),
/// shown to judges beside the criterion. Levels lie within the criterion's range and do not
/// overlap; they need not cover it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub min: Decimal,
    pub max: Decimal,
    #[serde(default)]
    pub text: Localized,
}

fn default_step() -> Decimal {
    Decimal::new(5, 1)
}

fn default_weight() -> Decimal {
    Decimal::ONE
}

fn default_required() -> bool {
    true
}

/// A checked criterion. Only [`Rubric::new`] makes one, so every criterion a caller holds obeys
/// §1: ascii key, `max > min`, a positive step dividing the range, a positive weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Criterion {
    pub key: String,
    pub name: Localized,
    pub description: Localized,
    pub min_points: Decimal,
    pub max_points: Decimal,
    pub step: Decimal,
    pub weight: Weight,
    pub required: bool,
    /// Its levels, lowest first.
    pub levels: Vec<Level>,
}

impl Criterion {
    fn from_spec(spec: CriterionSpec) -> Result<Criterion, DomainError> {
        let key = spec.key.trim().to_owned();
        let key_ok = !key.is_empty()
            && key.len() <= 64
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !key_ok {
            return Err(DomainError::CriterionKeyInvalid { key });
        }
        let (min, max, step) = (spec.min_points, spec.max_points, spec.step);
        if min.abs() > MAX_POINTS_MAGNITUDE || max.abs() > MAX_POINTS_MAGNITUDE {
            return Err(DomainError::CriterionPointsTooLarge {
                key,
                limit: MAX_POINTS_MAGNITUDE,
            });
        }
        if max <= min {
            return Err(DomainError::CriterionRangeEmpty { key, min, max });
        }
        if step <= Decimal::ZERO {
            return Err(DomainError::CriterionStepNotPositive { key, step });
        }
        if !((max - min) % step).is_zero() {
            return Err(DomainError::CriterionStepDoesNotDivide {
                key,
                step,
                min,
                max,
            });
        }
        let Some(weight) = Weight::new(spec.weight) else {
            return Err(DomainError::CriterionWeightInvalid {
                key,
                weight: spec.weight,
            });
        };
        let mut levels = spec.levels;
        levels.sort_by_key(|l| l.min);
        for (i, level) in levels.iter().enumerate() {
            let inside = level.min <= level.max && level.min >= min && level.max <= max;
            let overlaps = i > 0 && levels[i - 1].max >= level.min;
            if !inside || overlaps {
                return Err(DomainError::CriterionLevelInvalid {
                    key,
                    min: level.min,
                    max: level.max,
                });
            }
        }
        Ok(Criterion {
            key,
            name: spec.name,
            description: spec.description,
            min_points: min,
            max_points: max,
            step,
            weight,
            required: spec.required,
            levels,
        })
    }

    /// §2: a score lies in `[min_points, max_points]` and is `min_points + n × step`.
    pub fn check(&self, score: Points) -> Result<Decimal, DomainError> {
        let value = score.value();
        let (in_range, on_step) = self.place_of(value).unwrap_or_else(|| {
            let in_range = value >= self.min_points && value <= self.max_points;
            (
                in_range,
                in_range && ((value - self.min_points) % self.step).is_zero(),
            )
        });
        if on_step {
            return Ok(value);
        }
        let allowed = self.allowed();
        Err(if in_range {
            DomainError::ScoreOffStep {
                criterion: self.key.clone(),
                score: value,
                allowed,
            }
        } else {
            DomainError::ScoreOutOfRange {
                criterion: self.key.clone(),
                score: value,
                allowed,
            }
        })
    }

    /// Whether `value` lies in the range and on a step, in machine integers at the values'
    /// common scale (exact, as `Decimal` comparison and remainder are); `None` when they
    /// might not fit.
    fn place_of(&self, value: Decimal) -> Option<(bool, bool)> {
        let scale = value
            .scale()
            .max(self.min_points.scale())
            .max(self.max_points.scale())
            .max(self.step.scale());
        let units = |d: Decimal| d.mantissa().checked_mul(tally::ten_to(scale - d.scale())?);
        let (value, min, max, step) = (
            units(value)?,
            units(self.min_points)?,
            units(self.max_points)?,
            units(self.step)?,
        );
        if step == 0 {
            return None;
        }
        let in_range = min <= value && value <= max;
        Some((in_range, in_range && value.checked_sub(min)? % step == 0))
    }

    /// Reads and checks a score written as text.
    pub fn parse_score(&self, text: &str) -> Result<Decimal, DomainError> {
        let text = text.trim();
        let points = Points::read(text).map_err(|problem| {
            let (criterion, text) = (self.key.clone(), text.to_owned());
            match problem {
                NotDecimal::NotANumber => DomainError::ScoreNotANumber { criterion, text },
                NotDecimal::TooManyDigits => DomainError::ScoreTooManyDigits { criterion, text },
            }
        })?;
        self.check(points)
    }

    pub fn allowed(&self) -> Allowed {
        Allowed {
            min: self.min_points,
            max: self.max_points,
            step: self.step,
        }
    }
}

/// The values a criterion accepts, for messages: `min`, `min + step`, …, `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allowed {
    pub min: Decimal,
    pub max: Decimal,
    pub step: Decimal,
}

/// An ordered, checked list of criteria (§1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Vec<CriterionSpec>", into = "Vec<CriterionSpec>")]
pub struct Rubric {
    criteria: Vec<Criterion>,
    min_total: Decimal,
    max_total: Decimal,
}

impl Rubric {
    /// Checks every §1 rule; the first broken one is reported, naming its criterion.
    pub fn new(specs: Vec<CriterionSpec>) -> Result<Rubric, DomainError> {
        if specs.is_empty() {
            return Err(DomainError::RubricEmpty);
        }
        if specs.len() > MAX_CRITERIA {
            return Err(DomainError::RubricTooLarge {
                limit: MAX_CRITERIA,
            });
        }
        let mut criteria: Vec<Criterion> = Vec::with_capacity(specs.len());
        for spec in specs {
            let criterion = Criterion::from_spec(spec)?;
            if criteria.iter().any(|c| c.key == criterion.key) {
                return Err(DomainError::CriterionKeyDuplicate { key: criterion.key });
            }
            criteria.push(criterion);
        }
        let min_total = criteria
            .iter()
            .map(|c| c.weight.value() * c.min_points)
            .sum();
        let max_total = criteria
            .iter()
            .map(|c| c.weight.value() * c.max_points)
            .sum();
        Ok(Rubric {
            criteria,
            min_total,
            max_total,
        })
    }

    pub fn criteria(&self) -> &[Criterion] {
        &self.criteria
    }

    pub fn len(&self) -> usize {
        self.criteria.len()
    }

    pub fn is_empty(&self) -> bool {
        self.criteria.is_empty()
    }

    pub fn position(&self, key: &str) -> Option<usize> {
        self.criteria.iter().position(|c| c.key == key)
    }

    pub fn criterion(&self, key: &str) -> Result<(usize, &Criterion), DomainError> {
        self.position(key)
            .map(|i| (i, &self.criteria[i]))
            .ok_or_else(|| DomainError::UnknownCriterion {
                key: key.to_owned(),
            })
    }

    /// `Σ weight × min_points`: the lowest total a sheet can reach (§4's lower clamp).
    pub fn min_total(&self) -> Decimal {
        self.min_total
    }

    /// `Σ weight × max_points`: the rubric maximum (§1).
    pub fn max_total(&self) -> Decimal {
        self.max_total
    }
}

impl TryFrom<Vec<CriterionSpec>> for Rubric {
    type Error = DomainError;

    fn try_from(specs: Vec<CriterionSpec>) -> Result<Self, Self::Error> {
        Rubric::new(specs)
    }
}

impl From<Rubric> for Vec<CriterionSpec> {
    fn from(rubric: Rubric) -> Self {
        rubric
            .criteria
            .into_iter()
            .map(|c| CriterionSpec {
                key: c.key,
                name: c.name,
                description: c.description,
                min_points: c.min_points,
                max_points: c.max_points,
                step: c.step,
                weight: c.weight.value(),
                required: c.required,
                levels: c.levels,
            })
            .collect()
    }
}

/// A criterion spec with the §1 defaults, for building rubrics in code.
pub fn criterion(key: &str, min_points: Decimal, max_points: Decimal) -> CriterionSpec {
    CriterionSpec {
        key: key.to_owned(),
        name: Localized::default(),
        description: Localized::default(),
        min_points,
        max_points,
        step: default_step(),
        weight: default_weight(),
        required: true,
        levels: Vec::new(),
    }
}

impl CriterionSpec {
    pub fn step(mut self, step: Decimal) -> Self {
        self.step = step;
        self
    }

    pub fn weight(mut self, weight: Decimal) -> Self {
        self.weight = weight;
        self
    }

    pub fn optional(mut self) -> Self {
        self.required = false;
        self
    }

    pub fn named(mut self, vi: &str, en: &str) -> Self {
        self.name = Localized::new(vi, en);
        self
    }
}
