//! Who may see a photo's pixels, and the copies a CDN serves. A rendition is anyone's only while an
//! entry made from its original is public (approved, not hidden); otherwise only its owner, staff
//! and the jurors of a round judging it get it, never cached by others. With a CDN, a public
//! entry's renditions are copied under `public/` while it is public, and deleted as soon as it is
//! not (the CDN may keep its own copy until its cache time ends: see the README).

use crate::db::{self, users::User};
use crate::domain::hash::Blake3Hash;
use crate::domain::role::{Capability, Role};
use crate::error::AppResult;
use crate::media::{RENDITION_FILES, content_type_of_file};
use crate::state::AppState;
use crate::storage::BlobKey;

/// How a rendition may be served to one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// To anyone, cached for a year.
    Public,
    /// To this person only, never stored by a cache.
    Private,
    /// Not at all (as if it did not exist).
    Refused,
}

/// How `user` (signed in or not) may see the renditions of this original.
pub(crate) async fn access(state: &AppState, hash: &Blake3Hash, user: Option<&User>) -> AppResult<Access> {
    let pool = state.db.pool();
    let mut uses = None;
    let public = state.lookups.public_originals.get_or_load(hash.as_str().to_string(), async {
        let found = db::entries::uses_of_original(pool, hash.as_str()).await?;
        let public = found.iter().any(|u| u.is_public());
        uses = Some(found);
        Ok::<_, sqlx::Error>(public.then_some(()))
    });
    if public.await?.is_some() {
        return Ok(Access::Public);
    }
    let (Some(user), Some(uses)) = (user, uses) else { return Ok(Access::Refused) };
    let staff = user.role.can(Capability::Moderate) || user.role.can(Capability::Administer);
    let ids: Vec<i64> = uses.iter().map(|u| u.id).collect();
    let sees = !uses.is_empty()
        && (staff
            || uses.iter().any(|u| u.participant_id == user.id)
            || (user.role == Role::Jury && db::rounds::judges_any(pool, user.id, &ids).await?));
    Ok(if sees { Access::Private } else { Access::Refused })
}

/// The address of one of an entry's renditions: the CDN's copy when the entry is public and a CDN
/// is set, else this server's `/media/` route (which checks who asks).
pub(crate) fn url(state: &AppState, key: &BlobKey, public: bool) -> String {
    let cdn = public.then(|| published_twin(key)).flatten().and_then(|k| state.storage.public_url(&k));
    cdn.unwrap_or_else(|| format!("/media/{}", key.as_str()))
}

/// `public/<hash>/<file>` for `renditions/<hash>/<file>`.
pub(crate) fn published_twin(key: &BlobKey) -> Option<BlobKey> {
    let (hash, file) = key.as_str().strip_prefix("renditions/")?.split_once('/')?;
    BlobKey::published(&Blake3Hash::parse(hash).ok()?, file)
}

/// Makes the CDN copies of an original's renditions (before its entry is made public, so the
/// CDN never caches a miss). Nothing to do without a CDN.
pub(crate) async fn publish(state: &AppState, original_hash: &str) -> anyhow::Result<()> {
    if !state.storage.has_cdn() {
        return Ok(());
    }
    let hash = &Blake3Hash::parse(original_hash).map_err(|e| anyhow::anyhow!(e.message))?;
    for file in RENDITION_FILES {
        let (Some(from), Some(to)) = (BlobKey::rendition(hash, file), BlobKey::published(hash, file)) else { continue };
        if !state.storage.exists(&to).await? {
            state.storage.copy(&from, &to, content_type_of_file(file)).await?;
        }
    }
    Ok(())
}

/// Deletes the CDN copies of an original's renditions.
async fn unpublish(state: &AppState, hash: &Blake3Hash) -> anyhow::Result<()> {
    for key in RENDITION_FILES.iter().filter_map(|f| BlobKey::published(hash, f)) {
        state.storage.delete(&key).await?;
    }
    Ok(())
}

/// After an entry made from this original changed (moderated, hidden or shown, withdrawn, erased,
/// purged): forgets this instance's copy of its visibility and makes the CDN copies match it.
/// A failure is logged and left to `declic storage sweep`, which calls this for every entry.
pub(crate) async fn sync(state: &AppState, original_hash: &str) {
    state.lookups.public_originals.remove(&original_hash.to_string());
    let Ok(hash) = Blake3Hash::parse(original_hash) else { return };
    if !state.storage.has_cdn() {
        return;
    }
    let result = async {
        let uses = db::entries::uses_of_original(state.db.pool(), hash.as_str()).await?;
        match uses.iter().any(|u| u.is_public()) {
            true => publish(state, original_hash).await,
            false => unpublish(state, &hash).await,
        }
    }
    .await;
    if let Err(e) = result {
        tracing::warn!(original = original_hash, error = format!("{e:#}"), "CDN copies left for the storage sweep");
    }
}
