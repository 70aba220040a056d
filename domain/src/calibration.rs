//! Judge calibration for `normalized_mean` (SCORING.md §4) and its health warnings.

use std::collections::HashMap;

use num_bigint::{BigInt, Sign};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::exact;
use crate::tally;

/// §4: calibrated totals are rounded to this many decimal places before clamping.
pub const CALIBRATION_PLACES: u32 = 10;
/// Judges with fewer sheets than this are only shifted, or left as they are (§4).
pub const SCALING_MIN_SHEETS: usize = 3;

/// The mean and population standard deviation of a list of totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Spread {
    pub sheets: usize,
    pub mean: Decimal,
    pub sd: Decimal,
}

impl Spread {
    /// The mean is a decimal quotient (28 significant digits). The standard deviation is the
    /// square root of the exact variance `(n × Σt² − (Σt)²) / n²`, taken in decimal arithmetic
    /// and correctly rounded to 28 significant digits (§3: at least 20, never binary floating
    /// point), so calibrated totals agree to the 10th place with any exact implementation.
    pub fn of(totals: &[Decimal]) -> Option<Spread> {
        if totals.is_empty() {
            return None;
        }
        let n = Decimal::from(totals.len());
        let scale = exact::common_scale(totals.iter().copied());
        let sums = Sums::of(totals, scale);
        let sum = sums
            .and_then(|s| s.decimal_sum(scale))
            .unwrap_or_else(|| decimal_sum(totals));
        let mean = sum / n;
        let sd = sums
            .and_then(|s| small_sd(totals.len(), s.sum, s.squares, scale))
            .unwrap_or_else(|| {
                let count = BigInt::from(totals.len());
                let scaled: Vec<BigInt> = totals.iter().map(|&t| exact::scaled(t, scale)).collect();
                let (sum, squares): (BigInt, BigInt) =
                    (scaled.iter().sum(), scaled.iter().map(|t| t * t).sum());
                let spread = &count * squares - &sum * &sum;
                let per_sheet = &count * &count * exact::ten_to(2 * scale);
                exact::sqrt_of_ratio(spread.magnitude(), per_sheet.magnitude())
            });
        Some(Spread {
            sheets: totals.len(),
            mean,
            sd,
        })
    }
}

/// `Σt`, `Σt²` and `Σ|t|` of the totals scaled to integers at one scale, in one pass and in
/// machine integers; `None` when one of them might not fit.
#[derive(Debug, Clone, Copy)]
struct Sums {
    sum: i128,
    squares: i128,
    magnitudes: u128,
}

impl Sums {
    fn of(totals: &[Decimal], scale: u32) -> Option<Sums> {
        let (mut sum, mut squares, mut magnitudes) = (0i128, 0i128, 0u128);
        for t in totals {
            let t = tally::units_at(*t, scale)?;
            // A total within 64 bits squares without overflow (the usual case, and cheaper
            // than a checked 128-bit product).
            let square = match i64::try_from(t) {
                Ok(small) => i128::from(small) * i128::from(small),
                Err(_) => t.checked_mul(t)?,
            };
            sum = sum.checked_add(t)?;
            squares = squares.checked_add(square)?;
            magnitudes = magnitudes.checked_add(t.unsigned_abs())?;
        }
        Some(Sums {
            sum,
            squares,
            magnitudes,
        })
    }

    /// `Σt` as [`decimal_sum`] gives it, when these sums settle it: below `Decimal`'s 96 bits
    /// every partial sum is exact, and a zero sum's sign is left to `Decimal`.
    fn decimal_sum(&self, scale: u32) -> Option<Decimal> {
        if self.magnitudes >> 96 != 0 || self.sum == 0 {
            return None;
        }
        Decimal::try_from_i128_with_scale(self.sum, scale).ok()
    }
}

/// `Σt` exactly as `Decimal` addition gives it, term by term, summed in machine integers when
/// it can be: `Decimal` addition keeps the larger scale and is exact while no partial sum needs
/// more than its 96 bits, which the sum of the magnitudes bounds. A zero sum, whose sign
/// `Decimal` keeps its own way, is left to `Decimal`.
fn decimal_sum(totals: &[Decimal]) -> Decimal {
    let fast = || {
        let scale = exact::common_scale(totals.iter().copied());
        let (mut sum, mut magnitudes) = (0i128, 0u128);
        for t in totals {
            let t = t
                .mantissa()
                .checked_mul(tally::ten_to(scale - t.scale())?)?;
            sum = sum.checked_add(t)?;
            magnitudes = magnitudes.checked_add(t.unsigned_abs())?;
        }
        if magnitudes >> 96 != 0 || sum == 0 {
            return None;
        }
        Decimal::try_from_i128_with_scale(sum, scale).ok()
    };
    fast().unwrap_or_else(|| totals.iter().sum())
}

/// The standard deviation `√(n × Σt² − (Σt)²) / (n × 10^scale)` in machine integers, when
/// they hold every value (the usual case, and much faster at national scale).
fn small_sd(count: usize, sum: i128, squares: i128, scale: u32) -> Option<Decimal> {
    let n = i128::try_from(count).ok()?;
    let spread = n.checked_mul(squares)?.checked_sub(sum.checked_mul(sum)?)?;
    let root_den = n.checked_mul(tally::ten_to(scale)?)?;
    exact::sqrt_of_square_ratio(spread.unsigned_abs(), root_den.unsigned_abs())
}

/// Which §4 formula a judge's sheets get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CalibrationMode {
    /// `μ + σ × (t − μⱼ) / σⱼ`: at least 3 sheets and `σⱼ > 0`.
    Scaled,
    /// `t − μⱼ + μ`: at least 2 sheets otherwise.
    Shifted,
    /// `t`: a single sheet.
    Unchanged,
}

/// One judge's §4 statistics over all their counted sheets in the round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JudgeCalibration {
    pub judge: String,
    pub spread: Spread,
    pub mode: CalibrationMode,
}

impl JudgeCalibration {
    pub fn new(judge: &str, totals: &[Decimal]) -> Option<JudgeCalibration> {
        let spread = Spread::of(totals)?;
        let mode = if spread.sheets >= SCALING_MIN_SHEETS && spread.sd > Decimal::ZERO {
            CalibrationMode::Scaled
        } else if spread.sheets >= 2 {
            CalibrationMode::Shifted
        } else {
            CalibrationMode::Unchanged
        };
        Some(JudgeCalibration {
            judge: judge.to_owned(),
            spread,
            mode,
        })
    }

    /// §4's formula for this judge as one affine map `t ↦ factor × t + offset`:
    /// `μ + σ × (t − μⱼ) / σⱼ` is `(σ / σⱼ) × t + (μ − (σ / σⱼ) × μⱼ)`, and the shift
    /// `t − μⱼ + μ` is `1 × t + (μ − μⱼ)`. The factor and offset are decimals of 28 significant
    /// digits, worked out once per judge; each sheet then costs one exact multiplication and
    /// addition (see [`Affine::apply`]).
    pub fn map(&self, round: &Spread) -> Affine {
        let own = &self.spread;
        match self.mode {
            CalibrationMode::Scaled => {
                let factor = round.sd / own.sd;
                Affine {
                    factor,
                    offset: round.mean - factor * own.mean,
                }
            }
            CalibrationMode::Shifted => Affine {
                factor: Decimal::ONE,
                offset: round.mean - own.mean,
            },
            CalibrationMode::Unchanged => Affine {
                factor: Decimal::ONE,
                offset: Decimal::ZERO,
            },
        }
    }

    /// §4: a sheet's calibrated total, rounded to 10 places and clamped to the rubric's
    /// `[min_total, max_total]`.
    pub fn calibrate(&self, total: Decimal, round: &Spread, bounds: (Decimal, Decimal)) -> Decimal {
        self.map(round).apply(total, bounds)
    }
}

/// One judge's §4 calibration, `t ↦ factor × t + offset` ([`JudgeCalibration::map`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Affine {
    pub factor: Decimal,
    pub offset: Decimal,
}

impl Affine {
    /// `factor × total + offset`, computed exactly (no rounding before the last step), then
    /// rounded half away from zero to 10 places and clamped to `bounds`.
    pub fn apply(&self, total: Decimal, bounds: (Decimal, Decimal)) -> Decimal {
        self.apply_within(total, &Bounds::new(bounds))
    }

    /// [`Affine::apply`] with the bounds prepared once for many totals.
    pub(crate) fn apply_within(&self, total: Decimal, bounds: &Bounds) -> Decimal {
        let units = self
            .units_fast(total)
            .unwrap_or_else(|| self.units_exact(total));
        // Compared in units of 10^-10 where the bounds have at most 10 places: as
        // `Decimal::clamp` compares, a value equal to a bound is kept as it is.
        let within = match bounds.units {
            Some((low, _)) if units < low => return bounds.decimals.0,
            Some((_, high)) if units > high => return bounds.decimals.1,
            Some(_) => true,
            None => false,
        };
        match Decimal::try_from_i128_with_scale(units, CALIBRATION_PLACES) {
            Ok(value) if within => value,
            Ok(value) => value.clamp(bounds.decimals.0, bounds.decimals.1),
            // Beyond what a decimal holds, so far beyond either bound.
            Err(_) if units < 0 => bounds.decimals.0,
            Err(_) => bounds.decimals.1,
        }
    }

    /// The calibrated total in units of `10^-10`, in machine integers, when nothing overflows.
    fn units_fast(&self, total: Decimal) -> Option<i128> {
        let scale = (self.factor.scale() + total.scale()).max(self.offset.scale());
        let exact = tally::product_at(self.factor, total, scale)?
            .checked_add(tally::units_at(self.offset, scale)?)?;
        Some(if scale > CALIBRATION_PLACES {
            tally::divide_half_away(exact, tally::ten_to(scale - CALIBRATION_PLACES)?)
        } else {
            exact.checked_mul(tally::ten_to(CALIBRATION_PLACES - scale)?)?
        })
    }

    /// The same in arbitrary precision, for factors and totals too large for machine integers.
    fn units_exact(&self, total: Decimal) -> i128 {
        let scale = (self.factor.scale() + total.scale()).max(self.offset.scale());
        let product = BigInt::from(self.factor.mantissa()) * BigInt::from(total.mantissa());
        let value = product * exact::ten_to(scale - self.factor.scale() - total.scale())
            + exact::scaled(self.offset, scale);
        let units = if scale > CALIBRATION_PLACES {
            let unit = exact::ten_to(scale - CALIBRATION_PLACES);
            let (quotient, remainder) = (&value / &unit, &value % &unit);
            if remainder.magnitude() * 2u8 < *unit.magnitude() {
                quotient
            } else if value.sign() == Sign::Minus {
                quotient - 1
            } else {
                quotient + 1
            }
        } else {
            value * exact::ten_to(CALIBRATION_PLACES - scale)
        };
        i128::try_from(&units).unwrap_or(if units.sign() == Sign::Minus {
            i128::MIN
        } else {
            i128::MAX
        })
    }
}

/// §4's clamp to the rubric's `[min_total, max_total]`, and the same bounds in units of
/// `10^-10` (calibrated totals' places) when they have at most 10 places.
pub(crate) struct Bounds {
    decimals: (Decimal, Decimal),
    units: Option<(i128, i128)>,
}

impl Bounds {
    pub(crate) fn new(decimals: (Decimal, Decimal)) -> Bounds {
        let units = |d: Decimal| {
            d.mantissa()
                .checked_mul(tally::ten_to(CALIBRATION_PLACES.checked_sub(d.scale())?)?)
        };
        Bounds {
            decimals,
            units: units(decimals.0).zip(units(decimals.1)),
        }
    }
}

/// §4: judges connected through shared entries. Each group is sorted, and groups are ordered by
/// their first judge, so the warning reads the same every time.
pub fn judge_groups<'a>(
    judges: &[&'a str],
    entries: impl Iterator<Item = impl Iterator<Item = usize>>,
) -> Vec<Vec<&'a str>> {
    let mut parent: Vec<usize> = (0..judges.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for mut judges_of_entry in entries {
        let Some(first) = judges_of_entry.next() else {
            continue;
        };
        for other in judges_of_entry {
            let (a, b) = (root(&mut parent, first), root(&mut parent, other));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut groups: HashMap<usize, Vec<&'a str>> = HashMap::new();
    for (i, judge) in judges.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(judge);
    }
    let mut groups: Vec<Vec<&str>> = groups.into_values().collect();
    for group in &mut groups {
        group.sort_unstable();
    }
    groups.sort_unstable();
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    const BOUNDS: (Decimal, Decimal) = (Decimal::ZERO, Decimal::ONE_HUNDRED);

    fn round() -> Spread {
        Spread {
            sheets: 20,
            mean: dec!(70),
            sd: dec!(10),
        }
    }

    #[test]
    fn a_judge_with_three_varied_sheets_is_rescaled_to_the_round() {
        let judge = JudgeCalibration::new("harsh", &[dec!(50), dec!(40), dec!(60)]).unwrap();
        assert_eq!(judge.mode, CalibrationMode::Scaled);
        assert_eq!(judge.spread.mean, dec!(50));
        // σⱼ = √(200/3); 60 is one σⱼ·√1.5 above μⱼ, so 70 + 10 × 10/√(200/3).
        assert_eq!(
            judge.calibrate(dec!(60), &round(), BOUNDS),
            dec!(82.2474487139)
        );
        assert_eq!(judge.calibrate(dec!(50), &round(), BOUNDS), dec!(70));
    }

    #[test]
    fn standard_deviations_are_decimal_square_roots_with_28_significant_digits() {
        let round = Spread::of(&[dec!(8), dec!(31), dec!(97)]).unwrap();
        // σ = √(12806/9) = 37.72119946248911222297984170|77 (f64: 37.72119946248911)
        assert_eq!(round.sd, dec!(37.72119946248911222297984171));
        let judge = Spread::of(&[dec!(60), dec!(62), dec!(67)]).unwrap();
        // σⱼ = √(78/9) = 2.943920288775948951588014242|32 (f64: 2.943920288775949)
        assert_eq!(judge.sd, dec!(2.943920288775948951588014242));
    }

    #[test]
    fn totals_summed_in_integers_are_the_decimal_sums() {
        let cases: [&[Decimal]; 6] = [
            &[dec!(8.5), dec!(9.25), dec!(1)],
            &[dec!(-0.5), dec!(0.5)],
            &[dec!(-0.50), dec!(0.5), dec!(0)],
            &[Decimal::MAX, dec!(-1)],
            &[dec!(0.0000000000000000000000000001), dec!(7)],
            &[],
        ];
        for totals in cases {
            let sum = decimal_sum(totals);
            let expected: Decimal = totals.iter().sum();
            assert_eq!(sum.to_string(), expected.to_string(), "{totals:?}");
            assert_eq!(sum.scale(), expected.scale(), "{totals:?}");
            // The spread's one-pass sums give the same mean, text and scale.
            if let Some(spread) = Spread::of(totals) {
                let mean = expected / Decimal::from(totals.len());
                assert_eq!(spread.mean.to_string(), mean.to_string(), "{totals:?}");
            }
        }
    }

    #[test]
    fn totals_with_many_decimals_get_an_exact_spread_too() {
        // Scaled to integers their squares exceed 128 bits; σ is half their difference.
        let spread = Spread::of(&[
            dec!(12345.12345678901234567891),
            dec!(12345.12345678901234567893),
        ])
        .unwrap();
        assert_eq!(spread.sd, dec!(0.00000000000000000001));
        assert_eq!(spread.mean, dec!(12345.12345678901234567892));
    }

    #[test]
    fn a_calibrated_total_near_a_rounding_boundary_rounds_as_exact_arithmetic_does() {
        // Round 8, 31, 97; judge 60, 62, 67. The calibrated 67 is
        // 45.333… + 37.72119… × (67 − 63) / 2.94392… = 96.586350755450003007…, so 96.5863507555.
        // Square roots in binary floating point gave 96.5863507554; likewise the judge's 50
        // below (exact 8.413649244549996992…) came out as 8.4136492446.
        let round = Spread::of(&[dec!(8), dec!(31), dec!(97)]).unwrap();
        let judge = JudgeCalibration::new("j", &[dec!(60), dec!(62), dec!(67)]).unwrap();
        assert_eq!(
            judge.calibrate(dec!(67), &round, BOUNDS),
            dec!(96.5863507555)
        );
        let round = Spread::of(&[dec!(8), dec!(74), dec!(97)]).unwrap();
        let judge = JudgeCalibration::new("j", &[dec!(50), dec!(55), dec!(57)]).unwrap();
        assert_eq!(
            judge.calibrate(dec!(50), &round, BOUNDS),
            dec!(8.4136492445)
        );
    }

    #[test]
    fn the_machine_integer_and_the_arbitrary_precision_paths_agree() {
        let round = Spread::of(&[dec!(8), dec!(31), dec!(97), dec!(55.5)]).unwrap();
        let judges = [
            [dec!(60), dec!(62), dec!(67)],
            [dec!(50), dec!(55), dec!(57.25)],
            [dec!(99.5), dec!(0.5), dec!(42)],
        ];
        for totals in judges {
            let map = JudgeCalibration::new("j", &totals).unwrap().map(&round);
            for t in (0..=200).map(|h| Decimal::new(h, 0) / dec!(2)) {
                assert_eq!(map.units_fast(t), Some(map.units_exact(t)), "{t}");
                assert_eq!(map.units_fast(-t), Some(map.units_exact(-t)), "{t}");
            }
        }
    }

    #[test]
    fn a_map_too_large_for_machine_integers_is_applied_exactly() {
        let map = Affine {
            factor: dec!(1.000000000000000000000000001),
            offset: dec!(0.0000000000000000000000000001),
        };
        let t = dec!(12345678901234567.25);
        assert_eq!(map.units_fast(t), None);
        // t + t × 10⁻²⁷ + 10⁻²⁸ = 12345678901234567.25000000001234…, to 10 places.
        let big = (Decimal::MIN, Decimal::MAX);
        assert_eq!(map.apply(t, big), dec!(12345678901234567.2500000000));
    }

    #[test]
    fn a_judge_with_identical_totals_is_only_shifted() {
        let judge = JudgeCalibration::new("flat", &[dec!(75), dec!(75), dec!(75)]).unwrap();
        assert_eq!(judge.mode, CalibrationMode::Shifted);
        assert_eq!(judge.calibrate(dec!(75), &round(), BOUNDS), dec!(70));
    }

    #[test]
    fn a_judge_with_two_sheets_is_only_shifted() {
        let judge = JudgeCalibration::new("two", &[dec!(90), dec!(80)]).unwrap();
        assert_eq!(judge.mode, CalibrationMode::Shifted);
        assert_eq!(judge.calibrate(dec!(90), &round(), BOUNDS), dec!(75));
    }

    #[test]
    fn a_judge_with_one_sheet_keeps_it() {
        let judge = JudgeCalibration::new("once", &[dec!(93)]).unwrap();
        assert_eq!(judge.mode, CalibrationMode::Unchanged);
        assert_eq!(judge.calibrate(dec!(93), &round(), BOUNDS), dec!(93));
    }

    #[test]
    fn calibrated_totals_are_clamped_to_the_rubric() {
        let judge = JudgeCalibration::new("wide", &[dec!(0), dec!(2), dec!(4)]).unwrap();
        let steep = Spread {
            sheets: 9,
            mean: dec!(90),
            sd: dec!(30),
        };
        assert_eq!(judge.calibrate(dec!(4), &steep, BOUNDS), dec!(100));
    }

    #[test]
    fn a_total_calibrated_onto_a_bound_is_kept_and_one_beyond_it_becomes_the_bound() {
        let round = Spread {
            sheets: 9,
            mean: dec!(95),
            sd: dec!(30),
        };
        let judge = JudgeCalibration::new("two", &[dec!(95), dec!(85)]).unwrap();
        let map = judge.map(&round);
        // Shifted by 5: 95 ↦ 100 exactly, 96 ↦ 101.
        for bounds in [BOUNDS, (dec!(0.00000000000), dec!(100.000000000001))] {
            let exact = map.apply(dec!(95), bounds);
            assert_eq!(exact.to_string(), "100.0000000000");
        }
        assert_eq!(map.apply(dec!(96), BOUNDS).to_string(), "100");
        assert_eq!(
            map.apply(dec!(96), (dec!(0), dec!(100.000000000001))),
            dec!(100.000000000001)
        );
        assert_eq!(map.apply(dec!(-10), BOUNDS).to_string(), "0");
    }

    #[test]
    fn judges_sharing_no_entries_form_separate_groups() {
        let judges = ["a", "b", "c", "d"];
        let entries = [vec![0, 1], vec![2], vec![3, 2]];
        let groups = judge_groups(&judges, entries.iter().map(|e| e.iter().copied()));
        assert_eq!(groups, vec![vec!["a", "b"], vec!["c", "d"]]);
    }
}
