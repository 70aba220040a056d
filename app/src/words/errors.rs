//! [`DomainError`] in words: what is wrong, naming the criterion, line or setting and the rule,
//! so that a person can fix the input.

use crate::domain::Lang;
use crate::domain::error::{
    DecisionProblem, DomainError, SettingRule, SheetAction, TomlProblem, ValueKind,
};
use crate::domain::localized::Localized;
use crate::domain::rubric::Allowed;
use crate::domain::sheet::SheetState;
use crate::i18n::{Locale, td_string};

use super::written;

/// A refused score on a judge's sheet, naming the criterion as the rubric names it in `lang`
/// (the engine names it by its key); by its key when it has no name.
pub fn score_error(error: &DomainError, name: &Localized, lang: Lang) -> String {
    use DomainError as E;
    let name = name.get(lang).trim();
    if name.is_empty() {
        return domain_error(error, lang);
    }
    let mut named = error.clone();
    if let E::ScoreOffStep { criterion, .. }
    | E::ScoreOutOfRange { criterion, .. }
    | E::ScoreNotANumber { criterion, .. }
    | E::ScoreTooManyDigits { criterion, .. }
    | E::RequiredCriterionMissing { criterion, .. } = &mut named
    {
        *criterion = name.to_owned();
    }
    domain_error(&named, lang)
}

pub fn domain_error(error: &DomainError, lang: Lang) -> String {
    use DomainError as E;
    let l: Locale = lang.into();
    let n = |value| written(value, lang);
    match error {
        E::RubricEmpty => td_string!(l, rules.error.rubric_empty).to_string(),
        E::RubricTooLarge { limit } => {
            td_string!(l, rules.error.rubric_too_large, limit = limit).to_string()
        }
        E::CriterionKeyInvalid { key } => {
            td_string!(l, rules.error.criterion_key_invalid, key = key).to_string()
        }
        E::CriterionKeyDuplicate { key } => {
            td_string!(l, rules.error.criterion_key_duplicate, key = key).to_string()
        }
        E::CriterionPointsTooLarge { key, limit } => td_string!(
            l,
            rules.error.criterion_points_too_large,
            key = key,
            limit = n(*limit)
        )
        .to_string(),
        E::CriterionRangeEmpty { key, min, max } => td_string!(
            l,
            rules.error.criterion_range_empty,
            key = key,
            min = n(*min),
            max = n(*max)
        )
        .to_string(),
        E::CriterionStepNotPositive { key, step } => td_string!(
            l,
            rules.error.criterion_step_not_positive,
            key = key,
            step = n(*step)
        )
        .to_string(),
        E::CriterionStepDoesNotDivide {
            key,
            step,
            min,
            max,
        } => td_string!(
            l,
            rules.error.criterion_step_does_not_divide,
            key = key,
            step = n(*step),
            min = n(*min),
            max = n(*max)
        )
        .to_string(),
        E::CriterionWeightInvalid { key, weight } => td_string!(
            l,
            rules.error.criterion_weight_invalid,
            key = key,
            weight = n(*weight)
        )
        .to_string(),
        E::CriterionLevelInvalid { key, min, max } => td_string!(
            l,
            rules.error.criterion_level_invalid,
            key = key,
            min = n(*min),
            max = n(*max)
        )
        .to_string(),
        E::ScoreOutOfRange {
            criterion,
            score,
            allowed,
        } => td_string!(
            l,
            rules.error.score_out_of_range,
            criterion = criterion,
            score = n(*score),
            allowed = allowed_values(allowed, lang)
        )
        .to_string(),
        E::ScoreOffStep {
            criterion,
            score,
            allowed,
        } => td_string!(
            l,
            rules.error.score_off_step,
            criterion = criterion,
            score = n(*score),
            allowed = allowed_values(allowed, lang)
        )
        .to_string(),
        E::ScoreNotANumber { criterion, text } => td_string!(
            l,
            rules.error.score_not_a_number,
            criterion = criterion,
            text = text
        )
        .to_string(),
        E::ScoreTooManyDigits { criterion, text } => td_string!(
            l,
            rules.error.score_too_many_digits,
            criterion = criterion,
            text = text
        )
        .to_string(),
        E::UnknownCriterion { key } => {
            td_string!(l, rules.error.unknown_criterion, key = key).to_string()
        }
        E::SheetLocked {
            judge,
            entry,
            state,
            action,
        } => td_string!(
            l,
            rules.error.sheet_locked,
            judge = judge,
            entry = entry,
            state = sheet_state(*state, l),
            action = sheet_action(*action, l)
        )
        .to_string(),
        E::SheetRubricMismatch { judge, entry } => td_string!(
            l,
            rules.error.sheet_rubric_mismatch,
            judge = judge,
            entry = entry
        )
        .to_string(),
        E::RequiredCriterionMissing {
            criterion,
            judge,
            entry,
        } => td_string!(
            l,
            rules.error.required_criterion_missing,
            criterion = criterion,
            judge = judge,
            entry = entry
        )
        .to_string(),
        E::ReasonRequired { entry } => {
            td_string!(l, rules.error.reason_required, entry = entry).to_string()
        }
        E::Setting { setting, rule } => td_string!(
            l,
            rules.error.setting,
            setting = setting,
            rule = setting_rule(rule, lang)
        )
        .to_string(),
        E::EntryCodeMissing => td_string!(l, rules.error.entry_code_missing).to_string(),
        E::DuplicateEntry { code } => {
            td_string!(l, rules.error.duplicate_entry, code = code).to_string()
        }
        E::UnknownEntry { code } => {
            td_string!(l, rules.error.unknown_entry, code = code).to_string()
        }
        E::DuplicateSheet { judge, entry } => {
            td_string!(l, rules.error.duplicate_sheet, judge = judge, entry = entry).to_string()
        }
        E::Decision { entry, problem } => td_string!(
            l,
            rules.error.decision,
            entry = entry,
            problem = decision_problem(problem, lang)
        )
        .to_string(),
        E::InFile { file, line, error } => {
            let error = domain_error(error, lang);
            match line {
                Some(line) => td_string!(
                    l,
                    rules.error.in_file_at_line,
                    file = file,
                    line = line,
                    error = error
                )
                .to_string(),
                None => td_string!(l, rules.error.in_file, file = file, error = error).to_string(),
            }
        }
        E::EmptyFile => td_string!(l, rules.error.empty_file).to_string(),
        E::MissingColumn { column } => {
            td_string!(l, rules.error.missing_column, column = column).to_string()
        }
        E::UnknownColumn { column } => {
            td_string!(l, rules.error.unknown_column, column = column).to_string()
        }
        E::DuplicateColumn { column } => {
            td_string!(l, rules.error.duplicate_column, column = column).to_string()
        }
        // The delimiter found is a tab or a semicolon: the file reader looks for no other.
        E::WrongDelimiter { found: '\t' } => {
            td_string!(l, rules.error.separated_by_tabs).to_string()
        }
        E::WrongDelimiter { .. } => td_string!(l, rules.error.separated_by_semicolons).to_string(),
        E::FieldCount { expected, found } => td_string!(
            l,
            rules.error.field_count,
            expected = expected,
            found = found
        )
        .to_string(),
        E::FieldMissing { column } => {
            td_string!(l, rules.error.field_missing, column = column).to_string()
        }
        E::InvalidCsv { detail } => {
            td_string!(l, rules.error.invalid_csv, detail = detail).to_string()
        }
        // The TOML parser speaks English only: a language may quote its `detail` or say the
        // `problem` in its own words (Vietnamese does).
        E::InvalidToml {
            detail,
            column,
            problem,
        } => {
            let problem = toml_problem(problem, lang);
            match column {
                Some(column) => td_string!(
                    l,
                    rules.error.invalid_toml_at_column,
                    detail = detail,
                    column = column,
                    problem = problem
                )
                .to_string(),
                None => td_string!(
                    l,
                    rules.error.invalid_toml,
                    detail = detail,
                    problem = problem
                )
                .to_string(),
            }
        }
        E::NotUtf8 { utf16: true } => td_string!(l, rules.error.utf16).to_string(),
        E::NotUtf8 { utf16: false } => td_string!(l, rules.error.not_utf8).to_string(),
        E::UnclosedQuote => td_string!(l, rules.error.unclosed_quote).to_string(),
        E::QuoteSpansRows { end_line } => {
            td_string!(l, rules.error.quote_spans_rows, end_line = end_line).to_string()
        }
        E::NoScoreRows => td_string!(l, rules.error.no_score_rows).to_string(),
        E::NoEntryRows => td_string!(l, rules.error.no_entry_rows).to_string(),
        E::DuplicateRow { first_line } => {
            td_string!(l, rules.error.duplicate_row, first_line = first_line).to_string()
        }
        E::BadTimestamp { text } => {
            td_string!(l, rules.error.bad_timestamp, text = text).to_string()
        }
        E::BadYesNo { column, text } => {
            td_string!(l, rules.error.bad_yes_no, column = column, text = text).to_string()
        }
    }
}

/// The values a criterion accepts: `0 to 40 in steps of 0.5`.
fn allowed_values(allowed: &Allowed, lang: Lang) -> String {
    let l: Locale = lang.into();
    td_string!(
        l,
        rules.allowed,
        min = written(allowed.min, lang),
        max = written(allowed.max, lang),
        step = written(allowed.step, lang)
    )
    .to_string()
}

fn sheet_state(state: SheetState, l: Locale) -> &'static str {
    match state {
        SheetState::Draft => td_string!(l, rules.sheet_state.draft),
        SheetState::Submitted => td_string!(l, rules.sheet_state.submitted),
        SheetState::Reopened => td_string!(l, rules.sheet_state.reopened),
        SheetState::Void => td_string!(l, rules.sheet_state.void),
    }
}

fn sheet_action(action: SheetAction, l: Locale) -> &'static str {
    match action {
        SheetAction::Edit => td_string!(l, rules.sheet_action.edit),
        SheetAction::Submit => td_string!(l, rules.sheet_action.submit),
        SheetAction::Reopen => td_string!(l, rules.sheet_action.reopen),
    }
}

/// The rule a round setting breaks, said after the setting's name.
pub fn setting_rule(rule: &SettingRule, lang: Lang) -> String {
    let l: Locale = lang.into();
    match rule {
        SettingRule::AtLeastOne => td_string!(l, rules.setting.at_least_1).to_string(),
        SettingRule::AtMost { max } => td_string!(l, rules.setting.at_most, max = max).to_string(),
        SettingRule::NotNegative => td_string!(l, rules.setting.not_negative).to_string(),
        SettingRule::TrimNeedsTrimmedMean => {
            td_string!(l, rules.setting.trim_needs_trimmed_mean).to_string()
        }
        SettingRule::UnknownCriterion { key } => {
            td_string!(l, rules.setting.unknown_criterion, key = key).to_string()
        }
        SettingRule::Repeated { text } => {
            td_string!(l, rules.setting.repeated, text = text).to_string()
        }
        SettingRule::TieBreakForm { text } => {
            td_string!(l, rules.setting.tie_break_form, text = text).to_string()
        }
        SettingRule::AdvanceInFinalRound => {
            td_string!(l, rules.setting.advance_in_final_round).to_string()
        }
        SettingRule::PrizesOutsideFinalRound => {
            td_string!(l, rules.setting.prizes_outside_final_round).to_string()
        }
        SettingRule::NoPrizes => td_string!(l, rules.setting.no_prizes).to_string(),
        SettingRule::PrizeNameMissing => {
            td_string!(l, rules.setting.prize_name_missing).to_string()
        }
        SettingRule::NotANumber { text } => {
            td_string!(l, rules.setting.not_a_number, text = text).to_string()
        }
        SettingRule::TooManyDigits { text } => {
            td_string!(l, rules.setting.too_many_digits, text = text).to_string()
        }
    }
}

/// What is wrong with a committee decision, said after the entry it concerns.
pub fn decision_problem(problem: &DecisionProblem, lang: Lang) -> String {
    let l: Locale = lang.into();
    // A prize by its position in the round's list, from 1, or no prize.
    let prize = |prize: &Option<u32>| match prize {
        Some(number) => td_string!(l, rules.decision.prize_number, number = number).to_string(),
        None => td_string!(l, rules.decision.no_prize).to_string(),
    };
    match problem {
        DecisionProblem::UnknownEntry => td_string!(l, rules.decision.unknown_entry).to_string(),
        DecisionProblem::ReasonMissing => td_string!(l, rules.decision.reason_missing).to_string(),
        DecisionProblem::Repeated => td_string!(l, rules.decision.repeated).to_string(),
        DecisionProblem::NoFlag => td_string!(l, rules.decision.no_flag).to_string(),
        DecisionProblem::NoPrizeTie => td_string!(l, rules.decision.no_prize_tie).to_string(),
        DecisionProblem::FinalRound => td_string!(l, rules.decision.final_round).to_string(),
        DecisionProblem::PrizeNotOffered { prize: p } => {
            td_string!(l, rules.decision.prize_not_offered, prize = prize(p)).to_string()
        }
        DecisionProblem::TooManyForPrize { prize: p, places } => td_string!(
            l,
            rules.decision.too_many_for_prize,
            places = places,
            prize = prize(p)
        )
        .to_string(),
    }
}

/// What is wrong in a rules file, in the language's own words rather than the parser's.
pub fn toml_problem(problem: &TomlProblem, lang: Lang) -> String {
    let l: Locale = lang.into();
    match problem {
        TomlProblem::UnknownKey { key } => {
            td_string!(l, rules.toml.unknown_key, key = key).to_string()
        }
        TomlProblem::MissingKey { key } => {
            td_string!(l, rules.toml.missing_key, key = key).to_string()
        }
        TomlProblem::DuplicateKey { key: Some(key) } => {
            td_string!(l, rules.toml.duplicate_key, key = key).to_string()
        }
        TomlProblem::DuplicateKey { key: None } => {
            td_string!(l, rules.toml.duplicate_unnamed_key).to_string()
        }
        TomlProblem::WrongType { expected } => {
            let kind = match expected {
                ValueKind::Integer => td_string!(l, rules.value_kind.integer),
                ValueKind::Number => td_string!(l, rules.value_kind.number),
                ValueKind::Boolean => td_string!(l, rules.value_kind.boolean),
                ValueKind::Text => td_string!(l, rules.value_kind.text),
                ValueKind::List => td_string!(l, rules.value_kind.list),
                ValueKind::Table => td_string!(l, rules.value_kind.table),
                ValueKind::Other => {
                    return td_string!(l, rules.toml.wrong_type_unnamed).to_string();
                }
            };
            td_string!(l, rules.toml.wrong_type, kind = kind).to_string()
        }
        TomlProblem::UnknownValue { value, allowed } if allowed.is_empty() => {
            td_string!(l, rules.toml.unknown_value, value = value).to_string()
        }
        TomlProblem::UnknownValue { value, allowed } => {
            let allowed: Vec<String> = allowed.iter().map(|a| format!("\"{a}\"")).collect();
            td_string!(
                l,
                rules.toml.unknown_value_among,
                value = value,
                allowed = allowed.join(", ")
            )
            .to_string()
        }
        TomlProblem::Syntax => td_string!(l, rules.toml.syntax).to_string(),
    }
}
