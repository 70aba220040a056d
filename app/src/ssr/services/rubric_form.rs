//! The rubric as a form: the committee edits a round's criteria as rows (key, names,
//! descriptions, points, step, weight, required) instead of TOML. The round's other settings
//! stay as written; the criteria are written back as `[[criteria]]` tables and the whole is
//! checked by the scoring engine, as any rules are.

use crate::model::CriterionForm;
use crate::ssr::messages::{Msg, Problem, ServiceError, ServiceResult};
use rust_decimal::Decimal;
use std::str::FromStr;

/// `value` as a TOML basic string.
fn quoted(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The rules without their `[[criteria]]` tables (each runs to the next table header that
/// is not part of it).
fn without_criteria(rules: &str) -> String {
    let mut kept = Vec::new();
    let mut inside = false;
    for line in rules.lines() {
        let t = line.trim();
        if t == "[[criteria]]" {
            inside = true;
            continue;
        }
        // `[[criteria.levels]]` belongs to the criterion above it.
        if inside && t.starts_with('[') && !t.starts_with("[[criteria.") {
            inside = false;
        }
        if !inside {
            kept.push(line);
        }
    }
    let mut text = kept.join("\n").trim_end().to_owned();
    text.push('\n');
    text
}

/// A number as typed (`0,5` reads as `0.5`), written back plainly.
fn number(field: String, raw: &str, problems: &mut Vec<Problem>) -> String {
    let typed = raw.trim().replace(',', ".");
    match Decimal::from_str(&typed) {
        Ok(d) => d.normalize().to_string(),
        Err(_) => {
            problems.push(Problem::at(field, Msg::Number));
            String::new()
        }
    }
}

/// One level as the form's line: `16-20: Vietnamese text | English text` (an en dash or
/// `..` between the numbers, a decimal comma, and the English part optional).
fn level(line: &str) -> Option<(String, String, String, String)> {
    let (range, texts) = line.split_once(':')?;
    let range = range.replace('–', "-").replace("..", "-");
    let (min, max) = range.trim().split_once('-')?;
    let read = |n: &str| {
        Decimal::from_str(&n.trim().replace(',', "."))
            .ok()
            .map(|d| d.normalize().to_string())
    };
    let (vi, en) = texts.split_once('|').unwrap_or((texts, ""));
    let (vi, en) = (vi.trim().to_owned(), en.trim().to_owned());
    if vi.is_empty() && en.is_empty() {
        return None;
    }
    Some((read(min)?, read(max)?, vi, en))
}

/// `rules` with its criteria replaced by `rows` (blank rows left out); each number must be a
/// number. The engine checks the rest when the rules are saved.
pub fn with_criteria(rules: &str, rows: &[CriterionForm]) -> ServiceResult<String> {
    let mut problems = Vec::new();
    let mut text = without_criteria(rules);
    for (i, row) in rows.iter().enumerate().filter(|(_, r)| !r.is_blank()) {
        let at = |field: &str| format!("criteria[{i}].{field}");
        if row.key.trim().is_empty() {
            problems.push(Problem::at(at("key"), Msg::Required));
        }
        let min = if row.min_points.trim().is_empty() {
            "0".to_owned()
        } else {
            number(at("min_points"), &row.min_points, &mut problems)
        };
        let max = number(at("max_points"), &row.max_points, &mut problems);
        let step = number(at("step"), &row.step, &mut problems);
        let weight = if row.weight.trim().is_empty() {
            "1".to_owned()
        } else {
            number(at("weight"), &row.weight, &mut problems)
        };
        text.push_str(&format!(
            "\n[[criteria]]\nkey = {}\nname = {{ vi = {}, en = {} }}\n",
            quoted(row.key.trim()),
            quoted(row.name_vi.trim()),
            quoted(row.name_en.trim())
        ));
        if !row.description_vi.trim().is_empty() || !row.description_en.trim().is_empty() {
            text.push_str(&format!(
                "description = {{ vi = {}, en = {} }}\n",
                quoted(row.description_vi.trim()),
                quoted(row.description_en.trim())
            ));
        }
        text.push_str(&format!(
            "min_points = {min}\nmax_points = {max}\nstep = {step}\nweight = {weight}\n"
        ));
        if row.required.is_none() {
            text.push_str("required = false\n");
        }
        for line in row.levels.lines().filter(|l| !l.trim().is_empty()) {
            match level(line) {
                Some((min, max, vi, en)) => text.push_str(&format!(
                    "\n[[criteria.levels]]\nmin = {min}\nmax = {max}\ntext = {{ vi = {}, en = {} }}\n",
                    quoted(&vi),
                    quoted(&en)
                )),
                None => problems.push(Problem::at(at("levels"), Msg::LevelLine)),
            }
        }
    }
    if problems.is_empty() {
        Ok(text)
    } else {
        Err(ServiceError::Invalid(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::files::SourceFile;

    const RULES: &str = "[round]\njudges_per_entry = 3\naggregate = \"mean\"\n\n[[criteria]]\nkey = \"old\"\nmax_points = 10\nstep = 1\n";

    fn row(key: &str, max: &str, step: &str) -> CriterionForm {
        CriterionForm {
            key: key.into(),
            name_vi: "Tính \"mới\" của giải pháp".into(),
            name_en: "Novelty".into(),
            max_points: max.into(),
            step: step.into(),
            required: Some("on".into()),
            ..Default::default()
        }
    }

    #[test]
    fn levels_are_written_under_their_criterion_and_read_back_by_the_engine() {
        let with_levels = CriterionForm {
            levels: "0-10: Chưa rõ | Unclear\n11–20: Cấp thiết".into(),
            ..row("problem", "20", "1")
        };
        let text = with_criteria(RULES, &[with_levels, row("team", "15", "1")]).unwrap();
        let parsed =
            crate::domain::files::parse_rules(&SourceFile::new("round.toml", &text)).unwrap();
        let criteria = parsed.rubric.criteria();
        assert_eq!(criteria[0].levels.len(), 2);
        assert_eq!(criteria[0].levels[1].min.to_string(), "11");
        assert_eq!(
            criteria[0].levels[0].text.get(crate::domain::Lang::En),
            "Unclear"
        );
        assert!(criteria[1].levels.is_empty());
        // Written again from the same rules: the old levels go with their criterion.
        let again = with_criteria(&text, &[row("team", "15", "1")]).unwrap();
        assert!(!again.contains("levels"), "{again}");
        let bad = CriterionForm {
            levels: "mười: tốt".into(),
            ..row("problem", "20", "1")
        };
        let ServiceError::Invalid(problems) = with_criteria(RULES, &[bad]).unwrap_err() else {
            panic!("expected invalid");
        };
        assert_eq!(
            problems,
            vec![Problem::at("criteria[0].levels", Msg::LevelLine)]
        );
    }

    #[test]
    fn the_criteria_are_replaced_and_the_engine_reads_the_result_exactly() {
        let text = with_criteria(
            RULES,
            &[
                row("solution", "25", "0,5"),
                CriterionForm::default(),
                row("team", "15", "1"),
            ],
        )
        .unwrap();
        assert!(!text.contains("\"old\""), "{text}");
        assert!(text.starts_with("[round]\njudges_per_entry = 3"), "{text}");
        let parsed =
            crate::domain::files::parse_rules(&SourceFile::new("round.toml", &text)).unwrap();
        let criteria = parsed.rubric.criteria();
        assert_eq!(criteria.len(), 2);
        assert_eq!(
            criteria[0].name.get(crate::domain::Lang::Vi),
            "Tính \"mới\" của giải pháp"
        );
        assert_eq!(criteria[0].step, Decimal::new(5, 1));
        assert_eq!(parsed.rubric.max_total(), Decimal::from(40));
    }

    #[test]
    fn numbers_that_are_not_numbers_are_named_by_row_and_field() {
        let Err(ServiceError::Invalid(problems)) =
            with_criteria(RULES, &[row("a", "mười", "1"), row("", "10", "x")])
        else {
            panic!("refused");
        };
        let paths: Vec<_> = problems
            .iter()
            .map(|p| p.path.as_deref().unwrap())
            .collect();
        assert_eq!(
            paths,
            [
                "criteria[0].max_points",
                "criteria[1].key",
                "criteria[1].step"
            ]
        );
    }
}
