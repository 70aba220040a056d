//! Eligibility: the rules a contest declares (who may enter), checked for each entry from
//! what its team typed, each check with its outcome and the facts behind it; and the
//! committee's decision, which overrides the checks with a written reason.
//!
//! The checks are pure: the same rules and facts give the same results on the server (which
//! stores the outcome for the committee's filters) and in any page that shows them.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A contest's eligibility rules; each is optional (absent: not checked).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EligibilityRules {
    /// The lead's age in whole years on `age_on`: at least `age_min`, at most `age_max`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_max: Option<u32>,
    /// The reference date of the age rule (`YYYY-MM-DD`); needed when an age bound is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_on: Option<NaiveDate>,
    /// The provinces (of residence or study) an entry may come from; any when empty.
    /// Compared without accents and case: "Lang Son" matches "Lạng Sơn".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provinces: Vec<String>,
    /// A company behind the idea was founded at most this many years before `age_on` (or
    /// before the check when no reference date is set); an idea without a company passes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_years_max: Option<u32>,
    /// The team, lead included: at least `team_min`, at most `team_max` people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_max: Option<u32>,
    /// Live entries (not withdrawn) any one person is part of, as lead or member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entries_per_person_max: Option<u32>,
}

impl EligibilityRules {
    pub fn is_empty(&self) -> bool {
        *self == EligibilityRules::default()
    }
}

/// What the checks read of one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EligibilityFacts {
    pub birth_date: Option<NaiveDate>,
    /// As typed; compared folded.
    pub province: String,
    pub founded: Option<NaiveDate>,
    /// The lead and the members listed.
    pub team_size: u32,
    /// The person (name) on this team who is part of the most live entries of the contest,
    /// and how many.
    pub busiest: Option<(String, u32)>,
    /// The day the checks are made, for rules without a reference date.
    pub today: NaiveDate,
}

/// Which rule a check result is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    Age,
    Province,
    CompanyAge,
    TeamSize,
    EntriesPerPerson,
}

/// The outcome of one check, with what it found (`found`) and what the rule asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub rule: Rule,
    pub outcome: Outcome,
    /// What the entry holds, for the reason: an age, a province, a number of years, a team
    /// size, a person and their number of entries. Empty when the entry does not say.
    pub found: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    Fail,
    /// The entry does not say yet (a date of birth, a province).
    Unknown,
}

/// Whether an entry may take part: from the checks, or decided by the committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Eligibility {
    Eligible,
    Ineligible,
    /// Some check cannot be made yet.
    Unknown,
    /// Excluded by the committee, with a reason (whatever the checks say).
    Disqualified,
}

impl Eligibility {
    pub const ALL: [Eligibility; 4] = [
        Eligibility::Eligible,
        Eligibility::Ineligible,
        Eligibility::Unknown,
        Eligibility::Disqualified,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Eligibility::Eligible => "eligible",
            Eligibility::Ineligible => "ineligible",
            Eligibility::Unknown => "unknown",
            Eligibility::Disqualified => "disqualified",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code.trim())
    }

    /// The result of the checks: any failure makes an entry ineligible; otherwise any check
    /// that cannot be made leaves it unknown.
    pub fn of(checks: &[Check]) -> Self {
        if checks.iter().any(|c| c.outcome == Outcome::Fail) {
            Eligibility::Ineligible
        } else if checks.iter().any(|c| c.outcome == Outcome::Unknown) {
            Eligibility::Unknown
        } else {
            Eligibility::Eligible
        }
    }
}

/// Whole years from `from` to `on` (a birthday counts from its day; 29 February from 1 March
/// in other years).
pub fn years_between(from: NaiveDate, on: NaiveDate) -> i32 {
    let mut years = on.year() - from.year();
    if (on.month(), on.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    years
}

/// Every rule the contest declares, checked against `facts`, in a fixed order.
pub fn check(
    rules: &EligibilityRules,
    facts: &EligibilityFacts,
    fold: impl Fn(&str) -> String,
) -> Vec<Check> {
    let mut checks = Vec::new();
    let on = rules.age_on.unwrap_or(facts.today);
    if rules.age_min.is_some() || rules.age_max.is_some() {
        checks.push(match facts.birth_date {
            None => unknown(Rule::Age),
            Some(born) => {
                let age = years_between(born, on);
                let fits = rules.age_min.is_none_or(|min| age >= min as i32)
                    && rules.age_max.is_none_or(|max| age <= max as i32);
                result(Rule::Age, fits, age.to_string())
            }
        });
    }
    if !rules.provinces.is_empty() {
        let typed = facts.province.trim();
        checks.push(if typed.is_empty() {
            unknown(Rule::Province)
        } else {
            let typed_key = fold(typed);
            let fits = rules.provinces.iter().any(|p| fold(p.trim()) == typed_key);
            result(Rule::Province, fits, typed.to_owned())
        });
    }
    if let Some(max) = rules.company_years_max {
        checks.push(match facts.founded {
            None => result(Rule::CompanyAge, true, String::new()),
            Some(founded) => {
                let years = years_between(founded, on).max(0);
                // At most N years: founded no earlier than N years before the reference day.
                let fits = founded >= on.with_year(on.year() - max as i32).unwrap_or(on);
                result(Rule::CompanyAge, fits, years.to_string())
            }
        });
    }
    if rules.team_min.is_some() || rules.team_max.is_some() {
        let n = facts.team_size;
        let fits =
            rules.team_min.is_none_or(|min| n >= min) && rules.team_max.is_none_or(|max| n <= max);
        checks.push(result(Rule::TeamSize, fits, n.to_string()));
    }
    if let Some(max) = rules.entries_per_person_max {
        let (who, n) = facts.busiest.clone().unwrap_or_default();
        checks.push(result(
            Rule::EntriesPerPerson,
            n <= max,
            format!("{who}: {n}"),
        ));
    }
    checks
}

fn unknown(rule: Rule) -> Check {
    Check {
        rule,
        outcome: Outcome::Unknown,
        found: String::new(),
    }
}

fn result(rule: Rule, fits: bool, found: String) -> Check {
    Check {
        rule,
        outcome: if fits { Outcome::Pass } else { Outcome::Fail },
        found,
    }
}

/// The committee's decision on an entry, as its team and the committee read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub eligibility: Eligibility,
    pub reason: String,
    pub at: crate::format::Zoned,
}

/// An entry's eligibility as shown: the checks, what they conclude, and the committee's
/// decision when there is one (which is then what counts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EligibilityView {
    pub checks: Vec<Check>,
    pub automatic: Eligibility,
    pub decision: Option<Decision>,
}

impl EligibilityView {
    pub fn effective(&self) -> Eligibility {
        self.decision
            .as_ref()
            .map_or(self.automatic, |d| d.eligibility)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn fold(s: &str) -> String {
        s.to_lowercase()
            .replace(['ạ', 'á', 'à'], "a")
            .replace('ơ', "o")
    }

    fn facts() -> EligibilityFacts {
        EligibilityFacts {
            birth_date: Some(date("2000-06-15")),
            province: "Lạng Sơn".into(),
            founded: None,
            team_size: 3,
            busiest: Some(("Lê Văn Khoa".into(), 1)),
            today: date("2026-12-04"),
        }
    }

    #[test]
    fn an_age_counts_whole_years_on_the_reference_date() {
        assert_eq!(years_between(date("2000-06-15"), date("2025-06-14")), 24);
        assert_eq!(years_between(date("2000-06-15"), date("2025-06-15")), 25);
        assert_eq!(years_between(date("2004-02-29"), date("2022-02-28")), 17);
        assert_eq!(years_between(date("2004-02-29"), date("2022-03-01")), 18);
        let rules = EligibilityRules {
            age_min: Some(18),
            age_max: Some(24),
            age_on: Some(date("2025-06-14")),
            ..Default::default()
        };
        let checks = check(&rules, &facts(), fold);
        assert_eq!(checks[0].outcome, Outcome::Pass);
        assert_eq!(checks[0].found, "24");
        let later = EligibilityRules {
            age_on: Some(date("2025-06-15")),
            ..rules
        };
        assert_eq!(check(&later, &facts(), fold)[0].outcome, Outcome::Fail);
    }

    #[test]
    fn a_province_matches_without_accents_or_case_and_a_missing_one_is_unknown() {
        let rules = EligibilityRules {
            provinces: vec!["Lang Son".into(), "Cao Bằng".into()],
            ..Default::default()
        };
        assert_eq!(check(&rules, &facts(), fold)[0].outcome, Outcome::Pass);
        let elsewhere = EligibilityFacts {
            province: "Hà Nội".into(),
            ..facts()
        };
        assert_eq!(check(&rules, &elsewhere, fold)[0].outcome, Outcome::Fail);
        let unsaid = EligibilityFacts {
            province: " ".into(),
            ..facts()
        };
        let checks = check(&rules, &unsaid, fold);
        assert_eq!(checks[0].outcome, Outcome::Unknown);
        assert_eq!(Eligibility::of(&checks), Eligibility::Unknown);
    }

    #[test]
    fn a_company_may_be_at_most_so_many_years_old_and_an_idea_without_one_passes() {
        let rules = EligibilityRules {
            company_years_max: Some(5),
            age_on: Some(date("2025-06-01")),
            ..Default::default()
        };
        let founded = |d: &str| EligibilityFacts {
            founded: Some(date(d)),
            ..facts()
        };
        assert_eq!(
            check(&rules, &founded("2020-06-01"), fold)[0].outcome,
            Outcome::Pass
        );
        assert_eq!(
            check(&rules, &founded("2020-05-31"), fold)[0].outcome,
            Outcome::Fail
        );
        assert_eq!(check(&rules, &facts(), fold)[0].outcome, Outcome::Pass);
    }

    #[test]
    fn team_size_and_entries_per_person_fail_with_what_was_found() {
        let rules = EligibilityRules {
            team_min: Some(2),
            team_max: Some(2),
            entries_per_person_max: Some(1),
            ..Default::default()
        };
        let busy = EligibilityFacts {
            busiest: Some(("Lê Văn Khoa".into(), 2)),
            ..facts()
        };
        let checks = check(&rules, &busy, fold);
        assert_eq!(
            checks
                .iter()
                .map(|c| (c.rule, c.outcome, c.found.as_str()))
                .collect::<Vec<_>>(),
            [
                (Rule::TeamSize, Outcome::Fail, "3"),
                (Rule::EntriesPerPerson, Outcome::Fail, "Lê Văn Khoa: 2"),
            ]
        );
        assert_eq!(Eligibility::of(&checks), Eligibility::Ineligible);
        assert_eq!(Eligibility::of(&[]), Eligibility::Eligible);
    }
}

/// The committee's eligibility form, as typed (every field optional; numbers as text).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EligibilityForm {
    #[serde(default)]
    pub age_min: String,
    #[serde(default)]
    pub age_max: String,
    #[serde(default)]
    pub age_on: String,
    /// One per line or separated by commas.
    #[serde(default)]
    pub provinces: String,
    #[serde(default)]
    pub company_years_max: String,
    #[serde(default)]
    pub team_min: String,
    #[serde(default)]
    pub team_max: String,
    #[serde(default)]
    pub entries_per_person_max: String,
}

impl EligibilityForm {
    /// The form showing `rules`.
    pub fn of(rules: &EligibilityRules) -> Self {
        let n = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
        EligibilityForm {
            age_min: n(rules.age_min),
            age_max: n(rules.age_max),
            age_on: rules.age_on.map(|d| d.to_string()).unwrap_or_default(),
            provinces: rules.provinces.join(", "),
            company_years_max: n(rules.company_years_max),
            team_min: n(rules.team_min),
            team_max: n(rules.team_max),
            entries_per_person_max: n(rules.entries_per_person_max),
        }
    }
}
