//! Test support: the one door through which the black-box tests (`tests/api`) look below the HTTP
//! API and the CLI — to inspect what is stored (rows, blobs, jobs, the audit log), to put the
//! database in a state no request can make (an old timetable, a crashed worker's job), or to run a
//! maintenance step at a chosen moment; and through which the benchmarks in `examples/` seed a
//! database. The application itself never uses this module; everything else in the crate is
//! private to it.

use crate::app::Application;
use crate::state::AppState;

pub use crate::clock::now;
pub use crate::db::audit::{
    for_subject as audit_for_subject, head as audit_head, page as audit_page, record as record_audit,
    seal_pending as seal_audit,
};
pub use crate::db::contests::{categories, find_by_slug as contest_by_slug};
pub use crate::db::entries::{
    NewEntry, find as entry, index_phash, insert as insert_entry, phash_candidates, renditions,
};
pub use crate::db::jobs::{
    claim as claim_job, enqueue as enqueue_job, release_all as release_jobs, state as job_state,
};
pub use crate::db::sessions::create as create_session;
pub use crate::db::users::{
    User, find as user, find_by_email as user_by_email, find_or_create_participant as participant,
};
pub use crate::db::votes::prune_windows as prune_vote_windows;
pub use crate::db::{Db, Dialect};
pub use crate::domain::audit::Line as AuditLine;
pub use crate::domain::email::Email;
pub use crate::domain::hash::Blake3Hash;
pub use crate::domain::pow::{Challenge, Solution, Spent};
pub use crate::domain::role::Role;
pub use crate::export::pdf::verify as verify_pdf;
pub use crate::jobs::housekeeping::INTERVAL_SECS as HOUSEKEEPING_INTERVAL_SECS;
pub use crate::media::phash::{NEAR_DUPLICATE_DISTANCE, distance as phash_distance};
pub use crate::media::print::jpeg_dpi;
pub use crate::media::{Format, MediaError, RENDITION_FILES, Rendered, probe as probe_photo, render as render_photo};
pub use crate::services::accounts::hash_token;
pub use crate::services::audit::verify as verify_audit;
pub use crate::services::gallery::random_rank;
pub use crate::services::retention::{RetentionPreview, RetentionReport};
pub use crate::services::submissions::{ENTRY_FORM_FIELDS, EntryFields};
pub use crate::services::voting::writer::{Refusal, VoteRequest, VoteWriter};
pub use crate::storage::{BlobKey, Storage};
pub use crate::telemetry::init as init_logs;
pub use crate::web::api::access::{OPERATIONS, Who, who};
pub use crate::web::ops::install_recorder;
pub use crate::web::session::COOKIE as SESSION_COOKIE;

/// A running application's database, blob store and maintenance steps, as a test reaches them.
#[derive(Clone)]
pub struct Probe {
    /// The database the instance writes to.
    pub db: Db,
    /// The blob store the instance writes to.
    pub storage: Storage,
    state: AppState,
}

impl Probe {
    /// The probe of a built application (taken before it runs).
    pub fn of(app: &Application) -> Probe {
        let state = app.state().clone();
        Probe { db: state.db.clone(), storage: state.storage.clone(), state }
    }

    /// The instance's vote writer (its batching queue).
    pub fn votes(&self) -> VoteWriter {
        self.state.votes.clone()
    }

    /// Wakes the instance's workers now instead of at their next poll.
    pub fn wake_workers(&self) {
        self.state.wake_workers();
    }

    /// Adds a staff account with a password; returns its id.
    pub async fn add_staff(&self, email: &str, role: &str, password: &str) -> anyhow::Result<i64> {
        let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{email}: {e:?}"))?;
        let role = Role::parse(role).map_err(|e| anyhow::anyhow!("{role}: {e:?}"))?;
        crate::services::accounts::add_staff(&self.state, &email, role, password.into())
            .await
            .map_err(|e| anyhow::anyhow!("{}", e.message))
    }

    /// `declic recount`: the entries whose totals disagree with the vote log, fixed unless `dry_run`.
    pub async fn recount(&self, dry_run: bool) -> anyhow::Result<Vec<(i64, i64, i64)>> {
        crate::services::voting::recount(&self.state, dry_run).await
    }

    /// `declic sweep`: the storage sweep, with a grace period for fresh blobs.
    pub async fn sweep(&self, grace_secs: i64, dry_run: bool) -> anyhow::Result<crate::services::sweep::SweepReport> {
        crate::services::sweep::sweep(&self.state, grace_secs, dry_run).await
    }

    /// `declic retention`: applies every contest's retention periods now.
    pub async fn retention(&self) -> anyhow::Result<RetentionReport> {
        crate::services::retention::run(&self.state).await
    }

    /// `declic retention --dry-run`: what retention would do, per contest (title, preview).
    pub async fn retention_preview(&self) -> anyhow::Result<Vec<(String, RetentionPreview)>> {
        let previews = crate::services::retention::dry_run(&self.state).await?;
        Ok(previews.into_iter().map(|(contest, preview)| (contest.title, preview)).collect())
    }

    /// Forgets resumable uploads left unfinished past their lifetime; returns how many.
    pub async fn expire_uploads(&self) -> anyhow::Result<usize> {
        crate::services::resumable::expire(&self.state).await
    }

    /// Makes the queued jobs of `kind` due now (as if their time had come) and wakes the workers;
    /// returns how many.
    pub async fn hurry_jobs(&self, kind: &str) -> anyhow::Result<u64> {
        let done = sqlx::query("UPDATE jobs SET run_at = $1 WHERE kind = $2 AND status = 'queued'")
            .bind(crate::clock::now())
            .bind(kind)
            .execute(self.db.pool())
            .await?;
        self.state.wake_workers();
        Ok(done.rows_affected())
    }

    /// Sends, from this process, the e-mails whose time has come that no worker has taken (an
    /// instance without workers would never send them); returns how many are still queued or being
    /// sent by a worker.
    pub async fn deliver_mail(&self) -> anyhow::Result<i64> {
        use crate::jobs::job::{Job, SEND_MAIL};
        let (pool, now) = (self.db.pool(), crate::clock::now());
        let due: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, payload FROM jobs WHERE kind = $1 AND status = 'queued' AND run_at <= $2")
                .bind(SEND_MAIL)
                .bind(now)
                .fetch_all(pool)
                .await?;
        for (id, payload) in due {
            let taken = sqlx::query(
                "UPDATE jobs SET status = 'running', locked_by = 'test-probe', locked_until = $1, attempts = attempts + 1 \
                 WHERE id = $2 AND status = 'queued'",
            )
            .bind(now + 60)
            .bind(id)
            .execute(pool)
            .await?;
            if taken.rows_affected() != 1 {
                continue;
            }
            let Ok(Job::SendMail(mail)) = Job::parse(SEND_MAIL, &payload) else { continue };
            match crate::jobs::mail::run(&self.state, &mail).await {
                Ok(()) => crate::db::jobs::complete(pool, id, "test-probe", now, true).await?,
                Err(e) => {
                    let error = format!("{e:?}");
                    crate::db::jobs::fail(pool, id, "test-probe", &error, Some(now + 5), now).await?
                }
            }
        }
        self.due_jobs(SEND_MAIL).await
    }

    /// Jobs of `kind` whose time has come, queued or running.
    pub async fn due_jobs(&self, kind: &str) -> anyhow::Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM jobs WHERE kind = $1 AND status IN ('queued', 'running') AND run_at <= $2",
        )
        .bind(kind)
        .bind(crate::clock::now())
        .fetch_one(self.db.pool())
        .await?)
    }

    /// The housekeeping's moderation digests, now; how many were queued.
    pub async fn send_alert_digests(&self) -> anyhow::Result<usize> {
        crate::services::alerts::send_digests(&self.state).await
    }

    /// Queues the next housekeeping round unless one is queued or running.
    pub async fn schedule_housekeeping(&self) -> anyhow::Result<()> {
        crate::jobs::housekeeping::schedule(&self.state).await
    }
}
