//! Spent proof-of-work challenges: each answer opens one vote, once.

use sqlx::AnyExecutor;

/// Forgets challenges past their expiry (they can no longer be replayed anyway).
pub async fn purge_expired(ex: impl AnyExecutor<'_>, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM pow_spent WHERE expires_at < $1").bind(now).execute(ex).await?.rows_affected())
}
