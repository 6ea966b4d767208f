//! Server-side login sessions and single-use magic-link tokens (both stored as blake3 hashes only).

use sqlx::AnyExecutor;

pub async fn create(
    ex: impl AnyExecutor<'_>,
    id_hash: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(id_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(ex)
        .await
        .map(|_| ())
}

pub(crate) async fn delete(ex: impl AnyExecutor<'_>, id_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(ex).await.map(|_| ())
}

pub(crate) async fn delete_expired(ex: impl AnyExecutor<'_>, now: i64) -> Result<u64, sqlx::Error> {
    let a = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(ex).await?;
    Ok(a.rows_affected())
}

pub(crate) async fn create_magic_link(
    ex: impl AnyExecutor<'_>,
    token_hash: &str,
    email: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO magic_links (token_hash, email, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(email)
        .bind(now)
        .bind(expires_at)
        .execute(ex)
        .await
        .map(|_| ())
}

/// Marks a magic link used and returns its email, only if it was unused and unexpired (atomic).
pub(crate) async fn consume_magic_link(
    ex: impl AnyExecutor<'_>,
    token_hash: &str,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE magic_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING email",
    )
    .bind(now)
    .bind(token_hash)
    .fetch_optional(ex)
    .await
}
