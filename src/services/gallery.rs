//! A contest's public gallery: approved entries by pages, in a fair shuffle (each visitor starts
//! at their own point of one random order, so early and late photos get the same exposure),
//! newest first, or most voted (once the contest shows its vote counts).

use axum::http::StatusCode;

use crate::clock;
use crate::db::{self, contests::ContestRow, entries::EntryRow, gallery::Shown};
use crate::domain::gallery::{GalleryCursor, GalleryOrder, SHUFFLE_SPAN};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// What to show.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GalleryRequest {
    pub order: GalleryOrder,
    pub category_id: Option<i64>,
    /// Continues a previous page (its order wins over `order`).
    pub cursor: Option<GalleryCursor>,
    /// Where this visitor's shuffle starts (`0..2^31`), for a first page.
    pub seed: i64,
    pub limit: i64,
}

impl GalleryRequest {
    /// Reads the query of a gallery page (API or HTML); `default` when no order is named.
    pub(crate) fn parse(
        order: Option<&str>,
        category_id: Option<i64>,
        cursor: Option<&str>,
        seed: Option<i64>,
        limit: Option<i64>,
        default: GalleryOrder,
    ) -> AppResult<Self> {
        let order = match order.filter(|o| !o.is_empty()) {
            Some(o) => GalleryOrder::parse(o).map_err(|e| AppError::bad_request(e.code, e.message))?,
            None => default,
        };
        let cursor = match cursor.filter(|c| !c.is_empty()) {
            Some(c) => Some(GalleryCursor::parse(c).map_err(|e| AppError::bad_request(e.code, e.message))?),
            None => None,
        };
        let seed = seed.map_or_else(new_seed, |s| s.rem_euclid(SHUFFLE_SPAN));
        Ok(GalleryRequest { order, category_id, cursor, seed, limit: limit.unwrap_or(24) })
    }

    /// The order of the page: a cursor's own, else the one asked for.
    pub(crate) fn order(&self) -> GalleryOrder {
        self.cursor.map_or(self.order, |c| c.order())
    }

    /// Where the shuffle starts: a shuffle cursor's own seed, else this visitor's.
    fn seed(&self) -> i64 {
        match self.cursor {
            Some(GalleryCursor::Shuffle { seed, .. }) => seed,
            _ => self.seed,
        }
    }
}

/// Starting points of the shuffle, evenly spread over the ranks.
pub(crate) const SEEDS: i64 = 4096;
/// How long new visitors share one starting point before it moves on.
pub(crate) const SEED_PERIOD_SECS: i64 = 10;

/// A photo's place in the shuffle: uniform over the ranks.
pub fn random_rank() -> i64 {
    i64::from(rand::random::<u32>() >> 1)
}

/// Where a new visitor's shuffle starts: the point the shuffle has reached when they arrive. It
/// jumps every 10 seconds to another of the 4,096 evenly spread points, in an order that visits
/// them all (about every 11 hours), so every photo gets its turn near the top whatever its upload
/// time, and the people who arrive together from a shared link share one page (cached).
pub(crate) fn new_seed() -> i64 {
    seed_at(clock::now())
}

pub(crate) fn seed_at(now: i64) -> i64 {
    // An odd multiplier permutes 0..4096: consecutive periods land far apart, none repeats.
    let point = (now.div_euclid(SEED_PERIOD_SECS).wrapping_mul(2_654_435_761)).rem_euclid(SEEDS);
    point * (SHUFFLE_SPAN / SEEDS)
}

/// Whether the public may see and sort by vote counts now.
pub(crate) fn votes_public(contest: &ContestRow, now: i64) -> bool {
    contest.public_vote_counts != 0 || now >= contest.results_at
}

/// One page of entries and the cursor of the next one.
pub(crate) async fn page(
    state: &AppState,
    contest: &ContestRow,
    req: GalleryRequest,
) -> AppResult<(Vec<EntryRow>, Option<GalleryCursor>)> {
    let limit = req.limit.clamp(1, 100);
    let order = req.order();
    if order == GalleryOrder::MostVoted && !votes_public(contest, clock::now()) {
        return Err(AppError::new(
            StatusCode::CONFLICT,
            "votes_hidden",
            "this contest shows vote counts only with its results",
        ));
    }
    let shown = Shown { contest_id: contest.id, category_id: req.category_id };
    let pool = state.db.pool();
    let mut rows = match req.cursor {
        None if order == GalleryOrder::Newest => db::gallery::newest(pool, shown, None, limit + 1).await?,
        Some(GalleryCursor::Newest { id }) => db::gallery::newest(pool, shown, Some(id), limit + 1).await?,
        None if order == GalleryOrder::MostVoted => db::gallery::most_voted(pool, shown, None, limit + 1).await?,
        Some(GalleryCursor::MostVoted { votes, id }) => {
            db::gallery::most_voted(pool, shown, Some((votes, id)), limit + 1).await?
        }
        None => shuffled(state, shown, req.seed(), None, limit + 1).await?,
        Some(GalleryCursor::Shuffle { rank, id, .. }) => {
            shuffled(state, shown, req.seed(), Some((rank, id)), limit + 1).await?
        }
    };
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next = match (more, rows.last()) {
        (true, Some(last)) => Some(match order {
            GalleryOrder::Newest => GalleryCursor::Newest { id: last.id },
            GalleryOrder::MostVoted => GalleryCursor::MostVoted { votes: last.ranked_votes, id: last.id },
            GalleryOrder::Shuffle => GalleryCursor::Shuffle { seed: req.seed(), rank: last.shuffle_rank, id: last.id },
        }),
        _ => None,
    };
    Ok((rows, next))
}

/// The shuffle starting at `seed`: ranks `seed..2^31`, then `0..seed`, each by (rank, id).
async fn shuffled(
    state: &AppState,
    shown: Shown,
    seed: i64,
    after: Option<(i64, i64)>,
    want: i64,
) -> AppResult<Vec<EntryRow>> {
    let pool = state.db.pool();
    let in_first_lap = after.is_none_or(|(rank, _)| rank >= seed);
    let mut rows = Vec::new();
    if in_first_lap {
        rows = db::gallery::by_rank(pool, shown, seed..SHUFFLE_SPAN, after, want).await?;
    }
    if (rows.len() as i64) < want {
        let from = if in_first_lap { None } else { after };
        let rest = want - rows.len() as i64;
        rows.extend(db::gallery::by_rank(pool, shown, 0..seed, from, rest).await?);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_visitors_start_at_every_point_in_turn() {
        let period = |p: i64| seed_at(p * SEED_PERIOD_SECS);
        assert_eq!(seed_at(1_000), seed_at(1_009), "one point for ten seconds");
        let points: std::collections::BTreeSet<i64> = (0..SEEDS).map(period).collect();
        assert_eq!(points.len(), SEEDS as usize, "4,096 periods visit the 4,096 points once each");
        assert!(points.iter().all(|p| (0..SHUFFLE_SPAN).contains(p) && p % (SHUFFLE_SPAN / SEEDS) == 0));
        assert!((period(1) - period(0)).abs() > SHUFFLE_SPAN / 16, "consecutive points are far apart");
    }
}
