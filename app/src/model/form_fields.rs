//! The contest's own questions on the entry form, after the core fields: short and long text,
//! a number, one or several choices, a checkbox, a web address, a file. The committee
//! declares them; founders answer them; the committee reads, filters and exports the answers.
//!
//! What an answer must be is decided here, purely, so that the form, an import and any page
//! agree. An answer is stored as text: a number as typed (exactly, no rounding), the choices
//! of a multiple choice one per line in the order the contest lists them, a checkbox as
//! `yes` or empty. A file question's answer is the entry's attachments marked with its key.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::str::FromStr;

/// At most this many questions per contest.
pub const FIELDS_MAX: usize = 30;
/// At most this many choices per question.
pub const OPTIONS_MAX: usize = 30;
/// A question's key: a lower-case letter, then letters, digits or `_`, at most this long.
pub const KEY_MAX: usize = 40;
/// A label, a help text or a choice: at most this many characters.
pub const LABEL_MAX: usize = 200;
/// A short answer, a choice or a web address: at most this many characters.
pub const SHORT_MAX: usize = 300;
/// Keys the entries CSV uses besides an import's columns (`IMPORT_COLUMNS`).
const EXPORT_ONLY: [&str; 9] = [
    "code",
    "team",
    "lead",
    "status",
    "eligibility",
    "decision_reason",
    "submitted_at",
    "updated",
    "round",
];

/// Whether the core form, an import or the export already uses `key`: never a question's.
pub fn is_reserved(key: &str) -> bool {
    crate::model::IMPORT_COLUMNS.contains(&key) || EXPORT_ONLY.contains(&key)
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// One line of text.
    #[default]
    Text,
    /// Paragraphs, with an optional word limit.
    LongText,
    /// A decimal number, with optional bounds.
    Number,
    /// One of the listed choices.
    Choice,
    /// Any of the listed choices.
    Choices,
    /// Ticked or not; "required" means it must be ticked (a declaration, a consent).
    Checkbox,
    /// A web address (`http` or `https`).
    Url,
    /// A file attached to the entry under this question (the contest's file rules apply).
    File,
}

impl FieldKind {
    pub const ALL: [FieldKind; 8] = [
        FieldKind::Text,
        FieldKind::LongText,
        FieldKind::Number,
        FieldKind::Choice,
        FieldKind::Choices,
        FieldKind::Checkbox,
        FieldKind::Url,
        FieldKind::File,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::LongText => "long_text",
            FieldKind::Number => "number",
            FieldKind::Choice => "choice",
            FieldKind::Choices => "choices",
            FieldKind::Checkbox => "checkbox",
            FieldKind::Url => "url",
            FieldKind::File => "file",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// Whether the question lists choices.
    pub fn has_options(self) -> bool {
        matches!(self, FieldKind::Choice | FieldKind::Choices)
    }
}

/// One question of a contest's entry form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormField {
    /// Names the answer in the form, in CSV columns and in contest files: `website`.
    pub key: String,
    pub kind: FieldKind,
    #[serde(default)]
    pub label_vi: String,
    #[serde(default)]
    pub label_en: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub help_vi: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub help_en: String,
    /// Submitting needs an answer (a ticked box, a file); a draft may lack it.
    #[serde(default)]
    pub required: bool,
    /// The choices of a choice question, in the order they are offered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// A long answer's word limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_words: Option<u32>,
    /// A number's bounds, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Decimal>,
}

/// Why an answer is not what its question takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerProblem {
    TooLong {
        max: usize,
    },
    TooManyWords {
        max: u32,
        found: usize,
    },
    NotANumber,
    OutOfRange {
        min: Option<Decimal>,
        max: Option<Decimal>,
    },
    NotAnOption,
    NotAUrl,
}

/// Why a question as the committee typed it cannot be kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldProblem {
    Key,
    KeyTaken,
    Label,
    Kind,
    Options,
    TooLong { max: usize },
    RangeOrder,
    TooMany { max: usize },
}

impl FormField {
    /// The label in `lang`, else the other one.
    pub fn label(&self, lang: crate::domain::Lang) -> &str {
        crate::model::pick_or_other(lang, &self.label_vi, &self.label_en)
    }

    pub fn help(&self, lang: crate::domain::Lang) -> &str {
        crate::model::pick_or_other(lang, &self.help_vi, &self.help_en)
    }

    /// What `raw` (already trimmed and free of control characters) is as an answer: the text
    /// to store, or why it cannot be. Empty is always acceptable here (a draft); whether
    /// submitting needs an answer is `missing`'s concern.
    pub fn check(&self, raw: &str) -> Result<String, AnswerProblem> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(String::new());
        }
        let within = |max: usize| {
            if raw.chars().count() > max {
                Err(AnswerProblem::TooLong { max })
            } else {
                Ok(raw.to_owned())
            }
        };
        match self.kind {
            FieldKind::Text => within(SHORT_MAX),
            FieldKind::LongText => {
                let text = within(crate::model::limits::ENTRY_TEXT_MAX)?;
                let found = words(&text);
                match self.max_words {
                    Some(max) if found > max as usize => {
                        Err(AnswerProblem::TooManyWords { max, found })
                    }
                    _ => Ok(text),
                }
            }
            FieldKind::Number => {
                let n = parse_number(raw).ok_or(AnswerProblem::NotANumber)?;
                let below = self.min.is_some_and(|min| n < min);
                let above = self.max.is_some_and(|max| n > max);
                if below || above {
                    Err(AnswerProblem::OutOfRange {
                        min: self.min,
                        max: self.max,
                    })
                } else {
                    Ok(n.normalize().to_string())
                }
            }
            FieldKind::Choice => self
                .options
                .iter()
                .find(|o| o.as_str() == raw)
                .cloned()
                .ok_or(AnswerProblem::NotAnOption),
            FieldKind::Choices => {
                let picked: Vec<&str> = raw
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect();
                if picked.iter().any(|p| !self.options.iter().any(|o| o == p)) {
                    return Err(AnswerProblem::NotAnOption);
                }
                // In the contest's order, each once.
                Ok(self
                    .options
                    .iter()
                    .filter(|o| picked.contains(&o.as_str()))
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n"))
            }
            FieldKind::Checkbox => Ok(if is_yes(raw) {
                "yes".to_owned()
            } else {
                String::new()
            }),
            FieldKind::Url => {
                let text = within(SHORT_MAX)?;
                if is_web_address(&text) {
                    Ok(text)
                } else {
                    Err(AnswerProblem::NotAUrl)
                }
            }
            // A file question is answered by uploading; no text is stored for it.
            FieldKind::File => Ok(String::new()),
        }
    }

    /// Checks a question as the committee typed it (text already cleaned), and tidies it:
    /// the key in lower case, bounds and limits only where the kind uses them.
    pub fn tidy(mut self) -> Result<FormField, Vec<(&'static str, FieldProblem)>> {
        let mut problems = Vec::new();
        self.key = self.key.trim().to_ascii_lowercase();
        if !is_key(&self.key) {
            problems.push(("key", FieldProblem::Key));
        } else if is_reserved(&self.key) {
            problems.push(("key", FieldProblem::KeyTaken));
        }
        if self.label_vi.trim().is_empty() && self.label_en.trim().is_empty() {
            problems.push(("label_vi", FieldProblem::Label));
        }
        for (name, text) in [
            ("label_vi", &self.label_vi),
            ("label_en", &self.label_en),
            ("help_vi", &self.help_vi),
            ("help_en", &self.help_en),
        ] {
            if text.chars().count() > LABEL_MAX {
                problems.push((name, FieldProblem::TooLong { max: LABEL_MAX }));
            }
        }
        if self.kind.has_options() {
            let mut seen = Vec::new();
            for o in self
                .options
                .iter()
                .map(|o| o.trim())
                .filter(|o| !o.is_empty())
            {
                if !seen.contains(&o.to_owned()) {
                    seen.push(o.to_owned());
                }
            }
            if seen.is_empty() || seen.len() > OPTIONS_MAX {
                problems.push(("options", FieldProblem::Options));
            } else if seen.iter().any(|o| o.chars().count() > LABEL_MAX) {
                problems.push(("options", FieldProblem::TooLong { max: LABEL_MAX }));
            }
            self.options = seen;
        } else {
            self.options.clear();
        }
        if self.kind != FieldKind::LongText {
            self.max_words = None;
        }
        if self.kind == FieldKind::Number {
            if let (Some(min), Some(max)) = (self.min, self.max)
                && min > max
            {
                problems.push(("max", FieldProblem::RangeOrder));
            }
            self.min = self.min.map(|d| d.normalize());
            self.max = self.max.map(|d| d.normalize());
        } else {
            self.min = None;
            self.max = None;
        }
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(problems)
        }
    }
}

/// One question of the committee's form editor, as typed (numbers as text, the choices one
/// per line, `required` a checkbox).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldRow {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub label_vi: String,
    #[serde(default)]
    pub label_en: String,
    #[serde(default)]
    pub help_vi: String,
    #[serde(default)]
    pub help_en: String,
    #[serde(default)]
    pub required: Option<String>,
    #[serde(default)]
    pub options: String,
    #[serde(default)]
    pub max_words: String,
    #[serde(default)]
    pub min: String,
    #[serde(default)]
    pub max: String,
}

impl FieldRow {
    /// A row left empty (its kind and required box aside): dropped.
    pub fn is_blank(&self) -> bool {
        [
            &self.key,
            &self.label_vi,
            &self.label_en,
            &self.help_vi,
            &self.help_en,
            &self.options,
            &self.max_words,
            &self.min,
            &self.max,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
    }

    /// The row for a stored question.
    pub fn of(f: &FormField) -> FieldRow {
        let text = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
        FieldRow {
            key: f.key.clone(),
            kind: f.kind.code().to_owned(),
            label_vi: f.label_vi.clone(),
            label_en: f.label_en.clone(),
            help_vi: f.help_vi.clone(),
            help_en: f.help_en.clone(),
            required: f.required.then(|| "on".to_owned()),
            options: f.options.join(
                "
",
            ),
            max_words: f.max_words.map(|n| n.to_string()).unwrap_or_default(),
            min: text(f.min),
            max: text(f.max),
        }
    }
}

/// Checks a whole form: every question as `tidy` does, keys unique, at most `FIELDS_MAX`.
/// Problems are named `fields[i].part`.
pub fn tidy_all(fields: Vec<FormField>) -> Result<Vec<FormField>, Vec<(String, FieldProblem)>> {
    let mut problems = Vec::new();
    if fields.len() > FIELDS_MAX {
        problems.push((
            "fields".to_owned(),
            FieldProblem::TooMany { max: FIELDS_MAX },
        ));
    }
    let mut kept: Vec<FormField> = Vec::new();
    for (i, f) in fields.into_iter().enumerate() {
        match f.tidy() {
            Ok(f) if kept.iter().any(|k| k.key == f.key) => {
                problems.push((format!("fields[{i}].key"), FieldProblem::KeyTaken));
            }
            Ok(f) => kept.push(f),
            Err(found) => problems.extend(
                found
                    .into_iter()
                    .map(|(part, p)| (format!("fields[{i}].{part}"), p)),
            ),
        }
    }
    if problems.is_empty() {
        Ok(kept)
    } else {
        Err(problems)
    }
}

/// The answers of one entry, by question key.
pub type Answers = BTreeMap<String, String>;

/// The questions that submitting needs and that are still unanswered, in the form's order.
/// `files` are the keys of file questions with at least one file.
pub fn missing<'a>(fields: &'a [FormField], answers: &Answers, files: &[String]) -> Vec<&'a str> {
    fields
        .iter()
        .filter(|f| f.required)
        .filter(|f| match f.kind {
            FieldKind::File => !files.contains(&f.key),
            _ => answers.get(&f.key).is_none_or(|a| a.trim().is_empty()),
        })
        .map(|f| f.key.as_str())
        .collect()
}

/// A key as a question may have: `[a-z][a-z0-9_]*`, at most `KEY_MAX` characters.
pub fn is_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && key.len() <= KEY_MAX
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Words as a reader counts them: runs of characters between spaces.
pub fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// A number as people type it: `12`, `-3.5`, `1,5` (a decimal comma), `12 000` or `12.000,5`
/// are not guessed at: only one separator, `.` or `,`, for the decimals.
pub fn parse_number(raw: &str) -> Option<Decimal> {
    let raw = raw.trim();
    let text = if raw.contains(',') && !raw.contains('.') && raw.matches(',').count() == 1 {
        raw.replace(',', ".")
    } else {
        raw.to_owned()
    };
    if text.is_empty()
        || !text
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return None;
    }
    Decimal::from_str(&text).ok()
}

/// Whether a checkbox's value means ticked (`yes`, `on`, `true`, `1`, `x`, `có`).
pub fn is_yes(raw: &str) -> bool {
    matches!(
        raw.trim().to_lowercase().as_str(),
        "yes" | "on" | "true" | "1" | "x" | "có" | "co"
    )
}

/// `http://` or `https://`, a host with a dot and no spaces.
pub fn is_web_address(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit('@').next().unwrap_or("");
        let name = host.split(':').next().unwrap_or("");
        name.contains('.')
            && !name.starts_with('.')
            && !name.ends_with('.')
            && !text.chars().any(char::is_whitespace)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(kind: FieldKind) -> FormField {
        FormField {
            key: "q".into(),
            kind,
            label_vi: "Câu hỏi".into(),
            ..FormField::default()
        }
    }

    #[test]
    fn a_number_is_kept_exactly_as_a_decimal_and_a_decimal_comma_is_read() {
        let f = field(FieldKind::Number);
        assert_eq!(f.check("12.50"), Ok("12.5".into()));
        assert_eq!(f.check("1,25"), Ok("1.25".into()));
        assert_eq!(
            f.check("0.1000000000000000000000000001"),
            Ok("0.1000000000000000000000000001".into())
        );
        assert_eq!(f.check("12 000"), Err(AnswerProblem::NotANumber));
        assert_eq!(f.check("1e5"), Err(AnswerProblem::NotANumber));
    }

    #[test]
    fn a_number_outside_its_bounds_is_refused_with_them() {
        let f = FormField {
            min: Some(Decimal::ONE),
            max: Some(Decimal::from(50)),
            ..field(FieldKind::Number)
        };
        assert_eq!(f.check("50"), Ok("50".into()));
        assert_eq!(
            f.check("0.5"),
            Err(AnswerProblem::OutOfRange {
                min: Some(Decimal::ONE),
                max: Some(Decimal::from(50))
            })
        );
    }

    #[test]
    fn a_long_answer_over_its_word_limit_is_refused_with_the_count() {
        let f = FormField {
            max_words: Some(3),
            ..field(FieldKind::LongText)
        };
        assert_eq!(f.check("một hai ba"), Ok("một hai ba".into()));
        assert_eq!(
            f.check("một hai\nba bốn"),
            Err(AnswerProblem::TooManyWords { max: 3, found: 4 })
        );
    }

    #[test]
    fn choices_are_kept_in_the_contest_order_once_each_and_others_refused() {
        let f = FormField {
            options: vec!["Nông nghiệp".into(), "Du lịch".into(), "Giáo dục".into()],
            ..field(FieldKind::Choices)
        };
        assert_eq!(
            f.check("Giáo dục\nNông nghiệp\nGiáo dục"),
            Ok("Nông nghiệp\nGiáo dục".into())
        );
        assert_eq!(f.check("Y tế"), Err(AnswerProblem::NotAnOption));
        let one = FormField {
            kind: FieldKind::Choice,
            ..f
        };
        assert_eq!(one.check("Du lịch"), Ok("Du lịch".into()));
        assert_eq!(one.check("du lịch"), Err(AnswerProblem::NotAnOption));
    }

    #[test]
    fn a_web_address_needs_http_and_a_host() {
        let f = field(FieldKind::Url);
        assert_eq!(
            f.check("https://nongsan.vn/a?b=1"),
            Ok("https://nongsan.vn/a?b=1".into())
        );
        for bad in [
            "nongsan.vn",
            "javascript:alert(1)",
            "https://localhost",
            "http://a b.vn",
        ] {
            assert_eq!(f.check(bad), Err(AnswerProblem::NotAUrl), "{bad}");
        }
    }

    #[test]
    fn a_checkbox_is_stored_as_yes_or_nothing() {
        let f = field(FieldKind::Checkbox);
        assert_eq!(f.check("on"), Ok("yes".into()));
        assert_eq!(f.check("Có"), Ok("yes".into()));
        assert_eq!(f.check("no"), Ok(String::new()));
    }

    #[test]
    fn required_questions_unanswered_are_missing_and_a_file_counts_by_key() {
        let fields = vec![
            FormField {
                key: "a".into(),
                required: true,
                ..field(FieldKind::Text)
            },
            FormField {
                key: "b".into(),
                required: false,
                ..field(FieldKind::Text)
            },
            FormField {
                key: "c".into(),
                required: true,
                ..field(FieldKind::File)
            },
            FormField {
                key: "d".into(),
                required: true,
                ..field(FieldKind::Checkbox)
            },
        ];
        let answers = Answers::from([
            ("a".to_owned(), " ".to_owned()),
            ("d".to_owned(), "yes".to_owned()),
        ]);
        assert_eq!(missing(&fields, &answers, &[]), vec!["a", "c"]);
        assert_eq!(missing(&fields, &answers, &["c".to_owned()]), vec!["a"]);
    }

    #[test]
    fn a_form_with_a_repeated_reserved_or_badly_formed_key_is_refused_at_each_row() {
        let rows = vec![
            FormField {
                key: "Website".into(),
                ..field(FieldKind::Url)
            },
            FormField {
                key: "website".into(),
                ..field(FieldKind::Url)
            },
            FormField {
                key: "title".into(),
                ..field(FieldKind::Text)
            },
            FormField {
                key: "2x".into(),
                ..field(FieldKind::Text)
            },
            FormField {
                key: "sector".into(),
                options: vec![" ".into()],
                ..field(FieldKind::Choice)
            },
            FormField {
                key: "staff".into(),
                min: Some(Decimal::TEN),
                max: Some(Decimal::ONE),
                ..field(FieldKind::Number)
            },
            FormField {
                key: "nolabel".into(),
                label_vi: String::new(),
                ..field(FieldKind::Text)
            },
        ];
        let problems = tidy_all(rows).unwrap_err();
        let paths: Vec<(&str, &FieldProblem)> =
            problems.iter().map(|(p, f)| (p.as_str(), f)).collect();
        assert_eq!(
            paths,
            vec![
                ("fields[1].key", &FieldProblem::KeyTaken),
                ("fields[2].key", &FieldProblem::KeyTaken),
                ("fields[3].key", &FieldProblem::Key),
                ("fields[4].options", &FieldProblem::Options),
                ("fields[5].max", &FieldProblem::RangeOrder),
                ("fields[6].label_vi", &FieldProblem::Label),
            ]
        );
    }

    #[test]
    fn tidying_drops_settings_the_kind_does_not_use_and_repeated_choices() {
        let f = FormField {
            options: vec!["A".into(), " A ".into(), "B".into()],
            max_words: Some(10),
            min: Some(Decimal::ONE),
            ..field(FieldKind::Choice)
        };
        let tidy = f.tidy().unwrap();
        assert_eq!(tidy.options, vec!["A", "B"]);
        assert_eq!((tidy.max_words, tidy.min), (None, None));
    }
}
