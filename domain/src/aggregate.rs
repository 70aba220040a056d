//! The aggregations of SCORING.md §3 on plain lists of totals (or of one criterion's
//! weighted scores), exact in decimal.

use rust_decimal::Decimal;

use crate::settings::Aggregate;

/// An aggregate value, and whether `trimmed_mean` had to fall back to the mean (§3: `n ≤ 2k`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Aggregated {
    pub value: Decimal,
    pub fell_back_to_mean: bool,
}

/// Arithmetic mean; `None` for no values.
pub fn mean(values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    let sum: Decimal = values.iter().sum();
    Some(sum / Decimal::from(values.len()))
}

/// §11: the median of an even count is the mean of the two middle values.
/// `sorted` must be in ascending order.
pub fn median_of_sorted(sorted: &[Decimal]) -> Option<Decimal> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    Some(if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / Decimal::TWO
    })
}

/// §3: drop the `trim` highest and lowest, mean of the rest; the mean when `n ≤ 2 × trim`.
/// `trim = 0` is the plain mean (§11). `sorted` must be in ascending order.
pub fn trimmed_mean_of_sorted(sorted: &[Decimal], trim: u32) -> Option<Aggregated> {
    let k = trim as usize;
    if sorted.len() <= 2 * k {
        return mean(sorted).map(|value| Aggregated {
            value,
            fell_back_to_mean: k > 0,
        });
    }
    mean(&sorted[k..sorted.len() - k]).map(|value| Aggregated {
        value,
        fell_back_to_mean: false,
    })
}

/// Applies a §3 aggregation to raw values (any order). `normalized_mean` is the plain mean
/// here: its calibration happens on totals before (§4), and per-criterion scores of a
/// calibrated round are plain means.
pub fn aggregate(kind: Aggregate, values: &[Decimal]) -> Option<Aggregated> {
    let plain = |value| Aggregated {
        value,
        fell_back_to_mean: false,
    };
    match kind {
        Aggregate::Mean | Aggregate::NormalizedMean => mean(values).map(plain),
        Aggregate::Median => {
            let mut sorted = values.to_vec();
            sorted.sort_unstable();
            median_of_sorted(&sorted).map(plain)
        }
        Aggregate::TrimmedMean { trim } => {
            let mut sorted = values.to_vec();
            sorted.sort_unstable();
            trimmed_mean_of_sorted(&sorted, trim)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn trimmed_mean_of_five_drops_the_highest_and_lowest() {
        let totals = [dec!(90), dec!(40), dec!(70), dec!(75), dec!(65)];
        let got = aggregate(Aggregate::TrimmedMean { trim: 1 }, &totals);
        assert_eq!(
            got,
            Some(Aggregated {
                value: dec!(70),
                fell_back_to_mean: false
            })
        );
    }

    #[test]
    fn trimmed_mean_of_two_falls_back_to_the_mean_and_says_so() {
        let got = aggregate(Aggregate::TrimmedMean { trim: 1 }, &[dec!(80), dec!(61)]);
        assert_eq!(
            got,
            Some(Aggregated {
                value: dec!(70.5),
                fell_back_to_mean: true
            })
        );
    }

    #[test]
    fn trim_zero_is_the_plain_mean_without_a_fallback_note() {
        let got = aggregate(Aggregate::TrimmedMean { trim: 0 }, &[dec!(1), dec!(2)]);
        assert_eq!(
            got,
            Some(Aggregated {
                value: dec!(1.5),
                fell_back_to_mean: false
            })
        );
    }

    #[test]
    fn median_of_an_even_count_is_the_mean_of_the_middle_two() {
        let got = aggregate(Aggregate::Median, &[dec!(90), dec!(60), dec!(71), dec!(62)]);
        assert_eq!(got.map(|a| a.value), Some(dec!(66.5)));
        let odd = aggregate(Aggregate::Median, &[dec!(90), dec!(60), dec!(71)]);
        assert_eq!(odd.map(|a| a.value), Some(dec!(71)));
    }

    #[test]
    fn no_values_have_no_aggregate() {
        assert_eq!(aggregate(Aggregate::Mean, &[]), None);
        assert_eq!(aggregate(Aggregate::Median, &[]), None);
    }
}
