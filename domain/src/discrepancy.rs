//! Discrepancy flags (SCORING.md §5, §11): raw totals, strict `>`, compared exactly.

use num_bigint::BigInt;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::exact;
use crate::scoring::CountedSheet;
use crate::settings::DiscrepancyRule;

/// Why an entry entered the committee's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    /// `max − min` of the raw totals, when it exceeds `spread_points`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spread: Option<SpreadExcess>,
    /// The sheet furthest from the mean, when it exceeds `relative_to_mean`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative: Option<RelativeExcess>,
    /// The committee accepted the scores with this note (§5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpreadExcess {
    pub spread: Decimal,
    pub limit: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelativeExcess {
    pub judge: String,
    pub total: Decimal,
    pub mean: Decimal,
    /// `|t − mean| / |mean|`, for people to read; `None` when the mean is 0 (any differing
    /// total flags, §11). The decision itself never divides (§5).
    pub ratio: Option<Decimal>,
    pub limit: Decimal,
}

/// §5: the flag for one entry's counted sheets, or `None`. Incomplete entries are checked too.
pub fn check(rule: &DiscrepancyRule, sheets: &[CountedSheet]) -> Option<Flag> {
    let totals = || sheets.iter().map(|s| s.total);
    let (min, max) = (totals().min()?, totals().max()?);
    let spread = rule
        .spread_points
        .filter(|&limit| max - min > limit)
        .map(|limit| SpreadExcess {
            spread: max - min,
            limit,
        });
    let relative = rule.relative_to_mean.and_then(|limit| {
        // §5 without dividing: with every total scaled to an integer, `n × |tᵢ − mean|` is
        // `|n × tᵢ − Σt|`, which orders the sheets as `|tᵢ − mean|` does, and the ratio exceeds
        // `r` exactly when `|n × tᵢ − Σt| > r × |Σt|`. A mean of 0 then flags any differing total.
        let scale = exact::common_scale(totals());
        let n = BigInt::from(sheets.len());
        let sum: BigInt = totals().map(|t| exact::scaled(t, scale)).sum();
        let (furthest, deviation) = sheets
            .iter()
            .map(|s| {
                (
                    s,
                    (&n * exact::scaled(s.total, scale) - &sum)
                        .magnitude()
                        .clone(),
                )
            })
            .max_by(|(a, da), (b, db)| da.cmp(db).then_with(|| b.judge.cmp(&a.judge)))?;
        let bound = BigInt::from(limit.mantissa()) * BigInt::from(sum.magnitude().clone());
        let flagged = BigInt::from(deviation) * exact::ten_to(limit.scale()) > bound;
        flagged.then(|| {
            let mean = totals().sum::<Decimal>() / Decimal::from(sheets.len());
            let ratio = (!mean.is_zero()).then(|| (furthest.total - mean).abs() / mean.abs());
            RelativeExcess {
                judge: furthest.judge.to_string(),
                total: furthest.total,
                mean,
                ratio,
                limit,
            }
        })
    });
    (spread.is_some() || relative.is_some()).then_some(Flag {
        spread,
        relative,
        accepted: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn sheets(totals: &[Decimal]) -> Vec<CountedSheet> {
        totals
            .iter()
            .enumerate()
            .map(|(i, &total)| CountedSheet {
                judge: format!("j{}", i + 1).into(),
                total,
                calibrated: None,
                dropped: None,
            })
            .collect()
    }

    fn rule(spread: Option<Decimal>, relative: Option<Decimal>) -> DiscrepancyRule {
        DiscrepancyRule {
            spread_points: spread,
            relative_to_mean: relative,
            advisory: false,
        }
    }

    #[test]
    fn a_spread_equal_to_the_limit_is_not_flagged_and_one_above_is() {
        let limit = rule(Some(dec!(20)), None);
        assert_eq!(
            check(&limit, &sheets(&[dec!(60), dec!(80), dec!(70)])),
            None
        );
        assert_eq!(
            check(&limit, &sheets(&[dec!(60), dec!(80.5), dec!(70)])),
            Some(Flag {
                spread: Some(SpreadExcess {
                    spread: dec!(20.5),
                    limit: dec!(20)
                }),
                relative: None,
                accepted: None,
            })
        );
    }

    #[test]
    fn a_sheet_more_than_a_fifth_from_the_mean_is_flagged_with_its_judge() {
        let limit = rule(None, Some(dec!(0.2)));
        assert_eq!(
            check(&limit, &sheets(&[dec!(50), dec!(80), dec!(80)])),
            Some(Flag {
                spread: None,
                relative: Some(RelativeExcess {
                    judge: "j1".into(),
                    total: dec!(50),
                    mean: dec!(70),
                    ratio: Some(dec!(20) / dec!(70)),
                    limit: dec!(0.2),
                }),
                accepted: None,
            })
        );
        assert_eq!(
            check(&limit, &sheets(&[dec!(60), dec!(80), dec!(70)])),
            None
        );
    }

    #[test]
    fn a_ratio_exactly_at_the_limit_is_not_flagged() {
        // 7, 7, 14: mean 28/3, |14 − 28/3| / (28/3) = 0.5 exactly (§5).
        let half = rule(None, Some(dec!(0.5)));
        assert_eq!(check(&half, &sheets(&[dec!(7), dec!(7), dec!(14)])), None);
        // Sum 477.5 over 6 sheets: |6 × 95.5 − 477.5| = 95.5 = 0.2 × 477.5.
        let fifth = rule(None, Some(dec!(0.2)));
        let at_limit = [
            dec!(66.5),
            dec!(66.5),
            dec!(72.5),
            dec!(88),
            dec!(88.5),
            dec!(95.5),
        ];
        assert_eq!(check(&fifth, &sheets(&at_limit)), None);
    }

    #[test]
    fn a_ratio_just_above_the_limit_is_flagged() {
        let half = rule(None, Some(dec!(0.5)));
        let flag = check(&half, &sheets(&[dec!(7), dec!(7), dec!(14.5)])).and_then(|f| f.relative);
        assert_eq!(
            flag.map(|r| (r.judge, r.total)),
            Some(("j3".into(), dec!(14.5)))
        );
        // 95.5 → 96: |6 × 96 − 478| = 98 > 0.2 × 478 = 95.6.
        let fifth = rule(None, Some(dec!(0.2)));
        let above = [
            dec!(66.5),
            dec!(66.5),
            dec!(72.5),
            dec!(88),
            dec!(88.5),
            dec!(96),
        ];
        let flag = check(&fifth, &sheets(&above)).and_then(|f| f.relative);
        assert_eq!(
            flag.map(|r| (r.judge, r.total)),
            Some(("j6".into(), dec!(96)))
        );
    }

    #[test]
    fn a_limit_with_many_decimals_is_compared_without_rounding() {
        // The deviation ratio is 0.5 exactly; a limit one unit below it in the 28th place flags.
        let below = rule(None, Some(dec!(0.4999999999999999999999999999)));
        assert!(check(&below, &sheets(&[dec!(7), dec!(7), dec!(14)])).is_some());
    }

    #[test]
    fn a_mean_of_zero_flags_any_differing_total() {
        let limit = rule(None, Some(dec!(100)));
        let flag = check(&limit, &sheets(&[dec!(-1), dec!(1)])).and_then(|f| f.relative);
        assert_eq!(flag.map(|r| (r.judge, r.ratio)), Some(("j1".into(), None)));
        assert_eq!(check(&limit, &sheets(&[dec!(0), dec!(0)])), None);
    }
}
