//! Moderators' e-mail alerts: how often each wants them, and who is due one (claimed with a
//! conditional update, so one instance only sends it).

use sqlx::AnyExecutor;

pub(crate) async fn minutes(ex: impl AnyExecutor<'_>, user_id: i64) -> Result<i64, sqlx::Error> {
    let m: Option<i64> =
        sqlx::query_scalar("SELECT alert_minutes FROM users WHERE id = $1").bind(user_id).fetch_optional(ex).await?;
    Ok(m.unwrap_or(0))
}

pub(crate) async fn set_minutes(ex: impl AnyExecutor<'_>, user_id: i64, minutes: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET alert_minutes = $1 WHERE id = $2").bind(minutes).bind(user_id).execute(ex).await?;
    Ok(())
}

/// Which alert: each has its own last-sent time.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    Digest,
    Report,
}

impl Kind {
    fn column(self) -> &'static str {
        match self {
            Kind::Digest => "digest_sent_at",
            Kind::Report => "report_alert_sent_at",
        }
    }
}

/// Staff who moderate, want alerts and are due one of `kind` at `now`: (id, email, lang,
/// minutes between alerts).
pub(crate) async fn due(
    ex: impl AnyExecutor<'_>,
    kind: Kind,
    now: i64,
) -> Result<Vec<(i64, String, String, i64)>, sqlx::Error> {
    let at = kind.column();
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, email, lang, alert_minutes FROM users WHERE role IN ('moderator', 'admin') AND erased_at IS NULL \
         AND alert_minutes > 0 AND ({at} IS NULL OR {at} + alert_minutes * 60 <= $1) ORDER BY id"
    )))
    .bind(now)
    .fetch_all(ex)
    .await
}

/// Marks an alert of `kind` sent to `user_id` at `now` if they are still due one; false when
/// another instance took it.
pub(crate) async fn claim(ex: impl AnyExecutor<'_>, kind: Kind, user_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let at = kind.column();
    let r = sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE users SET {at} = $1 WHERE id = $2 AND alert_minutes > 0 AND ({at} IS NULL OR {at} + alert_minutes * 60 <= $1)"
    )))
    .bind(now)
    .bind(user_id)
    .execute(ex)
    .await?;
    Ok(r.rows_affected() == 1)
}
