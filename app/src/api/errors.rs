//! The edge between services and the wire: a `ServiceError` becomes an `AppError` in the
//! user's language through `From`, so server functions write `?`. Infrastructure causes are
//! logged here, with context, and never sent. The HTTP status follows from the error's kind
//! (`AppError::status`), applied to every server function's answer by one layer
//! (`server::routes::forms::error_status`).

use crate::domain::Lang;
use crate::error::{AppError, ErrorKind, FieldError};
use crate::i18n::{Locale, td_string};
use crate::ssr::messages::{Msg, Problem, ServiceError};

/// The text of a reason, in `lang`.
pub fn text(msg: &Msg, lang: Lang) -> String {
    let l: Locale = lang.into();
    match msg {
        Msg::Email => td_string!(l, invalid.email).to_string(),
        Msg::EmailTaken => td_string!(l, invalid.email_taken).to_string(),
        Msg::Name => td_string!(l, invalid.name).to_string(),
        Msg::PasswordShort => td_string!(l, invalid.password_short).to_string(),
        Msg::PasswordLong => td_string!(l, invalid.password_long).to_string(),
        Msg::PasswordCommon => td_string!(l, invalid.password_common).to_string(),
        Msg::PasswordWeak => td_string!(l, invalid.password_weak).to_string(),
        Msg::PasswordPersonal => td_string!(l, invalid.password_personal).to_string(),
        Msg::PasswordCurrent => td_string!(l, invalid.password_current).to_string(),
        Msg::ControlCharacters => td_string!(l, invalid.control_characters).to_string(),
        Msg::RulesCommittee => td_string!(l, invalid.rules_committee).to_string(),
        Msg::Credentials => td_string!(l, invalid.credentials).to_string(),
        Msg::Token => td_string!(l, invalid.token).to_string(),
        Msg::ContestCode => td_string!(l, invalid.contest_code).to_string(),
        Msg::ContestCodeTaken => td_string!(l, invalid.contest_code_taken).to_string(),
        Msg::ContestName => td_string!(l, invalid.contest_name).to_string(),
        Msg::Description => td_string!(l, invalid.description).to_string(),
        Msg::TimeZone => td_string!(l, invalid.time_zone).to_string(),
        Msg::Role => td_string!(l, invalid.role).to_string(),
        Msg::Contest => td_string!(l, invalid.contest).to_string(),
        Msg::Language => td_string!(l, invalid.language).to_string(),
        Msg::InviteEmail { email } => {
            td_string!(l, invalid.invite_email, email = email.as_str()).to_string()
        }
        Msg::CategoryCode => td_string!(l, invalid.category_code).to_string(),
        Msg::CategoryCodeTaken => td_string!(l, invalid.category_code_taken).to_string(),
        Msg::CategoryName => td_string!(l, invalid.category_name).to_string(),
        Msg::UnknownCategories { codes } => {
            td_string!(l, invalid.unknown_categories, codes = codes.as_str()).to_string()
        }
        Msg::CategoriesForRole => td_string!(l, invalid.categories_for_role).to_string(),
        Msg::Date => td_string!(l, invalid.date).to_string(),
        Msg::DateTime => td_string!(l, invalid.date_time).to_string(),
        Msg::WindowOrder => td_string!(l, invalid.window_order).to_string(),
        Msg::RegistrationOrder => td_string!(l, invalid.registration_order).to_string(),
        Msg::ResultsOrder => td_string!(l, invalid.results_order).to_string(),
        Msg::JudgingOrder => td_string!(l, invalid.judging_order).to_string(),
        Msg::SubmissionsNotYet { opens, time_zone } => {
            let opens = crate::format::date_time(*opens, lang);
            td_string!(
                l,
                invalid.submissions_not_yet,
                opens = opens,
                time_zone = time_zone.as_str()
            )
            .to_string()
        }
        Msg::FieldKey => td_string!(l, invalid.field_key).to_string(),
        Msg::FieldKeyTaken => td_string!(l, invalid.field_key_taken).to_string(),
        Msg::FieldLabel => td_string!(l, invalid.field_label).to_string(),
        Msg::FieldKind => td_string!(l, invalid.field_kind).to_string(),
        Msg::FieldOptions { max } => td_string!(l, invalid.field_options, max = *max).to_string(),
        Msg::TooManyFields { max } => {
            td_string!(l, invalid.too_many_fields, max = *max).to_string()
        }
        Msg::TooManyWords { max, found } => {
            td_string!(l, invalid.too_many_words, max = *max, found = *found).to_string()
        }
        Msg::OutOfRange { min, max } => match (min.is_empty(), max.is_empty()) {
            (false, false) => {
                td_string!(l, invalid.between, min = min.as_str(), max = max.as_str()).to_string()
            }
            (false, true) => td_string!(l, invalid.at_least, min = min.as_str()).to_string(),
            _ => td_string!(l, invalid.at_most, max = max.as_str()).to_string(),
        },
        Msg::NotAnOption => td_string!(l, invalid.not_an_option).to_string(),
        Msg::Url => td_string!(l, invalid.url).to_string(),
        Msg::FileField => td_string!(l, invalid.file_field).to_string(),
        Msg::LevelLine => td_string!(l, invalid.level_line).to_string(),
        Msg::TooLong { max } => td_string!(l, invalid.too_long, max = *max).to_string(),
        Msg::Required => td_string!(l, invalid.required).to_string(),
        Msg::Stage => td_string!(l, invalid.stage).to_string(),
        Msg::EntriesPerPerson { max } => {
            td_string!(l, invalid.entries_per_person, max = *max).to_string()
        }
        Msg::WindowNotSet => td_string!(l, invalid.window_not_set).to_string(),
        Msg::WindowNotYet { opens, time_zone } => {
            let opens = crate::format::date_time(*opens, lang);
            td_string!(
                l,
                invalid.window_not_yet,
                opens = opens,
                time_zone = time_zone.as_str()
            )
            .to_string()
        }
        Msg::DeadlinePassed {
            deadline,
            time_zone,
        } => {
            let deadline = crate::format::date_time(*deadline, lang);
            td_string!(
                l,
                invalid.deadline_passed,
                deadline = deadline,
                time_zone = time_zone.as_str()
            )
            .to_string()
        }
        Msg::EntryWithdrawn => td_string!(l, invalid.entry_withdrawn).to_string(),
        Msg::ChangedElsewhere => td_string!(l, invalid.changed_elsewhere).to_string(),
        Msg::SavedElsewhere { value } => {
            td_string!(l, invalid.saved_elsewhere, value = value.as_str()).to_string()
        }
        Msg::RoundName => td_string!(l, invalid.round_name).to_string(),
        Msg::ContestFile { detail } => {
            td_string!(l, invalid.contest_file, detail = detail.as_str()).to_string()
        }
        Msg::Template => td_string!(l, invalid.template).to_string(),
        Msg::NoAdministrator => td_string!(l, invalid.no_administrator).to_string(),
        Msg::Reason => td_string!(l, invalid.reason).to_string(),
        Msg::RulesLocked { since, time_zone } => {
            let since = crate::format::date_time(*since, lang);
            td_string!(
                l,
                invalid.rules_locked,
                since = since,
                time_zone = time_zone.as_str()
            )
            .to_string()
        }
        Msg::RulesNotLocked => td_string!(l, invalid.rules_not_locked).to_string(),
        Msg::RulesNotUnlocked => td_string!(l, invalid.rules_not_unlocked).to_string(),
        Msg::MemberName => td_string!(l, invalid.member_name).to_string(),
        Msg::TooManyMembers { max } => {
            td_string!(l, invalid.too_many_members, max = *max).to_string()
        }
        Msg::AttachmentTypes { unknown } => {
            let known = crate::model::AttachmentKind::list_text(&crate::model::AttachmentKind::ALL);
            td_string!(
                l,
                invalid.attachment_types,
                unknown = unknown.as_str(),
                known = known
            )
            .to_string()
        }
        Msg::AttachmentMaxMb { max } => {
            td_string!(l, invalid.attachment_max_mb, max = *max).to_string()
        }
        Msg::AttachmentMissing => td_string!(l, invalid.attachment_missing).to_string(),
        Msg::AttachmentTooLarge { max_mb } => {
            td_string!(l, invalid.attachment_too_large, max = *max_mb).to_string()
        }
        Msg::AttachmentKind { allowed } => {
            td_string!(l, invalid.attachment_kind, allowed = allowed.as_str()).to_string()
        }
        Msg::AttachmentsFull { max } => {
            td_string!(l, invalid.attachments_full, max = *max).to_string()
        }
        Msg::NumberRange { min, max } => {
            td_string!(l, invalid.number_range, min = *min, max = *max).to_string()
        }
        Msg::RangeOrder => td_string!(l, invalid.range_order).to_string(),
        Msg::Decision => td_string!(l, invalid.decision).to_string(),
        Msg::CategoryInUse { entries, people } => td_string!(
            l,
            invalid.category_in_use,
            entries = *entries,
            people = *people
        )
        .to_string(),
        Msg::Number => td_string!(l, invalid.number).to_string(),
        Msg::ImportColumn => {
            let known = crate::ssr::services::entry_import::COLUMNS.join(", ");
            td_string!(l, invalid.import_column, known = known).to_string()
        }
        Msg::ImportMissingColumn => td_string!(l, invalid.import_missing_column).to_string(),
        Msg::ImportTooManyRows { max } => {
            td_string!(l, invalid.import_too_many_rows, max = *max).to_string()
        }
        Msg::Rules { error } => crate::words::domain_error(error, lang),
        Msg::NotAJudge => td_string!(l, invalid.not_a_judge).to_string(),
        Msg::JudgeNotInRound => td_string!(l, invalid.judge_not_in_round).to_string(),
        Msg::EntryNotInRound => td_string!(l, invalid.entry_not_in_round).to_string(),
        Msg::AssignmentConflict => td_string!(l, invalid.assignment_conflict).to_string(),
        Msg::JudgeAtMaxLoad { max } => {
            td_string!(l, invalid.judge_at_max_load, max = *max).to_string()
        }
        Msg::EntryFull { k } => td_string!(l, invalid.entry_full, k = *k).to_string(),
        Msg::AlreadyAssigned => td_string!(l, invalid.already_assigned).to_string(),
        Msg::NotAssigned => td_string!(l, invalid.not_assigned).to_string(),
        Msg::SheetStarted => td_string!(l, invalid.sheet_started).to_string(),
        Msg::PlanChanged => td_string!(l, invalid.plan_changed).to_string(),
        Msg::RoundFinalised => td_string!(l, invalid.round_finalised).to_string(),
        Msg::ResultsChanged => td_string!(l, invalid.results_changed).to_string(),
        Msg::ResultsPending { count } => {
            td_string!(l, invalid.results_pending, count = *count).to_string()
        }
        Msg::RoundNotFinalised => td_string!(l, invalid.round_not_finalised).to_string(),
        Msg::PublishNotFinalised => td_string!(l, invalid.publish_not_finalised).to_string(),
        Msg::NotPublished => td_string!(l, invalid.not_published).to_string(),
        Msg::NextRoundStarted => td_string!(l, invalid.next_round_started).to_string(),
        Msg::FinalRoundAdvances => td_string!(l, invalid.final_round_advances).to_string(),
        Msg::AdvanceChoice => td_string!(l, invalid.advance_choice).to_string(),
        Msg::PrizeChoice => td_string!(l, invalid.prize_choice).to_string(),
        Msg::CommitteeDecision { error } => crate::words::domain_error(error, lang),
        Msg::NoRoundJudges => td_string!(l, invalid.no_round_judges).to_string(),
        Msg::NoJudgesPerEntry => td_string!(l, invalid.no_judges_per_entry).to_string(),
        Msg::ConflictAction => td_string!(l, invalid.conflict_action).to_string(),
        Msg::JudgeListed => td_string!(l, invalid.judge_listed).to_string(),
        Msg::Score { error, name } => crate::words::score_error(error, name, lang),
        Msg::SheetLocked => td_string!(l, invalid.sheet_locked).to_string(),
        Msg::SheetVoid => td_string!(l, invalid.sheet_void).to_string(),
        Msg::JudgingNotOpen { opens, time_zone } => {
            let opens = crate::format::date_time(*opens, lang);
            td_string!(
                l,
                invalid.judging_not_open,
                opens = opens,
                time_zone = time_zone.clone()
            )
            .to_string()
        }
        Msg::JudgingClosed { closed, time_zone } => {
            let closed = crate::format::date_time(*closed, lang);
            td_string!(
                l,
                invalid.judging_closed,
                closed = closed,
                time_zone = time_zone.clone()
            )
            .to_string()
        }
        Msg::SheetChangedElsewhere => td_string!(l, invalid.sheet_changed_elsewhere).to_string(),
        Msg::SheetNotSubmitted => td_string!(l, invalid.sheet_not_submitted).to_string(),
        Msg::RemindedRecently { at, minutes } => {
            let at = crate::format::date_time(*at, lang);
            td_string!(l, invalid.reminded_recently, at = at, minutes = *minutes).to_string()
        }
        Msg::NobodyToRemind => td_string!(l, invalid.nobody_to_remind).to_string(),
        Msg::NotFlagged => td_string!(l, invalid.not_flagged).to_string(),
        Msg::TokenLabel => td_string!(l, invalid.token_label).to_string(),
        Msg::TooManyTokens { max } => {
            td_string!(l, invalid.too_many_tokens, max = *max).to_string()
        }
        Msg::ApiToken => td_string!(l, invalid.api_token).to_string(),
        Msg::Cursor => td_string!(l, invalid.cursor).to_string(),
    }
}

/// An error that names fields: the first problem is the message, each one with a field is
/// listed under it.
fn with_fields(kind: ErrorKind, code: &str, problems: &[Problem], lang: Lang) -> AppError {
    let fields: Vec<FieldError> = problems
        .iter()
        .filter_map(|p| {
            p.path.as_ref().map(|path| FieldError {
                path: path.clone(),
                code: p.msg.code().to_owned(),
                message: text(&p.msg, lang),
            })
        })
        .collect();
    let message = problems.first().map_or_else(
        || td_string!(Locale::from(lang), invalid.form_incomplete).to_string(),
        |p| text(&p.msg, lang),
    );
    AppError {
        kind,
        code: code.to_owned(),
        message,
        fields,
    }
}

/// The wire form of `e` in `lang`.
pub fn render(e: ServiceError, lang: Lang) -> AppError {
    let l: Locale = lang.into();
    let code = e.code();
    match e {
        ServiceError::Invalid(problems) => with_fields(ErrorKind::Invalid, code, &problems, lang),
        ServiceError::Conflict(problems) => with_fields(ErrorKind::Conflict, code, &problems, lang),
        ServiceError::Unauthenticated => AppError::new(
            ErrorKind::Unauthenticated,
            code,
            td_string!(l, invalid.sign_in_needed),
        ),
        ServiceError::Forbidden => {
            AppError::new(ErrorKind::Forbidden, code, td_string!(l, invalid.forbidden))
        }
        ServiceError::NotFound => {
            AppError::new(ErrorKind::NotFound, code, td_string!(l, invalid.not_found))
        }
        ServiceError::RateLimited => AppError::new(
            ErrorKind::RateLimited,
            code,
            td_string!(l, invalid.rate_limited),
        ),
        ServiceError::Db(e) => {
            tracing::error!(error = %e, "database error");
            AppError::new(ErrorKind::Server, code, td_string!(l, invalid.server))
        }
        ServiceError::Internal(e) => {
            tracing::error!(error = %e, "internal error");
            AppError::new(ErrorKind::Server, code, td_string!(l, invalid.server))
        }
    }
}

/// In a server function or page: rendered in the request's language.
impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        render(e, crate::ssr::lang::current())
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        ServiceError::Db(e).into()
    }
}
