//! Exact decimal quantities of the rubric (SCORING.md §1, DESIGN.md habit 6).

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// The largest magnitude of any points value in a rubric. Bounding inputs keeps every sum,
/// square and quotient of a national-scale round far inside `Decimal`'s range, so arithmetic
/// on accepted input can never overflow.
pub const MAX_POINTS_MAGNITUDE: Decimal = Decimal::from_parts(100_000, 0, 0, false, 0);
/// The largest weight (multiplier) of a criterion.
pub const MAX_WEIGHT: Decimal = Decimal::from_parts(1_000, 0, 0, false, 0);

/// A number of points as written by a person or a file: plain decimal notation only
/// (`12`, `-3`, `7.25`). `NaN`, infinities, exponents, thousands separators and decimal
/// commas are refused rather than guessed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Points(Decimal);

impl Points {
    pub fn new(value: Decimal) -> Self {
        Points(value)
    }

    pub fn value(self) -> Decimal {
        self.0
    }

    /// Reads plain decimal notation; anything else is `None`.
    pub fn parse(text: &str) -> Option<Points> {
        Points::read(text).ok()
    }

    /// Reads plain decimal notation exactly, saying why a text is refused.
    pub fn read(text: &str) -> Result<Points, NotDecimal> {
        read_decimal(text, false).map(Points)
    }
}

/// Why a text is not read as a decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotDecimal {
    /// Not plain decimal notation at all (`NaN`, `7,5`, `1e3` where no exponent is allowed).
    NotANumber,
    /// A number, but with more digits than can be kept exactly (more than 28 in all, or more
    /// than 28 after the point, once leading and trailing zeros are left out).
    TooManyDigits,
}

/// Reads `[+|-]digits[.digits]`, and with `exponent` also TOML's `e`/`E` exponent, as the
/// exact decimal written. Nothing is rounded: a value `Decimal` cannot hold exactly is refused.
pub(crate) fn read_decimal(text: &str, exponent: bool) -> Result<Decimal, NotDecimal> {
    let text = text.trim();
    if let Some(value) = read_short(text) {
        return Ok(value);
    }
    let (unsigned, negative) = match text.as_bytes().first() {
        Some(b'-') => (&text[1..], true),
        Some(b'+') if exponent => (&text[1..], false),
        _ => (text, false),
    };
    let (number, shift) = match unsigned.split_once(['e', 'E']) {
        Some((number, power)) if exponent => {
            let power = power.strip_prefix('+').unwrap_or(power);
            let digits = power.strip_prefix('-').unwrap_or(power);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(NotDecimal::NotANumber);
            }
            // Anything beyond ±60 cannot fit 28 digits, whatever the mantissa.
            match power.parse::<i32>() {
                Ok(p) if p.abs() <= 60 => (number, p),
                _ => return Err(NotDecimal::TooManyDigits),
            }
        }
        _ => (unsigned, 0),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || (number.contains('.') && !all_digits(fraction)) {
        return Err(NotDecimal::NotANumber);
    }
    // The digits, and where the decimal point falls among them once the exponent is applied.
    let digits = format!("{whole}{fraction}");
    let point = whole.len() as i64 + i64::from(shift);
    let (integer, decimals) = if point <= 0 {
        (
            String::new(),
            format!("{}{digits}", "0".repeat((-point) as usize)),
        )
    } else if point as usize >= digits.len() {
        (
            format!("{digits}{}", "0".repeat(point as usize - digits.len())),
            String::new(),
        )
    } else {
        let (i, d) = digits.split_at(point as usize);
        (i.to_owned(), d.to_owned())
    };
    let integer = integer.trim_start_matches('0');
    let decimals = decimals.trim_end_matches('0');
    let plain = format!(
        "{}{}.{}",
        if negative { "-" } else { "" },
        if integer.is_empty() { "0" } else { integer },
        if decimals.is_empty() { "0" } else { decimals }
    );
    Decimal::from_str_exact(&plain)
        .map(|d| d.normalize())
        .map_err(|_| NotDecimal::TooManyDigits)
}

/// The usual case of [`read_decimal`] without building strings: `[-]digits[.digits]` with at
/// most 18 digits, read straight into a mantissa and scale and normalised as the general path
/// does. Anything else is `None` and goes the general way.
fn read_short(text: &str) -> Option<Decimal> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) if !f.is_empty() => (w, f),
        Some(_) => return None,
        None => (unsigned, ""),
    };
    if whole.is_empty()
        || whole.len() + fraction.len() > 18
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let fraction = fraction.trim_end_matches('0');
    let mantissa = whole
        .bytes()
        .chain(fraction.bytes())
        .fold(0i64, |m, b| m * 10 + i64::from(b - b'0'));
    if mantissa == 0 {
        return Some(Decimal::ZERO);
    }
    let value = Decimal::new(mantissa, fraction.len() as u32);
    Some(if negative { -value } else { value })
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.normalize())
    }
}

/// A criterion's multiplier: strictly positive and at most [`MAX_WEIGHT`] (SCORING.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Weight(Decimal);

impl Weight {
    pub const ONE: Weight = Weight(Decimal::ONE);

    /// `None` unless `0 < value ≤ MAX_WEIGHT`.
    pub fn new(value: Decimal) -> Option<Weight> {
        (value > Decimal::ZERO && value <= MAX_WEIGHT).then_some(Weight(value))
    }

    pub fn value(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Weight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.normalize())
    }
}

/// Rounds half away from zero at `precision` decimal places (SCORING.md §3).
pub fn round_half_away(value: Decimal, precision: u32) -> Decimal {
    value.round_dp_with_strategy(precision, RoundingStrategy::MidpointAwayFromZero)
}

/// The text form used in messages, files and the digest: no trailing zeros, no exponent.
pub fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

/// A score rounded half away from zero and carrying exactly `precision` decimal places, so that
/// a column of scores lines up and reads the same as on the results page (`82.50`, not `82.5`).
pub fn at_precision(value: Decimal, precision: u32) -> Decimal {
    let mut rounded = round_half_away(value, precision);
    rounded.rescale(precision);
    rounded
}

/// The text form of a rounded score: [`at_precision`], written with a decimal point.
pub fn fixed(value: Decimal, precision: u32) -> String {
    at_precision(value, precision).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn the_short_path_reads_what_the_general_path_reads() {
        for text in [
            "0",
            "-0",
            "00",
            "7",
            "7.5",
            "7.50",
            "-7.25",
            "0.125",
            "000123.4500",
            "-0.0",
            "123456789012345678",
            "12345678901234567.8",
            "1.",
            ".5",
            "+3",
            "1e3",
            "7,5",
            "",
        ] {
            let general = read_decimal_general(text);
            if let Some(short) = read_short(text) {
                assert_eq!(Ok(short), general, "{text}");
                assert_eq!(short.scale(), general.unwrap().scale(), "{text}");
            }
        }
        assert_eq!(read_short("7.50"), Some(dec!(7.5)));
        assert_eq!(read_short("1."), None);
    }

    /// [`read_decimal`] with the short path skipped.
    fn read_decimal_general(text: &str) -> Result<Decimal, NotDecimal> {
        let padded = format!("{text}e0");
        if text.is_empty() || text.contains(['e', 'E']) {
            return read_decimal(text, false);
        }
        read_decimal(&padded, true)
    }

    #[test]
    fn points_accept_plain_decimal_notation_only() {
        assert_eq!(Points::parse(" 7.25 "), Some(Points(dec!(7.25))));
        assert_eq!(Points::parse("-3"), Some(Points(dec!(-3))));
        for bad in [
            "NaN", "inf", "1e3", "1_000", "7,5", "", ".5", "5.", "+5", "--1", "1.2.3",
        ] {
            assert_eq!(Points::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn points_with_more_digits_than_can_be_kept_are_refused_as_too_long() {
        let forty = "1234567890123456789012345678901234567890";
        assert_eq!(Points::read(forty), Err(NotDecimal::TooManyDigits));
        let thirty_places = "7.123456789012345678901234567890";
        assert_eq!(Points::read(thirty_places), Err(NotDecimal::TooManyDigits));
        assert_eq!(Points::read("7,5"), Err(NotDecimal::NotANumber));
        // Zeros that carry no digit of the value do not count.
        assert_eq!(
            Points::read("007.500000000000000000000000000000"),
            Ok(Points(dec!(7.5)))
        );
    }

    #[test]
    fn toml_floats_are_read_from_their_digits() {
        let read = |text| read_decimal(text, true);
        assert_eq!(
            read("72.00000000000000000001"),
            Ok(dec!(72.00000000000000000001))
        );
        assert_eq!(read("+2.5e-1"), Ok(dec!(0.25)));
        assert_eq!(read("1E3"), Ok(dec!(1000)));
        assert_eq!(read("-0.0"), Ok(Decimal::ZERO));
        for bad in ["inf", "+inf", "nan", "-nan", "1e", "e3", "1.5.2"] {
            assert_eq!(read(bad), Err(NotDecimal::NotANumber), "{bad}");
        }
        assert_eq!(
            read("72.0000000000000000000000000001"),
            Err(NotDecimal::TooManyDigits)
        );
        assert_eq!(read("1e400"), Err(NotDecimal::TooManyDigits));
        assert_eq!(read_decimal("1e3", false), Err(NotDecimal::NotANumber));
    }

    #[test]
    fn weights_must_be_positive_and_bounded() {
        assert_eq!(Weight::new(dec!(2.5)).map(Weight::value), Some(dec!(2.5)));
        assert_eq!(Weight::new(Decimal::ZERO), None);
        assert_eq!(Weight::new(dec!(-1)), None);
        assert_eq!(Weight::new(dec!(1001)), None);
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_half_away(dec!(82.125), 2), dec!(82.13));
        assert_eq!(round_half_away(dec!(-82.125), 2), dec!(-82.13));
        assert_eq!(round_half_away(dec!(82.124999), 2), dec!(82.12));
        assert_eq!(fixed(dec!(82.5), 2), "82.50");
        assert_eq!(fixed(dec!(7), 0), "7");
    }
}
