//! A contest's look: its colours and logo (admins; audited), and what pages need of them.

use crate::clock;
use crate::db::{self, contests::ContestRow, users::User};
use crate::domain::hash::Blake3Hash;
use crate::domain::role::Capability;
use crate::domain::theme::Theme;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::storage::BlobKey;

/// Sets the contest's colours (none: Déclic's own).
pub(crate) async fn set_theme(state: &AppState, by: &User, c: &ContestRow, theme: &Theme) -> AppResult<()> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let mut tx = state.db.begin_write().await?;
    db::contests::set_theme(&mut *tx, c.id, theme).await?;
    let show = |t: &Theme| serde_json::json!({ "accent": t.accent.map(|c| c.to_string()), "header": t.header.map(|c| c.to_string()) });
    let detail = serde_json::json!({ "before": show(&c.theme()), "after": show(theme) });
    db::audit::record(&mut tx, Some(by.id), "contest.theme", &format!("contest:{}", c.id), &detail, clock::now())
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Re-encodes and stores a new logo (`None` removes it).
pub(crate) async fn set_logo(
    state: &AppState,
    by: &User,
    c: &ContestRow,
    bytes: Option<bytes::Bytes>,
) -> AppResult<()> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let key = match bytes {
        Some(bytes) => {
            let png = state.interactive.run(move || crate::media::logo::logo_png(&bytes)).await??;
            let key = BlobKey::logo(&Blake3Hash::from_hash(&blake3::hash(&png)));
            state.storage.put_bytes(&key, bytes::Bytes::from(png), "image/png").await.map_err(AppError::storage)?;
            Some(key)
        }
        None => None,
    };
    let mut tx = state.db.begin_write().await?;
    db::contests::set_logo(&mut *tx, c.id, key.as_ref().map(BlobKey::as_str)).await?;
    let detail = serde_json::json!({ "before": c.logo_key, "after": key.as_ref().map(BlobKey::as_str) });
    db::audit::record(&mut tx, Some(by.id), "contest.logo", &format!("contest:{}", c.id), &detail, clock::now())
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The public address of the contest's logo.
pub(crate) fn logo_url(state: &AppState, c: &ContestRow) -> Option<String> {
    let key = BlobKey::parse_rendition(c.logo_key.as_deref()?)?;
    Some(crate::services::publication::url(state, &key, false))
}

/// The address of the contest's stylesheet (versioned by its colours, so it can be cached).
pub(crate) fn theme_url(c: &ContestRow) -> Option<String> {
    let theme = c.theme();
    (!theme.is_empty()).then(|| {
        let v = &blake3::hash(theme.css().as_bytes()).to_hex()[..12];
        format!("/c/{}/theme.css?v={v}", c.slug)
    })
}
