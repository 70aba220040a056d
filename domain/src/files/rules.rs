//! Round rules TOML: `[round]` settings, `[[criteria]]` rubric, optional `[committee]`
//! decisions (docs/formats.md).

use serde::Deserialize;

use crate::committee::CommitteeDecisions;
use crate::error::DomainError;
use crate::files::SourceFile;
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
/// the rubric or the settings at the line that sets it, where one can be found.
pub fn parse_rules(file: &SourceFile) -> Result<RoundRules, DomainError> {
    let body = file.body();
    let parsed: RulesFile = toml::from_str(body).map_err(|e| {
        let line = e.span().map(|span| line_at(body, span.start));
        file.error(
            line,
            DomainError::InvalidToml {
                detail: e.message().trim().to_owned(),
            },
        )
    })?;
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
        | DomainError::CriterionWeightInvalid { key, .. } => Some(key),
        _ => None,
    }
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
