//! A-priori moderation: approve or reject (with a reason), audited, participant told by email
//! once the decision can no longer be undone.

pub(crate) mod desk;
pub(crate) mod notify;
pub(crate) mod undo;

use crate::clock;
use crate::db::{self, reasons::Reason, users::User};
use crate::domain::entry::{Decision, EntryStatus};
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};
use crate::services::entry_views::{EntryView, Viewer, entry_views};
use crate::services::publication;
use crate::state::AppState;

#[tracing::instrument(skip_all, fields(by = moderator.id, entry = entry_id))]
pub(crate) async fn decide(
    state: &AppState,
    moderator: &User,
    entry_id: i64,
    decision: Decision,
) -> AppResult<EntryStatus> {
    if !moderator.role.can(Capability::Moderate) {
        return Err(AppError::forbidden());
    }
    let pool = state.db.pool();
    let entry = db::entries::find(pool, entry_id)
        .await?
        .ok_or_else(|| AppError::not_found("entry_not_found", "there is no such entry"))?;
    let before = entry.status();
    if matches!(before, EntryStatus::Processing | EntryStatus::Failed) {
        return Err(AppError::conflict(
            "entry_not_ready",
            "this photo has not finished processing and cannot be moderated yet",
        ));
    }
    let status = decision.status();
    let reason = match &decision {
        Decision::Reject { reason } => Some(reason.as_str()),
        Decision::Approve => None,
    };
    if status == EntryStatus::Approved && entry.hidden_at.is_none() {
        // The CDN's copies exist before any page points at them.
        publication::publish(state, &entry.original_hash).await.map_err(AppError::storage)?;
    }
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    if !db::entries::moderate(&mut *tx, entry_id, status, reason, moderator.id, now).await? {
        drop(tx);
        publication::sync(state, &entry.original_hash).await;
        return Err(AppError::conflict("entry_not_ready", "this entry cannot be moderated in its current state"));
    }
    db::audit::record(
        &mut tx,
        Some(moderator.id),
        "entry.moderate",
        &format!("entry:{entry_id}"),
        &serde_json::json!({ "before": before.as_str(), "after": status.as_str(), "reason": reason }),
        now,
    )
    .await?;
    notify::queue(&mut tx, state, entry_id, status, now).await?;
    let committed = tx.commit().await;
    publication::sync(state, &entry.original_hash).await;
    committed?;
    state.wake_workers();
    Ok(status)
}

pub(super) fn require_moderator(by: &User) -> AppResult<()> {
    super::require(by, Capability::Moderate)
}

/// Photos whose processing failed, at most `limit`, as staff see them (to send through again).
pub(crate) async fn failed(state: &AppState, by: &User, limit: i64) -> AppResult<Vec<EntryView>> {
    require_moderator(by)?;
    let rows = db::entries::failed(state.db.pool(), limit).await?;
    entry_views(state, &rows, Viewer::Staff).await
}

/// The reasons moderators pick from when rejecting.
pub(crate) async fn reasons(state: &AppState, by: &User) -> AppResult<Vec<Reason>> {
    require_moderator(by)?;
    Ok(db::reasons::list(state.db.pool()).await?)
}

/// Adds a reason to pick from (audited).
pub(crate) async fn add_reason(state: &AppState, by: &User, text: &str) -> AppResult<Reason> {
    require_moderator(by)?;
    let text = crate::domain::bounded_text(text, 1, 500, "invalid_reason_text", "the reason")?;
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    let id = db::reasons::insert(&mut *tx, &text, now).await.map_err(|e| {
        if crate::error::is_unique_violation(&e) {
            AppError::conflict("reason_exists", "this reason is already in the list")
        } else {
            e.into()
        }
    })?;
    let detail = serde_json::json!({ "text": text });
    db::audit::record(&mut tx, Some(by.id), "reason.add", &format!("reason:{id}"), &detail, now).await?;
    tx.commit().await?;
    Ok(Reason { id, text })
}

/// Removes a reason from the list (audited; decisions already taken keep their words).
pub(crate) async fn remove_reason(state: &AppState, by: &User, id: i64) -> AppResult<()> {
    require_moderator(by)?;
    let reason = db::reasons::find(state.db.pool(), id)
        .await?
        .ok_or_else(|| AppError::not_found("reason_not_found", "there is no such reason"))?;
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    db::reasons::delete(&mut *tx, id).await?;
    let detail = serde_json::json!({ "text": reason.text });
    db::audit::record(&mut tx, Some(by.id), "reason.remove", &format!("reason:{id}"), &detail, now).await?;
    tx.commit().await?;
    Ok(())
}

/// What a bulk approval did to each entry.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub(crate) struct BulkResult {
    pub entry_id: i64,
    /// `approved`, or the error code that kept it (e.g. `entry_not_ready`).
    pub outcome: String,
}

/// Approves several entries, each as if one by one (audited, authors emailed); an entry that
/// cannot be approved is reported and the others go on.
#[tracing::instrument(skip_all, fields(by = by.id, entries = ids.len()))]
pub(crate) async fn approve_many(state: &AppState, by: &User, ids: &[i64]) -> AppResult<Vec<BulkResult>> {
    require_moderator(by)?;
    if ids.is_empty() || ids.len() > 200 {
        return Err(AppError::bad_request("invalid_selection", "select from 1 to 200 photos"));
    }
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let outcome = match decide(state, by, id, Decision::Approve).await {
            Ok(_) => "approved".to_string(),
            Err(e) if e.status.is_client_error() => e.code.to_string(),
            Err(e) => return Err(e),
        };
        out.push(BulkResult { entry_id: id, outcome });
    }
    Ok(out)
}
