//! Bad input in the offline files is refused with the file, the line and what is wrong
//! (docs/formats.md); never a panic, never a skipped row. The words of these refusals are
//! tested in `app/tests/words.rs`.

use jurydesk_domain::Lang;
use jurydesk_domain::error::{DomainError, SettingRule, TomlProblem, ValueKind};
use jurydesk_domain::files::{SourceFile, decode_utf8, parse_entries, parse_rules, parse_sheets};
use jurydesk_domain::replay::{ReplayInput, run};
use jurydesk_domain::rubric::Allowed;
use rust_decimal_macros::dec;

const ROUND: &str = include_str!("../../docs/examples/round.toml");
const SHEETS: &str = include_str!("../../docs/examples/sheets.csv");
const ENTRIES: &str = include_str!("../../docs/examples/entries.csv");

fn replay(rules: &str, sheets: &str, entries: Option<&str>) -> Result<String, DomainError> {
    run(&ReplayInput {
        rules: SourceFile::new("round.toml", rules),
        sheets: SourceFile::new("sheets.csv", sheets),
        entries: entries.map(|e| SourceFile::new("entries.csv", e)),
        explain: None,
        lang: Lang::En,
    })
    .map(|o| o.digest)
}

fn sheets_error(sheets: &str) -> DomainError {
    replay(ROUND, sheets, Some(ENTRIES)).unwrap_err()
}

fn rules_error(rules: &str) -> DomainError {
    replay(rules, SHEETS, Some(ENTRIES)).unwrap_err()
}

/// `error` as reported at `line` of `file` (`None`: the file as a whole).
fn at(file: &str, line: Option<u64>, error: DomainError) -> DomainError {
    error.in_file(file, line)
}

fn sheets_line(line: u64, error: DomainError) -> DomainError {
    at("sheets.csv", Some(line), error)
}

fn setting(line: u64, setting: &str, rule: SettingRule) -> DomainError {
    at(
        "round.toml",
        Some(line),
        DomainError::Setting {
            setting: setting.into(),
            rule,
        },
    )
}

/// A rules-file mistake TOML refuses: its line and column and what is wrong, without the
/// parser's own (English) detail.
fn toml_mistake(error: DomainError) -> (Option<u64>, Option<u64>, TomlProblem) {
    match error {
        DomainError::InFile { line, error, .. } => match *error {
            DomainError::InvalidToml {
                column, problem, ..
            } => (line, column, problem),
            other => panic!("not a TOML mistake: {other:?}"),
        },
        other => panic!("not in a file: {other:?}"),
    }
}

fn allowed(max: rust_decimal::Decimal) -> Allowed {
    Allowed {
        min: dec!(0),
        max,
        step: dec!(0.5),
    }
}

#[test]
fn sheets_with_or_without_a_byte_order_mark_give_the_same_digest() {
    let plain = replay(ROUND, SHEETS, Some(ENTRIES)).unwrap();
    let marked = format!("\u{feff}{SHEETS}");
    assert_eq!(replay(ROUND, &marked, Some(ENTRIES)), Ok(plain.clone()));
    let reordered: String = {
        let mut lines: Vec<&str> = SHEETS.lines().collect();
        lines[1..].reverse();
        lines.join("\r\n")
    };
    assert_eq!(replay(ROUND, &reordered, Some(ENTRIES)), Ok(plain));
}

#[test]
fn a_semicolon_or_tab_separated_file_is_refused_at_its_header() {
    assert_eq!(
        sheets_error(&SHEETS.replace(',', ";")),
        sheets_line(1, DomainError::WrongDelimiter { found: ';' })
    );
    assert_eq!(
        sheets_error(&SHEETS.replace(',', "\t")),
        sheets_line(1, DomainError::WrongDelimiter { found: '\t' })
    );
}

#[test]
fn a_missing_misspelt_or_repeated_column_is_refused() {
    assert_eq!(
        sheets_error(&SHEETS.replacen("score", "points", 1)),
        sheets_line(
            1,
            DomainError::UnknownColumn {
                column: "points".into()
            }
        )
    );
    let without_score: String = SHEETS
        .lines()
        .map(|l| {
            let fields: Vec<&str> = l.split(',').collect();
            format!("{},{},{}\n", fields[0], fields[1], fields[2])
        })
        .collect();
    assert_eq!(
        sheets_error(&without_score),
        sheets_line(
            1,
            DomainError::MissingColumn {
                column: "score".into()
            }
        )
    );
    assert_eq!(
        sheets_error(&SHEETS.replacen("comment", "judge", 1)),
        sheets_line(
            1,
            DomainError::DuplicateColumn {
                column: "judge".into()
            }
        )
    );
}

#[test]
fn a_bad_score_is_refused_at_its_line_naming_the_criterion_and_allowed_values() {
    let missing = |criterion: &str| DomainError::RequiredCriterionMissing {
        criterion: criterion.into(),
        judge: "J-A".into(),
        entry: "E-001".into(),
    };
    let not_a_number = |text: &str| DomainError::ScoreNotANumber {
        criterion: "novelty".into(),
        text: text.into(),
    };
    let cases = [
        (
            "J-A,E-001,novelty,32,",
            "J-A,E-001,novelty,32.25,",
            sheets_line(
                2,
                DomainError::ScoreOffStep {
                    criterion: "novelty".into(),
                    score: dec!(32.25),
                    allowed: allowed(dec!(40)),
                },
            ),
        ),
        (
            "J-A,E-001,team,12,",
            "J-A,E-001,team,16,",
            sheets_line(
                4,
                DomainError::ScoreOutOfRange {
                    criterion: "team".into(),
                    score: dec!(16),
                    allowed: allowed(dec!(15)),
                },
            ),
        ),
        (
            "J-A,E-001,novelty,32,",
            "J-A,E-001,novelty,NaN,",
            sheets_line(2, not_a_number("NaN")),
        ),
        (
            "J-A,E-001,novelty,32,",
            "J-A,E-001,novelty,\"7,5\",",
            sheets_line(2, not_a_number("7,5")),
        ),
        (
            "J-A,E-001,novelty,32,",
            "J-A,E-001,market,32,",
            sheets_line(
                2,
                DomainError::UnknownCriterion {
                    key: "market".into(),
                },
            ),
        ),
        (
            "J-A,E-001,novelty,32,",
            "J-A,E-009,novelty,32,",
            sheets_line(
                2,
                DomainError::UnknownEntry {
                    code: "E-009".into(),
                },
            ),
        ),
        (
            "J-A,E-001,novelty,32,",
            "J-A,E-001,novelty,,",
            sheets_line(2, missing("novelty")),
        ),
        (
            "J-A,E-001,novelty,32,",
            "J-A,E-001,novelty,32",
            sheets_line(
                2,
                DomainError::FieldCount {
                    expected: 5,
                    found: 4,
                },
            ),
        ),
        (
            "J-A,E-001,novelty,32,",
            ",E-001,novelty,32,",
            sheets_line(
                2,
                DomainError::FieldMissing {
                    column: "judge".into(),
                },
            ),
        ),
    ];
    for (from, to, expected) in cases {
        assert!(SHEETS.contains(from), "{from}");
        assert_eq!(
            sheets_error(&SHEETS.replacen(from, to, 1)),
            expected,
            "{to}"
        );
    }
}

#[test]
fn a_repeated_row_is_refused_naming_both_lines() {
    let twice = SHEETS.replacen("J-A,E-001,feasibility,24,", "J-A,E-001,novelty,32,", 1);
    assert_eq!(
        sheets_error(&twice),
        sheets_line(3, DomainError::DuplicateRow { first_line: 2 })
    );
}

#[test]
fn a_missing_required_criterion_is_refused_at_the_sheets_first_line() {
    let without_team: String = SHEETS
        .lines()
        .filter(|l| *l != "J-A,E-001,team,12,")
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        sheets_error(&without_team),
        sheets_line(
            2,
            DomainError::RequiredCriterionMissing {
                criterion: "team".into(),
                judge: "J-A".into(),
                entry: "E-001".into(),
            }
        )
    );
}

#[test]
fn an_empty_sheets_file_is_refused() {
    assert_eq!(
        sheets_error("\u{feff}\n"),
        at("sheets.csv", None, DomainError::EmptyFile)
    );
}

#[test]
fn a_rules_file_breaking_a_rule_is_refused_at_the_line_that_sets_it() {
    assert_eq!(
        rules_error(&ROUND.replacen("max_points = 40", "max_points = 40\nstep = 3", 1)),
        at(
            "round.toml",
            Some(21),
            DomainError::CriterionStepDoesNotDivide {
                key: "novelty".into(),
                step: dec!(3),
                min: dec!(0),
                max: dec!(40),
            }
        )
    );
    assert_eq!(
        rules_error(&ROUND.replace("criterion:novelty", "criterion:market")),
        setting(
            8,
            "tie_breaks",
            SettingRule::UnknownCriterion {
                key: "market".into()
            }
        )
    );
    assert_eq!(
        rules_error(&ROUND.replace("top_n = 2", "top_n = 0")),
        setting(15, "advance.top_n", SettingRule::AtLeastOne)
    );
    let typo = rules_error(&ROUND.replace("judges_per_entry", "judges_per_entri"));
    match &typo {
        DomainError::InFile { line, error, .. } => match &**error {
            DomainError::InvalidToml { detail, .. } => {
                assert_eq!(*line, Some(5));
                assert!(
                    detail.starts_with("unknown field `judges_per_entri`"),
                    "{detail}"
                );
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    let syntax = rules_error(&ROUND.replace("precision = 2", "precision = "));
    assert_eq!(toml_mistake(syntax).0, Some(7));
}

#[test]
fn a_rules_file_refusal_names_the_file_it_was_given() {
    let rules = ROUND.replacen("weight = 2", "weight = 0", 1);
    let err = parse_rules(&SourceFile::new("vong-so-khao.toml", &rules)).unwrap_err();
    assert_eq!(
        err,
        at(
            "vong-so-khao.toml",
            Some(31),
            DomainError::CriterionWeightInvalid {
                key: "team".into(),
                weight: dec!(0),
            }
        )
    );
}

#[test]
fn an_entries_file_with_a_repeated_code_or_a_bad_time_is_refused() {
    let file =
        |text: &'static str| parse_entries(&SourceFile::new("entries.csv", text)).unwrap_err();
    let line = |n: u64, error: DomainError| at("entries.csv", Some(n), error);
    assert_eq!(
        file("code,category\nE-1,a\nE-1,b\n"),
        line(3, DomainError::DuplicateEntry { code: "E-1".into() })
    );
    assert_eq!(
        file("code,submitted_at\nE-1,01/10/2026\n"),
        line(
            2,
            DomainError::BadTimestamp {
                text: "01/10/2026".into()
            }
        )
    );
    assert_eq!(
        file("code,disqualified\nE-1,maybe\n"),
        line(
            2,
            DomainError::BadYesNo {
                column: "disqualified".into(),
                text: "maybe".into()
            }
        )
    );
}

#[test]
fn without_an_entries_file_the_entries_are_the_codes_in_the_sheets() {
    let rules = parse_rules(&SourceFile::new("round.toml", ROUND)).unwrap();
    let sheets = parse_sheets(&SourceFile::new("sheets.csv", SHEETS), &rules.rubric, None).unwrap();
    assert_eq!(sheets.len(), 12);
    let digest = replay(ROUND, SHEETS, None).unwrap();
    assert_eq!(digest.len(), 64);
}

#[test]
fn a_sheets_rows_need_not_stand_together_nor_in_any_order() {
    let mut lines: Vec<&str> = SHEETS.lines().collect();
    let header = lines.remove(0);
    // Every sheet's rows scattered: the rows backwards, then every other one first.
    lines.reverse();
    let (even, odd): (Vec<_>, Vec<_>) = lines.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let scattered: String = std::iter::once(header)
        .chain(even.into_iter().chain(odd).map(|(_, l)| *l))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(scattered, SHEETS);
    for entries in [Some(ENTRIES), None] {
        assert_eq!(
            replay(ROUND, &scattered, entries),
            replay(ROUND, SHEETS, entries)
        );
    }
}

fn advanced(rules: &str) -> Vec<String> {
    let output = run(&ReplayInput {
        rules: SourceFile::new("round.toml", rules),
        sheets: SourceFile::new("sheets.csv", SHEETS),
        entries: Some(SourceFile::new("entries.csv", ENTRIES)),
        explain: None,
        lang: Lang::En,
    })
    .unwrap();
    let mut codes: Vec<String> = output
        .outcome
        .entries
        .iter()
        .filter(|r| r.advancement.as_ref().and_then(|a| a.advances()) == Some(true))
        .map(|r| r.entry.code.clone())
        .collect();
    codes.sort();
    codes
}

#[test]
fn a_fractional_setting_is_read_as_the_decimal_written_not_as_a_binary_float() {
    let above = ROUND.replace("min_score = 50", "min_score = 72.00000000000000000001");
    let rules = parse_rules(&SourceFile::new("round.toml", &above)).unwrap();
    assert_eq!(
        rules.settings.advance.and_then(|a| a.min_score),
        Some(dec!(72.00000000000000000001))
    );
    // E-003 scores 72.00 and ranks second: a minimum of 72 lets it advance, a minimum a hair
    // above 72 does not. E-002 advances either way, added by the committee.
    let at = ROUND.replace("min_score = 50", "min_score = 72");
    assert_eq!(advanced(&at), ["E-001", "E-002", "E-003"]);
    assert_eq!(advanced(&above), ["E-001", "E-002"]);
    // Exponents and digit separators are TOML's own; the value is still exact.
    let written = ROUND.replace(
        "min_score = 50",
        "min_score = 7_200.000_000_000_000_000_001e-2",
    );
    let rules = parse_rules(&SourceFile::new("round.toml", &written)).unwrap();
    assert_eq!(
        rules.settings.advance.and_then(|a| a.min_score),
        Some(dec!(72.00000000000000000001))
    );
}

#[test]
fn a_decimal_setting_with_too_many_digits_or_no_number_is_refused_at_its_line() {
    assert_eq!(
        rules_error(&ROUND.replace(
            "min_score = 50",
            "min_score = 72.0000000000000000000000000001"
        )),
        setting(
            16,
            "advance.min_score",
            SettingRule::TooManyDigits {
                text: "72.0000000000000000000000000001".into()
            }
        )
    );
    assert_eq!(
        rules_error(&ROUND.replace("spread_points = 25", "spread_points = nan")),
        setting(
            11,
            "discrepancy.spread_points",
            SettingRule::NotANumber { text: "nan".into() }
        )
    );
    assert_eq!(
        rules_error(&ROUND.replacen(
            "max_points = 30",
            "max_points = 30.00000000000000000000000000001",
            1
        )),
        setting(
            28,
            "criteria[2].max_points",
            SettingRule::TooManyDigits {
                text: "30.00000000000000000000000000001".into()
            }
        )
    );
}

#[test]
fn a_score_with_too_many_digits_is_refused_as_too_long_not_as_not_a_number() {
    for long in [
        "1234567890123456789012345678901234567890",
        "32.000000000000000000000000000001",
    ] {
        assert_eq!(
            sheets_error(&SHEETS.replacen(
                "J-A,E-001,novelty,32,",
                &format!("J-A,E-001,novelty,{long},"),
                1
            )),
            sheets_line(
                2,
                DomainError::ScoreTooManyDigits {
                    criterion: "novelty".into(),
                    text: long.into(),
                }
            )
        );
    }
}

#[test]
fn a_rules_file_mistake_says_what_is_wrong_as_data_beside_the_parsers_english() {
    let mistake =
        |rules: &str| toml_mistake(parse_rules(&SourceFile::new("vong.toml", rules)).unwrap_err());
    assert_eq!(
        mistake(&ROUND.replace("judges_per_entry", "judges_per_entri")),
        (
            Some(5),
            Some(1),
            TomlProblem::UnknownKey {
                key: "judges_per_entri".into()
            }
        )
    );
    assert_eq!(
        mistake(&ROUND.replace("top_n = 2", "top_n = \"hai\"")),
        (
            Some(15),
            Some(9),
            TomlProblem::WrongType {
                expected: ValueKind::Integer
            }
        )
    );
    assert_eq!(
        mistake(&ROUND.replace("aggregate = \"mean\"", "aggregate = \"average\"")),
        (
            Some(6),
            Some(13),
            TomlProblem::UnknownValue {
                value: "average".into(),
                allowed: ["mean", "trimmed_mean", "median", "normalized_mean"]
                    .map(String::from)
                    .to_vec()
            }
        )
    );
    assert_eq!(
        mistake(&ROUND.replace("precision = 2", "precision = ")),
        (Some(7), Some(13), TomlProblem::Syntax)
    );
}

#[test]
fn a_quote_left_open_in_a_comment_is_refused_at_the_line_it_opened() {
    // With min_sheets = 2, two judges would do: J-C's twelve rows must not vanish silently.
    let rules = ROUND.replace(
        "judges_per_entry = 3",
        "judges_per_entry = 3\nmin_sheets = 2",
    );
    let open_at_end = SHEETS.replacen(
        "J-B,E-004,team,14,",
        "J-B,E-004,team,14,\"Đội mạnh, nhưng",
        1,
    );
    assert_eq!(
        replay(&rules, &open_at_end, Some(ENTRIES)).unwrap_err(),
        sheets_line(25, DomainError::UnclosedQuote)
    );
    // Closed by the next comment's opening quote, it would take in lines 3 to 22.
    let open_early = SHEETS.replacen(
        "J-A,E-001,novelty,32,",
        "J-A,E-001,novelty,32,\"Tốt, nhưng",
        1,
    );
    assert_eq!(
        replay(&rules, &open_early, Some(ENTRIES)).unwrap_err(),
        sheets_line(2, DomainError::QuoteSpansRows { end_line: 23 })
    );
}

#[test]
fn a_comment_over_several_lines_is_read_as_one_comment() {
    let plain = replay(ROUND, SHEETS, Some(ENTRIES)).unwrap();
    let multiline = SHEETS.replacen(
        "J-A,E-001,novelty,32,",
        "J-A,E-001,novelty,32,\"Tốt.\nCần thêm số liệu thị trường.\"",
        1,
    );
    assert_eq!(replay(ROUND, &multiline, Some(ENTRIES)), Ok(plain));
    let in_a_code = SHEETS.replacen("J-A,E-001,novelty,32,", "J-A,\"E-001\n\",novelty,32,", 1);
    assert_eq!(
        sheets_error(&in_a_code),
        sheets_line(2, DomainError::QuoteSpansRows { end_line: 3 })
    );
}

#[test]
fn a_file_that_is_not_utf8_is_refused_with_how_to_save_it() {
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(SHEETS.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let refusal = |bytes: &[u8]| decode_utf8("sheets.csv", bytes).unwrap_err();
    assert_eq!(
        refusal(&utf16),
        at("sheets.csv", None, DomainError::NotUtf8 { utf16: true })
    );
    // Windows-1258 writes "Ý" as the single byte 0xDD.
    let mut bytes = SHEETS.replace('Ý', "#").into_bytes();
    let at = bytes.iter().position(|&b| b == b'#').unwrap();
    bytes[at] = 0xdd;
    assert_eq!(
        refusal(&bytes),
        sheets_line(23, DomainError::NotUtf8 { utf16: false })
    );
    assert_eq!(decode_utf8("sheets.csv", SHEETS.as_bytes()), Ok(SHEETS));
}

#[test]
fn codes_typed_with_combining_accents_are_the_codes_that_look_the_same() {
    // "HỒ-001" precomposed (NFC) in the entries, decomposed (NFD: O + ◌̂ + ◌̀) in the sheets.
    let entries = ENTRIES.replace("E-001", "HỒ-001");
    let composed = SHEETS.replace("E-001", "HỒ-001");
    let decomposed = SHEETS.replace("E-001", "HO\u{302}\u{300}-001");
    assert_ne!(composed, decomposed);
    let digest = replay(ROUND, &composed, Some(&entries)).unwrap();
    assert_eq!(
        replay(ROUND, &decomposed, Some(&entries)),
        Ok(digest.clone())
    );
    let entries_decomposed = ENTRIES.replace("E-001", "HO\u{302}\u{300}-001");
    assert_eq!(
        replay(ROUND, &composed, Some(&entries_decomposed)),
        Ok(digest)
    );
}

#[test]
fn a_sheets_or_entries_file_with_only_a_header_is_refused() {
    let header = "judge,entry,criterion,score,comment\n";
    assert_eq!(
        sheets_error(header),
        at("sheets.csv", None, DomainError::NoScoreRows)
    );
    let err = parse_sheets(
        &SourceFile::new("phieu-cham.csv", header),
        &parse_rules(&SourceFile::new("round.toml", ROUND))
            .unwrap()
            .rubric,
        None,
    )
    .unwrap_err();
    assert_eq!(err, at("phieu-cham.csv", None, DomainError::NoScoreRows));
    assert_eq!(
        replay(ROUND, SHEETS, Some("code,category\n\n")).unwrap_err(),
        at("entries.csv", None, DomainError::NoEntryRows)
    );
}

#[test]
fn level_descriptions_are_read_exactly_and_a_level_outside_its_criterion_is_refused() {
    let levels = "\n[[criteria.levels]]\nmin = 0\nmax = 2.5\ntext = { vi = \"Chưa có đội\", en = \"No team yet\" }\n\n[[criteria.levels]]\nmin = 3\nmax = 5\ntext = { vi = \"Đội đủ năng lực\", en = \"A capable team\" }\n";
    let with_levels = ROUND.replace(
        "max_points = 15\nweight = 2\n",
        &format!("max_points = 15\nweight = 2\n{levels}"),
    );
    assert_ne!(with_levels, ROUND);
    let parsed = parse_rules(&SourceFile::new("round.toml", &with_levels)).unwrap();
    let last = parsed.rubric.criteria().last().unwrap();
    assert_eq!(last.levels.len(), 2);
    assert_eq!(last.levels[0].max, dec!(2.5));
    assert_eq!(last.levels[1].text.get(Lang::Vi), "Đội đủ năng lực");
    let outside = with_levels.replace("max = 5\ntext", "max = 500\ntext");
    let err = parse_rules(&SourceFile::new("round.toml", &outside)).unwrap_err();
    match err {
        DomainError::InFile { error, .. } => assert!(
            matches!(*error, DomainError::CriterionLevelInvalid { ref min, .. } if *min == dec!(3)),
            "{error:?}"
        ),
        other => panic!("{other:?}"),
    }
}
