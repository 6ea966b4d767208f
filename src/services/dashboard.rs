//! A contest's dashboard: uploads, approvals and votes per day (in the site's time zone),
//! participants and voters, entries per category, top entries, the moderation backlog and the
//! device split (uploads by the device that sent them; voters by the device they last signed in
//! from — the vote log itself records no device, its writes being the hot path) and where
//! authors and voters came from (their account's first known source).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::db::{self, contests::ContestRow, stats::UserColumn, users::User};
use crate::domain::device::DeviceClass;
use crate::domain::role::Capability;
use crate::domain::source::Source;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Days the per-day charts show at most (the last ones).
pub(crate) const MAX_DAYS: usize = 62;
/// Entries in the top list.
pub(crate) const TOP: i64 = 10;

/// One day's activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Day {
    pub date: NaiveDate,
    pub uploads: i64,
    pub approvals: i64,
    pub votes: i64,
}

/// How many of something came from each kind of device; `unknown` when none was told.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DeviceSplit {
    pub phone: i64,
    pub tablet: i64,
    pub desktop: i64,
    pub unknown: i64,
}

impl DeviceSplit {
    fn of(rows: Vec<(Option<String>, i64)>) -> Self {
        let mut s = DeviceSplit::default();
        for (device, n) in rows {
            match device.as_deref().and_then(DeviceClass::from_stored) {
                Some(DeviceClass::Phone) => s.phone += n,
                Some(DeviceClass::Tablet) => s.tablet += n,
                Some(DeviceClass::Desktop) => s.desktop += n,
                None => s.unknown += n,
            }
        }
        s
    }
}

/// Everything the dashboard shows.
#[derive(Debug, Clone)]
pub(crate) struct Dashboard {
    /// Consecutive days from the first activity to the last (at most [`MAX_DAYS`]).
    pub days: Vec<Day>,
    pub authors: i64,
    pub voters: i64,
    pub entries: i64,
    /// (category, entries).
    pub categories: Vec<(String, i64)>,
    /// (entry, title, votes), most voted first.
    pub top: Vec<(i64, String, i64)>,
    pub pending: i64,
    pub processing: i64,
    pub approved: i64,
    pub rejected: i64,
    /// When the oldest entry awaiting moderation arrived.
    pub oldest_pending: Option<i64>,
    pub upload_devices: DeviceSplit,
    pub voter_devices: DeviceSplit,
    /// Authors by where they came from, most first: (source code, `None` if not known; count).
    pub author_sources: Vec<(Option<Source>, i64)>,
    /// Voters by where they came from, most first.
    pub voter_sources: Vec<(Option<Source>, i64)>,
}

/// Counts by source, most first (an unreadable stored code counts as not known).
fn sources(rows: Vec<(Option<String>, i64)>) -> Vec<(Option<Source>, i64)> {
    let mut out: Vec<(Option<Source>, i64)> = Vec::new();
    for (code, n) in rows {
        let source = code.as_deref().and_then(Source::parse);
        match out.iter_mut().find(|(s, _)| *s == source) {
            Some((_, total)) => *total += n,
            None => out.push((source, n)),
        }
    }
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.as_ref().map(Source::code).cmp(&b.0.as_ref().map(Source::code))));
    out
}

/// Hour buckets (unix hours) summed into local days.
fn by_day(rows: &[(i64, i64)], tz: chrono_tz::Tz, days: &mut BTreeMap<NaiveDate, [i64; 3]>, slot: usize) {
    for (hour, n) in rows {
        let Some(t) = chrono::DateTime::from_timestamp(hour * 3600, 0) else { continue };
        days.entry(t.with_timezone(&tz).date_naive()).or_default()[slot] += n;
    }
}

/// The contest's dashboard (admins).
pub(crate) async fn dashboard(state: &AppState, by: &User, c: &ContestRow) -> AppResult<Dashboard> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let pool = state.db.pool();
    let tz = state.settings.timezone;
    let mut per_day: BTreeMap<NaiveDate, [i64; 3]> = BTreeMap::new();
    by_day(&db::stats::uploads_by_hour(pool, c.id).await?, tz, &mut per_day, 0);
    by_day(&db::stats::approvals_by_hour(pool, c.id).await?, tz, &mut per_day, 1);
    by_day(&db::stats::votes_by_hour(pool, c.id).await?, tz, &mut per_day, 2);
    let mut days = Vec::new();
    if let (Some(first), Some(last)) = (per_day.keys().next().copied(), per_day.keys().next_back().copied()) {
        let first = first.max(last - chrono::Days::new(MAX_DAYS as u64 - 1));
        let mut d = first;
        while d <= last {
            let [uploads, approvals, votes] = per_day.get(&d).copied().unwrap_or_default();
            days.push(Day { date: d, uploads, approvals, votes });
            d = d.succ_opt().unwrap_or(last + chrono::Days::new(1));
        }
    }
    let mut conn = pool.acquire().await?;
    let (authors, voters) = db::stats::people(&mut conn, c.id).await?;
    drop(conn);
    let statuses: BTreeMap<String, i64> = db::stats::entries_by_status(pool, c.id).await?.into_iter().collect();
    let status = |s: &str| statuses.get(s).copied().unwrap_or(0);
    Ok(Dashboard {
        days,
        authors,
        voters,
        entries: statuses.values().sum(),
        categories: db::stats::entries_by_category(pool, c.id).await?,
        top: db::stats::top_entries(pool, c.id, TOP).await?,
        pending: status("pending"),
        processing: status("processing"),
        approved: status("approved"),
        rejected: status("rejected"),
        oldest_pending: db::stats::oldest_pending(pool, Some(c.id)).await?,
        upload_devices: DeviceSplit::of(db::stats::upload_devices(pool, c.id).await?),
        voter_devices: DeviceSplit::of(db::stats::voters_by(pool, c.id, UserColumn::Device).await?),
        author_sources: sources(db::stats::authors_by(pool, c.id, UserColumn::Source).await?),
        voter_sources: sources(db::stats::voters_by(pool, c.id, UserColumn::Source).await?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_fall_on_local_days() {
        let mut days = BTreeMap::new();
        // 2027-03-01 22:30 UTC is already 2 March in Paris (UTC+1); 21:00 UTC is still 1 March.
        let h = |s: &str| crate::clock::parse_rfc3339(s).unwrap() / 3600;
        by_day(
            &[(h("2027-03-01T21:00:00Z"), 2), (h("2027-03-01T23:00:00Z"), 5)],
            chrono_tz::Europe::Paris,
            &mut days,
            2,
        );
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(days.get(&d("2027-03-01")), Some(&[0, 0, 2]));
        assert_eq!(days.get(&d("2027-03-02")), Some(&[0, 0, 5]));
        let split = DeviceSplit::of(vec![
            (Some("phone".into()), 3),
            (None, 1),
            (Some("tablet".into()), 2),
            (Some("x".into()), 1),
        ]);
        assert_eq!(split, DeviceSplit { phone: 3, tablet: 2, desktop: 0, unknown: 2 });
    }
}
