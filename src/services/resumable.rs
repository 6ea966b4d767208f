//! Resumable uploads (the tus 1.0 protocol's model): an upload is created with the entry's fields
//! and its length, then filled by one or more requests, each starting where the last one stopped.
//! What arrives is kept in parts (≤ 512 KiB) in the shared blob store, so a dropped connection
//! loses nothing that reached the server and any instance can resume it. When the last byte
//! arrives the parts are staged, hashed and submitted like any other entry.

use axum::http::StatusCode;
use bytes::{Bytes, BytesMut};
use futures::{Stream, StreamExt, TryStreamExt};

use crate::clock;
use crate::db::{self, uploads::UploadRow, users::User};
use crate::domain::upload_id::UploadId;
use crate::error::{AppError, AppResult};
use crate::services::staging::{self, too_large};
use crate::services::submissions::{self, EntryFields, Submitted};
use crate::state::AppState;
use crate::storage::BlobKey;

/// How long an unfinished upload may be resumed.
pub(crate) const UPLOAD_TTL_SECS: i64 = 24 * 3600;
/// Bytes kept in memory before they are written as one part.
const PART_BYTES: usize = 512 * 1024;
/// Unfinished uploads one participant may have at once.
const MAX_OPEN_UPLOADS: i64 = 20;

/// Where an upload stands after a request.
#[derive(Debug)]
pub(crate) struct Progress {
    /// Bytes the server holds: the next request starts here.
    pub offset: i64,
    /// When an unfinished upload lapses.
    pub expires_at: i64,
    /// The entry, once every byte arrived.
    pub entry: Option<i64>,
}

fn not_found() -> AppError {
    AppError::not_found("upload_not_found", "there is no such upload (it may have expired or been cancelled)")
}

/// Starts an upload of `length` bytes for an entry of contest `slug`; fields are checked now, so
/// a mistake is reported before any byte is sent.
#[tracing::instrument(skip_all, fields(user = user.id, length = length))]
pub(crate) async fn create(
    state: &AppState,
    user: &User,
    slug: &str,
    length: u64,
    fields: &EntryFields,
) -> AppResult<UploadRow> {
    let contest = submissions::open_contest(state, user, slug).await?;
    if length == 0 {
        return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "photo_required", "the photo is empty"));
    }
    let max = state.settings.media.max_upload_bytes;
    if length > max {
        return Err(too_large(max));
    }
    submissions::check_fields(state, &contest, fields).await?;
    submissions::give_credit(state, user, fields).await?;
    let now = clock::now();
    if db::uploads::count_open_of(state.db.pool(), user.id, now).await? >= MAX_OPEN_UPLOADS {
        return Err(AppError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_uploads",
            "you have too many unfinished uploads; finish or cancel some first",
        ));
    }
    let row = UploadRow {
        id: UploadId::random().to_string(),
        user_id: user.id,
        contest_id: contest.id,
        length: length as i64,
        received: 0,
        fields: serde_json::to_string(fields).map_err(AppError::internal)?,
        entry_id: None,
        created_at: now,
        expires_at: now + UPLOAD_TTL_SECS,
    };
    db::uploads::insert(state.db.pool(), &row).await?;
    tracing::info!(upload = %row.id, contest = %contest.slug, length, "resumable upload created");
    Ok(row)
}

/// `user`'s unexpired upload `id`; 404 for anyone else's (never say which).
pub(crate) async fn find_own(state: &AppState, user: &User, id: &str) -> AppResult<UploadRow> {
    let id = UploadId::parse(id).map_err(|_| not_found())?;
    db::uploads::find(state.db.pool(), id.as_str(), clock::now())
        .await?
        .filter(|u| u.user_id == user.id)
        .ok_or_else(not_found)
}

fn offset_mismatch(expected: i64) -> AppError {
    AppError::conflict(
        "offset_mismatch",
        format!("this upload continues at byte {expected}; ask where it stands (HEAD) and resume from there"),
    )
}

/// Appends `body` at `offset`. Bytes are committed part by part; if the body breaks off, what
/// arrived is committed before the error is returned, so the client resumes from there.
pub(crate) async fn append<S, E>(state: &AppState, user: &User, id: &str, offset: u64, body: S) -> AppResult<Progress>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: std::fmt::Display,
{
    let upload = find_own(state, user, id).await?;
    if let Some(entry) = upload.entry_id {
        return if offset as i64 == upload.length {
            Ok(Progress { offset: upload.length, expires_at: upload.expires_at, entry: Some(entry) })
        } else {
            Err(offset_mismatch(upload.length))
        };
    }
    if offset as i64 != upload.received {
        return Err(offset_mismatch(upload.received));
    }
    let upload_id = UploadId::parse(&upload.id).map_err(|_| not_found())?;
    let mut received = upload.received;
    let mut buf = BytesMut::with_capacity(PART_BYTES);
    let mut body = std::pin::pin!(body);
    let mut broken = None;
    loop {
        match body.next().await {
            Some(Ok(chunk)) => {
                if received + (buf.len() + chunk.len()) as i64 > upload.length {
                    // Nothing of this request past the declared length is kept.
                    flush(state, &upload_id, &mut received, &mut buf).await?;
                    return Err(AppError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "upload_too_long",
                        format!("this upload was declared as {} bytes and more were sent", upload.length),
                    ));
                }
                buf.extend_from_slice(&chunk);
                if buf.len() >= PART_BYTES {
                    flush(state, &upload_id, &mut received, &mut buf).await?;
                }
            }
            Some(Err(e)) => {
                broken = Some(e.to_string());
                break;
            }
            None => break,
        }
    }
    flush(state, &upload_id, &mut received, &mut buf).await?;
    if let Some(reason) = broken {
        tracing::info!(upload = %upload.id, received, reason, "upload interrupted; it can resume");
        return Err(AppError::bad_request(
            "upload_interrupted",
            format!("the connection broke off at byte {received}; resume from there"),
        ));
    }
    let expires_at = upload.expires_at;
    let entry = match received < upload.length {
        true => None,
        false => Some(finish(state, user, UploadRow { received, ..upload }).await?),
    };
    Ok(Progress { offset: received, expires_at, entry })
}

/// Writes the buffered bytes as one part at `received`, then moves the offset (unless another
/// request moved it first: then the part is dropped and the client told where things stand).
async fn flush(state: &AppState, id: &UploadId, received: &mut i64, buf: &mut BytesMut) -> AppResult<()> {
    if buf.is_empty() {
        return Ok(());
    }
    let bytes = buf.split().freeze();
    let len = bytes.len() as i64;
    let key = BlobKey::upload_part(id, *received as u64);
    state.storage.put_bytes(&key, bytes, "application/octet-stream").await.map_err(AppError::storage)?;
    let mut tx = state.db.begin_write().await?;
    if !db::uploads::advance(&mut *tx, id.as_str(), *received, len).await? {
        drop(tx);
        let _ = state.storage.delete(&key).await;
        let now = db::uploads::find(state.db.pool(), id.as_str(), clock::now()).await?.ok_or_else(not_found)?;
        return Err(offset_mismatch(now.received));
    }
    db::uploads::insert_part(&mut *tx, id.as_str(), *received, len, key.as_str()).await?;
    tx.commit().await?;
    *received += len;
    Ok(())
}

/// Makes the entry of a complete upload. A refusal that will never change (wrong format,
/// quota reached, contest closed) ends the upload; a passing failure (storage) keeps it, and an
/// empty request at the final offset tries again.
async fn finish(state: &AppState, user: &User, upload: UploadRow) -> AppResult<i64> {
    let fields: EntryFields = serde_json::from_str(&upload.fields).map_err(AppError::internal)?;
    let contest = db::contests::find(state.db.pool(), upload.contest_id).await?.ok_or_else(not_found)?;
    let parts = db::uploads::parts(state.db.pool(), &upload.id).await?;
    let result = async {
        let photo = staging::stage(
            part_stream(state, parts),
            &state.settings.data_dir.join("tmp"),
            state.settings.media.max_upload_bytes,
        )
        .await?;
        if photo.size as i64 != upload.length {
            return Err(AppError::internal(anyhow::anyhow!(
                "upload {} has {} bytes in its parts, {} expected",
                upload.id,
                photo.size,
                upload.length
            )));
        }
        submissions::submit(state, user, &contest, &fields, Some(photo)).await
    }
    .await;
    match result {
        Ok(Submitted { id: entry, .. }) => {
            db::uploads::complete(state.db.pool(), &upload.id, entry).await?;
            remove_parts(state, &upload.id).await;
            Ok(entry)
        }
        Err(e) if e.status.is_client_error() => {
            remove(state, &upload.id).await;
            Err(e)
        }
        Err(e) => Err(e),
    }
}

/// The parts' bytes, in order, as one stream.
fn part_stream(
    state: &AppState,
    parts: Vec<db::uploads::PartRow>,
) -> impl Stream<Item = Result<Bytes, AppError>> + use<> {
    let storage = state.storage.clone();
    futures::stream::iter(parts)
        .then(move |p| {
            let storage = storage.clone();
            async move {
                let key = BlobKey::from_stored(&p.blob_key)
                    .ok_or_else(|| AppError::internal(anyhow::anyhow!("bad part key {}", p.blob_key)))?;
                let blob =
                    storage.get(&key).await.map_err(AppError::storage)?.ok_or_else(|| {
                        AppError::storage(anyhow::anyhow!("part {} of an upload is missing", p.blob_key))
                    })?;
                Ok::<_, AppError>(blob.stream.map_err(AppError::storage))
            }
        })
        .try_flatten()
}

/// Cancels an upload (tus termination): its parts are deleted.
#[tracing::instrument(skip_all, fields(user = user.id))]
pub(crate) async fn terminate(state: &AppState, user: &User, id: &str) -> AppResult<()> {
    let upload = find_own(state, user, id).await?;
    remove(state, &upload.id).await;
    Ok(())
}

/// Forgets an upload and deletes its parts (failures are left to the storage sweep).
async fn remove(state: &AppState, id: &str) {
    remove_parts(state, id).await;
    if let Err(e) = db::uploads::delete(state.db.pool(), id).await {
        tracing::warn!(upload = id, error = %e, "could not forget an upload; it will expire");
    }
}

async fn remove_parts(state: &AppState, id: &str) {
    let parts = match db::uploads::parts(state.db.pool(), id).await {
        Ok(p) => p,
        Err(e) => return tracing::warn!(upload = id, error = %e, "could not list an upload's parts"),
    };
    if let Err(e) = db::uploads::delete_parts(state.db.pool(), id).await {
        return tracing::warn!(upload = id, error = %e, "could not forget an upload's parts");
    }
    for key in parts.iter().filter_map(|p| BlobKey::from_stored(&p.blob_key)) {
        if let Err(e) = state.storage.delete(&key).await {
            tracing::warn!(upload = id, key = key.as_str(), error = %e, "upload part left for the sweep");
        }
    }
}

/// Cancels every upload of `user` (their account is being deleted).
pub(crate) async fn forget_all_of(state: &AppState, user: &User) -> AppResult<()> {
    for id in db::uploads::ids_of(state.db.pool(), user.id).await? {
        remove(state, &id).await;
    }
    Ok(())
}

/// Deletes expired uploads and their parts (housekeeping).
pub(crate) async fn expire(state: &AppState) -> anyhow::Result<usize> {
    let ids = db::uploads::expired(state.db.pool(), clock::now()).await?;
    for id in &ids {
        remove(state, id).await;
    }
    Ok(ids.len())
}
