//! Sharing a photo: the plain links that open each network's own share page, the photo's public
//! address (used by the photo's page, « Mes photos » and the approval e-mail), and its branded
//! share image.

use crate::db::{self, contests::ContestRow};
use crate::domain::hash::Blake3Hash;
use crate::error::{AppError, AppResult};
use crate::media::share::{Branding, branded};
use crate::state::AppState;
use crate::storage::BlobKey;

/// The public photo `entry_id`'s share image: the pipeline's framed `share.jpg` with a band
/// naming the contest and the author's credit beside the operator's logo. Made on demand, kept in
/// memory while its branding stays the same (never stored: nothing to erase).
pub(crate) async fn card_image(state: &AppState, entry_id: i64) -> AppResult<bytes::Bytes> {
    let entry = super::voting::public_entry(state, entry_id).await?;
    let contest = super::kept_contest(state, entry.contest_id).await?;
    let credit = db::users::find(state.db.pool(), entry.participant_id)
        .await?
        .and_then(|u| u.credit_name())
        .map(|name| format!("© {name}"))
        .unwrap_or_default();
    let version = branding_version(&contest, &credit);
    if let Some(image) = state.lookups.share_cards.get(entry_id, &version) {
        return Ok(image);
    }
    let hash = Blake3Hash::parse(&entry.original_hash).map_err(AppError::from)?;
    let missing = || AppError::not_found("entry_not_found", "there is no such photo in the gallery");
    let framed_key = BlobKey::rendition(&hash, "share.jpg").ok_or_else(missing)?;
    let framed = read(state, &framed_key).await?.ok_or_else(missing)?;
    let logo = match contest.logo_key.as_deref().and_then(BlobKey::parse_rendition) {
        Some(key) => read(state, &key).await?,
        None => None,
    };
    let accent = contest.theme().accent.map(|c| c.rgb());
    let title = contest.title.clone();
    let image = state
        .interactive
        .run(move || {
            branded(&framed, &Branding { contest: &title, credit: &credit, logo_png: logo.as_deref(), accent })
        })
        .await??;
    let image = bytes::Bytes::from(image);
    state.lookups.share_cards.put(entry_id, version, image.clone());
    Ok(image)
}

/// What the band of a contest's share images depends on.
fn branding_version(c: &ContestRow, credit: &str) -> String {
    let theme = c.theme();
    let accent = theme.accent.map(|a| a.to_string()).unwrap_or_default();
    let logo = c.logo_key.as_deref().unwrap_or("");
    blake3::hash(format!("{}\n{credit}\n{logo}\n{accent}", c.title).as_bytes()).to_hex()[..16].to_string()
}

async fn read(state: &AppState, key: &BlobKey) -> AppResult<Option<Vec<u8>>> {
    match state.storage.get(key).await.map_err(AppError::storage)? {
        Some(blob) => Ok(Some(blob.into_bytes().await.map_err(AppError::storage)?)),
        None => Ok(None),
    }
}

/// The photo's public address.
pub(crate) fn photo_url(state: &AppState, entry_id: i64) -> String {
    format!("{}/e/{entry_id}", state.settings.public_url.as_str().trim_end_matches('/'))
}

/// Plain links that open each network's own share page (no script of theirs on ours).
pub(crate) fn links(url: &str, title: &str) -> Vec<(&'static str, String)> {
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let (u, t) = (enc(url), enc(title));
    vec![
        ("Facebook", format!("https://www.facebook.com/sharer/sharer.php?u={u}")),
        ("X", format!("https://twitter.com/intent/tweet?url={u}&text={t}")),
        ("WhatsApp", format!("https://api.whatsapp.com/send?text={t}%20{u}")),
        ("LinkedIn", format!("https://www.linkedin.com/sharing/share-offsite/?url={u}")),
        ("Email", format!("mailto:?subject={t}&body={u}")),
    ]
}
