//! The cluster's periodic housekeeping, as a job: one is queued at a time (migration 0026), so it
//! runs once per interval for the whole cluster, on whichever worker claims it (`declic serve` or
//! `declic worker`), and a killed worker's run is taken over when its lease ends. Each run queues
//! the next one first. It forgets expired sessions, running totals of votes past the longest
//! window, expired unfinished uploads and finished jobs; e-mails moderators their digest; catches up the most-voted order an
//! instance left behind; and every sixth run (hourly) applies ended retention periods.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::JobError;
use super::job::{self, Housekeeping, Job};
use crate::clock;
use crate::state::AppState;

/// Time between two runs.
pub const INTERVAL_SECS: i64 = 600;
/// Runs between two applications of the retention periods (hourly).
const RETENTION_EVERY: u64 = 6;
/// Finished jobs are kept this long, for operators.
const KEEP_DONE_JOBS_SECS: i64 = 7 * 86_400;

/// Queues the first run, an interval from now, unless one is queued or running already (every
/// process that works jobs calls it when it starts: the first one queues it, the others' calls
/// are no-ops, even while a run is between its claim and its queuing the next one).
pub(crate) async fn schedule(state: &AppState) -> anyhow::Result<()> {
    let now = clock::now();
    let first = Job::Housekeeping(Housekeeping { round: 0 });
    crate::db::jobs::enqueue_if_none(state.db.pool(), first.kind(), &first.payload(), now + INTERVAL_SECS, now).await?;
    Ok(())
}

/// One run. Each task's failure is logged and the others go on; the run itself always succeeds
/// (the next one tries again), so it never waits in the queue beside the next one.
pub(crate) async fn run(state: &AppState, this: &Housekeeping) -> Result<(), JobError> {
    let now = clock::now();
    let next = Job::Housekeeping(Housekeeping { round: this.round + 1 });
    job::enqueue(state.db.pool(), &next, now + INTERVAL_SECS, now).await?;
    let pool = state.db.pool();
    if let Err(e) = crate::db::sessions::delete_expired(pool, now).await {
        tracing::warn!(error = %e, "could not purge expired sessions");
    }
    if let Err(e) = crate::db::sessions::delete_expired_links(pool, now).await {
        tracing::warn!(error = %e, "could not purge expired sign-in e-mails");
    }
    if let Err(e) = crate::db::votes::prune_windows(pool, now).await {
        tracing::warn!(error = %e, "could not prune the running totals of votes");
    }
    if let Err(e) = crate::db::votes::rank_all(pool).await {
        tracing::warn!(error = %e, "could not catch up the most-voted order");
    }
    match crate::services::resumable::expire(state).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(uploads = n, "expired unfinished uploads deleted"),
        Err(e) => tracing::warn!(error = %e, "could not delete expired uploads"),
    }
    if let Err(e) = crate::db::jobs::purge_done(pool, now - KEEP_DONE_JOBS_SECS).await {
        tracing::warn!(error = %e, "could not forget finished jobs");
    }
    match crate::services::alerts::send_digests(state).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(digests = n, "moderation digests queued"),
        Err(e) => tracing::warn!(error = format!("{e:#}"), "could not send the moderation digests"),
    }
    // Retention periods, hourly (idempotent: a run with nothing due does nothing).
    if this.round.is_multiple_of(RETENTION_EVERY)
        && let Err(e) = crate::services::retention::run(state).await
    {
        tracing::warn!(error = format!("{e:#}"), "could not apply retention periods");
    }
    Ok(())
}

/// What stays in each process's memory: its rate-limit keys back to a full allowance are
/// forgotten every interval, so memory stays bounded.
pub(crate) async fn forget_idle_limits(state: AppState, cancel: CancellationToken) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(INTERVAL_SECS as u64)) => {}
            _ = cancel.cancelled() => return,
        }
        state.limits.forget_idle();
    }
}
