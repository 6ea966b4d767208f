//! Blob store on the local file system: write to a temporary file, fsync, rename into place.

use std::path::{Path, PathBuf};

use anyhow::Context;
use bytes::Bytes;
use tokio::io::AsyncWriteExt;
use tokio_util::io::ReaderStream;

use super::{BlobKey, BlobReader, BlobStore};

pub(crate) struct FsStore {
    root: PathBuf,
    /// Base URL of a web server or CDN serving the `public/` folder, when one is set.
    public_url: Option<String>,
}

impl FsStore {
    pub(crate) async fn open(root: &Path, public_url: Option<String>) -> anyhow::Result<Self> {
        tokio::fs::create_dir_all(root.join(".tmp")).await.with_context(|| format!("creating {}", root.display()))?;
        Ok(FsStore { root: root.to_path_buf(), public_url })
    }

    fn path(&self, key: &BlobKey) -> PathBuf {
        self.root.join(key.as_str())
    }

    fn temp_path(&self) -> PathBuf {
        self.root.join(".tmp").join(uuid::Uuid::new_v4().to_string())
    }

    /// Moves a fully written temporary file to its key, making the directory entry durable too.
    async fn commit(&self, tmp: &Path, key: &BlobKey) -> anyhow::Result<()> {
        let dest = self.path(key);
        let dir = dest.parent().context("blob key without a directory")?.to_path_buf();
        tokio::fs::create_dir_all(&dir).await?;
        tokio::fs::rename(tmp, &dest).await?;
        tokio::task::spawn_blocking(move || std::fs::File::open(&dir).and_then(|d| d.sync_all())).await??;
        Ok(())
    }

    async fn write_temp(&self, bytes: &[u8]) -> anyhow::Result<PathBuf> {
        let tmp = self.temp_path();
        let mut f = tokio::fs::File::create(&tmp).await?;
        f.write_all(bytes).await?;
        f.sync_all().await?;
        Ok(tmp)
    }
}

#[async_trait::async_trait]
impl BlobStore for FsStore {
    async fn put_file(&self, key: &BlobKey, path: &Path, _content_type: &str) -> anyhow::Result<()> {
        let tmp = self.temp_path();
        let result = async {
            tokio::fs::copy(path, &tmp).await?;
            tokio::fs::File::open(&tmp).await?.sync_all().await?;
            self.commit(&tmp, key).await
        }
        .await;
        if result.is_err() {
            let _ = tokio::fs::remove_file(&tmp).await;
        }
        result.with_context(|| format!("storing {}", key.as_str()))
    }

    async fn put_bytes(&self, key: &BlobKey, bytes: Bytes, _content_type: &str) -> anyhow::Result<()> {
        let tmp = self.write_temp(&bytes).await?;
        let result = self.commit(&tmp, key).await;
        if result.is_err() {
            let _ = tokio::fs::remove_file(&tmp).await;
        }
        result.with_context(|| format!("storing {}", key.as_str()))
    }

    async fn get(&self, key: &BlobKey) -> anyhow::Result<Option<BlobReader>> {
        match tokio::fs::File::open(self.path(key)).await {
            Ok(f) => {
                let len = f.metadata().await?.len();
                Ok(Some(BlobReader { len, stream: Box::pin(ReaderStream::with_capacity(f, 64 * 1024)) }))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).with_context(|| format!("reading {}", key.as_str())),
        }
    }

    async fn exists(&self, key: &BlobKey) -> anyhow::Result<bool> {
        Ok(tokio::fs::try_exists(self.path(key)).await?)
    }

    async fn delete(&self, key: &BlobKey) -> anyhow::Result<()> {
        let path = self.path(key);
        match tokio::fs::remove_file(&path).await {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
        // An upload's folder goes with its last part (fails harmlessly while others remain).
        if key.as_str().starts_with("uploads/")
            && let Some(dir) = path.parent()
        {
            let _ = tokio::fs::remove_dir(dir).await;
        }
        Ok(())
    }

    async fn check(&self) -> anyhow::Result<()> {
        let tmp = self.write_temp(b"ok").await.context("blob directory is not writable")?;
        tokio::fs::remove_file(tmp).await?;
        Ok(())
    }

    fn has_cdn(&self) -> bool {
        self.public_url.is_some()
    }

    fn public_url(&self, key: &BlobKey) -> Option<String> {
        let base = self.public_url.as_ref().filter(|_| key.is_public())?;
        Some(format!("{base}/{}", key.as_str()))
    }

    async fn list(&self) -> anyhow::Result<Vec<(String, i64)>> {
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || {
            let mut out = Vec::new();
            let mut dirs =
                vec![root.join("originals"), root.join("renditions"), root.join("public"), root.join("uploads")];
            while let Some(dir) = dirs.pop() {
                let entries = match std::fs::read_dir(&dir) {
                    Ok(e) => e,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                    Err(e) => return Err(e.into()),
                };
                for entry in entries {
                    let entry = entry?;
                    let meta = entry.metadata()?;
                    if meta.is_dir() {
                        dirs.push(entry.path());
                    } else if let Ok(rel) = entry.path().strip_prefix(&root) {
                        let modified =
                            meta.modified()?.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
                        out.push((rel.to_string_lossy().replace('\\', "/"), modified));
                    }
                }
            }
            Ok(out)
        })
        .await?
    }
}
