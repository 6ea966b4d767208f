//! Public votes: the vote log, one row per (entry, voter, day) with keyed hashes of the voter's
//! address, network and user agent; a vote counts, waits in quarantine or was excluded. The
//! unique key makes a second vote a no-op; budgets and suspicion flags live beside it.

use sqlx::AnyExecutor;

use crate::domain::voting::{FlagKind, NEW_ACCOUNT_SECS, WindowCounts};

/// One vote as the log keeps it.
pub struct NewVote<'a> {
    pub entry_id: i64,
    pub voter_id: i64,
    /// Keyed hashes of the voter's address, network and user agent.
    pub ip_hash: &'a str,
    pub net_hash: &'a str,
    pub ua_hash: &'a str,
    /// The day it counts for (0 unless the contest votes per day).
    pub day: i64,
    pub now: i64,
}

/// Records many counted votes at once. Returns, for each vote that was new, its (entry, voter,
/// day) and whether the account is new; a vote already in the log is left out.
pub async fn insert_many(
    conn: &mut sqlx::AnyConnection,
    votes: &[&NewVote<'_>],
) -> Result<std::collections::HashMap<(i64, i64, i64), bool>, sqlx::Error> {
    const PER_ROW: usize = 8;
    let mut inserted = std::collections::HashMap::new();
    for chunk in votes.chunks(super::MAX_IDS_PER_STATEMENT / PER_ROW) {
        let rows: Vec<String> = (0..super::padded_len(chunk.len()))
            .map(|i| {
                let p = |k: usize| format!("${}", i * PER_ROW + k);
                format!(
                    "({}, {}, {}, {}, {}, {}, {}, CASE WHEN (SELECT created_at FROM users WHERE id = {}) > {} THEN 1 ELSE 0 END)",
                    p(1), p(2), p(3), p(4), p(5), p(6), p(7), p(2), p(8)
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO votes (entry_id, voter_id, created_at, ip_hash, net_hash, ua_hash, vote_day, new_account) \
             VALUES {} ON CONFLICT (entry_id, voter_id, vote_day) DO NOTHING \
             RETURNING entry_id, voter_id, vote_day, new_account",
            rows.join(", ")
        );
        let mut q = sqlx::query_as::<_, (i64, i64, i64, i64)>(sqlx::AssertSqlSafe(sql));
        for v in super::padded(chunk) {
            q = q
                .bind(v.entry_id)
                .bind(v.voter_id)
                .bind(v.now)
                .bind(v.ip_hash)
                .bind(v.net_hash)
                .bind(v.ua_hash)
                .bind(v.day)
                .bind(v.now - NEW_ACCOUNT_SECS);
        }
        for (entry, voter, day, new_account) in q.fetch_all(&mut *conn).await? {
            inserted.insert((entry, voter, day), new_account != 0);
        }
    }
    Ok(inserted)
}

/// Takes a vote out of the log (it was refused after all: no votes left).
pub async fn delete(ex: impl AnyExecutor<'_>, entry_id: i64, voter_id: i64, day: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM votes WHERE entry_id = $1 AND voter_id = $2 AND vote_day = $3")
        .bind(entry_id)
        .bind(voter_id)
        .bind(day)
        .execute(ex)
        .await
        .map(|_| ())
}

/// Takes one vote from the voter's budget for the contest and day; returns the votes used then,
/// `None` when none was left.
pub async fn spend_budget(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    voter_id: i64,
    day: i64,
    budget: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let used: Option<i64> = sqlx::query_scalar(
        "INSERT INTO vote_budgets (contest_id, voter_id, vote_day, used) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (contest_id, voter_id, vote_day) DO UPDATE SET used = vote_budgets.used + 1 \
         WHERE vote_budgets.used < $4 RETURNING used",
    )
    .bind(contest_id)
    .bind(voter_id)
    .bind(day)
    .bind(budget)
    .fetch_optional(ex)
    .await?;
    Ok(used.filter(|u| *u <= budget))
}

/// Votes the voter has used in the contest that day.
pub async fn budget_used(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    voter_id: i64,
    day: i64,
) -> Result<i64, sqlx::Error> {
    let used: Option<i64> =
        sqlx::query_scalar("SELECT used FROM vote_budgets WHERE contest_id = $1 AND voter_id = $2 AND vote_day = $3")
            .bind(contest_id)
            .bind(voter_id)
            .bind(day)
            .fetch_optional(ex)
            .await?;
    Ok(used.unwrap_or(0))
}

/// Whether the voter has voted for the entry that day.
pub async fn has_voted(ex: impl AnyExecutor<'_>, entry_id: i64, voter_id: i64, day: i64) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM votes WHERE entry_id = $1 AND voter_id = $2 AND vote_day = $3")
            .bind(entry_id)
            .bind(voter_id)
            .bind(day)
            .fetch_one(ex)
            .await?;
    Ok(n > 0)
}

/// Votes since `since` on these entries, by (entry, network), (entry, user agent), and from new
/// accounts by entry; the networks and agents asked for only, each count left out when `false`.
pub async fn window_counts_many(
    conn: &mut sqlx::AnyConnection,
    since: i64,
    entries: &[i64],
    networks: Option<&[&str]>,
    agents: Option<&[&str]>,
    new_accounts: bool,
) -> Result<WindowTallies, sqlx::Error> {
    let mut t = WindowTallies::default();
    for chunk in entries.chunks(super::MAX_IDS_PER_STATEMENT / 2) {
        // One statement for the three counts: `n` by network, `a` by agent, `x` new accounts.
        let n = super::padded_len(chunk.len());
        let entry_list = super::placeholders_from(2, n);
        let mut next = n + 2;
        let mut parts = Vec::new();
        for (tag, column, values) in [("n", "net_hash", networks), ("a", "ua_hash", agents)] {
            let Some(values) = values else { continue };
            let len = super::padded_len(values.len());
            let value_list = super::placeholders_from(next, len);
            next += len;
            parts.push(format!(
                "SELECT '{tag}', entry_id, {column}, COUNT(*) FROM votes WHERE created_at >= $1 \
                 AND entry_id IN ({entry_list}) AND {column} IN ({value_list}) GROUP BY entry_id, {column}"
            ));
        }
        if new_accounts {
            parts.push(format!(
                "SELECT 'x', entry_id, '', COUNT(*) FROM votes WHERE created_at >= $1 \
                 AND entry_id IN ({entry_list}) AND new_account = 1 GROUP BY entry_id"
            ));
        }
        if parts.is_empty() {
            continue;
        }
        let sql = parts.join(" UNION ALL ");
        let mut q = sqlx::query_as::<_, (String, i64, String, i64)>(sqlx::AssertSqlSafe(sql)).bind(since);
        for e in super::padded(chunk) {
            q = q.bind(*e);
        }
        for values in [networks, agents].into_iter().flatten() {
            for v in super::padded(values) {
                q = q.bind(*v);
            }
        }
        for (tag, entry, value, count) in q.fetch_all(&mut *conn).await? {
            match tag.as_str() {
                "n" => drop(t.network.insert((entry, value), count)),
                "a" => drop(t.agent.insert((entry, value), count)),
                _ => drop(t.new_accounts.insert(entry, count)),
            }
        }
    }
    Ok(t)
}

/// Recent votes counted by pattern (see [`window_counts_many`]).
#[derive(Debug, Default)]
pub struct WindowTallies {
    pub network: std::collections::HashMap<(i64, String), i64>,
    pub agent: std::collections::HashMap<(i64, String), i64>,
    pub new_accounts: std::collections::HashMap<i64, i64>,
}

impl WindowTallies {
    /// The counts one vote completes.
    pub fn of(&self, entry: i64, net_hash: &str, ua_hash: &str) -> WindowCounts {
        WindowCounts {
            same_network: self.network.get(&(entry, net_hash.to_string())).copied().unwrap_or(0),
            same_agent: self.agent.get(&(entry, ua_hash.to_string())).copied().unwrap_or(0),
            new_accounts: self.new_accounts.get(&entry).copied().unwrap_or(0),
        }
    }
}

/// The column a flag's pattern is matched against.
fn pattern_test(kind: FlagKind) -> &'static str {
    match kind {
        FlagKind::Network => "net_hash = $4",
        FlagKind::Agent => "ua_hash = $4",
        FlagKind::NewAccounts => "new_account = 1 AND $4 = 'new'",
    }
}

/// The open flag for this pattern on the entry (opened now if there is none); `None` when staff
/// included this pattern's votes on the entry since `cleared_since` (they judged it genuine).
pub async fn flag_for(
    ex: &mut sqlx::AnyConnection,
    contest_id: i64,
    entry_id: i64,
    kind: FlagKind,
    pattern: &str,
    cleared_since: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let cleared: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM vote_flags WHERE entry_id = $1 AND kind = $2 AND pattern = $3 \
         AND status = 'included' AND reviewed_at >= $4",
    )
    .bind(entry_id)
    .bind(kind.as_str())
    .bind(pattern)
    .bind(cleared_since)
    .fetch_one(&mut *ex)
    .await?;
    if cleared > 0 {
        return Ok(None);
    }
    sqlx::query_scalar(
        "INSERT INTO vote_flags (contest_id, entry_id, kind, pattern, status, opened_at, last_vote_at) \
         VALUES ($1, $2, $3, $4, 'open', $5, $5) \
         ON CONFLICT (entry_id, kind, pattern) WHERE status = 'open' DO UPDATE SET last_vote_at = $5 RETURNING id",
    )
    .bind(contest_id)
    .bind(entry_id)
    .bind(kind.as_str())
    .bind(pattern)
    .bind(now)
    .fetch_one(&mut *ex)
    .await
    .map(Some)
}

/// Moves the entry's counted votes since `since` that match the flag's pattern into its
/// quarantine; returns how many stopped counting.
pub async fn quarantine(
    ex: impl AnyExecutor<'_>,
    flag_id: i64,
    entry_id: i64,
    since: i64,
    kind: FlagKind,
    pattern: &str,
) -> Result<u64, sqlx::Error> {
    let sql = format!(
        "UPDATE votes SET state = 'quarantined', flag_id = $1 \
         WHERE entry_id = $2 AND created_at >= $3 AND state = 'counted' AND {}",
        pattern_test(kind)
    );
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(flag_id)
        .bind(entry_id)
        .bind(since)
        .bind(pattern)
        .execute(ex)
        .await?;
    Ok(done.rows_affected())
}

/// A flag as staff review it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FlagRow {
    pub id: i64,
    pub contest_id: i64,
    pub entry_id: i64,
    pub entry_title: String,
    pub kind: String,
    pub pattern: String,
    pub status: String,
    pub opened_at: i64,
    pub last_vote_at: i64,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<i64>,
    /// Votes the flag holds.
    pub votes: i64,
}

const FLAG_COLUMNS: &str = "f.id, f.contest_id, f.entry_id, e.title AS entry_title, f.kind, f.pattern, f.status, \
     f.opened_at, f.last_vote_at, f.reviewed_by, f.reviewed_at, \
     (SELECT COUNT(*) FROM votes v WHERE v.flag_id = f.id) AS votes";

/// A contest's flags, open ones first, newest first.
pub async fn flags(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<Vec<FlagRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {FLAG_COLUMNS} FROM vote_flags f JOIN entries e ON e.id = f.entry_id WHERE f.contest_id = $1 \
         ORDER BY CASE WHEN f.status = 'open' THEN 0 ELSE 1 END, f.last_vote_at DESC, f.id DESC"
    )))
    .bind(contest_id)
    .fetch_all(ex)
    .await
}

/// Each contest (slug, title) with its flags still to review.
pub async fn open_flags_by_contest(ex: impl AnyExecutor<'_>) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.slug, c.title, (SELECT COUNT(*) FROM vote_flags f WHERE f.contest_id = c.id AND f.status = 'open') \
         FROM contests c ORDER BY c.submissions_open_at DESC, c.id DESC",
    )
    .fetch_all(ex)
    .await
}

pub async fn flag(ex: impl AnyExecutor<'_>, id: i64) -> Result<Option<FlagRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {FLAG_COLUMNS} FROM vote_flags f JOIN entries e ON e.id = f.entry_id WHERE f.id = $1"
    )))
    .bind(id)
    .fetch_optional(ex)
    .await
}

async fn counted_in_flag(ex: impl AnyExecutor<'_>, flag_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM votes WHERE flag_id = $1 AND state = 'counted'")
        .bind(flag_id)
        .fetch_one(ex)
        .await
}

/// Applies staff's decision to a flag's votes: they take `vote_state` and the entry's kept count
/// follows. Returns (counted before, counted after).
pub async fn review_flag(
    ex: &mut sqlx::AnyConnection,
    flag: &FlagRow,
    status: &str,
    vote_state: &str,
    by: i64,
    now: i64,
) -> Result<(i64, i64), sqlx::Error> {
    let before = counted_in_flag(&mut *ex, flag.id).await?;
    sqlx::query("UPDATE votes SET state = $2 WHERE flag_id = $1")
        .bind(flag.id)
        .bind(vote_state)
        .execute(&mut *ex)
        .await?;
    let after = counted_in_flag(&mut *ex, flag.id).await?;
    sqlx::query("UPDATE vote_flags SET status = $2, reviewed_by = $3, reviewed_at = $4 WHERE id = $1")
        .bind(flag.id)
        .bind(status)
        .bind(by)
        .bind(now)
        .execute(&mut *ex)
        .await?;
    sqlx::query("UPDATE entries SET vote_count = vote_count + $2 WHERE id = $1")
        .bind(flag.entry_id)
        .bind(after - before)
        .execute(&mut *ex)
        .await?;
    Ok((before, after))
}

/// The votes `voter_id` cast: (entry, time), oldest first.
pub async fn of_voter(ex: impl AnyExecutor<'_>, voter_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT entry_id, created_at FROM votes WHERE voter_id = $1 ORDER BY created_at, id")
        .bind(voter_id)
        .fetch_all(ex)
        .await
}

/// Entries whose kept count differs from their counted rows in the log: (entry, kept, counted).
pub async fn miscounted(ex: impl AnyExecutor<'_>) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.id, e.vote_count, (SELECT COUNT(*) FROM votes v WHERE v.entry_id = e.id AND v.state = 'counted') AS counted FROM entries e \
         WHERE e.vote_count <> (SELECT COUNT(*) FROM votes v WHERE v.entry_id = e.id AND v.state = 'counted') ORDER BY e.id",
    )
    .fetch_all(ex)
    .await
}

/// Sets an entry's kept count to its counted rows in the log.
pub async fn recount(ex: impl AnyExecutor<'_>, entry_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE entries SET vote_count = (SELECT COUNT(*) FROM votes WHERE entry_id = $1 AND state = 'counted') WHERE id = $1")
        .bind(entry_id)
        .execute(ex)
        .await?;
    Ok(())
}
