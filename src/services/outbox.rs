//! E-mails that could not be sent, as administrators see them: to whom, what, why, and a way to
//! send one again once the mail server is back.

use crate::clock;
use crate::db::{self, users::User};
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};
use crate::jobs::job::{Job, SEND_MAIL};
use crate::state::AppState;

/// A message the queue has not managed to send.
#[derive(Debug, Clone)]
pub(crate) struct Undelivered {
    pub id: i64,
    pub to: String,
    pub subject: String,
    /// Given up (else it will be tried again).
    pub given_up: bool,
    pub failures: i64,
    /// What the mail server or the network answered last.
    pub error: String,
    /// Unix time of the last try.
    pub at: i64,
}

fn require_admin(by: &User) -> AppResult<()> {
    super::require(by, Capability::Administer)
}

/// The latest messages given up or waiting for another try (at most 50).
pub(crate) async fn undelivered(state: &AppState, by: &User) -> AppResult<Vec<Undelivered>> {
    require_admin(by)?;
    let rows = db::jobs::troubled(state.db.pool(), SEND_MAIL, 50).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let Ok(Job::SendMail(m)) = Job::parse(SEND_MAIL, &r.payload) else { return None };
            Some(Undelivered {
                id: r.id,
                to: m.to,
                // A sign-in e-mail's subject carries its code: never shown, even to staff.
                subject: crate::domain::login_code::masked(&m.subject),
                given_up: r.status == "failed",
                failures: r.failures,
                error: r.last_error.unwrap_or_default(),
                at: r.updated_at,
            })
        })
        .collect())
}

/// Sends a message again now, with all its tries (audited `mail.resend`).
pub(crate) async fn resend(state: &AppState, by: &User, id: i64) -> AppResult<()> {
    require_admin(by)?;
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    if !db::jobs::requeue(&mut *tx, SEND_MAIL, id, now).await? {
        return Err(AppError::not_found("mail_not_found", "there is no such e-mail waiting to be sent again"));
    }
    db::audit::record(&mut tx, Some(by.id), "mail.resend", &format!("job:{id}"), &serde_json::json!({}), now).await?;
    tx.commit().await?;
    state.wake_workers();
    Ok(())
}
