//! The audit log: who did what to which subject, when, with before/after details; append-only
//! and hash-chained (see [`crate::domain::audit`]). Details never hold personal data (people
//! appear by id), since lines are kept for good.
//!
//! An append takes the one-row head first (`UPDATE audit_head … RETURNING`: a row lock on
//! PostgreSQL that a concurrent appender — in this instance or another — waits on until the first
//! commits, then reads the new head; SQLite writers are serialized by their write transaction),
//! so two appenders never take the same number and the chain never forks. The line and the new
//! head commit with the caller's transaction: an action and its audit line go together.

use sqlx::{AnyConnection, AnyExecutor};

use crate::domain::audit::{GENESIS, Line};

/// Appends a line to the chain in the caller's transaction (a write transaction: see
/// [`crate::db::Db::begin_write`]). Lines written outside the chain (by an older version during
/// an upgrade) are sealed first, in id order.
pub async fn record(
    conn: &mut AnyConnection,
    actor_id: Option<i64>,
    action: &str,
    subject: &str,
    detail: &serde_json::Value,
    now: i64,
) -> Result<(), sqlx::Error> {
    let (seq, prev) = lock_head(&mut *conn).await?;
    let (seq, prev) = seal_unsealed(&mut *conn, seq, prev).await?;
    let line = Line {
        seq: seq + 1,
        prev_hash: prev,
        actor_id,
        action: action.to_string(),
        subject: subject.to_string(),
        contest_id: contest_of(&mut *conn, subject).await?,
        detail: detail.to_string(),
        created_at: now,
    };
    let hash = line.hash();
    sqlx::query(
        "INSERT INTO audit_log (actor_id, action, subject, detail, created_at, seq, prev_hash, hash, contest_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(line.actor_id)
    .bind(&line.action)
    .bind(&line.subject)
    .bind(&line.detail)
    .bind(line.created_at)
    .bind(line.seq)
    .bind(&line.prev_hash)
    .bind(&hash)
    .bind(line.contest_id)
    .execute(&mut *conn)
    .await?;
    set_head(&mut *conn, line.seq, &hash).await?;
    // The head in the server's log too: a copy of it outside the database to compare with.
    tracing::info!(seq = line.seq, hash = %hash, action, "audit line appended");
    Ok(())
}

/// Seals the lines written outside the chain (the lines of before the chain existed, on first
/// start; see migration 0015), in one write transaction; returns how many.
pub async fn seal_pending(db: &crate::db::Db) -> Result<usize, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let (seq, prev) = lock_head(&mut tx).await?;
    let (sealed, hash) = seal_unsealed(&mut tx, seq, prev).await?;
    tx.commit().await?;
    if sealed > seq {
        tracing::info!(lines = sealed - seq, head = %hash, "audit lines sealed into the chain");
    }
    Ok((sealed - seq) as usize)
}

/// Takes the head (its row lock, until the transaction ends) and returns it.
async fn lock_head(conn: &mut AnyConnection) -> Result<(i64, String), sqlx::Error> {
    sqlx::query_as("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash").fetch_one(conn).await
}

async fn set_head(conn: &mut AnyConnection, seq: i64, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1").bind(seq).bind(hash).execute(conn).await?;
    Ok(())
}

/// Gives the lines without a number their place after (`seq`, `prev`); returns the new end.
async fn seal_unsealed(conn: &mut AnyConnection, mut seq: i64, mut prev: String) -> Result<(i64, String), sqlx::Error> {
    loop {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT id, seq, prev_hash, hash, actor_id, action, subject, contest_id, detail, created_at \
             FROM audit_log WHERE seq IS NULL ORDER BY id LIMIT 500",
        )
        .fetch_all(&mut *conn)
        .await?;
        if rows.is_empty() {
            return Ok((seq, prev));
        }
        for row in rows {
            let contest_id = match row.contest_id {
                Some(c) => Some(c),
                None => contest_of(&mut *conn, &row.subject).await?,
            };
            let line = Line { seq: seq + 1, prev_hash: prev, contest_id, ..row.line() };
            let hash = line.hash();
            sqlx::query(
                "UPDATE audit_log SET seq = $1, prev_hash = $2, hash = $3, contest_id = $4 WHERE id = $5 AND seq IS NULL",
            )
            .bind(line.seq)
            .bind(&line.prev_hash)
            .bind(&hash)
            .bind(line.contest_id)
            .bind(row.id)
            .execute(&mut *conn)
            .await?;
            set_head(&mut *conn, line.seq, &hash).await?;
            (seq, prev) = (line.seq, hash);
        }
    }
}

/// The contest a subject (`contest:3`, `entry:12`, `round:4`, `cover_slot:2`, `vote_flag:9`)
/// belongs to; `None` for the others (`user:…`, `reason:…`) or a subject that is gone.
async fn contest_of(conn: &mut AnyConnection, subject: &str) -> Result<Option<i64>, sqlx::Error> {
    let Some((kind, id)) = subject.split_once(':') else { return Ok(None) };
    let Ok(id) = id.parse::<i64>() else { return Ok(None) };
    let sql = match kind {
        "contest" => return Ok(Some(id)),
        "entry" => "SELECT contest_id FROM entries WHERE id = $1",
        "round" => "SELECT contest_id FROM rounds WHERE id = $1",
        "cover_slot" => "SELECT contest_id FROM cover_slots WHERE id = $1",
        "vote_flag" => "SELECT contest_id FROM vote_flags WHERE id = $1",
        _ => return Ok(None),
    };
    sqlx::query_scalar(sql).bind(id).fetch_optional(conn).await
}

/// A line as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    /// `None` only for a line not sealed yet.
    pub seq: Option<i64>,
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
    pub actor_id: Option<i64>,
    pub action: String,
    pub subject: String,
    pub contest_id: Option<i64>,
    pub detail: String,
    pub created_at: i64,
}

impl AuditRow {
    /// The line as it is hashed.
    pub fn line(&self) -> Line {
        Line {
            seq: self.seq.unwrap_or(0),
            prev_hash: self.prev_hash.clone().unwrap_or_default(),
            actor_id: self.actor_id,
            action: self.action.clone(),
            subject: self.subject.clone(),
            contest_id: self.contest_id,
            detail: self.detail.clone(),
            created_at: self.created_at,
        }
    }
}

const COLUMNS: &str = "id, seq, prev_hash, hash, actor_id, action, subject, contest_id, detail, created_at";

pub async fn for_subject(ex: impl AnyExecutor<'_>, subject: &str) -> Result<Vec<AuditRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM audit_log WHERE subject = $1 ORDER BY id")))
        .bind(subject)
        .fetch_all(ex)
        .await
}

/// The next `limit` lines of the chain after line `after`, in order.
pub async fn page(ex: impl AnyExecutor<'_>, after: i64, limit: i64) -> Result<Vec<AuditRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2")))
        .bind(after)
        .bind(limit)
        .fetch_all(ex)
        .await
}

/// The next `limit` lines of one contest after line `after`, in chain order.
pub(crate) async fn page_of_contest(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<AuditRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM audit_log WHERE contest_id = $1 AND seq > $2 ORDER BY seq LIMIT $3"
    )))
    .bind(contest_id)
    .bind(after)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// The head: the last line's number and hash (0 and [`GENESIS`] for an empty log).
pub async fn head(ex: impl AnyExecutor<'_>) -> Result<(i64, String), sqlx::Error> {
    let head: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_optional(ex).await?;
    Ok(head.unwrap_or_else(|| (0, GENESIS.to_string())))
}

/// The id of the first line written outside the chain, if any.
pub(crate) async fn first_unsealed(ex: impl AnyExecutor<'_>) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT MIN(id) FROM audit_log WHERE seq IS NULL").fetch_one(ex).await
}
