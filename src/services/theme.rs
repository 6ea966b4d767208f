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

/// The largest hero image accepted (a phone's photo).
pub(crate) const MAX_HERO_BYTES: usize = 20_000_000;

/// The long edge of a hero image, in pixels (sharp across a laptop's page, light on a phone's).
const HERO_EDGE: u32 = 1600;

/// A picture of a contest's look.
#[derive(Clone, Copy)]
enum Picture {
    /// The header's logo: a PNG at most 160 px high, transparency kept.
    Logo,
    /// The image at the top of its page: any photo Déclic accepts, upright, a JPEG at most
    /// 1,600 px long, without its metadata.
    Hero,
}

/// Re-encodes and stores a new logo (`None` removes it).
pub(crate) async fn set_logo(
    state: &AppState,
    by: &User,
    c: &ContestRow,
    bytes: Option<bytes::Bytes>,
) -> AppResult<()> {
    set_picture(state, by, c, Picture::Logo, bytes).await
}

/// Re-encodes and stores the image at the top of the contest's page (`None` goes back to the
/// mosaic of approved photos).
pub(crate) async fn set_hero(
    state: &AppState,
    by: &User,
    c: &ContestRow,
    bytes: Option<bytes::Bytes>,
) -> AppResult<()> {
    set_picture(state, by, c, Picture::Hero, bytes).await
}

async fn set_picture(
    state: &AppState,
    by: &User,
    c: &ContestRow,
    picture: Picture,
    bytes: Option<bytes::Bytes>,
) -> AppResult<()> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let key = match bytes {
        Some(bytes) => {
            let limits = state.settings.media.clone();
            let encoded = state
                .interactive
                .run(move || match picture {
                    Picture::Logo => crate::media::logo::logo_png(&bytes).map_err(AppError::from),
                    Picture::Hero => crate::media::thumbnail(&bytes, &limits, HERO_EDGE).map_err(AppError::from),
                })
                .await??;
            let hash = Blake3Hash::from_hash(&blake3::hash(&encoded));
            let (key, content_type) = match picture {
                Picture::Logo => (BlobKey::logo(&hash), "image/png"),
                Picture::Hero => (BlobKey::hero(&hash), "image/jpeg"),
            };
            state
                .storage
                .put_bytes(&key, bytes::Bytes::from(encoded), content_type)
                .await
                .map_err(AppError::storage)?;
            Some(key)
        }
        None => None,
    };
    let after = key.as_ref().map(BlobKey::as_str);
    let mut tx = state.db.begin_write().await?;
    let (before, action) = match picture {
        Picture::Logo => {
            db::contests::set_logo(&mut *tx, c.id, after).await?;
            (&c.logo_key, "contest.logo")
        }
        Picture::Hero => {
            db::contests::set_hero(&mut *tx, c.id, after).await?;
            (&c.hero_key, "contest.hero")
        }
    };
    let detail = serde_json::json!({ "before": before, "after": after });
    db::audit::record(&mut tx, Some(by.id), action, &format!("contest:{}", c.id), &detail, clock::now()).await?;
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
