//! Cover winners: the crop proposed for a photo on a slot (the largest of the slot's shape, on the
//! photo's most detailed region), assigning a winner with its crop, and the print file rendered
//! from it (stored as `prints/<blake3>.jpg`).

pub(crate) mod mockups;
pub(crate) mod reserves;
pub(crate) mod slots;

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::clock;
use crate::db::{self, contests::ContestRow, covers::CoverSlotRow, entries::EntryRow, users::User};
use crate::domain::cover::{CoverSpec, FitnessLevel};
use crate::domain::crop::CropRect;
use crate::domain::entry::EntryStatus;
use crate::domain::hash::Blake3Hash;
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::storage::BlobKey;

/// A crop as sent by the crop editor, in the upright original's pixels.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
pub(crate) struct CropInput {
    pub x: i64,
    pub y: i64,
    pub width: i64,
    pub height: i64,
}

/// What the crop editor needs for one photo on one slot.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CropProposal {
    pub slot: String,
    pub slot_name: String,
    pub entry_id: i64,
    pub title: String,
    /// The original's blake3 (for its renditions; not sent).
    #[serde(skip)]
    pub original_hash: String,
    /// The photo upright, in pixels.
    pub photo_width: u32,
    pub photo_height: u32,
    /// The printed size with bleed, in millimetres, and the pixels it takes at the minimum resolution.
    pub print_width_mm: f64,
    pub print_height_mm: f64,
    pub print_width_px: u32,
    pub print_height_px: u32,
    pub min_dpi: i64,
    /// The bleed (cut off at the printer) and the safe area's margin inside the trim, in millimetres.
    pub bleed_mm: f64,
    pub safe_margin_mm: f64,
    /// The slot's mockup (blake3 of its PNG), drawn over the crop.
    pub mockup_blake3: Option<String>,
    /// The largest crop of the slot's shape, on the photo's most detailed region.
    pub suggested: CropView,
    /// The crop saved for this photo on this slot, if it is the slot's winner.
    pub current: Option<CropView>,
}

/// A crop with the resolution it prints at.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct CropView {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    pub effective_dpi: f64,
    pub level: FitnessLevel,
}

impl CropView {
    pub(crate) fn new(c: &CropRect, spec: &CoverSpec) -> Self {
        CropView {
            x: c.x(),
            y: c.y(),
            width: c.width(),
            height: c.height(),
            effective_dpi: (c.effective_dpi(spec) * 10.0).round() / 10.0,
            level: c.level(spec),
        }
    }
}

/// A winner put on a slot.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Assignment {
    pub slot: String,
    pub entry_id: i64,
    pub crop: CropView,
    /// The print file: pixels, resolution and blake3.
    pub print_width_px: u32,
    pub print_height_px: u32,
    pub print_dpi: i64,
    pub print_blake3: String,
}

/// The slot, checked to be this contest's.
pub(crate) async fn slot_of(state: &AppState, contest: &ContestRow, slot_slug: &str) -> AppResult<CoverSlotRow> {
    db::covers::find(state.db.pool(), contest.id, slot_slug).await?.ok_or_else(|| {
        AppError::not_found("cover_slot_not_found", format!("this contest has no cover slot `{slot_slug}`"))
    })
}

/// An approved entry of this contest, with its upright size.
pub(crate) async fn eligible_entry(
    state: &AppState,
    contest: &ContestRow,
    entry_id: i64,
) -> AppResult<(EntryRow, (u32, u32))> {
    let entry = db::entries::find(state.db.pool(), entry_id).await?;
    let refuse = || {
        AppError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "entry_not_eligible",
            "only an approved entry of this contest can be put on a cover",
        )
    };
    let entry =
        entry.filter(|e| e.contest_id == contest.id && e.status() == EntryStatus::Approved).ok_or_else(refuse)?;
    let size = match (entry.width, entry.height) {
        (Some(w), Some(h)) if w > 0 && h > 0 => (w as u32, h as u32),
        _ => return Err(refuse()),
    };
    Ok((entry, size))
}

/// The suggested crop: the photo's detail is read from its 1080-pixel rendition.
async fn suggested(state: &AppState, entry: &EntryRow, photo: (u32, u32), spec: CoverSpec) -> AppResult<CropRect> {
    let hash = Blake3Hash::parse(&entry.original_hash)?;
    let key = BlobKey::rendition(&hash, "w1080.jpg").ok_or_else(|| AppError::internal(anyhow::anyhow!("rendition")))?;
    let Some(blob) = state.storage.get(&key).await? else {
        return Ok(CropRect::suggested(photo, &spec, None));
    };
    let bytes = blob.into_bytes().await.map_err(AppError::internal)?;
    let crop = state
        .interactive
        .run(move || {
            let detail = image::load_from_memory(&bytes).ok().map(|i| crate::media::print::detail_map(&i.into_rgb8()));
            CropRect::suggested(photo, &spec, detail.as_ref())
        })
        .await?;
    Ok(crop)
}

/// The saved crop of a slot whose winner is `entry_id`.
fn saved_crop(slot: &CoverSlotRow, entry_id: i64, photo: (u32, u32)) -> Option<CropRect> {
    if slot.winner_entry_id != Some(entry_id) {
        return None;
    }
    let (x, y, w, h) = (slot.crop_x?, slot.crop_y?, slot.crop_width?, slot.crop_height?);
    CropRect::parse(x, y, w, h, photo, &slot.spec()).ok()
}

/// What the crop editor starts from (staff).
pub(crate) async fn proposal(
    state: &AppState,
    by: &User,
    contest: &ContestRow,
    slot_slug: &str,
    entry_id: i64,
) -> AppResult<CropProposal> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let slot = slot_of(state, contest, slot_slug).await?;
    let (entry, photo) = eligible_entry(state, contest, entry_id).await?;
    let spec = slot.spec();
    let suggested = suggested(state, &entry, photo, spec).await?;
    let (w_mm, h_mm) = spec.bled_mm();
    let (w_px, h_px) = spec.required_pixels();
    Ok(CropProposal {
        slot: slot.slug.clone(),
        slot_name: slot.name.clone(),
        entry_id,
        title: entry.title.clone(),
        original_hash: entry.original_hash.clone(),
        photo_width: photo.0,
        photo_height: photo.1,
        print_width_mm: w_mm,
        print_height_mm: h_mm,
        print_width_px: w_px,
        print_height_px: h_px,
        min_dpi: spec.min_dpi,
        bleed_mm: spec.bleed_mm,
        safe_margin_mm: slot.safe_margin_mm,
        mockup_blake3: slot.mockup_hash.clone(),
        suggested: CropView::new(&suggested, &spec),
        current: saved_crop(&slot, entry_id, photo).map(|c| CropView::new(&c, &spec)),
    })
}

/// Puts an approved entry of this contest on a cover slot with its crop (the suggested one when
/// none is given) and renders its print file.
#[tracing::instrument(skip_all, fields(by = by.id, contest = contest.id, entry = entry_id))]
pub(crate) async fn assign(
    state: &AppState,
    by: &User,
    contest: &ContestRow,
    slot_slug: &str,
    entry_id: i64,
    crop: Option<CropInput>,
) -> AppResult<Assignment> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let slot = slot_of(state, contest, slot_slug).await?;
    let (entry, photo) = eligible_entry(state, contest, entry_id).await?;
    let spec = slot.spec();
    let crop = match crop {
        Some(c) => CropRect::parse(c.x, c.y, c.width, c.height, photo, &spec)?,
        None => suggested(state, &entry, photo, spec).await?,
    };
    if db::covers::one_cover_per_author(state.db.pool(), contest.id).await?
        && db::covers::author_has_other_cover(state.db.pool(), contest.id, entry.participant_id, slot.id).await?
    {
        return Err(AppError::conflict(
            "one_cover_per_author",
            "this contest's rules give each author at most one cover, and this author already has one",
        ));
    }
    let hash = Blake3Hash::parse(&entry.original_hash)?;
    let original = state
        .storage
        .get(&BlobKey::original(&hash))
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("original of entry {entry_id} is missing")))?
        .into_bytes()
        .await
        .map_err(AppError::internal)?;
    let limits = state.settings.media.clone();
    let file = state
        .cpu
        .run(move || crate::media::print::print_file(&original, photo, &crop, &spec, &limits))
        .await?
        .map_err(|e| AppError::internal(anyhow::anyhow!("print file of entry {entry_id}: {e}")))?;
    let print_hash = Blake3Hash::from_hash(&blake3::hash(&file.jpeg));
    state.storage.put_bytes(&BlobKey::print(&print_hash), Bytes::from(file.jpeg.clone()), "image/jpeg").await?;
    let mockup = mockups::mockup_of(state, &slot).await?;
    let preview = mockups::render_preview(state, spec, file.jpeg, mockup).await?;

    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    let files = (print_hash.as_str(), preview.as_str());
    db::covers::assign_winner(&mut tx, slot.id, entry_id, &crop, files, by.id, now).await?;
    let before = slot.winner_entry_id.map(
        |e| serde_json::json!({ "entry": e, "crop": [slot.crop_x, slot.crop_y, slot.crop_width, slot.crop_height] }),
    );
    let after = serde_json::json!({
        "entry": entry_id,
        "crop": [crop.x(), crop.y(), crop.width(), crop.height()],
        "print_blake3": print_hash.as_str(),
    });
    let detail = serde_json::json!({ "before": before, "after": after });
    db::audit::record(&mut tx, Some(by.id), "cover.assign", &format!("cover_slot:{}", slot.id), &detail, now).await?;
    tx.commit().await?;
    Ok(Assignment {
        slot: slot.slug,
        entry_id,
        crop: CropView::new(&crop, &spec),
        print_width_px: file.width,
        print_height_px: file.height,
        print_dpi: spec.min_dpi,
        print_blake3: print_hash.as_str().to_string(),
    })
}

/// Sets whether an author may have more than one cover (admin).
pub(crate) async fn set_one_cover_per_author(
    state: &AppState,
    by: &User,
    contest: &ContestRow,
    on: bool,
) -> AppResult<()> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    db::covers::set_one_cover_per_author(&mut *tx, contest.id, on).await?;
    let detail = serde_json::json!({ "one_cover_per_author": on });
    db::audit::record(&mut tx, Some(by.id), "cover.rules", &format!("contest:{}", contest.id), &detail, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Emails each winner not yet told (in their language, with a link to the public results page);
/// returns how many were told. A slot whose winner changes is told again.
#[tracing::instrument(skip_all, fields(by = by.id, contest = contest.id))]
pub(crate) async fn notify_winners(state: &AppState, by: &User, contest: &ContestRow) -> AppResult<usize> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let link = state.settings.public_url.join(&format!("c/{}/results", contest.slug)).map_err(AppError::internal)?;
    let results_on = |lang| crate::readable::date(contest.results_at, state.settings.timezone, lang);
    let mut told = Vec::new();
    for slot in db::covers::list(state.db.pool(), contest.id).await? {
        let (Some(entry_id), None) = (slot.winner_entry_id, slot.winner_notified_at) else { continue };
        let Some(entry) = db::entries::find(state.db.pool(), entry_id).await? else { continue };
        let Some(author) = db::users::find(state.db.pool(), entry.participant_id).await? else { continue };
        let Ok(email) = crate::domain::email::Email::parse(&author.email) else { continue };
        let lang = author.lang;
        let subject = lang.t1("email-cover-winner-subject", "title", &entry.title);
        let body = lang.tn(
            "email-cover-winner-body",
            &[
                ("title", entry.title.clone()),
                ("cover", slot.name.clone()),
                ("contest", contest.title.clone()),
                ("date", results_on(lang)),
                ("link", link.to_string()),
            ],
        );
        let now = clock::now();
        let mut tx = state.db.begin_write().await?;
        crate::jobs::mail::queue_signed(&mut *tx, &email, lang, &subject, body, now).await?;
        db::covers::mark_notified(&mut *tx, slot.id, now).await?;
        tx.commit().await?;
        state.wake_workers();
        told.push(slot.id);
    }
    let detail = serde_json::json!({ "slots": told });
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    db::audit::record(&mut tx, Some(by.id), "cover.notify", &format!("contest:{}", contest.id), &detail, now).await?;
    tx.commit().await?;
    Ok(told.len())
}
