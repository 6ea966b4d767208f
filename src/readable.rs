//! Dates, times, durations and numbers written the reader's way, in the contest's time zone:
//! « 6 décembre 2026 à 14 h », « du 6 au 20 décembre 2026 », « 4,5 », « 1 400 » in French;
//! "6 December 2026 at 14:00", "4.5", "1,400" in English. No ISO timestamp reaches a person.

use chrono::{DateTime, Datelike, Timelike};
use chrono_tz::Tz;

use crate::i18n::Lang;

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
/// French short month names (as the Imprimerie nationale abbreviates them).
const MONTHS_FR_SHORT: [&str; 12] =
    ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// French typography: a no-break space before « h », a narrow one between thousands.
const NBSP: char = '\u{a0}';
const NNBSP: char = '\u{202f}';

fn local(ts: i64, tz: Tz) -> Option<DateTime<Tz>> {
    DateTime::from_timestamp(ts, 0).map(|d| d.with_timezone(&tz))
}

fn month(lang: Lang, d: &DateTime<Tz>) -> &'static str {
    let i = d.month0() as usize;
    match lang {
        Lang::Fr => MONTHS_FR[i],
        Lang::En => MONTHS_EN[i],
    }
}

/// The day of the month: French writes the first « 1er ».
fn day(lang: Lang, d: &DateTime<Tz>) -> String {
    match (lang, d.day()) {
        (Lang::Fr, 1) => "1er".into(),
        (_, n) => n.to_string(),
    }
}

/// « 6 décembre », "6 December".
fn day_month(lang: Lang, d: &DateTime<Tz>) -> String {
    format!("{}{NBSP}{}", day(lang, d), month(lang, d))
}

/// A calendar day, short for a chart's axis and whole for its tooltip: (« 6 déc. », « 6 décembre
/// 2026 »), ("6 Dec", "6 December 2026").
pub(crate) fn day_labels(d: chrono::NaiveDate, lang: Lang) -> (String, String) {
    let i = d.month0() as usize;
    let (whole, short) = match lang {
        Lang::Fr => (MONTHS_FR[i], MONTHS_FR_SHORT[i]),
        Lang::En => (MONTHS_EN[i], &MONTHS_EN[i][..3]),
    };
    let day = match (lang, d.day()) {
        (Lang::Fr, 1) => "1er".to_string(),
        (_, n) => n.to_string(),
    };
    (format!("{day}{NBSP}{short}"), format!("{day}{NBSP}{whole} {}", d.year()))
}

/// « 6 décembre 2026 », "6 December 2026".
pub(crate) fn date(ts: i64, tz: Tz, lang: Lang) -> String {
    local(ts, tz).map(|d| format!("{} {}", day_month(lang, &d), d.year())).unwrap_or_default()
}

/// « 14 h », « 14 h 05 », "14:00".
pub(crate) fn time(ts: i64, tz: Tz, lang: Lang) -> String {
    local(ts, tz)
        .map(|d| match (lang, d.minute()) {
            (Lang::Fr, 0) => format!("{}{NBSP}h", d.hour()),
            (Lang::Fr, m) => format!("{}{NBSP}h{NBSP}{m:02}", d.hour()),
            (Lang::En, m) => format!("{:02}:{m:02}", d.hour()),
        })
        .unwrap_or_default()
}

/// « 6 décembre 2026 à 14 h », "6 December 2026 at 14:00".
pub(crate) fn date_time(ts: i64, tz: Tz, lang: Lang) -> String {
    let at = match lang {
        Lang::Fr => "à",
        Lang::En => "at",
    };
    format!("{} {at} {}", date(ts, tz, lang), time(ts, tz, lang))
}

/// The last day a period ending at `to` covers: a period that ends at midnight ended the day before.
fn last_day(to: i64, tz: Tz) -> i64 {
    match local(to, tz) {
        Some(d) if d.hour() == 0 && d.minute() == 0 => to - 1,
        _ => to,
    }
}

/// The days a period covers, the shortest way: « du 6 au 20 décembre 2026 », « du 6 décembre 2026
/// au 6 janvier 2027 »; "from 6 to 20 December 2026".
pub(crate) fn date_range(from: i64, to: i64, tz: Tz, lang: Lang) -> String {
    let to = last_day(to, tz).max(from);
    let (Some(a), Some(b)) = (local(from, tz), local(to, tz)) else { return String::new() };
    let (from_word, to_word) = match lang {
        Lang::Fr => ("du", "au"),
        Lang::En => ("from", "to"),
    };
    if a.date_naive() == b.date_naive() {
        return match lang {
            Lang::Fr => format!("le {}", date(from, tz, lang)),
            Lang::En => format!("on {}", date(from, tz, lang)),
        };
    }
    let start = if a.year() != b.year() {
        date(from, tz, lang)
    } else if a.month() != b.month() {
        day_month(lang, &a)
    } else {
        day(lang, &a)
    };
    format!("{from_word} {start} {to_word} {}", date(to, tz, lang))
}

/// What is left until `until`, in the largest whole unit: « 3 jours », « 5 heures », « 12 minutes ».
pub(crate) fn remaining(now: i64, until: i64, lang: Lang) -> String {
    let secs = (until - now).max(0);
    let (n, unit) = if secs >= 2 * 86_400 {
        (secs / 86_400, "day")
    } else if secs >= 2 * 3600 {
        (secs / 3600, "hour")
    } else {
        ((secs / 60).max(1), "minute")
    };
    let word = match (lang, unit, n > 1) {
        (Lang::Fr, "day", false) => "jour",
        (Lang::Fr, "day", true) => "jours",
        (Lang::Fr, "hour", false) => "heure",
        (Lang::Fr, "hour", true) => "heures",
        (Lang::Fr, _, false) => "minute",
        (Lang::Fr, _, true) => "minutes",
        (Lang::En, "day", false) => "day",
        (Lang::En, "day", true) => "days",
        (Lang::En, "hour", false) => "hour",
        (Lang::En, "hour", true) => "hours",
        (Lang::En, _, false) => "minute",
        (Lang::En, _, true) => "minutes",
    };
    format!("{}{NBSP}{word}", integer(n, lang))
}

/// A whole number with its thousands grouped: « 1 400 », "1,400".
pub(crate) fn integer(n: i64, lang: Lang) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = match lang {
        Lang::Fr => NNBSP,
        Lang::En => ',',
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A decimal number with `places` decimals: « 4,50 », "4.50".
pub(crate) fn decimal(x: f64, places: usize, lang: Lang) -> String {
    let s = format!("{:.*}", places, x.abs());
    let (whole, fraction) = s.split_once('.').unwrap_or((&s, ""));
    let whole: i64 = whole.parse().unwrap_or(0);
    let sign = if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
    let point = match lang {
        Lang::Fr => ",",
        Lang::En => ".",
    };
    if fraction.is_empty() {
        format!("{sign}{}", integer(whole, lang))
    } else {
        format!("{sign}{}{point}{fraction}", integer(whole, lang))
    }
}

/// A measure as printed on a spec: whole when it is, else to the tenth (« 148 », « 99,5 »).
pub(crate) fn measure(x: f64, lang: Lang) -> String {
    let places = if (x * 10.0).round() % 10.0 == 0.0 { 0 } else { 1 };
    decimal(x, places, lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;

    fn at(s: &str) -> i64 {
        crate::clock::parse_local(s, Paris).unwrap()
    }

    #[test]
    fn chart_days_are_short_on_the_axis_and_whole_in_the_tooltip() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(day_labels(d, Lang::Fr), ("1er\u{a0}déc.".to_string(), "1er\u{a0}décembre 2026".to_string()));
        assert_eq!(day_labels(d, Lang::En), ("1\u{a0}Dec".to_string(), "1\u{a0}December 2026".to_string()));
    }

    #[test]
    fn dates_and_times_read_the_french_way() {
        assert_eq!(date_time(at("2026-12-06T14:00"), Paris, Lang::Fr), "6\u{a0}décembre 2026 à 14\u{a0}h");
        assert_eq!(date_time(at("2026-12-06T09:05"), Paris, Lang::Fr), "6\u{a0}décembre 2026 à 9\u{a0}h\u{a0}05");
        assert_eq!(date(at("2027-01-01T10:00"), Paris, Lang::Fr), "1er\u{a0}janvier 2027");
        assert_eq!(date_time(at("2026-12-06T14:00"), Paris, Lang::En), "6\u{a0}December 2026 at 14:00");
    }

    #[test]
    fn the_contest_time_zone_decides_the_day() {
        // 23:30 UTC on 31 December is already 1 January in Paris.
        let ts = crate::clock::parse_rfc3339("2026-12-31T23:30:00Z").unwrap();
        assert_eq!(date(ts, Paris, Lang::Fr), "1er\u{a0}janvier 2027");
        assert_eq!(date(ts, chrono_tz::UTC, Lang::En), "31\u{a0}December 2026");
    }

    #[test]
    fn ranges_say_the_shortest_way() {
        let r = |a, b, l| date_range(at(a), at(b), Paris, l);
        assert_eq!(
            r("2026-12-06T00:00", "2027-01-06T23:59", Lang::Fr),
            "du 6\u{a0}décembre 2026 au 6\u{a0}janvier 2027"
        );
        assert_eq!(r("2026-11-06T00:00", "2026-12-06T18:00", Lang::Fr), "du 6\u{a0}novembre au 6\u{a0}décembre 2026");
        assert_eq!(r("2026-12-06T00:00", "2026-12-20T18:00", Lang::En), "from 6 to 20\u{a0}December 2026");
        // Ending at midnight: the last day is the day before.
        assert_eq!(r("2026-12-06T08:00", "2026-12-21T00:00", Lang::Fr), "du 6 au 20\u{a0}décembre 2026");
        assert_eq!(r("2026-12-06T08:00", "2026-12-06T20:00", Lang::Fr), "le 6\u{a0}décembre 2026");
    }

    #[test]
    fn numbers_use_the_reader_separators() {
        assert_eq!(integer(1400, Lang::Fr), "1\u{202f}400");
        assert_eq!(integer(1_234_567, Lang::En), "1,234,567");
        assert_eq!(integer(-12, Lang::En), "-12");
        assert_eq!(decimal(4.5, 2, Lang::Fr), "4,50");
        assert_eq!(decimal(1234.75, 1, Lang::En), "1,234.8");
        assert_eq!(decimal(-0.001, 2, Lang::Fr), "0,00");
        assert_eq!(decimal(7.0, 0, Lang::Fr), "7");
        assert_eq!(measure(148.0, Lang::Fr), "148");
        assert_eq!(measure(99.5, Lang::Fr), "99,5");
        assert_eq!(measure(99.5, Lang::En), "99.5");
    }

    #[test]
    fn time_left_in_the_largest_unit() {
        assert_eq!(remaining(0, 3 * 86_400 + 5, Lang::Fr), "3\u{a0}jours");
        assert_eq!(remaining(0, 86_400, Lang::Fr), "24\u{a0}heures");
        assert_eq!(remaining(0, 90, Lang::En), "1\u{a0}minute");
        assert_eq!(remaining(10, 0, Lang::En), "1\u{a0}minute");
    }
}
