//! "Report abuse" on public photos: anyone may report (reason, optional details and email),
//! rate-limited per address; reports reach the moderators, who hide the photo at once (and may
//! show it again) or dismiss the report. Every decision is in the audit log.

use std::net::IpAddr;

use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::clock;
use crate::db::{self, reports::NewReport, users::User};
use crate::domain::email::Email;
use crate::domain::entry::EntryStatus;
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};
use crate::services::publication;
use crate::state::AppState;

/// Why a photo is reported.
pub(crate) const REASONS: [&str; 5] = ["offensive", "personal_data", "copyright", "spam", "other"];

/// A report as sent.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub(crate) struct ReportInput {
    /// `offensive`, `personal_data`, `copyright`, `spam` or `other`.
    #[schema(pattern = "^(offensive|personal_data|copyright|spam|other)$")]
    pub reason: String,
    /// What is wrong (up to 1000 characters).
    #[serde(default)]
    #[schema(max_length = 1000, pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$")]
    pub details: Option<String>,
    /// To be told what was decided (optional).
    #[serde(default)]
    #[schema(max_length = 254, format = Email)]
    pub email: Option<String>,
}

/// A report whose fields were read: a known reason, bounded details, a valid address.
pub(crate) struct CheckedReport {
    reason: &'static str,
    details: Option<String>,
    email: Option<Email>,
}

impl ReportInput {
    /// Reads the report's fields (before anything else is decided about it, a robot's included).
    pub(crate) fn check(&self) -> AppResult<CheckedReport> {
        let reason = REASONS.iter().find(|r| **r == self.reason).ok_or_else(|| {
            AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_reason", "choose why you report this photo")
        })?;
        let details = match self.details.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => Some(crate::domain::bounded_text(d, 1, 1000, "invalid_details", "the details")?),
            None => None,
        };
        let email = match self.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
            Some(e) => Some(Email::parse(e)?),
            None => None,
        };
        Ok(CheckedReport { reason, details, email })
    }
}

/// Records a report on a public photo.
#[tracing::instrument(skip_all, fields(entry = entry_id))]
pub(crate) async fn report(state: &AppState, entry_id: i64, report: &CheckedReport, ip: IpAddr) -> AppResult<i64> {
    super::voting::public_entry(state, entry_id).await?;
    let CheckedReport { reason, details, email } = report;
    let reason = *reason;
    state.limits.check_report(ip)?;
    let new = NewReport {
        entry_id,
        reason,
        details: details.as_deref(),
        email: email.as_ref().map(|e| e.as_str()),
        ip_hash: &state.keys.hash_client(ip),
        now: clock::now(),
    };
    let id = db::reports::insert(state.db.pool(), &new).await?;
    metrics::counter!("declic_reports_total").increment(1);
    tracing::info!(entry = entry_id, report = id, reason, "photo reported");
    super::alerts::report_filed(state, entry_id, reason).await;
    Ok(id)
}

/// An open report as moderators see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ReportView {
    pub id: i64,
    pub entry_id: i64,
    pub reason: String,
    pub details: Option<String>,
    pub email: Option<String>,
    pub created_at: String,
}

/// Reports awaiting a decision, oldest first (moderators).
pub(crate) async fn open(state: &AppState, by: &User) -> AppResult<Vec<ReportView>> {
    if !by.role.can(Capability::Moderate) {
        return Err(AppError::forbidden());
    }
    Ok(db::reports::open(state.db.pool(), 200)
        .await?
        .into_iter()
        .map(|r| ReportView {
            id: r.id,
            entry_id: r.entry_id,
            reason: r.reason,
            details: r.details,
            email: r.email,
            created_at: clock::rfc3339(r.created_at),
        })
        .collect())
}

/// Hides an entry from the public at once (its open reports are resolved) or shows it again.
#[tracing::instrument(skip_all, fields(by = by.id, entry = entry_id, hidden = hidden))]
pub(crate) async fn set_hidden(state: &AppState, by: &User, entry_id: i64, hidden: bool) -> AppResult<()> {
    if !by.role.can(Capability::Moderate) {
        return Err(AppError::forbidden());
    }
    let entry = db::entries::find(state.db.pool(), entry_id)
        .await?
        .ok_or_else(|| AppError::not_found("entry_not_found", "there is no such photo"))?;
    if !hidden && entry.status() == EntryStatus::Approved {
        publication::publish(state, &entry.original_hash).await.map_err(AppError::storage)?;
    }
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    db::reports::set_hidden(&mut *tx, entry_id, hidden.then_some(now)).await?;
    let resolved = match hidden {
        true => db::reports::resolve(&mut *tx, entry_id, None, "hidden", by.id, now).await?,
        false => 0,
    };
    let detail = serde_json::json!({
        "before": { "hidden": entry.hidden_at.is_some() },
        "after": { "hidden": hidden },
        "reports_resolved": resolved,
    });
    let action = if hidden { "entry.hide" } else { "entry.show" };
    db::audit::record(&mut tx, Some(by.id), action, &format!("entry:{entry_id}"), &detail, now).await?;
    let committed = tx.commit().await;
    publication::sync(state, &entry.original_hash).await;
    committed?;
    if hidden && entry.hidden_at.is_none() {
        tell_author(state, entry.participant_id, &entry.title).await;
    }
    Ok(())
}

/// Best effort: the author learns their photo was hidden (the decision stands if the email fails).
async fn tell_author(state: &AppState, author: i64, title: &str) {
    let Ok(Some(user)) = db::users::find(state.db.pool(), author).await else { return };
    let Ok(email) = Email::parse(&user.email) else { return };
    let lang = user.lang;
    let subject = lang.t1("email-hidden-subject", "title", title);
    let body = lang.t1("email-hidden-body", "title", title);
    let queued = async {
        let mut tx = state.db.begin_write().await?;
        crate::jobs::mail::queue_signed(&mut *tx, &email, lang, &subject, body, crate::clock::now()).await?;
        tx.commit().await
    };
    match queued.await {
        Ok(()) => state.wake_workers(),
        Err(e) => tracing::warn!(error = %e, "could not queue the e-mail telling the author their photo was hidden"),
    }
}

/// Closes a report without hiding the photo.
#[tracing::instrument(skip_all, fields(by = by.id, report = report_id))]
pub(crate) async fn dismiss(state: &AppState, by: &User, report_id: i64) -> AppResult<()> {
    if !by.role.can(Capability::Moderate) {
        return Err(AppError::forbidden());
    }
    let report = db::reports::find_open(state.db.pool(), report_id)
        .await?
        .ok_or_else(|| AppError::not_found("report_not_found", "there is no such open report"))?;
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    db::reports::resolve(&mut *tx, report.entry_id, Some(report_id), "dismissed", by.id, now).await?;
    let detail = serde_json::json!({ "report": report_id, "reason": report.reason, "resolution": "dismissed" });
    db::audit::record(&mut tx, Some(by.id), "report.dismiss", &format!("entry:{}", report.entry_id), &detail, now)
        .await?;
    tx.commit().await?;
    Ok(())
}
