//! Cover slots after they are added: their name and print specification changed, or the slot
//! removed, while no winner is on it (a winner's crop, print file and preview follow the slot's
//! shape); a mockup that no longer has the slot's shape is taken off. Admins; audited.

use crate::clock;
use crate::db::{self, contests::ContestRow, covers::CoverSlotRow, users::User};
use crate::domain::cover::CoverSpec;
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};
use crate::services::covers::slot_of;
use crate::state::AppState;

fn has_winner(slot: &CoverSlotRow) -> AppError {
    AppError::conflict(
        "cover_has_winner",
        format!(
            "cover `{}` has a winner: record that the winner withdrew (or put the photo elsewhere) before changing or removing it",
            slot.slug
        ),
    )
}

fn spec_json(s: &CoverSlotRow) -> serde_json::Value {
    serde_json::json!({
        "name": s.name, "trim_width_mm": s.trim_width_mm, "trim_height_mm": s.trim_height_mm,
        "bleed_mm": s.bleed_mm, "min_dpi": s.min_dpi,
    })
}

/// Changes a slot's name and print specification (its address stays).
pub(crate) async fn update_slot(
    state: &AppState,
    by: &User,
    contest: &ContestRow,
    slot_slug: &str,
    (name, spec): (String, CoverSpec),
) -> AppResult<CoverSlotRow> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let slot = slot_of(state, contest, slot_slug).await?;
    if slot.winner_entry_id.is_some() {
        return Err(has_winner(&slot));
    }
    let old = slot.spec();
    let reshaped = old.bled_mm() != spec.bled_mm();
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    db::covers::update_spec(&mut *tx, slot.id, &name, &spec, reshaped).await?;
    let after = serde_json::json!({
        "name": name, "trim_width_mm": spec.trim_width_mm, "trim_height_mm": spec.trim_height_mm,
        "bleed_mm": spec.bleed_mm, "min_dpi": spec.min_dpi, "mockup_removed": reshaped && slot.mockup_hash.is_some(),
    });
    let detail = serde_json::json!({ "before": spec_json(&slot), "after": after });
    db::audit::record(&mut tx, Some(by.id), "cover.update", &format!("cover_slot:{}", slot.id), &detail, now).await?;
    tx.commit().await?;
    slot_of(state, contest, slot_slug).await
}

/// Removes a slot (its reserves go with it).
pub(crate) async fn remove_slot(state: &AppState, by: &User, contest: &ContestRow, slot_slug: &str) -> AppResult<()> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let slot = slot_of(state, contest, slot_slug).await?;
    if slot.winner_entry_id.is_some() {
        return Err(has_winner(&slot));
    }
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    // Audited first: the line is filed under the slot's contest, looked up while the slot exists.
    let detail = serde_json::json!({ "before": spec_json(&slot), "after": null });
    db::audit::record(&mut tx, Some(by.id), "cover.remove", &format!("cover_slot:{}", slot.id), &detail, now).await?;
    db::covers::delete(&mut *tx, slot.id).await?;
    tx.commit().await?;
    Ok(())
}
