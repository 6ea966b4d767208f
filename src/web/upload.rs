//! Reading an entry form (multipart): the photo streams to a private temporary file while it is
//! hashed (on a blocking thread) and counted against the size limit; nothing is buffered whole.

use std::path::Path;

use axum::extract::Multipart;
use axum::extract::multipart::Field;
use axum::http::StatusCode;
use bytes::Bytes;
use tempfile::TempPath;
use tokio::sync::mpsc;

use crate::app::AppState;
use crate::domain::hash::Blake3Hash;
use crate::error::AppError;

/// A photo received in full: where it lies, how big it is, its blake3 hash.
pub struct StagedPhoto {
    pub path: TempPath,
    pub size: u64,
    pub hash: Blake3Hash,
}

/// The fields of an entry form.
#[derive(Default)]
pub struct EntryForm {
    pub title: String,
    pub description: String,
    pub category: Option<String>,
    pub place: Option<String>,
    pub consent: bool,
    pub photo: Option<StagedPhoto>,
}

const MAX_FIELD_BYTES: usize = 16 * 1024;

/// Reads the multipart body; refuses an oversize photo as soon as it passes the upload limit.
pub async fn read_entry_form(mut mp: Multipart, state: &AppState) -> Result<EntryForm, AppError> {
    let tmp_dir = state.settings.data_dir.join("tmp");
    let max_bytes = state.settings.media.max_upload_bytes;
    let mut form = EntryForm::default();
    while let Some(field) = mp.next_field().await.map_err(multipart_error)? {
        match field.name().unwrap_or("") {
            "photo" => {
                if form.photo.is_some() {
                    return Err(AppError::bad_request("one_photo_per_entry", "send one photo per entry"));
                }
                form.photo = Some(stage(field, &tmp_dir, max_bytes).await?);
            }
            "title" => form.title = text(field).await?,
            "description" => form.description = text(field).await?,
            "category" => form.category = Some(text(field).await?).filter(|c| !c.trim().is_empty()),
            "place" => form.place = Some(text(field).await?).filter(|p| !p.trim().is_empty()),
            "consent" => form.consent = matches!(text(field).await?.trim(), "on" | "true" | "yes" | "1"),
            _ => {
                text(field).await?;
            }
        }
    }
    if form.photo.as_ref().is_some_and(|p| p.size == 0) {
        form.photo = None;
    }
    Ok(form)
}

async fn text(mut field: Field<'_>) -> Result<String, AppError> {
    let mut buf = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        buf.extend_from_slice(&chunk);
        if buf.len() > MAX_FIELD_BYTES {
            return Err(AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "field_too_large", "a text field is too long"));
        }
    }
    String::from_utf8(buf).map_err(|_| AppError::bad_request("invalid_text", "a text field is not valid UTF-8"))
}

async fn stage(mut field: Field<'_>, tmp_dir: &Path, max_bytes: u64) -> Result<StagedPhoto, AppError> {
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
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                received += chunk.len() as u64;
                if received > max_bytes {
                    failure = Some(too_large(max_bytes));
                    break;
                }
                if tx.send(chunk).await.is_err() {
                    break;
                }
            }
            Ok(None) => break,
            Err(e) => {
                failure = Some(multipart_error(e));
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

fn too_large(max_bytes: u64) -> AppError {
    AppError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "file_too_large",
        format!("the photo is larger than the {} MB allowed", max_bytes / 1_000_000),
    )
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "file_too_large", "the upload is larger than allowed");
    }
    AppError::bad_request("invalid_upload", format!("the upload could not be read: {}", e.body_text()))
}
