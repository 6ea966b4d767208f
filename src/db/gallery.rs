//! The gallery's pages: approved entries of a contest, optionally of one category, by keyset in
//! one of three orders, each served by an index (`entries_gallery*`).

use sqlx::AnyExecutor;

use super::entries::{COLUMNS, EntryRow};

/// Which entries a gallery shows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shown {
    pub contest_id: i64,
    pub category_id: Option<i64>,
}

impl Shown {
    /// `WHERE` for approved entries of the contest (`$1`) and category (`$2`, when set).
    fn clause(&self) -> &'static str {
        match self.category_id {
            Some(_) => "contest_id = $1 AND status = 'approved' AND hidden_at IS NULL AND category_id = $2",
            None => "contest_id = $1 AND status = 'approved' AND hidden_at IS NULL AND $2 = 0",
        }
    }
}

/// How many photos the public gallery of a contest shows.
pub(crate) async fn count(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM entries WHERE contest_id = $1 AND status = 'approved' AND hidden_at IS NULL",
    )
    .bind(contest_id)
    .fetch_one(ex)
    .await
}

/// Newest first, strictly older than `before`.
pub(crate) async fn newest(
    ex: impl AnyExecutor<'_>,
    s: Shown,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<EntryRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM entries WHERE {} AND id < $3 ORDER BY id DESC LIMIT $4",
        s.clause()
    )))
    .bind(s.contest_id)
    .bind(s.category_id.unwrap_or(0))
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// Most voted first (then newest), strictly after `(votes, id)` in that order. The order reads
/// the ranked totals, which follow the kept ones within seconds.
pub(crate) async fn most_voted(
    ex: impl AnyExecutor<'_>,
    s: Shown,
    after: Option<(i64, i64)>,
    limit: i64,
) -> Result<Vec<EntryRow>, sqlx::Error> {
    let (votes, id) = after.unwrap_or((i64::MAX, i64::MAX));
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM entries WHERE {} AND (ranked_votes, id) < ($3, $4) \
         ORDER BY ranked_votes DESC, id DESC LIMIT $5",
        s.clause()
    )))
    .bind(s.contest_id)
    .bind(s.category_id.unwrap_or(0))
    .bind(votes)
    .bind(id)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// By random rank within `ranks` (start inclusive, end exclusive), strictly after `(rank, id)`.
pub(crate) async fn by_rank(
    ex: impl AnyExecutor<'_>,
    s: Shown,
    ranks: std::ops::Range<i64>,
    after: Option<(i64, i64)>,
    limit: i64,
) -> Result<Vec<EntryRow>, sqlx::Error> {
    let (rank, id) = after.unwrap_or((ranks.start, i64::MIN));
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM entries WHERE {} AND shuffle_rank < $3 \
         AND (shuffle_rank, id) > ($4, $5) ORDER BY shuffle_rank, id LIMIT $6",
        s.clause()
    )))
    .bind(s.contest_id)
    .bind(s.category_id.unwrap_or(0))
    .bind(ranks.end)
    .bind(rank)
    .bind(id)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// The public entries of a contest most recently approved, with their approval time (the feed).
pub(crate) async fn recently_approved(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    limit: i64,
) -> Result<Vec<(EntryRow, i64)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        entry: EntryRow,
        approved_at: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS}, COALESCE(moderated_at, created_at) AS approved_at FROM entries \
         WHERE contest_id = $1 AND status = 'approved' AND hidden_at IS NULL \
         ORDER BY COALESCE(moderated_at, created_at) DESC, id DESC LIMIT $2"
    )))
    .bind(contest_id)
    .bind(limit)
    .fetch_all(ex)
    .await?;
    Ok(rows.into_iter().map(|r| (r.entry, r.approved_at)).collect())
}
