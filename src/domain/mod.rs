//! Domain types and rules: parsed once at the edges, no I/O.

pub mod audit;
pub mod consent;
pub mod cover;
pub mod crop;
pub mod device;
pub mod display_name;
pub mod email;
pub mod entry;
pub mod gallery;
pub mod hash;
pub mod jury;
pub mod pow;
pub mod proxies;
pub mod retention;
pub mod role;
pub mod schedule;
pub mod score;
pub mod slug;
pub mod text_schema;
pub mod theme;
pub mod upload_id;
pub mod voting;

/// A rule of the domain was broken by some input. `code` is stable (API clients match on it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Invalid {
    pub code: &'static str,
    pub message: String,
}

impl Invalid {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }
}

/// Trims `raw`: at least `min` characters once trimmed, at most `max` as sent.
pub fn bounded_text(raw: &str, min: usize, max: usize, code: &'static str, what: &str) -> Result<String, Invalid> {
    let t = raw.trim();
    if t.chars().count() < min {
        return Err(Invalid::new(code, format!("{what} is required")));
    }
    // The limit holds for what was sent, as the API document's `maxLength` says.
    let n = raw.chars().count();
    if n > max {
        return Err(Invalid::new(code, format!("{what} is too long ({n} characters, at most {max})")));
    }
    if t.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(Invalid::new(code, format!("{what} contains control characters")));
    }
    Ok(t.to_string())
}
