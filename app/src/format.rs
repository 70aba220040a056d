//! Numbers and dates the way each language writes them: Vietnamese `85,50` and `23/11/2026`,
//! English `85.50` and `23 Nov 2026`; times in the contest's time zone.

use crate::domain::Lang;
use chrono::{DateTime, FixedOffset, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Default contest time zone.
pub const DEFAULT_TIME_ZONE: &str = "Asia/Ho_Chi_Minh";

/// Writes an exact decimal with the language's separators, keeping its scale
/// (`85.50` stays two decimals): Vietnamese `1.234,50`, English `1,234.50`.
pub fn decimal(value: Decimal, lang: Lang) -> String {
    let (thousands, point) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let text = value.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::with_capacity(text.len() + 4);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    let sign = if value.is_sign_negative() && !value.is_zero() {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{point}{frac}")
    }
}

/// An instant with the offset of its time zone at that instant, worked out on the server:
/// the browser then shows local times without carrying the time-zone database (a fifth of
/// the WebAssembly).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Zoned {
    pub utc: DateTime<Utc>,
    /// Seconds east of UTC.
    pub offset: i32,
}

impl Zoned {
    /// `instant` in the IANA time zone `time_zone` (the default zone when unknown).
    #[cfg(feature = "ssr")]
    pub fn new(instant: DateTime<Utc>, time_zone: &str) -> Zoned {
        Zoned::in_zone(
            instant,
            time_zone.parse().unwrap_or(chrono_tz::Asia::Ho_Chi_Minh),
        )
    }

    /// `instant` in a time zone already looked up (for many instants in one zone).
    #[cfg(feature = "ssr")]
    pub fn in_zone(instant: DateTime<Utc>, tz: chrono_tz::Tz) -> Zoned {
        use chrono::Offset;
        Zoned {
            utc: instant,
            offset: instant.with_timezone(&tz).offset().fix().local_minus_utc(),
        }
    }

    pub fn local(self) -> DateTime<FixedOffset> {
        let offset =
            FixedOffset::east_opt(self.offset).unwrap_or(FixedOffset::east_opt(0).expect("UTC"));
        self.utc.with_timezone(&offset)
    }
}

pub fn date(when: Zoned, lang: Lang) -> String {
    day(when.local().date_naive(), lang)
}

/// A calendar day: `04/12/2026`, `4 Dec 2026`.
pub fn day(d: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Vi => d.format("%d/%m/%Y").to_string(),
        Lang::En => d.format("%-d %b %Y").to_string(),
    }
}

/// The time of day, `17:05`.
pub fn time(when: Zoned) -> String {
    when.local().format("%H:%M").to_string()
}

/// A time of day to the second, for what is recomputed every few seconds.
pub fn time_seconds(when: Zoned) -> String {
    when.local().format("%H:%M:%S").to_string()
}

/// The value of a `datetime-local` input showing `when` in its zone.
pub fn local_input(when: Zoned) -> String {
    when.local().format("%Y-%m-%dT%H:%M").to_string()
}

pub fn date_time(when: Zoned, lang: Lang) -> String {
    let local = when.local();
    match lang {
        Lang::Vi => local.format("%H:%M %d/%m/%Y").to_string(),
        Lang::En => local.format("%-d %b %Y %H:%M").to_string(),
    }
}

/// Percent-encodes a value for a query string (letters, digits and `-._~` stay).
pub fn urlencode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn decimals_use_the_languages_separators_and_keep_their_scale() {
        assert_eq!(decimal(d("85.50"), Lang::Vi), "85,50");
        assert_eq!(decimal(d("85.50"), Lang::En), "85.50");
        assert_eq!(decimal(d("1234567.5"), Lang::Vi), "1.234.567,5");
        assert_eq!(decimal(d("1234567.5"), Lang::En), "1,234,567.5");
        assert_eq!(decimal(d("-3.25"), Lang::Vi), "-3,25");
        assert_eq!(decimal(d("100"), Lang::Vi), "100");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn dates_are_shown_in_the_contest_time_zone() {
        // 20:30 UTC on 22 November is 03:30 on 23 November in Hà Nội.
        let instant = Utc.with_ymd_and_hms(2026, 11, 22, 20, 30, 0).unwrap();
        let hanoi = Zoned::new(instant, "Asia/Ho_Chi_Minh");
        assert_eq!(hanoi.offset, 7 * 3600);
        assert_eq!(date(hanoi, Lang::Vi), "23/11/2026");
        assert_eq!(
            date(Zoned::new(instant, "Europe/London"), Lang::En),
            "22 Nov 2026"
        );
        assert_eq!(date_time(hanoi, Lang::Vi), "03:30 23/11/2026");
        // Summer time is the offset at that instant.
        let july = Utc.with_ymd_and_hms(2026, 7, 1, 23, 30, 0).unwrap();
        assert_eq!(
            date(Zoned::new(july, "Europe/London"), Lang::En),
            "2 Jul 2026"
        );
    }
}
