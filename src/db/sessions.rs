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

/// Stores a sign-in e-mail's link and code (a staff invitation, valid for days, has no code). The older unused e-mails of that address keep their
/// links but lose their codes: one live code per address, so wrong tries cannot be multiplied.
pub(crate) async fn create_magic_link(
    tx: &mut sqlx::AnyConnection,
    token_hash: &str,
    code_hash: Option<&str>,
    email: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE magic_links SET code_hash = NULL WHERE email = $1 AND used_at IS NULL AND code_hash IS NOT NULL",
    )
    .bind(email)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO magic_links (token_hash, code_hash, email, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(code_hash)
    .bind(email)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *tx)
    .await
    .map(|_| ())
}

/// How many wrong codes were typed for `email` on the e-mails sent since `since`.
pub(crate) async fn wrong_codes_since(ex: impl AnyExecutor<'_>, email: &str, since: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(SUM(code_tries), 0) FROM magic_links WHERE email = $1 AND created_at > $2")
        .bind(email)
        .bind(since)
        .fetch_one(ex)
        .await
}

/// Forgets the sign-in e-mails expired for a day (kept that long for the hourly count of wrong codes).
pub(crate) async fn delete_expired_links(ex: impl AnyExecutor<'_>, now: i64) -> Result<u64, sqlx::Error> {
    let a = sqlx::query("DELETE FROM magic_links WHERE expires_at <= $1").bind(now - 86_400).execute(ex).await?;
    Ok(a.rows_affected())
}

/// Marks used the unexpired e-mail of `email` whose code hashes to `code_hash`, if its code has
/// not been tried wrong `max_tries` times; a wrong code counts one try against the live code.
/// Returns whether the code signed in.
pub(crate) async fn consume_login_code(
    tx: &mut sqlx::AnyConnection,
    email: &str,
    code_hash: &str,
    max_tries: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let used = sqlx::query(
        "UPDATE magic_links SET used_at = $1 WHERE email = $2 AND code_hash = $3 AND used_at IS NULL \
         AND expires_at > $1 AND code_tries < $4",
    )
    .bind(now)
    .bind(email)
    .bind(code_hash)
    .bind(max_tries)
    .execute(&mut *tx)
    .await?;
    if used.rows_affected() > 0 {
        return Ok(true);
    }
    sqlx::query(
        "UPDATE magic_links SET code_tries = code_tries + 1 WHERE email = $1 AND code_hash IS NOT NULL \
         AND used_at IS NULL AND expires_at > $2 AND code_tries < $3",
    )
    .bind(email)
    .bind(now)
    .bind(max_tries)
    .execute(&mut *tx)
    .await?;
    Ok(false)
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
