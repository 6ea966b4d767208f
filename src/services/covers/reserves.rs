//! Runners-up of a cover slot: staff set them in order; when a winner withdraws, the slot is
//! vacated and each of its reserves is told by email (once), so staff can put one of them on it.

use serde::Serialize;
use utoipa::ToSchema;

use crate::clock;
use crate::db::{self, contests::ContestRow, users::User};
use crate::domain::email::Email;
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};
use crate::services::covers::{eligible_entry, slot_of};
use crate::state::AppState;

/// The most reserves a slot keeps.
pub(crate) const MAX_RESERVES: usize = 10;

/// What a withdrawal did.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Withdrawal {
    /// The entry that left the slot.
    pub entry_id: i64,
    /// The reserves told, in order.
    pub reserves_told: Vec<i64>,
}

/// Sets a slot's reserves, in order (approved entries of the contest, not its winner; admin;
/// audited).
pub(crate) async fn set_reserves(
    state: &AppState,
    by: &User,
    contest: &ContestRow,
    slot_slug: &str,
    entries: &[i64],
) -> AppResult<Vec<i64>> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let slot = slot_of(state, contest, slot_slug).await?;
    if entries.len() > MAX_RESERVES {
        return Err(AppError::bad_request("too_many_reserves", "a cover slot keeps at most 10 reserves"));
    }
    let mut seen = Vec::with_capacity(entries.len());
    for &id in entries {
        if seen.contains(&id) || slot.winner_entry_id == Some(id) {
            return Err(AppError::bad_request(
                "duplicate_reserve",
                format!("photo {id} is already on this cover, as its winner or a reserve"),
            ));
        }
        eligible_entry(state, contest, id).await?;
        seen.push(id);
    }
    let before: Vec<i64> = db::covers::reserves(state.db.pool(), contest.id)
        .await?
        .into_iter()
        .filter(|r| r.slot_id == slot.id)
        .map(|r| r.entry_id)
        .collect();
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    db::covers::set_reserves(&mut tx, slot.id, &seen).await?;
    let detail = serde_json::json!({ "before": before, "after": seen });
    db::audit::record(&mut tx, Some(by.id), "cover.reserves", &format!("cover_slot:{}", slot.id), &detail, now).await?;
    tx.commit().await?;
    Ok(seen)
}

/// The slot's winner withdrew: the slot is vacated (its crop, print file and preview go) and its
/// reserves not yet told are emailed, in their language (admin; audited).
pub(crate) async fn winner_withdrew(
    state: &AppState,
    by: &User,
    contest: &ContestRow,
    slot_slug: &str,
) -> AppResult<Withdrawal> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let slot = slot_of(state, contest, slot_slug).await?;
    let Some(entry_id) = slot.winner_entry_id else {
        return Err(AppError::conflict("cover_has_no_winner", "this cover has no winner to withdraw"));
    };
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    db::covers::vacate(&mut *tx, slot.id).await?;
    let detail = serde_json::json!({
        "before": { "entry": entry_id, "crop": [slot.crop_x, slot.crop_y, slot.crop_width, slot.crop_height],
                    "print_blake3": slot.print_hash },
        "after": null,
    });
    db::audit::record(&mut tx, Some(by.id), "cover.withdraw", &format!("cover_slot:{}", slot.id), &detail, now).await?;
    tx.commit().await?;

    let link = state.settings.public_url.join("me").map_err(AppError::internal)?;
    let mut told = Vec::new();
    let reserves = db::covers::reserves(state.db.pool(), contest.id).await?;
    for r in reserves.iter().filter(|r| r.slot_id == slot.id && r.notified_at.is_none()) {
        let Some(entry) = db::entries::find(state.db.pool(), r.entry_id).await? else { continue };
        let Some(author) = db::users::find(state.db.pool(), entry.participant_id).await? else { continue };
        let Ok(email) = Email::parse(&author.email) else { continue };
        let lang = author.lang;
        let subject = lang.t1("email-cover-reserve-subject", "cover", &slot.name);
        let body = lang.tn(
            "email-cover-reserve-body",
            &[
                ("title", entry.title.clone()),
                ("cover", slot.name.clone()),
                ("contest", contest.title.clone()),
                ("position", r.position.to_string()),
                ("link", link.to_string()),
            ],
        );
        let now = clock::now();
        let mut tx = state.db.begin_write().await?;
        crate::jobs::mail::queue_signed(&mut *tx, &email, lang, &subject, body, now).await?;
        db::covers::mark_reserve_notified(&mut *tx, slot.id, r.entry_id, now).await?;
        tx.commit().await?;
        state.wake_workers();
        told.push(r.entry_id);
    }
    if !told.is_empty() {
        let detail = serde_json::json!({ "reserves_told": told });
        let mut tx = state.db.begin_write().await?;
        let target = format!("cover_slot:{}", slot.id);
        db::audit::record(&mut tx, Some(by.id), "cover.reserves_told", &target, &detail, clock::now()).await?;
        tx.commit().await?;
    }
    tracing::info!(contest = %contest.slug, slot = %slot.slug, entry = entry_id, told = told.len(), "cover winner withdrew");
    Ok(Withdrawal { entry_id, reserves_told: told })
}
