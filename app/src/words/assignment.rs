//! The judge-assignment planner's refusals, shortfalls, warnings and conflicts of interest
//! (SCORING.md §9) in words.

use crate::domain::Lang;
use crate::domain::assignment::{
    AssignmentError, Conflict, ConflictReason, PairList, PlanWarning, Shortfall,
};
use crate::i18n::{Locale, td_string};

pub fn assignment_error(error: &AssignmentError, lang: Lang) -> String {
    let l: Locale = lang.into();
    let list = |list: &PairList| match list {
        PairList::DeclaredConflicts => td_string!(l, rules.assignment.declared_conflicts),
        PairList::LiftedConflicts => td_string!(l, rules.assignment.lifted_conflicts),
        PairList::Keep => td_string!(l, rules.assignment.keep),
    };
    match error {
        AssignmentError::NoJudgesPerEntry => {
            td_string!(l, rules.assignment.no_judges_per_entry).to_string()
        }
        AssignmentError::DuplicateEntry { id } => {
            td_string!(l, rules.assignment.duplicate_entry, id = id).to_string()
        }
        AssignmentError::DuplicateJudge { id } => {
            td_string!(l, rules.assignment.duplicate_judge, id = id).to_string()
        }
        AssignmentError::UnknownEntry { id, list: which } => td_string!(
            l,
            rules.assignment.unknown_entry,
            id = id,
            list = list(which)
        )
        .to_string(),
        AssignmentError::UnknownJudge { id, list: which } => td_string!(
            l,
            rules.assignment.unknown_judge,
            id = id,
            list = list(which)
        )
        .to_string(),
    }
}

/// E.g. "E-0142: 2 eligible judges, 3 in conflict, 4 at their maximum load; needs 3, has 2."
/// One eligible judge has its own sentence, for languages that say it differently.
pub fn shortfall(s: &Shortfall, lang: Lang) -> String {
    let l: Locale = lang.into();
    let Shortfall {
        code,
        needed,
        assigned,
        eligible,
        in_conflict,
        at_max_load,
        ..
    } = s;
    if *eligible == 1 {
        td_string!(
            l,
            rules.assignment.shortfall_one_eligible,
            code = code,
            eligible = eligible,
            in_conflict = in_conflict,
            at_max_load = at_max_load,
            needed = needed,
            assigned = assigned
        )
        .to_string()
    } else {
        td_string!(
            l,
            rules.assignment.shortfall,
            code = code,
            eligible = eligible,
            in_conflict = in_conflict,
            at_max_load = at_max_load,
            needed = needed,
            assigned = assigned
        )
        .to_string()
    }
}

pub fn plan_warning(warning: &PlanWarning, lang: Lang) -> String {
    let l: Locale = lang.into();
    match warning {
        PlanWarning::Disconnected { groups } => {
            td_string!(l, rules.assignment.disconnected, groups = groups).to_string()
        }
        PlanWarning::KeptInConflict {
            code, judge_name, ..
        } => td_string!(
            l,
            rules.assignment.kept_in_conflict,
            judge = judge_name,
            code = code
        )
        .to_string(),
        PlanWarning::KeptAboveK {
            code,
            kept,
            judges_per_entry,
            ..
        } => td_string!(
            l,
            rules.assignment.kept_above_k,
            code = code,
            kept = kept,
            judges_per_entry = judges_per_entry
        )
        .to_string(),
        PlanWarning::KeptAboveMaxLoad {
            judge_name,
            kept,
            max_load,
            ..
        } => td_string!(
            l,
            rules.assignment.kept_above_max_load,
            judge = judge_name,
            kept = kept,
            max_load = max_load
        )
        .to_string(),
    }
}

/// Why a judge must not score an entry.
pub fn conflict_reason(reason: &ConflictReason, lang: Lang) -> String {
    let l: Locale = lang.into();
    match reason {
        ConflictReason::Declared => td_string!(l, rules.assignment.declared).to_string(),
        ConflictReason::SameEmail { member, email } => td_string!(
            l,
            rules.assignment.same_email,
            member = member,
            email = email
        )
        .to_string(),
        ConflictReason::SameOrganisation {
            member,
            organisation,
        } => td_string!(
            l,
            rules.assignment.same_organisation,
            member = member,
            organisation = organisation
        )
        .to_string(),
        ConflictReason::SameEmailDomain { member, domain } => td_string!(
            l,
            rules.assignment.same_email_domain,
            member = member,
            domain = domain
        )
        .to_string(),
    }
}

/// Every reason found for one conflict, in the order found.
pub fn conflict(conflict: &Conflict, lang: Lang) -> String {
    let reasons: Vec<String> = conflict
        .reasons
        .iter()
        .map(|r| conflict_reason(r, lang))
        .collect();
    reasons.join("; ")
}

/// A score sheet's state, as a badge says it.
pub fn sheet_state(state: crate::domain::sheet::SheetState, lang: Lang) -> String {
    use crate::domain::sheet::SheetState;
    let l: Locale = lang.into();
    match state {
        SheetState::Draft => td_string!(l, rules.sheet.draft),
        SheetState::Submitted => td_string!(l, rules.sheet.submitted),
        SheetState::Reopened => td_string!(l, rules.sheet.reopened),
        SheetState::Void => td_string!(l, rules.sheet.void),
    }
    .to_string()
}

/// The columns of a round's assignment download, in the reader's language.
pub fn assignment_header(lang: Lang) -> Vec<String> {
    let l: Locale = lang.into();
    [
        td_string!(l, rules.export.entry_code),
        td_string!(l, rules.export.title),
        td_string!(l, rules.export.category),
        td_string!(l, rules.export.judge),
        td_string!(l, rules.export.judge_email),
        td_string!(l, rules.export.sheet),
    ]
    .into_iter()
    .map(str::to_owned)
    .collect()
}

/// The audit log export's columns.
pub fn audit_header(lang: Lang) -> Vec<String> {
    let l: Locale = lang.into();
    [
        td_string!(l, audit.seq),
        td_string!(l, audit.when),
        td_string!(l, audit.actor),
        td_string!(l, audit.kind),
        td_string!(l, audit.object_kind),
        td_string!(l, audit.object_id),
        td_string!(l, audit.reason),
        td_string!(l, audit.changes),
        td_string!(l, audit.hash),
    ]
    .into_iter()
    .map(str::to_owned)
    .collect()
}

/// The jury export's columns.
pub fn judges_header(lang: Lang) -> Vec<String> {
    let l: Locale = lang.into();
    [
        td_string!(l, judging.export_name),
        td_string!(l, judging.export_email),
        td_string!(l, judging.export_organisation),
        td_string!(l, judging.export_expertise),
        td_string!(l, judging.export_max_load),
        td_string!(l, judging.export_rounds),
        td_string!(l, judging.export_status),
    ]
    .into_iter()
    .map(str::to_owned)
    .collect()
}

/// Whether a judge of the jury export joined or is only invited.
pub fn judges_status(joined: bool, lang: Lang) -> String {
    let l: Locale = lang.into();
    if joined {
        td_string!(l, judging.export_joined).to_string()
    } else {
        td_string!(l, judging.export_invited).to_string()
    }
}
