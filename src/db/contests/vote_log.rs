//! One contest's vote log as a whole: read a page at a time (the results archive) and anonymised
//! when its retention period ends. (The vote path itself lives in `db::votes`.)

use sqlx::AnyExecutor;

/// One row of the vote log, as the archive shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct VoteLogRow {
    pub id: i64,
    pub entry_id: i64,
    pub voter_id: i64,
    pub vote_day: i64,
    pub created_at: i64,
    /// `counted`, `quarantined` or `excluded`.
    pub state: String,
    pub flag_id: Option<i64>,
    pub new_account: i64,
    /// Keyed hashes of the voter's address, network and user agent (gone once anonymised).
    pub ip_hash: Option<String>,
    pub net_hash: Option<String>,
    pub ua_hash: Option<String>,
}

const OF_CONTEST: &str = "entry_id IN (SELECT id FROM entries WHERE contest_id = $1)";

/// The next `limit` votes of the contest after vote `after`, in id order.
pub(crate) async fn page(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<VoteLogRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, entry_id, voter_id, vote_day, created_at, state, flag_id, new_account, ip_hash, net_hash, ua_hash \
         FROM votes WHERE {OF_CONTEST} AND id > $2 ORDER BY id LIMIT $3"
    )))
    .bind(contest_id)
    .bind(after)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// Votes of the contest by entry and state: (entry, state, count).
pub(crate) async fn totals(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT entry_id, state, COUNT(*) FROM votes WHERE {OF_CONTEST} GROUP BY entry_id, state ORDER BY entry_id, state"
    )))
    .bind(contest_id)
    .fetch_all(ex)
    .await
}

/// Rows of the contest's vote log that anonymising would change: cast by a person not erased, or
/// still holding address, network or agent hashes.
pub(crate) async fn count_to_anonymise(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM votes v JOIN users u ON u.id = v.voter_id WHERE v.{OF_CONTEST} \
         AND (u.erased_at IS NULL OR v.ip_hash IS NOT NULL OR v.net_hash IS NOT NULL OR v.ua_hash IS NOT NULL)"
    )))
    .bind(contest_id)
    .fetch_one(ex)
    .await
}

/// Up to `limit` voters of the contest, after voter `after`, whose account is not erased.
pub(crate) async fn voters_not_erased(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT DISTINCT v.voter_id FROM votes v JOIN users u ON u.id = v.voter_id \
         WHERE v.{OF_CONTEST} AND u.erased_at IS NULL AND v.voter_id > $2 ORDER BY v.voter_id LIMIT $3"
    )))
    .bind(contest_id)
    .bind(after)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// Gives a voter's votes in the contest to another (anonymous) account; returns how many.
pub(crate) async fn reassign(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    from: i64,
    to: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE votes SET voter_id = $2 WHERE {OF_CONTEST} AND voter_id = $3"
    )))
    .bind(contest_id)
    .bind(to)
    .bind(from)
    .execute(ex)
    .await?;
    Ok(done.rows_affected())
}

/// Forgets the address, network and agent hashes of up to `limit` of the contest's votes;
/// returns how many (0 once none is left).
pub(crate) async fn clear_hashes(ex: impl AnyExecutor<'_>, contest_id: i64, limit: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE votes SET ip_hash = NULL, net_hash = NULL, ua_hash = NULL WHERE id IN \
         (SELECT id FROM votes WHERE {OF_CONTEST} AND (ip_hash IS NOT NULL OR net_hash IS NOT NULL OR ua_hash IS NOT NULL) LIMIT $2)"
    )))
    .bind(contest_id)
    .bind(limit)
    .execute(ex)
    .await?;
    Ok(done.rows_affected())
}

/// Forgets the contest's vote budgets (who used how many votes), the running totals of its votes
/// by network and agent, and the hashed patterns of its suspicious-vote flags (the flags, their
/// state and their votes stay).
pub(crate) async fn forget_budgets_and_patterns(
    tx: &mut sqlx::AnyConnection,
    contest_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM vote_windows WHERE {OF_CONTEST}")))
        .bind(contest_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM vote_budgets WHERE contest_id = $1").bind(contest_id).execute(&mut *tx).await?;
    sqlx::query(
        "UPDATE vote_flags SET pattern = 'anonymised-' || CAST(id AS TEXT) \
         WHERE contest_id = $1 AND pattern NOT LIKE 'anonymised-%'",
    )
    .bind(contest_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
