//! Why a use case did not happen, as data. A service names the reason (`Msg`) and the field it
//! concerns; the edge (`api::errors`) renders it in the user's language. Tests assert the
//! exact reason without parsing text, and programs read the stable `code`.

/// A reason a person can act on. Each has a stable code (`area.reason`) that the JSON API
/// documents, and a text in `app/locales/*.json` under `invalid.*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Email,
    EmailTaken,
    Name,
    PasswordShort,
    PasswordLong,
    PasswordCommon,
    PasswordWeak,
    PasswordPersonal,
    PasswordCurrent,
    ControlCharacters,
    /// A round's rules hold `[committee]` decisions: the committee decides on the results pages.
    RulesCommittee,
    Credentials,
    Token,
    ContestCode,
    ContestCodeTaken,
    ContestName,
    Description,
    TimeZone,
    Role,
    Contest,
    Language,
    InviteEmail {
        email: String,
    },
    CategoryCode,
    CategoryCodeTaken,
    CategoryName,
    /// Categories named that the contest does not have.
    UnknownCategories {
        codes: String,
    },
    /// A sub-committee invitation needs at least one category; other roles take none.
    CategoriesForRole,
    Date,
    /// A date and time that could not be read (`YYYY-MM-DDTHH:MM`).
    DateTime,
    /// Submissions must open before they close, and both be set or neither.
    WindowOrder,
    /// Registration opening at or after submissions open (or without them).
    RegistrationOrder,
    /// The publication date at or before the deadline.
    ResultsOrder,
    /// A round's judging closing at or before it opens, or only one end given.
    JudgingOrder,
    /// Submitting before submissions open (registration is open: drafts only).
    SubmissionsNotYet {
        opens: crate::format::Zoned,
        time_zone: String,
    },
    /// A question's key that is not `[a-z][a-z0-9_]*`.
    FieldKey,
    /// A question's key used twice, or one the core form uses.
    FieldKeyTaken,
    /// A question without a label in either language.
    FieldLabel,
    /// A question kind not known.
    FieldKind,
    /// A choice question without choices (or with too many).
    FieldOptions {
        max: usize,
    },
    /// More questions than a contest may have.
    TooManyFields {
        max: usize,
    },
    /// A long answer over its word limit.
    TooManyWords {
        max: u32,
        found: usize,
    },
    /// A number outside the question's bounds (either may be absent).
    OutOfRange {
        min: String,
        max: String,
    },
    /// An answer that is not one of the question's choices.
    NotAnOption,
    /// An answer that is not a web address.
    Url,
    /// A file question's key unknown to the contest.
    FileField,
    /// A rubric level not written as `16-20: text | text`.
    LevelLine,
    /// Longer than `max` characters.
    TooLong {
        max: usize,
    },
    /// Empty, and needed before the entry can be submitted.
    Required,
    Stage,
    /// The person already leads `max` entries in this contest.
    EntriesPerPerson {
        max: u64,
    },
    /// The committee has not opened submissions yet.
    WindowNotSet,
    WindowNotYet {
        opens: crate::format::Zoned,
        time_zone: String,
    },
    /// The deadline has passed: the entry can be read, not changed.
    DeadlinePassed {
        deadline: crate::format::Zoned,
        time_zone: String,
    },
    /// A withdrawn entry is read-only.
    EntryWithdrawn,
    /// Saved from another tab or by a teammate since this form was loaded.
    ChangedElsewhere,
    /// What the other save left in this field.
    SavedElsewhere {
        value: String,
    },
    RoundName,
    /// A contest file (TOML) that could not be read.
    ContestFile {
        detail: String,
    },
    /// Not a template or a contest that may be copied.
    Template,
    /// Something only an administrator can own, and there is none yet.
    NoAdministrator,
    /// A reason is needed (1 to REASON_MAX characters).
    Reason,
    /// The rules are locked since submissions opened.
    RulesLocked {
        since: crate::format::Zoned,
        time_zone: String,
    },
    /// Only locked rules can be unlocked.
    RulesNotLocked,
    /// An API token's name: 1 to `API_TOKEN_LABEL_MAX` characters on one line.
    TokenLabel,
    /// The contest holds as many live API tokens as it may.
    TooManyTokens {
        max: u64,
    },
    /// A bearer token that is missing, unknown or revoked (the JSON API).
    ApiToken,
    /// A page cursor the JSON API did not make, or a page size out of range.
    Cursor,
    /// Only unlocked rules can be locked again.
    RulesNotUnlocked,
    /// A team member row with details but no name.
    MemberName,
    /// More team members than an entry may list.
    TooManyMembers {
        max: usize,
    },
    /// Not a list of known file kinds (`unknown` is the first code not known, empty when the
    /// list is empty).
    AttachmentTypes {
        unknown: String,
    },
    /// An attachment limit outside 1 to `max` megabytes.
    AttachmentMaxMb {
        max: i32,
    },
    /// An upload without a file, or an empty one.
    AttachmentMissing,
    /// A file larger than the contest accepts.
    AttachmentTooLarge {
        max_mb: i32,
    },
    /// A file whose content is not one of the kinds the contest accepts.
    AttachmentKind {
        allowed: String,
    },
    /// The entry already carries as many files as it may.
    AttachmentsFull {
        max: usize,
    },
    /// A whole number outside `min..=max`.
    NumberRange {
        min: u32,
        max: u32,
    },
    /// A lower bound above its upper bound.
    RangeOrder,
    /// Not a decision the committee can make on an entry.
    Decision,
    /// A category still used: by entries, or by sub-committee members and invitations.
    CategoryInUse {
        entries: u64,
        people: u64,
    },
    /// Not a number (`12`, `0.5`).
    Number,
    /// A column an import does not know.
    ImportColumn,
    /// A column an import needs.
    ImportMissingColumn,
    /// More lines than one import takes.
    ImportTooManyRows {
        max: usize,
    },
    /// The engine refused a round's rules (the error says where and why).
    Rules {
        error: crate::domain::DomainError,
    },
    /// Not one of the contest's judges.
    NotAJudge,
    /// A judge the committee has not chosen for the round.
    JudgeNotInRound,
    /// An entry that is not judged in the round.
    EntryNotInRound,
    /// The judge is in conflict with the entry (declared, recorded or detected).
    AssignmentConflict,
    /// The judge already has their maximum load in the round.
    JudgeAtMaxLoad {
        max: u32,
    },
    /// The entry already has its `k` judges.
    EntryFull {
        k: u32,
    },
    /// The judge already scores the entry in the round.
    AlreadyAssigned,
    /// The judge does not score the entry in the round.
    NotAssigned,
    /// The judge's sheet for the entry is started: the assignment stays.
    SheetStarted,
    /// The round's entries, judges, conflicts or assignments changed since the preview.
    PlanChanged,
    /// No judge is chosen for the round.
    NoRoundJudges,
    /// The round's rules do not say how many judges score each entry.
    NoJudgesPerEntry,
    /// Not something the committee can do to a conflict (add or lift).
    ConflictAction,
    /// Already a judge of the contest, invited, or listed twice in one file.
    JudgeListed,
    /// A score the rubric refuses, or a required one missing at submission (the engine's
    /// words, naming the criterion and the allowed values).
    Score {
        error: Box<crate::domain::DomainError>,
        /// The criterion's name, which the message uses instead of its key.
        name: crate::domain::localized::Localized,
    },
    /// The sheet is submitted: only the committee can reopen it.
    SheetLocked,
    /// The sheet was voided by a conflict of interest.
    SheetVoid,
    /// The round does not take scores yet.
    JudgingNotOpen {
        opens: crate::format::Zoned,
        time_zone: String,
    },
    /// The round no longer takes scores.
    JudgingClosed {
        closed: crate::format::Zoned,
        time_zone: String,
    },
    /// The sheet was saved from another tab after this one loaded it.
    SheetChangedElsewhere,
    /// The round is finalised: its sheets and assignment are frozen until it is reopened.
    RoundFinalised,
    /// The round's results changed since the committee read the digest it finalises.
    ResultsChanged,
    /// Decisions still wait for the committee (open flags, ties at the cutoff or a prize
    /// boundary) before the round can be finalised.
    ResultsPending {
        count: usize,
    },
    /// Only a finalised round can be reopened.
    RoundNotFinalised,
    /// Only a finalised round's results can be published.
    PublishNotFinalised,
    /// The round's results are not published: nothing to take back.
    NotPublished,
    /// The next round already has sheets: reopening would take entries out of it.
    NextRoundStarted,
    /// A final round advances no one: there is no advancing list to change.
    FinalRoundAdvances,
    /// The advancement choice is none of add, remove, or by the rules.
    AdvanceChoice,
    /// The prize choice is none of a prize's number, `none` or `withdraw`.
    PrizeChoice,
    /// The engine refuses a committee decision, in its words.
    CommitteeDecision {
        error: Box<crate::domain::DomainError>,
    },
    /// Only a submitted sheet can be reopened.
    SheetNotSubmitted,
    /// Reminders for the round went out a moment ago.
    RemindedRecently {
        at: crate::format::Zoned,
        minutes: i64,
    },
    /// Every judge of the round has submitted every sheet.
    NobodyToRemind,
    /// The entry is not flagged (anymore): nothing to resolve.
    NotFlagged,
}

impl Msg {
    pub fn code(&self) -> &'static str {
        match self {
            Msg::Email => "account.email_invalid",
            Msg::EmailTaken => "account.email_taken",
            Msg::Name => "account.name_invalid",
            Msg::PasswordShort => "password.too_short",
            Msg::PasswordLong => "password.too_long",
            Msg::PasswordCommon => "password.common",
            Msg::PasswordWeak => "password.weak",
            Msg::PasswordPersonal => "password.personal",
            Msg::PasswordCurrent => "password.current_wrong",
            Msg::ControlCharacters => "form.control_characters",
            Msg::RulesCommittee => "round.rules_committee",
            Msg::Credentials => "auth.credentials",
            Msg::Token => "link.invalid",
            Msg::ContestCode => "contest.code_invalid",
            Msg::ContestCodeTaken => "contest.code_taken",
            Msg::ContestName => "contest.name_invalid",
            Msg::Description => "contest.description_too_long",
            Msg::TimeZone => "contest.time_zone_invalid",
            Msg::Role => "invitation.role_invalid",
            Msg::Contest => "invitation.contest_invalid",
            Msg::Language => "account.language_invalid",
            Msg::InviteEmail { .. } => "invitation.other_email",
            Msg::CategoryCode => "category.code_invalid",
            Msg::CategoryCodeTaken => "category.code_taken",
            Msg::CategoryName => "category.name_invalid",
            Msg::UnknownCategories { .. } => "category.unknown",
            Msg::CategoriesForRole => "invitation.categories_for_role",
            Msg::Date => "form.date_invalid",
            Msg::DateTime => "form.date_time_invalid",
            Msg::WindowOrder => "contest.window_order",
            Msg::RegistrationOrder => "contest.registration_order",
            Msg::ResultsOrder => "contest.results_order",
            Msg::JudgingOrder => "round.judging_order",
            Msg::SubmissionsNotYet { .. } => "entry.submissions_not_yet",
            Msg::FieldKey => "form_field.key_invalid",
            Msg::FieldKeyTaken => "form_field.key_taken",
            Msg::FieldLabel => "form_field.label_missing",
            Msg::FieldKind => "form_field.kind_invalid",
            Msg::FieldOptions { .. } => "form_field.options_invalid",
            Msg::TooManyFields { .. } => "form_field.too_many",
            Msg::TooManyWords { .. } => "answer.too_many_words",
            Msg::OutOfRange { .. } => "answer.out_of_range",
            Msg::NotAnOption => "answer.not_an_option",
            Msg::Url => "answer.url_invalid",
            Msg::FileField => "attachment.field_unknown",
            Msg::LevelLine => "round.level_invalid",
            Msg::TooLong { .. } => "form.too_long",
            Msg::Required => "entry.required",
            Msg::Stage => "entry.stage_invalid",
            Msg::EntriesPerPerson { .. } => "entry.too_many",
            Msg::WindowNotSet => "entry.window_not_set",
            Msg::WindowNotYet { .. } => "entry.window_not_yet",
            Msg::DeadlinePassed { .. } => "entry.deadline_passed",
            Msg::EntryWithdrawn => "entry.withdrawn",
            Msg::ChangedElsewhere => "entry.changed_elsewhere",
            Msg::SavedElsewhere { .. } => "entry.saved_elsewhere",
            Msg::RoundName => "round.name_invalid",
            Msg::ContestFile { .. } => "contest.file_invalid",
            Msg::Template => "contest.template_invalid",
            Msg::NoAdministrator => "account.no_administrator",
            Msg::Reason => "form.reason_needed",
            Msg::RulesLocked { .. } => "rules.locked",
            Msg::RulesNotLocked => "rules.not_locked",
            Msg::RulesNotUnlocked => "rules.not_unlocked",
            Msg::MemberName => "entry.member_name",
            Msg::TooManyMembers { .. } => "entry.too_many_members",
            Msg::AttachmentTypes { .. } => "contest.attachment_types_invalid",
            Msg::AttachmentMaxMb { .. } => "contest.attachment_max_invalid",
            Msg::AttachmentMissing => "attachment.missing",
            Msg::AttachmentTooLarge { .. } => "attachment.too_large",
            Msg::AttachmentKind { .. } => "attachment.kind_refused",
            Msg::AttachmentsFull { .. } => "attachment.too_many",
            Msg::NumberRange { .. } => "form.number_range",
            Msg::RangeOrder => "form.range_order",
            Msg::Decision => "entry.decision_invalid",
            Msg::CategoryInUse { .. } => "category.in_use",
            Msg::Number => "form.number_invalid",
            Msg::ImportColumn => "import.column_unknown",
            Msg::ImportMissingColumn => "import.column_missing",
            Msg::ImportTooManyRows { .. } => "import.too_many_rows",
            Msg::Rules { .. } => "round.rules_invalid",
            Msg::NotAJudge => "judge.unknown",
            Msg::JudgeNotInRound => "assignment.judge_not_in_round",
            Msg::EntryNotInRound => "assignment.entry_not_in_round",
            Msg::AssignmentConflict => "assignment.conflict",
            Msg::JudgeAtMaxLoad { .. } => "assignment.max_load",
            Msg::EntryFull { .. } => "assignment.entry_full",
            Msg::AlreadyAssigned => "assignment.duplicate",
            Msg::NotAssigned => "assignment.missing",
            Msg::SheetStarted => "assignment.sheet_started",
            Msg::PlanChanged => "assignment.plan_changed",
            Msg::RoundFinalised => "results.round_finalised",
            Msg::ResultsChanged => "results.changed",
            Msg::ResultsPending { .. } => "results.pending",
            Msg::RoundNotFinalised => "results.not_finalised",
            Msg::PublishNotFinalised => "results.publish_not_finalised",
            Msg::NotPublished => "results.not_published",
            Msg::NextRoundStarted => "results.next_round_started",
            Msg::FinalRoundAdvances => "results.final_round",
            Msg::AdvanceChoice => "results.advance_choice",
            Msg::PrizeChoice => "results.prize_choice",
            Msg::CommitteeDecision { .. } => "results.decision",
            Msg::NoRoundJudges => "assignment.no_judges",
            Msg::NoJudgesPerEntry => "assignment.no_judges_per_entry",
            Msg::ConflictAction => "conflict.action_invalid",
            Msg::JudgeListed => "judge.listed",
            Msg::Score { .. } => "sheet.score_invalid",
            Msg::SheetLocked => "sheet.locked",
            Msg::SheetVoid => "sheet.void",
            Msg::JudgingNotOpen { .. } => "sheet.not_open",
            Msg::JudgingClosed { .. } => "sheet.closed",
            Msg::SheetChangedElsewhere => "sheet.changed_elsewhere",
            Msg::SheetNotSubmitted => "sheet.not_submitted",
            Msg::RemindedRecently { .. } => "judging.reminded_recently",
            Msg::NobodyToRemind => "judging.nobody_to_remind",
            Msg::NotFlagged => "discrepancy.not_flagged",
            Msg::TokenLabel => "api_token.label_invalid",
            Msg::TooManyTokens { .. } => "api_token.too_many",
            Msg::ApiToken => "api.token_invalid",
            Msg::Cursor => "api.cursor_invalid",
        }
    }
}

/// One thing wrong with the input: the reason, and the field's path (`name`, `members[2].email`)
/// when it belongs to one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: Option<String>,
    pub msg: Msg,
}

impl Problem {
    /// A problem with the whole request, not one field.
    pub fn general(msg: Msg) -> Self {
        Problem { path: None, msg }
    }

    pub fn at(path: impl Into<String>, msg: Msg) -> Self {
        Problem {
            path: Some(path.into()),
            msg,
        }
    }
}

/// Why a use case did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Every problem found in the input, not only the first.
    #[error("invalid: {0:?}")]
    Invalid(Vec<Problem>),
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("rate limited")]
    RateLimited,
    /// Changed by someone else since it was read: the first problem says so, the others
    /// name each field that differs and what it now holds.
    #[error("conflict: {0:?}")]
    Conflict(Vec<Problem>),
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("internal: {0}")]
    Internal(String),
}

impl ServiceError {
    /// One problem with one field.
    pub fn invalid(field: impl Into<String>, msg: Msg) -> Self {
        ServiceError::Invalid(vec![Problem::at(field, msg)])
    }

    /// One problem with the input as a whole.
    pub fn refused(msg: Msg) -> Self {
        ServiceError::Invalid(vec![Problem { path: None, msg }])
    }

    /// The first problem, for callers and tests that look at one.
    pub fn first_problem(&self) -> Option<(Option<&str>, &Msg)> {
        match self {
            ServiceError::Invalid(problems) => {
                problems.first().map(|p| (p.path.as_deref(), &p.msg))
            }
            _ => None,
        }
    }

    /// The stable code of the error (the first problem's, for invalid input).
    pub fn code(&self) -> &'static str {
        match self {
            ServiceError::Invalid(problems) => {
                problems.first().map_or("form.invalid", |p| p.msg.code())
            }
            ServiceError::Conflict(problems) => problems
                .first()
                .map_or("entry.changed_elsewhere", |p| p.msg.code()),
            ServiceError::Unauthenticated => "auth.sign_in_needed",
            ServiceError::Forbidden => "auth.forbidden",
            ServiceError::NotFound => "not_found",
            ServiceError::RateLimited => "auth.rate_limited",
            ServiceError::Db(_) | ServiceError::Internal(_) => "server.error",
        }
    }
}

impl From<Problem> for ServiceError {
    fn from(p: Problem) -> Self {
        ServiceError::Invalid(vec![p])
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;

/// Checks several fields and reports every problem at once: `(a, b, c).all()?` gives the
/// three values, or one `Invalid` error listing what was wrong with each.
pub trait AllValid {
    type Output;
    fn all(self) -> Result<Self::Output, ServiceError>;
}

macro_rules! all_valid {
    ($($name:ident),+) => {
        impl<$($name),+> AllValid for ($(Result<$name, Problem>,)+) {
            type Output = ($($name,)+);
            #[allow(non_snake_case)]
            fn all(self) -> Result<Self::Output, ServiceError> {
                let ($($name,)+) = self;
                match ($($name,)+) {
                    ($(Ok($name),)+) => Ok(($($name,)+)),
                    ($($name,)+) => {
                        let mut problems = Vec::new();
                        $(if let Err(p) = $name { problems.push(p); })+
                        Err(ServiceError::Invalid(problems))
                    }
                }
            }
        }
    };
}

all_valid!(A, B);
all_valid!(A, B, C);
all_valid!(A, B, C, D);
all_valid!(A, B, C, D, E);
all_valid!(A, B, C, D, E, F);
all_valid!(A, B, C, D, E, F, G);
all_valid!(A, B, C, D, E, F, G, H);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_reports_every_invalid_field_in_order() {
        let checked = (
            Err::<u8, _>(Problem::at("code", Msg::ContestCode)),
            Ok::<_, Problem>("fine"),
            Err::<u8, _>(Problem::at("members[2].email", Msg::Email)),
        )
            .all();
        match checked {
            Err(ServiceError::Invalid(problems)) => assert_eq!(
                problems,
                vec![
                    Problem::at("code", Msg::ContestCode),
                    Problem::at("members[2].email", Msg::Email)
                ]
            ),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            (Ok::<_, Problem>(1), Ok::<_, Problem>(2)).all().unwrap(),
            (1, 2)
        );
    }
}
