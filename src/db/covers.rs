//! Cover slots of a contest (print specs) and the entry assigned to each.

use sqlx::AnyExecutor;

use crate::domain::cover::CoverSpec;
use crate::domain::slug::Slug;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CoverSlotRow {
    pub id: i64,
    pub contest_id: i64,
    pub slug: String,
    pub name: String,
    pub trim_width_mm: f64,
    pub trim_height_mm: f64,
    pub bleed_mm: f64,
    pub min_dpi: i64,
    pub winner_entry_id: Option<i64>,
    pub assigned_at: Option<i64>,
}

impl CoverSlotRow {
    pub fn spec(&self) -> CoverSpec {
        CoverSpec {
            trim_width_mm: self.trim_width_mm,
            trim_height_mm: self.trim_height_mm,
            bleed_mm: self.bleed_mm,
            min_dpi: self.min_dpi,
        }
    }
}

const COLUMNS: &str =
    "id, contest_id, slug, name, trim_width_mm, trim_height_mm, bleed_mm, min_dpi, winner_entry_id, assigned_at";

pub async fn insert(
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

pub async fn list(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<Vec<CoverSlotRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM cover_slots WHERE contest_id = $1 ORDER BY id")))
        .bind(contest_id)
        .fetch_all(ex)
        .await
}

pub async fn find(ex: impl AnyExecutor<'_>, contest_id: i64, slug: &str) -> Result<Option<CoverSlotRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM cover_slots WHERE contest_id = $1 AND slug = $2"
    )))
    .bind(contest_id)
    .bind(slug)
    .fetch_optional(ex)
    .await
}

pub async fn assign_winner(
    ex: impl AnyExecutor<'_>,
    slot_id: i64,
    entry_id: i64,
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cover_slots SET winner_entry_id = $1, assigned_by = $2, assigned_at = $3 WHERE id = $4")
        .bind(entry_id)
        .bind(by)
        .bind(now)
        .bind(slot_id)
        .execute(ex)
        .await
        .map(|_| ())
}

/// Whether the entry was chosen for one of the cover slots.
pub async fn is_winner(ex: impl AnyExecutor<'_>, entry_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cover_slots WHERE winner_entry_id = $1")
        .bind(entry_id)
        .fetch_one(ex)
        .await?;
    Ok(n > 0)
}
