//! The domain's data in words: its errors, explanations, replay summaries and assignment
//! reports, said in Vietnamese or English from the `rules` keys of `app/locales/{vi,en}.json`.
//! The domain decides (which rule, which figures); this is the one place that says it, for the
//! CLI as plain text, and for pages.
//!
//! Every error variant, problem, explanation line and warning has a key in both files. A key
//! missing from `vi.json`, the default locale, does not compile: `td_string!` only knows the
//! keys the default locale defines. A key missing from `en.json` compiles with a build warning
//! and would show the Vietnamese, so `tests::every_rules_key_is_in_both_languages` refuses it.

use rust_decimal::Decimal;

use crate::domain::Lang;

mod assignment;
pub mod eligibility;
pub mod entries;
mod errors;
mod explain;
pub mod form_fields;
mod replay;
pub mod results;

pub use assignment::{
    assignment_error, assignment_header, audit_header, conflict, conflict_reason, judges_header,
    judges_status, plan_warning, sheet_state, shortfall,
};
pub use errors::{decision_problem, domain_error, score_error, setting_rule, toml_problem};
pub use explain::{explanation, flag_figures};
pub use replay::{pending, replay_summary, warning};

/// An aggregation's short name, for a table's column.
pub fn aggregate_short(code: &str, lang: Lang) -> String {
    let l: crate::i18n::Locale = lang.into();
    match code {
        "trimmed_mean" => crate::i18n::td_string!(l, results.short_trimmed_mean),
        "median" => crate::i18n::td_string!(l, results.short_median),
        "normalized_mean" => crate::i18n::td_string!(l, results.short_normalized_mean),
        _ => crate::i18n::td_string!(l, results.short_mean),
    }
    .to_string()
}

/// An aggregation (§3) by its settings code (`mean`, `trimmed_mean`, …), as pages name it.
pub fn aggregate_name(code: &str, lang: Lang) -> String {
    let l: crate::i18n::Locale = lang.into();
    match code {
        "trimmed_mean" => crate::i18n::td_string!(l, round.aggregate_trimmed_mean),
        "median" => crate::i18n::td_string!(l, round.aggregate_median),
        "normalized_mean" => crate::i18n::td_string!(l, round.aggregate_normalized_mean),
        _ => crate::i18n::td_string!(l, round.aggregate_mean),
    }
    .to_string()
}

/// A figure at the scale it carries (`72.00` stays two decimals), with the language's decimal
/// separator: the one number format of the app ([`crate::format::decimal`]).
fn number(value: Decimal, lang: Lang) -> String {
    crate::format::decimal(value, lang)
}

/// A figure as a person wrote it, without trailing zeros (`32.50` reads `32.5`).
fn written(value: Decimal, lang: Lang) -> String {
    number(value.normalize(), lang)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Value;

    /// The leaf keys under `rules`.
    fn rules_keys(json: &str) -> BTreeSet<String> {
        fn walk(prefix: &str, value: &Value, out: &mut BTreeSet<String>) {
            match value {
                Value::Object(map) => {
                    for (key, value) in map {
                        walk(&format!("{prefix}.{key}"), value, out);
                    }
                }
                _ => {
                    out.insert(prefix.to_owned());
                }
            }
        }
        let root: Value = serde_json::from_str(json).expect("a locale file is JSON");
        let mut out = BTreeSet::new();
        walk("rules", &root["rules"], &mut out);
        out
    }

    #[test]
    fn every_rules_key_is_in_both_languages() {
        let vi = rules_keys(include_str!("../../locales/vi.json"));
        let en = rules_keys(include_str!("../../locales/en.json"));
        assert!(vi.len() > 100, "{} keys", vi.len());
        assert_eq!(
            vi.symmetric_difference(&en).collect::<Vec<_>>(),
            Vec::<&String>::new()
        );
    }
}
