//! Eligibility in words: each rule as the contest page states it, each check's outcome with
//! its reason, and the names of the outcomes and decisions.

use crate::domain::Lang;
use crate::i18n::{Locale, td_string};
use crate::model::eligibility::{Check, Eligibility, EligibilityRules, Outcome, Rule};

pub fn eligibility_name(e: Eligibility, lang: Lang) -> String {
    let l: Locale = lang.into();
    match e {
        Eligibility::Eligible => td_string!(l, eligibility.eligible),
        Eligibility::Ineligible => td_string!(l, eligibility.ineligible),
        Eligibility::Unknown => td_string!(l, eligibility.unknown),
        Eligibility::Disqualified => td_string!(l, eligibility.disqualified),
    }
    .to_string()
}

fn bound(min: Option<u32>, max: Option<u32>, lang: Lang) -> String {
    let l: Locale = lang.into();
    match (min, max) {
        (Some(min), Some(max)) => {
            td_string!(l, eligibility.between, min = min, max = max).to_string()
        }
        (Some(min), None) => td_string!(l, eligibility.at_least, min = min).to_string(),
        (None, Some(max)) => td_string!(l, eligibility.at_most, max = max).to_string(),
        (None, None) => String::new(),
    }
}

/// What a rule asks, in a sentence (`None` for a rule the contest does not set).
pub fn rule_text(rule: Rule, rules: &EligibilityRules, lang: Lang) -> Option<String> {
    let l: Locale = lang.into();
    let on = rules
        .age_on
        .map(|d| crate::format::day(d, lang))
        .unwrap_or_else(|| td_string!(l, eligibility.today).to_string());
    Some(match rule {
        Rule::Age if rules.age_min.is_some() || rules.age_max.is_some() => td_string!(
            l,
            eligibility.rule_age,
            bound = bound(rules.age_min, rules.age_max, lang),
            on = on
        )
        .to_string(),
        Rule::Province if !rules.provinces.is_empty() => td_string!(
            l,
            eligibility.rule_province,
            provinces = rules.provinces.join(", ")
        )
        .to_string(),
        Rule::CompanyAge => td_string!(
            l,
            eligibility.rule_company,
            max = rules.company_years_max?,
            on = on
        )
        .to_string(),
        Rule::TeamSize if rules.team_min.is_some() || rules.team_max.is_some() => td_string!(
            l,
            eligibility.rule_team,
            bound = bound(rules.team_min, rules.team_max, lang)
        )
        .to_string(),
        Rule::EntriesPerPerson => td_string!(
            l,
            eligibility.rule_entries,
            max = rules.entries_per_person_max?
        )
        .to_string(),
        _ => return None,
    })
}

/// Every rule the contest sets, in the order the checks run.
pub fn rules_text(rules: &EligibilityRules, lang: Lang) -> Vec<String> {
    [
        Rule::Age,
        Rule::Province,
        Rule::CompanyAge,
        Rule::TeamSize,
        Rule::EntriesPerPerson,
    ]
    .into_iter()
    .filter_map(|r| rule_text(r, rules, lang))
    .collect()
}

/// A check's outcome and why: what the entry holds against what the rule asks, or what the
/// team should add.
pub fn check_text(c: &Check, rules: &EligibilityRules, lang: Lang) -> String {
    let l: Locale = lang.into();
    let rule = rule_text(c.rule, rules, lang).unwrap_or_default();
    let found = c.found.as_str();
    match (c.rule, c.outcome) {
        (Rule::Age, Outcome::Unknown) => {
            td_string!(l, eligibility.age_unknown, rule = rule).to_string()
        }
        (Rule::Province, Outcome::Unknown) => {
            td_string!(l, eligibility.province_unknown, rule = rule).to_string()
        }
        (_, Outcome::Unknown) => rule,
        (Rule::Age, _) => {
            td_string!(l, eligibility.found_age, rule = rule, found = found).to_string()
        }
        (Rule::Province, _) => {
            td_string!(l, eligibility.found_province, rule = rule, found = found).to_string()
        }
        (Rule::CompanyAge, _) if found.is_empty() => {
            td_string!(l, eligibility.no_company, rule = rule).to_string()
        }
        (Rule::CompanyAge, _) => {
            td_string!(l, eligibility.found_company, rule = rule, found = found).to_string()
        }
        (Rule::TeamSize, _) => {
            td_string!(l, eligibility.found_team, rule = rule, found = found).to_string()
        }
        (Rule::EntriesPerPerson, _) => {
            td_string!(l, eligibility.found_entries, rule = rule, found = found).to_string()
        }
    }
}

/// A mark for an outcome, with a word for screen readers.
pub fn outcome_name(o: Outcome, lang: Lang) -> String {
    let l: Locale = lang.into();
    match o {
        Outcome::Pass => td_string!(l, eligibility.pass),
        Outcome::Fail => td_string!(l, eligibility.fail),
        Outcome::Unknown => td_string!(l, eligibility.unknown_check),
    }
    .to_string()
}
