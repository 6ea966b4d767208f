//! Spent proof-of-work challenges: each answer opens one vote, once.

use sqlx::AnyExecutor;

use crate::domain::pow::Spent;

/// Forgets challenges past their expiry (they can no longer be replayed anyway).
pub async fn purge_expired(ex: impl AnyExecutor<'_>, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM pow_spent WHERE expires_at < $1").bind(now).execute(ex).await?.rows_affected())
}

/// Marks many challenges spent at once; returns those that were not spent before.
pub async fn spend_many(
    conn: &mut sqlx::AnyConnection,
    spent: &[&Spent],
) -> Result<std::collections::HashSet<String>, sqlx::Error> {
    let mut fresh = std::collections::HashSet::new();
    for chunk in spent.chunks(super::MAX_IDS_PER_STATEMENT / 2) {
        let rows: Vec<String> =
            (0..super::padded_len(chunk.len())).map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2)).collect();
        let sql = format!(
            "INSERT INTO pow_spent (challenge, expires_at) VALUES {} ON CONFLICT (challenge) DO NOTHING RETURNING challenge",
            rows.join(", ")
        );
        let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql));
        for s in super::padded(chunk) {
            q = q.bind(&s.challenge).bind(s.expires_at);
        }
        fresh.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(fresh)
}

/// Gives challenges back (their votes were refused: they may be used again).
pub async fn unspend_many(conn: &mut sqlx::AnyConnection, challenges: &[&str]) -> Result<(), sqlx::Error> {
    for chunk in challenges.chunks(super::MAX_IDS_PER_STATEMENT) {
        let sql = format!(
            "DELETE FROM pow_spent WHERE challenge IN ({})",
            super::placeholders(super::padded_len(chunk.len()))
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for c in super::padded(chunk) {
            q = q.bind(*c);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}
