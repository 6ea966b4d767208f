//! A photo whose processing failed goes through the pipeline again: at a moderator's request
//! (page and API, audited) or from `declic storage sweep`. Its original must still be stored.

use crate::clock;
use crate::db::{self, users::User};
use crate::domain::entry::EntryStatus;
use crate::domain::hash::Blake3Hash;
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};
use crate::jobs::{self, Job};
use crate::state::AppState;
use crate::storage::BlobKey;

/// Puts a failed entry back to `processing` with a new render job; audited as `by`'s (or the
/// system's, from the sweep). False if the entry was not failed any more.
async fn requeue(state: &AppState, entry_id: i64, by: Option<i64>, reason: &str) -> AppResult<bool> {
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    if !db::entries::reset_failed(&mut *tx, entry_id, now).await? {
        return Ok(false);
    }
    jobs::enqueue(&mut *tx, &Job::render(entry_id), now, now).await?;
    let detail = serde_json::json!({ "before": "failed", "after": "processing", "why": reason });
    db::audit::record(&mut tx, by, "entry.reprocess", &format!("entry:{entry_id}"), &detail, now).await?;
    tx.commit().await?;
    state.wake_workers();
    Ok(true)
}

/// A moderator sends a failed photo through processing again.
#[tracing::instrument(skip_all, fields(by = by.id, entry = entry_id))]
pub(crate) async fn retry(state: &AppState, by: &User, entry_id: i64) -> AppResult<()> {
    if !by.role.can(Capability::Moderate) {
        return Err(AppError::forbidden());
    }
    let entry = db::entries::find(state.db.pool(), entry_id)
        .await?
        .ok_or_else(|| AppError::not_found("entry_not_found", "there is no such photo"))?;
    if entry.status() != EntryStatus::Failed {
        return Err(AppError::conflict(
            "entry_not_failed",
            "only a photo whose processing failed can be processed again",
        ));
    }
    if !original_stored(state, &entry.original_hash).await? {
        return Err(AppError::conflict(
            "original_missing",
            "the photo's original file is no longer stored; its author must send it again",
        ));
    }
    requeue(state, entry_id, Some(by.id), "asked by staff").await?;
    Ok(())
}

/// Whether the original of this hash is in the blob store.
pub(crate) async fn original_stored(state: &AppState, hash: &str) -> AppResult<bool> {
    let hash = Blake3Hash::parse(hash)?;
    state.storage.exists(&BlobKey::original(&hash)).await.map_err(AppError::storage)
}

/// The sweep's retry of a failed entry whose original is stored.
pub(crate) async fn retry_from_sweep(state: &AppState, entry_id: i64) -> AppResult<bool> {
    requeue(state, entry_id, None, "storage sweep").await
}
