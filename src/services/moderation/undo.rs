//! Undoing a moderation decision within its window: the photo goes back to the queue, leaves the
//! public gallery if it was there, and its author is never told of the decision undone.

use crate::clock;
use crate::db::{self, users::User};
use crate::domain::entry::EntryStatus;
use crate::domain::triage::undoable;
use crate::error::{AppError, AppResult};
use crate::services::publication;
use crate::state::AppState;

/// The moderator's decisions that may still be undone, the latest first.
pub(crate) async fn recent(state: &AppState, by: &User, limit: i64) -> AppResult<Vec<db::moderation::RecentDecision>> {
    super::require_moderator(by)?;
    let window = state.settings.moderation_undo.as_secs() as i64;
    if window == 0 {
        return Ok(Vec::new());
    }
    let since = clock::now() - window + 1;
    Ok(db::moderation::recent_decisions(state.db.pool(), by.id, since, limit).await?)
}

/// Puts the entry back among those awaiting a decision (audited `entry.undo`).
#[tracing::instrument(skip_all, fields(by = by.id, entry = entry_id))]
pub(crate) async fn undo(state: &AppState, by: &User, entry_id: i64) -> AppResult<EntryStatus> {
    super::require_moderator(by)?;
    let pool = state.db.pool();
    let entry = db::entries::find(pool, entry_id)
        .await?
        .ok_or_else(|| AppError::not_found("entry_not_found", "there is no such entry"))?;
    let before = entry.status();
    let decided_at = match (before, db::moderation::decided_at(pool, entry_id).await?) {
        (EntryStatus::Approved | EntryStatus::Rejected, Some(at)) => at,
        _ => return Err(AppError::conflict("not_decided", "this photo has no decision to undo")),
    };
    let now = clock::now();
    if !undoable(decided_at, now, state.settings.moderation_undo.as_secs() as i64) {
        return Err(AppError::conflict("undo_expired", "this decision can no longer be undone"));
    }
    let mut tx = state.db.begin_write().await?;
    if !db::moderation::reopen(&mut *tx, entry_id, decided_at, now).await? {
        return Err(AppError::conflict("not_decided", "this photo has no decision to undo"));
    }
    let detail = serde_json::json!({ "before": before.as_str(), "after": EntryStatus::Pending.as_str() });
    db::audit::record(&mut tx, Some(by.id), "entry.undo", &format!("entry:{entry_id}"), &detail, now).await?;
    let committed = tx.commit().await;
    // Out of the public gallery (and the CDN) if it had been approved.
    publication::sync(state, &entry.original_hash).await;
    committed?;
    Ok(EntryStatus::Pending)
}
