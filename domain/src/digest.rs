//! The results digest (SCORING.md §10): a canonical serialisation of a round's frozen inputs
//! and its outcome, and its SHA-256.
//!
//! Canonical means: objects with keys in byte order, lists in a fixed order (entries by code,
//! sheets by entry then judge), decimals as normalised strings (`82.5`, never `82.50` or a
//! float), instants in UTC RFC 3339, no whitespace. The writer is our own so that no crate
//! feature elsewhere in a build can change a byte of it.

use std::fmt::{self, Write as _};

use chrono::{DateTime, Datelike, SecondsFormat, Timelike, Utc};
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use crate::committee::OverrideAction;
use crate::localized::Localized;
use crate::round::{EntryResult, HashMap, RoundInput, RoundOutcome};
use crate::rubric::Criterion;
use crate::settings::{BoundaryPolicy, CutoffTies, NoZeroCriterion, RoundSettings};
use crate::sheet::ScoreSheet;

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
    List(Vec<Canon<'a>>),
    /// Fields sorted by key.
    Obj(Vec<(&'static str, Canon<'a>)>),
}

/// Where the canonical text goes: a string, or straight into the hash.
trait Out {
    fn text(&mut self, s: &str);
    /// ASCII digits and signs: text that needs no check.
    fn ascii(&mut self, s: &[u8]);
}

impl Out for String {
    #[inline]
    fn text(&mut self, s: &str) {
        self.push_str(s);
    }

    fn ascii(&mut self, s: &[u8]) {
        self.extend(s.iter().map(|&b| char::from(b)));
    }
}

/// Feeds SHA-256 in blocks of 64 KiB rather than one call per token.
struct Hashing {
    hasher: Sha256,
    buffer: Vec<u8>,
}

impl Hashing {
    const BLOCK: usize = 1 << 16;

    fn new() -> Hashing {
        Hashing {
            hasher: Sha256::new(),
            buffer: Vec::with_capacity(Self::BLOCK + 1024),
        }
    }

    fn finish(mut self) -> String {
        self.hasher.update(&self.buffer);
        hex::encode(self.hasher.finalize())
    }

    #[inline(always)]
    fn bytes(&mut self, s: &[u8]) {
        self.buffer.extend_from_slice(s);
        if self.buffer.len() >= Self::BLOCK {
            self.flush();
        }
    }

    #[inline(never)]
    fn flush(&mut self) {
        self.hasher.update(&self.buffer);
        self.buffer.clear();
    }
}

impl Out for Hashing {
    #[inline(always)]
    fn text(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    #[inline(always)]
    fn ascii(&mut self, s: &[u8]) {
        self.bytes(s);
    }
}

impl Canon<'_> {
    fn write(&self, out: &mut impl Out) {
        match self {
            Canon::Null => out.text("null"),
            Canon::Bool(b) => out.text(if *b { "true" } else { "false" }),
            Canon::Int(n) => write_int(*n, out),
            Canon::Dec(d) => write_dec(*d, out),
            Canon::Str(s) => write_str(s, out),
            Canon::Text(s) => write_str(s, out),
            Canon::List(items) => write_list(items.iter(), out),
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

/// A sheet's scores, `[{"criterion":key,"score":value},…]` in rubric order, the keys in byte
/// order as `obj` sorts them.
fn write_scores(criteria: &[Criterion], scores: &[Option<Decimal>], out: &mut impl Out) {
    out.text("[");
    for (i, (c, score)) in criteria.iter().zip(scores).enumerate() {
        out.text(if i > 0 {
            ",{\"criterion\":"
        } else {
            "{\"criterion\":"
        });
        write_str(&c.key, out);
        out.text(",\"score\":");
        write_opt_dec(*score, out);
        out.text("}");
    }
    out.text("]");
}

/// An instant as `to_rfc3339_opts(SecondsFormat::AutoSi, true)` writes it, in quotes: written
/// digit by digit for whole seconds of the years 0–9999, by chrono otherwise.
fn write_instant(t: DateTime<Utc>, out: &mut impl Out) {
    if !(0..=9999).contains(&t.year()) || t.nanosecond() != 0 {
        write_str(&t.to_rfc3339_opts(SecondsFormat::AutoSi, true), out);
        return;
    }
    let mut text = *b"\"0000-00-00T00:00:00Z\"";
    let mut put = |at: usize, width: usize, mut value: u32| {
        for k in (at..at + width).rev() {
            text[k] = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    put(1, 4, t.year() as u32);
    put(6, 2, t.month());
    put(9, 2, t.day());
    put(12, 2, t.hour());
    put(15, 2, t.minute());
    put(18, 2, t.second());
    out.ascii(&text);
}

/// A whole number in decimal digits.
fn write_int(n: u64, out: &mut impl Out) {
    let mut buffer = [0u8; 40];
    out.ascii(digits(u128::from(n), &mut buffer));
}

/// The decimal digits of `n`, written at the end of `buffer`.
fn digits(mut n: u128, buffer: &mut [u8; 40]) -> &[u8] {
    let mut at = buffer.len();
    // Most numbers here fit 64 bits, where division by ten is a multiplication.
    while n > u128::from(u64::MAX) {
        at -= 1;
        buffer[at] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    let mut small = n as u64;
    loop {
        at -= 1;
        buffer[at] = b'0' + (small % 10) as u8;
        small /= 10;
        if small == 0 {
            break;
        }
    }
    &buffer[at..]
}

/// A decimal as a JSON string of its normalised digits (`82.5`, never `82.50`): the text of
/// `Decimal::normalize` and `Display`, written without formatting machinery. Zero, whose sign
/// `Decimal` keeps its own way, is left to `Decimal`.
fn write_dec(d: Decimal, out: &mut impl Out) {
    let (mut units, mut scale) = (d.mantissa().unsigned_abs(), d.scale());
    if units == 0 {
        out.text("\"");
        let _ = write!(Fmt(out), "{}", d.normalize());
        out.text("\"");
        return;
    }
    match u64::try_from(units) {
        // Most values fit 64 bits, where division by ten is a multiplication.
        Ok(mut small) => {
            while scale > 0 && small % 10 == 0 {
                small /= 10;
                scale -= 1;
            }
            units = u128::from(small);
        }
        Err(_) => {
            while scale > 0 && units % 10 == 0 {
                units /= 10;
                scale -= 1;
            }
        }
    }
    // Written backwards into one buffer, passed on at once: the closing quote, the fraction's
    // digits (zeros where the value has fewer), the point, the whole part, the sign, the
    // opening quote. At most 29 digits, 28 places, a point, a sign and two quotes.
    let mut text = [0u8; 64];
    let mut at = text.len();
    let mut put = |byte: u8| {
        at -= 1;
        text[at] = byte;
    };
    put(b'"');
    if scale > 0 {
        for _ in 0..scale {
            put(next_digit(&mut units));
        }
        put(b'.');
    }
    loop {
        put(next_digit(&mut units));
        if units == 0 {
            break;
        }
    }
    if d.is_sign_negative() {
        put(b'-');
    }
    put(b'"');
    out.ascii(&text[at..]);
}

/// The last decimal digit of `units`, taken off it.
fn next_digit(units: &mut u128) -> u8 {
    match u64::try_from(*units) {
        // Division by ten is a multiplication in 64 bits.
        Ok(small) => {
            *units = u128::from(small / 10);
            b'0' + (small % 10) as u8
        }
        Err(_) => {
            let digit = (*units % 10) as u8;
            *units /= 10;
            b'0' + digit
        }
    }
}

fn write_opt_dec(d: Option<Decimal>, out: &mut impl Out) {
    match d {
        Some(d) => write_dec(d, out),
        None => out.text("null"),
    }
}

fn write_opt_int(n: Option<u64>, out: &mut impl Out) {
    match n {
        Some(n) => write_int(n, out),
        None => out.text("null"),
    }
}

fn write_opt_str(s: Option<&str>, out: &mut impl Out) {
    match s {
        Some(s) => write_str(s, out),
        None => out.text("null"),
    }
}

fn write_bool(b: bool, out: &mut impl Out) {
    out.text(if b { "true" } else { "false" });
}

/// A JSON list of `items`, each written by `each` straight into `out`: the long lists of a
/// national round are never held whole, as a tree or as text (issue 11: `jurydesk results`
/// in ≤ 100 MiB).
fn write_each<T, O: Out>(
    items: impl Iterator<Item = T>,
    out: &mut O,
    mut each: impl FnMut(T, &mut O),
) {
    out.text("[");
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.text(",");
        }
        each(item, out);
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
    write_round(input, outcome, &mut out);
    out
}

/// §10: the SHA-256 of [`canonical`], in lowercase hex, hashed as it is written.
pub fn digest(input: &RoundInput, outcome: &RoundOutcome) -> String {
    let mut out = Hashing::new();
    write_round(input, outcome, &mut out);
    out.finish()
}

/// The round as one object, keys in byte order: `committee`, `entries`, `format`, `results`,
/// `rubric`, `settings`, `sheets`. The three long lists are written item by item.
fn write_round(input: &RoundInput, outcome: &RoundOutcome, out: &mut impl Out) {
    out.text("{\"committee\":");
    committee(input).write(out);
    out.text(",\"entries\":");
    write_each(outcome.entries.iter(), out, write_entry);
    out.text(",\"format\":");
    write_str(FORMAT, out);
    out.text(",\"results\":");
    write_each(outcome.entries.iter(), out, write_result);
    out.text(",\"rubric\":");
    rubric(input).write(out);
    out.text(",\"settings\":");
    settings(input.settings).write(out);
    out.text(",\"sheets\":");
    let criteria = input.rubric.criteria();
    write_each(
        counted_in_order(input.sheets, outcome).into_iter(),
        out,
        |s, out| {
            out.text("{\"entry\":");
            write_str(s.entry(), out);
            out.text(",\"judge\":");
            write_str(s.judge(), out);
            out.text(",\"scores\":");
            write_scores(criteria, s.scores(), out);
            out.text("}");
        },
    );
    out.text("}");
}

/// The counted sheets by entry code, then judge. The outcome lists the entries by code, so a
/// sheet's entry is numbered by its place there, and the sheets are sorted on that number
/// rather than on its code. Every (entry, judge) is one sheet (§2), so an unstable sort gives
/// the one order.
fn counted_in_order<'s>(sheets: &'s [ScoreSheet], outcome: &RoundOutcome) -> Vec<&'s ScoreSheet> {
    let counted = sheets.iter().filter(|s| s.is_counted());
    let number: HashMap<&str, usize> = outcome
        .entries
        .iter()
        .enumerate()
        .map(|(i, r)| (r.entry.code.as_str(), i))
        .collect();
    // Sheets usually come entry by entry: the entry of the sheet before is compared first.
    let mut previous: Option<(&str, usize)> = None;
    let numbered: Option<Vec<(usize, &ScoreSheet)>> = counted
        .clone()
        .map(|s| {
            let i = match previous {
                Some((code, i)) if code == s.entry() => i,
                _ => *number.get(s.entry())?,
            };
            previous = Some((s.entry(), i));
            Some((i, s))
        })
        .collect();
    match numbered {
        Some(mut numbered) => {
            numbered
                .sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.judge().cmp(b.1.judge())));
            numbered.into_iter().map(|(_, s)| s).collect()
        }
        // A sheet of an entry the outcome does not list: sorted on the codes themselves.
        None => {
            let mut sheets: Vec<&ScoreSheet> = counted.collect();
            sheets.sort_unstable_by(|a, b| (a.entry(), a.judge()).cmp(&(b.entry(), b.judge())));
            sheets
        }
    }
}

/// `{"category","code","disqualified","submitted_at"}`.
fn write_entry(r: &EntryResult, out: &mut impl Out) {
    let e = &r.entry;
    out.text("{\"category\":");
    write_opt_str(e.category.as_deref(), out);
    out.text(",\"code\":");
    write_str(&e.code, out);
    out.text(",\"disqualified\":");
    write_bool(e.disqualified, out);
    out.text(",\"submitted_at\":");
    match e.submitted_at {
        Some(t) => write_instant(t, out),
        None => out.text("null"),
    }
    out.text("}");
}

/// `{"advances","calibrated","category_rank","code","criteria","flag","prize","rank",
/// "raw_mean","score","status"}`.
fn write_result(r: &EntryResult, out: &mut impl Out) {
    let s = &r.scoring;
    out.text("{\"advances\":");
    match r.advancement.as_ref().and_then(|a| a.advances()) {
        Some(b) => write_bool(b, out),
        None => out.text("null"),
    }
    out.text(",\"calibrated\":");
    write_each(s.sheets.iter(), out, |c, out| {
        write_opt_dec(c.calibrated, out)
    });
    out.text(",\"category_rank\":");
    write_opt_int(r.category_rank.map(|p| p.rank.into()), out);
    out.text(",\"code\":");
    write_str(&r.entry.code, out);
    out.text(",\"criteria\":");
    write_each(s.criteria.iter(), out, |v, out| write_opt_dec(*v, out));
    out.text(",\"flag\":");
    write_opt_str(
        r.flag.as_ref().map(|f| {
            if f.accepted.is_some() {
                "accepted"
            } else {
                "open"
            }
        }),
        out,
    );
    out.text(",\"prize\":");
    match r.prize.as_ref().map(|p| p.prize()) {
        None | Some(Some(None)) => out.text("null"),
        Some(None) => write_str("pending", out),
        Some(Some(Some(i))) => write_int(i as u64 + 1, out),
    }
    out.text(",\"rank\":");
    write_opt_int(r.rank.map(|p| p.rank.into()), out);
    out.text(",\"raw_mean\":");
    write_opt_dec(s.raw_mean, out);
    out.text(",\"score\":");
    write_opt_dec(s.score, out);
    out.text(",\"status\":");
    write_str(r.status.code(), out);
    out.text("}");
}

fn rubric<'a>(input: &RoundInput<'a>) -> Canon<'a> {
    Canon::List(
        input
            .rubric
            .criteria()
            .iter()
            .map(|c| {
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
            })
            .collect(),
    )
}

fn committee<'a>(input: &RoundInput<'a>) -> Canon<'a> {
    let committee = input.committee;
    let mut overrides: Vec<_> = committee.overrides.iter().collect();
    overrides.sort_by(|a, b| a.entry.cmp(&b.entry));
    let mut flags: Vec<_> = committee.accepted_flags.iter().collect();
    flags.sort_by(|a, b| a.entry.cmp(&b.entry));
    let mut choices: Vec<_> = committee.prize_choices.iter().collect();
    choices.sort_by(|a, b| a.entry.cmp(&b.entry));
    obj([
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
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_written_as_their_normalised_display() {
        let mut values = vec![
            Decimal::ZERO,
            Decimal::new(0, 3),
            Decimal::new(-0, 2),
            Decimal::new(8250, 2),
            Decimal::new(-5, 1),
            Decimal::new(5, 28),
            Decimal::new(-123_000, 3),
            Decimal::MAX,
            Decimal::MIN,
            Decimal::from_i128_with_scale(10_i128.pow(27), 28),
        ];
        let mut state = 11u64;
        for _ in 0..5000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let mantissa = i128::from(state as i64) * i128::from((state >> 40) as u32);
            values.push(Decimal::from_i128_with_scale(mantissa, (state % 29) as u32));
            values.push(Decimal::new((state >> 50) as i64 * 10, (state % 5) as u32));
        }
        for d in values {
            let mut out = String::new();
            write_dec(d, &mut out);
            assert_eq!(out, format!("\"{}\"", d.normalize()), "{d:?}");
        }
    }

    #[test]
    fn instants_are_written_as_chrono_writes_them() {
        let mut seconds = vec![0, -1, 1_790_000_000, 253_402_300_799, 253_402_300_800];
        seconds.push(-62_167_219_200); // 0000-01-01
        seconds.push(-62_167_219_201);
        let mut state = 5u64;
        for _ in 0..2000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            seconds.push((state >> 30) as i64 - (1 << 33));
        }
        for s in seconds {
            for nanos in [0, 5_000_000, 123_456, 1] {
                let t = DateTime::from_timestamp(s, nanos).unwrap();
                let mut out = String::new();
                write_instant(t, &mut out);
                let expected = t.to_rfc3339_opts(SecondsFormat::AutoSi, true);
                assert_eq!(out, format!("\"{expected}\""), "{s} {nanos}");
            }
        }
    }

    #[test]
    fn strings_escape_quotes_backslashes_and_control_characters_only() {
        let mut out = String::new();
        write_str("Đội \"A\"\\B\u{1}\nđã xong", &mut out);
        assert_eq!(out, "\"Đội \\\"A\\\"\\\\B\\u0001\\u000ađã xong\"");
    }

    #[test]
    fn a_list_hashed_as_it_is_written_hashes_as_its_text() {
        let list = || {
            obj([
                ("xs", Canon::List((1..=3u64).map(Canon::Int).collect())),
                ("y", Canon::Null),
            ])
        };
        let mut text = String::new();
        list().write(&mut text);
        assert_eq!(text, r#"{"xs":[1,2,3],"y":null}"#);
        let mut hashing = Hashing::new();
        list().write(&mut hashing);
        assert_eq!(
            hashing.finish(),
            hex::encode(Sha256::digest(text.as_bytes()))
        );
    }
}
