//! E-mail through the durable job queue: queued in the transaction of what it announces, sent by a
//! worker, retried with back-off while the mail server fails (about an hour and a half in all),
//! then shown to staff, who may send it again. A sent message's text is not kept in the queue.

use sqlx::AnyExecutor;

use super::JobError;
use super::job::{Job, SendMail};
use crate::domain::email::Email;
use crate::i18n::Lang;
use crate::state::AppState;

/// Tries before a message is given up (back-off 5 s, 10 s, … 43 min between them).
pub(crate) const MAX_TRIES: i64 = 10;

/// Queues a message to `to`; the caller wakes the workers once its transaction is committed.
pub(crate) async fn queue(
    ex: impl AnyExecutor<'_>,
    to: &Email,
    subject: &str,
    body: String,
    now: i64,
) -> Result<(), sqlx::Error> {
    let job = Job::SendMail(SendMail { to: to.as_str().to_string(), subject: subject.to_string(), body });
    crate::db::jobs::enqueue_tries(ex, job.kind(), &job.payload(), now, now, MAX_TRIES).await.map(|_| ())
}

/// As [`queue`], the body ended with the signature in the reader's language.
pub(crate) async fn queue_signed(
    ex: impl AnyExecutor<'_>,
    to: &Email,
    lang: Lang,
    subject: &str,
    body: String,
    now: i64,
) -> Result<(), sqlx::Error> {
    queue(ex, to, subject, crate::mail::with_signature(lang, body), now).await
}

/// Sends one queued message; a mail server that fails is retried, an address that cannot be
/// written never will be.
pub(crate) async fn run(state: &AppState, m: &SendMail) -> Result<(), JobError> {
    let to = Email::parse(&m.to).map_err(|e| JobError::Permanent(format!("recipient: {}", e.message)))?;
    state.mailer.send(&to, &m.subject, m.body.clone()).await.map_err(JobError::Retry)
}
