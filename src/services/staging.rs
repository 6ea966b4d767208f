//! Staging a photo: its bytes stream to a private temporary file while they are hashed (on a
//! blocking thread) and counted against the size limit; nothing is buffered whole.

use std::path::Path;

use axum::http::StatusCode;
use bytes::Bytes;
use futures::{Stream, StreamExt};
use tempfile::TempPath;
use tokio::sync::mpsc;

use crate::domain::hash::Blake3Hash;
use crate::error::AppError;

/// A photo received in full: where it lies, how big it is, its blake3 hash.
pub(crate) struct StagedPhoto {
    pub path: TempPath,
    pub size: u64,
    pub hash: Blake3Hash,
}

/// Writes `bytes` to a temporary file under `tmp_dir`; refuses them as soon as they pass `max_bytes`.
pub(crate) async fn stage<S>(bytes: S, tmp_dir: &Path, max_bytes: u64) -> Result<StagedPhoto, AppError>
where
    S: Stream<Item = Result<Bytes, AppError>>,
{
    let file = tempfile::NamedTempFile::new_in(tmp_dir).map_err(AppError::internal)?;
    let (tx, mut rx) = mpsc::channel::<Bytes>(8);
    // File writes and hashing happen off the async runtime.
    let writer = tokio::task::spawn_blocking(move || -> std::io::Result<(TempPath, u64, blake3::Hash)> {
        use std::io::Write;
        let (f, path) = file.into_parts();
        let mut out = std::io::BufWriter::with_capacity(256 * 1024, f);
        let mut hasher = blake3::Hasher::new();
        let mut size = 0u64;
        while let Some(chunk) = rx.blocking_recv() {
            hasher.update(&chunk);
            out.write_all(&chunk)?;
            size += chunk.len() as u64;
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        Ok((path, size, hasher.finalize()))
    });
    let mut received = 0u64;
    let mut failure = None;
    let mut bytes = std::pin::pin!(bytes);
    while let Some(next) = bytes.next().await {
        match next {
            Ok(chunk) => {
                received += chunk.len() as u64;
                if received > max_bytes {
                    failure = Some(too_large(max_bytes));
                    break;
                }
                if tx.send(chunk).await.is_err() {
                    break;
                }
            }
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    drop(tx);
    let written = writer.await.map_err(AppError::internal)?;
    if let Some(err) = failure {
        return Err(err); // the temporary file is removed when `written` drops
    }
    let (path, size, hash) = written.map_err(AppError::internal)?;
    Ok(StagedPhoto { path, size, hash: Blake3Hash::from_hash(&hash) })
}

/// The photo is larger than the site accepts.
pub(crate) fn too_large(max_bytes: u64) -> AppError {
    AppError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "file_too_large",
        format!("the photo is larger than the {} MB allowed", max_bytes / 1_000_000),
    )
}
