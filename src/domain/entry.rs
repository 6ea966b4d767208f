//! Entries: their lifecycle, their texts, and moderation decisions.

use super::{Invalid, bounded_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    /// Stored; renditions are being made.
    Processing,
    /// Awaiting moderation.
    Pending,
    Approved,
    Rejected,
    /// The photo could not be processed (corrupt, unsupported).
    Failed,
}

impl EntryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryStatus::Processing => "processing",
            EntryStatus::Pending => "pending",
            EntryStatus::Approved => "approved",
            EntryStatus::Rejected => "rejected",
            EntryStatus::Failed => "failed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "processing" => EntryStatus::Processing,
            "pending" => EntryStatus::Pending,
            "approved" => EntryStatus::Approved,
            "rejected" => EntryStatus::Rejected,
            "failed" => EntryStatus::Failed,
            _ => return None,
        })
    }

    /// Whether an entry of this status is public: approved, and not hidden by a moderator.
    pub fn is_public(self, hidden: bool) -> bool {
        self == EntryStatus::Approved && !hidden
    }

    /// Whether its owner may still change its title and description (not moderated yet).
    pub fn editable(self) -> bool {
        matches!(self, EntryStatus::Processing | EntryStatus::Pending)
    }

    /// The id of its name in the translations.
    pub fn message_id(self) -> &'static str {
        match self {
            EntryStatus::Processing => "status-processing",
            EntryStatus::Pending => "status-pending",
            EntryStatus::Approved => "status-approved",
            EntryStatus::Rejected => "status-rejected",
            EntryStatus::Failed => "status-failed",
        }
    }

    pub const ALL: [EntryStatus; 5] = [
        EntryStatus::Processing,
        EntryStatus::Pending,
        EntryStatus::Approved,
        EntryStatus::Rejected,
        EntryStatus::Failed,
    ];
}

/// What a participant writes about a photo; the description is the photo's alt text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EntryText {
    pub title: String,
    pub description: String,
}

impl EntryText {
    pub(crate) fn parse(title: &str, description: &str) -> Result<Self, Invalid> {
        Ok(EntryText {
            title: bounded_text(title, 1, 120, "invalid_title", "the title")?,
            description: bounded_text(description, 1, 1000, "invalid_description", "the description")?,
        })
    }

    /// A new photo's words: only the title is asked; an empty description (the alt text) is the
    /// title.
    pub(crate) fn parse_new(title: &str, description: &str) -> Result<Self, Invalid> {
        if description.trim().is_empty() { Self::parse(title, title) } else { Self::parse(title, description) }
    }
}

/// A moderator's decision; a rejection always carries its reason (the participant is told).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Decision {
    Approve,
    Reject { reason: String },
}

impl Decision {
    pub(crate) fn parse(decision: &str, reason: Option<&str>) -> Result<Self, Invalid> {
        match decision.trim() {
            "approve" => Ok(Decision::Approve),
            "reject" => Ok(Decision::Reject {
                reason: bounded_text(reason.unwrap_or(""), 1, 500, "reason_required", "the rejection reason")?,
            }),
            _ => Err(Invalid::new("invalid_decision", "decision must be approve or reject")),
        }
    }

    pub(crate) fn status(&self) -> EntryStatus {
        match self {
            Decision::Approve => EntryStatus::Approved,
            Decision::Reject { .. } => EntryStatus::Rejected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_required_and_bounded() {
        assert!(EntryText::parse("Tram au lever du jour", "Le T1 à Gare").is_ok());
        assert_eq!(EntryText::parse(" ", "d").unwrap_err().code, "invalid_title");
        assert_eq!(EntryText::parse("t", "").unwrap_err().code, "invalid_description");
        assert_eq!(EntryText::parse_new("Le tram", " ").unwrap().description, "Le tram");
        assert_eq!(EntryText::parse_new("Le tram", "Un tram bleu").unwrap().description, "Un tram bleu");
        assert!(EntryText::parse(&"x".repeat(121), "d").is_err());
    }

    #[test]
    fn rejection_needs_a_reason() {
        assert_eq!(Decision::parse("reject", None).unwrap_err().code, "reason_required");
        assert_eq!(Decision::parse("reject", Some("flou")).unwrap().status(), EntryStatus::Rejected);
        assert_eq!(Decision::parse("approve", None).unwrap(), Decision::Approve);
        assert!(Decision::parse("maybe", None).is_err());
    }

    #[test]
    fn statuses_round_trip() {
        for s in [
            EntryStatus::Processing,
            EntryStatus::Pending,
            EntryStatus::Approved,
            EntryStatus::Rejected,
            EntryStatus::Failed,
        ] {
            assert_eq!(EntryStatus::parse(s.as_str()), Some(s));
        }
    }
}
