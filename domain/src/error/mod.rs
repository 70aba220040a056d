//! The one error of the domain. Each variant carries the data a person needs to fix the input:
//! which rule, which criterion, line or setting, which figures. The domain holds no words; the
//! app says each variant in Vietnamese or English (`app::words::domain_error`).

use std::fmt;

use rust_decimal::Decimal;

use crate::rubric::Allowed;
use crate::sheet::SheetState;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainError {
    // §1 rubric
    RubricEmpty,
    RubricTooLarge {
        limit: usize,
    },
    CriterionKeyInvalid {
        key: String,
    },
    CriterionKeyDuplicate {
        key: String,
    },
    CriterionPointsTooLarge {
        key: String,
        limit: Decimal,
    },
    CriterionRangeEmpty {
        key: String,
        min: Decimal,
        max: Decimal,
    },
    CriterionStepNotPositive {
        key: String,
        step: Decimal,
    },
    CriterionStepDoesNotDivide {
        key: String,
        step: Decimal,
        min: Decimal,
        max: Decimal,
    },
    CriterionWeightInvalid {
        key: String,
        weight: Decimal,
    },
    /// A level outside the criterion's range, upside down, or overlapping another.
    CriterionLevelInvalid {
        key: String,
        min: Decimal,
        max: Decimal,
    },
    // §2 scores and sheets
    ScoreOutOfRange {
        criterion: String,
        score: Decimal,
        allowed: Allowed,
    },
    ScoreOffStep {
        criterion: String,
        score: Decimal,
        allowed: Allowed,
    },
    ScoreNotANumber {
        criterion: String,
        text: String,
    },
    /// A number with more digits than can be kept exactly (SCORING.md §3).
    ScoreTooManyDigits {
        criterion: String,
        text: String,
    },
    UnknownCriterion {
        key: String,
    },
    SheetLocked {
        judge: String,
        entry: String,
        state: SheetState,
        action: SheetAction,
    },
    SheetRubricMismatch {
        judge: String,
        entry: String,
    },
    RequiredCriterionMissing {
        criterion: String,
        judge: String,
        entry: String,
    },
    ReasonRequired {
        entry: String,
    },
    // round settings
    Setting {
        setting: String,
        rule: SettingRule,
    },
    // a round's entries, sheets and committee decisions
    EntryCodeMissing,
    DuplicateEntry {
        code: String,
    },
    UnknownEntry {
        code: String,
    },
    DuplicateSheet {
        judge: String,
        entry: String,
    },
    Decision {
        entry: String,
        problem: DecisionProblem,
    },
    // offline files
    InFile {
        file: String,
        line: Option<u64>,
        error: Box<DomainError>,
    },
    EmptyFile,
    MissingColumn {
        column: String,
    },
    UnknownColumn {
        column: String,
    },
    DuplicateColumn {
        column: String,
    },
    WrongDelimiter {
        found: char,
    },
    FieldCount {
        expected: usize,
        found: usize,
    },
    FieldMissing {
        column: String,
    },
    InvalidCsv {
        detail: String,
    },
    /// A TOML mistake: the parser's own words (English) in `detail`, and what is wrong as data,
    /// so that every language can say it (the line is given by the enclosing `InFile`).
    InvalidToml {
        detail: String,
        column: Option<u64>,
        problem: TomlProblem,
    },
    /// The file is not UTF-8: UTF-16 (as some programs save "Unicode text"), or another
    /// encoding such as Windows-1258 (the enclosing `InFile` gives the first line concerned).
    NotUtf8 {
        utf16: bool,
    },
    /// A quote opened on the reported line and never closed.
    UnclosedQuote,
    /// A quote opened on the reported line runs on to `end_line` where it may not: outside a
    /// free-text column, or over lines that look like rows.
    QuoteSpansRows {
        end_line: u64,
    },
    /// A sheets file with a header and no score rows.
    NoScoreRows,
    /// An entries file with a header and no entries.
    NoEntryRows,
    DuplicateRow {
        first_line: u64,
    },
    BadTimestamp {
        text: String,
    },
    BadYesNo {
        column: String,
        text: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetAction {
    Edit,
    Submit,
    Reopen,
}

/// The rule a round setting breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingRule {
    AtLeastOne,
    AtMost {
        max: u32,
    },
    NotNegative,
    TrimNeedsTrimmedMean,
    UnknownCriterion {
        key: String,
    },
    Repeated {
        text: String,
    },
    TieBreakForm {
        text: String,
    },
    AdvanceInFinalRound,
    PrizesOutsideFinalRound,
    NoPrizes,
    PrizeNameMissing,
    /// A decimal setting that is not a number (`inf`, `nan`, text).
    NotANumber {
        text: String,
    },
    /// A decimal setting with more digits than can be read exactly (SCORING.md §3).
    TooManyDigits {
        text: String,
    },
}

/// What is wrong in a rules file that TOML or its format refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TomlProblem {
    UnknownKey {
        key: String,
    },
    MissingKey {
        key: String,
    },
    DuplicateKey {
        key: Option<String>,
    },
    WrongType {
        expected: ValueKind,
    },
    UnknownValue {
        value: String,
        allowed: Vec<String>,
    },
    /// Not TOML at all, or a value the format refuses for another reason.
    Syntax,
}

/// The kind of value a key of the rules file takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Integer,
    Number,
    Boolean,
    Text,
    List,
    Table,
    Other,
}

/// What is wrong with a committee decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionProblem {
    UnknownEntry,
    ReasonMissing,
    Repeated,
    NoFlag,
    NoPrizeTie,
    /// An advancement override in a final round, which advances no one.
    FinalRound,
    /// The chosen prize (position from 1; `None` = no prize) is not among the group's options.
    PrizeNotOffered {
        prize: Option<u32>,
    },
    TooManyForPrize {
        prize: Option<u32>,
        places: u32,
    },
}

impl DomainError {
    /// Wraps an error with the file (and line) it came from.
    pub fn in_file(self, file: &str, line: Option<u64>) -> DomainError {
        DomainError::InFile {
            file: file.to_owned(),
            line,
            error: Box::new(self),
        }
    }
}

/// For logs and developers: the variant and its data. A person reads the error in words, in
/// their language, through the app.
impl fmt::Display for DomainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for DomainError {}
