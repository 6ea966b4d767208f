//! E-mail alerts for staff who moderate: a digest of the photos awaiting moderation at the
//! interval each chose (sent by the housekeeping), and an alert as soon as a photo is reported —
//! at most one of each per interval, whichever instance sends it.

use crate::clock;
use crate::db::{self, alerts::Kind, users::User};
use crate::domain::alert::AlertEvery;
use crate::domain::email::Email;
use crate::domain::role::Capability;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::state::AppState;

fn require_moderator(by: &User) -> AppResult<()> {
    super::require(by, Capability::Moderate)
}

/// How often `by` is alerted.
pub(crate) async fn every(state: &AppState, by: &User) -> AppResult<AlertEvery> {
    require_moderator(by)?;
    Ok(AlertEvery::from_minutes(db::alerts::minutes(state.db.pool(), by.id).await?))
}

/// Sets how often `by` is alerted.
pub(crate) async fn set_every(state: &AppState, by: &User, every: AlertEvery) -> AppResult<AlertEvery> {
    require_moderator(by)?;
    let mut tx = state.db.begin_write().await?;
    db::alerts::set_minutes(&mut *tx, by.id, every.minutes()).await?;
    tx.commit().await?;
    Ok(every)
}

/// Queues the message of an alert of `kind` to each member due one, each claimed first; returns
/// how many were queued.
async fn send(
    state: &AppState,
    kind: Kind,
    write: impl Fn(Lang, AlertEvery) -> (String, String),
) -> anyhow::Result<usize> {
    let now = clock::now();
    let mut sent = 0;
    for (id, email, lang, minutes) in db::alerts::due(state.db.pool(), kind, now).await? {
        let Ok(to) = Email::parse(&email) else { continue };
        let lang = Lang::from_code(&lang).unwrap_or_default();
        let every = AlertEvery::from_minutes(minutes);
        let (subject, body) = write(lang, every);
        let mut tx = state.db.begin_write().await?;
        if db::alerts::claim(&mut *tx, kind, id, now).await? {
            crate::jobs::mail::queue_signed(&mut *tx, &to, lang, &subject, body, now).await?;
            sent += 1;
        }
        tx.commit().await?;
    }
    if sent > 0 {
        state.wake_workers();
    }
    Ok(sent)
}

/// The link to the moderation page and the line that says how to change the alerts.
fn footer(state: &AppState, lang: Lang, every: AlertEvery) -> (String, String) {
    let base = state.settings.public_url.as_str().trim_end_matches('/').to_string();
    let settings = lang.t2(
        "email-alerts-footer",
        "every",
        lang.t(&format!("alert-every-{}", every.as_str())),
        "link",
        format!("{base}/moderation#alerts"),
    );
    (format!("{base}/moderation"), settings)
}

/// The housekeeping's digest: to each member due one, how many photos wait (per contest), since
/// when, and how many reports are open; nothing when no photo waits.
pub(crate) async fn send_digests(state: &AppState) -> anyhow::Result<usize> {
    let pool = state.db.pool();
    let waiting = db::moderation::pending_by_contest(pool).await?;
    let total: i64 = waiting.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return Ok(0);
    }
    let oldest = db::stats::oldest_pending(pool, None).await?.unwrap_or_else(clock::now);
    let reports = db::reports::open(pool, 1000).await?.len();
    let now = clock::now();
    send(state, Kind::Digest, |lang, every| {
        let lines: Vec<String> = waiting
            .iter()
            .map(|(title, n)| {
                lang.t2("email-digest-line", "contest", title, "count", crate::readable::integer(*n, lang))
            })
            .collect();
        let (link, settings) = footer(state, lang, every);
        let count = crate::readable::integer(total, lang);
        let subject = lang.tn("email-digest-subject", &[("count", total.to_string()), ("shown", count.clone())]);
        let body = lang.tn(
            "email-digest-body",
            &[
                ("count", total.to_string()),
                ("shown", count),
                ("age", crate::readable::remaining(oldest, now, lang)),
                ("contests", lines.join("\n")),
                ("reports", reports.to_string()),
                ("link", link),
                ("settings", settings),
            ],
        );
        (subject, body)
    })
    .await
}

/// Alerts the members due one that `entry_id` was just reported (best effort: the report stands
/// if the alert cannot be queued).
pub(crate) async fn report_filed(state: &AppState, entry_id: i64, reason: &str) {
    let title = match db::entries::find(state.db.pool(), entry_id).await {
        Ok(Some(e)) => e.title,
        _ => return,
    };
    let sent = send(state, Kind::Report, |lang, every| {
        let (link, settings) = footer(state, lang, every);
        let why = lang.t(&format!("report-reason-{}", reason.replace('_', "-")));
        let subject = lang.t1("email-report-alert-subject", "title", &title);
        let body = lang.tn(
            "email-report-alert-body",
            &[("title", title.clone()), ("reason", why), ("link", format!("{link}#reports")), ("settings", settings)],
        );
        (subject, body)
    })
    .await;
    if let Err(e) = sent {
        tracing::warn!(error = format!("{e:#}"), "could not queue the report alerts");
    }
}
