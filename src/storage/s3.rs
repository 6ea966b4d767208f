//! Blob store on any S3-compatible service (Garage, MinIO, AWS, Scaleway, OVH) via aws-sdk-s3.

use std::path::Path;

use anyhow::Context;
use aws_sdk_s3::Client;
use aws_sdk_s3::config::{
    BehaviorVersion, Credentials, Region, RequestChecksumCalculation, ResponseChecksumValidation,
};
use aws_sdk_s3::error::DisplayErrorContext;
use aws_sdk_s3::primitives::ByteStream;
use bytes::Bytes;
use tokio_util::io::ReaderStream;

use super::{BlobKey, BlobReader, BlobStore};
use crate::config::S3Settings;

pub(crate) struct S3Store {
    client: Client,
    bucket: String,
    prefix: String,
    public_url: Option<String>,
}

impl S3Store {
    pub(crate) async fn open(s: &S3Settings) -> anyhow::Result<Self> {
        let creds =
            Credentials::new(s.access_key_id.expose(), s.secret_access_key.expose(), None, None, "declic-settings");
        let mut conf = aws_sdk_s3::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(s.region.clone()))
            .credentials_provider(creds)
            .force_path_style(s.path_style)
            // Streamed bodies with trailing checksums (aws-chunked) are refused by Garage
            // ("Invalid payload signature", awslabs/aws-sdk-rust#1240); the signed SHA-256
            // of the payload still guards every upload's integrity.
            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
            .response_checksum_validation(ResponseChecksumValidation::WhenRequired);
        if let Some(endpoint) = &s.endpoint {
            conf = conf.endpoint_url(endpoint);
        }
        Ok(S3Store {
            client: Client::from_conf(conf.build()),
            bucket: s.bucket.clone(),
            prefix: s.prefix.clone(),
            public_url: s.public_url.clone(),
        })
    }

    fn object_key(&self, key: &BlobKey) -> String {
        if self.prefix.is_empty() { key.as_str().to_string() } else { format!("{}/{}", self.prefix, key.as_str()) }
    }

    async fn put(&self, key: &BlobKey, body: ByteStream, content_type: &str) -> anyhow::Result<()> {
        let mut req = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(self.object_key(key))
            .body(body)
            .content_type(content_type);
        if key.is_public() {
            req = req.cache_control("public, max-age=31536000, immutable");
        }
        req.send().await.map_err(|e| anyhow::anyhow!("S3 PUT {}: {}", key.as_str(), DisplayErrorContext(e)))?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl BlobStore for S3Store {
    async fn put_file(&self, key: &BlobKey, path: &Path, content_type: &str) -> anyhow::Result<()> {
        let body = ByteStream::from_path(path).await.with_context(|| format!("opening {}", path.display()))?;
        self.put(key, body, content_type).await
    }

    async fn put_bytes(&self, key: &BlobKey, bytes: Bytes, content_type: &str) -> anyhow::Result<()> {
        self.put(key, ByteStream::from(bytes), content_type).await
    }

    async fn get(&self, key: &BlobKey) -> anyhow::Result<Option<BlobReader>> {
        match self.client.get_object().bucket(&self.bucket).key(self.object_key(key)).send().await {
            Ok(out) => {
                let len = out.content_length().unwrap_or(0).max(0) as u64;
                let reader = out.body.into_async_read();
                Ok(Some(BlobReader { len, stream: Box::pin(ReaderStream::with_capacity(reader, 64 * 1024)) }))
            }
            Err(e) if e.as_service_error().is_some_and(|se| se.is_no_such_key()) => Ok(None),
            Err(e) => Err(anyhow::anyhow!("S3 GET {}: {}", key.as_str(), DisplayErrorContext(e))),
        }
    }

    async fn exists(&self, key: &BlobKey) -> anyhow::Result<bool> {
        match self.client.head_object().bucket(&self.bucket).key(self.object_key(key)).send().await {
            Ok(_) => Ok(true),
            Err(e) if e.as_service_error().is_some_and(|se| se.is_not_found()) => Ok(false),
            Err(e) => Err(anyhow::anyhow!("S3 HEAD {}: {}", key.as_str(), DisplayErrorContext(e))),
        }
    }

    async fn delete(&self, key: &BlobKey) -> anyhow::Result<()> {
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(self.object_key(key))
            .send()
            .await
            .map_err(|e| anyhow::anyhow!("S3 DELETE {}: {}", key.as_str(), DisplayErrorContext(e)))?;
        Ok(())
    }

    async fn check(&self) -> anyhow::Result<()> {
        self.client
            .head_bucket()
            .bucket(&self.bucket)
            .send()
            .await
            .map_err(|e| anyhow::anyhow!("S3 bucket {} unreachable: {}", self.bucket, DisplayErrorContext(e)))?;
        Ok(())
    }

    fn has_cdn(&self) -> bool {
        self.public_url.is_some()
    }

    fn public_url(&self, key: &BlobKey) -> Option<String> {
        let base = self.public_url.as_ref().filter(|_| key.is_public())?;
        Some(format!("{base}/{}", self.object_key(key)))
    }

    async fn list(&self) -> anyhow::Result<Vec<(String, i64)>> {
        let prefix = if self.prefix.is_empty() { String::new() } else { format!("{}/", self.prefix) };
        let mut pages = self.client.list_objects_v2().bucket(&self.bucket).prefix(&prefix).into_paginator().send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| anyhow::anyhow!("S3 LIST: {}", DisplayErrorContext(e)))?;
            for obj in page.contents() {
                if let Some(key) = obj.key().and_then(|k| k.strip_prefix(&prefix)) {
                    out.push((key.to_string(), obj.last_modified().map_or(0, |d| d.secs())));
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hash::Blake3Hash;
    use crate::secret::Secret;

    #[tokio::test]
    async fn public_copies_point_at_the_cdn_when_one_is_set() {
        let settings = S3Settings {
            bucket: "photos".into(),
            prefix: "tenant".into(),
            endpoint: Some("http://127.0.0.1:1".into()),
            region: "garage".into(),
            access_key_id: Secret::new("k"),
            secret_access_key: Secret::new("s"),
            path_style: true,
            public_url: Some("https://cdn.example.org".into()),
        };
        let store = S3Store::open(&settings).await.unwrap();
        let h = Blake3Hash::from_hash(&blake3::hash(b"x"));
        let key = BlobKey::published(&h, "w400.jpg").unwrap();
        assert_eq!(store.public_url(&key).unwrap(), format!("https://cdn.example.org/tenant/public/{h}/w400.jpg"));
        assert_eq!(store.public_url(&BlobKey::rendition(&h, "w400.jpg").unwrap()), None, "private renditions");
        assert_eq!(store.object_key(&BlobKey::original(&h)), format!("tenant/originals/{}/{h}", &h.as_str()[..2]));
    }
}
