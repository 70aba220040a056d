//! Exact integer arithmetic on decimals, for the few places where `Decimal` would have to round:
//! §5's comparison without dividing and §4's square roots (SCORING.md §3).

use num_bigint::{BigInt, BigUint};
use rust_decimal::Decimal;

/// `Decimal` holds at most 28 decimal places, and 28 significant digits always fit.
const MAX_PLACES: u32 = 28;

/// The largest scale (decimal places) among `values`: multiplied by `10^scale`, each of them is
/// an integer.
pub(crate) fn common_scale(values: impl IntoIterator<Item = Decimal>) -> u32 {
    values.into_iter().map(|v| v.scale()).max().unwrap_or(0)
}

/// `value × 10^scale`, exactly; `scale` is at least the value's own scale.
pub(crate) fn scaled(value: Decimal, scale: u32) -> BigInt {
    BigInt::from(value.mantissa()) * ten_to(scale.saturating_sub(value.scale()))
}

/// `10^exponent`.
pub(crate) fn ten_to(exponent: u32) -> BigInt {
    BigInt::from(10u8).pow(exponent)
}

/// `√(num / den)` with 28 significant digits (28 decimal places when it is below 1), rounded
/// half away from zero: the correctly rounded decimal square root, never a binary one.
pub(crate) fn sqrt_of_ratio(num: &BigUint, den: &BigUint) -> Decimal {
    if *den == BigUint::ZERO || *num == BigUint::ZERO {
        return Decimal::ZERO;
    }
    let limit = BigUint::from(10u8).pow(MAX_PLACES);
    let mut places = MAX_PLACES;
    loop {
        let root = rounded_sqrt(num, den, places);
        if root < limit {
            let mantissa = i128::try_from(root).unwrap_or_default();
            return Decimal::from_i128_with_scale(mantissa, places);
        }
        // Too many digits to hold: drop as many places as the root has digits over 28.
        let excess = root.to_string().len() as u32 - MAX_PLACES;
        match places.checked_sub(excess.max(1)) {
            Some(fewer) => places = fewer,
            // Beyond 10^28: outside anything a rubric can produce (its totals are bounded).
            None => return Decimal::MAX,
        }
    }
}

/// `√(num / den) × 10^places`, rounded half away from zero to an integer.
fn rounded_sqrt(num: &BigUint, den: &BigUint, places: u32) -> BigUint {
    let scaled = num * BigUint::from(10u8).pow(2 * places);
    // ⌊√x⌋ = ⌊√⌊x⌋⌋ for x ≥ 0.
    let floor = (&scaled / den).sqrt();
    // Up when √x ≥ floor + ½, that is 4 × scaled ≥ (2 × floor + 1)² × den.
    let half_up = BigUint::from(2u8) * &floor + 1u8;
    if BigUint::from(4u8) * &scaled >= &half_up * &half_up * den {
        floor + 1u8
    } else {
        floor
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn sqrt(value: u64) -> Decimal {
        sqrt_of_ratio(&BigUint::from(value), &BigUint::from(1u8))
    }

    #[test]
    fn square_roots_are_exact_when_the_root_is_a_decimal() {
        assert_eq!(sqrt(144), dec!(12));
        assert_eq!(sqrt(0), Decimal::ZERO);
        assert_eq!(
            sqrt_of_ratio(&BigUint::from(9u8), &BigUint::from(400u16)),
            dec!(0.15)
        );
    }

    #[test]
    fn square_roots_have_28_significant_digits_rounded_half_away() {
        // √2 = 1.41421356237309504880168872420969807856967187…
        assert_eq!(sqrt(2), dec!(1.414213562373095048801688724));
        // √(200/3) = 8.16496580927726032732428024901963797321982493…
        assert_eq!(
            sqrt_of_ratio(&BigUint::from(200u8), &BigUint::from(3u8)),
            dec!(8.164965809277260327324280249)
        );
        // √(1/3) = 0.57735026918962576450914878050195745564760175…
        assert_eq!(
            sqrt_of_ratio(&BigUint::from(1u8), &BigUint::from(3u8)),
            dec!(0.5773502691896257645091487805)
        );
    }

    #[test]
    fn values_are_scaled_to_integers_exactly() {
        assert_eq!(common_scale([dec!(7.25), dec!(3), dec!(0.125)]), 3);
        assert_eq!(scaled(dec!(7.25), 3), BigInt::from(7250));
        assert_eq!(scaled(dec!(-0.125), 3), BigInt::from(-125));
    }
}
