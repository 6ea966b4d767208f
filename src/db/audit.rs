//! The audit log: who did what to which subject, when, with before/after details.

use sqlx::AnyExecutor;

pub async fn record(
    ex: impl AnyExecutor<'_>,
    actor_id: Option<i64>,
    action: &str,
    subject: &str,
    detail: &serde_json::Value,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO audit_log (actor_id, action, subject, detail, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(actor_id)
        .bind(action)
        .bind(subject)
        .bind(detail.to_string())
        .bind(now)
        .execute(ex)
        .await
        .map(|_| ())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub actor_id: Option<i64>,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub created_at: i64,
}

pub async fn for_subject(ex: impl AnyExecutor<'_>, subject: &str) -> Result<Vec<AuditRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, actor_id, action, subject, detail, created_at FROM audit_log WHERE subject = $1 ORDER BY id",
    )
    .bind(subject)
    .fetch_all(ex)
    .await
}
