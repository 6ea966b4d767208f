//! Cover mockups: the overlay staff upload for a slot (its fixed parts and safe area), and the
//! preview of the slot's winner under it, rendered when either changes and stored as
//! `covers/<blake3>.jpg` for the contact sheet, the winners package and the admin pages.

use bytes::Bytes;

use crate::clock;
use crate::db::{self, contests::ContestRow, covers::CoverSlotRow, users::User};
use crate::domain::Invalid;
use crate::domain::cover::CoverSpec;
use crate::domain::hash::Blake3Hash;
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::storage::BlobKey;

/// The safe area's margin inside the trim, in millimetres, checked against the slot.
pub(crate) fn parse_safe_margin(mm: f64, spec: &CoverSpec) -> Result<f64, Invalid> {
    let max = spec.trim_width_mm.min(spec.trim_height_mm) / 4.0;
    if !mm.is_finite() || !(0.0..=max).contains(&mm) {
        return Err(Invalid::new(
            "invalid_safe_margin",
            format!("the safe margin is between 0 and {max:.1} mm (a quarter of the trim's shorter side)"),
        ));
    }
    Ok(mm)
}

/// Reads a stored blob whole (a mockup or a print file: a few MB at most).
pub(crate) async fn read(state: &AppState, key: &BlobKey) -> AppResult<Option<Vec<u8>>> {
    match state.storage.get(key).await? {
        Some(blob) => Ok(Some(blob.into_bytes().await.map_err(AppError::internal)?)),
        None => Ok(None),
    }
}

/// Renders and stores the preview of a print file under the slot's mockup (`mockup` given, or
/// none); returns its hash.
pub(crate) async fn render_preview(
    state: &AppState,
    spec: CoverSpec,
    print_jpeg: Vec<u8>,
    mockup: Option<Vec<u8>>,
) -> AppResult<Blake3Hash> {
    let jpeg = state
        .cpu
        .run(move || crate::media::mockup::preview_jpeg(&print_jpeg, mockup.as_deref(), &spec))
        .await?
        .map_err(|e| AppError::internal(anyhow::anyhow!("cover preview: {e}")))?;
    let hash = Blake3Hash::from_hash(&blake3::hash(&jpeg));
    state.storage.put_bytes(&BlobKey::cover_preview(&hash), Bytes::from(jpeg), "image/jpeg").await?;
    Ok(hash)
}

/// The slot's mockup bytes, if it has one.
pub(crate) async fn mockup_of(state: &AppState, slot: &CoverSlotRow) -> AppResult<Option<Vec<u8>>> {
    match slot.mockup_hash.as_deref() {
        Some(h) => read(state, &BlobKey::mockup(&Blake3Hash::parse(h)?)).await,
        None => Ok(None),
    }
}

/// Sets a slot's mockup (`png`: a new one; `None` with `remove`: none) and safe margin, and
/// renders its winner's preview again (admin; audited).
pub(crate) async fn set_mockup(
    state: &AppState,
    by: &User,
    contest: &ContestRow,
    slot: &CoverSlotRow,
    png: Option<Bytes>,
    remove: bool,
    safe_margin_mm: Option<f64>,
) -> AppResult<CoverSlotRow> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let spec = slot.spec();
    let margin = parse_safe_margin(safe_margin_mm.unwrap_or(slot.safe_margin_mm), &spec)?;
    let (mockup_hash, mockup) = match (png, remove) {
        (Some(bytes), _) => {
            let m = state.interactive.run(move || crate::media::mockup::mockup_png(&bytes, &spec)).await??;
            let hash = Blake3Hash::from_hash(&blake3::hash(&m.png));
            state.storage.put_bytes(&BlobKey::mockup(&hash), Bytes::from(m.png.clone()), "image/png").await?;
            (Some(hash.as_str().to_string()), Some(m.png))
        }
        (None, true) => (None, None),
        (None, false) => (slot.mockup_hash.clone(), mockup_of(state, slot).await?),
    };
    let print = match slot.print_hash.as_deref() {
        Some(h) => read(state, &BlobKey::print(&Blake3Hash::parse(h)?)).await?,
        None => None,
    };
    let preview = match print {
        Some(print) => Some(render_preview(state, spec, print, mockup).await?.as_str().to_string()),
        None => None,
    };
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    db::covers::set_mockup(&mut *tx, slot.id, mockup_hash.as_deref(), margin, preview.as_deref()).await?;
    let detail = serde_json::json!({
        "before": { "mockup_blake3": slot.mockup_hash, "safe_margin_mm": slot.safe_margin_mm },
        "after": { "mockup_blake3": mockup_hash, "safe_margin_mm": margin },
    });
    db::audit::record(&mut tx, Some(by.id), "cover.mockup", &format!("cover_slot:{}", slot.id), &detail, now).await?;
    tx.commit().await?;
    db::covers::find(state.db.pool(), contest.id, &slot.slug)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("cover slot {} vanished", slot.id)))
}
