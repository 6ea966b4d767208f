//! The worker pool: claims jobs from the shared database with a lease, heartbeats while running,
//! retries failures with backoff, and on shutdown finishes or hands back what it holds.

pub(crate) mod housekeeping;
pub(crate) mod job;
pub(crate) mod mail;
pub(crate) mod render;

use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::clock;
use crate::db::jobs::{self, JobRow};
use crate::state::AppState;
pub(crate) use job::{Job, enqueue};

/// How long a worker keeps going after shutdown is asked before handing its job back.
/// Interruptions after which a job is given up: only one that brings its worker down each time.
const MAX_INTERRUPTIONS: i64 = 100;
const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);
const POLL_INTERVAL: Duration = Duration::from_millis(1000);

/// How a job failed.
#[derive(Debug)]
pub(crate) enum JobError {
    /// Worth trying again later (storage or database unavailable).
    Retry(anyhow::Error),
    /// Will never succeed (unreadable photo): stop and record why.
    Permanent(String),
}

impl<E: Into<anyhow::Error>> From<E> for JobError {
    fn from(e: E) -> Self {
        JobError::Retry(e.into())
    }
}

/// Running workers; dropping it does not stop them, [`WorkerPool::shutdown`] does.
pub(crate) struct WorkerPool {
    handles: Vec<JoinHandle<()>>,
    cancel: CancellationToken,
}

impl WorkerPool {
    /// Starts `count` workers, and queues the cluster's housekeeping if none is queued.
    pub(crate) fn spawn(state: AppState, count: usize) -> Self {
        let scheduling = state.clone();
        tokio::spawn(async move {
            if let Err(e) = housekeeping::schedule(&scheduling).await {
                tracing::warn!(error = format!("{e:#}"), "could not queue the housekeeping");
            }
        });
        let cancel = CancellationToken::new();
        let process = format!("{}-{}", std::process::id(), &uuid::Uuid::new_v4().simple().to_string()[..8]);
        let handles = (0..count)
            .map(|n| {
                let worker = Worker { state: state.clone(), id: format!("{process}/{n}"), cancel: cancel.clone() };
                tokio::spawn(worker.run())
            })
            .collect();
        WorkerPool { handles, cancel }
    }

    /// Stops claiming; lets running jobs finish within the grace period, else releases them.
    pub(crate) async fn shutdown(self) {
        self.cancel.cancel();
        for h in self.handles {
            let _ = h.await;
        }
    }
}

struct Worker {
    state: AppState,
    id: String,
    cancel: CancellationToken,
}

impl Worker {
    async fn run(self) {
        tracing::debug!(worker = %self.id, "worker started");
        while !self.cancel.is_cancelled() {
            let now = clock::now();
            let lease = self.state.settings.job_lease.as_secs() as i64;
            match jobs::claim(&self.state.db, &self.id, now, now + lease).await {
                Ok(Some(job)) => self.process(job).await,
                Ok(None) => {
                    tokio::select! {
                        _ = self.state.jobs_notify.notified() => {}
                        _ = tokio::time::sleep(POLL_INTERVAL) => {}
                        _ = self.cancel.cancelled() => {}
                    }
                }
                Err(e) => {
                    tracing::warn!(worker = %self.id, error = %e, "could not claim a job");
                    tokio::time::sleep(POLL_INTERVAL).await;
                }
            }
        }
        tracing::debug!(worker = %self.id, "worker stopped");
    }

    async fn process(&self, job: JobRow) {
        let started = std::time::Instant::now();
        let span = tracing::info_span!("job", id = job.id, kind = %job.kind, attempt = job.attempts);
        let _enter = span.enter();
        // Interruptions (a worker killed, a lease run out) are no failure; only a job that keeps
        // taking its worker down with it is given up, long after any outage.
        if job.interruptions() >= MAX_INTERRUPTIONS {
            self.give_up(&job, "the job was interrupted too many times (its worker stopped each time)").await;
            return;
        }
        let heartbeat = self.heartbeat(job.id);
        let outcome = tokio::select! {
            r = execute(&self.state, &job) => Some(r),
            _ = async { self.cancel.cancelled().await; tokio::time::sleep(SHUTDOWN_GRACE).await } => None,
        };
        heartbeat.abort();
        let now = clock::now();
        let db = self.state.db.pool();
        let result = match outcome {
            None => {
                tracing::warn!("shutting down: job handed back to the queue");
                jobs::release_all(db, &self.id, now).await.map(|_| ())
            }
            Some(Ok(())) => {
                metrics::counter!("declic_jobs_total", "kind" => job.kind.clone(), "outcome" => "done").increment(1);
                metrics::histogram!("declic_job_seconds", "kind" => job.kind.clone())
                    .record(started.elapsed().as_secs_f64());
                // A message's text is not kept once it has left.
                jobs::complete(db, job.id, &self.id, now, job.kind == job::SEND_MAIL).await
            }
            Some(Err(JobError::Permanent(reason))) => {
                self.give_up(&job, &reason).await;
                Ok(())
            }
            Some(Err(JobError::Retry(e))) if job.failures + 1 >= job.max_attempts => {
                self.give_up(&job, &format!("{e:#}")).await;
                Ok(())
            }
            Some(Err(JobError::Retry(e))) => {
                let delay = 5i64 << job.failures.clamp(0, 10);
                tracing::warn!(error = format!("{e:#}"), retry_in_secs = delay, "job failed, will retry");
                metrics::counter!("declic_jobs_total", "kind" => job.kind.clone(), "outcome" => "retry").increment(1);
                jobs::fail(db, job.id, &self.id, &format!("{e:#}"), Some(now + delay), now).await
            }
        };
        if let Err(e) = result {
            tracing::error!(error = %e, "could not record the job's outcome; its lease will expire and it will run again");
        }
    }

    async fn give_up(&self, job: &JobRow, reason: &str) {
        tracing::error!(reason, "job failed for good");
        metrics::counter!("declic_jobs_total", "kind" => job.kind.clone(), "outcome" => "failed").increment(1);
        let now = clock::now();
        if let Err(e) = on_give_up(&self.state, job, reason).await {
            tracing::error!(error = %e, "could not record the failure on its subject");
        }
        if let Err(e) = jobs::fail(self.state.db.pool(), job.id, &self.id, reason, None, now).await {
            tracing::error!(error = %e, "could not mark the job failed");
        }
    }

    /// Extends the lease while the job runs, so long jobs are not taken by another worker.
    fn heartbeat(&self, job_id: i64) -> JoinHandle<()> {
        let db = self.state.db.clone();
        let worker = self.id.clone();
        let lease = self.state.settings.job_lease;
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(lease / 3).await;
                let until = clock::now() + lease.as_secs() as i64;
                if let Err(e) = jobs::heartbeat(db.pool(), job_id, &worker, until).await {
                    tracing::warn!(error = %e, "job heartbeat failed");
                }
            }
        })
    }
}

async fn execute(state: &AppState, job: &JobRow) -> Result<(), JobError> {
    match Job::parse(&job.kind, &job.payload)? {
        Job::RenderEntry(p) => render::run(state, &p).await,
        Job::Housekeeping(p) => housekeeping::run(state, &p).await,
        Job::NotifyDecision(p) => crate::services::moderation::notify::run(state, &p).await.map_err(JobError::Retry),
        Job::SendMail(m) => mail::run(state, &m).await,
    }
}

async fn on_give_up(state: &AppState, job: &JobRow, reason: &str) -> anyhow::Result<()> {
    if let Ok(Job::RenderEntry(p)) = Job::parse(&job.kind, &job.payload) {
        render::give_up(state, &p, reason).await?;
    }
    Ok(())
}
