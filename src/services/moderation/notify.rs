//! Telling a participant of a moderation decision: queued when the decision is taken, sent by a
//! worker once it can no longer be undone, and only if it still stands.

use crate::clock;
use crate::db;
use crate::domain::email::Email;
use crate::domain::entry::EntryStatus;
use crate::error::AppResult;
use crate::jobs::{Job, enqueue, job::NotifyDecision};
use crate::state::AppState;

/// Queues the e-mail of a decision taken at `decided_at`, to leave when its undo window closes.
pub(crate) async fn queue(
    tx: &mut sqlx::AnyConnection,
    state: &AppState,
    entry_id: i64,
    status: EntryStatus,
    decided_at: i64,
) -> AppResult<()> {
    let run_at = decided_at + state.settings.moderation_undo.as_secs() as i64;
    let job = Job::NotifyDecision(NotifyDecision { entry_id, decided_at, status: status.as_str().to_string() });
    enqueue(&mut *tx, &job, run_at, clock::now()).await?;
    Ok(())
}

/// Sends the e-mail of the decision the job names, unless it was undone or replaced since
/// (or the entry or its author is gone); the message itself leaves through the mail queue.
pub(crate) async fn run(state: &AppState, job: &NotifyDecision) -> anyhow::Result<()> {
    let pool = state.db.pool();
    if db::moderation::decided_at(pool, job.entry_id).await? != Some(job.decided_at) {
        return Ok(());
    }
    let Some(entry) = db::entries::find(pool, job.entry_id).await? else { return Ok(()) };
    if entry.status().as_str() != job.status {
        return Ok(());
    }
    let Some(user) = db::users::find(pool, entry.participant_id).await? else { return Ok(()) };
    let Ok(email) = Email::parse(&user.email) else { return Ok(()) };
    let (lang, title) = (user.lang, entry.title.as_str());
    let (subject, body) = match entry.status() {
        EntryStatus::Approved => {
            // Its address and a way to share it, to gather votes.
            let url = crate::services::sharing::photo_url(state, entry.id);
            let links: Vec<String> = crate::services::sharing::links(&url, title)
                .into_iter()
                .map(|(net, link)| lang.t2("email-share-line", "network", net, "link", link))
                .collect();
            let body = lang
                .tn("email-approved-body", &[("title", title.to_string()), ("link", url), ("share", links.join("\n"))]);
            (lang.t1("email-approved-subject", "title", title), body)
        }
        EntryStatus::Rejected => {
            let reason = entry.rejection_reason.clone().unwrap_or_default();
            (
                lang.t1("email-rejected-subject", "title", title),
                lang.t2("email-rejected-body", "title", title, "reason", reason),
            )
        }
        _ => return Ok(()),
    };
    let mut tx = state.db.begin_write().await?;
    crate::jobs::mail::queue_signed(&mut *tx, &email, lang, &subject, body, clock::now()).await?;
    tx.commit().await?;
    state.wake_workers();
    Ok(())
}
