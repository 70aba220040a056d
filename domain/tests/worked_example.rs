//! docs/formats.md's worked example replays to exactly the results and digest it states.

use jurydesk_domain::Lang;
use jurydesk_domain::error::DomainError;
use jurydesk_domain::files::SourceFile;
use jurydesk_domain::replay::{ReplayInput, run};

const ROUND: &str = include_str!("../../docs/examples/round.toml");
const SHEETS: &str = include_str!("../../docs/examples/sheets.csv");
const ENTRIES: &str = include_str!("../../docs/examples/entries.csv");
const RESULTS: &str = include_str!("../../docs/examples/results.csv");
const FORMATS: &str = include_str!("../../docs/formats.md");

fn replay(
    explain: Option<&str>,
    lang: Lang,
) -> Result<jurydesk_domain::replay::ReplayOutput, DomainError> {
    run(&ReplayInput {
        rules: SourceFile::new("round.toml", ROUND),
        sheets: SourceFile::new("sheets.csv", SHEETS),
        entries: Some(SourceFile::new("entries.csv", ENTRIES)),
        explain,
        lang,
    })
}

/// The digest formats.md states, on the line that starts with "Digest:".
fn stated_digest() -> &'static str {
    FORMATS
        .lines()
        .find_map(|l| l.trim().strip_prefix("Digest: `"))
        .and_then(|rest| rest.strip_suffix('`'))
        .expect("formats.md states the example's digest")
}

#[test]
fn the_worked_example_replays_to_the_published_results_byte_for_byte() {
    let output = replay(None, Lang::Vi).unwrap();
    if output.csv != RESULTS {
        let _ = std::fs::write(
            concat!(env!("CARGO_TARGET_TMPDIR"), "/results.csv"),
            &output.csv,
        );
    }
    assert_eq!(output.csv, RESULTS);
    assert_eq!(output.digest, stated_digest());
}

#[test]
fn the_worked_example_explains_an_entry_in_both_languages() {
    let en = replay(Some("E-003"), Lang::En)
        .unwrap()
        .explanation
        .unwrap();
    let vi = replay(Some("E-003"), Lang::Vi)
        .unwrap()
        .explanation
        .unwrap();
    if !FORMATS.contains(en.trim_end()) {
        let _ = std::fs::write(concat!(env!("CARGO_TARGET_TMPDIR"), "/explain-en.txt"), &en);
        let _ = std::fs::write(concat!(env!("CARGO_TARGET_TMPDIR"), "/explain-vi.txt"), &vi);
    }
    assert!(
        FORMATS.contains(en.trim_end()),
        "formats.md shows this explanation:\n{en}"
    );
    assert!(vi.contains("Hạng chung: 2; dưới E-001 (khác điểm); trên E-002 (tách bởi tiêu chí phụ criterion:novelty)"), "{vi}");
}

#[test]
fn explaining_an_unknown_entry_is_refused() {
    let err = replay(Some("E-999"), Lang::En).unwrap_err();
    assert_eq!(
        err.message(Lang::En),
        "There is no entry \"E-999\" in this round."
    );
}

#[test]
fn the_digest_covers_scores_and_rules_but_not_titles_or_comments() {
    let digest = |rules: &str, sheets: &str, entries: &str| {
        run(&ReplayInput {
            rules: SourceFile::new("round.toml", rules),
            sheets: SourceFile::new("sheets.csv", sheets),
            entries: Some(SourceFile::new("entries.csv", entries)),
            explain: None,
            lang: Lang::En,
        })
        .unwrap()
        .digest
    };
    let published = stated_digest();
    let retitled = ENTRIES.replace("Nền tảng du lịch cộng đồng", "Du lịch cộng đồng");
    let recommented = SHEETS.replace("Ý tưởng rất mới", "Ý tưởng mới");
    assert_eq!(digest(ROUND, &recommented, &retitled), published);
    let rescored = SHEETS.replacen("J-A,E-001,novelty,32,", "J-A,E-001,novelty,32.5,", 1);
    assert_ne!(digest(ROUND, &rescored, ENTRIES), published);
    let stricter = ROUND.replace("min_score = 50", "min_score = 50.5");
    assert_ne!(digest(&stricter, SHEETS, ENTRIES), published);
}

#[test]
fn a_final_round_lists_prizes_in_the_chosen_language_and_marks_pending_ties() {
    let rules = ROUND
        .replace("[round.advance]\ntop_n = 2\nmin_score = 50\nno_zero_criterion = true\nties_at_cutoff = \"all_advance\"\n", "")
        .replace("tie_breaks = [\"criterion:novelty\", \"earlier_submission\"]", "is_final = true")
        .replace(
            "[[committee.overrides]]\nentry = \"E-002\"\naction = \"add\"\nreason = \"Ban giám khảo đề nghị bổ sung vì sản phẩm đã chạy thử tại hợp tác xã\"\n",
            "",
        )
        + "\n[round.prizes]\n[[round.prizes.list]]\nname = { vi = \"Giải Nhất\", en = \"First prize\" }\ncount = 1\n\n[[round.prizes.list]]\nname = { vi = \"Giải Nhì\", en = \"Second prize\" }\ncount = 1\n";
    let output = run(&ReplayInput {
        rules: SourceFile::new("round.toml", &rules),
        sheets: SourceFile::new("sheets.csv", SHEETS),
        entries: Some(SourceFile::new("entries.csv", ENTRIES)),
        explain: None,
        lang: Lang::En,
    })
    .unwrap();
    // Without tie-breaks E-002 and E-003 share second place across the end of the list, and
    // the default policy leaves it to the committee.
    let prizes: Vec<(String, String)> = output
        .csv
        .lines()
        .skip(1)
        .map(|l| {
            let fields: Vec<&str> = l.split(',').collect();
            (fields[0].to_owned(), fields[14].to_owned())
        })
        .collect();
    let expected = [
        ("E-001", "First prize"),
        ("E-002", "pending"),
        ("E-003", "pending"),
        ("E-004", ""),
    ];
    assert_eq!(prizes, expected.map(|(c, p)| (c.to_owned(), p.to_owned())));
    assert!(
        output
            .summary
            .contains("Awaiting the committee: E-002: tie across a prize boundary"),
        "{}",
        output.summary
    );
}
