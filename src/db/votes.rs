//! Public votes: one row per (entry, voter); the unique key makes a second vote a no-op.

use sqlx::AnyExecutor;

/// Records a vote; `false` when this voter had already voted for this entry.
pub async fn insert(ex: impl AnyExecutor<'_>, entry_id: i64, voter_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO votes (entry_id, voter_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (entry_id, voter_id) DO NOTHING RETURNING id",
    )
    .bind(entry_id)
    .bind(voter_id)
    .bind(now)
    .fetch_optional(ex)
    .await?;
    Ok(id.is_some())
}

pub async fn count_for_entry(ex: impl AnyExecutor<'_>, entry_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM votes WHERE entry_id = $1").bind(entry_id).fetch_one(ex).await
}

/// Ids of the entries (among a contest's) this voter has voted for.
pub async fn voted_entries(ex: impl AnyExecutor<'_>, contest_id: i64, voter_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT v.entry_id FROM votes v JOIN entries e ON e.id = v.entry_id WHERE e.contest_id = $1 AND v.voter_id = $2")
        .bind(contest_id)
        .bind(voter_id)
        .fetch_all(ex)
        .await
}
