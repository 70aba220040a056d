//! `jurydesk results`: replays a round from its published files, with no database, so anyone
//! holding them can check the published ranking and its digest (docs/formats.md).

use app::words;
use clap::Args;
use jurydesk_domain::Lang;
use jurydesk_domain::files::{self, SourceFile};
use jurydesk_domain::replay::{self, ReplayInput};
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct ResultsArgs {
    /// The round's rules: rubric and settings (TOML).
    #[arg(long)]
    rules: PathBuf,
    /// The score sheets: one row per judge × entry × criterion (CSV, UTF-8 with or without BOM).
    #[arg(long)]
    sheets: PathBuf,
    /// The entries with their categories and submission times (CSV). Without it, the entries
    /// are the codes found in the sheets, uncategorised.
    #[arg(long)]
    entries: Option<PathBuf>,
    /// Where to write the results CSV (UTF-8 with BOM, opens in Excel). Without it the CSV
    /// goes to standard output and the summary to standard error.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Explain how this entry's score, rank, advancement and prize came about.
    #[arg(long, value_name = "CODE")]
    explain: Option<String>,
    /// Language of messages, prize names and explanations: vi or en.
    #[arg(long, default_value = "vi", value_parser = parse_lang)]
    lang: Lang,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::from_tag(s).ok_or_else(|| "use vi or en".to_owned())
}

/// Reads a file as UTF-8; another encoding is refused in `lang`, saying how to save it as UTF-8.
fn read(path: &Path, lang: Lang) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    files::decode_utf8(&path.display().to_string(), &bytes)
        .map(str::to_owned)
        .map_err(|e| words::domain_error(&e, lang))
}

pub fn run(args: ResultsArgs) -> Result<(), String> {
    let lang = args.lang;
    let rules = read(&args.rules, lang)?;
    let sheets = read(&args.sheets, lang)?;
    let entries = args
        .entries
        .as_deref()
        .map(|path| read(path, lang))
        .transpose()?;
    let (rules_name, sheets_name) = (
        args.rules.display().to_string(),
        args.sheets.display().to_string(),
    );
    let entries_name = args.entries.as_ref().map(|p| p.display().to_string());
    let input = ReplayInput {
        rules: SourceFile::new(&rules_name, &rules),
        sheets: SourceFile::new(&sheets_name, &sheets),
        entries: entries
            .as_deref()
            .zip(entries_name.as_deref())
            .map(|(text, name)| SourceFile::new(name, text)),
        explain: args.explain.as_deref(),
        lang,
    };
    let output = replay::run(&input).map_err(|e| words::domain_error(&e, lang))?;
    let summary = words::replay_summary(&output.summary, lang);
    let explanation = output
        .explanation
        .as_ref()
        .map(|e| words::explanation(e, lang));
    match &args.out {
        Some(path) => {
            std::fs::write(path, &output.csv)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            println!("{}", summary.trim_end());
            if let Some(explanation) = &explanation {
                println!("\n{}", explanation.trim_end());
            }
        }
        None => {
            print!("{}", output.csv);
            eprintln!("{}", summary.trim_end());
            if let Some(explanation) = &explanation {
                eprintln!("\n{}", explanation.trim_end());
            }
        }
    }
    Ok(())
}
