//! `declic storage sweep`: reconciles the blob store with the database. Objects no entry references
//! (older than a grace period, so uploads in flight are spared) are reported and, unless dry-run,
//! deleted. Entries whose original is missing are marked failed with the reason; entries missing
//! renditions get a repair job that re-makes them from the original; entries whose processing failed
//! while their original is stored are processed again; public entries missing their CDN copies get
//! them. Entries purged at the end of
//! their contest's retention period are left alone (their files are meant to be gone).

use std::collections::HashSet;

use crate::clock;
use crate::db::{self, entries::EntryRow, entries::FailScope};
use crate::domain::hash::Blake3Hash;
use crate::jobs::{self, Job};
use crate::media::RENDITION_FILES;
use crate::services::publication;
use crate::state::AppState;
use crate::storage::BlobKey;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SweepReport {
    pub objects: usize,
    /// Unreferenced objects older than the grace period.
    pub orphans: Vec<String>,
    /// Entries whose original is gone.
    pub missing_originals: Vec<i64>,
    /// Entries missing some of their renditions.
    pub missing_renditions: Vec<i64>,
    /// Entries whose processing failed while their original is stored: processed again.
    pub failed_reprocessed: Vec<i64>,
    /// Public entries whose CDN copies are missing (with a CDN only).
    pub missing_public_copies: Vec<i64>,
    /// Whether anything was changed.
    pub repaired: bool,
}

pub(crate) async fn sweep(state: &AppState, grace_secs: i64, dry_run: bool) -> anyhow::Result<SweepReport> {
    let pool = state.db.pool();
    let listed = state.storage.list().await?;
    let present: HashSet<&str> = listed.iter().map(|(k, _)| k.as_str()).collect();
    let entries: Vec<EntryRow> = db::entries::all(pool).await?;
    let mut referenced: HashSet<String> = HashSet::new();
    let mut report = SweepReport { objects: listed.len(), ..Default::default() };
    let cdn = state.storage.has_cdn();
    // Purged entries (retention) no longer have files: any left are orphans.
    for e in entries.iter().filter(|e| e.purged_at.is_none()) {
        let Ok(hash) = Blake3Hash::parse(&e.original_hash) else { continue };
        let original = BlobKey::original(&hash);
        let has_original = present.contains(original.as_str());
        referenced.insert(original.as_str().to_string());
        let rendered = matches!(e.status.as_str(), "pending" | "approved" | "rejected");
        let mut missing = false;
        for file in RENDITION_FILES {
            if let Some(k) = BlobKey::rendition(&hash, file) {
                missing |= rendered && !present.contains(k.as_str());
                referenced.insert(k.as_str().to_string());
            }
        }
        // A CDN's copies belong to public entries only: any other is an orphan.
        if cdn && e.is_public() {
            let copies: Vec<BlobKey> = RENDITION_FILES.iter().filter_map(|f| BlobKey::published(&hash, f)).collect();
            if copies.iter().any(|k| !present.contains(k.as_str())) {
                report.missing_public_copies.push(e.id);
            }
            referenced.extend(copies.into_iter().map(|k| k.as_str().to_string()));
        }
        if !has_original && e.status != "failed" {
            report.missing_originals.push(e.id);
        } else if has_original && e.status == "failed" {
            report.failed_reprocessed.push(e.id);
        } else if missing && has_original {
            report.missing_renditions.push(e.id);
        }
    }
    // Parts of resumable uploads in progress belong to them.
    referenced.extend(db::uploads::all_part_keys(pool).await?);
    referenced.extend(db::contests::logo_keys(pool).await?);
    referenced.extend(db::covers::blob_keys(pool).await?);
    let cutoff = clock::now() - grace_secs;
    report.orphans = listed
        .iter()
        .filter(|(k, modified)| !referenced.contains(k) && *modified <= cutoff)
        .map(|(k, _)| k.clone())
        .collect();
    if dry_run {
        return Ok(report);
    }
    for key in &report.orphans {
        if let Some(k) = BlobKey::from_stored(key) {
            state.storage.delete(&k).await?;
        }
    }
    let now = clock::now();
    for id in &report.missing_originals {
        db::entries::mark_failed(pool, *id, "the original file is missing from storage", now, FailScope::Any).await?;
    }
    for id in &report.missing_renditions {
        jobs::enqueue(pool, &Job::repair(*id), now, now).await?;
    }
    for id in &report.failed_reprocessed {
        crate::services::reprocess::retry_from_sweep(state, *id).await.map_err(|e| anyhow::anyhow!(e.message))?;
    }
    for e in entries.iter().filter(|e| report.missing_public_copies.contains(&e.id)) {
        publication::publish(state, &e.original_hash).await?;
    }
    state.wake_workers();
    report.repaired = !(report.orphans.is_empty()
        && report.missing_originals.is_empty()
        && report.missing_renditions.is_empty()
        && report.missing_public_copies.is_empty()
        && report.failed_reprocessed.is_empty());
    Ok(report)
}
