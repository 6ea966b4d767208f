//! Domain types and rules: parsed once at the edges, no I/O.

pub(crate) mod alert;
pub(crate) mod audit;
pub(crate) mod consent;
pub(crate) mod cover;
pub(crate) mod crop;
pub(crate) mod device;
pub(crate) mod display_name;
pub(crate) mod email;
pub(crate) mod entry;
pub(crate) mod gallery;
pub(crate) mod hash;
pub(crate) mod jury;
pub(crate) mod login_code;
pub(crate) mod pow;
pub(crate) mod proxies;
pub(crate) mod retention;
pub(crate) mod role;
pub(crate) mod schedule;
pub(crate) mod score;
pub(crate) mod slug;
pub(crate) mod source;
pub(crate) mod text_schema;
pub(crate) mod theme;
pub(crate) mod triage;
pub(crate) mod upload_id;
pub(crate) mod voting;

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
pub(crate) fn bounded_text(
    raw: &str,
    min: usize,
    max: usize,
    code: &'static str,
    what: &str,
) -> Result<String, Invalid> {
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
