//! The kinds of background job, typed: each kind has its name in the queue and its payload (JSON).
//! A job is made with its payload and put in the queue by [`enqueue`], inside the caller's
//! transaction; a worker reads it back with [`Job::parse`].

use serde::{Deserialize, Serialize};
use sqlx::AnyExecutor;

use super::JobError;

/// A background job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Job {
    /// Make an entry's public renditions and move it to moderation.
    RenderEntry(RenderEntry),
    /// The cluster's periodic housekeeping (one queued at a time: see `jobs::housekeeping`).
    Housekeeping(Housekeeping),
    /// Tell a participant of a moderation decision once it can no longer be undone.
    NotifyDecision(NotifyDecision),
    /// Send one e-mail (see `jobs::mail`).
    SendMail(SendMail),
}

/// Payload of [`Job::SendMail`]: the message as written (forgotten once sent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SendMail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Payload of [`Job::RenderEntry`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RenderEntry {
    pub entry_id: i64,
    /// Re-make missing renditions of an entry already processed, leaving its status alone.
    #[serde(default)]
    pub repair: bool,
}

/// Payload of [`Job::Housekeeping`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Housekeeping {
    /// How many runs came before this one (the slower tasks run every few rounds).
    pub round: u64,
}

/// Payload of [`Job::NotifyDecision`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct NotifyDecision {
    pub entry_id: i64,
    /// When the decision was taken, and which: a decision undone or replaced since is not
    /// announced.
    pub decided_at: i64,
    /// `approved` or `rejected`.
    pub status: String,
}

impl Job {
    /// The entry's first rendering.
    pub(crate) fn render(entry_id: i64) -> Job {
        Job::RenderEntry(RenderEntry { entry_id, repair: false })
    }

    /// Missing renditions of an entry already processed, made again.
    pub(crate) fn repair(entry_id: i64) -> Job {
        Job::RenderEntry(RenderEntry { entry_id, repair: true })
    }

    /// Its name in the queue (stored; never renamed, or queued jobs would be lost).
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Job::RenderEntry(_) => RENDER_ENTRY,
            Job::Housekeeping(_) => HOUSEKEEPING,
            Job::NotifyDecision(_) => NOTIFY_DECISION,
            Job::SendMail(_) => SEND_MAIL,
        }
    }

    /// Its payload as stored.
    pub(crate) fn payload(&self) -> String {
        let json = match self {
            Job::RenderEntry(p) => serde_json::to_string(p),
            Job::Housekeeping(p) => serde_json::to_string(p),
            Job::NotifyDecision(p) => serde_json::to_string(p),
            Job::SendMail(p) => serde_json::to_string(p),
        };
        json.expect("job payloads are plain structs")
    }

    /// The job a queue row holds; an unknown kind or a payload that does not fit its kind is a
    /// permanent failure (retrying would not help).
    pub(crate) fn parse(kind: &str, payload: &str) -> Result<Job, JobError> {
        fn read<T: serde::de::DeserializeOwned>(kind: &str, payload: &str) -> Result<T, JobError> {
            serde_json::from_str(payload).map_err(|e| JobError::Permanent(format!("bad `{kind}` payload: {e}")))
        }
        match kind {
            RENDER_ENTRY => read(kind, payload).map(Job::RenderEntry),
            HOUSEKEEPING => read(kind, payload).map(Job::Housekeeping),
            NOTIFY_DECISION => read(kind, payload).map(Job::NotifyDecision),
            SEND_MAIL => read(kind, payload).map(Job::SendMail),
            other => Err(JobError::Permanent(format!("unknown job kind `{other}`"))),
        }
    }
}

/// Names of the kinds in the queue.
const RENDER_ENTRY: &str = "render_entry";
pub(crate) const HOUSEKEEPING: &str = "housekeeping";
pub(crate) const NOTIFY_DECISION: &str = "notify_decision";
pub(crate) const SEND_MAIL: &str = "send_mail";

/// Puts `job` in the queue, to run from `run_at` on. Returns its id, or `None` when the queue
/// refuses it as a second queued housekeeping (one is enough for the whole cluster).
pub(crate) async fn enqueue(
    ex: impl AnyExecutor<'_>,
    job: &Job,
    run_at: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    crate::db::jobs::enqueue(ex, job.kind(), &job.payload(), run_at, now).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_reads_back_as_it_was_queued() {
        let notify =
            Job::NotifyDecision(NotifyDecision { entry_id: 4, decided_at: 1_800_000_000, status: "approved".into() });
        let mail =
            Job::SendMail(SendMail { to: "a@example.org".into(), subject: "Objet".into(), body: "Texte".into() });
        for job in [Job::render(7), Job::repair(8), Job::Housekeeping(Housekeeping { round: 3 }), notify, mail] {
            assert_eq!(Job::parse(job.kind(), &job.payload()).unwrap(), job);
        }
    }

    #[test]
    fn payloads_queued_before_jobs_were_typed_still_read() {
        assert_eq!(Job::parse("render_entry", r#"{"entry_id": 5}"#).unwrap(), Job::render(5));
        assert_eq!(Job::parse("render_entry", r#"{"entry_id": 5, "repair": true}"#).unwrap(), Job::repair(5));
    }

    #[test]
    fn unknown_kinds_and_bad_payloads_fail_for_good() {
        assert!(matches!(Job::parse("noop", "{}"), Err(JobError::Permanent(_))));
        assert!(matches!(Job::parse("render_entry", r#"{"entry": 5}"#), Err(JobError::Permanent(_))));
    }
}
