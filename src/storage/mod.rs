//! Blob storage: one small interface, two implementations (local disk, S3).
//! Keys are built only by [`BlobKey`] from hashes and fixed variant names: no user input reaches a path.

pub(crate) mod fs;
pub(crate) mod s3;

use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use futures::{Stream, TryStreamExt};

use crate::config::StorageSettings;
use crate::domain::hash::Blake3Hash;
use crate::domain::upload_id::UploadId;
use crate::media::RENDITION_FILES;

/// The file name of a contest logo.
pub(crate) const LOGO_FILE: &str = "logo.png";
/// The file name of a contest page's hero image.
pub(crate) const HERO_FILE: &str = "hero.jpg";

/// A key in the blob store. Originals and renditions are private (Déclic serves a rendition only to
/// whoever may see its entry); `public/` holds the copies a CDN may serve, made while an entry is
/// public (see `services::publication`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BlobKey(String);

impl BlobKey {
    /// `originals/ab/<hash>`: content-addressed, so storing the same bytes twice is harmless.
    pub fn original(hash: &Blake3Hash) -> Self {
        BlobKey(format!("originals/{}/{}", &hash.as_str()[..2], hash.as_str()))
    }

    /// `renditions/<hash>/<file>` for one of the pipeline's files (`w400.webp`, `share.jpg`…).
    pub fn rendition(hash: &Blake3Hash, file: &str) -> Option<Self> {
        RENDITION_FILES.contains(&file).then(|| BlobKey(format!("renditions/{}/{file}", hash.as_str())))
    }

    /// `public/<hash>/<file>`: the copy of a public entry's rendition a CDN serves (immutable).
    pub fn published(hash: &Blake3Hash, file: &str) -> Option<Self> {
        RENDITION_FILES.contains(&file).then(|| BlobKey(format!("public/{}/{file}", hash.as_str())))
    }

    /// `renditions/<hash>/logo.png`: a contest's logo, re-encoded (public, immutable).
    pub fn logo(hash: &Blake3Hash) -> Self {
        BlobKey(format!("renditions/{}/{LOGO_FILE}", hash.as_str()))
    }

    /// `renditions/<hash>/hero.jpg`: a contest page's hero image (public, content-addressed).
    pub fn hero(hash: &Blake3Hash) -> Self {
        BlobKey(format!("renditions/{}/{HERO_FILE}", hash.as_str()))
    }

    /// `prints/<hash>.jpg`: a cover's print file (private, content-addressed).
    pub fn print(hash: &Blake3Hash) -> Self {
        BlobKey(format!("prints/{}.jpg", hash.as_str()))
    }

    /// `mockups/<hash>.png`: a cover slot's mockup overlay (private, content-addressed).
    pub fn mockup(hash: &Blake3Hash) -> Self {
        BlobKey(format!("mockups/{}.png", hash.as_str()))
    }

    /// `covers/<hash>.jpg`: a cover's preview, its winner under the mockup (private).
    pub fn cover_preview(hash: &Blake3Hash) -> Self {
        BlobKey(format!("covers/{}.jpg", hash.as_str()))
    }

    /// `uploads/<upload id>/<start offset>-<nonce>`: one part of a resumable upload in progress.
    pub fn upload_part(upload: &UploadId, start: u64) -> Self {
        let nonce = &uuid::Uuid::new_v4().simple().to_string()[..8];
        BlobKey(format!("uploads/{upload}/{start:012}-{nonce}"))
    }

    /// Parses a public rendition path (`renditions/<hash>/<file>`); anything else is refused.
    pub fn parse_rendition(path: &str) -> Option<Self> {
        let rest = path.strip_prefix("renditions/")?;
        let (hash, file) = rest.split_once('/')?;
        let hash = Blake3Hash::parse(hash).ok()?;
        match file {
            LOGO_FILE => Some(Self::logo(&hash)),
            HERO_FILE => Some(Self::hero(&hash)),
            _ => Self::rendition(&hash, file),
        }
    }

    /// Rebuilds a key read back from the database (written by this module).
    pub fn from_stored(key: &str) -> Option<Self> {
        if let Some(k) = Self::parse_rendition(key) {
            return Some(k);
        }
        if let Some(rest) = key.strip_prefix("uploads/") {
            let (id, part) = rest.split_once('/')?;
            let (start, nonce) = part.split_once('-')?;
            let valid = UploadId::parse(id).is_ok()
                && start.len() == 12
                && start.bytes().all(|b| b.is_ascii_digit())
                && nonce.len() == 8
                && nonce.bytes().all(|b| b.is_ascii_hexdigit());
            return valid.then(|| BlobKey(key.to_string()));
        }
        if let Some(rest) = key.strip_prefix("public/") {
            let (hash, file) = rest.split_once('/')?;
            return Self::published(&Blake3Hash::parse(hash).ok()?, file);
        }
        if let Some(file) = key.strip_prefix("prints/") {
            return Some(Self::print(&Blake3Hash::parse(file.strip_suffix(".jpg")?).ok()?));
        }
        let rest = key.strip_prefix("originals/")?;
        let (_, hash) = rest.split_once('/')?;
        Some(Self::original(&Blake3Hash::parse(hash).ok()?))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A copy made to be served by a CDN: immutable once written.
    pub fn is_public(&self) -> bool {
        self.0.starts_with("public/")
    }
}

pub(crate) type ByteStream = Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>>;

/// A blob being read: its length and its bytes.
pub struct BlobReader {
    pub len: u64,
    pub stream: ByteStream,
}

impl BlobReader {
    /// Reads the whole blob into memory (bounded by the upload limit for originals).
    pub async fn into_bytes(self) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(self.len as usize);
        let mut s = self.stream;
        while let Some(chunk) = s.try_next().await? {
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }
}

#[async_trait::async_trait]
pub trait BlobStore: Send + Sync + 'static {
    /// Stores a local file under `key`; returns only once the bytes are durable.
    async fn put_file(&self, key: &BlobKey, path: &Path, content_type: &str) -> anyhow::Result<()>;
    /// Stores bytes under `key`; returns only once they are durable.
    async fn put_bytes(&self, key: &BlobKey, bytes: Bytes, content_type: &str) -> anyhow::Result<()>;
    /// Opens a blob, or `None` if absent.
    async fn get(&self, key: &BlobKey) -> anyhow::Result<Option<BlobReader>>;
    async fn exists(&self, key: &BlobKey) -> anyhow::Result<bool>;
    async fn delete(&self, key: &BlobKey) -> anyhow::Result<()>;
    /// Checks the store is reachable and writable enough to serve (readiness probe).
    async fn check(&self) -> anyhow::Result<()>;
    /// Copies a small blob (a rendition) to another key; false when `from` is absent.
    async fn copy(&self, from: &BlobKey, to: &BlobKey, content_type: &str) -> anyhow::Result<bool> {
        let Some(blob) = self.get(from).await? else { return Ok(false) };
        self.put_bytes(to, Bytes::from(blob.into_bytes().await?), content_type).await?;
        Ok(true)
    }
    /// The URL a CDN (or a web server in front of the store) serves this `public/` key at, when
    /// one is configured.
    fn public_url(&self, key: &BlobKey) -> Option<String>;
    /// Whether a CDN serves the `public/` copies.
    fn has_cdn(&self) -> bool;
    /// Every stored object: key (relative to the store) and last modification (unix seconds).
    async fn list(&self) -> anyhow::Result<Vec<(String, i64)>>;
}

pub type Storage = Arc<dyn BlobStore>;

/// Opens the configured store.
pub(crate) async fn open(settings: &StorageSettings) -> anyhow::Result<Storage> {
    Ok(match settings {
        StorageSettings::Fs { root, public_url } => Arc::new(fs::FsStore::open(root, public_url.clone()).await?),
        StorageSettings::S3(s3) => Arc::new(s3::S3Store::open(s3).await?),
    })
}

/// Content type of an original from its detected format name.
pub(crate) fn content_type_of(format: &str) -> &'static str {
    match format {
        "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "heic" => "image/heic",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_only_from_hashes_and_known_variants() {
        let h = Blake3Hash::from_hash(&blake3::hash(b"x"));
        let k = BlobKey::rendition(&h, "w400.webp").unwrap();
        assert_eq!(BlobKey::parse_rendition(k.as_str()), Some(k.clone()));
        assert!(BlobKey::rendition(&h, "../../etc").is_none());
        assert!(BlobKey::parse_rendition("originals/ab/cd").is_none());
        assert!(BlobKey::parse_rendition(&format!("renditions/{h}/w400.png")).is_none());
        assert!(BlobKey::parse_rendition(&format!("renditions/{h}/../w400.jpg")).is_none());
        let p = BlobKey::published(&h, "w400.webp").unwrap();
        assert!(p.is_public() && !k.is_public());
        assert_eq!(BlobKey::from_stored(p.as_str()), Some(p));
        assert!(BlobKey::published(&h, "../x").is_none());
        let o = BlobKey::original(&h);
        assert!(!o.is_public());
        assert_eq!(BlobKey::from_stored(o.as_str()), Some(o));
        let part = BlobKey::upload_part(&UploadId::random(), 1_048_576);
        assert!(!part.is_public());
        assert_eq!(BlobKey::from_stored(part.as_str()), Some(part.clone()));
        assert!(BlobKey::from_stored("uploads/../originals/000000000000-00000000").is_none());
    }
}
