//! A contest's look: its colours, logo and hero image (admins; audited), and what pages need of them.

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

/// The largest hero image accepted (a phone's photo).
pub(crate) const MAX_HERO_BYTES: usize = 20_000_000;

/// The long edge of a hero image, in pixels (sharp across a laptop's page, light on a phone's).
const HERO_EDGE: u32 = 1600;

/// Re-encodes and stores the image at the top of the contest's page (`None` goes back to the
/// mosaic of approved photos): any photo Déclic accepts, upright, without its metadata.
pub(crate) async fn set_hero(
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
            let limits = state.settings.media.clone();
            let jpeg = state.interactive.run(move || crate::media::thumbnail(&bytes, &limits, HERO_EDGE)).await??;
            let key = BlobKey::hero(&Blake3Hash::from_hash(&blake3::hash(&jpeg)));
            state.storage.put_bytes(&key, bytes::Bytes::from(jpeg), "image/jpeg").await.map_err(AppError::storage)?;
            Some(key)
        }
        None => None,
    };
    let mut tx = state.db.begin_write().await?;
    db::contests::set_hero(&mut *tx, c.id, key.as_ref().map(BlobKey::as_str)).await?;
    let detail = serde_json::json!({ "before": c.hero_key, "after": key.as_ref().map(BlobKey::as_str) });
    db::audit::record(&mut tx, Some(by.id), "contest.hero", &format!("contest:{}", c.id), &detail, clock::now())
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The public address of the contest page's hero image, when staff chose one.
pub(crate) fn hero_url(state: &AppState, c: &ContestRow) -> Option<String> {
    let key = BlobKey::parse_rendition(c.hero_key.as_deref()?)?;
    Some(crate::services::publication::url(state, &key, false))
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
