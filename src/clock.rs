//! Wall-clock time as integer unix seconds, the one time representation stored in the database.

use std::time::{SystemTime, UNIX_EPOCH};

/// Unix time in seconds.
pub fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// Formats unix seconds as RFC 3339 in UTC (for the API).
pub(crate) fn rfc3339(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// Formats unix seconds as an HTTP date (RFC 9110 IMF-fixdate: `Sun, 22 Nov 2026 08:00:00 GMT`).
pub(crate) fn http_date(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|d| d.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
        .unwrap_or_default()
}

/// Parses an RFC 3339 timestamp into unix seconds.
pub(crate) fn parse_rfc3339(s: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(s.trim()).ok().map(|d| d.timestamp())
}

/// Parses an HTML `datetime-local` value (`2026-11-21T10:00`) in the given time zone.
pub(crate) fn parse_local(s: &str, tz: chrono_tz::Tz) -> Option<i64> {
    use chrono::TimeZone;
    let s = s.trim();
    let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    tz.from_local_datetime(&naive).earliest().map(|d| d.timestamp())
}

/// Formats unix seconds as an HTML `datetime-local` value in the given time zone.
pub(crate) fn to_local_input(ts: i64, tz: chrono_tz::Tz) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|d| d.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips() {
        let ts = parse_rfc3339("2026-11-21T10:00:00+01:00").unwrap();
        assert_eq!(rfc3339(ts), "2026-11-21T09:00:00Z");
    }

    #[test]
    fn local_input_uses_the_time_zone() {
        let ts = parse_local("2026-07-01T12:00", chrono_tz::Europe::Paris).unwrap();
        assert_eq!(rfc3339(ts), "2026-07-01T10:00:00Z");
        assert_eq!(to_local_input(ts, chrono_tz::Europe::Paris), "2026-07-01T12:00");
        assert!(parse_local("yesterday", chrono_tz::Europe::Paris).is_none());
    }
}
