//! Zip packages streamed as they are built (never whole in memory): the winners package
//! ([`winners`]), the originals for the communication team ([`originals`]) and a person's data
//! ([`my_data`]). Every stored file is checked against its
//! blake3 on the way out.

use async_zip::base::write::ZipFileWriter;
use async_zip::{Compression, ZipDateTimeBuilder, ZipEntryBuilder};
use axum::body::Body;
use futures::{AsyncWriteExt, TryStreamExt};
use tokio_util::io::ReaderStream;

pub(crate) mod archive;
pub(crate) mod contact_sheet;
pub(crate) mod my_data;
pub(crate) mod originals;
pub(crate) mod pdf;
pub(crate) mod winners;

pub(crate) use winners::{contact_sheet as contact_sheet_pdf, winners_zip};

use crate::domain::hash::Blake3Hash;
use crate::state::AppState;
use crate::storage::BlobKey;

/// A zip entry as the computer that unpacks it expects: a regular file anyone may read (0644),
/// modified at `at` (zip keeps the local time: the instance's time zone). Stored, not
/// compressed: photos are compressed already and the rest is small.
pub(crate) fn zip_file(name: &str, at: &chrono::DateTime<chrono_tz::Tz>) -> ZipEntryBuilder {
    ZipEntryBuilder::new(name.to_string().into(), Compression::Stored)
        .unix_permissions(0o100_644)
        .last_modification_date(zip_date(at))
}

/// A folder entry (`name` ends with `/`) that unpacks as a folder anyone may open (0755),
/// whatever the umask of the person unpacking it.
fn zip_folder(name: &str, at: &chrono::DateTime<chrono_tz::Tz>) -> ZipEntryBuilder {
    ZipEntryBuilder::new(name.to_string().into(), Compression::Stored)
        .unix_permissions(0o040_755)
        .last_modification_date(zip_date(at))
}

fn zip_date(at: &chrono::DateTime<chrono_tz::Tz>) -> async_zip::ZipDateTime {
    use chrono::{Datelike, Timelike};
    ZipDateTimeBuilder::new()
        .year(at.year())
        .month(at.month())
        .day(at.day())
        .hour(at.hour())
        .minute(at.minute())
        .second(at.second())
        .build()
}

/// The folders `name` sits in (`a/`, `a/b/` for `a/b/c.jpg`) not in `written` yet, outermost first.
fn new_folders(name: &str, written: &mut std::collections::BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in name.match_indices('/') {
        let folder = &name[..=i];
        if written.insert(folder.to_string()) {
            out.push(folder.to_string());
        }
    }
    out
}

/// Now, in the instance's time zone: when a package's files were made.
pub(crate) fn package_time(state: &AppState) -> chrono::DateTime<chrono_tz::Tz> {
    chrono::Utc::now().with_timezone(&state.settings.timezone)
}

/// Each right granted with its extent (CPI L131-3), as manifests write it:
/// `print: France, 36 months (scope); web: …`.
pub(crate) fn rights_line(consent: Option<&crate::db::consents::ConsentView>) -> String {
    consent
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
        .unwrap_or_default()
}

/// A stored file to put in a package, and the blake3 its bytes must have.
pub(crate) struct StoredFile {
    pub name: String,
    pub key: BlobKey,
    pub hash: Blake3Hash,
}

/// The file extension of an original from its detected format name.
pub(crate) fn extension_of(format: &str) -> &'static str {
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
pub(crate) fn stream_zip(
    state: &AppState,
    files: Vec<(String, Vec<u8>)>,
    originals: Vec<(String, Blake3Hash)>,
    what: &'static str,
) -> Body {
    let stored = originals.into_iter().map(|(name, hash)| StoredFile { key: BlobKey::original(&hash), name, hash });
    stream_package(state, files, stored.collect(), what)
}

/// Streams a zip of small generated `files` then `stored` files (see [`stream_zip`]).
pub(crate) fn stream_package(
    state: &AppState,
    files: Vec<(String, Vec<u8>)>,
    stored: Vec<StoredFile>,
    what: &'static str,
) -> Body {
    let (writer, reader) = tokio::io::duplex(256 * 1024);
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = write_zip(&state, writer, files, stored).await {
            tracing::error!(error = format!("{e:#}"), "{what} aborted");
        }
    });
    Body::from_stream(ReaderStream::new(reader))
}

async fn write_zip(
    state: &AppState,
    writer: tokio::io::DuplexStream,
    files: Vec<(String, Vec<u8>)>,
    stored: Vec<StoredFile>,
) -> anyhow::Result<()> {
    let mut zip = ZipFileWriter::with_tokio(writer);
    let at = package_time(state);
    let mut folders = std::collections::BTreeSet::new();
    let names = files.iter().map(|(name, _)| name).chain(stored.iter().map(|f| &f.name));
    for folder in names.flat_map(|name| new_folders(name, &mut folders)).collect::<Vec<_>>() {
        zip.write_entry_whole(zip_folder(&folder, &at), &[]).await?;
    }
    for (name, bytes) in files {
        zip.write_entry_whole(zip_file(&name, &at), &bytes).await?;
    }
    for file in stored {
        let blob = state.storage.get(&file.key).await?.ok_or_else(|| anyhow::anyhow!("{} is missing", file.name))?;
        // Photos are already compressed: store them as they are.
        let mut entry = zip.write_entry_stream(zip_file(&file.name, &at)).await?;
        let mut hasher = blake3::Hasher::new();
        let mut chunks = blob.stream;
        while let Some(chunk) = chunks.try_next().await? {
            hasher.update(&chunk);
            entry.write_all(&chunk).await?;
        }
        // A stored file that no longer matches its hash ends the download (truncated zip).
        let got = Blake3Hash::from_hash(&hasher.finalize());
        if got != file.hash {
            anyhow::bail!("{} does not match its blake3 ({} instead of {})", file.name, got, file.hash);
        }
        entry.close().await?;
    }
    let mut inner = zip.close().await?;
    inner.close().await?;
    Ok(())
}
