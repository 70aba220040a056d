//! The results digest (SCORING.md §10): a canonical serialisation of a round's frozen inputs
//! and its outcome, and its SHA-256.
//!
//! Canonical means: objects with keys in byte order, lists in a fixed order (entries by code,
//! sheets by entry then judge), decimals as normalised strings (`82.5`, never `82.50` or a
//! float), instants in UTC RFC 3339, no whitespace. The writer is our own so that no crate
//! feature elsewhere in a build can change a byte of it.

use chrono::SecondsFormat;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use crate::committee::OverrideAction;
use crate::localized::Localized;
use crate::points::plain;
use crate::round::{RoundInput, RoundOutcome};
use crate::settings::{BoundaryPolicy, CutoffTies, NoZeroCriterion, RoundSettings};

/// Identifies this canonical form; a change to it changes every digest, so it is versioned.
pub const FORMAT: &str = "jurydesk-round-digest/1";

enum Canon {
    Null,
    Bool(bool),
    Int(u64),
    Str(String),
    List(Vec<Canon>),
    /// Fields sorted by key.
    Obj(Vec<(&'static str, Canon)>),
}

impl Canon {
    fn write(&self, out: &mut String) {
        match self {
            Canon::Null => out.push_str("null"),
            Canon::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Canon::Int(n) => out.push_str(&n.to_string()),
            Canon::Str(s) => {
                out.push('"');
                for c in s.chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                        c => out.push(c),
                    }
                }
                out.push('"');
            }
            Canon::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Canon::Obj(fields) => {
                out.push('{');
                for (i, (key, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    // Keys are this module's own ASCII identifiers: nothing to escape.
                    out.push('"');
                    out.push_str(key);
                    out.push('"');
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

fn obj<const N: usize>(mut fields: [(&'static str, Canon); N]) -> Canon {
    fields.sort_unstable_by_key(|(key, _)| *key);
    Canon::Obj(fields.into())
}

fn dec(d: Decimal) -> Canon {
    Canon::Str(plain(d))
}

fn opt<T>(value: Option<T>, f: impl FnOnce(T) -> Canon) -> Canon {
    value.map_or(Canon::Null, f)
}

fn text(s: &str) -> Canon {
    Canon::Str(s.to_owned())
}

fn localized(l: &Localized) -> Canon {
    obj([("en", text(&l.en)), ("vi", text(&l.vi))])
}

fn settings(s: &RoundSettings) -> Canon {
    let discrepancy = opt(s.discrepancy.as_ref(), |d| {
        obj([
            ("advisory", Canon::Bool(d.advisory)),
            ("relative_to_mean", opt(d.relative_to_mean, dec)),
            ("spread_points", opt(d.spread_points, dec)),
        ])
    });
    let advance = opt(s.advance.as_ref(), |a| {
        let no_zero = match &a.no_zero_criterion {
            NoZeroCriterion::All(b) => Canon::Bool(*b),
            NoZeroCriterion::Only(keys) => Canon::List(keys.iter().map(|k| text(k)).collect()),
        };
        obj([
            ("min_score", opt(a.min_score, dec)),
            ("no_zero_criterion", no_zero),
            ("per_category", Canon::Bool(a.per_category)),
            (
                "ties_at_cutoff",
                text(match a.ties_at_cutoff {
                    CutoffTies::AllAdvance => "all_advance",
                    CutoffTies::CommitteeDecides => "committee_decides",
                }),
            ),
            ("top_n", opt(a.top_n, |n| Canon::Int(n.into()))),
        ])
    });
    let prizes = opt(s.prizes.as_ref(), |p| {
        let list = p.list.iter().map(|prize| {
            obj([
                ("count", Canon::Int(prize.count.into())),
                ("min_score", opt(prize.min_score, dec)),
                ("name", localized(&prize.name)),
            ])
        });
        obj([
            (
                "at_boundary",
                text(match p.at_boundary {
                    BoundaryPolicy::Share => "share",
                    BoundaryPolicy::CommitteeDecides => "committee_decides",
                }),
            ),
            ("list", Canon::List(list.collect())),
            ("per_category", Canon::Bool(p.per_category)),
        ])
    });
    obj([
        ("advance", advance),
        ("aggregate", text(&s.aggregate().name())),
        ("discrepancy", discrepancy),
        ("is_final", Canon::Bool(s.is_final)),
        ("judges_per_entry", Canon::Int(s.judges_per_entry.into())),
        ("min_sheets", Canon::Int(s.min_sheets().into())),
        ("precision", Canon::Int(s.precision.into())),
        ("prizes", prizes),
        (
            "tie_breaks",
            Canon::List(s.tie_breaks.iter().map(|t| text(&t.to_string())).collect()),
        ),
    ])
}

/// The canonical text of a round's inputs and outcome.
pub fn canonical(input: &RoundInput, outcome: &RoundOutcome) -> String {
    let rubric = input.rubric.criteria().iter().map(|c| {
        obj([
            ("description", localized(&c.description)),
            ("key", text(&c.key)),
            ("max_points", dec(c.max_points)),
            ("min_points", dec(c.min_points)),
            ("name", localized(&c.name)),
            ("required", Canon::Bool(c.required)),
            ("step", dec(c.step)),
            ("weight", dec(c.weight.value())),
        ])
    });
    let entries = outcome.entries.iter().map(|r| {
        let e = &r.entry;
        obj([
            ("category", opt(e.category.as_deref(), text)),
            ("code", text(&e.code)),
            ("disqualified", Canon::Bool(e.disqualified)),
            (
                "submitted_at",
                opt(e.submitted_at, |t| {
                    Canon::Str(t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
                }),
            ),
        ])
    });
    let mut sheets: Vec<_> = input.sheets.iter().filter(|s| s.is_counted()).collect();
    sheets.sort_by(|a, b| (a.entry(), a.judge()).cmp(&(b.entry(), b.judge())));
    let sheets = sheets.into_iter().map(|s| {
        let scores = input
            .rubric
            .criteria()
            .iter()
            .zip(s.scores())
            .map(|(c, v)| obj([("criterion", text(&c.key)), ("score", opt(*v, dec))]));
        obj([
            ("entry", text(s.entry())),
            ("judge", text(s.judge())),
            ("scores", Canon::List(scores.collect())),
        ])
    });
    let committee = &input.committee;
    let mut overrides: Vec<_> = committee.overrides.iter().collect();
    overrides.sort_by(|a, b| a.entry.cmp(&b.entry));
    let mut flags: Vec<_> = committee.accepted_flags.iter().collect();
    flags.sort_by(|a, b| a.entry.cmp(&b.entry));
    let mut choices: Vec<_> = committee.prize_choices.iter().collect();
    choices.sort_by(|a, b| a.entry.cmp(&b.entry));
    let committee = obj([
        (
            "accepted_flags",
            Canon::List(
                flags
                    .iter()
                    .map(|f| obj([("entry", text(&f.entry)), ("note", text(&f.note))]))
                    .collect(),
            ),
        ),
        (
            "overrides",
            Canon::List(
                overrides
                    .iter()
                    .map(|o| {
                        obj([
                            (
                                "action",
                                text(match o.action {
                                    OverrideAction::Add => "add",
                                    OverrideAction::Remove => "remove",
                                }),
                            ),
                            ("entry", text(&o.entry)),
                            ("reason", text(&o.reason)),
                        ])
                    })
                    .collect(),
            ),
        ),
        (
            "prize_choices",
            Canon::List(
                choices
                    .iter()
                    .map(|c| {
                        obj([
                            ("entry", text(&c.entry)),
                            ("prize", opt(c.prize, |p| Canon::Int(p.into()))),
                            ("reason", text(&c.reason)),
                        ])
                    })
                    .collect(),
            ),
        ),
    ]);
    let results = outcome.entries.iter().map(|r| {
        let s = &r.scoring;
        obj([
            (
                "advances",
                opt(r.advancement.as_ref(), |a| opt(a.advances(), Canon::Bool)),
            ),
            (
                "calibrated",
                Canon::List(s.sheets.iter().map(|c| opt(c.calibrated, dec)).collect()),
            ),
            (
                "category_rank",
                opt(r.category_rank.as_ref(), |p| Canon::Int(p.rank.into())),
            ),
            ("code", text(&r.entry.code)),
            (
                "criteria",
                Canon::List(s.criteria.iter().map(|v| opt(*v, dec)).collect()),
            ),
            (
                "flag",
                opt(r.flag.as_ref(), |f| {
                    text(if f.accepted.is_some() {
                        "accepted"
                    } else {
                        "open"
                    })
                }),
            ),
            (
                "prize",
                opt(r.prize.as_ref(), |p| match p.prize() {
                    None => text("pending"),
                    Some(prize) => opt(prize, |i| Canon::Int(i as u64 + 1)),
                }),
            ),
            ("rank", opt(r.rank.as_ref(), |p| Canon::Int(p.rank.into()))),
            ("raw_mean", opt(s.raw_mean, dec)),
            ("score", opt(s.score, dec)),
            ("status", text(r.status.code())),
        ])
    });
    let all = obj([
        ("committee", committee),
        ("entries", Canon::List(entries.collect())),
        ("format", text(FORMAT)),
        ("results", Canon::List(results.collect())),
        ("rubric", Canon::List(rubric.collect())),
        ("settings", settings(input.settings)),
        ("sheets", Canon::List(sheets.collect())),
    ]);
    let mut out = String::new();
    all.write(&mut out);
    out
}

/// §10: the SHA-256 of [`canonical`], in lowercase hex.
pub fn digest(input: &RoundInput, outcome: &RoundOutcome) -> String {
    hex::encode(Sha256::digest(canonical(input, outcome).as_bytes()))
}
