//! Jurors' declared conflicts of interest ("I know this author"), with their reason.

use sqlx::AnyExecutor;

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub(crate) struct RecusalRow {
    pub entry_id: i64,
    pub juror_id: i64,
    /// The round in which it was declared; it holds in every round.
    pub round_id: i64,
    pub reason: String,
    pub created_at: i64,
}

/// Records a recusal; false when the juror had already declared one on this entry.
pub(crate) async fn insert(
    ex: impl AnyExecutor<'_>,
    entry_id: i64,
    juror_id: i64,
    round_id: i64,
    reason: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO recusals (entry_id, juror_id, round_id, reason, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (entry_id, juror_id) DO NOTHING",
    )
    .bind(entry_id)
    .bind(juror_id)
    .bind(round_id)
    .bind(reason)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Every recusal on a contest's entries.
pub(crate) async fn of_contest(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<Vec<RecusalRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT entry_id, juror_id, round_id, reason, created_at FROM recusals \
         WHERE entry_id IN (SELECT id FROM entries WHERE contest_id = $1) ORDER BY created_at, entry_id, juror_id",
    )
    .bind(contest_id)
    .fetch_all(ex)
    .await
}
