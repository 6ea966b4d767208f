//! PostgreSQL's form of a vote batch's two main steps ([`super::record`] and
//! [`super::tally`]): each is one statement, one round trip (the tally a
//! data-modifying `WITH` where SQLite, which runs in the process, takes three). Lists are bound as
//! arrays, so one prepared statement serves every batch size.

use std::collections::HashMap;

use super::{Inserted, NewVote, Tallies, WindowKey, WindowRow};
use crate::db::statement::{Conn, DbError, Stmt};
use crate::domain::voting::{FlagKind, NEW_ACCOUNT_SECS};

/// Logs the votes, each with the challenge it spends, in one statement; returns the votes logged
/// (see [`super::record`]). The statement joins each vote's entry and voter and locks
/// them against deletion until the commit, as a foreign key would (migration 0024): a vote whose
/// entry is gone is left out. The voter's row also tells whether the account is new.
pub(super) async fn record(conn: &mut impl Conn, votes: &[NewVote<'_>]) -> Result<Inserted, DbError> {
    let arrays = [
        ints(votes.iter().map(|v| v.entry_id)),
        ints(votes.iter().map(|v| v.voter_id)),
        ints(votes.iter().map(|v| v.now)),
        texts(votes.iter().map(|v| v.ip_hash)),
        texts(votes.iter().map(|v| v.net_hash)),
        texts(votes.iter().map(|v| v.ua_hash)),
        ints(votes.iter().map(|v| v.day)),
        texts(votes.iter().map(|v| v.pow.key())),
    ];
    let mut stmt = Stmt::new(
        "INSERT INTO votes (entry_id, voter_id, created_at, ip_hash, net_hash, ua_hash, vote_day, challenge, new_account) \
         SELECT v.entry_id, v.voter_id, v.created_at, v.ip_hash, v.net_hash, v.ua_hash, v.vote_day, v.challenge, \
         CASE WHEN u.created_at > v.created_at - $9 THEN 1 ELSE 0 END \
         FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[]) \
         AS v (entry_id, voter_id, created_at, ip_hash, net_hash, ua_hash, vote_day, challenge) \
         JOIN entries e ON e.id = v.entry_id JOIN users u ON u.id = v.voter_id FOR KEY SHARE OF e, u \
         ON CONFLICT DO NOTHING RETURNING entry_id, voter_id, vote_day, new_account",
    );
    for a in &arrays {
        stmt = stmt.text(a);
    }
    let mut inserted = Inserted::new();
    for (entry, voter, day, new_account) in conn.rows::<(i64, i64, i64, i64)>(stmt.int(NEW_ACCOUNT_SECS)).await? {
        inserted.insert((entry, voter, day), new_account != 0);
    }
    Ok(inserted)
}

/// Adds to the running totals, counts each key's window and adds to the kept counts, in one
/// statement.
pub(super) async fn tally(
    conn: &mut impl Conn,
    rows: &[WindowRow<'_>],
    keys: &[WindowKey<'_>],
    added: &[(i64, i64)],
) -> Result<(Tallies, HashMap<i64, i64>), DbError> {
    let arrays = [
        ints(rows.iter().map(|r| r.entry_id)),
        texts(rows.iter().map(|r| r.kind.code())),
        texts(rows.iter().map(|r| r.pattern)),
        ints(rows.iter().map(|r| r.bucket)),
        ints(rows.iter().map(|r| r.votes)),
        ints(keys.iter().map(|k| k.entry_id)),
        texts(keys.iter().map(|k| k.kind.code())),
        texts(keys.iter().map(|k| k.pattern)),
        ints(keys.iter().map(|k| k.since_bucket)),
        ints(added.iter().map(|(entry, _)| *entry)),
        ints(added.iter().map(|(_, n)| *n)),
    ];
    // The kept counts: the entries' rows are locked in id order (an index scan of the sorted ids),
    // the same order on every writer.
    let mut stmt = Stmt::new(
        "WITH w AS (SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[]) \
         AS w (entry_id, kind, pattern, bucket, votes)), \
         added AS (INSERT INTO vote_windows (entry_id, kind, pattern, bucket, votes) \
         SELECT entry_id, kind, pattern, bucket, votes FROM w \
         ON CONFLICT (entry_id, kind, pattern, bucket) DO UPDATE SET votes = vote_windows.votes + excluded.votes), \
         k AS (SELECT * FROM unnest($6::bigint[], $7::text[], $8::text[], $9::bigint[]) AS k (entry_id, kind, pattern, since)), \
         d AS (SELECT * FROM unnest($10::bigint[], $11::bigint[]) AS d (id, n)), \
         kept AS (UPDATE entries SET vote_count = vote_count + (SELECT d.n FROM d WHERE d.id = entries.id) \
         WHERE id = ANY($10::bigint[]) RETURNING id, vote_count) \
         SELECT k.kind, k.entry_id, k.pattern, CAST(COALESCE((SELECT SUM(x.votes) FROM vote_windows x \
         WHERE x.entry_id = k.entry_id AND x.kind = k.kind AND x.pattern = k.pattern AND x.bucket >= k.since), 0) AS BIGINT) \
         FROM k UNION ALL SELECT '', id, '', vote_count FROM kept",
    );
    for a in &arrays {
        stmt = stmt.text(a);
    }
    let mut tallies = Tallies::default();
    let mut kept = HashMap::new();
    for (kind, entry, pattern, n) in conn.rows::<(String, i64, String, i64)>(stmt).await? {
        if kind.is_empty() {
            kept.insert(entry, n);
        } else {
            tallies.set(&kind, entry, pattern, n);
        }
    }
    // The statement's snapshot was taken before its own upsert: this batch's votes are added here.
    let since: HashMap<(i64, FlagKind, &str), i64> =
        keys.iter().map(|k| ((k.entry_id, k.kind, k.pattern), k.since_bucket)).collect();
    for r in rows {
        if since.get(&(r.entry_id, r.kind, r.pattern)).is_some_and(|s| r.bucket >= *s) {
            tallies.add(r.kind, r.entry_id, r.pattern, r.votes);
        }
    }
    Ok((tallies, kept))
}

/// An array of integers as PostgreSQL reads it from text (`{1,2,3}`).
fn ints(values: impl Iterator<Item = i64>) -> String {
    let items: Vec<String> = values.map(|v| v.to_string()).collect();
    format!("{{{}}}", items.join(","))
}

/// An array of strings as PostgreSQL reads it from text: each item quoted, `"` and `\` escaped.
fn texts<'a>(values: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = values.map(|v| format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))).collect();
    format!("{{{}}}", items.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_are_written_as_postgresql_reads_them() {
        assert_eq!(ints([1, -2, 30].into_iter()), "{1,-2,30}");
        assert_eq!(ints(std::iter::empty()), "{}");
        assert_eq!(texts(["a", "", "b\"c\\d", "NULL", "x,y"].into_iter()), r#"{"a","","b\"c\\d","NULL","x,y"}"#);
    }
}
