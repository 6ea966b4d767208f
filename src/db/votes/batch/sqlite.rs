//! SQLite's form of a vote batch's two main steps ([`super::record`] and [`super::tally`]):
//! statements with their lists bound one value each, padded to a power of two, run in the process.

use std::collections::HashMap;

use super::{Inserted, NewVote, Tallies, WindowKey, WindowRow, add_to_totals};
use crate::db::statement::{Conn, DbError, Stmt};
use crate::db::{MAX_IDS_PER_STATEMENT, padded, padded_len, value_rows};
use crate::domain::voting::NEW_ACCOUNT_SECS;

/// Records many votes at once, each with its challenge. Returns, for each vote that was new, its
/// (entry, voter, day) and whether the account is new; a vote already in the log, whose
/// challenge a vote in the log spent, or whose entry no longer exists is left out (the join).
pub(super) async fn record(conn: &mut impl Conn, votes: &[NewVote<'_>]) -> Result<Inserted, DbError> {
    const PER_ROW: usize = 9;
    let mut inserted = HashMap::new();
    for chunk in votes.chunks(MAX_IDS_PER_STATEMENT / PER_ROW) {
        // `WHERE true` tells SQLite's parser that `ON CONFLICT` is not the join's `ON`.
        let mut stmt = Stmt::new(format!(
            "INSERT INTO votes (entry_id, voter_id, created_at, ip_hash, net_hash, ua_hash, vote_day, challenge, new_account) \
             SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7, v.column8, \
             CASE WHEN u.created_at > v.column9 THEN 1 ELSE 0 END \
             FROM (VALUES {}) AS v JOIN entries e ON e.id = v.column1 JOIN users u ON u.id = v.column2 WHERE true \
             ON CONFLICT DO NOTHING RETURNING entry_id, voter_id, vote_day, new_account",
            value_rows(padded_len(chunk.len()), PER_ROW)
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
                .text(v.pow.key())
                .int(v.now - NEW_ACCOUNT_SECS);
        }
        for (entry, voter, day, new_account) in conn.rows::<(i64, i64, i64, i64)>(stmt).await? {
            inserted.insert((entry, voter, day), new_account != 0);
        }
    }
    Ok(inserted)
}

/// Adds the batch's votes to the running totals, reads each key's window and adds votes to the
/// entries' kept counts: three statements (see [`super::tally`]).
pub(super) async fn tally(
    conn: &mut impl Conn,
    rows: &[WindowRow<'_>],
    keys: &[WindowKey<'_>],
    added: &[(i64, i64)],
) -> Result<(Tallies, HashMap<i64, i64>), DbError> {
    add_to_windows(conn, rows).await?;
    let counts = window_counts(conn, keys).await?;
    Ok((counts, add_to_totals(conn, added).await?))
}

/// Adds votes to the running totals (see migration 0019), each key once.
async fn add_to_windows(conn: &mut impl Conn, rows: &[WindowRow<'_>]) -> Result<(), DbError> {
    const PER_ROW: usize = 5;
    for chunk in rows.chunks(MAX_IDS_PER_STATEMENT / PER_ROW) {
        // Padded with rows of no votes, which the WHERE leaves out (a key twice in one upsert is an
        // error on PostgreSQL).
        let n = padded_len(chunk.len());
        let mut stmt = Stmt::new(format!(
            "INSERT INTO vote_windows (entry_id, kind, pattern, bucket, votes) \
             SELECT column1, column2, column3, column4, column5 FROM (VALUES {}) AS v WHERE column5 > 0 \
             ON CONFLICT (entry_id, kind, pattern, bucket) DO UPDATE SET votes = vote_windows.votes + excluded.votes",
            value_rows(n, PER_ROW)
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

/// The votes in each key's window, from the running totals.
async fn window_counts(conn: &mut impl Conn, keys: &[WindowKey<'_>]) -> Result<Tallies, DbError> {
    const PER_KEY: usize = 4;
    let mut counts = Tallies::default();
    for chunk in keys.chunks(MAX_IDS_PER_STATEMENT / PER_KEY) {
        let mut stmt = Stmt::new(format!(
            "WITH k (entry_id, kind, pattern, since) AS (VALUES {}) \
             SELECT k.kind, k.entry_id, k.pattern, CAST(COALESCE((SELECT SUM(w.votes) FROM vote_windows w \
             WHERE w.entry_id = k.entry_id AND w.kind = k.kind AND w.pattern = k.pattern AND w.bucket >= k.since), 0) AS BIGINT) \
             FROM k",
            value_rows(padded_len(chunk.len()), PER_KEY)
        ));
        for k in padded(chunk) {
            stmt = stmt.int(k.entry_id).text(k.kind.code()).text(k.pattern).int(k.since_bucket);
        }
        for (kind, entry, pattern, n) in conn.rows::<(String, i64, String, i64)>(stmt).await? {
            counts.set(&kind, entry, pattern, n);
        }
    }
    Ok(counts)
}
