//! The winners package for the printer: per cover slot, the winner's original (bit-exact), its
//! print file (the crop with bleed at the slot's resolution), its preview under the slot's
//! mockup, a manifest in CSV and JSON (slot, entry, title, credit line, contact, crop in original
//! pixels, effective resolution, hashes and the consent record) and the PDF contact sheet.

use axum::body::Body;
use serde::Serialize;

use super::contact_sheet::{self, SheetCover};
use super::{StoredFile, extension_of, stream_package};
use crate::clock;
use crate::db::consents::ConsentView;
use crate::db::{self, contests::ContestRow, covers::CoverSlotRow, users::User};
use crate::domain::crop::CropRect;
use crate::domain::hash::Blake3Hash;
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::services::covers::CropView;
use crate::state::AppState;
use crate::storage::BlobKey;

/// One cover of the package, as the manifest describes it.
#[derive(Debug, Serialize)]
struct Cover {
    slot: String,
    slot_name: String,
    trim_width_mm: f64,
    trim_height_mm: f64,
    bleed_mm: f64,
    min_dpi: i64,
    entry: i64,
    title: String,
    place: String,
    /// The author's credit line, as they chose it (a neutral « Anonyme » when they chose none).
    credit: String,
    /// Whether the author chose their credit (if not, ask them before printing).
    credit_chosen: bool,
    email: String,
    original_file: String,
    original_blake3: String,
    original_width: Option<i64>,
    original_height: Option<i64>,
    /// The crop in the upright original's pixels, and the resolution it prints at.
    crop: Option<CropView>,
    print_file: Option<String>,
    print_blake3: Option<String>,
    print_width_px: u32,
    print_height_px: u32,
    /// The cover as it will look: the print file under the mockup, trimmed.
    preview_file: Option<String>,
    preview_blake3: Option<String>,
    consent_at: String,
    consent: Option<ConsentView>,
}

/// Collects the winners, then streams the zip (admin).
pub(crate) async fn winners_zip(state: &AppState, by: &User, contest: &ContestRow) -> AppResult<Body> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let slots = db::covers::list(state.db.pool(), contest.id).await?;
    let (covers, stored) = collect(state, &slots, by.lang).await?;
    let sheet = sheet_pdf(state, by, contest, slots, &covers).await?;
    let csv = manifest_csv(&covers).map_err(AppError::internal)?;
    let json = serde_json::to_vec_pretty(&serde_json::json!({
        "contest": contest.slug,
        "exported_at": clock::rfc3339(clock::now()),
        "covers": covers,
    }))
    .map_err(AppError::internal)?;
    tracing::info!(contest = %contest.slug, covers = covers.len(), by = by.id, "winners export");
    Ok(stream_package(
        state,
        vec![("manifest.csv".into(), csv), ("manifest.json".into(), json), ("contact-sheet.pdf".into(), sheet)],
        stored,
        "winners export",
    ))
}

/// The PDF contact sheet of every slot of the contest (admin).
pub(crate) async fn contact_sheet(state: &AppState, by: &User, contest: &ContestRow) -> AppResult<Vec<u8>> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let slots = db::covers::list(state.db.pool(), contest.id).await?;
    let (covers, _) = collect(state, &slots, by.lang).await?;
    sheet_pdf(state, by, contest, slots, &covers).await
}

/// Lays out every slot (those without a winner as empty boxes), with the previews read back and
/// checked against their blake3.
async fn sheet_pdf(
    state: &AppState,
    by: &User,
    contest: &ContestRow,
    slots: Vec<CoverSlotRow>,
    covers: &[Cover],
) -> AppResult<Vec<u8>> {
    let lang = by.lang;
    let mut sheet = Vec::new();
    for slot in slots {
        let spec = slot.spec();
        let mut item = SheetCover {
            slot_name: slot.name.clone(),
            spec: lang.tn(
                "sheet-spec",
                &[
                    ("width", spec.trim_width_mm.to_string()),
                    ("height", spec.trim_height_mm.to_string()),
                    ("bleed", spec.bleed_mm.to_string()),
                    ("dpi", spec.min_dpi.to_string()),
                ],
            ),
            lines: Vec::new(),
            preview: None,
        };
        if let Some(c) = covers.iter().find(|c| c.slot == slot.slug) {
            item.lines.push(lang.tn("sheet-photo", &[("id", c.entry.to_string()), ("title", c.title.clone())]));
            item.lines.push(lang.t1("sheet-credit", "credit", &c.credit));
            if let Some(crop) = &c.crop {
                let level = lang.t(&format!("crop-level-{}", crop.level.code()));
                let dpi = format!("{:.0}", crop.effective_dpi);
                item.lines.push(lang.tn("sheet-dpi", &[("dpi", dpi), ("level", level)]));
            }
            if let Some(hash) = c.preview_blake3.as_deref() {
                let hash = Blake3Hash::parse(hash)?;
                let bytes = crate::services::covers::mockups::read(state, &BlobKey::cover_preview(&hash)).await?;
                item.preview = bytes.filter(|b| blake3::hash(b).to_hex().as_str() == hash.as_str());
            }
        }
        sheet.push(item);
    }
    let tz = state.settings.timezone;
    let contest = contest.clone();
    Ok(state.interactive.run(move || contact_sheet::render(&contest, sheet, lang, tz)).await?)
}

/// Each slot's winner as the manifest describes it, and the stored files of the package.
async fn collect(state: &AppState, slots: &[CoverSlotRow], lang: Lang) -> AppResult<(Vec<Cover>, Vec<StoredFile>)> {
    let pool = state.db.pool();
    let mut covers = Vec::new();
    let mut stored = Vec::new();
    for slot in slots {
        let Some(entry_id) = slot.winner_entry_id else { continue };
        let Some(entry) = db::entries::find(pool, entry_id).await? else { continue };
        let author = db::users::find(pool, entry.participant_id)
            .await?
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("author missing")))?;
        let spec = slot.spec();
        let original = Blake3Hash::parse(&entry.original_hash)?;
        let original_file =
            format!("originals/{}-entry-{entry_id}.{}", slot.slug, extension_of(&entry.original_format));
        stored.push(StoredFile { name: original_file.clone(), key: BlobKey::original(&original), hash: original });
        let photo = entry.width.zip(entry.height).map(|(w, h)| (w.max(0) as u32, h.max(0) as u32));
        let crop = match (slot.crop_x, slot.crop_y, slot.crop_width, slot.crop_height, photo) {
            (Some(x), Some(y), Some(w), Some(h), Some(photo)) => CropRect::parse(x, y, w, h, photo, &spec).ok(),
            _ => None,
        };
        let print = slot.print_hash.as_deref().and_then(|h| Blake3Hash::parse(h).ok());
        let print_file = print.as_ref().map(|_| format!("print/{}-entry-{entry_id}-print.jpg", slot.slug));
        if let (Some(hash), Some(name)) = (&print, &print_file) {
            stored.push(StoredFile { name: name.clone(), key: BlobKey::print(hash), hash: hash.clone() });
        }
        let preview = slot.preview_hash.as_deref().and_then(|h| Blake3Hash::parse(h).ok());
        let preview_file = preview.as_ref().map(|_| format!("mockups/{}-entry-{entry_id}-cover.jpg", slot.slug));
        if let (Some(hash), Some(name)) = (&preview, &preview_file) {
            stored.push(StoredFile { name: name.clone(), key: BlobKey::cover_preview(hash), hash: hash.clone() });
        }
        let (print_width_px, print_height_px) = spec.required_pixels();
        covers.push(Cover {
            slot: slot.slug.clone(),
            slot_name: slot.name.clone(),
            trim_width_mm: spec.trim_width_mm,
            trim_height_mm: spec.trim_height_mm,
            bleed_mm: spec.bleed_mm,
            min_dpi: spec.min_dpi,
            entry: entry_id,
            place: entry.place.clone().unwrap_or_default(),
            title: entry.title.clone(),
            credit: author.credit_name().unwrap_or_else(|| lang.t("credit-anonymous")),
            credit_chosen: author.credit_name().is_some(),
            email: author.email.clone(),
            original_file,
            original_blake3: entry.original_hash.clone(),
            original_width: entry.width,
            original_height: entry.height,
            crop: crop.map(|c| CropView::new(&c, &spec)),
            print_file,
            print_blake3: print.map(|h| h.as_str().to_string()),
            print_width_px,
            print_height_px,
            preview_file,
            preview_blake3: preview.map(|h| h.as_str().to_string()),
            consent_at: clock::rfc3339(entry.consent_at),
            consent: db::consents::find(pool, entry_id).await?.map(|c| c.view()),
        });
    }
    Ok((covers, stored))
}

fn manifest_csv(covers: &[Cover]) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "slot",
        "entry",
        "title",
        "place",
        "credit",
        "credit_chosen",
        "email",
        "original_file",
        "original_blake3",
        "crop_x",
        "crop_y",
        "crop_width",
        "crop_height",
        "effective_dpi",
        "print_file",
        "print_blake3",
        "print_width_px",
        "print_height_px",
        "preview_file",
        "preview_blake3",
        "consent_at",
        "rules_version",
        "rights",
        "people",
        "guardian",
    ])?;
    for c in covers {
        let consent = c.consent.as_ref();
        let rights = super::rights_line(consent);
        let crop = |f: fn(&CropView) -> String| c.crop.as_ref().map(f).unwrap_or_default();
        w.write_record([
            c.slot.as_str(),
            &c.entry.to_string(),
            &c.title,
            &c.place,
            &c.credit,
            if c.credit_chosen { "yes" } else { "no" },
            &c.email,
            &c.original_file,
            &c.original_blake3,
            &crop(|k| k.x.to_string()),
            &crop(|k| k.y.to_string()),
            &crop(|k| k.width.to_string()),
            &crop(|k| k.height.to_string()),
            &crop(|k| format!("{:.1}", k.effective_dpi)),
            c.print_file.as_deref().unwrap_or_default(),
            c.print_blake3.as_deref().unwrap_or_default(),
            &c.print_width_px.to_string(),
            &c.print_height_px.to_string(),
            c.preview_file.as_deref().unwrap_or_default(),
            c.preview_blake3.as_deref().unwrap_or_default(),
            &c.consent_at,
            &consent.map(|c| c.rules_version.to_string()).unwrap_or_default(),
            &rights,
            consent.map(|c| c.people.code()).unwrap_or_default(),
            consent.and_then(|c| c.guardian_name.as_deref()).unwrap_or_default(),
        ])?;
    }
    Ok(w.into_inner()?)
}
