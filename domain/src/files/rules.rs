//! Round rules TOML: `[round]` settings, `[[criteria]]` rubric, optional `[committee]`
//! decisions (docs/formats.md).

use std::borrow::Cow;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::committee::CommitteeDecisions;
use crate::error::{DomainError, SettingRule, TomlProblem, ValueKind};
use crate::files::SourceFile;
use crate::points::{NotDecimal, read_decimal};
use crate::rubric::{CriterionSpec, Rubric};
use crate::settings::RoundSettings;

/// Everything a round's rules file says, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundRules {
    pub rubric: Rubric,
    pub settings: RoundSettings,
    pub committee: CommitteeDecisions,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    round: RoundSettings,
    criteria: Vec<CriterionSpec>,
    #[serde(default)]
    committee: CommitteeDecisions,
}

/// Reads and checks a rules file. A TOML mistake is reported at its line; a broken rule of
/// the rubric or the settings at the line that sets it, where one can be found. Decimal
/// settings are read from the digits written, never through a binary float (SCORING.md §3).
pub fn parse_rules(file: &SourceFile) -> Result<RoundRules, DomainError> {
    let body = file.body();
    let body = body.as_ref();
    let toml_error = |e: toml::de::Error| {
        let start = e.span().map(|span| span.start);
        file.error(
            start.map(|at| line_at(body, at)),
            DomainError::InvalidToml {
                detail: e.message().trim().to_owned(),
                column: start.map(|at| column_at(body, at)),
                problem: toml_problem(e.message()),
            },
        )
    };
    let mut document = DeTable::parse(body).map_err(toml_error)?;
    read_decimals_exactly(document.get_mut())
        .map_err(|(at, e)| file.error(Some(line_at(body, at)), e))?;
    let parsed =
        RulesFile::deserialize(toml::de::Deserializer::from(document)).map_err(toml_error)?;
    let rubric = Rubric::new(parsed.criteria).map_err(|e| {
        let line = criterion_key(&e).and_then(|key| find_line(body, "key", Some(key)));
        file.error(line, e)
    })?;
    parsed.round.validate(&rubric).map_err(|e| {
        let line = match &e {
            DomainError::Setting { setting, .. } => {
                let field = setting.rsplit('.').next().unwrap_or(setting);
                let field = field.split('[').next().unwrap_or(field);
                find_line(body, field, None)
            }
            _ => None,
        };
        file.error(line, e)
    })?;
    Ok(RoundRules {
        rubric,
        settings: parsed.round,
        committee: parsed.committee,
    })
}

fn criterion_key(error: &DomainError) -> Option<&str> {
    match error {
        DomainError::CriterionKeyInvalid { key }
        | DomainError::CriterionKeyDuplicate { key }
        | DomainError::CriterionPointsTooLarge { key, .. }
        | DomainError::CriterionRangeEmpty { key, .. }
        | DomainError::CriterionStepNotPositive { key, .. }
        | DomainError::CriterionStepDoesNotDivide { key, .. }
        | DomainError::CriterionWeightInvalid { key, .. }
        | DomainError::CriterionLevelInvalid { key, .. } => Some(key),
        _ => None,
    }
}

/// The rules' decimal settings, by table. A TOML float there is replaced by the exact decimal
/// its digits say (a string, which `Decimal` reads as written), or refused when it is not a
/// number or has more digits than can be kept: `72.00000000000000000001` is never 72.
fn read_decimals_exactly(root: &mut DeTable) -> Result<(), (usize, DomainError)> {
    for (key, value) in root.iter_mut() {
        match (key.get_ref().as_ref(), value.get_mut()) {
            ("round", DeValue::Table(round)) => {
                for (key, value) in round.iter_mut() {
                    match (key.get_ref().as_ref(), value.get_mut()) {
                        ("discrepancy", DeValue::Table(rule)) => exact_fields(
                            rule,
                            &["spread_points", "relative_to_mean"],
                            "discrepancy",
                        )?,
                        ("advance", DeValue::Table(rule)) => {
                            exact_fields(rule, &["min_score"], "advance")?
                        }
                        ("prizes", DeValue::Table(rule)) => {
                            for (key, value) in rule.iter_mut() {
                                if let ("list", DeValue::Array(list)) =
                                    (key.get_ref().as_ref(), value.get_mut())
                                {
                                    for (i, prize) in list.iter_mut().enumerate() {
                                        if let DeValue::Table(prize) = prize.get_mut() {
                                            let path = format!("prizes.list[{}]", i + 1);
                                            exact_fields(prize, &["min_score"], &path)?;
                                        }
                                    }
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            ("criteria", DeValue::Array(criteria)) => {
                for (i, criterion) in criteria.iter_mut().enumerate() {
                    if let DeValue::Table(criterion) = criterion.get_mut() {
                        let path = format!("criteria[{}]", i + 1);
                        let fields = ["min_points", "max_points", "step", "weight"];
                        exact_fields(criterion, &fields, &path)?;
                        for (key, value) in criterion.iter_mut() {
                            if let ("levels", DeValue::Array(levels)) =
                                (key.get_ref().as_ref(), value.get_mut())
                            {
                                for (j, level) in levels.iter_mut().enumerate() {
                                    if let DeValue::Table(level) = level.get_mut() {
                                        let path = format!("{path}.levels[{}]", j + 1);
                                        exact_fields(level, &["min", "max"], &path)?;
                                    }
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn exact_fields(
    table: &mut DeTable,
    fields: &[&str],
    path: &str,
) -> Result<(), (usize, DomainError)> {
    for (key, value) in table.iter_mut() {
        let field = key.get_ref().as_ref();
        if fields.contains(&field) {
            exact_decimal(value, format!("{path}.{field}"))?;
        }
    }
    Ok(())
}

fn exact_decimal(
    value: &mut Spanned<DeValue>,
    setting: String,
) -> Result<(), (usize, DomainError)> {
    let text = match value.get_ref() {
        DeValue::Float(float) => float.as_str().to_owned(),
        DeValue::String(text) => text.to_string(),
        _ => return Ok(()),
    };
    match read_decimal(&text, true) {
        Ok(decimal) => {
            *value.get_mut() = DeValue::String(Cow::Owned(decimal.to_string()));
            Ok(())
        }
        Err(problem) => {
            let rule = match problem {
                NotDecimal::NotANumber => SettingRule::NotANumber { text },
                NotDecimal::TooManyDigits => SettingRule::TooManyDigits { text },
            };
            Err((value.span().start, DomainError::Setting { setting, rule }))
        }
    }
}

/// What a TOML or format error says, as data (the parser's text is English only).
fn toml_problem(message: &str) -> TomlProblem {
    let mut quoted = message.split('`').skip(1).step_by(2).map(str::to_owned);
    let expected = message.split_once("expected ").map_or("", |(_, rest)| rest);
    if message.starts_with("unknown field") {
        if let Some(key) = quoted.next() {
            return TomlProblem::UnknownKey { key };
        }
    } else if message.starts_with("missing field") {
        if let Some(key) = quoted.next() {
            return TomlProblem::MissingKey { key };
        }
    } else if message.starts_with("duplicate") {
        return TomlProblem::DuplicateKey { key: quoted.next() };
    } else if message.starts_with("unknown variant") {
        if let Some(value) = quoted.next() {
            return TomlProblem::UnknownValue {
                value,
                allowed: quoted.collect(),
            };
        }
    } else if message.starts_with("invalid type") {
        let expected = expected.to_ascii_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| expected.contains(w));
        let kind = if has(&["u32", "u64", "usize", "integer"]) {
            ValueKind::Integer
        } else if has(&["decimal", "number", "float"]) {
            ValueKind::Number
        } else if has(&["bool"]) {
            ValueKind::Boolean
        } else if has(&["string", "str"]) {
            ValueKind::Text
        } else if has(&["sequence", "array", "vec"]) {
            ValueKind::List
        } else if has(&["struct", "map", "table"]) {
            ValueKind::Table
        } else {
            ValueKind::Other
        };
        return TomlProblem::WrongType { expected: kind };
    }
    TomlProblem::Syntax
}

/// The 1-based column (in characters) of byte `offset` on its line.
fn column_at(text: &str, offset: usize) -> u64 {
    let end = offset.min(text.len());
    let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
    text.get(start..end).map_or(0, |s| s.chars().count()) as u64 + 1
}

/// The 1-based line holding byte `offset`.
fn line_at(text: &str, offset: usize) -> u64 {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
        + 1
}

/// The last line that assigns `field` (a table header `[field]` or `[[field]]` counts too),
/// with the quoted `value` when given. Duplicated keys are reported at their second use.
fn find_line(text: &str, field: &str, value: Option<&str>) -> Option<u64> {
    let mut found = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        let header = line.trim_start_matches('[').trim_end_matches(']');
        let header_match = line.starts_with('[') && header.rsplit('.').next() == Some(field);
        let assigned = line
            .strip_prefix(field)
            .map(str::trim_start)
            .and_then(|rest| rest.strip_prefix('='))
            .map(str::trim);
        let matches = match (value, assigned) {
            (Some(v), Some(rest)) => rest.trim_matches(|c| c == '"' || c == '\'') == v,
            (None, Some(_)) => true,
            _ => value.is_none() && header_match,
        };
        if matches {
            found = Some(i as u64 + 1);
        }
    }
    found
}
