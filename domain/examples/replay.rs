//! `jurydesk results` without the CLI around it, for timing the replay (issue 11,
//! docs/benchmarks.md): reads the round's files as `server/src/results.rs` does, replays them
//! through `replay::run`, writes the results CSV and prints the digest.
//! Usage: replay ROUND.toml SHEETS.csv ENTRIES.csv OUT.csv

use jurydesk_domain::Lang;
use jurydesk_domain::files::{SourceFile, decode_utf8};
use jurydesk_domain::replay::{self, ReplayInput};

fn read(path: &str) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    decode_utf8(path, &bytes)
        .unwrap_or_else(|e| panic!("{path}: {e:?}"))
        .to_owned()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [rules, sheets, entries, out] = args.as_slice() else {
        eprintln!("usage: replay ROUND.toml SHEETS.csv ENTRIES.csv OUT.csv");
        std::process::exit(2);
    };
    let (rules_text, sheets_text, entries_text) = (read(rules), read(sheets), read(entries));
    let input = ReplayInput {
        rules: SourceFile::new(rules, &rules_text),
        sheets: SourceFile::new(sheets, &sheets_text),
        entries: Some(SourceFile::new(entries, &entries_text)),
        explain: None,
        lang: Lang::En,
    };
    let output = replay::run(&input).unwrap_or_else(|e| panic!("{e:?}"));
    std::fs::write(out, &output.csv).unwrap_or_else(|e| panic!("cannot write {out}: {e}"));
    println!("{}", output.digest);
}
