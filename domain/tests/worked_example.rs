//! docs/formats.md's worked example replays to exactly the results and digest it states.

use jurydesk_domain::Lang;
use jurydesk_domain::advancement::{AdvanceReason, Verdict};
use jurydesk_domain::error::DomainError;
use jurydesk_domain::files::SourceFile;
use jurydesk_domain::ranking::{DecidedBy, Neighbour, Placing};
use jurydesk_domain::replay::{ReplayInput, run};
use jurydesk_domain::round::{EntryStatus, Pending};
use jurydesk_domain::settings::{Aggregate, TieBreak};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

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
fn the_worked_example_explains_an_entry_by_the_rules_that_decided_and_their_figures() {
    let e = replay(Some("E-003"), Lang::En)
        .unwrap()
        .explanation
        .unwrap();
    let neighbour = |code: &str, decided_by| Neighbour {
        code: code.into(),
        decided_by,
    };
    assert_eq!(
        (e.code.as_str(), e.category.as_deref()),
        ("E-003", Some("business"))
    );
    assert_eq!(e.status, EntryStatus::Ranked);
    let totals: Vec<(&str, Decimal)> = e
        .sheets
        .iter()
        .map(|s| (s.judge.as_str(), s.total))
        .collect();
    assert_eq!(
        totals,
        [("J-A", dec!(70)), ("J-B", dec!(73)), ("J-C", dec!(73))]
    );
    assert_eq!((e.min_sheets, e.aggregate), (3, Aggregate::Mean));
    // Scores are carried at the round's precision, 2 decimals: 72.00, not 72.
    assert_eq!(e.score.map(|s| s.to_string()), Some("72.00".into()));
    let criteria: Vec<String> = e
        .criteria
        .iter()
        .map(|c| format!("{} {}", c.key, c.score.unwrap()))
        .collect();
    assert_eq!(
        criteria,
        ["novelty 32.00", "feasibility 19.67", "team 20.33"]
    );
    assert_eq!(e.discrepancy, None);
    // Second on score, ahead of E-002 only by the first tie-break (§6).
    assert_eq!(
        e.rank,
        Some(Placing {
            rank: 2,
            above: Some(neighbour("E-001", DecidedBy::Score)),
            below: Some(neighbour(
                "E-002",
                DecidedBy::TieBreak(TieBreak::Criterion("novelty".into()))
            )),
        })
    );
    assert_eq!(
        e.category_rank,
        Some(Placing {
            rank: 1,
            above: None,
            below: Some(neighbour("E-004", DecidedBy::Score)),
        })
    );
    assert_eq!(
        e.advancement.map(|a| a.by_rules),
        Some(Verdict::Advances(AdvanceReason::WithinTopN { rank: 2 }))
    );
    assert_eq!(e.prize, None);
}

#[test]
fn explaining_an_unknown_entry_is_refused() {
    let err = replay(Some("E-999"), Lang::En).unwrap_err();
    assert_eq!(
        err,
        DomainError::UnknownEntry {
            code: "E-999".into()
        }
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
        output.summary.pending.contains(&Pending::PrizeTie {
            entry: "E-002".into()
        }),
        "{:?}",
        output.summary
    );
    assert_eq!((output.summary.entries, output.summary.awarded), (4, 1));
}
