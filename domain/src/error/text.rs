//! The Vietnamese and English text of every [`DomainError`].

use crate::Lang;
use crate::error::{
    DecisionProblem, DomainError, SettingRule, SheetAction, TomlProblem, ValueKind,
};
use crate::points::plain;
use crate::sheet::SheetState;

fn state_vi(state: SheetState) -> &'static str {
    match state {
        SheetState::Draft => "nháp",
        SheetState::Submitted => "đã nộp",
        SheetState::Reopened => "được mở lại",
        SheetState::Void => "vô hiệu",
    }
}

fn prize_text(prize: Option<u32>, lang: Lang) -> String {
    match (prize, lang) {
        (Some(p), Lang::Vi) => format!("giải số {p}"),
        (Some(p), Lang::En) => format!("prize {p}"),
        (None, Lang::Vi) => "không giải".to_owned(),
        (None, Lang::En) => "no prize".to_owned(),
    }
}

impl SettingRule {
    fn message(&self, lang: Lang) -> String {
        let vi = matches!(lang, Lang::Vi);
        match self {
            SettingRule::AtLeastOne => lang
                .pick("phải ít nhất là 1.", "must be at least 1.")
                .into(),
            SettingRule::AtMost { max } if vi => format!("không được lớn hơn {max}."),
            SettingRule::AtMost { max } => format!("must be at most {max}."),
            SettingRule::NotNegative => lang.pick("không được âm.", "must not be negative.").into(),
            SettingRule::TrimNeedsTrimmedMean => lang
                .pick(
                    "chỉ dùng với aggregate = \"trimmed_mean\".",
                    "applies only to aggregate = \"trimmed_mean\".",
                )
                .into(),
            SettingRule::UnknownCriterion { key } if vi => {
                format!("không có tiêu chí \"{key}\" trong bộ tiêu chí.")
            }
            SettingRule::UnknownCriterion { key } => {
                format!("there is no criterion \"{key}\" in the rubric.")
            }
            SettingRule::Repeated { text } if vi => format!("\"{text}\" bị lặp lại."),
            SettingRule::Repeated { text } => format!("\"{text}\" is listed twice."),
            SettingRule::TieBreakForm { text } if vi => format!(
                "\"{text}\" không hợp lệ; dùng \"criterion:<mã tiêu chí>\" hoặc \"earlier_submission\"."
            ),
            SettingRule::TieBreakForm { text } => format!(
                "\"{text}\" is not valid; use \"criterion:<key>\" or \"earlier_submission\"."
            ),
            SettingRule::AdvanceInFinalRound => lang
                .pick(
                    "vòng chung khảo không xét đi tiếp; hãy dùng giải thưởng.",
                    "a final round advances no one; use prizes.",
                )
                .into(),
            SettingRule::PrizesOutsideFinalRound => lang
                .pick(
                    "chỉ vòng chung khảo (is_final = true) mới trao giải.",
                    "only a final round (is_final = true) awards prizes.",
                )
                .into(),
            SettingRule::NoPrizes => lang
                .pick(
                    "danh sách giải không được để trống.",
                    "the prize list must not be empty.",
                )
                .into(),
            SettingRule::PrizeNameMissing => lang
                .pick("giải cần có tên.", "a prize needs a name.")
                .into(),
            SettingRule::NotANumber { text } if vi => {
                format!("\"{text}\" không phải là số (viết như 72 hoặc 72.5).")
            }
            SettingRule::NotANumber { text } => {
                format!("\"{text}\" is not a number (write 72 or 72.5).")
            }
            SettingRule::TooManyDigits { text } if vi => format!(
                "{text} có quá nhiều chữ số để đọc chính xác (tối đa 28 chữ số, 28 chữ số sau dấu chấm)."
            ),
            SettingRule::TooManyDigits { text } => format!(
                "{text} has too many digits to be read exactly (at most 28 digits, 28 after the decimal point)."
            ),
        }
    }
}

impl TomlProblem {
    fn message_vi(&self) -> String {
        match self {
            TomlProblem::UnknownKey { key } => {
                format!("khóa \"{key}\" không thuộc định dạng này (xem docs/formats.md).")
            }
            TomlProblem::MissingKey { key } => format!("thiếu khóa bắt buộc \"{key}\"."),
            TomlProblem::DuplicateKey { key: Some(key) } => {
                format!("khóa \"{key}\" được khai báo hai lần.")
            }
            TomlProblem::DuplicateKey { key: None } => "một khóa được khai báo hai lần.".into(),
            TomlProblem::WrongType { expected } => {
                let kind = match expected {
                    ValueKind::Integer => "một số nguyên không âm (ví dụ 3)",
                    ValueKind::Number => "một số (ví dụ 72 hoặc 72.5)",
                    ValueKind::Boolean => "true hoặc false",
                    ValueKind::Text => "một chuỗi trong dấu ngoặc kép",
                    ValueKind::List => "một danh sách trong ngoặc vuông [ ]",
                    ValueKind::Table => "một bảng",
                    ValueKind::Other => return "giá trị không đúng kiểu.".into(),
                };
                format!("giá trị không đúng kiểu; cần {kind}.")
            }
            TomlProblem::UnknownValue { value, allowed } if allowed.is_empty() => {
                format!("giá trị \"{value}\" không hợp lệ.")
            }
            TomlProblem::UnknownValue { value, allowed } => format!(
                "giá trị \"{value}\" không hợp lệ; dùng một trong: {}.",
                allowed
                    .iter()
                    .map(|a| format!("\"{a}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            TomlProblem::Syntax => {
                "sai cú pháp TOML hoặc giá trị không hợp lệ (xem https://toml.io và docs/formats.md)."
                    .into()
            }
        }
    }
}

impl DecisionProblem {
    fn message(&self, lang: Lang) -> String {
        match self {
            DecisionProblem::UnknownEntry => lang
                .pick(
                    "không có hồ sơ này trong vòng.",
                    "there is no such entry in this round.",
                )
                .into(),
            DecisionProblem::ReasonMissing => lang
                .pick("cần ghi rõ lý do.", "a written reason is required.")
                .into(),
            DecisionProblem::Repeated => lang
                .pick(
                    "đã có một quyết định cùng loại.",
                    "there is already a decision of this kind.",
                )
                .into(),
            DecisionProblem::NoFlag => lang
                .pick(
                    "hồ sơ không bị gắn cờ chênh lệch điểm.",
                    "the entry has no discrepancy flag.",
                )
                .into(),
            DecisionProblem::NoPrizeTie => lang
                .pick(
                    "hồ sơ không thuộc nhóm đồng hạng ở ranh giới giải.",
                    "the entry is not in a tie across a prize boundary.",
                )
                .into(),
            DecisionProblem::FinalRound => lang
                .pick(
                    "vòng chung khảo không xét đi tiếp nên không thể thêm hay bớt hồ sơ đi tiếp.",
                    "a final round advances no one, so no entry can be added or removed.",
                )
                .into(),
            DecisionProblem::PrizeNotOffered { prize } => match lang {
                Lang::Vi => format!(
                    "{} không nằm trong các lựa chọn của nhóm đồng hạng.",
                    prize_text(*prize, lang)
                ),
                Lang::En => format!(
                    "{} is not among the tied group's options.",
                    prize_text(*prize, lang)
                ),
            },
            DecisionProblem::TooManyForPrize { prize, places } => match lang {
                Lang::Vi => format!(
                    "nhóm đồng hạng chỉ có {places} suất {}.",
                    prize_text(*prize, lang)
                ),
                Lang::En => format!(
                    "the tied group has only {places} place(s) for {}.",
                    prize_text(*prize, lang)
                ),
            },
        }
    }
}

impl DomainError {
    /// The message for a person, in their language, naming the criterion, line or setting
    /// and the rule.
    pub fn message(&self, lang: Lang) -> String {
        let (vi, en) = self.texts(lang);
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// Wraps an error with the file (and line) it came from.
    pub fn in_file(self, file: &str, line: Option<u64>) -> DomainError {
        DomainError::InFile {
            file: file.to_owned(),
            line,
            error: Box::new(self),
        }
    }

    fn texts(&self, lang: Lang) -> (String, String) {
        use DomainError as E;
        match self {
            E::RubricEmpty => (
                "Bộ tiêu chí phải có ít nhất một tiêu chí.".into(),
                "A rubric needs at least one criterion.".into(),
            ),
            E::RubricTooLarge { limit } => (
                format!("Bộ tiêu chí có nhiều nhất {limit} tiêu chí."),
                format!("A rubric has at most {limit} criteria."),
            ),
            E::CriterionKeyInvalid { key } => (
                format!(
                    "Tiêu chí \"{key}\": mã chỉ gồm chữ cái không dấu, chữ số, '_' hoặc '-' (tối đa 64 ký tự)."
                ),
                format!(
                    "Criterion \"{key}\": the key must be ASCII letters, digits, '_' or '-' (at most 64 characters)."
                ),
            ),
            E::CriterionKeyDuplicate { key } => (
                format!("Mã tiêu chí \"{key}\" bị trùng; mỗi tiêu chí cần một mã riêng."),
                format!("Criterion key \"{key}\" is used twice; each criterion needs its own key."),
            ),
            E::CriterionPointsTooLarge { key, limit } => (
                format!(
                    "Tiêu chí \"{key}\": điểm phải nằm trong khoảng ±{}.",
                    plain(*limit)
                ),
                format!(
                    "Criterion \"{key}\": points must lie within ±{}.",
                    plain(*limit)
                ),
            ),
            E::CriterionRangeEmpty { key, min, max } => (
                format!(
                    "Tiêu chí \"{key}\": điểm tối đa ({}) phải lớn hơn điểm tối thiểu ({}).",
                    plain(*max),
                    plain(*min)
                ),
                format!(
                    "Criterion \"{key}\": max_points ({}) must be greater than min_points ({}).",
                    plain(*max),
                    plain(*min)
                ),
            ),
            E::CriterionStepNotPositive { key, step } => (
                format!(
                    "Tiêu chí \"{key}\": bước điểm ({}) phải lớn hơn 0.",
                    plain(*step)
                ),
                format!(
                    "Criterion \"{key}\": the step ({}) must be greater than 0.",
                    plain(*step)
                ),
            ),
            E::CriterionStepDoesNotDivide {
                key,
                step,
                min,
                max,
            } => (
                format!(
                    "Tiêu chí \"{key}\": bước điểm {} không chia hết khoảng từ {} đến {}.",
                    plain(*step),
                    plain(*min),
                    plain(*max)
                ),
                format!(
                    "Criterion \"{key}\": the step {} does not divide the range {} to {}.",
                    plain(*step),
                    plain(*min),
                    plain(*max)
                ),
            ),
            E::CriterionWeightInvalid { key, weight } => (
                format!(
                    "Tiêu chí \"{key}\": hệ số ({}) phải lớn hơn 0 và không quá 1000.",
                    plain(*weight)
                ),
                format!(
                    "Criterion \"{key}\": the weight ({}) must be greater than 0 and at most 1000.",
                    plain(*weight)
                ),
            ),
            E::ScoreOutOfRange {
                criterion,
                score,
                allowed,
            } => (
                format!(
                    "Tiêu chí \"{criterion}\": điểm {} nằm ngoài khoảng cho phép; điểm hợp lệ: {}.",
                    plain(*score),
                    allowed.describe_vi()
                ),
                format!(
                    "Criterion \"{criterion}\": score {} is out of range; allowed: {}.",
                    plain(*score),
                    allowed.describe_en()
                ),
            ),
            E::ScoreOffStep {
                criterion,
                score,
                allowed,
            } => (
                format!(
                    "Tiêu chí \"{criterion}\": điểm {} không đúng bước điểm; điểm hợp lệ: {}.",
                    plain(*score),
                    allowed.describe_vi()
                ),
                format!(
                    "Criterion \"{criterion}\": score {} is not on the step; allowed: {}.",
                    plain(*score),
                    allowed.describe_en()
                ),
            ),
            E::ScoreNotANumber { criterion, text } => (
                format!(
                    "Tiêu chí \"{criterion}\": \"{text}\" không phải là số (viết như 7 hoặc 7.5, dùng dấu chấm thập phân)."
                ),
                format!(
                    "Criterion \"{criterion}\": \"{text}\" is not a number (write 7 or 7.5, with a decimal point)."
                ),
            ),
            E::ScoreTooManyDigits { criterion, text } => (
                format!(
                    "Tiêu chí \"{criterion}\": \"{text}\" có quá nhiều chữ số để đọc chính xác (tối đa 28 chữ số, 28 chữ số sau dấu chấm)."
                ),
                format!(
                    "Criterion \"{criterion}\": \"{text}\" has too many digits to be read exactly (at most 28 digits, 28 after the decimal point)."
                ),
            ),
            E::UnknownCriterion { key } => (
                format!("Không có tiêu chí \"{key}\" trong bộ tiêu chí của vòng này."),
                format!("There is no criterion \"{key}\" in this round's rubric."),
            ),
            E::SheetLocked {
                judge,
                entry,
                state,
                action,
            } => {
                let vi_action = match action {
                    SheetAction::Edit => "không sửa được",
                    SheetAction::Submit => "không nộp được",
                    SheetAction::Reopen => "chỉ mở lại được phiếu đã nộp",
                };
                let en_action = match action {
                    SheetAction::Edit => "cannot be edited",
                    SheetAction::Submit => "cannot be submitted",
                    SheetAction::Reopen => "cannot be reopened: only a submitted sheet can",
                };
                (
                    format!(
                        "Phiếu chấm của giám khảo {judge} cho hồ sơ {entry} đang ở trạng thái {}: {vi_action}.",
                        state_vi(*state)
                    ),
                    format!(
                        "The sheet of judge {judge} for entry {entry} is {} and {en_action}.",
                        state.code()
                    ),
                )
            }
            E::SheetRubricMismatch { judge, entry } => (
                format!(
                    "Phiếu chấm của giám khảo {judge} cho hồ sơ {entry} không khớp với bộ tiêu chí của vòng."
                ),
                format!(
                    "The sheet of judge {judge} for entry {entry} does not match the round's rubric."
                ),
            ),
            E::RequiredCriterionMissing {
                criterion,
                judge,
                entry,
            } => (
                format!(
                    "Phiếu chấm của giám khảo {judge} cho hồ sơ {entry} còn thiếu tiêu chí bắt buộc \"{criterion}\"."
                ),
                format!(
                    "The sheet of judge {judge} for entry {entry} lacks the required criterion \"{criterion}\"."
                ),
            ),
            E::ReasonRequired { entry } => (
                format!("Mở lại phiếu chấm của hồ sơ {entry} cần ghi rõ lý do."),
                format!("Reopening a sheet of entry {entry} needs a written reason."),
            ),
            E::Setting { setting, rule } => (
                format!("Thiết lập \"{setting}\": {}", rule.message(Lang::Vi)),
                format!("Setting \"{setting}\": {}", rule.message(Lang::En)),
            ),
            E::EntryCodeMissing => ("Hồ sơ thiếu mã.".into(), "An entry has no code.".into()),
            E::DuplicateEntry { code } => (
                format!("Mã hồ sơ \"{code}\" bị trùng."),
                format!("Entry code \"{code}\" appears twice."),
            ),
            E::UnknownEntry { code } => (
                format!("Không có hồ sơ \"{code}\" trong vòng này."),
                format!("There is no entry \"{code}\" in this round."),
            ),
            E::DuplicateSheet { judge, entry } => (
                format!("Giám khảo {judge} có hai phiếu chấm cho hồ sơ {entry}."),
                format!("Judge {judge} has two sheets for entry {entry}."),
            ),
            E::Decision { entry, problem } => (
                format!(
                    "Quyết định của Ban tổ chức về hồ sơ {entry}: {}",
                    problem.message(Lang::Vi)
                ),
                format!(
                    "Committee decision on entry {entry}: {}",
                    problem.message(Lang::En)
                ),
            ),
            E::InFile { file, line, error } => {
                let inner = error.message(lang);
                match line {
                    Some(line) => (
                        format!("{file}, dòng {line}: {inner}"),
                        format!("{file}, line {line}: {inner}"),
                    ),
                    None => (format!("{file}: {inner}"), format!("{file}: {inner}")),
                }
            }
            E::EmptyFile => (
                "Tệp trống: cần có dòng tiêu đề.".into(),
                "The file is empty: a header line is required.".into(),
            ),
            E::MissingColumn { column } => (
                format!("Dòng tiêu đề thiếu cột \"{column}\"."),
                format!("The header lacks the column \"{column}\"."),
            ),
            E::UnknownColumn { column } => (
                format!("Cột \"{column}\" không thuộc định dạng này (xem docs/formats.md)."),
                format!(
                    "The column \"{column}\" is not part of this format (see docs/formats.md)."
                ),
            ),
            E::DuplicateColumn { column } => (
                format!("Cột \"{column}\" xuất hiện hai lần."),
                format!("The column \"{column}\" appears twice."),
            ),
            E::WrongDelimiter { found } => {
                let (vi, en) = if *found == '\t' {
                    ("dấu tab", "tabs")
                } else {
                    ("dấu chấm phẩy (;)", "semicolons (;)")
                };
                (
                    format!(
                        "Tệp được phân cách bằng {vi}; hãy lưu dưới dạng CSV phân cách bằng dấu phẩy (,)."
                    ),
                    format!("The file is separated by {en}; save it as comma-separated CSV."),
                )
            }
            E::FieldCount { expected, found } => (
                format!("có {found} cột, cần {expected}."),
                format!("has {found} fields, expected {expected}."),
            ),
            E::FieldMissing { column } => (
                format!("cột \"{column}\" đang để trống."),
                format!("the \"{column}\" field is empty."),
            ),
            E::InvalidCsv { detail } => (
                format!("Không đọc được CSV: {detail}"),
                format!("Cannot read the CSV: {detail}"),
            ),
            E::InvalidToml {
                detail,
                column,
                problem,
            } => (
                // The parser speaks English only: the Vietnamese text says it in its own words.
                match column {
                    Some(column) => format!(
                        "Tệp quy tắc không hợp lệ (cột {column}): {}",
                        problem.message_vi()
                    ),
                    None => format!("Tệp quy tắc không hợp lệ: {}", problem.message_vi()),
                },
                format!("The rules file is not valid: {detail}"),
            ),
            E::NotUtf8 { utf16 } => {
                let (vi, en) = if *utf16 {
                    (
                        "có vẻ là UTF-16 (\"Unicode Text\")",
                        "it looks like UTF-16 (\"Unicode Text\")",
                    )
                } else {
                    (
                        "có thể là Windows-1258, TCVN3 hay một bảng mã cũ khác",
                        "perhaps Windows-1258 or another legacy encoding",
                    )
                };
                (
                    format!(
                        "Tệp không ở dạng mã hoá UTF-8 ({vi}). Hãy lưu lại dưới dạng UTF-8: trong Excel chọn Lưu thành (Save As) \"CSV UTF-8 (Comma delimited)\"; trong trình soạn thảo văn bản chọn mã hoá UTF-8."
                    ),
                    format!(
                        "The file is not UTF-8 ({en}). Save it as UTF-8: in Excel, Save As \"CSV UTF-8 (Comma delimited)\"; in a text editor, choose the UTF-8 encoding."
                    ),
                )
            }
            E::UnclosedQuote => (
                "Dấu ngoặc kép (\") mở một ô ở dòng này nhưng không được đóng, nên phần còn lại của tệp sẽ bị đọc thành một ô. Hãy đóng dấu ngoặc kép, hoặc viết dấu ngoặc kép bên trong ô thành hai dấu (\"\").".into(),
                "A quote (\") opens a field on this line and is never closed, so the rest of the file would be read as that one field. Close the quote, or write a quote inside a field as two (\"\").".into(),
            ),
            E::QuoteSpansRows { end_line } => (
                format!(
                    "Dấu ngoặc kép (\") mở một ô ở dòng này và chỉ được đóng ở dòng {end_line}, nên các dòng ở giữa sẽ bị đọc thành một phần của ô đó. Hãy đóng dấu ngoặc kép ngay trên dòng này."
                ),
                format!(
                    "A quote (\") opens a field on this line and is only closed on line {end_line}, so the lines in between would be read as part of that one field. Close the quote on this line."
                ),
            ),
            E::NoScoreRows => (
                "Tệp phiếu chấm không có dòng điểm nào, chỉ có dòng tiêu đề.".into(),
                "The sheets file has no score rows, only a header.".into(),
            ),
            E::NoEntryRows => (
                "Tệp hồ sơ không có hồ sơ nào, chỉ có dòng tiêu đề.".into(),
                "The entries file lists no entries, only a header.".into(),
            ),
            E::DuplicateRow { first_line } => (
                format!("trùng với dòng {first_line} (cùng giám khảo, hồ sơ và tiêu chí)."),
                format!("repeats line {first_line} (same judge, entry and criterion)."),
            ),
            E::BadTimestamp { text } => (
                format!(
                    "\"{text}\" không phải thời điểm dạng RFC 3339 (ví dụ 2026-10-01T08:30:00+07:00)."
                ),
                format!("\"{text}\" is not an RFC 3339 instant (e.g. 2026-10-01T08:30:00+07:00)."),
            ),
            E::BadYesNo { column, text } => (
                format!("cột \"{column}\": \"{text}\" phải là yes hoặc no."),
                format!("column \"{column}\": \"{text}\" must be yes or no."),
            ),
        }
    }
}
