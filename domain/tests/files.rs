//! Bad input in the offline files is refused with the file, the line and what is wrong
//! (docs/formats.md); never a panic, never a skipped row.

use jurydesk_domain::Lang;
use jurydesk_domain::files::{SourceFile, decode_utf8, parse_entries, parse_rules, parse_sheets};
use jurydesk_domain::replay::{ReplayInput, run};
use rust_decimal_macros::dec;

const ROUND: &str = include_str!("../../docs/examples/round.toml");
const SHEETS: &str = include_str!("../../docs/examples/sheets.csv");
const ENTRIES: &str = include_str!("../../docs/examples/entries.csv");

fn replay(rules: &str, sheets: &str, entries: Option<&str>) -> Result<String, String> {
    run(&ReplayInput {
        rules: SourceFile::new("round.toml", rules),
        sheets: SourceFile::new("sheets.csv", sheets),
        entries: entries.map(|e| SourceFile::new("entries.csv", e)),
        explain: None,
        lang: Lang::En,
    })
    .map(|o| o.digest)
    .map_err(|e| e.message(Lang::En))
}

fn sheets_error(sheets: &str) -> String {
    replay(ROUND, sheets, Some(ENTRIES)).unwrap_err()
}

fn rules_error(rules: &str) -> String {
    replay(rules, SHEETS, Some(ENTRIES)).unwrap_err()
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
        "sheets.csv, line 1: The file is separated by semicolons (;); save it as comma-separated CSV."
    );
    assert_eq!(
        sheets_error(&SHEETS.replace(',', "\t")),
        "sheets.csv, line 1: The file is separated by tabs; save it as comma-separated CSV."
    );
}

#[test]
fn a_missing_misspelt_or_repeated_column_is_refused() {
    assert_eq!(
        sheets_error(&SHEETS.replacen("score", "points", 1)),
        "sheets.csv, line 1: The column \"points\" is not part of this format (see docs/formats.md)."
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
        "sheets.csv, line 1: The header lacks the column \"score\"."
    );
    assert_eq!(
        sheets_error(&SHEETS.replacen("comment", "judge", 1)),
        "sheets.csv, line 1: The column \"judge\" appears twice."
    );
}

#[test]
fn a_bad_score_is_refused_at_its_line_naming_the_criterion_and_allowed_values() {
    let cases = [
        (
            "J-A,E-001,novelty,32,",
            "J-A,E-001,novelty,32.25,",
            "sheets.csv, line 2: Criterion \"novelty\": score 32.25 is not on the step; allowed: 0 to 40 in steps of 0.5.",
        ),
        (
            "J-A,E-001,team,12,",
            "J-A,E-001,team,16,",
            "sheets.csv, line 4: Criterion \"team\": score 16 is out of range; allowed: 0 to 15 in steps of 0.5.",
        ),
        (
            "J-A,E-001,novelty,32,",
            "J-A,E-001,novelty,NaN,",
            "sheets.csv, line 2: Criterion \"novelty\": \"NaN\" is not a number (write 7 or 7.5, with a decimal point).",
        ),
        (
            "J-A,E-001,novelty,32,",
            "J-A,E-001,novelty,\"7,5\",",
            "sheets.csv, line 2: Criterion \"novelty\": \"7,5\" is not a number (write 7 or 7.5, with a decimal point).",
        ),
        (
            "J-A,E-001,novelty,32,",
            "J-A,E-001,market,32,",
            "sheets.csv, line 2: There is no criterion \"market\" in this round's rubric.",
        ),
        (
            "J-A,E-001,novelty,32,",
            "J-A,E-009,novelty,32,",
            "sheets.csv, line 2: There is no entry \"E-009\" in this round.",
        ),
        (
            "J-A,E-001,novelty,32,",
            "J-A,E-001,novelty,,",
            "sheets.csv, line 2: The sheet of judge J-A for entry E-001 lacks the required criterion \"novelty\".",
        ),
        (
            "J-A,E-001,novelty,32,",
            "J-A,E-001,novelty,32",
            "sheets.csv, line 2: has 4 fields, expected 5.",
        ),
        (
            "J-A,E-001,novelty,32,",
            ",E-001,novelty,32,",
            "sheets.csv, line 2: the \"judge\" field is empty.",
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
        "sheets.csv, line 3: repeats line 2 (same judge, entry and criterion)."
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
        "sheets.csv, line 2: The sheet of judge J-A for entry E-001 lacks the required criterion \"team\"."
    );
}

#[test]
fn an_empty_sheets_file_is_refused() {
    assert_eq!(
        sheets_error("\u{feff}\n"),
        "sheets.csv: The file is empty: a header line is required."
    );
}

#[test]
fn a_rules_file_breaking_a_rule_is_refused_at_the_line_that_sets_it() {
    assert_eq!(
        rules_error(&ROUND.replacen("max_points = 40", "max_points = 40\nstep = 3", 1)),
        "round.toml, line 21: Criterion \"novelty\": the step 3 does not divide the range 0 to 40."
    );
    assert_eq!(
        rules_error(&ROUND.replace("criterion:novelty", "criterion:market")),
        "round.toml, line 8: Setting \"tie_breaks\": there is no criterion \"market\" in the rubric."
    );
    assert_eq!(
        rules_error(&ROUND.replace("top_n = 2", "top_n = 0")),
        "round.toml, line 15: Setting \"advance.top_n\": must be at least 1."
    );
    let typo = rules_error(&ROUND.replace("judges_per_entry", "judges_per_entri"));
    assert!(
        typo.starts_with(
            "round.toml, line 5: The rules file is not valid: unknown field `judges_per_entri`"
        ),
        "{typo}"
    );
    let syntax = rules_error(&ROUND.replace("precision = 2", "precision = "));
    assert!(
        syntax.starts_with("round.toml, line 7: The rules file is not valid:"),
        "{syntax}"
    );
}

#[test]
fn rules_refusals_read_in_vietnamese_too() {
    let rules = ROUND.replacen("weight = 2", "weight = 0", 1);
    let err = parse_rules(&SourceFile::new("vong-so-khao.toml", &rules)).unwrap_err();
    assert_eq!(
        err.message(Lang::Vi),
        "vong-so-khao.toml, dòng 31: Tiêu chí \"team\": hệ số (0) phải lớn hơn 0 và không quá 1000."
    );
}

#[test]
fn an_entries_file_with_a_repeated_code_or_a_bad_time_is_refused() {
    let file = |text: &'static str| {
        parse_entries(&SourceFile::new("entries.csv", text))
            .unwrap_err()
            .message(Lang::En)
    };
    assert_eq!(
        file("code,category\nE-1,a\nE-1,b\n"),
        "entries.csv, line 3: Entry code \"E-1\" appears twice."
    );
    assert_eq!(
        file("code,submitted_at\nE-1,01/10/2026\n"),
        "entries.csv, line 2: \"01/10/2026\" is not an RFC 3339 instant (e.g. 2026-10-01T08:30:00+07:00)."
    );
    assert_eq!(
        file("code,disqualified\nE-1,maybe\n"),
        "entries.csv, line 2: column \"disqualified\": \"maybe\" must be yes or no."
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
        "round.toml, line 16: Setting \"advance.min_score\": 72.0000000000000000000000000001 has too many digits to be read exactly (at most 28 digits, 28 after the decimal point)."
    );
    assert_eq!(
        rules_error(&ROUND.replace("spread_points = 25", "spread_points = nan")),
        "round.toml, line 11: Setting \"discrepancy.spread_points\": \"nan\" is not a number (write 72 or 72.5)."
    );
    assert_eq!(
        rules_error(&ROUND.replacen(
            "max_points = 30",
            "max_points = 30.00000000000000000000000000001",
            1
        )),
        "round.toml, line 28: Setting \"criteria[2].max_points\": 30.00000000000000000000000000001 has too many digits to be read exactly (at most 28 digits, 28 after the decimal point)."
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
            format!(
                "sheets.csv, line 2: Criterion \"novelty\": \"{long}\" has too many digits to be read exactly (at most 28 digits, 28 after the decimal point)."
            )
        );
    }
}

#[test]
fn a_rules_file_mistake_reads_in_vietnamese_without_the_parsers_english() {
    let vi = |rules: &str| {
        parse_rules(&SourceFile::new("vong.toml", rules))
            .unwrap_err()
            .message(Lang::Vi)
    };
    assert_eq!(
        vi(&ROUND.replace("judges_per_entry", "judges_per_entri")),
        "vong.toml, dòng 5: Tệp quy tắc không hợp lệ (cột 1): khóa \"judges_per_entri\" không thuộc định dạng này (xem docs/formats.md)."
    );
    assert_eq!(
        vi(&ROUND.replace("top_n = 2", "top_n = \"hai\"")),
        "vong.toml, dòng 15: Tệp quy tắc không hợp lệ (cột 9): giá trị không đúng kiểu; cần một số nguyên không âm (ví dụ 3)."
    );
    assert_eq!(
        vi(&ROUND.replace("aggregate = \"mean\"", "aggregate = \"average\"")),
        "vong.toml, dòng 6: Tệp quy tắc không hợp lệ (cột 13): giá trị \"average\" không hợp lệ; dùng một trong: \"mean\", \"trimmed_mean\", \"median\", \"normalized_mean\"."
    );
    assert_eq!(
        vi(&ROUND.replace("precision = 2", "precision = ")),
        "vong.toml, dòng 7: Tệp quy tắc không hợp lệ (cột 13): sai cú pháp TOML hoặc giá trị không hợp lệ (xem https://toml.io và docs/formats.md)."
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
        "sheets.csv, line 25: A quote (\") opens a field on this line and is never closed, so the rest of the file would be read as that one field. Close the quote, or write a quote inside a field as two (\"\")."
    );
    // Closed by the next comment's opening quote, it would take in lines 3 to 22.
    let open_early = SHEETS.replacen(
        "J-A,E-001,novelty,32,",
        "J-A,E-001,novelty,32,\"Tốt, nhưng",
        1,
    );
    assert_eq!(
        replay(&rules, &open_early, Some(ENTRIES)).unwrap_err(),
        "sheets.csv, line 2: A quote (\") opens a field on this line and is only closed on line 23, so the lines in between would be read as part of that one field. Close the quote on this line."
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
        "sheets.csv, line 2: A quote (\") opens a field on this line and is only closed on line 3, so the lines in between would be read as part of that one field. Close the quote on this line."
    );
}

#[test]
fn a_file_that_is_not_utf8_is_refused_with_how_to_save_it() {
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(SHEETS.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let refusal = |bytes: &[u8], lang| decode_utf8("sheets.csv", bytes).unwrap_err().message(lang);
    assert_eq!(
        refusal(&utf16, Lang::En),
        "sheets.csv: The file is not UTF-8 (it looks like UTF-16 (\"Unicode Text\")). Save it as UTF-8: in Excel, Save As \"CSV UTF-8 (Comma delimited)\"; in a text editor, choose the UTF-8 encoding."
    );
    // Windows-1258 writes "Ý" as the single byte 0xDD.
    let mut bytes = SHEETS.replace('Ý', "#").into_bytes();
    let at = bytes.iter().position(|&b| b == b'#').unwrap();
    bytes[at] = 0xdd;
    assert_eq!(
        refusal(&bytes, Lang::Vi),
        "sheets.csv, dòng 23: Tệp không ở dạng mã hoá UTF-8 (có thể là Windows-1258, TCVN3 hay một bảng mã cũ khác). Hãy lưu lại dưới dạng UTF-8: trong Excel chọn Lưu thành (Save As) \"CSV UTF-8 (Comma delimited)\"; trong trình soạn thảo văn bản chọn mã hoá UTF-8."
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
        "sheets.csv: The sheets file has no score rows, only a header."
    );
    let err = parse_sheets(
        &SourceFile::new("phieu-cham.csv", header),
        &parse_rules(&SourceFile::new("round.toml", ROUND))
            .unwrap()
            .rubric,
        None,
    )
    .unwrap_err();
    assert_eq!(
        err.message(Lang::Vi),
        "phieu-cham.csv: Tệp phiếu chấm không có dòng điểm nào, chỉ có dòng tiêu đề."
    );
    assert_eq!(
        replay(ROUND, SHEETS, Some("code,category\n\n")).unwrap_err(),
        "entries.csv: The entries file lists no entries, only a header."
    );
}
