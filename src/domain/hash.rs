//! The blake3 content hash that names an original in the blob store.

use std::fmt;

use super::Invalid;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Blake3Hash(String);

impl Blake3Hash {
    pub fn from_hash(h: &blake3::Hash) -> Self {
        Blake3Hash(h.to_hex().to_string())
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        if raw.len() == 64 && raw.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            Ok(Blake3Hash(raw.to_string()))
        } else {
            Err(Invalid::new("invalid_hash", "not a blake3 hash"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Blake3Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_non_hex() {
        let h = Blake3Hash::from_hash(&blake3::hash(b"photo"));
        assert_eq!(Blake3Hash::parse(h.as_str()).unwrap(), h);
        assert!(Blake3Hash::parse("../../etc/passwd").is_err());
        assert!(Blake3Hash::parse(&"A".repeat(64)).is_err());
    }
}
