//! An [`Explanation`] as plain text, one line per section, for the CLI (`--explain`).

use std::fmt::Write;

use crate::domain::Lang;
use crate::domain::advancement::{AdvanceReason, Advancement, Exclusion, Verdict};
use crate::domain::committee::OverrideAction;
use crate::domain::discrepancy::Flag;
use crate::domain::explain::{Explanation, PrizeExplanation, PrizeName, PrizeReason, SheetLine};
use crate::domain::ranking::{DecidedBy, Neighbour, Placing};
use crate::domain::round::EntryStatus;
use crate::domain::scoring::Dropped;
use crate::domain::settings::{Aggregate, TieBreak};
use crate::i18n::{Locale, td_string};

use super::number;

/// Parts of one line that the CLI lists one after another: `Overall rank: 2; below E-001 …`.
const PARTS: &str = "; ";
/// Items of a list within a line: the per-criterion scores.
const ITEMS: &str = " · ";
/// Lines under a heading (the counted sheets, the title) are indented this much.
const INDENT: &str = "  ";

/// The explanation as lines of text, each ending in a newline.
pub fn explanation(e: &Explanation, lang: Lang) -> String {
    let l: Locale = lang.into();
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    let category = match &e.category {
        Some(category) => category.clone(),
        None => td_string!(l, rules.explain.no_category).to_string(),
    };
    line(td_string!(l, rules.explain.entry, code = &e.code, category = category).to_string());
    if let Some(title) = &e.title {
        line(format!("{INDENT}{title}"));
    }
    let status = match e.status {
        EntryStatus::Ranked => td_string!(l, rules.explain.ranked),
        EntryStatus::Incomplete => td_string!(l, rules.explain.incomplete),
        EntryStatus::Disqualified => td_string!(l, rules.explain.disqualified),
    };
    line(td_string!(l, rules.explain.status, status = status).to_string());
    line(
        td_string!(
            l,
            rules.explain.counted_sheets,
            sheets = e.sheets.len(),
            minimum = e.min_sheets
        )
        .to_string(),
    );
    for sheet in &e.sheets {
        line(format!("{INDENT}{}", sheet_line(sheet, lang)));
    }
    line(
        td_string!(
            l,
            rules.explain.aggregate,
            aggregate = aggregate(e.aggregate, lang)
        )
        .to_string(),
    );
    if e.fell_back_to_mean {
        line(format!(
            "{INDENT}{}",
            td_string!(l, rules.explain.fell_back_to_mean)
        ));
    }
    let score = match e.score {
        Some(score) => number(score, lang),
        None => td_string!(l, rules.explain.no_score).to_string(),
    };
    line(td_string!(l, rules.explain.score, score = score).to_string());
    if let Some(raw) = e.raw_score {
        line(td_string!(l, rules.explain.raw_score, score = number(raw, lang)).to_string());
    }
    let criteria: Vec<String> = e
        .criteria
        .iter()
        .map(|c| {
            let name = if c.name.is_empty() {
                c.key.as_str()
            } else {
                c.name.get(lang)
            };
            let score = match c.score {
                Some(score) => number(score, lang),
                None => td_string!(l, rules.explain.no_score).to_string(),
            };
            td_string!(l, rules.explain.criterion_score, name = name, score = score).to_string()
        })
        .collect();
    line(
        td_string!(
            l,
            rules.explain.per_criterion,
            criteria = criteria.join(ITEMS)
        )
        .to_string(),
    );
    if let Some(flag) = &e.discrepancy {
        line(discrepancy(flag, lang));
    }
    if let Some(placing) = &e.rank {
        let label = td_string!(l, rules.explain.overall_rank, rank = placing.rank).to_string();
        line(placing_line(label, placing, lang));
    }
    if let Some(placing) = &e.category_rank {
        let label = td_string!(l, rules.explain.category_rank, rank = placing.rank).to_string();
        line(placing_line(label, placing, lang));
    }
    if let Some(advancement) = &e.advancement {
        line(advancement_line(advancement, lang));
    }
    if let Some(prize) = &e.prize {
        line(prize_line(prize, lang));
    }
    out
}

fn sheet_line(sheet: &SheetLine, lang: Lang) -> String {
    let l: Locale = lang.into();
    let (judge, total) = (&sheet.judge, number(sheet.total, lang));
    if let Some(calibrated) = &sheet.calibrated {
        let sign = if calibrated.change.is_sign_negative() {
            ""
        } else {
            "+"
        };
        return td_string!(
            l,
            rules.explain.sheet_calibrated,
            judge = judge,
            total = total,
            calibrated = number(calibrated.total, lang),
            change = format!("{sign}{}", number(calibrated.change, lang))
        )
        .to_string();
    }
    match sheet.dropped {
        Some(Dropped::Lowest) => td_string!(
            l,
            rules.explain.sheet_dropped_lowest,
            judge = judge,
            total = total
        )
        .to_string(),
        Some(Dropped::Highest) => td_string!(
            l,
            rules.explain.sheet_dropped_highest,
            judge = judge,
            total = total
        )
        .to_string(),
        None => td_string!(l, rules.explain.sheet, judge = judge, total = total).to_string(),
    }
}

fn aggregate(aggregate: Aggregate, lang: Lang) -> String {
    let l: Locale = lang.into();
    match aggregate {
        Aggregate::Mean => td_string!(l, rules.explain.mean).to_string(),
        Aggregate::TrimmedMean { trim } => {
            td_string!(l, rules.explain.trimmed_mean, trim = trim).to_string()
        }
        Aggregate::Median => td_string!(l, rules.explain.median).to_string(),
        Aggregate::NormalizedMean => td_string!(l, rules.explain.normalized_mean).to_string(),
    }
}

fn discrepancy(flag: &Flag, lang: Lang) -> String {
    let l: Locale = lang.into();
    let figures = flag_figures(flag, lang);
    let decision = match &flag.accepted {
        Some(note) => td_string!(l, rules.explain.flag_accepted, note = note).to_string(),
        None => td_string!(l, rules.explain.flag_open).to_string(),
    };
    td_string!(
        l,
        rules.explain.discrepancy,
        figures = figures.join(PARTS),
        decision = decision
    )
    .to_string()
}

/// Why an entry is flagged (§5), one figure per rule it breaks.
pub fn flag_figures(flag: &Flag, lang: Lang) -> Vec<String> {
    let l: Locale = lang.into();
    let mut figures = Vec::new();
    if let Some(s) = &flag.spread {
        figures.push(
            td_string!(
                l,
                rules.explain.spread,
                spread = number(s.spread, lang),
                limit = number(s.limit, lang)
            )
            .to_string(),
        );
    }
    if let Some(r) = &flag.relative {
        let ratio = match r.ratio {
            Some(ratio) => number(ratio, lang),
            None => td_string!(l, rules.explain.unbounded).to_string(),
        };
        figures.push(
            td_string!(
                l,
                rules.explain.relative,
                judge = &r.judge,
                total = number(r.total, lang),
                mean = number(r.mean, lang),
                ratio = ratio,
                limit = number(r.limit, lang)
            )
            .to_string(),
        );
    }
    figures
}

fn placing_line(label: String, placing: &Placing, lang: Lang) -> String {
    let l: Locale = lang.into();
    let mut line = label;
    if let Some(above) = &placing.above {
        let (code, decided_by) = neighbour(above, lang);
        let _ = write!(
            line,
            "{PARTS}{}",
            td_string!(l, rules.explain.below, code = code, decided_by = decided_by)
        );
    }
    if let Some(below) = &placing.below {
        let (code, decided_by) = neighbour(below, lang);
        let _ = write!(
            line,
            "{PARTS}{}",
            td_string!(l, rules.explain.above, code = code, decided_by = decided_by)
        );
    }
    line
}

/// The neighbour's code and what set the two entries apart (§6).
fn neighbour(n: &Neighbour, lang: Lang) -> (&str, String) {
    let l: Locale = lang.into();
    let decided_by = match &n.decided_by {
        DecidedBy::Score => td_string!(l, rules.explain.by_score).to_string(),
        DecidedBy::TieBreak(rule) => {
            let rule = match rule {
                TieBreak::Criterion(key) => {
                    td_string!(l, rules.explain.tie_break_criterion, key = key).to_string()
                }
                TieBreak::EarlierSubmission => {
                    td_string!(l, rules.explain.tie_break_earlier_submission).to_string()
                }
            };
            td_string!(l, rules.explain.by_tie_break, rule = rule).to_string()
        }
        DecidedBy::Shared => td_string!(l, rules.explain.shared_rank).to_string(),
    };
    (n.code.as_str(), decided_by)
}

fn advancement_line(a: &Advancement, lang: Lang) -> String {
    let l: Locale = lang.into();
    let verdict = match &a.by_rules {
        Verdict::Advances(AdvanceReason::WithinTopN { rank }) => {
            td_string!(l, rules.explain.within_top_n, rank = rank).to_string()
        }
        Verdict::Advances(AdvanceReason::TiedAtCutoff { rank }) => {
            td_string!(l, rules.explain.tied_at_cutoff, rank = rank).to_string()
        }
        Verdict::Advances(AdvanceReason::EveryCandidate) => {
            td_string!(l, rules.explain.every_candidate).to_string()
        }
        Verdict::DoesNotAdvance(Exclusion::Disqualified) => {
            td_string!(l, rules.explain.not_advanced_disqualified).to_string()
        }
        Verdict::DoesNotAdvance(Exclusion::Incomplete) => {
            td_string!(l, rules.explain.not_advanced_incomplete).to_string()
        }
        Verdict::DoesNotAdvance(Exclusion::NoAdvanceRule) => {
            td_string!(l, rules.explain.no_advance_rule).to_string()
        }
        Verdict::DoesNotAdvance(Exclusion::BelowMinScore { score, min_score }) => td_string!(
            l,
            rules.explain.below_min_score,
            score = number(*score, lang),
            min_score = number(*min_score, lang)
        )
        .to_string(),
        Verdict::DoesNotAdvance(Exclusion::ZeroCriterion { criterion }) => {
            td_string!(l, rules.explain.zero_criterion, criterion = criterion).to_string()
        }
        Verdict::DoesNotAdvance(Exclusion::BelowCutoff { rank, last_rank }) => td_string!(
            l,
            rules.explain.below_cutoff,
            rank = rank,
            last_rank = last_rank
        )
        .to_string(),
        Verdict::CommitteeDecides { rank, places, tied } => td_string!(
            l,
            rules.explain.cutoff_tie,
            tied = tied,
            rank = rank,
            places = places
        )
        .to_string(),
    };
    match &a.committee {
        Some(change) => {
            let action = match change.action {
                OverrideAction::Add => td_string!(l, rules.explain.added),
                OverrideAction::Remove => td_string!(l, rules.explain.removed),
            };
            td_string!(
                l,
                rules.explain.advancement_changed,
                verdict = verdict,
                change = action,
                reason = &change.reason
            )
            .to_string()
        }
        None => td_string!(l, rules.explain.advancement, verdict = verdict).to_string(),
    }
}

fn prize_line(p: &PrizeExplanation, lang: Lang) -> String {
    let l: Locale = lang.into();
    let name = |prize: &PrizeName| match prize {
        Some(name) => name.get(lang).to_owned(),
        None => td_string!(l, rules.explain.no_prize).to_string(),
    };
    let verdict = match &p.by_rules {
        PrizeReason::Awarded {
            prize,
            shared: false,
        } => name(prize),
        PrizeReason::Awarded {
            prize,
            shared: true,
        } => td_string!(l, rules.explain.prize_shared, prize = name(prize)).to_string(),
        PrizeReason::CommitteeDecides { options } => {
            let options: Vec<String> = options
                .iter()
                .map(|o| {
                    td_string!(
                        l,
                        rules.explain.prize_option,
                        prize = name(&o.prize),
                        places = o.places
                    )
                    .to_string()
                })
                .collect();
            td_string!(l, rules.explain.prize_tie, options = options.join(", ")).to_string()
        }
        PrizeReason::Disqualified => td_string!(l, rules.explain.no_prize_disqualified).to_string(),
        PrizeReason::Incomplete => td_string!(l, rules.explain.no_prize_incomplete).to_string(),
        PrizeReason::NoneLeft => td_string!(l, rules.explain.no_prize_left).to_string(),
        PrizeReason::BelowMinScore { prize, min_score } => td_string!(
            l,
            rules.explain.below_prize_min_score,
            prize = name(prize),
            min_score = number(*min_score, lang)
        )
        .to_string(),
    };
    match &p.committee {
        Some(choice) => td_string!(
            l,
            rules.explain.prize_chosen,
            verdict = verdict,
            prize = name(&choice.prize),
            reason = &choice.reason
        )
        .to_string(),
        None => td_string!(l, rules.explain.prize, verdict = verdict).to_string(),
    }
}
