//! The rejection reasons moderators pick from.

use sqlx::AnyExecutor;

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub(crate) struct Reason {
    pub id: i64,
    pub text: String,
}

pub(crate) async fn list(ex: impl AnyExecutor<'_>) -> Result<Vec<Reason>, sqlx::Error> {
    sqlx::query_as("SELECT id, text FROM rejection_reasons ORDER BY id").fetch_all(ex).await
}

pub(crate) async fn find(ex: impl AnyExecutor<'_>, id: i64) -> Result<Option<Reason>, sqlx::Error> {
    sqlx::query_as("SELECT id, text FROM rejection_reasons WHERE id = $1").bind(id).fetch_optional(ex).await
}

pub(crate) async fn insert(ex: impl AnyExecutor<'_>, text: &str, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO rejection_reasons (text, created_at) VALUES ($1, $2) RETURNING id")
        .bind(text)
        .bind(now)
        .fetch_one(ex)
        .await
}

pub(crate) async fn delete(ex: impl AnyExecutor<'_>, id: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM rejection_reasons WHERE id = $1").bind(id).execute(ex).await?.rows_affected())
}
