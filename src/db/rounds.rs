//! Jury rounds of a contest: their settings, jurors, shortlist, opening and closing.

use sqlx::{AnyConnection, AnyExecutor};

use crate::domain::jury::round::{Method, MissingRule, RoundSpec, Status};

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct RoundRow {
    pub id: i64,
    pub contest_id: i64,
    pub position: i64,
    pub name: String,
    pub method: String,
    pub top_n: i64,
    pub intake: i64,
    pub quorum: i64,
    pub opens_at: i64,
    pub closes_at: i64,
    pub status: String,
    pub missing_rule: Option<String>,
    pub closed_at: Option<i64>,
}

impl RoundRow {
    /// The stored method (checked when it was written).
    pub(crate) fn method(&self) -> Method {
        Method::parse(&self.method, self.top_n).unwrap_or(Method::Criteria)
    }

    pub(crate) fn status(&self) -> Status {
        Status::parse(&self.status)
    }

    pub(crate) fn missing_rule(&self) -> Option<MissingRule> {
        self.missing_rule.as_deref().and_then(|r| MissingRule::parse(r).ok())
    }

    /// Jurors may mark: started by staff, its opening date reached, not closed.
    pub(crate) fn accepts_marks(&self, now: i64) -> bool {
        self.status() == Status::Open && now >= self.opens_at
    }
}

const COLUMNS: &str = "id, contest_id, position, name, method, top_n, intake, quorum, opens_at, closes_at, status, \
     missing_rule, opened_at, closed_at, closed_by, created_at";

/// Adds a round after the contest's last one; returns its id.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    contest_id: i64,
    spec: &RoundSpec,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (position,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(position), 0) + 1 FROM rounds WHERE contest_id = $1")
        .bind(contest_id)
        .fetch_one(&mut *conn)
        .await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO rounds (contest_id, position, name, method, top_n, intake, quorum, opens_at, closes_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(contest_id)
    .bind(position)
    .bind(&spec.name)
    .bind(spec.method.code())
    .bind(i64::from(spec.method.top_n()))
    .bind(i64::from(spec.intake))
    .bind(i64::from(spec.quorum))
    .bind(spec.opens_at)
    .bind(spec.closes_at)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Rewrites a round's settings.
pub(crate) async fn update(ex: impl AnyExecutor<'_>, id: i64, spec: &RoundSpec) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE rounds SET name = $2, method = $3, top_n = $4, intake = $5, quorum = $6, opens_at = $7, closes_at = $8 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(&spec.name)
    .bind(spec.method.code())
    .bind(i64::from(spec.method.top_n()))
    .bind(i64::from(spec.intake))
    .bind(i64::from(spec.quorum))
    .bind(spec.opens_at)
    .bind(spec.closes_at)
    .execute(ex)
    .await
    .map(|_| ())
}

pub(crate) async fn find(ex: impl AnyExecutor<'_>, id: i64) -> Result<Option<RoundRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM rounds WHERE id = $1")))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// A contest's rounds in order.
pub(crate) async fn of_contest(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<Vec<RoundRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM rounds WHERE contest_id = $1 ORDER BY position")))
        .bind(contest_id)
        .fetch_all(ex)
        .await
}

/// The started rounds a person sits on, newest first.
pub(crate) async fn of_juror(ex: impl AnyExecutor<'_>, juror_id: i64) -> Result<Vec<RoundRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM rounds WHERE status <> 'draft' \
         AND id IN (SELECT round_id FROM round_jurors WHERE juror_id = $1) ORDER BY opens_at DESC, id DESC"
    )))
    .bind(juror_id)
    .fetch_all(ex)
    .await
}

/// Replaces a round's jurors, keeping the reminder time of those who stay.
pub(crate) async fn set_jurors(conn: &mut AnyConnection, round_id: i64, juror_ids: &[i64]) -> Result<(), sqlx::Error> {
    let current = jurors(&mut *conn, round_id).await?;
    for (id, _) in current.iter().filter(|(id, _)| !juror_ids.contains(id)) {
        sqlx::query("DELETE FROM round_jurors WHERE round_id = $1 AND juror_id = $2")
            .bind(round_id)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    for id in juror_ids {
        sqlx::query("INSERT INTO round_jurors (round_id, juror_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(round_id)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A round's jurors with the time each was last reminded.
pub(crate) async fn jurors(ex: impl AnyExecutor<'_>, round_id: i64) -> Result<Vec<(i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as("SELECT juror_id, reminded_at FROM round_jurors WHERE round_id = $1 ORDER BY juror_id")
        .bind(round_id)
        .fetch_all(ex)
        .await
}

pub(crate) async fn is_juror(ex: impl AnyExecutor<'_>, round_id: i64, juror_id: i64) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT juror_id FROM round_jurors WHERE round_id = $1 AND juror_id = $2")
        .bind(round_id)
        .bind(juror_id)
        .fetch_optional(ex)
        .await?;
    Ok(row.is_some())
}

pub(crate) async fn mark_reminded(
    ex: impl AnyExecutor<'_>,
    round_id: i64,
    juror_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE round_jurors SET reminded_at = $3 WHERE round_id = $1 AND juror_id = $2")
        .bind(round_id)
        .bind(juror_id)
        .bind(now)
        .execute(ex)
        .await
        .map(|_| ())
}

/// Fixes a round's shortlist.
pub(crate) async fn set_shortlist(
    conn: &mut AnyConnection,
    round_id: i64,
    entry_ids: &[i64],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM round_entries WHERE round_id = $1").bind(round_id).execute(&mut *conn).await?;
    for id in entry_ids {
        sqlx::query("INSERT INTO round_entries (round_id, entry_id) VALUES ($1, $2)")
            .bind(round_id)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A round's shortlist, by entry id.
pub(crate) async fn shortlist(ex: impl AnyExecutor<'_>, round_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT entry_id FROM round_entries WHERE round_id = $1 ORDER BY entry_id")
        .bind(round_id)
        .fetch_all(ex)
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Starts a draft round; false when it was not a draft any more.
pub(crate) async fn open(ex: impl AnyExecutor<'_>, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE rounds SET status = 'open', opened_at = $2 WHERE id = $1 AND status = 'draft'")
        .bind(id)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Closes an open round with the rule chosen for late jurors; false when it was not open.
pub(crate) async fn close(
    ex: impl AnyExecutor<'_>,
    id: i64,
    rule: MissingRule,
    by: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE rounds SET status = 'closed', missing_rule = $2, closed_by = $3, closed_at = $4 \
         WHERE id = $1 AND status = 'open'",
    )
    .bind(id)
    .bind(rule.code())
    .bind(by)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes a draft round.
pub(crate) async fn delete_draft(ex: impl AnyExecutor<'_>, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM rounds WHERE id = $1 AND status = 'draft'").bind(id).execute(ex).await?;
    Ok(done.rows_affected() == 1)
}

/// Which of these entries made a jury shortlist past the first round (they passed the
/// pre-selection): their authors see them as shortlisted.
pub(crate) async fn shortlisted_among(pool: &sqlx::AnyPool, ids: &[i64]) -> Result<Vec<i64>, sqlx::Error> {
    let mut out = Vec::new();
    for chunk in ids.chunks(super::MAX_IDS_PER_STATEMENT) {
        let sql = format!(
            "SELECT DISTINCT re.entry_id FROM round_entries re JOIN rounds r ON r.id = re.round_id \
             WHERE r.status <> 'draft' AND r.position > 1 AND re.entry_id IN ({})",
            super::placeholders(chunk.len())
        );
        let mut q = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            q = q.bind(*id);
        }
        out.extend(q.fetch_all(pool).await?.into_iter().map(|(id,)| id));
    }
    Ok(out)
}

/// In a writing transaction: takes the round's row until commit if it is open (PostgreSQL waits
/// for a concurrent close, then sees it); false when it is not open.
pub(crate) async fn lock_open(ex: impl AnyExecutor<'_>, id: i64) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE rounds SET status = status WHERE id = $1 AND status = 'open'").bind(id).execute(ex).await?;
    Ok(done.rows_affected() == 1)
}

/// Whether this juror sits on a round (opened at least once) that judges one of these entries.
pub(crate) async fn judges_any(pool: &sqlx::AnyPool, juror_id: i64, entry_ids: &[i64]) -> Result<bool, sqlx::Error> {
    for chunk in entry_ids.chunks(super::MAX_IDS_PER_STATEMENT - 1) {
        let sql = format!(
            "SELECT re.entry_id FROM round_entries re \
             JOIN round_jurors rj ON rj.round_id = re.round_id AND rj.juror_id = $1 \
             JOIN rounds r ON r.id = re.round_id AND r.status <> 'draft' \
             WHERE re.entry_id IN ({}) LIMIT 1",
            super::placeholders_from(2, chunk.len())
        );
        let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql)).bind(juror_id);
        for id in chunk {
            q = q.bind(*id);
        }
        if q.fetch_optional(pool).await?.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}
