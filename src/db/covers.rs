//! Cover slots of a contest (print specs) and the entry assigned to each.

use sqlx::{AnyConnection, AnyExecutor};

use crate::domain::cover::CoverSpec;
use crate::domain::crop::CropRect;
use crate::domain::hash::Blake3Hash;
use crate::domain::slug::Slug;
use crate::storage::BlobKey;

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct CoverSlotRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub trim_width_mm: f64,
    pub trim_height_mm: f64,
    pub bleed_mm: f64,
    pub min_dpi: i64,
    pub winner_entry_id: Option<i64>,
    /// The winner's crop, in the upright original's pixels.
    pub crop_x: Option<i64>,
    pub crop_y: Option<i64>,
    pub crop_width: Option<i64>,
    pub crop_height: Option<i64>,
    /// blake3 of the winner's print file (`prints/<hash>.jpg`).
    pub print_hash: Option<String>,
    /// When its author was told.
    pub winner_notified_at: Option<i64>,
    /// blake3 of the mockup overlay (`mockups/<hash>.png`), and the safe area's margin inside the trim.
    pub mockup_hash: Option<String>,
    pub safe_margin_mm: f64,
    /// blake3 of the winner's preview under the mockup (`covers/<hash>.jpg`).
    pub preview_hash: Option<String>,
}

impl CoverSlotRow {
    pub(crate) fn spec(&self) -> CoverSpec {
        CoverSpec {
            trim_width_mm: self.trim_width_mm,
            trim_height_mm: self.trim_height_mm,
            bleed_mm: self.bleed_mm,
            min_dpi: self.min_dpi,
        }
    }
}

const COLUMNS: &str = "id, contest_id, slug, name, trim_width_mm, trim_height_mm, bleed_mm, min_dpi, winner_entry_id, \
                       assigned_at, crop_x, crop_y, crop_width, crop_height, print_hash, winner_notified_at, \
                       mockup_hash, safe_margin_mm, preview_hash";

pub(crate) async fn insert(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    slug: &Slug,
    name: &str,
    spec: &CoverSpec,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO cover_slots (contest_id, slug, name, trim_width_mm, trim_height_mm, bleed_mm, min_dpi) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(contest_id)
    .bind(slug.as_str())
    .bind(name)
    .bind(spec.trim_width_mm)
    .bind(spec.trim_height_mm)
    .bind(spec.bleed_mm)
    .bind(spec.min_dpi)
    .fetch_one(ex)
    .await
}

pub(crate) async fn list(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<Vec<CoverSlotRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM cover_slots WHERE contest_id = $1 ORDER BY id")))
        .bind(contest_id)
        .fetch_all(ex)
        .await
}

pub(crate) async fn find(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    slug: &str,
) -> Result<Option<CoverSlotRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM cover_slots WHERE contest_id = $1 AND slug = $2"
    )))
    .bind(contest_id)
    .bind(slug)
    .fetch_optional(ex)
    .await
}

/// Puts an entry on the slot with its crop, print file and preview (it leaves the slot's reserves).
pub(crate) async fn assign_winner(
    tx: &mut AnyConnection,
    slot_id: i64,
    entry_id: i64,
    crop: &CropRect,
    files: (&str, &str),
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    let (print_hash, preview_hash) = files;
    sqlx::query(
        "UPDATE cover_slots SET winner_notified_at = CASE WHEN winner_entry_id = $1 THEN winner_notified_at END, \
         winner_entry_id = $1, assigned_by = $2, assigned_at = $3, crop_x = $4, crop_y = $5, \
         crop_width = $6, crop_height = $7, print_hash = $8, preview_hash = $9 WHERE id = $10",
    )
    .bind(entry_id)
    .bind(by)
    .bind(now)
    .bind(i64::from(crop.x()))
    .bind(i64::from(crop.y()))
    .bind(i64::from(crop.width()))
    .bind(i64::from(crop.height()))
    .bind(print_hash)
    .bind(preview_hash)
    .bind(slot_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM cover_reserves WHERE slot_id = $1 AND entry_id = $2")
        .bind(slot_id)
        .bind(entry_id)
        .execute(&mut *tx)
        .await
        .map(|_| ())
}

/// Changes a slot's name and print specification; `reshaped`: its mockup, drawn for the old
/// shape, is taken off.
pub(crate) async fn update_spec(
    ex: impl AnyExecutor<'_>,
    slot_id: i64,
    name: &str,
    spec: &CoverSpec,
    reshaped: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE cover_slots SET name = $1, trim_width_mm = $2, trim_height_mm = $3, bleed_mm = $4, min_dpi = $5, \
         mockup_hash = CASE WHEN $6 = 1 THEN NULL ELSE mockup_hash END WHERE id = $7",
    )
    .bind(name)
    .bind(spec.trim_width_mm)
    .bind(spec.trim_height_mm)
    .bind(spec.bleed_mm)
    .bind(spec.min_dpi)
    .bind(i64::from(reshaped))
    .bind(slot_id)
    .execute(ex)
    .await
    .map(|_| ())
}

/// Removes a slot (its reserves go with it).
pub(crate) async fn delete(ex: impl AnyExecutor<'_>, slot_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM cover_slots WHERE id = $1").bind(slot_id).execute(ex).await.map(|_| ())
}

/// Takes the winner off the slot (they withdrew): its crop, print file and preview go with it.
pub(crate) async fn vacate(ex: impl AnyExecutor<'_>, slot_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE cover_slots SET winner_entry_id = NULL, assigned_by = NULL, assigned_at = NULL, crop_x = NULL, \
         crop_y = NULL, crop_width = NULL, crop_height = NULL, print_hash = NULL, preview_hash = NULL, \
         winner_notified_at = NULL WHERE id = $1",
    )
    .bind(slot_id)
    .execute(ex)
    .await
    .map(|_| ())
}

/// Sets the slot's mockup (blake3 of its PNG; `None` removes it), safe margin and preview.
pub(crate) async fn set_mockup(
    ex: impl AnyExecutor<'_>,
    slot_id: i64,
    mockup_hash: Option<&str>,
    safe_margin_mm: f64,
    preview_hash: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cover_slots SET mockup_hash = $1, safe_margin_mm = $2, preview_hash = $3 WHERE id = $4")
        .bind(mockup_hash)
        .bind(safe_margin_mm)
        .bind(preview_hash)
        .bind(slot_id)
        .execute(ex)
        .await
        .map(|_| ())
}

/// A runner-up of a slot.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ReserveRow {
    pub slot_id: i64,
    pub position: i64,
    pub entry_id: i64,
    /// When they were told the winner withdrew.
    pub notified_at: Option<i64>,
}

/// The reserves of every slot of a contest, by slot then position.
pub(crate) async fn reserves(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<Vec<ReserveRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.slot_id, r.position, r.entry_id, r.notified_at FROM cover_reserves r \
         JOIN cover_slots s ON s.id = r.slot_id WHERE s.contest_id = $1 ORDER BY r.slot_id, r.position",
    )
    .bind(contest_id)
    .fetch_all(ex)
    .await
}

/// Replaces a slot's reserves by these entries, in order.
pub(crate) async fn set_reserves(tx: &mut AnyConnection, slot_id: i64, entries: &[i64]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM cover_reserves WHERE slot_id = $1").bind(slot_id).execute(&mut *tx).await?;
    for (i, entry) in entries.iter().enumerate() {
        sqlx::query("INSERT INTO cover_reserves (slot_id, position, entry_id) VALUES ($1, $2, $3)")
            .bind(slot_id)
            .bind(i as i64 + 1)
            .bind(*entry)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Records that a reserve was told the winner withdrew.
pub(crate) async fn mark_reserve_notified(
    ex: impl AnyExecutor<'_>,
    slot_id: i64,
    entry_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cover_reserves SET notified_at = $1 WHERE slot_id = $2 AND entry_id = $3")
        .bind(now)
        .bind(slot_id)
        .bind(entry_id)
        .execute(ex)
        .await
        .map(|_| ())
}

/// Records that the slot's winner was told.
pub(crate) async fn mark_notified(ex: impl AnyExecutor<'_>, slot_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cover_slots SET winner_notified_at = $1 WHERE id = $2")
        .bind(now)
        .bind(slot_id)
        .execute(ex)
        .await
        .map(|_| ())
}

/// Whether the contest's rules give each author at most one cover.
pub(crate) async fn one_cover_per_author(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<bool, sqlx::Error> {
    let on: Option<i64> = sqlx::query_scalar("SELECT one_cover_per_author FROM contests WHERE id = $1")
        .bind(contest_id)
        .fetch_optional(ex)
        .await?;
    Ok(on.unwrap_or(0) != 0)
}

pub(crate) async fn set_one_cover_per_author(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    on: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE contests SET one_cover_per_author = $1 WHERE id = $2")
        .bind(i64::from(on))
        .bind(contest_id)
        .execute(ex)
        .await
        .map(|_| ())
}

/// Whether the author has a cover of this contest on another slot than `slot_id`.
pub(crate) async fn author_has_other_cover(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    participant_id: i64,
    slot_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM cover_slots s JOIN entries e ON e.id = s.winner_entry_id \
         WHERE s.contest_id = $1 AND e.participant_id = $2 AND s.id <> $3",
    )
    .bind(contest_id)
    .bind(participant_id)
    .bind(slot_id)
    .fetch_one(ex)
    .await?;
    Ok(n > 0)
}

/// The blob keys of every print file, mockup and preview a slot holds (kept by the storage sweep).
pub(crate) async fn blob_keys(ex: impl AnyExecutor<'_>) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(Option<String>, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT print_hash, mockup_hash, preview_hash FROM cover_slots").fetch_all(ex).await?;
    let key = |h: &Option<String>, of: fn(&Blake3Hash) -> BlobKey| {
        h.as_deref().and_then(|h| Blake3Hash::parse(h).ok()).map(|h| of(&h).as_str().to_string())
    };
    Ok(rows
        .iter()
        .flat_map(|(p, m, c)| [key(p, BlobKey::print), key(m, BlobKey::mockup), key(c, BlobKey::cover_preview)])
        .flatten()
        .collect())
}

/// Whether the entry was chosen for one of the cover slots.
pub(crate) async fn is_winner(ex: impl AnyExecutor<'_>, entry_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cover_slots WHERE winner_entry_id = $1")
        .bind(entry_id)
        .fetch_one(ex)
        .await?;
    Ok(n > 0)
}
