//! The statements of a batch of votes (see `services::voting::writer`), each written once and run on
//! whichever connection the writer holds: an sqlx connection (PostgreSQL) or a direct SQLite one.
//! Lists are bound one value each and padded to a power of two ([`crate::db::padded`]) so that each
//! statement comes in a few lengths that stay prepared. The two main steps, [`record`] and
//! [`tally`], take each dialect's own form: [`sqlite`] (several statements, in the process) and
//! [`postgres`] (one statement each, one round trip).

mod postgres;
mod sqlite;

use std::collections::{HashMap, HashSet};

use crate::db::dialect::Dialect;
use crate::db::statement::{Conn, DbError, Param, Row, Stmt};
use crate::db::{MAX_IDS_PER_STATEMENT, padded, padded_len, placeholders};
use crate::domain::pow::Spent;
use crate::domain::voting::{FlagKind, WINDOW_BUCKET_SECS, WindowCounts};

/// One vote as the log keeps it.
pub(crate) struct NewVote<'a> {
    pub entry_id: i64,
    pub voter_id: i64,
    /// Keyed hashes of the voter's address, network and user agent.
    pub ip_hash: &'a str,
    pub net_hash: &'a str,
    pub ua_hash: &'a str,
    /// The day it counts for (0 unless the contest votes per day).
    pub day: i64,
    pub now: i64,
    /// The challenge the vote spends.
    pub pow: &'a Spent,
}

/// Votes logged: (entry, voter, day) of each new vote and whether its account is new.
pub(crate) type Inserted = HashMap<(i64, i64, i64), bool>;

/// Why votes of a batch were left out of the log, beyond being there already.
#[derive(Debug, Default)]
pub(crate) struct LeftOut {
    /// Challenges ([`Spent::key`]) a vote in the log spent before.
    pub spent: HashSet<String>,
    /// Entries that no longer exist (withdrawn a moment ago).
    pub gone: HashSet<i64>,
}

/// Logs the votes, each with the challenge it spends; a vote whose challenge was spent before,
/// which is in the log already, or whose entry no longer exists is left out. Returns the votes
/// logged and, of those left out, what tells them apart.
pub(crate) async fn record(conn: &mut impl Conn, votes: &[NewVote<'_>]) -> Result<(Inserted, LeftOut), DbError> {
    if votes.is_empty() {
        return Ok((Inserted::new(), LeftOut::default()));
    }
    let inserted = if conn.dialect() == Dialect::Postgres {
        postgres::record(conn, votes).await?
    } else {
        sqlite::record(conn, votes).await?
    };
    let left_out: Vec<&NewVote<'_>> =
        votes.iter().filter(|v| !inserted.contains_key(&(v.entry_id, v.voter_id, v.day))).collect();
    if left_out.is_empty() {
        return Ok((inserted, LeftOut::default()));
    }
    let challenges: Vec<Param<'_>> = left_out.iter().map(|v| Param::Text(v.pow.key())).collect();
    let spent: HashSet<String> = found(conn, "SELECT challenge FROM votes WHERE challenge IN", &challenges).await?;
    // A replayed challenge is refused as such whatever its entry: only the others' entries are read.
    let unspent: Vec<i64> = left_out.iter().filter(|v| !spent.contains(v.pow.key())).map(|v| v.entry_id).collect();
    if unspent.is_empty() {
        return Ok((inserted, LeftOut { spent, gone: HashSet::new() }));
    }
    let entries: Vec<Param<'_>> = unspent.iter().map(|id| Param::Int(*id)).collect();
    let existing: HashSet<i64> = found(conn, "SELECT id FROM entries WHERE id IN", &entries).await?;
    let gone = unspent.into_iter().filter(|id| !existing.contains(id)).collect();
    Ok((inserted, LeftOut { spent, gone }))
}

/// Which of these keys a one-column query (`… WHERE column IN`, the list appended) finds.
async fn found<K>(conn: &mut impl Conn, query: &str, keys: &[Param<'_>]) -> Result<HashSet<K>, DbError>
where
    (K,): Row,
    K: Eq + std::hash::Hash,
{
    let mut found = HashSet::new();
    for chunk in keys.chunks(MAX_IDS_PER_STATEMENT) {
        let mut stmt = Stmt::new(format!("{query} ({})", placeholders(padded_len(chunk.len()))));
        for k in padded(chunk) {
            stmt = stmt.param(*k);
        }
        found.extend(conn.rows::<(K,)>(stmt).await?.into_iter().map(|(k,)| k));
    }
    Ok(found)
}

/// Takes a vote out of the log (it was refused after all: no votes left); its challenge is no
/// longer spent.
pub(crate) async fn delete_vote(conn: &mut impl Conn, entry_id: i64, voter_id: i64, day: i64) -> Result<(), DbError> {
    let stmt = Stmt::new("DELETE FROM votes WHERE entry_id = $1 AND voter_id = $2 AND vote_day = $3");
    conn.exec(stmt.int(entry_id).int(voter_id).int(day)).await.map(|_| ())
}

/// Takes one vote from the voter's budget for the contest and day; returns the votes used then,
/// `None` when none was left.
pub(crate) async fn spend_budget(
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
pub(crate) async fn add_to_totals(conn: &mut impl Conn, added: &[(i64, i64)]) -> Result<HashMap<i64, i64>, DbError> {
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

/// Catches the most-voted order up with these entries' kept totals (`ranked_votes`, migration
/// 0022); an entry already caught up is not written.
pub(crate) async fn rank(conn: &mut impl Conn, entries: &[i64]) -> Result<(), DbError> {
    for chunk in entries.chunks(MAX_IDS_PER_STATEMENT) {
        let mut stmt = Stmt::new(format!(
            "UPDATE entries SET ranked_votes = vote_count WHERE id IN ({}) AND ranked_votes <> vote_count",
            placeholders(padded_len(chunk.len()))
        ));
        for id in padded(chunk) {
            stmt = stmt.int(*id);
        }
        conn.exec(stmt).await?;
    }
    Ok(())
}

/// Adds the batch's votes to the running totals suspicion screening reads (`rows`), reads the
/// totals within each key's window, and adds votes to entries' kept counts (`added`: entry,
/// votes). Returns the windows' counts by (entry, kind, pattern), this batch's votes included, and
/// each entry's new kept count.
pub(crate) async fn tally(
    conn: &mut impl Conn,
    rows: &[WindowRow<'_>],
    keys: &[WindowKey<'_>],
    added: &[(i64, i64)],
) -> Result<(Tallies, HashMap<i64, i64>), DbError> {
    if rows.is_empty() && keys.is_empty() && added.is_empty() {
        return Ok((Tallies::default(), HashMap::new()));
    }
    if conn.dialect() == Dialect::Postgres {
        postgres::tally(conn, rows, keys, added).await
    } else {
        sqlite::tally(conn, rows, keys, added).await
    }
}

/// One running total of votes on an entry sharing a pattern within a 10-second bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct WindowRow<'a> {
    pub entry_id: i64,
    pub kind: FlagKind,
    /// The network's or agent's hash; empty for new accounts.
    pub pattern: &'a str,
    pub bucket: i64,
    pub votes: i64,
}

/// The running totals of a pattern on an entry to count, from a bucket on (whole buckets: up to
/// 10 seconds more than the contest's window).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct WindowKey<'a> {
    pub entry_id: i64,
    pub kind: FlagKind,
    pub pattern: &'a str,
    pub since_bucket: i64,
}

/// Recent votes on an entry sharing a pattern, by (entry, kind, pattern).
#[derive(Debug, Default)]
pub(crate) struct Tallies(HashMap<(i64, FlagKind, String), i64>);

impl Tallies {
    /// A count read from the database (kinds it does not know are left out); a key read twice
    /// (a padded list) keeps one count.
    pub(crate) fn set(&mut self, kind: &str, entry: i64, pattern: String, votes: i64) {
        if let Some(kind) = FlagKind::from_code(kind) {
            self.0.insert((entry, kind, pattern), votes);
        }
    }

    /// Adds votes the database did not show yet (a statement's own writes).
    pub(crate) fn add(&mut self, kind: FlagKind, entry: i64, pattern: &str, votes: i64) {
        *self.0.entry((entry, kind, pattern.to_string())).or_default() += votes;
    }

    fn get(&self, entry: i64, kind: FlagKind, pattern: &str) -> i64 {
        self.0.get(&(entry, kind, pattern.to_string())).copied().unwrap_or(0)
    }

    /// The counts one vote completes.
    pub(crate) fn of(&self, entry: i64, net_hash: &str, ua_hash: &str) -> WindowCounts {
        WindowCounts {
            same_network: self.get(entry, FlagKind::Network, net_hash),
            same_agent: self.get(entry, FlagKind::Agent, ua_hash),
            new_accounts: self.get(entry, FlagKind::NewAccounts, ""),
        }
    }
}

/// The running totals' bucket of a time (seconds since the epoch).
pub(crate) fn window_bucket(t: i64) -> i64 {
    t.div_euclid(WINDOW_BUCKET_SECS)
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
pub(crate) async fn flag_for(
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
pub(crate) async fn quarantine(
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
