//! A contest's jury criteria with their weights.

use sqlx::{AnyConnection, AnyExecutor};

use crate::domain::jury::round::CriterionSpec;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub(crate) struct CriterionRow {
    pub id: i64,
    pub name: String,
    pub weight: f64,
    /// What it means, for jurors (may be empty).
    pub description: String,
}

pub(crate) async fn of_contest(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<Vec<CriterionRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, weight, description FROM criteria WHERE contest_id = $1 ORDER BY position, id")
        .bind(contest_id)
        .fetch_all(ex)
        .await
}

/// Replaces a contest's criteria; a criterion kept by name keeps its id (and its marks).
pub(crate) async fn replace(
    conn: &mut AnyConnection,
    contest_id: i64,
    list: &[CriterionSpec],
) -> Result<(), sqlx::Error> {
    let current = of_contest(&mut *conn, contest_id).await?;
    for gone in current.iter().filter(|c| !list.iter().any(|n| n.name == c.name)) {
        sqlx::query("DELETE FROM criteria WHERE id = $1").bind(gone.id).execute(&mut *conn).await?;
    }
    for (i, c) in list.iter().enumerate() {
        sqlx::query(
            "INSERT INTO criteria (contest_id, name, weight, position, description) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (contest_id, name) DO UPDATE SET weight = excluded.weight, position = excluded.position, \
             description = excluded.description",
        )
        .bind(contest_id)
        .bind(&c.name)
        .bind(c.weight)
        .bind(i as i64 + 1)
        .bind(&c.description)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
