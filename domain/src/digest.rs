//! The results digest (SCORING.md §10): a canonical serialisation of a round's frozen inputs
//! and its outcome, and its SHA-256.
//!
//! Canonical means: objects with keys in byte order, lists in a fixed order (entries by code,
//! sheets by entry then judge), decimals as normalised strings (`82.5`, never `82.50` or a
//! float), instants in UTC RFC 3339, no whitespace. The writer is our own so that no crate
//! feature elsewhere in a build can change a byte of it.

use std::cell::RefCell;
use std::fmt::{self, Write as _};

use chrono::SecondsFormat;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use crate::committee::OverrideAction;
use crate::localized::Localized;
use crate::round::{RoundInput, RoundOutcome};
use crate::rubric::Criterion;
use crate::settings::{BoundaryPolicy, CutoffTies, NoZeroCriterion, RoundSettings};

/// Identifies this canonical form; a change to it changes every digest, so it is versioned.
pub const FORMAT: &str = "jurydesk-round-digest/1";

enum Canon<'a> {
    Null,
    Bool(bool),
    Int(u64),
    Str(String),
    Text(&'a str),
    /// A decimal as a normalised string (`82.5`, never `82.50`), written without allocating.
    Dec(Decimal),
    /// A sheet's scores, `[{"criterion":key,"score":value},…]` in rubric order: the objects a
    /// national round has 360,000 of, written without building them.
    Scores(&'a [Criterion], &'a [Option<Decimal>]),
    List(Vec<Canon<'a>>),
    /// A list whose items are made one at a time while it is written, so that the canonical
    /// form of a national round never has to be held whole (issue 11: `jurydesk results` in
    /// ≤ 100 MiB).
    Stream(RefCell<Box<dyn Iterator<Item = Canon<'a>> + 'a>>),
    /// Fields sorted by key.
    Obj(Vec<(&'static str, Canon<'a>)>),
}

/// Where the canonical text goes: a string, or straight into the hash.
trait Out {
    fn text(&mut self, s: &str);
}

impl Out for String {
    fn text(&mut self, s: &str) {
        self.push_str(s);
    }
}

/// Feeds SHA-256 in blocks of 64 KiB rather than one call per token.
struct Hashing {
    hasher: Sha256,
    buffer: String,
}

impl Hashing {
    const BLOCK: usize = 1 << 16;

    fn finish(mut self) -> String {
        self.hasher.update(self.buffer.as_bytes());
        hex::encode(self.hasher.finalize())
    }
}

impl Out for Hashing {
    fn text(&mut self, s: &str) {
        self.buffer.push_str(s);
        if self.buffer.len() >= Self::BLOCK {
            self.hasher.update(self.buffer.as_bytes());
            self.buffer.clear();
        }
    }
}

impl Canon<'_> {
    fn write(&self, out: &mut impl Out) {
        match self {
            Canon::Null => out.text("null"),
            Canon::Bool(b) => out.text(if *b { "true" } else { "false" }),
            Canon::Int(n) => {
                let _ = write!(Fmt(out), "{n}");
            }
            Canon::Dec(d) => {
                // `plain`: the digits of the normalised decimal; nothing in them to escape.
                out.text("\"");
                let _ = write!(Fmt(out), "{}", d.normalize());
                out.text("\"");
            }
            Canon::Str(s) => write_str(s, out),
            Canon::Text(s) => write_str(s, out),
            Canon::List(items) => write_list(items.iter(), out),
            Canon::Scores(criteria, scores) => {
                out.text("[");
                for (i, (c, score)) in criteria.iter().zip(*scores).enumerate() {
                    // The keys in byte order, as `obj` sorts them.
                    out.text(if i > 0 {
                        ",{\"criterion\":"
                    } else {
                        "{\"criterion\":"
                    });
                    write_str(&c.key, out);
                    out.text(",\"score\":");
                    opt(*score, dec).write(out);
                    out.text("}");
                }
                out.text("]");
            }
            Canon::Stream(items) => {
                let mut items = items.borrow_mut();
                // Each item is made, written and dropped in turn.
                out.text("[");
                for (i, item) in items.by_ref().enumerate() {
                    if i > 0 {
                        out.text(",");
                    }
                    item.write(out);
                }
                out.text("]");
            }
            Canon::Obj(fields) => {
                out.text("{");
                for (i, (key, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.text(",");
                    }
                    // Keys are this module's own ASCII identifiers: nothing to escape.
                    out.text("\"");
                    out.text(key);
                    out.text("\":");
                    value.write(out);
                }
                out.text("}");
            }
        }
    }
}

/// Formats straight into an [`Out`].
struct Fmt<'o, O: Out>(&'o mut O);

impl<O: Out> fmt::Write for Fmt<'_, O> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.text(s);
        Ok(())
    }
}

fn write_list<'a, 'b: 'a>(items: impl Iterator<Item = &'a Canon<'b>>, out: &mut impl Out) {
    out.text("[");
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.text(",");
        }
        item.write(out);
    }
    out.text("]");
}

/// A JSON string: quotes and backslashes escaped, control characters as `\u00XX`.
fn write_str(s: &str, out: &mut impl Out) {
    out.text("\"");
    let mut rest = s;
    // The characters to escape are all ASCII, so a byte search finds them.
    while let Some(at) = rest
        .bytes()
        .position(|b| b == b'"' || b == b'\\' || b < 0x20)
    {
        out.text(&rest[..at]);
        let c = rest[at..].chars().next().unwrap_or_default();
        match c {
            '"' => out.text("\\\""),
            '\\' => out.text("\\\\"),
            c => out.text(&format!("\\u{:04x}", c as u32)),
        }
        rest = &rest[at + c.len_utf8()..];
    }
    out.text(rest);
    out.text("\"");
}

fn stream<'a>(items: impl Iterator<Item = Canon<'a>> + 'a) -> Canon<'a> {
    Canon::Stream(RefCell::new(Box::new(items)))
}

fn obj<'a, const N: usize>(mut fields: [(&'static str, Canon<'a>); N]) -> Canon<'a> {
    fields.sort_unstable_by_key(|(key, _)| *key);
    Canon::Obj(fields.into())
}

fn dec<'a>(d: Decimal) -> Canon<'a> {
    Canon::Dec(d)
}

fn opt<'a, T>(value: Option<T>, f: impl FnOnce(T) -> Canon<'a>) -> Canon<'a> {
    value.map_or(Canon::Null, f)
}

fn text(s: &str) -> Canon<'_> {
    Canon::Text(s)
}

fn localized(l: &Localized) -> Canon<'_> {
    obj([("en", text(&l.en)), ("vi", text(&l.vi))])
}

fn settings(s: &RoundSettings) -> Canon<'_> {
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
            NoZeroCriterion::Only(keys) => {
                Canon::List(keys.iter().map(|k| Canon::Str(k.clone())).collect())
            }
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
        ("aggregate", Canon::Str(s.aggregate().name())),
        ("discrepancy", discrepancy),
        ("is_final", Canon::Bool(s.is_final)),
        ("judges_per_entry", Canon::Int(s.judges_per_entry.into())),
        ("min_sheets", Canon::Int(s.min_sheets().into())),
        ("precision", Canon::Int(s.precision.into())),
        ("prizes", prizes),
        (
            "tie_breaks",
            Canon::List(
                s.tie_breaks
                    .iter()
                    .map(|t| Canon::Str(t.to_string()))
                    .collect(),
            ),
        ),
    ])
}

/// The canonical text of a round's inputs and outcome.
pub fn canonical(input: &RoundInput, outcome: &RoundOutcome) -> String {
    let mut out = String::new();
    canon(input, outcome).write(&mut out);
    out
}

/// §10: the SHA-256 of [`canonical`], in lowercase hex, hashed as it is written.
pub fn digest(input: &RoundInput, outcome: &RoundOutcome) -> String {
    let mut out = Hashing {
        hasher: Sha256::new(),
        buffer: String::with_capacity(Hashing::BLOCK + 1024),
    };
    canon(input, outcome).write(&mut out);
    out.finish()
}

fn canon<'a>(input: &RoundInput<'a>, outcome: &'a RoundOutcome) -> Canon<'a> {
    // A copy: its fields borrow for `'a`, not from the caller's reference.
    let input: RoundInput<'a> = *input;
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
    // Every (entry, judge) is one sheet (§2), so an unstable sort gives the one order.
    sheets.sort_unstable_by(|a, b| (a.entry(), a.judge()).cmp(&(b.entry(), b.judge())));
    let sheets = sheets.into_iter().map(move |s| {
        obj([
            ("entry", text(s.entry())),
            ("judge", text(s.judge())),
            ("scores", Canon::Scores(input.rubric.criteria(), s.scores())),
        ])
    });
    let committee = input.committee;
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
    obj([
        ("committee", committee),
        ("entries", stream(entries)),
        ("format", text(FORMAT)),
        ("results", stream(results)),
        ("rubric", Canon::List(rubric.collect())),
        ("settings", settings(input.settings)),
        ("sheets", stream(sheets)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_quotes_backslashes_and_control_characters_only() {
        let mut out = String::new();
        write_str("Đội \"A\"\\B\u{1}\nđã xong", &mut out);
        assert_eq!(out, "\"Đội \\\"A\\\"\\\\B\\u0001\\u000ađã xong\"");
    }

    #[test]
    fn a_streamed_list_writes_as_a_list_and_hashes_as_its_text() {
        let list = || {
            obj([
                ("xs", stream((1..=3u64).map(Canon::Int))),
                ("y", Canon::Null),
            ])
        };
        let mut text = String::new();
        list().write(&mut text);
        assert_eq!(text, r#"{"xs":[1,2,3],"y":null}"#);
        let mut hashing = Hashing {
            hasher: Sha256::new(),
            buffer: String::new(),
        };
        list().write(&mut hashing);
        assert_eq!(
            hashing.finish(),
            hex::encode(Sha256::digest(text.as_bytes()))
        );
    }
}
