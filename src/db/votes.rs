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

/// The votes `voter_id` cast: (entry, time), oldest first.
pub async fn of_voter(ex: impl AnyExecutor<'_>, voter_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT entry_id, created_at FROM votes WHERE voter_id = $1 ORDER BY created_at, id")
        .bind(voter_id)
        .fetch_all(ex)
        .await
}
