//! The `render_entry` job: read the original, make the public renditions, move the entry to moderation.
//! Idempotent: rendition keys derive from the original's hash, and the status only moves from `processing`.

use bytes::Bytes;

use super::JobError;
use super::job::RenderEntry;
use crate::clock;
use crate::db::entries::{self, FailScope, Processed, RenditionRow};
use crate::domain::entry::EntryStatus;
use crate::domain::hash::Blake3Hash;
use crate::media::{self, MediaError, phash};
use crate::state::AppState;
use crate::storage::BlobKey;

pub(crate) async fn run(state: &AppState, p: &RenderEntry) -> Result<(), JobError> {
    let Some(entry) = entries::find(state.db.pool(), p.entry_id).await? else {
        return Ok(()); // withdrawn meanwhile: nothing to do
    };
    if entry.status() != EntryStatus::Processing && !p.repair {
        return Ok(());
    }
    let hash = Blake3Hash::parse(&entry.original_hash).map_err(|e| JobError::Permanent(e.message))?;
    let original = state
        .storage
        .get(&BlobKey::original(&hash))
        .await?
        .ok_or_else(|| JobError::Permanent("the original is missing from storage".into()))?;
    let bytes = original.into_bytes().await?;
    let limits = state.settings.media.clone();
    let deadline = state.settings.decode_timeout;
    let rendered = tokio::time::timeout(deadline, state.cpu.run(move || media::render(&bytes, &limits)))
        .await
        .map_err(|_| JobError::Permanent(format!("the photo took longer than {} s to process", deadline.as_secs())))?
        .map_err(|_| JobError::Permanent("the photo could not be decoded".into()))?
        .map_err(|e| match e {
            // The server's fault, not the photo's: try again later.
            MediaError::DecoderUnavailable(detail) => JobError::Retry(anyhow::anyhow!("{detail}")),
            e => JobError::Permanent(e.to_string()),
        })?;

    let mut rows = Vec::with_capacity(rendered.renditions.len());
    for r in rendered.renditions {
        let key = BlobKey::rendition(&hash, r.file).ok_or_else(|| JobError::Permanent("unknown rendition".into()))?;
        let (len, content_type) = (r.bytes.len() as i64, r.content_type());
        state.storage.put_bytes(&key, Bytes::from(r.bytes), content_type).await?;
        rows.push(RenditionRow {
            entry_id: entry.id,
            variant: r.file.to_string(),
            blob_key: key.as_str().to_string(),
            width: r.width as i64,
            height: r.height as i64,
            bytes: len,
        });
    }
    let near_duplicate = nearest(state, entry.contest_id, entry.id, rendered.phash).await?;
    let processed = Processed {
        width: rendered.width as i64,
        height: rendered.height as i64,
        placeholder: &rendered.placeholder,
        phash: rendered.phash,
        near_duplicate,
    };
    let mut tx = state.db.begin_write().await?;
    for row in &rows {
        entries::upsert_rendition(&mut *tx, row).await?;
    }
    entries::index_phash(&mut tx, entry.contest_id, entry.id, rendered.phash).await?;
    if !p.repair {
        entries::mark_processed(&mut *tx, entry.id, &processed, clock::now()).await?;
    }
    tx.commit().await?;
    let t = rendered.timings;
    tracing::info!(
        entry = entry.id,
        decode_ms = t.decode_ms,
        resize_ms = t.resize_ms,
        encode_ms = t.encode_ms,
        ?near_duplicate,
        "entry rendered, awaiting moderation"
    );
    Ok(())
}

/// The contest's entry looking most like this one, within the flagging distance: (id, distance).
async fn nearest(state: &AppState, contest_id: i64, entry_id: i64, hash: u64) -> Result<Option<(i64, i64)>, JobError> {
    let candidates = entries::phash_candidates(state.db.pool(), contest_id, entry_id, hash).await?;
    Ok(candidates
        .into_iter()
        .map(|(id, other)| (id, phash::distance(hash, other as u64) as i64))
        .filter(|(_, d)| *d <= phash::NEAR_DUPLICATE_DISTANCE as i64)
        .min_by_key(|(id, d)| (*d, *id)))
}

/// Records on the entry why it could not be processed, so its owner and staff see it.
pub(crate) async fn give_up(state: &AppState, p: &RenderEntry, reason: &str) -> anyhow::Result<()> {
    // Only an entry still `processing` is marked failed: a repair never changes a decided entry.
    entries::mark_failed(state.db.pool(), p.entry_id, reason, clock::now(), FailScope::Processing).await?;
    Ok(())
}
