//! Entries in words: statuses, stages and the entry form's field names, for pages and for the
//! CSV export.

use crate::domain::Lang;
use crate::i18n::{Locale, td_string};
use crate::model::{EntryStatus, Stage};

/// A status as a reader says it.
pub fn status_name(status: EntryStatus, lang: Lang) -> String {
    let l: Locale = lang.into();
    match status {
        EntryStatus::Draft => td_string!(l, entry.status_draft),
        EntryStatus::Submitted => td_string!(l, entry.status_submitted),
        EntryStatus::Withdrawn => td_string!(l, entry.status_withdrawn),
    }
    .to_string()
}

pub fn stage_name(stage: Stage, lang: Lang) -> String {
    let l: Locale = lang.into();
    match stage {
        Stage::Idea => td_string!(l, entry.stage_idea),
        Stage::Prototype => td_string!(l, entry.stage_prototype),
        Stage::EarlyRevenue => td_string!(l, entry.stage_early_revenue),
        Stage::Growth => td_string!(l, entry.stage_growth),
    }
    .to_string()
}

/// The label of a field of the entry form (its form name otherwise).
pub fn field_label(field: &str, lang: Lang) -> String {
    let l: Locale = lang.into();
    match field {
        "code" => td_string!(l, entry.code),
        "title" => td_string!(l, entry.title),
        "category" => td_string!(l, entry.category),
        "summary" => td_string!(l, entry.summary),
        "problem" => td_string!(l, entry.problem),
        "solution" => td_string!(l, entry.solution),
        "market" => td_string!(l, entry.market),
        "business_model" => td_string!(l, entry.business_model),
        "stage" => td_string!(l, entry.stage),
        "status" => td_string!(l, entry.status),
        "lead" => td_string!(l, entry.lead),
        "lead_email" => td_string!(l, entry.lead_email),
        "submitted_at" => td_string!(l, entry.submitted_at),
        "updated" => td_string!(l, entry.updated),
        "team" => td_string!(l, entry.team),
        "eligibility" => td_string!(l, eligibility.column),
        "decision_reason" => td_string!(l, eligibility.reason_column),
        "birth_date" => td_string!(l, eligibility.birth_date),
        "province" => td_string!(l, eligibility.province),
        "founded" => td_string!(l, eligibility.founded),
        "round" => td_string!(l, entry.round),
        other => return other.to_owned(),
    }
    .to_string()
}

/// The columns of the entries CSV, in the reader's language.
pub fn export_header(lang: Lang) -> Vec<String> {
    [
        "code",
        "title",
        "category",
        "status",
        "eligibility",
        "decision_reason",
        "lead",
        "lead_email",
        "team",
        "stage",
        "submitted_at",
        "updated",
        "summary",
        "problem",
        "solution",
        "market",
        "business_model",
        "round",
    ]
    .into_iter()
    .map(|f| field_label(f, lang))
    .collect()
}
