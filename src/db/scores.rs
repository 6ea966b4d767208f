//! Jury scores (one per juror and entry, replaced when the juror changes it) and the ranking tallies.

use sqlx::AnyExecutor;

pub async fn upsert(
    ex: impl AnyExecutor<'_>,
    entry_id: i64,
    juror_id: i64,
    score: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO scores (entry_id, juror_id, score, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (entry_id, juror_id) DO UPDATE SET score = excluded.score, updated_at = excluded.updated_at",
    )
    .bind(entry_id)
    .bind(juror_id)
    .bind(score)
    .bind(now)
    .execute(ex)
    .await
    .map(|_| ())
}

/// Every jury score on a contest's approved entries: (entry id, juror id, score).
pub async fn all_of_contest(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.entry_id, s.juror_id, s.score FROM scores s JOIN entries e ON e.id = s.entry_id \
         WHERE e.contest_id = $1 AND e.status = 'approved' ORDER BY s.entry_id, s.juror_id",
    )
    .bind(contest_id)
    .fetch_all(ex)
    .await
}

/// This juror's scores on a contest's entries: (entry id, score).
pub async fn of_juror(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    juror_id: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT s.entry_id, s.score FROM scores s JOIN entries e ON e.id = s.entry_id WHERE e.contest_id = $1 AND s.juror_id = $2")
        .bind(contest_id)
        .bind(juror_id)
        .fetch_all(ex)
        .await
}

/// Per approved entry: public vote count, number of jury scores and their sum.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Tally {
    pub entry_id: i64,
    pub votes: i64,
    pub jury_count: i64,
    pub jury_sum: i64,
}

pub async fn tallies(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<Vec<Tally>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.id AS entry_id, \
           (SELECT COUNT(*) FROM votes v WHERE v.entry_id = e.id AND v.state = 'counted') AS votes, \
           (SELECT COUNT(*) FROM scores s WHERE s.entry_id = e.id) AS jury_count, \
           (SELECT CAST(COALESCE(SUM(s.score), 0) AS BIGINT) FROM scores s WHERE s.entry_id = e.id) AS jury_sum \
         FROM entries e WHERE e.contest_id = $1 AND e.status = 'approved'",
    )
    .bind(contest_id)
    .fetch_all(ex)
    .await
}
