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

/// [`sqrt_of_ratio`] of `num / root_den²` in machine integers, the same decimal to the last
/// digit; `None` where a value could overflow 128 bits (then the caller takes the arbitrary
/// precision path). §4's standard deviations have this form: `√(n × Σt² − (Σt)²) / (n × 10^s)`.
///
/// At `p` places the root is `⌊√(num × 10^2p) / root_den + ½⌋`, which is
/// `⌊(⌊√(4 × num × 10^2p)⌋ + root_den) / (2 × root_den)⌋`: one integer square root, taken
/// digit by digit as by hand, with no division of large numbers.
pub(crate) fn sqrt_of_square_ratio(num: u128, root_den: u128) -> Option<Decimal> {
    if root_den == 0 {
        return None;
    }
    if num == 0 {
        return Some(Decimal::ZERO);
    }
    let limit = 10u128.pow(MAX_PLACES);
    // As in `sqrt_of_ratio`: the most places, at most 28, at which the root has at most 28
    // digits, searched from a start that is not below it (one place above at most).
    let first = first_places(num as f64, root_den as f64);
    // ⌊√(4 × num × 10^2p)⌋ is taken once, at the first places tried: at fewer places p − k it
    // is that floor divided by 10^k, as floors nest (⌊⌊x⌋ / 10^k⌋ = ⌊x / 10^k⌋).
    let floor = floor_sqrt_scaled(num.checked_mul(4)?, first)?;
    let mut places = first;
    loop {
        let floor = floor / 10u128.checked_pow(first - places)?;
        let root = floor.checked_add(root_den)? / root_den.checked_mul(2)?;
        if root < limit {
            let mantissa = i128::try_from(root).ok()?;
            return Some(Decimal::from_i128_with_scale(mantissa, places));
        }
        let excess = root.checked_ilog10()? + 1 - MAX_PLACES;
        places = places.checked_sub(excess.max(1))?;
    }
}

/// Where the search for a root's places starts: 28 less the digits of the root's whole part,
/// as the binary estimate `√num / root_den` has them, plus one for an estimate just below a
/// power of ten; 28 for a root below 1 (or no finite estimate).
fn first_places(num: f64, root_den: f64) -> u32 {
    let root = num.sqrt() / root_den;
    if !(root.is_finite() && root >= 1.0) {
        return MAX_PLACES;
    }
    let whole_digits = root.log10().floor() as u32 + 1;
    MAX_PLACES
        .saturating_sub(whole_digits)
        .saturating_add(1)
        .min(MAX_PLACES)
}

/// `⌊√(value × 10^2places)⌋`. As many places as keep `value × 10^2q` within 128 bits are
/// taken at once by the integer square root; the rest digit by digit, as by hand: bring down
/// two zeros and take the largest next digit `x` with `(20 × root + x) × x` within the
/// remainder. The remainder stays at most twice the root, so everything fits 128 bits while
/// the root is below about 10^36.
fn floor_sqrt_scaled(value: u128, places: u32) -> Option<u128> {
    let (mut scaled, mut taken_at_once) = (value, 0);
    while taken_at_once < places
        && let Some(more) = scaled.checked_mul(100)
    {
        scaled = more;
        taken_at_once += 1;
    }
    let mut root = scaled.isqrt();
    let mut remainder = scaled - root * root;
    for _ in taken_at_once..places {
        remainder = remainder.checked_mul(100)?;
        let base = root.checked_mul(20)?;
        // The largest digit whose `(base + x) × x` fits the remainder, by bisection of 0–9
        // (a few multiplications instead of a 128-bit division).
        let taken = |x: u128| base.checked_add(x)?.checked_mul(x);
        let (mut low, mut high) = (0u128, 9u128);
        while low < high {
            let middle = (low + high).div_ceil(2);
            if taken(middle)? <= remainder {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        remainder -= taken(low)?;
        root = root.checked_mul(10)?.checked_add(low)?;
    }
    Some(root)
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
    fn roots_in_machine_integers_are_the_arbitrary_precision_roots() {
        let mut cases: Vec<(u128, u128)> = vec![(1, 1), (2, 1), (144, 1), (9, 20), (200, 3)];
        // Squares of powers of ten and their neighbours, where the root's digits change.
        for k in 0..19u32 {
            let square = 10u128.pow(2 * k);
            for num in [square - 1, square, square + 1, 4 * square - 1] {
                for den in [1, 3, 60, 600, 7_000, 600_000] {
                    cases.push((num.max(1), den));
                    if let Some(scaled) = num.max(1).checked_mul(den * den) {
                        cases.push((scaled, den));
                        cases.push((scaled.max(2) - 1, den));
                    }
                }
            }
        }
        let mut state = 2026u64;
        for _ in 0..20_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let num = u128::from(state >> (state % 64)) * u128::from((state >> 20) % 1000 + 1);
            let den = u128::from((state >> 30) % 10_000_000 + 1);
            cases.push((num.max(1), den));
        }
        let mut fast = 0;
        for (num, den) in cases {
            let exact = sqrt_of_ratio(&BigUint::from(num), &(BigUint::from(den) * den));
            if let Some(root) = sqrt_of_square_ratio(num, den) {
                assert_eq!(
                    (root.mantissa(), root.scale()),
                    (exact.mantissa(), exact.scale()),
                    "√({num}/{den}²)"
                );
                fast += 1;
            }
        }
        // Every case but the largest roots is computed in machine integers.
        assert!(fast > 19_000, "{fast}");
        assert_eq!(sqrt_of_square_ratio(0, 7), Some(Decimal::ZERO));
    }

    #[test]
    fn a_scaled_root_taken_partly_digit_by_digit_is_the_integer_square_root() {
        for value in [
            1u128,
            2,
            3,
            99,
            100,
            12_345,
            10u128.pow(17) - 1,
            4 * 10u128.pow(16),
        ] {
            for places in 0..=18u32 {
                let Some(scaled) = 10u128
                    .checked_pow(2 * places)
                    .and_then(|p| value.checked_mul(p))
                else {
                    continue;
                };
                assert_eq!(
                    floor_sqrt_scaled(value, places),
                    Some(scaled.isqrt()),
                    "{value} × 10^{}",
                    2 * places
                );
            }
        }
        // √2 × 10^30, beyond 128 bits before the root: 1414213562373095048801688724209|69…
        assert_eq!(
            floor_sqrt_scaled(2, 30),
            Some(1_414_213_562_373_095_048_801_688_724_209)
        );
    }

    #[test]
    fn values_are_scaled_to_integers_exactly() {
        assert_eq!(common_scale([dec!(7.25), dec!(3), dec!(0.125)]), 3);
        assert_eq!(scaled(dec!(7.25), 3), BigInt::from(7250));
        assert_eq!(scaled(dec!(-0.125), 3), BigInt::from(-125));
    }
}
