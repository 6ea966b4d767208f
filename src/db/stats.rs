//! Counts for a contest's dashboard: activity by hour, participants, categories, top entries,
//! moderation backlog, devices, sources. Read-only; the vote log is only read (no index is added for it,
//! its writes are the hot path).

use sqlx::AnyExecutor;

const VOTES_OF_CONTEST: &str = "v.entry_id IN (SELECT id FROM entries WHERE contest_id = $1)";

/// Entries received, by hour (unix seconds / 3600): (hour, count).
pub(crate) async fn uploads_by_hour(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT created_at / 3600 AS hour, COUNT(*) FROM entries WHERE contest_id = $1 GROUP BY created_at / 3600 ORDER BY hour",
    )
    .bind(contest_id)
    .fetch_all(ex)
    .await
}

/// Entries approved (and still approved), by the hour of their approval.
pub(crate) async fn approvals_by_hour(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT moderated_at / 3600 AS hour, COUNT(*) FROM entries \
         WHERE contest_id = $1 AND status = 'approved' AND moderated_at IS NOT NULL \
         GROUP BY moderated_at / 3600 ORDER BY hour",
    )
    .bind(contest_id)
    .fetch_all(ex)
    .await
}

/// Votes counted, by hour.
pub(crate) async fn votes_by_hour(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT v.created_at / 3600 AS hour, COUNT(*) FROM votes v WHERE {VOTES_OF_CONTEST} AND v.state = 'counted' \
         GROUP BY v.created_at / 3600 ORDER BY hour"
    )))
    .bind(contest_id)
    .fetch_all(ex)
    .await
}

/// (people who sent an entry, people who voted).
pub(crate) async fn people(ex: &mut sqlx::AnyConnection, contest_id: i64) -> Result<(i64, i64), sqlx::Error> {
    let authors = sqlx::query_scalar("SELECT COUNT(DISTINCT participant_id) FROM entries WHERE contest_id = $1")
        .bind(contest_id)
        .fetch_one(&mut *ex)
        .await?;
    let voters = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(DISTINCT v.voter_id) FROM votes v WHERE {VOTES_OF_CONTEST}"
    )))
    .bind(contest_id)
    .fetch_one(&mut *ex)
    .await?;
    Ok((authors, voters))
}

/// Entries per category, in the categories' order (a category without entries shows 0): (name, count).
pub(crate) async fn entries_by_category(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.name, COUNT(e.id) FROM categories c LEFT JOIN entries e ON e.category_id = c.id \
         WHERE c.contest_id = $1 GROUP BY c.id, c.name, c.position ORDER BY c.position, c.id",
    )
    .bind(contest_id)
    .fetch_all(ex)
    .await
}

/// The most voted approved entries: (id, title, counted votes).
pub(crate) async fn top_entries(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    limit: i64,
) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, title, vote_count FROM entries WHERE contest_id = $1 AND status = 'approved' AND hidden_at IS NULL \
         ORDER BY vote_count DESC, id LIMIT $2",
    )
    .bind(contest_id)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// Entries by status: (status, count).
pub(crate) async fn entries_by_status(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT status, COUNT(*) FROM entries WHERE contest_id = $1 GROUP BY status ORDER BY status")
        .bind(contest_id)
        .fetch_all(ex)
        .await
}

/// When the oldest entry awaiting moderation arrived.
pub(crate) async fn oldest_pending(
    ex: impl AnyExecutor<'_>,
    contest_id: Option<i64>,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT MIN(created_at) FROM entries WHERE ($1 = 0 OR contest_id = $1) AND status = 'pending'")
        .bind(contest_id.unwrap_or(0))
        .fetch_one(ex)
        .await
}

/// Entries by the device they were sent from (`None`: not known): (device, count).
pub(crate) async fn upload_devices(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
) -> Result<Vec<(Option<String>, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT device, COUNT(*) FROM entries WHERE contest_id = $1 GROUP BY device")
        .bind(contest_id)
        .fetch_all(ex)
        .await
}

/// What the dashboard counts people by, from their account.
#[derive(Debug, Clone, Copy)]
pub(crate) enum UserColumn {
    /// The class of device of their last sign-in.
    Device,
    /// Where they first came from.
    Source,
}

impl UserColumn {
    fn sql(self) -> &'static str {
        match self {
            UserColumn::Device => "u.device",
            UserColumn::Source => "u.source",
        }
    }
}

/// The contest's voters by `column`: (value, `None` if not known; count).
pub(crate) async fn voters_by(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    column: UserColumn,
) -> Result<Vec<(Option<String>, i64)>, sqlx::Error> {
    let c = column.sql();
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {c}, COUNT(*) FROM users u WHERE u.id IN (SELECT DISTINCT v.voter_id FROM votes v WHERE {VOTES_OF_CONTEST}) \
         GROUP BY {c}"
    )))
    .bind(contest_id)
    .fetch_all(ex)
    .await
}

/// The contest's authors by `column`: (value, `None` if not known; count).
pub(crate) async fn authors_by(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    column: UserColumn,
) -> Result<Vec<(Option<String>, i64)>, sqlx::Error> {
    let c = column.sql();
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {c}, COUNT(*) FROM users u \
         WHERE u.id IN (SELECT DISTINCT e.participant_id FROM entries e WHERE e.contest_id = $1) GROUP BY {c}"
    )))
    .bind(contest_id)
    .fetch_all(ex)
    .await
}
