//! The statements of a batch of votes (see `services::vote_writer`), each written once and run on
//! whichever connection the writer holds: an sqlx connection (PostgreSQL) or a direct SQLite one.
//! Lists are bound one value each and padded to a power of two ([`super::padded`]) so that each
//! statement comes in a few lengths that stay prepared.

use std::collections::{HashMap, HashSet};

use super::statement::{Conn, DbError, Stmt};
use super::{MAX_IDS_PER_STATEMENT, padded, padded_len, placeholders, placeholders_from};
use crate::domain::pow::Spent;
use crate::domain::voting::{FlagKind, NEW_ACCOUNT_SECS, WINDOW_BUCKET_SECS, WindowCounts};

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

/// Marks many challenges spent at once; returns those that were not spent before.
pub async fn spend_challenges(conn: &mut impl Conn, spent: &[&Spent]) -> Result<HashSet<String>, DbError> {
    let mut fresh = HashSet::new();
    for chunk in spent.chunks(MAX_IDS_PER_STATEMENT / 2) {
        let rows: Vec<String> =
            (0..padded_len(chunk.len())).map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2)).collect();
        let mut stmt = Stmt::new(format!(
            "INSERT INTO pow_spent (challenge, expires_at) VALUES {} ON CONFLICT (challenge) DO NOTHING RETURNING challenge",
            rows.join(", ")
        ));
        for s in padded(chunk) {
            stmt = stmt.text(&s.challenge).int(s.expires_at);
        }
        fresh.extend(conn.rows::<(String,)>(stmt).await?.into_iter().map(|(c,)| c));
    }
    Ok(fresh)
}

/// Gives challenges back (their votes were refused: they may be used again).
pub async fn unspend_challenges(conn: &mut impl Conn, challenges: &[&str]) -> Result<(), DbError> {
    for chunk in challenges.chunks(MAX_IDS_PER_STATEMENT) {
        let mut stmt =
            Stmt::new(format!("DELETE FROM pow_spent WHERE challenge IN ({})", placeholders(padded_len(chunk.len()))));
        for c in padded(chunk) {
            stmt = stmt.text(c);
        }
        conn.exec(stmt).await?;
    }
    Ok(())
}

/// Records many counted votes at once. Returns, for each vote that was new, its (entry, voter,
/// day) and whether the account is new; a vote already in the log is left out.
pub async fn insert_votes(
    conn: &mut impl Conn,
    votes: &[NewVote<'_>],
) -> Result<HashMap<(i64, i64, i64), bool>, DbError> {
    const PER_ROW: usize = 8;
    let mut inserted = HashMap::new();
    for chunk in votes.chunks(MAX_IDS_PER_STATEMENT / PER_ROW) {
        let rows: Vec<String> = (0..padded_len(chunk.len()))
            .map(|i| {
                let p = |k: usize| format!("${}", i * PER_ROW + k);
                format!(
                    "({}, {}, {}, {}, {}, {}, {}, CASE WHEN (SELECT created_at FROM users WHERE id = {}) > {} THEN 1 ELSE 0 END)",
                    p(1), p(2), p(3), p(4), p(5), p(6), p(7), p(2), p(8)
                )
            })
            .collect();
        let mut stmt = Stmt::new(format!(
            "INSERT INTO votes (entry_id, voter_id, created_at, ip_hash, net_hash, ua_hash, vote_day, new_account) \
             VALUES {} ON CONFLICT (entry_id, voter_id, vote_day) DO NOTHING \
             RETURNING entry_id, voter_id, vote_day, new_account",
            rows.join(", ")
        ));
        for v in padded(chunk) {
            stmt = stmt
                .int(v.entry_id)
                .int(v.voter_id)
                .int(v.now)
                .text(v.ip_hash)
                .text(v.net_hash)
                .text(v.ua_hash)
                .int(v.day)
                .int(v.now - NEW_ACCOUNT_SECS);
        }
        for (entry, voter, day, new_account) in conn.rows::<(i64, i64, i64, i64)>(stmt).await? {
            inserted.insert((entry, voter, day), new_account != 0);
        }
    }
    Ok(inserted)
}

/// Takes a vote out of the log (it was refused after all: no votes left).
pub async fn delete_vote(conn: &mut impl Conn, entry_id: i64, voter_id: i64, day: i64) -> Result<(), DbError> {
    let stmt = Stmt::new("DELETE FROM votes WHERE entry_id = $1 AND voter_id = $2 AND vote_day = $3");
    conn.exec(stmt.int(entry_id).int(voter_id).int(day)).await.map(|_| ())
}

/// Takes one vote from the voter's budget for the contest and day; returns the votes used then,
/// `None` when none was left.
pub async fn spend_budget(
    conn: &mut impl Conn,
    contest_id: i64,
    voter_id: i64,
    day: i64,
    budget: i64,
) -> Result<Option<i64>, DbError> {
    let stmt = Stmt::new(
        "INSERT INTO vote_budgets (contest_id, voter_id, vote_day, used) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (contest_id, voter_id, vote_day) DO UPDATE SET used = vote_budgets.used + 1 \
         WHERE vote_budgets.used < $4 RETURNING used",
    );
    let used = conn.rows::<(i64,)>(stmt.int(contest_id).int(voter_id).int(day).int(budget)).await?;
    Ok(used.first().map(|(u,)| *u).filter(|u| *u <= budget))
}

/// Adds votes to entries' kept counts (or takes them off): (entry, votes); returns each entry's
/// new count.
pub async fn add_to_totals(conn: &mut impl Conn, added: &[(i64, i64)]) -> Result<HashMap<i64, i64>, DbError> {
    let mut counts = HashMap::new();
    for chunk in added.chunks(MAX_IDS_PER_STATEMENT / 2) {
        let n = padded_len(chunk.len());
        let cases: Vec<String> = (0..n).map(|i| format!("WHEN ${} THEN ${}", 2 * i + 1, 2 * i + 2)).collect();
        let ids: Vec<String> = (0..n).map(|i| format!("${}", 2 * i + 1)).collect();
        let mut stmt = Stmt::new(format!(
            "UPDATE entries SET vote_count = vote_count + (CASE id {} ELSE 0 END) WHERE id IN ({}) RETURNING id, vote_count",
            cases.join(" "),
            ids.join(", ")
        ));
        for (id, n) in padded(chunk) {
            stmt = stmt.int(*id).int(*n);
        }
        counts.extend(conn.rows::<(i64, i64)>(stmt).await?);
    }
    Ok(counts)
}

/// Adds votes to the running totals suspicion screening reads: (entry, kind, pattern, bucket)
/// with its votes, each key once (see migration 0019).
pub async fn add_to_windows(conn: &mut impl Conn, rows: &[WindowRow<'_>]) -> Result<(), DbError> {
    const PER_ROW: usize = 5;
    for chunk in rows.chunks(MAX_IDS_PER_STATEMENT / PER_ROW) {
        // Padded with rows of no votes, which the WHERE leaves out (a key twice in one upsert is an
        // error on PostgreSQL).
        let n = padded_len(chunk.len());
        let values: Vec<String> = (0..n)
            .map(|i| {
                let p = |k: usize| format!("${}", i * PER_ROW + k);
                format!("({}, {}, {}, {}, {})", p(1), p(2), p(3), p(4), p(5))
            })
            .collect();
        let mut stmt = Stmt::new(format!(
            "INSERT INTO vote_windows (entry_id, kind, pattern, bucket, votes) \
             SELECT column1, column2, column3, column4, column5 FROM (VALUES {}) AS v WHERE column5 > 0 \
             ON CONFLICT (entry_id, kind, pattern, bucket) DO UPDATE SET votes = vote_windows.votes + excluded.votes",
            values.join(", ")
        ));
        for r in chunk {
            stmt = stmt.int(r.entry_id).text(r.kind.code()).text(r.pattern).int(r.bucket).int(r.votes);
        }
        for _ in chunk.len()..n {
            stmt = stmt.int(0).text("").text("").int(0).int(0);
        }
        conn.exec(stmt).await?;
    }
    Ok(())
}

/// One running total of votes on an entry sharing a pattern within a 10-second bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WindowRow<'a> {
    pub entry_id: i64,
    pub kind: FlagKind,
    /// The network's or agent's hash; empty for new accounts.
    pub pattern: &'a str,
    pub bucket: i64,
    pub votes: i64,
}

/// Votes since `since` on these entries, by (entry, network), (entry, user agent), and from new
/// accounts by entry, from the running totals (whole buckets: up to 10 seconds more than the
/// window); the networks and agents asked for only, each count left out when `None`.
pub async fn window_counts(
    conn: &mut impl Conn,
    since: i64,
    entries: &[i64],
    networks: Option<&[&str]>,
    agents: Option<&[&str]>,
    new_accounts: bool,
) -> Result<WindowTallies, DbError> {
    let mut t = WindowTallies::default();
    for chunk in entries.chunks(MAX_IDS_PER_STATEMENT / 2) {
        let n = padded_len(chunk.len());
        let entry_list = placeholders_from(2, n);
        let mut next = n + 2;
        let mut parts = Vec::new();
        let kinds = [(FlagKind::Network, networks), (FlagKind::Agent, agents)];
        for (kind, values) in kinds {
            let Some(values) = values else { continue };
            let len = padded_len(values.len());
            let value_list = placeholders_from(next, len);
            next += len;
            parts.push(format!(
                "SELECT kind, entry_id, pattern, CAST(SUM(votes) AS BIGINT) FROM vote_windows WHERE kind = '{}' \
                 AND entry_id IN ({entry_list}) AND pattern IN ({value_list}) AND bucket >= $1 GROUP BY kind, entry_id, pattern",
                kind.code()
            ));
        }
        if new_accounts {
            parts.push(format!(
                "SELECT kind, entry_id, pattern, CAST(SUM(votes) AS BIGINT) FROM vote_windows WHERE kind = '{}' \
                 AND entry_id IN ({entry_list}) AND pattern = '' AND bucket >= $1 GROUP BY kind, entry_id, pattern",
                FlagKind::NewAccounts.code()
            ));
        }
        if parts.is_empty() {
            continue;
        }
        let mut stmt = Stmt::new(parts.join(" UNION ALL ")).int(window_bucket(since));
        for e in padded(chunk) {
            stmt = stmt.int(*e);
        }
        for values in [networks, agents].into_iter().flatten() {
            for v in padded(values) {
                stmt = stmt.text(v);
            }
        }
        for (kind, entry, value, count) in conn.rows::<(String, i64, String, i64)>(stmt).await? {
            match FlagKind::from_code(&kind) {
                Some(FlagKind::Network) => drop(t.network.insert((entry, value), count)),
                Some(FlagKind::Agent) => drop(t.agent.insert((entry, value), count)),
                Some(FlagKind::NewAccounts) => drop(t.new_accounts.insert(entry, count)),
                None => {}
            }
        }
    }
    Ok(t)
}

/// The running totals' bucket of a time (seconds since the epoch).
pub fn window_bucket(t: i64) -> i64 {
    t.div_euclid(WINDOW_BUCKET_SECS)
}

/// Recent votes counted by pattern (see [`window_counts`]).
#[derive(Debug, Default)]
pub struct WindowTallies {
    pub network: HashMap<(i64, String), i64>,
    pub agent: HashMap<(i64, String), i64>,
    pub new_accounts: HashMap<i64, i64>,
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
    conn: &mut impl Conn,
    contest_id: i64,
    entry_id: i64,
    kind: FlagKind,
    pattern: &str,
    cleared_since: i64,
    now: i64,
) -> Result<Option<i64>, DbError> {
    let cleared = Stmt::new(
        "SELECT COUNT(*) FROM vote_flags WHERE entry_id = $1 AND kind = $2 AND pattern = $3 \
         AND status = 'included' AND reviewed_at >= $4",
    );
    let cleared =
        conn.rows::<(i64,)>(cleared.int(entry_id).text(kind.as_str()).text(pattern).int(cleared_since)).await?;
    if cleared.first().is_some_and(|(n,)| *n > 0) {
        return Ok(None);
    }
    let open = Stmt::new(
        "INSERT INTO vote_flags (contest_id, entry_id, kind, pattern, status, opened_at, last_vote_at) \
         VALUES ($1, $2, $3, $4, 'open', $5, $5) \
         ON CONFLICT (entry_id, kind, pattern) WHERE status = 'open' DO UPDATE SET last_vote_at = $5 RETURNING id",
    );
    let id = conn.rows::<(i64,)>(open.int(contest_id).int(entry_id).text(kind.as_str()).text(pattern).int(now)).await?;
    Ok(id.first().map(|(id,)| *id))
}

/// Moves the entry's counted votes since `since` that match the flag's pattern into its
/// quarantine; returns how many stopped counting.
pub async fn quarantine(
    conn: &mut impl Conn,
    flag_id: i64,
    entry_id: i64,
    since: i64,
    kind: FlagKind,
    pattern: &str,
) -> Result<u64, DbError> {
    let stmt = Stmt::new(format!(
        "UPDATE votes SET state = 'quarantined', flag_id = $1 \
         WHERE entry_id = $2 AND created_at >= $3 AND state = 'counted' AND {}",
        pattern_test(kind)
    ));
    conn.exec(stmt.int(flag_id).int(entry_id).int(since).text(pattern)).await
}
