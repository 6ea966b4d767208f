//! The name a participant is credited with (a real name or a pseudonym), on one line.

use super::{Invalid, bounded_text};

/// 1 to 60 characters on one line, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DisplayName(String);

impl DisplayName {
    /// `None` for an empty input: the credit falls back to the default.
    pub(crate) fn parse(raw: &str) -> Result<Option<Self>, Invalid> {
        if raw.trim().is_empty() {
            return Ok(None);
        }
        let name = bounded_text(raw, 1, 60, "invalid_display_name", "the display name")?;
        if name.contains(['\n', '\r', '\t']) {
            return Err(Invalid::new("invalid_display_name", "the display name must fit on one line"));
        }
        Ok(Some(DisplayName(name)))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_bounded_and_on_one_line() {
        assert_eq!(DisplayName::parse("  Léa M.  ").unwrap().unwrap().as_str(), "Léa M.");
        assert_eq!(DisplayName::parse("   ").unwrap(), None);
        assert_eq!(DisplayName::parse(&"é".repeat(61)).unwrap_err().code, "invalid_display_name");
        assert!(DisplayName::parse("deux\nlignes").is_err());
    }
}
