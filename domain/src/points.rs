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
        let text = text.trim();
        let digits = text.strip_prefix('-').unwrap_or(text);
        let (whole, fraction) = match digits.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (digits, None),
        };
        let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(whole) || fraction.is_some_and(|f| !all_digits(f)) {
            return None;
        }
        Decimal::from_str_exact(text).ok().map(Points)
    }
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

/// The text form of a rounded score: exactly `precision` decimal places, so that a column of
/// scores lines up and reads the same as on the results page (`82.50`, not `82.5`).
pub fn fixed(value: Decimal, precision: u32) -> String {
    let mut rounded = round_half_away(value, precision);
    rounded.rescale(precision);
    rounded.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

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
