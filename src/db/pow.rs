//! Spent proof-of-work challenges: each answer opens one vote, once.

use sqlx::AnyExecutor;

use crate::domain::pow::Spent;

/// Marks the challenge spent; `false` when it already was (a replay).
pub async fn spend(ex: impl AnyExecutor<'_>, spent: &Spent) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("INSERT INTO pow_spent (challenge, expires_at) VALUES ($1, $2) ON CONFLICT (challenge) DO NOTHING")
            .bind(&spent.challenge)
            .bind(spent.expires_at)
            .execute(ex)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Forgets challenges past their expiry (they can no longer be replayed anyway).
pub async fn purge_expired(ex: impl AnyExecutor<'_>, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM pow_spent WHERE expires_at < $1").bind(now).execute(ex).await?.rows_affected())
}
