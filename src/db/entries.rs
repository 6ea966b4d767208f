//! Entries (one uploaded photo each) and their renditions.

use sqlx::AnyExecutor;

use crate::domain::entry::EntryStatus;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EntryRow {
    pub id: i64,
    pub contest_id: i64,
    pub participant_id: i64,
    pub category_id: Option<i64>,
    pub title: String,
    pub description: String,
    pub original_hash: String,
    pub original_size: i64,
    pub original_format: String,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub status: String,
    pub rejection_reason: Option<String>,
    pub processing_error: Option<String>,
    pub duplicate_of: Option<i64>,
    pub placeholder: Option<String>,
    pub near_duplicate_of: Option<i64>,
    pub near_duplicate_distance: Option<i64>,
    pub consent_at: i64,
    pub consent_rules_version: i64,
    pub created_at: i64,
    pub place: Option<String>,
    /// Its place in the gallery's random order (`0..2^31`).
    pub shuffle_rank: i64,
    /// Public votes received (kept with each vote).
    pub vote_count: i64,
    /// `vote_count` as the gallery's most-voted order last saw it (caught up within seconds, see
    /// `services::voting::writer`).
    pub ranked_votes: i64,
    /// Set while a moderator keeps it out of public view (after a report).
    pub hidden_at: Option<i64>,
    /// Set once its files were deleted at the end of the contest's retention period (the row
    /// stays for the results; it is hidden too).
    pub purged_at: Option<i64>,
}

impl EntryRow {
    pub fn status(&self) -> EntryStatus {
        EntryStatus::parse(&self.status).unwrap_or(EntryStatus::Failed)
    }

    /// Approved and not hidden by a moderator: what the public may see.
    pub fn is_public(&self) -> bool {
        self.status().is_public(self.hidden_at.is_some())
    }
}

#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct RenditionRow {
    pub entry_id: i64,
    pub variant: String,
    pub blob_key: String,
    pub width: i64,
    pub height: i64,
    pub bytes: i64,
}

/// What an upload writes.
pub struct NewEntry<'a> {
    pub contest_id: i64,
    pub participant_id: i64,
    pub category_id: Option<i64>,
    pub title: &'a str,
    pub description: &'a str,
    pub original_hash: &'a str,
    pub original_size: i64,
    pub original_format: &'a str,
    pub rules_version: i64,
    pub duplicate_of: Option<i64>,
    pub place: Option<&'a str>,
    pub shuffle_rank: i64,
    /// The kind of device it was sent from (see [`crate::domain::device`]).
    pub device: Option<&'a str>,
    pub now: i64,
}

pub(crate) const COLUMNS: &str = "id, contest_id, participant_id, category_id, title, description, original_hash, original_size, original_format, \
                       width, height, status, rejection_reason, processing_error, duplicate_of, placeholder, near_duplicate_of, near_duplicate_distance, consent_at, consent_rules_version, created_at, place, shuffle_rank, vote_count, ranked_votes, hidden_at, purged_at";

pub async fn insert(ex: impl AnyExecutor<'_>, e: &NewEntry<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO entries (contest_id, participant_id, category_id, title, description, original_hash, original_size, original_format, \
         status, consent_at, consent_rules_version, created_at, updated_at, duplicate_of, place, shuffle_rank, device) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'processing', $9, $10, $9, $9, $11, $12, $13, $14) RETURNING id",
    )
    .bind(e.contest_id)
    .bind(e.participant_id)
    .bind(e.category_id)
    .bind(e.title)
    .bind(e.description)
    .bind(e.original_hash)
    .bind(e.original_size)
    .bind(e.original_format)
    .bind(e.now)
    .bind(e.rules_version)
    .bind(e.duplicate_of)
    .bind(e.place)
    .bind(e.shuffle_rank)
    .bind(e.device)
    .fetch_one(ex)
    .await
}

pub async fn find(ex: impl AnyExecutor<'_>, id: i64) -> Result<Option<EntryRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM entries WHERE id = $1")))
        .bind(id)
        .fetch_optional(ex)
        .await
}

/// Entries whose processing failed, newest first (staff may send them through again).
pub(crate) async fn failed(ex: impl AnyExecutor<'_>, limit: i64) -> Result<Vec<EntryRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM entries WHERE status = 'failed' ORDER BY id DESC LIMIT $1"
    )))
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// Approved entries of a contest in id order (jury and ranking).
pub(crate) async fn approved(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<Vec<EntryRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM entries WHERE contest_id = $1 AND status = 'approved' ORDER BY id"
    )))
    .bind(contest_id)
    .fetch_all(ex)
    .await
}

/// Every entry (storage sweep).
pub(crate) async fn all(ex: impl AnyExecutor<'_>) -> Result<Vec<EntryRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM entries ORDER BY id"))).fetch_all(ex).await
}

/// The ids of `participant_id`'s entries in `contest_id`.
pub(crate) async fn ids_of_participant_in(
    ex: impl AnyExecutor<'_>,
    participant_id: i64,
    contest_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM entries WHERE participant_id = $1 AND contest_id = $2")
        .bind(participant_id)
        .bind(contest_id)
        .fetch_all(ex)
        .await
}

pub(crate) async fn of_participant(
    ex: impl AnyExecutor<'_>,
    participant_id: i64,
) -> Result<Vec<EntryRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM entries WHERE participant_id = $1 ORDER BY id DESC"
    )))
    .bind(participant_id)
    .fetch_all(ex)
    .await
}

/// Changes the title and description of `participant_id`'s entry while it is not moderated yet;
/// returns how many rows changed (0: not theirs, or already moderated).
pub(crate) async fn update_text(
    ex: impl AnyExecutor<'_>,
    id: i64,
    participant_id: i64,
    title: &str,
    description: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE entries SET title = $1, description = $2, updated_at = $3 \
         WHERE id = $4 AND participant_id = $5 AND status IN ('processing', 'pending')",
    )
    .bind(title)
    .bind(description)
    .bind(now)
    .bind(id)
    .bind(participant_id)
    .execute(ex)
    .await?;
    Ok(done.rows_affected())
}

/// Deletes an entry (withdrawn by its owner) and what hangs on it: its votes (the vote log has no
/// foreign key on PostgreSQL, migration 0024); renditions, scores and index rows go by cascade;
/// entries flagged as its duplicates lose the flag.
pub(crate) async fn delete(tx: &mut sqlx::AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM votes WHERE entry_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("UPDATE entries SET duplicate_of = NULL WHERE duplicate_of = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query(
        "UPDATE entries SET near_duplicate_of = NULL, near_duplicate_distance = NULL WHERE near_duplicate_of = $1",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM entries WHERE id = $1").bind(id).execute(&mut *tx).await?;
    Ok(())
}

/// Every entry of a contest, whatever its status, in id order.
pub(crate) async fn of_contest(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<Vec<EntryRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM entries WHERE contest_id = $1 ORDER BY id")))
        .bind(contest_id)
        .fetch_all(ex)
        .await
}

/// The next `limit` entries of a contest after entry `after`, whatever their status, in id order.
pub(crate) async fn page_of_contest(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<EntryRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM entries WHERE contest_id = $1 AND id > $2 ORDER BY id LIMIT $3"
    )))
    .bind(contest_id)
    .bind(after)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// Marks an entry's files as deleted at the end of its contest's retention period: hidden, its
/// renditions and near-duplicate index rows gone, its description and its guardian's name
/// forgotten (the title, status, hashes and votes stay for the results). False when it already was.
pub(crate) async fn purge(tx: &mut sqlx::AnyConnection, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE entries SET purged_at = $2, hidden_at = COALESCE(hidden_at, $2), description = '', updated_at = $2          WHERE id = $1 AND purged_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM renditions WHERE entry_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM phash_bands WHERE entry_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("UPDATE entry_consents SET guardian_name = NULL WHERE entry_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(true)
}

/// How many entries whose files are kept (not purged), in any contest, use this original.
pub(crate) async fn count_kept_with_original(ex: impl AnyExecutor<'_>, hash: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM entries WHERE original_hash = $1 AND purged_at IS NULL")
        .bind(hash)
        .fetch_one(ex)
        .await
}

/// For each original used by an entry of the contest that keeps its files: how many entries of any
/// contest keep that original, and how many distinct rendition files its entries have
/// (the retention preview).
pub(crate) async fn originals_of_contest(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.original_hash, \
         (SELECT COUNT(*) FROM entries k WHERE k.original_hash = e.original_hash AND k.purged_at IS NULL), \
         (SELECT COUNT(DISTINCT r.blob_key) FROM renditions r JOIN entries x ON x.id = r.entry_id \
          WHERE x.original_hash = e.original_hash) \
         FROM entries e WHERE e.contest_id = $1 AND e.purged_at IS NULL GROUP BY e.original_hash",
    )
    .bind(contest_id)
    .fetch_all(ex)
    .await
}

/// How many of this participant's entries keep their files (not purged), in any contest.
pub(crate) async fn count_kept_of(ex: impl AnyExecutor<'_>, participant_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM entries WHERE participant_id = $1 AND purged_at IS NULL")
        .bind(participant_id)
        .fetch_one(ex)
        .await
}

/// Up to `limit` authors of the contest's entries, after author `after`, whose account is not
/// erased.
pub(crate) async fn authors_not_erased(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT e.participant_id FROM entries e JOIN users u ON u.id = e.participant_id          WHERE e.contest_id = $1 AND u.erased_at IS NULL AND e.participant_id > $2 ORDER BY e.participant_id LIMIT $3",
    )
    .bind(contest_id)
    .bind(after)
    .bind(limit)
    .fetch_all(ex)
    .await
}

/// How many entries, in any contest, use this original.
pub(crate) async fn count_with_original(ex: impl AnyExecutor<'_>, hash: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM entries WHERE original_hash = $1").bind(hash).fetch_one(ex).await
}

/// This participant's live entries in this contest (processing, awaiting moderation, approved):
/// what the contest's quota counts. Rejected and failed entries free their place.
pub(crate) async fn count_live_of(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    participant_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM entries WHERE contest_id = $1 AND participant_id = $2 \
         AND status IN ('processing', 'pending', 'approved')",
    )
    .bind(contest_id)
    .bind(participant_id)
    .fetch_one(ex)
    .await
}

/// This participant's entry of these exact bytes in this contest, if any.
pub(crate) async fn find_own(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    participant_id: i64,
    hash: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM entries WHERE contest_id = $1 AND participant_id = $2 AND original_hash = $3")
        .bind(contest_id)
        .bind(participant_id)
        .bind(hash)
        .fetch_optional(ex)
        .await
}

/// Another participant's earlier entry of the same bytes in the same contest, if any.
pub(crate) async fn same_original_elsewhere(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    hash: &str,
    participant_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT MIN(id) FROM entries WHERE contest_id = $1 AND original_hash = $2 AND participant_id <> $3",
    )
    .bind(contest_id)
    .bind(hash)
    .bind(participant_id)
    .fetch_one(ex)
    .await
}

/// What processing learnt about an entry.
pub(crate) struct Processed<'a> {
    pub width: i64,
    pub height: i64,
    pub placeholder: &'a str,
    pub phash: u64,
    pub near_duplicate: Option<(i64, i64)>,
}

/// Moves a processed entry to moderation, once.
pub(crate) async fn mark_processed(
    ex: impl AnyExecutor<'_>,
    id: i64,
    p: &Processed<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE entries SET status = 'pending', width = $1, height = $2, placeholder = $3, phash = $4, \
         near_duplicate_of = $5, near_duplicate_distance = $6, updated_at = $7 WHERE id = $8 AND status = 'processing'",
    )
    .bind(p.width)
    .bind(p.height)
    .bind(p.placeholder)
    .bind(p.phash as i64)
    .bind(p.near_duplicate.map(|(e, _)| e))
    .bind(p.near_duplicate.map(|(_, d)| d))
    .bind(now)
    .bind(id)
    .execute(ex)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Indexes an entry's perceptual hash by its bands.
pub async fn index_phash(
    ex: &mut sqlx::AnyConnection,
    contest_id: i64,
    entry_id: i64,
    phash: u64,
) -> Result<(), sqlx::Error> {
    for (band, value) in crate::media::phash::bands(phash).into_iter().enumerate() {
        sqlx::query("INSERT INTO phash_bands (contest_id, band, value, entry_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
            .bind(contest_id)
            .bind(band as i64)
            .bind(value)
            .bind(entry_id)
            .execute(&mut *ex)
            .await?;
    }
    Ok(())
}

/// Entries of a contest whose hash has a band within two bit flips of `phash`'s: (id, phash).
pub async fn phash_candidates(
    pool: &sqlx::AnyPool,
    contest_id: i64,
    entry_id: i64,
    phash: u64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    use crate::media::phash::{bands, probes};
    let mut out: Vec<(i64, i64)> = Vec::new();
    for (band, value) in bands(phash).into_iter().enumerate() {
        // The probe values are integers computed here, never user input.
        let list = probes(value).iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let rows: Vec<(i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT e.id, e.phash FROM phash_bands p JOIN entries e ON e.id = p.entry_id \
             WHERE p.contest_id = $1 AND p.band = $2 AND p.value IN ({list}) AND p.entry_id <> $3 AND e.phash IS NOT NULL"
        )))
        .bind(contest_id)
        .bind(band as i64)
        .bind(entry_id)
        .fetch_all(pool)
        .await?;
        out.extend(rows);
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// Which entries a failure may touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FailScope {
    /// Only one still being processed (a job gave up).
    Processing,
    /// Whatever its state: its original is gone, nothing can be made of it (storage sweep).
    Any,
}

/// Marks an entry failed, with the reason its owner and staff will read.
pub(crate) async fn mark_failed(
    ex: impl AnyExecutor<'_>,
    id: i64,
    error: &str,
    now: i64,
    scope: FailScope,
) -> Result<(), sqlx::Error> {
    let sql = match scope {
        FailScope::Processing => {
            "UPDATE entries SET status = 'failed', processing_error = $1, updated_at = $2 WHERE id = $3 AND status = 'processing'"
        }
        FailScope::Any => "UPDATE entries SET status = 'failed', processing_error = $1, updated_at = $2 WHERE id = $3",
    };
    sqlx::query(sql).bind(error).bind(now).bind(id).execute(ex).await.map(|_| ())
}

/// Applies a moderation decision to an entry that has been processed; false if it was not moderatable.
pub(crate) async fn moderate(
    ex: impl AnyExecutor<'_>,
    id: i64,
    status: EntryStatus,
    reason: Option<&str>,
    by: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE entries SET status = $1, rejection_reason = $2, moderated_by = $3, moderated_at = $4, updated_at = $4 \
         WHERE id = $5 AND status IN ('pending', 'approved', 'rejected')",
    )
    .bind(status.as_str())
    .bind(reason)
    .bind(by)
    .bind(now)
    .bind(id)
    .execute(ex)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub(crate) async fn upsert_rendition(ex: impl AnyExecutor<'_>, r: &RenditionRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO renditions (entry_id, variant, blob_key, width, height, bytes) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (entry_id, variant) DO UPDATE SET blob_key = excluded.blob_key, width = excluded.width, \
         height = excluded.height, bytes = excluded.bytes",
    )
    .bind(r.entry_id)
    .bind(&r.variant)
    .bind(&r.blob_key)
    .bind(r.width)
    .bind(r.height)
    .bind(r.bytes)
    .execute(ex)
    .await
    .map(|_| ())
}

pub async fn renditions(ex: impl AnyExecutor<'_>, entry_id: i64) -> Result<Vec<RenditionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT entry_id, variant, blob_key, width, height, bytes FROM renditions WHERE entry_id = $1 ORDER BY width",
    )
    .bind(entry_id)
    .fetch_all(ex)
    .await
}

/// The renditions of several entries at once, smallest first.
pub(crate) async fn renditions_of(pool: &sqlx::AnyPool, ids: &[i64]) -> Result<Vec<RenditionRow>, sqlx::Error> {
    let mut rows = Vec::new();
    for chunk in ids.chunks(super::MAX_IDS_PER_STATEMENT) {
        let sql = format!(
            "SELECT entry_id, variant, blob_key, width, height, bytes FROM renditions WHERE entry_id IN ({}) \
             ORDER BY entry_id, width",
            super::placeholders(chunk.len())
        );
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            q = q.bind(*id);
        }
        rows.extend(q.fetch_all(pool).await?);
    }
    Ok(rows)
}

/// One entry made from an original: enough to say who may see the original's pixels.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct OriginalUse {
    pub id: i64,
    pub participant_id: i64,
    pub status: String,
    pub hidden_at: Option<i64>,
}

impl OriginalUse {
    /// Approved and not hidden (as [`EntryRow::is_public`]).
    pub(crate) fn is_public(&self) -> bool {
        EntryStatus::parse(&self.status).is_some_and(|s| s.is_public(self.hidden_at.is_some()))
    }
}

/// The entries (of any contest) made from this original.
pub(crate) async fn uses_of_original(ex: impl AnyExecutor<'_>, hash: &str) -> Result<Vec<OriginalUse>, sqlx::Error> {
    sqlx::query_as("SELECT id, participant_id, status, hidden_at FROM entries WHERE original_hash = $1")
        .bind(hash)
        .fetch_all(ex)
        .await
}

/// Sends a failed entry back to processing (its error forgotten); false if it was not failed.
pub(crate) async fn reset_failed(ex: impl AnyExecutor<'_>, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE entries SET status = 'processing', processing_error = NULL, updated_at = $1 \
         WHERE id = $2 AND status = 'failed'",
    )
    .bind(now)
    .bind(id)
    .execute(ex)
    .await?;
    Ok(r.rows_affected() == 1)
}
