//! How long a contest keeps personal data after it ends, and which entries survive the purge.
//!
//! A contest ends at the latest of its closing times and its results. With a retention period of
//! N days, N days after that end its personal data is due for removal (`declic retention run`,
//! and hourly in the server): non-winning photos lose their files, the vote log is anonymised,
//! and participants with nothing else live are erased. No period: kept until staff decide.
//!
//! **Winners** (whose originals and renditions stay, with their author's credit) are the entries
//! on a cover slot, and the entries of the final ranking placed within the first K, where K is
//! the number of the contest's cover slots (at least 1): the photos the contest exists to print.
//! Ties at the cut all stay.

use super::Invalid;
use super::schedule::Schedule;

/// The longest retention period staff may set (ten years).
pub(crate) const MAX_DAYS: i64 = 3650;

const DAY: i64 = 86_400;

/// Checks a retention period in days (`None`: kept until staff decide).
pub(crate) fn parse_days(days: Option<i64>) -> Result<Option<i64>, Invalid> {
    match days {
        None => Ok(None),
        Some(d @ 0..=MAX_DAYS) => Ok(Some(d)),
        Some(_) => Err(Invalid::new(
            "invalid_retention",
            format!("the retention period is a number of days between 0 and {MAX_DAYS}, or none"),
        )),
    }
}

/// When a contest is over: the latest of its closing times and its results.
pub(crate) fn ends_at(s: &Schedule) -> i64 {
    s.results_at.max(s.submissions.closes_at).max(s.vote.closes_at).max(s.jury.closes_at)
}

/// When the contest's personal data is due for removal (`None`: kept).
pub(crate) fn purge_at(s: &Schedule, days: Option<i64>) -> Option<i64> {
    days.map(|d| ends_at(s).saturating_add(d.saturating_mul(DAY)))
}

/// Whether the contest's personal data is due for removal at `now`.
pub(crate) fn is_due(s: &Schedule, days: Option<i64>, now: i64) -> bool {
    purge_at(s, days).is_some_and(|t| t <= now)
}

/// How many of the final ranking's first places are winners (see the module documentation).
pub(crate) fn ranked_winners(cover_slots: usize) -> usize {
    cover_slots.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::Window;

    fn schedule() -> Schedule {
        let w = |a, b| Window::new(a, b, "x").unwrap();
        Schedule::new(w(0, 100), w(10, 90), w(20, 95), 200).unwrap()
    }

    #[test]
    fn a_contest_is_purged_its_period_after_it_ends() {
        let s = schedule();
        assert_eq!(ends_at(&s), 200);
        assert_eq!(purge_at(&s, Some(2)), Some(200 + 2 * DAY));
        assert!(!is_due(&s, Some(2), 200 + 2 * DAY - 1));
        assert!(is_due(&s, Some(2), 200 + 2 * DAY));
        assert!(is_due(&s, Some(0), 200));
        assert!(!is_due(&s, None, i64::MAX), "no period: kept");
    }

    #[test]
    fn periods_are_bounded() {
        assert_eq!(parse_days(None), Ok(None));
        assert_eq!(parse_days(Some(365)), Ok(Some(365)));
        assert!(parse_days(Some(-1)).is_err());
        assert!(parse_days(Some(MAX_DAYS + 1)).is_err());
    }

    #[test]
    fn every_cover_slot_makes_a_ranked_winner_and_there_is_always_a_first() {
        assert_eq!(ranked_winners(0), 1);
        assert_eq!(ranked_winners(3), 3);
    }
}
