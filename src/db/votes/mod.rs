//! Public votes: the vote log, one row per (entry, voter, day) with keyed hashes of the voter's
//! address, network and user agent; a vote counts, waits in quarantine or was excluded. The
//! unique key makes a second vote a no-op; budgets and suspicion flags live beside it.

pub(crate) mod batch;

use sqlx::AnyExecutor;

/// Forgets the running totals of votes (see `batch::sqlite::add_to_windows`) older than the longest
/// suspicion window.
pub async fn prune_windows(ex: impl AnyExecutor<'_>, now: i64) -> Result<u64, sqlx::Error> {
    let oldest = super::votes::batch::window_bucket(now - crate::domain::voting::MAX_WINDOW_SECS) - 1;
    let done = sqlx::query("DELETE FROM vote_windows WHERE bucket < $1").bind(oldest).execute(ex).await?;
    Ok(done.rows_affected())
}

/// Votes the voter has used in the contest that day.
pub(crate) async fn budget_used(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    voter_id: i64,
    day: i64,
) -> Result<i64, sqlx::Error> {
    let used: Option<i64> =
        sqlx::query_scalar("SELECT used FROM vote_budgets WHERE contest_id = $1 AND voter_id = $2 AND vote_day = $3")
            .bind(contest_id)
            .bind(voter_id)
            .bind(day)
            .fetch_optional(ex)
            .await?;
    Ok(used.unwrap_or(0))
}

/// The first public photo of the contest after `after` (by id, coming round to the first) that
/// `voter_id` did not send and has not voted for on `day`: the « next photo » after a vote. Two
/// walks along the id (after `after`, then from the start), each stopping at its first match:
/// a sort of the whole contest would cost a second at 100,000 photos.
pub(crate) async fn next_unvoted(
    ex: &mut sqlx::AnyConnection,
    contest_id: i64,
    voter_id: i64,
    day: i64,
    after: i64,
) -> Result<Option<i64>, sqlx::Error> {
    const UNVOTED: &str = "SELECT id FROM entries e WHERE contest_id = $1 AND status = 'approved' AND hidden_at IS NULL \
         AND participant_id <> $2 AND id <> $4 \
         AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.entry_id = e.id AND v.voter_id = $2 AND v.vote_day = $3)";
    let after_it = format!("{UNVOTED} AND id > $4 ORDER BY id LIMIT 1");
    let from_start = format!("{UNVOTED} AND id < $4 ORDER BY id LIMIT 1");
    for sql in [after_it, from_start] {
        let found = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(contest_id)
            .bind(voter_id)
            .bind(day)
            .bind(after)
            .fetch_optional(&mut *ex)
            .await?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

/// Every entry of `contest_id` that `voter_id` has voted for on `day` (the gallery's cards).
pub(crate) async fn voted_in_contest(
    ex: impl AnyExecutor<'_>,
    voter_id: i64,
    day: i64,
    contest_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT v.entry_id FROM votes v JOIN entries e ON e.id = v.entry_id \
         WHERE v.voter_id = $1 AND v.vote_day = $2 AND e.contest_id = $3",
    )
    .bind(voter_id)
    .bind(day)
    .bind(contest_id)
    .fetch_all(ex)
    .await
}

/// Whether the voter has voted for the entry that day.
pub(crate) async fn has_voted(
    ex: impl AnyExecutor<'_>,
    entry_id: i64,
    voter_id: i64,
    day: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM votes WHERE entry_id = $1 AND voter_id = $2 AND vote_day = $3")
            .bind(entry_id)
            .bind(voter_id)
            .bind(day)
            .fetch_one(ex)
            .await?;
    Ok(n > 0)
}

/// A flag as staff review it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct FlagRow {
    pub id: i64,
    pub entry_id: i64,
    pub entry_title: String,
    pub kind: String,
    pub pattern: String,
    pub status: String,
    pub opened_at: i64,
    pub last_vote_at: i64,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<i64>,
    /// Votes the flag holds.
    pub votes: i64,
}

const FLAG_COLUMNS: &str = "f.id, f.contest_id, f.entry_id, e.title AS entry_title, f.kind, f.pattern, f.status, \
     f.opened_at, f.last_vote_at, f.reviewed_by, f.reviewed_at, \
     (SELECT COUNT(*) FROM votes v WHERE v.flag_id = f.id) AS votes";

/// A contest's flags, open ones first, newest first.
pub(crate) async fn flags(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<Vec<FlagRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {FLAG_COLUMNS} FROM vote_flags f JOIN entries e ON e.id = f.entry_id WHERE f.contest_id = $1 \
         ORDER BY CASE WHEN f.status = 'open' THEN 0 ELSE 1 END, f.last_vote_at DESC, f.id DESC"
    )))
    .bind(contest_id)
    .fetch_all(ex)
    .await
}

/// Each contest (slug, title) with its flags still to review.
pub(crate) async fn open_flags_by_contest(ex: impl AnyExecutor<'_>) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.slug, c.title, (SELECT COUNT(*) FROM vote_flags f WHERE f.contest_id = c.id AND f.status = 'open') \
         FROM contests c ORDER BY c.submissions_open_at DESC, c.id DESC",
    )
    .fetch_all(ex)
    .await
}

pub(crate) async fn flag(ex: impl AnyExecutor<'_>, id: i64) -> Result<Option<FlagRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {FLAG_COLUMNS} FROM vote_flags f JOIN entries e ON e.id = f.entry_id WHERE f.id = $1"
    )))
    .bind(id)
    .fetch_optional(ex)
    .await
}

async fn counted_in_flag(ex: impl AnyExecutor<'_>, flag_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM votes WHERE flag_id = $1 AND state = 'counted'")
        .bind(flag_id)
        .fetch_one(ex)
        .await
}

/// Applies staff's decision to a flag's votes: they take `vote_state` and the entry's kept count
/// follows. Returns (counted before, counted after).
pub(crate) async fn review_flag(
    ex: &mut sqlx::AnyConnection,
    flag: &FlagRow,
    status: &str,
    vote_state: &str,
    by: i64,
    now: i64,
) -> Result<(i64, i64), sqlx::Error> {
    let before = counted_in_flag(&mut *ex, flag.id).await?;
    sqlx::query("UPDATE votes SET state = $2 WHERE flag_id = $1")
        .bind(flag.id)
        .bind(vote_state)
        .execute(&mut *ex)
        .await?;
    let after = counted_in_flag(&mut *ex, flag.id).await?;
    sqlx::query("UPDATE vote_flags SET status = $2, reviewed_by = $3, reviewed_at = $4 WHERE id = $1")
        .bind(flag.id)
        .bind(status)
        .bind(by)
        .bind(now)
        .execute(&mut *ex)
        .await?;
    // The most-voted order sees a review at once.
    sqlx::query("UPDATE entries SET vote_count = vote_count + $2, ranked_votes = vote_count + $2 WHERE id = $1")
        .bind(flag.entry_id)
        .bind(after - before)
        .execute(&mut *ex)
        .await?;
    Ok((before, after))
}

/// The votes `voter_id` cast: (entry, time), oldest first.
pub(crate) async fn of_voter(ex: impl AnyExecutor<'_>, voter_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT entry_id, created_at FROM votes WHERE voter_id = $1 ORDER BY created_at, id")
        .bind(voter_id)
        .fetch_all(ex)
        .await
}

/// Entries whose kept count differs from their counted rows in the log: (entry, kept, counted).
pub(crate) async fn miscounted(ex: impl AnyExecutor<'_>) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.id, e.vote_count, (SELECT COUNT(*) FROM votes v WHERE v.entry_id = e.id AND v.state = 'counted') AS counted FROM entries e \
         WHERE e.vote_count <> (SELECT COUNT(*) FROM votes v WHERE v.entry_id = e.id AND v.state = 'counted') ORDER BY e.id",
    )
    .fetch_all(ex)
    .await
}

/// Sets an entry's kept count (and its rank in the most-voted order) to its counted rows in the
/// log.
pub(crate) async fn recount(ex: impl AnyExecutor<'_>, entry_id: i64) -> Result<(), sqlx::Error> {
    const COUNTED: &str = "(SELECT COUNT(*) FROM votes WHERE entry_id = $1 AND state = 'counted')";
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE entries SET vote_count = {COUNTED}, ranked_votes = {COUNTED} WHERE id = $1"
    )))
    .bind(entry_id)
    .execute(ex)
    .await?;
    Ok(())
}

/// Catches the most-voted order up with every kept total (the vote writers catch up the entries
/// they wrote within seconds; this covers those an instance stopped before catching up).
pub(crate) async fn rank_all(ex: impl AnyExecutor<'_>) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("UPDATE entries SET ranked_votes = vote_count WHERE ranked_votes <> vote_count")
        .execute(ex)
        .await?;
    Ok(done.rows_affected())
}
