//! The domain's data in words (`app::words`): the refusals docs/formats.md shows, the worked
//! example's explanation and summary, and the planner's reports, in English and Vietnamese.
//! The domain's own tests check the same cases as data.

use std::str::FromStr;

use app::domain::Lang;
use app::domain::advancement::{Advancement, Exclusion, Verdict};
use app::domain::assignment::{AssignmentError, ConflictReason, PairList, PlanWarning, Shortfall};
use app::domain::calibration::CalibrationMode;
use app::domain::committee::{Override, OverrideAction};
use app::domain::discrepancy::{Flag, RelativeExcess, SpreadExcess};
use app::domain::error::{DecisionProblem, DomainError, SettingRule};
use app::domain::explain::{
    Calibrated, ChosenPrize, CriterionScore, Explanation, PrizeExplanation, PrizeOption,
    PrizeReason, SheetLine,
};
use app::domain::files::{SourceFile, decode_utf8, parse_rules, parse_sheets};
use app::domain::localized::Localized;
use app::domain::ranking::{DecidedBy, Neighbour, Placing};
use app::domain::replay::{ReplayInput, ReplayOutput, run};
use app::domain::round::{EntryStatus, Warning};
use app::domain::rubric::Allowed;
use app::domain::scoring::Dropped;
use app::domain::settings::{Aggregate, TieBreak};
use app::words;
use rust_decimal::Decimal;

const ROUND: &str = include_str!("../../docs/examples/round.toml");
const SHEETS: &str = include_str!("../../docs/examples/sheets.csv");
const ENTRIES: &str = include_str!("../../docs/examples/entries.csv");
const FORMATS: &str = include_str!("../../docs/formats.md");

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn replay(rules: &str, sheets: &str, explain: Option<&str>) -> Result<ReplayOutput, DomainError> {
    run(&ReplayInput {
        rules: SourceFile::new("round.toml", rules),
        sheets: SourceFile::new("sheets.csv", sheets),
        entries: Some(SourceFile::new("entries.csv", ENTRIES)),
        explain,
        lang: Lang::En,
    })
}

fn refusal(rules: &str, sheets: &str, lang: Lang) -> String {
    words::domain_error(&replay(rules, sheets, None).unwrap_err(), lang)
}

fn sheets_refusal(sheets: &str) -> String {
    refusal(ROUND, sheets, Lang::En)
}

fn rules_refusal(rules: &str) -> String {
    refusal(rules, SHEETS, Lang::En)
}

#[test]
fn the_typical_refusals_of_the_docs_are_the_words_printed() {
    let cases = [
        (
            sheets_refusal(&SHEETS.replace(',', ";")),
            "sheets.csv, line 1: The file is separated by semicolons (;); save it as comma-separated CSV.",
        ),
        (
            sheets_refusal(&SHEETS.replacen("score", "points", 1)),
            "sheets.csv, line 1: The column \"points\" is not part of this format (see docs/formats.md).",
        ),
        (
            sheets_refusal(&SHEETS.replacen(
                "J-A,E-001,novelty,32,",
                "J-A,E-001,novelty,32.25,",
                1,
            )),
            "sheets.csv, line 2: Criterion \"novelty\": score 32.25 is not on the step; allowed: 0 to 40 in steps of 0.5.",
        ),
        (
            sheets_refusal(&SHEETS.replacen("J-A,E-001,team,12,", "J-A,E-001,team,16,", 1)),
            "sheets.csv, line 4: Criterion \"team\": score 16 is out of range; allowed: 0 to 15 in steps of 0.5.",
        ),
        (
            sheets_refusal(&SHEETS.replacen(
                "J-A,E-001,novelty,32,",
                "J-A,E-001,novelty,\"7,5\",",
                1,
            )),
            "sheets.csv, line 2: Criterion \"novelty\": \"7,5\" is not a number (write 7 or 7.5, with a decimal point).",
        ),
        (
            sheets_refusal(&SHEETS.replacen(
                "J-A,E-001,novelty,32,",
                "J-A,E-001,novelty,32.000000000000000000000000000001,",
                1,
            )),
            "sheets.csv, line 2: Criterion \"novelty\": \"32.000000000000000000000000000001\" has too many digits to be read exactly (at most 28 digits, 28 after the decimal point).",
        ),
        (
            sheets_refusal(&SHEETS.replacen(
                "J-B,E-004,team,14,",
                "J-B,E-004,team,14,\"Đội mạnh, nhưng",
                1,
            )),
            "sheets.csv, line 25: A quote (\") opens a field on this line and is never closed, so the rest of the file would be read as that one field. Close the quote, or write a quote inside a field as two (\"\").",
        ),
        (
            sheets_refusal("judge,entry,criterion,score,comment\n"),
            "sheets.csv: The sheets file has no score rows, only a header.",
        ),
        (
            sheets_refusal(&SHEETS.replacen(
                "J-A,E-001,feasibility,24,",
                "J-A,E-001,novelty,32,",
                1,
            )),
            "sheets.csv, line 3: repeats line 2 (same judge, entry and criterion).",
        ),
        (
            sheets_refusal(&SHEETS.replacen("J-A,E-001,novelty,32,", "J-A,E-001,market,32,", 1)),
            "sheets.csv, line 2: There is no criterion \"market\" in this round's rubric.",
        ),
        (
            sheets_refusal(
                &SHEETS
                    .lines()
                    .filter(|l| *l != "J-A,E-001,team,12,")
                    .map(|l| format!("{l}\n"))
                    .collect::<String>(),
            ),
            "sheets.csv, line 2: The sheet of judge J-A for entry E-001 lacks the required criterion \"team\".",
        ),
        (
            rules_refusal(&ROUND.replacen("max_points = 40", "max_points = 40\nstep = 3", 1)),
            "round.toml, line 21: Criterion \"novelty\": the step 3 does not divide the range 0 to 40.",
        ),
        (
            rules_refusal(&ROUND.replace("criterion:novelty", "criterion:market")),
            "round.toml, line 8: Setting \"tie_breaks\": there is no criterion \"market\" in the rubric.",
        ),
        (
            rules_refusal(&ROUND.replace(
                "min_score = 50",
                "min_score = 72.0000000000000000000000000001",
            )),
            "round.toml, line 16: Setting \"advance.min_score\": 72.0000000000000000000000000001 has too many digits to be read exactly (at most 28 digits, 28 after the decimal point).",
        ),
    ];
    for (printed, docs) in cases {
        assert_eq!(printed, docs);
        assert!(FORMATS.contains(docs), "formats.md shows {docs}");
    }
}

#[test]
fn refusals_name_the_file_line_and_rule_in_english() {
    let cases = [
        (
            sheets_refusal(&SHEETS.replace(',', "\t")),
            "sheets.csv, line 1: The file is separated by tabs; save it as comma-separated CSV.",
        ),
        (
            sheets_refusal(&SHEETS.replacen("comment", "judge", 1)),
            "sheets.csv, line 1: The column \"judge\" appears twice.",
        ),
        (
            sheets_refusal(&SHEETS.replacen("J-A,E-001,novelty,32,", "J-A,E-009,novelty,32,", 1)),
            "sheets.csv, line 2: There is no entry \"E-009\" in this round.",
        ),
        (
            sheets_refusal(&SHEETS.replacen("J-A,E-001,novelty,32,", "J-A,E-001,novelty,32", 1)),
            "sheets.csv, line 2: has 4 fields, expected 5.",
        ),
        (
            sheets_refusal(&SHEETS.replacen("J-A,E-001,novelty,32,", ",E-001,novelty,32,", 1)),
            "sheets.csv, line 2: the \"judge\" field is empty.",
        ),
        (
            sheets_refusal("\u{feff}\n"),
            "sheets.csv: The file is empty: a header line is required.",
        ),
        (
            sheets_refusal(&SHEETS.replacen(
                "J-A,E-001,novelty,32,",
                "J-A,\"E-001\n\",novelty,32,",
                1,
            )),
            "sheets.csv, line 2: A quote (\") opens a field on this line and is only closed on line 3, so the lines in between would be read as part of that one field. Close the quote on this line.",
        ),
        (
            rules_refusal(&ROUND.replace("top_n = 2", "top_n = 0")),
            "round.toml, line 15: Setting \"advance.top_n\": must be at least 1.",
        ),
        (
            rules_refusal(&ROUND.replace("spread_points = 25", "spread_points = nan")),
            "round.toml, line 11: Setting \"discrepancy.spread_points\": \"nan\" is not a number (write 72 or 72.5).",
        ),
        (
            words::domain_error(
                &DomainError::UnknownEntry {
                    code: "E-999".into(),
                },
                Lang::En,
            ),
            "There is no entry \"E-999\" in this round.",
        ),
    ];
    for (printed, expected) in cases {
        assert_eq!(printed, expected);
    }
    // English quotes the TOML parser's own words.
    let typo = rules_refusal(&ROUND.replace("judges_per_entry", "judges_per_entri"));
    assert!(
        typo.starts_with(
            "round.toml, line 5: The rules file is not valid: unknown field `judges_per_entri`"
        ),
        "{typo}"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_refused_with_how_to_save_it_in_either_language() {
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(SHEETS.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let refusal = |bytes: &[u8], lang| {
        words::domain_error(&decode_utf8("sheets.csv", bytes).unwrap_err(), lang)
    };
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
}

#[test]
fn vietnamese_refusals_say_the_rule_in_vietnamese_with_a_decimal_comma() {
    let rules = ROUND.replacen("weight = 2", "weight = 0", 1);
    let err = parse_rules(&SourceFile::new("vong-so-khao.toml", &rules)).unwrap_err();
    assert_eq!(
        words::domain_error(&err, Lang::Vi),
        "vong-so-khao.toml, dòng 31: Tiêu chí \"team\": hệ số (0) phải lớn hơn 0 và không quá 1000."
    );
    let off_step = DomainError::ScoreOffStep {
        criterion: "c1".into(),
        score: d("2.50"),
        allowed: Allowed {
            min: d("1"),
            max: d("5"),
            step: d("0.5"),
        },
    };
    assert_eq!(
        words::domain_error(&off_step, Lang::Vi),
        "Tiêu chí \"c1\": điểm 2,5 không đúng bước điểm; điểm hợp lệ: từ 1 đến 5, bước 0,5."
    );
    assert_eq!(
        words::domain_error(&off_step, Lang::En),
        "Criterion \"c1\": score 2.5 is not on the step; allowed: 1 to 5 in steps of 0.5."
    );
    let setting = DomainError::Setting {
        setting: "tie_breaks".into(),
        rule: SettingRule::UnknownCriterion {
            key: "novelty".into(),
        },
    };
    assert_eq!(
        words::domain_error(&setting, Lang::Vi),
        "Thiết lập \"tie_breaks\": không có tiêu chí \"novelty\" trong bộ tiêu chí."
    );
    let decision = DomainError::Decision {
        entry: "Q".into(),
        problem: DecisionProblem::TooManyForPrize {
            prize: Some(2),
            places: 1,
        },
    };
    assert_eq!(
        words::domain_error(&decision, Lang::Vi),
        "Quyết định của Ban tổ chức về hồ sơ Q: nhóm đồng hạng chỉ có 1 suất giải số 2."
    );
    let header_only = parse_sheets(
        &SourceFile::new("phieu-cham.csv", "judge,entry,criterion,score,comment\n"),
        &parse_rules(&SourceFile::new("round.toml", ROUND))
            .unwrap()
            .rubric,
        None,
    )
    .unwrap_err();
    assert_eq!(
        words::domain_error(&header_only, Lang::Vi),
        "phieu-cham.csv: Tệp phiếu chấm không có dòng điểm nào, chỉ có dòng tiêu đề."
    );
}

#[test]
fn a_rules_file_mistake_reads_in_vietnamese_without_the_parsers_english() {
    let vi = |rules: &str| {
        words::domain_error(
            &parse_rules(&SourceFile::new("vong.toml", rules)).unwrap_err(),
            Lang::Vi,
        )
    };
    let cases = [
        (
            vi(&ROUND.replace("judges_per_entry", "judges_per_entri")),
            "vong.toml, dòng 5: Tệp quy tắc không hợp lệ (cột 1): khóa \"judges_per_entri\" không thuộc định dạng này (xem docs/formats.md).",
        ),
        (
            vi(&ROUND.replace("top_n = 2", "top_n = \"hai\"")),
            "vong.toml, dòng 15: Tệp quy tắc không hợp lệ (cột 9): giá trị không đúng kiểu; cần một số nguyên không âm (ví dụ 3).",
        ),
        (
            vi(&ROUND.replace("aggregate = \"mean\"", "aggregate = \"average\"")),
            "vong.toml, dòng 6: Tệp quy tắc không hợp lệ (cột 13): giá trị \"average\" không hợp lệ; dùng một trong: \"mean\", \"trimmed_mean\", \"median\", \"normalized_mean\".",
        ),
        (
            vi(&ROUND.replace("precision = 2", "precision = ")),
            "vong.toml, dòng 7: Tệp quy tắc không hợp lệ (cột 13): sai cú pháp TOML hoặc giá trị không hợp lệ (xem https://toml.io và docs/formats.md).",
        ),
    ];
    for (printed, expected) in cases {
        assert_eq!(printed, expected);
    }
}

#[test]
fn the_worked_example_is_explained_in_english_as_the_docs_show_it() {
    let output = replay(ROUND, SHEETS, Some("E-003")).unwrap();
    let en = words::explanation(&output.explanation.unwrap(), Lang::En);
    assert!(
        FORMATS.contains(&format!("```\n{en}```")),
        "formats.md shows this explanation:\n{en}"
    );
}

#[test]
fn the_worked_example_is_explained_in_vietnamese_with_vietnamese_terms_and_numbers() {
    let output = replay(ROUND, SHEETS, Some("E-004")).unwrap();
    let vi = words::explanation(&output.explanation.unwrap(), Lang::Vi);
    assert_eq!(
        vi,
        "Hồ sơ E-004 · bảng business\n\
         \x20 Phân bón hữu cơ từ vỏ cà phê\n\
         Trạng thái: được xếp hạng\n\
         Phiếu được tính (3 phiếu, cần tối thiểu 3):\n\
         \x20 J-A: tổng 45\n\
         \x20 J-B: tổng 93\n\
         \x20 J-C: tổng 57\n\
         Cách tính: trung bình cộng\n\
         Điểm: 65,00\n\
         Theo tiêu chí: Tính mới, sáng tạo 27,67 · Tính khả thi 20,00 · Năng lực đội ngũ 17,33\n\
         Chênh lệch điểm: cao nhất − thấp nhất = 48 > 25 — chờ Ban tổ chức xử lý\n\
         Hạng chung: 4; dưới E-002 (khác điểm)\n\
         Hạng trong bảng: 2; dưới E-003 (khác điểm)\n\
         Đi tiếp: không — hạng 4, hạng cuối được đi tiếp là 2\n"
    );
    let e003 = replay(ROUND, SHEETS, Some("E-003")).unwrap();
    let vi = words::explanation(&e003.explanation.unwrap(), Lang::Vi);
    assert!(
        vi.contains("Hạng chung: 2; dưới E-001 (khác điểm); trên E-002 (tách bởi tiêu chí phụ: điểm tiêu chí novelty)\n"),
        "{vi}"
    );
}

/// An explanation with every kind of line the worked example does not show.
fn every_line_kind() -> Explanation {
    let sheet = |judge: &str, total: &str| SheetLine {
        judge: judge.into(),
        total: d(total),
        calibrated: None,
        dropped: None,
    };
    let first = Localized::new("Giải Nhất", "First prize");
    Explanation {
        code: "E-007".into(),
        category: None,
        title: None,
        status: EntryStatus::Incomplete,
        sheets: vec![
            SheetLine {
                calibrated: Some(Calibrated {
                    total: d("71.5"),
                    change: d("1.5"),
                }),
                ..sheet("J-A", "70")
            },
            SheetLine {
                calibrated: Some(Calibrated {
                    total: d("88.25"),
                    change: d("-4.75"),
                }),
                ..sheet("J-B", "93")
            },
            SheetLine {
                dropped: Some(Dropped::Lowest),
                ..sheet("J-C", "45")
            },
        ],
        min_sheets: 4,
        aggregate: Aggregate::TrimmedMean { trim: 1 },
        fell_back_to_mean: true,
        score: None,
        raw_score: Some(d("69.33")),
        criteria: vec![CriterionScore {
            key: "novelty".into(),
            name: Localized::default(),
            score: None,
        }],
        discrepancy: Some(Flag {
            spread: Some(SpreadExcess {
                spread: d("48"),
                limit: d("25"),
            }),
            relative: Some(RelativeExcess {
                judge: "J-B".into(),
                total: d("93"),
                mean: d("69.3333"),
                ratio: None,
                limit: d("0.3"),
            }),
            accepted: Some("đã kiểm tra".into()),
        }),
        rank: Some(Placing {
            rank: 5,
            above: Some(Neighbour {
                code: "E-002".into(),
                decided_by: DecidedBy::TieBreak(TieBreak::EarlierSubmission),
            }),
            below: Some(Neighbour {
                code: "E-009".into(),
                decided_by: DecidedBy::Shared,
            }),
        }),
        category_rank: None,
        advancement: Some(Advancement {
            by_rules: Verdict::DoesNotAdvance(Exclusion::BelowMinScore {
                score: d("1234.5"),
                min_score: d("1250"),
            }),
            committee: Some(Override {
                entry: "E-007".into(),
                action: OverrideAction::Add,
                reason: "wildcard".into(),
            }),
        }),
        prize: Some(PrizeExplanation {
            by_rules: PrizeReason::CommitteeDecides {
                options: vec![
                    PrizeOption {
                        prize: Some(first.clone()),
                        places: 1,
                    },
                    PrizeOption {
                        prize: None,
                        places: 1,
                    },
                ],
            },
            committee: Some(ChosenPrize {
                prize: Some(first),
                reason: "modesty".into(),
            }),
        }),
    }
}

#[test]
fn every_kind_of_explanation_line_reads_in_both_languages() {
    let e = every_line_kind();
    assert_eq!(
        words::explanation(&e, Lang::En),
        "Entry E-007 · category (no category)\n\
         Status: incomplete: scored but not ranked\n\
         Counted sheets (3 sheets, minimum 4):\n\
         \x20 J-A: total 70 → calibrated 71.5 (+1.5)\n\
         \x20 J-B: total 93 → calibrated 88.25 (-4.75)\n\
         \x20 J-C: total 45 [dropped: lowest]\n\
         Aggregate: trimmed_mean(trim=1)\n\
         \x20 n ≤ 2 × trim, so the plain mean is used\n\
         Score: —\n\
         Raw score (uncalibrated mean): 69.33\n\
         Per criterion: novelty —\n\
         Discrepancy: max − min = 48 > 25; judge J-B: |93 − 69.3333| / |69.3333| = ∞ > 0.3 — accepted by the committee: đã kiểm tra\n\
         Overall rank: 5; below E-002 (by tie-break earlier_submission); above E-009 (shares the rank)\n\
         Advancement: no — score 1,234.5 < 1,250 — added by the committee: wildcard\n\
         Prize: tied across a prize boundary, the committee chooses among: First prize × 1, no prize × 1 — the committee chose: First prize (modesty)\n"
    );
    assert_eq!(
        words::explanation(&e, Lang::Vi),
        "Hồ sơ E-007 · bảng (không có bảng)\n\
         Trạng thái: chưa đủ phiếu chấm: có điểm nhưng không xếp hạng\n\
         Phiếu được tính (3 phiếu, cần tối thiểu 4):\n\
         \x20 J-A: tổng 70 → hiệu chỉnh 71,5 (+1,5)\n\
         \x20 J-B: tổng 93 → hiệu chỉnh 88,25 (-4,75)\n\
         \x20 J-C: tổng 45 [bị loại: thấp nhất]\n\
         Cách tính: trung bình sau khi bỏ 1 phiếu cao nhất và 1 phiếu thấp nhất\n\
         \x20 số phiếu ≤ 2 × số phiếu bỏ nên dùng trung bình cộng\n\
         Điểm: —\n\
         Điểm thô (trung bình chưa hiệu chỉnh): 69,33\n\
         Theo tiêu chí: novelty —\n\
         Chênh lệch điểm: cao nhất − thấp nhất = 48 > 25; giám khảo J-B: |93 − 69,3333| / |69,3333| = ∞ > 0,3 — Ban tổ chức chấp nhận: đã kiểm tra\n\
         Hạng chung: 5; dưới E-002 (tách bởi tiêu chí phụ: nộp hồ sơ sớm hơn); trên E-009 (đồng hạng)\n\
         Đi tiếp: không — điểm 1.234,5 < 1.250 — Ban tổ chức cho đi tiếp: wildcard\n\
         Giải: đồng hạng qua ranh giới giải, chờ Ban tổ chức chọn trong: Giải Nhất × 1, không giải × 1 — Ban tổ chức chọn: Giải Nhất (modesty)\n"
    );
}

#[test]
fn the_summary_counts_the_entries_and_names_what_awaits_the_committee() {
    let output = replay(ROUND, SHEETS, None).unwrap();
    let digest = &output.digest;
    assert_eq!(
        words::replay_summary(&output.summary, Lang::En),
        format!(
            "4 entries: 4 ranked, 0 incomplete, 0 disqualified; 1 flagged for discrepancy; 3 advance; 0 awarded.\n\
             SHA-256 digest: {digest}\n"
        )
    );
    assert_eq!(
        words::replay_summary(&output.summary, Lang::Vi),
        format!(
            "4 hồ sơ: 4 được xếp hạng, 0 chưa đủ phiếu chấm, 0 bị loại; 1 bị gắn cờ chênh lệch điểm; 3 đi tiếp; 0 nhận giải.\n\
             Mã kiểm tra SHA-256: {digest}\n"
        )
    );
    let strict = ROUND.replace("advisory = true", "advisory = false");
    let output = replay(&strict, SHEETS, None).unwrap();
    assert!(
        words::replay_summary(&output.summary, Lang::En)
            .contains("\nAwaiting the committee: E-004: open discrepancy flag\n"),
        "{:?}",
        output.summary
    );
}

#[test]
fn calibration_warnings_say_what_happened_to_the_judge() {
    let few = Warning::FewSheets {
        judge: "J-9".into(),
        sheets: 2,
        mode: CalibrationMode::Shifted,
    };
    assert_eq!(
        words::warning(&few, Lang::En),
        "Warning: judge J-9 has only 2 sheet(s) (3 are needed to rescale): only shifted by their mean."
    );
    let apart = Warning::DisconnectedJudges {
        groups: vec![vec!["J-1".into(), "J-2".into()], vec!["J-3".into()]],
    };
    assert_eq!(
        words::warning(&apart, Lang::Vi),
        "Cảnh báo: giám khảo chia thành 2 nhóm không chấm chung hồ sơ nào, nên hiệu chỉnh không so sánh được giữa các nhóm: [J-1, J-2] [J-3]"
    );
}

#[test]
fn the_planners_reports_read_in_both_languages() {
    let organisation = ConflictReason::SameOrganisation {
        member: "An".into(),
        organisation: "Truong Dai hoc Bach Khoa".into(),
    };
    assert_eq!(
        words::conflict_reason(&organisation, Lang::Vi),
        "thành viên An cùng đơn vị công tác với giám khảo (Truong Dai hoc Bach Khoa)"
    );
    let domain = ConflictReason::SameEmailDomain {
        member: "Bình".into(),
        domain: "agritech.com.vn".into(),
    };
    assert_eq!(
        words::conflict_reason(&domain, Lang::En),
        "team member Bình has an email address at the judge's domain agritech.com.vn"
    );
    let refused = AssignmentError::UnknownJudge {
        id: "J9".into(),
        list: PairList::DeclaredConflicts,
    };
    assert_eq!(
        words::assignment_error(&refused, Lang::Vi),
        "Danh sách xung đột đã khai báo nhắc tới giám khảo J9 không có trong vòng."
    );
    let mut shortfall = Shortfall {
        entry_id: "id-E-0142".into(),
        code: "E-0142".into(),
        needed: 3,
        assigned: 2,
        eligible: 2,
        in_conflict: 3,
        at_max_load: 4,
    };
    assert_eq!(
        words::shortfall(&shortfall, Lang::En),
        "E-0142: 2 eligible judges, 3 in conflict, 4 at their maximum load; needs 3, has 2."
    );
    assert_eq!(
        words::shortfall(&shortfall, Lang::Vi),
        "E-0142: 2 giám khảo đủ điều kiện, 3 có xung đột lợi ích, 4 đã đủ số hồ sơ tối đa; cần 3, mới có 2."
    );
    shortfall.eligible = 1;
    assert_eq!(
        words::shortfall(&shortfall, Lang::En),
        "E-0142: 1 eligible judge, 3 in conflict, 4 at their maximum load; needs 3, has 2."
    );
    let kept = PlanWarning::KeptInConflict {
        entry_id: "id-E-0001".into(),
        code: "E-0001".into(),
        judge_id: "J1".into(),
        judge_name: "Judge J1".into(),
    };
    assert_eq!(
        words::plan_warning(&kept, Lang::Vi),
        "Không giữ phân công Judge J1 chấm E-0001: có xung đột lợi ích."
    );
    assert_eq!(
        words::plan_warning(&PlanWarning::Disconnected { groups: 2 }, Lang::En),
        "The judges form 2 groups that share no entry; calibration can only compare judges within a group."
    );
}
