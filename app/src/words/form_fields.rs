//! The contest's own questions in words: each kind's name, and what a question takes ("a
//! number from 0 to 10,000", "at most 300 words", its choices).

use crate::domain::Lang;
use crate::i18n::{Locale, td_string};
use crate::model::{FieldKind, FormField};

pub fn kind_name(kind: FieldKind, lang: Lang) -> String {
    let l: Locale = lang.into();
    match kind {
        FieldKind::Text => td_string!(l, form_fields.kind_text),
        FieldKind::LongText => td_string!(l, form_fields.kind_long_text),
        FieldKind::Number => td_string!(l, form_fields.kind_number),
        FieldKind::Choice => td_string!(l, form_fields.kind_choice),
        FieldKind::Choices => td_string!(l, form_fields.kind_choices),
        FieldKind::Checkbox => td_string!(l, form_fields.kind_checkbox),
        FieldKind::Url => td_string!(l, form_fields.kind_url),
        FieldKind::File => td_string!(l, form_fields.kind_file),
    }
    .to_string()
}

/// What the question takes, in a few words: its kind, and its limit, bounds or choices.
pub fn rule_text(field: &FormField, lang: Lang) -> String {
    let l: Locale = lang.into();
    let n = |d: rust_decimal::Decimal| crate::format::decimal(d, lang);
    let kind = kind_name(field.kind, lang);
    let detail = match field.kind {
        FieldKind::LongText => field
            .max_words
            .map(|max| td_string!(l, form_fields.max_words_rule, max = max).to_string()),
        FieldKind::Number => match (field.min, field.max) {
            (Some(min), Some(max)) => {
                Some(td_string!(l, form_fields.between, min = n(min), max = n(max)).to_string())
            }
            (Some(min), None) => {
                Some(td_string!(l, form_fields.at_least, min = n(min)).to_string())
            }
            (None, Some(max)) => Some(td_string!(l, form_fields.at_most, max = n(max)).to_string()),
            (None, None) => None,
        },
        FieldKind::Choice | FieldKind::Choices => Some(field.options.join("; ")),
        _ => None,
    };
    match detail {
        Some(d) => format!("{kind}: {d}"),
        None => kind,
    }
}

/// A ticked checkbox in words ("Có", "Yes"); an import reads either back.
pub fn yes(lang: Lang) -> String {
    let l: Locale = lang.into();
    td_string!(l, form_fields.yes).to_string()
}
