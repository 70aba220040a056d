//! The `jurydesk` binary itself: offline result replay and its refusals.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_jurydesk");

fn example(name: &str) -> String {
    format!("{}/../docs/examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn results_replays_the_worked_example_of_the_docs_byte_for_byte() {
    let out = std::env::temp_dir().join(format!("jurydesk-results-{}.csv", std::process::id()));
    let run = Command::new(BIN)
        .args([
            "results",
            "--rules",
            &example("round.toml"),
            "--sheets",
            &example("sheets.csv"),
        ])
        .args([
            "--entries",
            &example("entries.csv"),
            "--out",
            out.to_str().unwrap(),
            "--explain",
            "E-003",
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let written = std::fs::read(&out).unwrap();
    let published = std::fs::read(example("results.csv")).unwrap();
    assert_eq!(written, published);
    assert!(
        written.starts_with(b"\xEF\xBB\xBF"),
        "the CSV starts with a BOM for Excel"
    );
    let printed = String::from_utf8(run.stdout).unwrap();
    let docs =
        std::fs::read_to_string(format!("{}/../docs/formats.md", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
    let digest = printed
        .split_whitespace()
        .find(|w| w.len() == 64 && w.chars().all(|c| c.is_ascii_hexdigit()))
        .expect("a digest");
    assert!(
        docs.contains(digest),
        "the digest printed is the one published in docs/formats.md"
    );
    assert!(printed.contains("E-003"));
    let _ = std::fs::remove_file(out);
}

/// Runs `jurydesk results` on the worked example, writing the CSV to a temporary file, and
/// returns what it printed.
fn replay_example(lang: &str, explain: &str) -> String {
    let out = std::env::temp_dir().join(format!(
        "jurydesk-results-{lang}-{explain}-{}.csv",
        std::process::id()
    ));
    let run = Command::new(BIN)
        .args(["results", "--lang", lang, "--explain", explain])
        .args(["--rules", &example("round.toml")])
        .args(["--sheets", &example("sheets.csv")])
        .args(["--entries", &example("entries.csv")])
        .args(["--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let _ = std::fs::remove_file(out);
    String::from_utf8(run.stdout).unwrap()
}

#[test]
fn results_prints_the_english_explanation_of_the_docs_byte_for_byte() {
    let docs =
        std::fs::read_to_string(format!("{}/../docs/formats.md", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
    let shown = docs
        .split_once("**Explanation** (`--explain E-003`, in English):\n\n```\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .map(|(block, _)| block)
        .expect("formats.md shows the English explanation of E-003");
    let printed = replay_example("en", "E-003");
    assert!(
        printed.ends_with(&format!("\n\n{shown}")),
        "printed:\n{printed}\nformats.md shows:\n{shown}"
    );
    assert!(printed.starts_with("4 entries: 4 ranked, 0 incomplete, 0 disqualified;"));
}

#[test]
fn results_in_vietnamese_writes_numbers_with_a_decimal_comma_and_every_term_in_vietnamese() {
    let printed = replay_example("vi", "E-004");
    for said in [
        "4 hồ sơ: 4 được xếp hạng",
        "Mã kiểm tra SHA-256: ",
        "Cách tính: trung bình cộng\n",
        "Điểm: 65,00\n",
        "Theo tiêu chí: Tính mới, sáng tạo 27,67 · Tính khả thi 20,00 · Năng lực đội ngũ 17,33\n",
        "Chênh lệch điểm: cao nhất − thấp nhất = 48 > 25",
        "Hạng chung: 4; dưới E-002 (khác điểm)\n",
    ] {
        assert!(printed.contains(said), "{said:?} in:\n{printed}");
    }
    for english in [
        "65.00",
        "mean",
        "Score",
        "Aggregate",
        "Entry",
        "rank",
        "score",
        "digest",
        "entries",
        "criterion",
        "judge",
        "total",
        "max",
        "min",
    ] {
        assert!(!printed.contains(english), "{english:?} in:\n{printed}");
    }
}

#[test]
fn results_refuses_a_broken_sheet_with_the_file_line_and_reason() {
    let dir = std::env::temp_dir().join(format!("jurydesk-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sheets = std::fs::read_to_string(example("sheets.csv")).unwrap();
    let mut lines: Vec<String> = sheets.lines().map(str::to_owned).collect();
    // Break the first data row's score.
    let cols: Vec<&str> = lines[1].split(',').collect();
    let score_col = lines[0]
        .split(',')
        .position(|c| c.trim() == "score")
        .unwrap();
    let mut broken: Vec<String> = cols.iter().map(|c| c.to_string()).collect();
    broken[score_col] = "NaN".into();
    lines[1] = broken.join(",");
    let bad = dir.join("sheets.csv");
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let run = Command::new(BIN)
        .args([
            "results",
            "--lang",
            "en",
            "--rules",
            &example("round.toml"),
            "--sheets",
            bad.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!run.status.success());
    let err = String::from_utf8(run.stderr).unwrap();
    assert!(
        err.contains("sheets.csv") && err.contains("line 2"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn version_and_help_answer_without_a_database() {
    let v = Command::new(BIN).arg("version").output().unwrap();
    assert_eq!(
        String::from_utf8(v.stdout).unwrap().trim(),
        format!("jurydesk {}", env!("CARGO_PKG_VERSION"))
    );
    let help = Command::new(BIN).arg("--help").output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    for command in [
        "serve",
        "migrate",
        "create-admin",
        "users",
        "results",
        "version",
    ] {
        assert!(help.contains(command), "--help lists {command}");
    }
}

#[test]
fn an_unreachable_postgresql_is_a_plain_message_not_a_panic() {
    let run = Command::new(BIN)
        .args([
            "migrate",
            "--database-url",
            "postgres://nobody@127.0.0.1:1/none",
        ])
        .env(
            "JURYDESK_DATA_DIR",
            std::env::temp_dir().join("jurydesk-unreachable"),
        )
        .output()
        .unwrap();
    assert!(!run.status.success());
    let err = String::from_utf8(run.stderr).unwrap();
    assert!(
        err.starts_with("jurydesk: cannot reach PostgreSQL"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}
