//! Jurors' marks in a round (a yes/no, a 1–10 score per criterion, or a place in their top N).

use sqlx::AnyExecutor;

use crate::domain::jury::tally::Mark;

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct MarkRow {
    pub round_id: i64,
    pub entry_id: i64,
    pub juror_id: i64,
    pub criterion_id: i64,
    pub value: i64,
    pub updated_at: i64,
}

impl MarkRow {
    pub(crate) fn mark(&self) -> Mark {
        Mark { juror: self.juror_id, entry: self.entry_id, criterion: self.criterion_id, value: self.value }
    }
}

const COLUMNS: &str = "round_id, entry_id, juror_id, criterion_id, value, updated_at";

/// Sets one mark, replacing the juror's previous one.
pub(crate) async fn upsert(
    ex: impl AnyExecutor<'_>,
    round_id: i64,
    entry_id: i64,
    juror_id: i64,
    criterion_id: i64,
    value: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO marks (round_id, entry_id, juror_id, criterion_id, value, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (round_id, juror_id, entry_id, criterion_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(round_id)
    .bind(entry_id)
    .bind(juror_id)
    .bind(criterion_id)
    .bind(value)
    .bind(now)
    .execute(ex)
    .await
    .map(|_| ())
}

/// Removes one mark (a place taken out of a ranking).
pub(crate) async fn remove(
    ex: impl AnyExecutor<'_>,
    round_id: i64,
    entry_id: i64,
    juror_id: i64,
    criterion_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM marks WHERE round_id = $1 AND entry_id = $2 AND juror_id = $3 AND criterion_id = $4")
        .bind(round_id)
        .bind(entry_id)
        .bind(juror_id)
        .bind(criterion_id)
        .execute(ex)
        .await
        .map(|_| ())
}

/// Frees a place in a juror's ranking held by another entry.
pub(crate) async fn free_place(
    ex: impl AnyExecutor<'_>,
    round_id: i64,
    juror_id: i64,
    place: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM marks WHERE round_id = $1 AND juror_id = $2 AND criterion_id = 0 AND value = $3")
        .bind(round_id)
        .bind(juror_id)
        .bind(place)
        .execute(ex)
        .await
        .map(|_| ())
}

/// Every mark of a round.
pub(crate) async fn of_round(ex: impl AnyExecutor<'_>, round_id: i64) -> Result<Vec<MarkRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM marks WHERE round_id = $1 ORDER BY juror_id, entry_id, criterion_id"
    )))
    .bind(round_id)
    .fetch_all(ex)
    .await
}

/// One juror's marks in a round.
pub(crate) async fn of_juror(
    ex: impl AnyExecutor<'_>,
    round_id: i64,
    juror_id: i64,
) -> Result<Vec<MarkRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM marks WHERE round_id = $1 AND juror_id = $2 ORDER BY entry_id, criterion_id"
    )))
    .bind(round_id)
    .bind(juror_id)
    .fetch_all(ex)
    .await
}

/// Every mark in a contest's rounds (the export).
pub(crate) async fn of_contest(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<Vec<MarkRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM marks WHERE round_id IN (SELECT id FROM rounds WHERE contest_id = $1) \
         ORDER BY round_id, entry_id, juror_id, criterion_id"
    )))
    .bind(contest_id)
    .fetch_all(ex)
    .await
}
