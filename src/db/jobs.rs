//! The durable job queue: enqueue inside the caller's transaction, claim with a lease, complete or retry.

use sqlx::AnyExecutor;

use super::Db;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    /// Times it was claimed (interruptions included).
    pub attempts: i64,
    /// Failures its work reported that allow no more retries.
    pub max_attempts: i64,
    /// Failures its work reported (an interruption is none).
    pub failures: i64,
}

impl JobRow {
    /// Claims that ended with no outcome: the process died or the lease ran out.
    pub fn interruptions(&self) -> i64 {
        self.attempts - 1 - self.failures
    }
}

/// Queues a job of `kind` to run from `run_at` on. Returns its id, or `None` when a unique index
/// refuses it (a second queued housekeeping: migration 0026).
pub async fn enqueue(
    ex: impl AnyExecutor<'_>,
    kind: &str,
    payload: &str,
    run_at: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    enqueue_tries(ex, kind, payload, run_at, now, 5).await
}

/// As [`enqueue`], given up after `max_attempts` failures instead of 5.
pub(crate) async fn enqueue_tries(
    ex: impl AnyExecutor<'_>,
    kind: &str,
    payload: &str,
    run_at: i64,
    now: i64,
    max_attempts: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO jobs (kind, payload, status, attempts, max_attempts, run_at, created_at, updated_at) \
         VALUES ($1, $2, 'queued', 0, $5, $3, $4, $4) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(kind)
    .bind(payload)
    .bind(run_at)
    .bind(now)
    .bind(max_attempts)
    .fetch_optional(ex)
    .await
}

/// As [`enqueue`], unless a job of `kind` is queued or running already (then `None`).
pub(crate) async fn enqueue_if_none(
    ex: impl AnyExecutor<'_>,
    kind: &str,
    payload: &str,
    run_at: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO jobs (kind, payload, status, attempts, max_attempts, run_at, created_at, updated_at) \
         SELECT $1, $2, 'queued', 0, 5, $3, $4, $4 \
         WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE kind = $1 AND status IN ('queued', 'running')) \
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(kind)
    .bind(payload)
    .bind(run_at)
    .bind(now)
    .fetch_optional(ex)
    .await
}

/// Claims one runnable job for `worker` until `lease_until`.
pub async fn claim(db: &Db, worker: &str, now: i64, lease_until: i64) -> Result<Option<JobRow>, sqlx::Error> {
    sqlx::query_as(db.dialect().claim_job_sql())
        .bind(worker)
        .bind(lease_until)
        .bind(now)
        .fetch_optional(db.pool())
        .await
}

/// Extends the lease of a job this worker still holds.
pub(crate) async fn heartbeat(
    ex: impl AnyExecutor<'_>,
    id: i64,
    worker: &str,
    lease_until: i64,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE jobs SET locked_until = $1 WHERE id = $2 AND locked_by = $3 AND status = 'running'")
        .bind(lease_until)
        .bind(id)
        .bind(worker)
        .execute(ex)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Marks a job done; `forget` empties its payload (what it carried is not to be kept).
pub(crate) async fn complete(
    ex: impl AnyExecutor<'_>,
    id: i64,
    worker: &str,
    now: i64,
    forget: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE jobs SET status = 'done', locked_by = NULL, locked_until = NULL, updated_at = $1, \
         payload = CASE WHEN $4 = 1 THEN '{}' ELSE payload END WHERE id = $2 AND locked_by = $3",
    )
    .bind(now)
    .bind(id)
    .bind(worker)
    .bind(i64::from(forget))
    .execute(ex)
    .await
    .map(|_| ())
}

/// A job of one kind that failed, or keeps failing, for operators.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct Troubled {
    pub id: i64,
    pub payload: String,
    /// `failed` (given up) or `queued` (to be tried again).
    pub status: String,
    pub failures: i64,
    pub last_error: Option<String>,
    pub updated_at: i64,
}

/// The jobs of `kind` given up or waiting to be retried, the latest first, at most `limit`.
pub(crate) async fn troubled(ex: impl AnyExecutor<'_>, kind: &str, limit: i64) -> Result<Vec<Troubled>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, payload, status, failures, last_error, updated_at FROM jobs \
         WHERE kind = $1 AND (status = 'failed' OR (status = 'queued' AND failures > 0)) ORDER BY updated_at DESC, id DESC LIMIT $2",
    )
    .bind(kind)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// Puts a job of `kind` that failed (given up, or waiting for its next try) back in the queue at
/// once with all its tries; false when there is none.
pub(crate) async fn requeue(ex: impl AnyExecutor<'_>, kind: &str, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE jobs SET status = 'queued', run_at = $1, attempts = 0, failures = 0, updated_at = $1 \
         WHERE id = $2 AND kind = $3 AND (status = 'failed' OR (status = 'queued' AND failures > 0))",
    )
    .bind(now)
    .bind(id)
    .bind(kind)
    .execute(ex)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Records a failure its work reported: back in the queue for `retry_at`, or failed for good
/// when `retry_at` is `None`.
pub(crate) async fn fail(
    ex: impl AnyExecutor<'_>,
    id: i64,
    worker: &str,
    error: &str,
    retry_at: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let (status, run_at) = match retry_at {
        Some(t) => ("queued", t),
        None => ("failed", now),
    };
    sqlx::query(
        "UPDATE jobs SET status = $1, run_at = $2, last_error = $3, locked_by = NULL, locked_until = NULL, updated_at = $4, \
         failures = failures + 1 WHERE id = $5 AND locked_by = $6",
    )
    .bind(status)
    .bind(run_at)
    .bind(error)
    .bind(now)
    .bind(id)
    .bind(worker)
    .execute(ex)
    .await
    .map(|_| ())
}

/// Hands back every job this worker holds (graceful shutdown): they run again elsewhere.
pub async fn release_all(ex: impl AnyExecutor<'_>, worker: &str, now: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE jobs SET status = 'queued', run_at = $1, attempts = attempts - 1, locked_by = NULL, locked_until = NULL, updated_at = $1 \
         WHERE locked_by = $2 AND status = 'running'",
    )
    .bind(now)
    .bind(worker)
    .execute(ex)
    .await?;
    Ok(r.rows_affected())
}

/// (status, attempts) of a job, for operators and tests.
pub async fn state(ex: impl AnyExecutor<'_>, id: i64) -> Result<Option<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT status, attempts FROM jobs WHERE id = $1").bind(id).fetch_optional(ex).await
}

/// Counts of jobs by status (metrics), leaving out the kind `except` (the housekeeping, always
/// waiting for its next run).
pub(crate) async fn counts(ex: impl AnyExecutor<'_>, except: &str) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT status, COUNT(*) FROM jobs WHERE kind <> $1 GROUP BY status")
        .bind(except)
        .fetch_all(ex)
        .await
}

/// Forgets jobs done before `before` (their work is in the rows they changed); failed ones stay
/// for operators.
pub(crate) async fn purge_done(ex: impl AnyExecutor<'_>, before: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("DELETE FROM jobs WHERE status = 'done' AND run_at < $1 AND updated_at < $1")
        .bind(before)
        .execute(ex)
        .await?;
    Ok(r.rows_affected())
}
