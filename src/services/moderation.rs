//! A-priori moderation: approve or reject (with a reason), audited, participant told by email.

use crate::app::AppState;
use crate::clock;
use crate::db::{self, users::User};
use crate::domain::email::Email;
use crate::domain::entry::{Decision, EntryStatus};
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};

pub async fn decide(state: &AppState, moderator: &User, entry_id: i64, decision: Decision) -> AppResult<EntryStatus> {
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
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    if !db::entries::moderate(&mut *tx, entry_id, status, reason, moderator.id, now).await? {
        return Err(AppError::conflict("entry_not_ready", "this entry cannot be moderated in its current state"));
    }
    db::audit::record(
        &mut *tx,
        Some(moderator.id),
        "entry.moderate",
        &format!("entry:{entry_id}"),
        &serde_json::json!({ "before": before.as_str(), "after": status.as_str(), "reason": reason }),
        now,
    )
    .await?;
    tx.commit().await?;
    notify_participant(state, entry.participant_id, &entry.title, &decision).await;
    Ok(status)
}

/// Best effort: the decision stands even if the email cannot be sent (it is logged).
async fn notify_participant(state: &AppState, participant_id: i64, title: &str, decision: &Decision) {
    let Ok(Some(user)) = db::users::find(state.db.pool(), participant_id).await else { return };
    let Ok(email) = Email::parse(&user.email) else { return };
    let lang = user.lang;
    let (subject, body) = match decision {
        Decision::Approve => {
            (lang.t1("email-approved-subject", "title", title), lang.t1("email-approved-body", "title", title))
        }
        Decision::Reject { reason } => (
            lang.t1("email-rejected-subject", "title", title),
            lang.t2("email-rejected-body", "title", title, "reason", reason),
        ),
    };
    let body = crate::mail::with_signature(lang, body);
    if let Err(e) = state.mailer.send(&email, &subject, body).await {
        tracing::warn!(error = format!("{e:#}"), "could not email the moderation decision");
    }
}
