//! How often a moderator is alerted by e-mail: photos awaiting moderation (a digest) and abuse
//! reports (at once, at most one per interval).

use super::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum AlertEvery {
    Never,
    Hourly,
    Daily,
}

impl AlertEvery {
    pub(crate) const ALL: [AlertEvery; 3] = [AlertEvery::Never, AlertEvery::Hourly, AlertEvery::Daily];

    pub(crate) fn parse(raw: &str) -> Result<AlertEvery, Invalid> {
        match raw.trim() {
            "never" => Ok(AlertEvery::Never),
            "hourly" => Ok(AlertEvery::Hourly),
            "daily" => Ok(AlertEvery::Daily),
            _ => Err(Invalid::new("invalid_alert_interval", "alerts are never, hourly or daily")),
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            AlertEvery::Never => "never",
            AlertEvery::Hourly => "hourly",
            AlertEvery::Daily => "daily",
        }
    }

    /// As stored: minutes between two alerts of a kind (0: never).
    pub(crate) fn minutes(self) -> i64 {
        match self {
            AlertEvery::Never => 0,
            AlertEvery::Hourly => 60,
            AlertEvery::Daily => 1440,
        }
    }

    /// From the stored minutes (anything unknown reads as the nearest choice).
    pub(crate) fn from_minutes(minutes: i64) -> AlertEvery {
        match minutes {
            m if m <= 0 => AlertEvery::Never,
            m if m < 1440 => AlertEvery::Hourly,
            _ => AlertEvery::Daily,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_round_trip_and_refuse_the_unknown() {
        for a in AlertEvery::ALL {
            assert_eq!(AlertEvery::parse(a.as_str()).unwrap(), a);
            assert_eq!(AlertEvery::from_minutes(a.minutes()), a);
        }
        assert_eq!(AlertEvery::parse("weekly").unwrap_err().code, "invalid_alert_interval");
    }
}
