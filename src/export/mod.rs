//! The winners package: a zip streamed as it is built (never whole in memory) holding each cover
//! winner's original file and a CSV manifest (slot, entry, title, place, author, email, blake3,
//! and the consent record: time, rules version, each right granted, people shown, guardian).

use async_zip::base::write::ZipFileWriter;
use async_zip::{Compression, ZipEntryBuilder};
use axum::body::Body;
use futures::AsyncWriteExt;
use tokio_util::compat::TokioAsyncReadCompatExt;
use tokio_util::io::{ReaderStream, StreamReader};

pub mod archive;
pub mod my_data;

use crate::app::AppState;
use crate::clock;
use crate::db::consents::ConsentView;
use crate::db::{self, contests::ContestRow, users::User};
use crate::domain::hash::Blake3Hash;
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};
use crate::storage::BlobKey;

/// One file of the package.
struct Item {
    slot: String,
    entry_id: i64,
    title: String,
    place: String,
    author: String,
    email: String,
    hash: Blake3Hash,
    extension: &'static str,
    consent_at: i64,
    consent: Option<ConsentView>,
}

impl Item {
    fn file_name(&self) -> String {
        format!("originals/{}-entry-{}.{}", self.slot, self.entry_id, self.extension)
    }
}

/// Collects the winners, then streams the zip.
pub async fn winners_zip(state: &AppState, by: &User, contest: &ContestRow) -> AppResult<Body> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let pool = state.db.pool();
    let mut items = Vec::new();
    for slot in db::covers::list(pool, contest.id).await? {
        let Some(entry_id) = slot.winner_entry_id else { continue };
        let Some(entry) = db::entries::find(pool, entry_id).await? else { continue };
        let author = db::users::find(pool, entry.participant_id)
            .await?
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("author missing")))?;
        let extension = extension_of(&entry.original_format);
        items.push(Item {
            slot: slot.slug,
            entry_id,
            place: entry.place.unwrap_or_default(),
            title: entry.title,
            author: author.credit_name(),
            email: author.email,
            hash: Blake3Hash::parse(&entry.original_hash)?,
            extension,
            consent_at: entry.consent_at,
            consent: db::consents::find(pool, entry_id).await?.map(|c| c.view()),
        });
    }
    let manifest = manifest_csv(&items).map_err(AppError::internal)?;
    let originals = items.iter().map(|i| (i.file_name(), i.hash.clone())).collect();
    Ok(stream_zip(state, vec![("manifest.csv".into(), manifest)], originals, "winners export"))
}

/// The file extension of an original from its detected format name.
pub fn extension_of(format: &str) -> &'static str {
    match format {
        "png" => "png",
        "webp" => "webp",
        "heic" => "heic",
        _ => "jpg",
    }
}

/// Streams a zip of small generated `files` then `originals` read from the blob store, as it is
/// built (never whole in memory). A failure midway truncates the download, which zip readers
/// reject: never a silent bad file.
pub fn stream_zip(
    state: &AppState,
    files: Vec<(String, Vec<u8>)>,
    originals: Vec<(String, Blake3Hash)>,
    what: &'static str,
) -> Body {
    let (writer, reader) = tokio::io::duplex(256 * 1024);
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = write_zip(&state, writer, files, originals).await {
            tracing::error!(error = format!("{e:#}"), "{what} aborted");
        }
    });
    Body::from_stream(ReaderStream::new(reader))
}

fn manifest_csv(items: &[Item]) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "slot",
        "entry",
        "title",
        "place",
        "author",
        "email",
        "blake3",
        "consent_at",
        "rules_version",
        "rights",
        "people",
        "guardian",
        "file",
    ])?;
    for i in items {
        let c = i.consent.as_ref();
        // `print: France, 36 months (scope); web: …` — each right with its extent (CPI L131-3).
        let rights = c
            .map(|c| {
                c.rights
                    .iter()
                    .map(|r| match r.scope.as_str() {
                        "" => format!("{}: {}, {} months", r.use_.code(), r.territory, r.duration_months),
                        scope => format!("{}: {}, {} months ({scope})", r.use_.code(), r.territory, r.duration_months),
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default();
        w.write_record([
            i.slot.as_str(),
            &i.entry_id.to_string(),
            &i.title,
            &i.place,
            &i.author,
            &i.email,
            i.hash.as_str(),
            &clock::rfc3339(i.consent_at),
            &c.map(|c| c.rules_version.to_string()).unwrap_or_default(),
            &rights,
            c.map(|c| c.people.code()).unwrap_or_default(),
            c.and_then(|c| c.guardian_name.as_deref()).unwrap_or_default(),
            &i.file_name(),
        ])?;
    }
    Ok(w.into_inner()?)
}

async fn write_zip(
    state: &AppState,
    writer: tokio::io::DuplexStream,
    files: Vec<(String, Vec<u8>)>,
    originals: Vec<(String, Blake3Hash)>,
) -> anyhow::Result<()> {
    let mut zip = ZipFileWriter::with_tokio(writer);
    for (name, bytes) in files {
        zip.write_entry_whole(ZipEntryBuilder::new(name.into(), Compression::Stored), &bytes).await?;
    }
    for (name, hash) in originals {
        let blob = state
            .storage
            .get(&BlobKey::original(&hash))
            .await?
            .ok_or_else(|| anyhow::anyhow!("original {name} is missing"))?;
        // Photos are already compressed: store them as they are.
        let mut entry = zip.write_entry_stream(ZipEntryBuilder::new(name.into(), Compression::Stored)).await?;
        let mut source = StreamReader::new(blob.stream).compat();
        futures::io::copy(&mut source, &mut entry).await?;
        entry.close().await?;
    }
    let mut inner = zip.close().await?;
    inner.close().await?;
    Ok(())
}
