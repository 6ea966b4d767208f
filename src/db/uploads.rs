//! Resumable uploads in progress and the parts they have received.

use sqlx::AnyExecutor;

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct UploadRow {
    pub id: String,
    pub user_id: i64,
    pub contest_id: i64,
    pub length: i64,
    pub received: i64,
    /// JSON of the entry's fields (`EntryFields`).
    pub fields: String,
    /// The entry made of it, once complete.
    pub entry_id: Option<i64>,
    pub created_at: i64,
    pub expires_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct PartRow {
    pub blob_key: String,
}

const COLUMNS: &str = "id, user_id, contest_id, length, received, fields, entry_id, created_at, expires_at";

pub(crate) async fn insert(ex: impl AnyExecutor<'_>, u: &UploadRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO uploads (id, user_id, contest_id, length, received, fields, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, 0, $5, $6, $7)",
    )
    .bind(&u.id)
    .bind(u.user_id)
    .bind(u.contest_id)
    .bind(u.length)
    .bind(&u.fields)
    .bind(u.created_at)
    .bind(u.expires_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// The upload `id`, unless it has expired.
pub(crate) async fn find(ex: impl AnyExecutor<'_>, id: &str, now: i64) -> Result<Option<UploadRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM uploads WHERE id = $1 AND expires_at > $2")))
        .bind(id)
        .bind(now)
        .fetch_optional(ex)
        .await
}

/// Unfinished uploads of a user that have not expired.
pub(crate) async fn count_open_of(ex: impl AnyExecutor<'_>, user_id: i64, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM uploads WHERE user_id = $1 AND entry_id IS NULL AND expires_at > $2")
        .bind(user_id)
        .bind(now)
        .fetch_one(ex)
        .await
}

/// Moves the upload's offset from `start` to `start + len`; false if another request moved it first.
pub(crate) async fn advance(ex: impl AnyExecutor<'_>, id: &str, start: i64, len: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE uploads SET received = received + $3 WHERE id = $1 AND received = $2")
        .bind(id)
        .bind(start)
        .bind(len)
        .execute(ex)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub(crate) async fn insert_part(
    ex: impl AnyExecutor<'_>,
    id: &str,
    start: i64,
    len: i64,
    key: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO upload_parts (upload_id, start_offset, length, blob_key) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(start)
        .bind(len)
        .bind(key)
        .execute(ex)
        .await?;
    Ok(())
}

/// The parts of an upload in order.
pub(crate) async fn parts(ex: impl AnyExecutor<'_>, id: &str) -> Result<Vec<PartRow>, sqlx::Error> {
    sqlx::query_as("SELECT start_offset, length, blob_key FROM upload_parts WHERE upload_id = $1 ORDER BY start_offset")
        .bind(id)
        .fetch_all(ex)
        .await
}

/// Every part's key (the storage sweep spares them).
pub(crate) async fn all_part_keys(ex: impl AnyExecutor<'_>) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT blob_key FROM upload_parts").fetch_all(ex).await
}

/// Records the entry made of a complete upload and forgets its parts (their objects go separately).
pub(crate) async fn complete(ex: impl AnyExecutor<'_>, id: &str, entry_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE uploads SET entry_id = $2 WHERE id = $1").bind(id).bind(entry_id).execute(ex).await?;
    Ok(())
}

pub(crate) async fn delete_parts(ex: impl AnyExecutor<'_>, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM upload_parts WHERE upload_id = $1").bind(id).execute(ex).await?;
    Ok(())
}

pub(crate) async fn delete(ex: impl AnyExecutor<'_>, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM uploads WHERE id = $1").bind(id).execute(ex).await?;
    Ok(())
}

/// Ids of uploads expired at `now`.
pub(crate) async fn expired(ex: impl AnyExecutor<'_>, now: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM uploads WHERE expires_at <= $1").bind(now).fetch_all(ex).await
}

/// Every upload of a user, finished or not.
pub(crate) async fn ids_of(ex: impl AnyExecutor<'_>, user_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM uploads WHERE user_id = $1").bind(user_id).fetch_all(ex).await
}
