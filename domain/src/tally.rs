//! Exact sums and means of decimals in machine integers: the fast path under the §3–§4
//! arithmetic of a whole round.
//!
//! A `Decimal` is `mantissa / 10^scale`. Values brought to one scale add as integers, exactly,
//! and a mean rounded half away from zero is one integer division, where `Decimal` would first
//! divide to 28 significant digits and then round again. Every function here gives `None` when
//! an integer could overflow, and its caller then takes the plain `Decimal` path, so the fast
//! path never changes what a rule computes, only how quickly.

use rust_decimal::Decimal;

use crate::aggregate::mean;
use crate::points::at_precision;

/// `10^0` to `10^38`, every power of ten an `i128` holds.
const POWERS: [i128; 39] = {
    let mut powers = [1i128; 39];
    let mut i = 1;
    while i < powers.len() {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};

/// `10^exponent` for the exponents an `i128` can hold.
pub(crate) fn ten_to(exponent: u32) -> Option<i128> {
    POWERS.get(exponent as usize).copied()
}

/// `units × 10^(to − from)`: a count of `10^-from` as a count of `10^-to` (`to ≥ from`).
fn rescaled(units: i128, from: u32, to: u32) -> Option<i128> {
    times_ten_to(units, to.checked_sub(from)?)
}

/// `units × 10^exponent`; `None` when it does not fit an `i128`.
pub(crate) fn times_ten_to(units: i128, exponent: u32) -> Option<i128> {
    if exponent == 0 {
        return Some(units);
    }
    product(units, ten_to(exponent)?)
}

/// `x × y`; `None` when it does not fit an `i128`. Two factors within 64 bits multiply without
/// overflow (the usual case, and much cheaper than a checked 128-bit product).
fn product(x: i128, y: i128) -> Option<i128> {
    match (i64::try_from(x), i64::try_from(y)) {
        (Ok(x), Ok(y)) => Some(i128::from(x) * i128::from(y)),
        _ => x.checked_mul(y),
    }
}

/// `value` as a count of `10^-scale` (`scale` at least its own); `None` when that does not fit
/// an `i128`.
pub(crate) fn units_at(value: Decimal, scale: u32) -> Option<i128> {
    times_ten_to(value.mantissa(), scale.checked_sub(value.scale())?)
}

/// `a × b` exactly, as a count of `10^-scale` (`scale` at least the product's own scale,
/// `a.scale() + b.scale()`); `None` when it does not fit an `i128`.
pub(crate) fn product_at(a: Decimal, b: Decimal, scale: u32) -> Option<i128> {
    let units = product(a.mantissa(), b.mantissa())?;
    times_ten_to(units, scale.checked_sub(a.scale() + b.scale())?)
}

/// `numerator / denominator` rounded half away from zero (`denominator > 0`).
pub(crate) fn divide_half_away(numerator: i128, denominator: i128) -> i128 {
    // The usual operands fit 64 bits, where division is several times faster.
    if let (Ok(n), Ok(d)) = (i64::try_from(numerator), i64::try_from(denominator)) {
        let (quotient, remainder) = (n / d, n % d);
        return i128::from(
            if remainder.unsigned_abs() >= d.unsigned_abs() - remainder.unsigned_abs() {
                quotient + n.signum()
            } else {
                quotient
            },
        );
    }
    // One division: the remainder is what the quotient leaves (no overflow, as it is smaller
    // in magnitude than the denominator).
    let quotient = numerator / denominator;
    let remainder = numerator - quotient * denominator;
    // |remainder| ≥ denominator − |remainder| is 2 × |remainder| ≥ denominator, without overflow.
    if remainder.unsigned_abs() >= denominator.unsigned_abs() - remainder.unsigned_abs() {
        quotient + numerator.signum()
    } else {
        quotient
    }
}

/// An exact sum of decimals: `units / 10^scale`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Sum {
    units: i128,
    scale: u32,
    count: u32,
}

impl Sum {
    /// Adds `mantissa / 10^scale`, keeping the larger of the two scales (as `Decimal` does).
    pub(crate) fn add(&mut self, mantissa: i128, scale: u32) -> Option<()> {
        if scale == self.scale {
            self.units = self.units.checked_add(mantissa)?;
            self.count += 1;
            return Some(());
        }
        if scale > self.scale {
            self.units = rescaled(self.units, self.scale, scale)?;
            self.scale = scale;
        }
        let term = rescaled(mantissa, scale, self.scale)?;
        self.units = self.units.checked_add(term)?;
        self.count += 1;
        Some(())
    }

    /// The sum of `count` terms already at one `scale`, whose mantissas add up to `units`: what
    /// adding them one by one gives.
    pub(crate) fn of_units(units: i128, scale: u32, count: u32) -> Sum {
        Sum {
            units,
            scale: if count == 0 { 0 } else { scale },
            count,
        }
    }

    pub(crate) fn add_decimal(&mut self, value: Decimal) -> Option<()> {
        self.add(value.mantissa(), value.scale())
    }

    pub(crate) fn of(values: &[Decimal]) -> Option<Sum> {
        // Values of one scale (the usual case) add as plain integers: the same partial sums,
        // so the same overflow, as adding them one by one.
        if let Some(scale) = values.first().map(|v| v.scale())
            && values.iter().all(|v| v.scale() == scale)
        {
            let mut units = 0i128;
            for v in values {
                units = units.checked_add(v.mantissa())?;
            }
            return Some(Sum::of_units(units, scale, values.len() as u32));
        }
        let mut sum = Sum::default();
        for &v in values {
            sum.add_decimal(v)?;
        }
        Some(sum)
    }

    /// The sum as a decimal, at the largest scale of its terms.
    pub(crate) fn total(&self) -> Option<Decimal> {
        Decimal::try_from_i128_with_scale(self.units, self.scale).ok()
    }

    /// §3: the mean rounded half away from zero at `places`, carrying exactly `places` decimals;
    /// `Some(None)` when nothing was added.
    pub(crate) fn mean_at(&self, places: u32) -> Option<Option<Decimal>> {
        if self.count == 0 {
            return Some(None);
        }
        let n = i128::from(self.count);
        let units = if places >= self.scale {
            divide_half_away(rescaled(self.units, self.scale, places)?, n)
        } else {
            divide_half_away(self.units, n.checked_mul(ten_to(self.scale - places)?)?)
        };
        Decimal::try_from_i128_with_scale(units, places)
            .ok()
            .map(Some)
    }
}

/// §3: the mean of `values` rounded half away from zero at `places` (carrying exactly `places`
/// decimals); `None` for no values.
pub(crate) fn mean_at(values: &[Decimal], places: u32) -> Option<Decimal> {
    Sum::of(values)
        .and_then(|sum| sum.mean_at(places))
        .unwrap_or_else(|| mean(values).map(|m| at_precision(m, places)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_mean_is_rounded_half_away_from_zero_once() {
        assert_eq!(mean_at(&[dec!(80), dec!(61)], 2), Some(dec!(70.50)));
        // 200/3 = 66.666…
        assert_eq!(
            mean_at(&[dec!(66.5), dec!(66.5), dec!(67)], 2),
            Some(dec!(66.67))
        );
        // 0.125 exactly: half away from zero, up for positives and down for negatives.
        assert_eq!(mean_at(&[dec!(0.25), dec!(0)], 2), Some(dec!(0.13)));
        assert_eq!(mean_at(&[dec!(-0.25), dec!(0)], 2), Some(dec!(-0.13)));
        assert_eq!(mean_at(&[], 2), None);
    }

    #[test]
    fn means_carry_exactly_the_places_asked_for() {
        let m = mean_at(&[dec!(7), dec!(8)], 2).unwrap();
        assert_eq!((m.mantissa(), m.scale()), (750, 2));
        let fine = mean_at(&[dec!(1.23456), dec!(1.23457)], 3).unwrap();
        assert_eq!((fine.mantissa(), fine.scale()), (1235, 3));
    }

    #[test]
    fn sums_keep_the_largest_scale_of_their_terms() {
        let sum = Sum::of(&[dec!(8.5), dec!(9.25), dec!(1)]).unwrap();
        assert_eq!(
            sum.total().map(|t| (t.mantissa(), t.scale())),
            Some((1875, 2))
        );
    }

    #[test]
    fn values_of_one_scale_sum_as_when_added_one_by_one() {
        for values in [
            &[dec!(8.5), dec!(-9.5), dec!(1.0)][..],
            &[dec!(0.00), dec!(0.00)][..],
            &[dec!(7)][..],
            &[Decimal::MAX, Decimal::MAX][..],
        ] {
            let mut one_by_one = Some(Sum::default());
            for &v in values {
                one_by_one = one_by_one.and_then(|mut s| s.add_decimal(v).map(|()| s));
            }
            assert_eq!(Sum::of(values), one_by_one, "{values:?}");
        }
    }

    #[test]
    fn a_value_or_product_in_units_is_the_decimal_at_that_scale() {
        let cases = [
            (dec!(7.5), dec!(2), 1),
            (dec!(7.5), dec!(1.25), 5),
            (dec!(-0.5), dec!(3), 2),
            (Decimal::MAX, dec!(1), 0),
            (dec!(-123456789.25), dec!(98765.5), 4),
        ];
        for (a, b, scale) in cases {
            let expected = (a * b)
                .mantissa()
                .checked_mul(ten_to(scale - (a * b).scale()).unwrap());
            assert_eq!(product_at(a, b, scale), expected, "{a} × {b}");
        }
        // Beyond 128 bits, and below the product's own scale: none.
        assert_eq!(product_at(Decimal::MAX, Decimal::MAX, 0), None);
        assert_eq!(product_at(dec!(7.5), dec!(1.25), 2), None);
        assert_eq!(units_at(dec!(-7.25), 4), Some(-72500));
        assert_eq!(units_at(dec!(7.25), 2), Some(725));
        assert_eq!(units_at(dec!(7.25), 1), None);
        assert_eq!(units_at(Decimal::MAX, 28), None);
    }

    #[test]
    fn a_sum_made_from_its_units_is_the_sum_of_its_terms_added_one_by_one() {
        for (terms, scale) in [
            (&[85, 925, -10][..], 2),
            (&[7, 8, 9][..], 0),
            (&[5][..], 28),
            (&[][..], 3),
        ] {
            let mut one_by_one = Sum::default();
            for &t in terms {
                one_by_one.add(t, scale).unwrap();
            }
            let units = terms.iter().sum();
            let made = Sum::of_units(units, scale, terms.len() as u32);
            assert_eq!(made, one_by_one, "{terms:?} at {scale}");
            assert_eq!(made.mean_at(2), one_by_one.mean_at(2));
        }
    }

    #[test]
    fn values_beyond_machine_integers_take_the_decimal_path_and_agree() {
        // Brought to 28 places, the largest decimal is beyond any i128.
        let values = [Decimal::MAX, dec!(0.0000000000000000000000000001)];
        assert_eq!(Sum::of(&values).and_then(|s| s.total()), None);
        assert_eq!(
            mean_at(&values, 2),
            mean(&values).map(|m| at_precision(m, 2))
        );
    }

    #[test]
    fn half_away_division_rounds_ties_away_from_zero_and_the_rest_to_nearest() {
        assert_eq!(divide_half_away(5, 2), 3);
        assert_eq!(divide_half_away(-5, 2), -3);
        assert_eq!(divide_half_away(7, 3), 2);
        assert_eq!(divide_half_away(8, 3), 3);
        assert_eq!(divide_half_away(-8, 3), -3);
        assert_eq!(divide_half_away(i128::MAX, i128::MAX), 1);
    }
}
