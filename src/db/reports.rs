//! Abuse reports on public photos and moderators' decisions on them.

use sqlx::AnyExecutor;

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ReportRow {
    pub id: i64,
    pub entry_id: i64,
    pub reason: String,
    pub details: Option<String>,
    pub email: Option<String>,
    pub created_at: i64,
}

pub(crate) struct NewReport<'a> {
    pub entry_id: i64,
    pub reason: &'a str,
    pub details: Option<&'a str>,
    pub email: Option<&'a str>,
    pub ip_hash: &'a str,
    pub now: i64,
}

pub(crate) async fn insert(ex: impl AnyExecutor<'_>, r: &NewReport<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO reports (entry_id, reason, details, email, ip_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(r.entry_id)
    .bind(r.reason)
    .bind(r.details)
    .bind(r.email)
    .bind(r.ip_hash)
    .bind(r.now)
    .fetch_one(ex)
    .await
}

/// Reports not yet resolved, oldest first.
pub(crate) async fn open(ex: impl AnyExecutor<'_>, limit: i64) -> Result<Vec<ReportRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, entry_id, reason, details, email, created_at FROM reports WHERE resolved_at IS NULL ORDER BY id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(ex)
    .await
}

pub(crate) async fn find_open(ex: impl AnyExecutor<'_>, id: i64) -> Result<Option<ReportRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, entry_id, reason, details, email, created_at FROM reports WHERE id = $1 AND resolved_at IS NULL",
    )
    .bind(id)
    .fetch_optional(ex)
    .await
}

/// Resolves one report (`Some(id)`) or every open report of an entry (`None`).
pub(crate) async fn resolve(
    ex: impl AnyExecutor<'_>,
    entry_id: i64,
    report_id: Option<i64>,
    resolution: &str,
    by: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE reports SET resolved_at = $1, resolved_by = $2, resolution = $3 \
         WHERE entry_id = $4 AND resolved_at IS NULL AND ($5 = 0 OR id = $5)",
    )
    .bind(now)
    .bind(by)
    .bind(resolution)
    .bind(entry_id)
    .bind(report_id.unwrap_or(0))
    .execute(ex)
    .await?;
    Ok(done.rows_affected())
}

/// Hides (`Some(now)`) or shows again (`None`) an entry.
pub(crate) async fn set_hidden(
    ex: impl AnyExecutor<'_>,
    entry_id: i64,
    hidden_at: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE entries SET hidden_at = $1 WHERE id = $2").bind(hidden_at).bind(entry_id).execute(ex).await?;
    Ok(())
}

/// Forgets who reported the contest's photos and what they wrote (their address, details and
/// network hash); the reports' reasons and outcomes stay.
pub(crate) async fn forget_reporters(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE reports SET email = NULL, details = NULL, ip_hash = '' \
         WHERE entry_id IN (SELECT id FROM entries WHERE contest_id = $1) \
         AND (email IS NOT NULL OR details IS NOT NULL OR ip_hash <> '')",
    )
    .bind(contest_id)
    .execute(ex)
    .await?;
    Ok(done.rows_affected())
}
