//! The id of a resumable upload: 128 random bits in lowercase hex, unguessable (it is in the URL).

use super::Invalid;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UploadId(String);

impl UploadId {
    pub fn random() -> Self {
        UploadId(uuid::Uuid::new_v4().simple().to_string())
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        if raw.len() == 32 && raw.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            Ok(UploadId(raw.to_string()))
        } else {
            Err(Invalid::new("upload_not_found", "there is no such upload"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UploadId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_32_lowercase_hex_digits() {
        let id = UploadId::random();
        assert_eq!(UploadId::parse(id.as_str()).unwrap(), id);
        assert!(UploadId::parse("../../originals").is_err());
        assert!(UploadId::parse(&id.as_str().to_uppercase()).is_err());
        assert!(UploadId::parse("").is_err());
    }
}
