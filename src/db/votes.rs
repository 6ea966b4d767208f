//! Public votes: one row per (entry, voter) — the vote log, with keyed hashes of the voter's
//! address and user agent; the unique key makes a second vote a no-op.

use sqlx::AnyExecutor;

/// One vote as the log keeps it.
pub struct NewVote<'a> {
    pub entry_id: i64,
    pub voter_id: i64,
    /// Keyed hashes of the voter's address and user agent.
    pub ip_hash: &'a str,
    pub ua_hash: &'a str,
    pub now: i64,
}

/// Records a vote; `false` when this voter had already voted for this entry.
pub async fn insert(ex: impl AnyExecutor<'_>, v: &NewVote<'_>) -> Result<bool, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO votes (entry_id, voter_id, created_at, ip_hash, ua_hash) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (entry_id, voter_id) DO NOTHING RETURNING id",
    )
    .bind(v.entry_id)
    .bind(v.voter_id)
    .bind(v.now)
    .bind(v.ip_hash)
    .bind(v.ua_hash)
    .fetch_optional(ex)
    .await?;
    Ok(id.is_some())
}

pub async fn count_for_entry(ex: impl AnyExecutor<'_>, entry_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM votes WHERE entry_id = $1").bind(entry_id).fetch_one(ex).await
}

/// The votes `voter_id` cast: (entry, time), oldest first.
pub async fn of_voter(ex: impl AnyExecutor<'_>, voter_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT entry_id, created_at FROM votes WHERE voter_id = $1 ORDER BY created_at, id")
        .bind(voter_id)
        .fetch_all(ex)
        .await
}

/// Entries whose kept count differs from their rows in the log: (entry, kept, counted).
pub async fn miscounted(ex: impl AnyExecutor<'_>) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.id, e.vote_count, (SELECT COUNT(*) FROM votes v WHERE v.entry_id = e.id) AS counted FROM entries e \
         WHERE e.vote_count <> (SELECT COUNT(*) FROM votes v WHERE v.entry_id = e.id) ORDER BY e.id",
    )
    .fetch_all(ex)
    .await
}

/// Sets an entry's kept count to its rows in the log.
pub async fn recount(ex: impl AnyExecutor<'_>, entry_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE entries SET vote_count = (SELECT COUNT(*) FROM votes WHERE entry_id = $1) WHERE id = $1")
        .bind(entry_id)
        .execute(ex)
        .await?;
    Ok(())
}
