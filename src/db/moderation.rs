//! The moderation workspace's reads (what each shelf holds, counts per state, a moderator's last
//! decisions) and the undo of a decision.

use sqlx::AnyExecutor;

use super::entries::{COLUMNS, EntryRow};

/// What sorts a photo into the workspace's shelves and flags.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct TriageRow {
    pub id: i64,
    pub contest_id: i64,
    pub category_id: Option<i64>,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub duplicate_of: Option<i64>,
    pub near_duplicate_of: Option<i64>,
    /// Open abuse reports on it.
    pub reports: i64,
}

/// The photos of one status (of one contest, or all), in the order moderators work through them:
/// the oldest first while awaiting a decision, the latest decision first once decided.
pub(crate) async fn triage(
    ex: impl AnyExecutor<'_>,
    status: &str,
    contest_id: Option<i64>,
) -> Result<Vec<TriageRow>, sqlx::Error> {
    let order = if status == "pending" { "e.id" } else { "e.moderated_at DESC, e.id DESC" };
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT e.id, e.contest_id, e.category_id, e.width, e.height, e.duplicate_of, e.near_duplicate_of, \
         (SELECT COUNT(*) FROM reports r WHERE r.entry_id = e.id AND r.resolved_at IS NULL) AS reports \
         FROM entries e WHERE e.status = $1 AND ($2 = 0 OR e.contest_id = $2) ORDER BY {order}"
    )))
    .bind(status)
    .bind(contest_id.unwrap_or(0))
    .fetch_all(ex)
    .await
}

/// How many photos are in each status (of one contest, or all).
pub(crate) async fn counts(
    ex: impl AnyExecutor<'_>,
    contest_id: Option<i64>,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT status, COUNT(*) FROM entries WHERE ($1 = 0 OR contest_id = $1) GROUP BY status")
        .bind(contest_id.unwrap_or(0))
        .fetch_all(ex)
        .await
}

/// The entries of `ids`, in that order (those that exist).
pub(crate) async fn rows(pool: &sqlx::AnyPool, ids: &[i64]) -> Result<Vec<EntryRow>, sqlx::Error> {
    let mut found = Vec::new();
    for chunk in ids.chunks(super::MAX_IDS_PER_STATEMENT) {
        let sql = format!("SELECT {COLUMNS} FROM entries WHERE id IN ({})", super::placeholders(chunk.len()));
        let mut q = sqlx::query_as::<_, EntryRow>(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            q = q.bind(*id);
        }
        found.extend(q.fetch_all(pool).await?);
    }
    Ok(ids.iter().filter_map(|id| found.iter().find(|e| e.id == *id).cloned()).collect())
}

/// When the entry was last decided (`None`: never, or undone since).
pub(crate) async fn decided_at(ex: impl AnyExecutor<'_>, id: i64) -> Result<Option<i64>, sqlx::Error> {
    let at: Option<Option<i64>> =
        sqlx::query_scalar("SELECT moderated_at FROM entries WHERE id = $1").bind(id).fetch_optional(ex).await?;
    Ok(at.flatten())
}

/// Puts a decided entry back among those awaiting a decision, if it was decided at `decided_at`
/// (a later decision is not undone by an earlier undo). False when it was not.
pub(crate) async fn reopen(ex: impl AnyExecutor<'_>, id: i64, decided_at: i64, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE entries SET status = 'pending', rejection_reason = NULL, moderated_by = NULL, moderated_at = NULL, \
         updated_at = $1 WHERE id = $2 AND status IN ('approved', 'rejected') AND moderated_at = $3",
    )
    .bind(now)
    .bind(id)
    .bind(decided_at)
    .execute(ex)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// One of a moderator's recent decisions.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct RecentDecision {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub moderated_at: i64,
}

/// The decisions `by` took since `since`, the latest first, at most `limit`.
pub(crate) async fn recent_decisions(
    ex: impl AnyExecutor<'_>,
    by: i64,
    since: i64,
    limit: i64,
) -> Result<Vec<RecentDecision>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, title, status, moderated_at FROM entries WHERE moderated_by = $1 AND moderated_at >= $2 \
         AND status IN ('approved', 'rejected') ORDER BY moderated_at DESC, id DESC LIMIT $3",
    )
    .bind(by)
    .bind(since)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// Photos awaiting a decision per contest (title, count), contests with none left out.
pub(crate) async fn pending_by_contest(ex: impl AnyExecutor<'_>) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.title, COUNT(*) FROM entries e JOIN contests c ON c.id = e.contest_id WHERE e.status = 'pending' \
         GROUP BY c.id, c.title ORDER BY c.id",
    )
    .fetch_all(ex)
    .await
}
