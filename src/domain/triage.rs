//! The moderation workspace's filters: which decided state is looked at, which warning flag, and
//! how long a decision may still be undone.

use super::Invalid;
use super::entry::EntryStatus;

/// Photos shown per page of the moderation grid.
pub(crate) const PAGE_SIZE: usize = 48;

/// The states a moderator browses: awaiting a decision, or decided (to revisit a decision).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shelf {
    Pending,
    Approved,
    Rejected,
}

impl Shelf {
    pub(crate) const ALL: [Shelf; 3] = [Shelf::Pending, Shelf::Approved, Shelf::Rejected];

    /// Parses the query value; absent means the photos awaiting a decision.
    pub(crate) fn parse(raw: Option<&str>) -> Result<Shelf, Invalid> {
        match raw.map(str::trim).unwrap_or("") {
            "" | "pending" => Ok(Shelf::Pending),
            "approved" => Ok(Shelf::Approved),
            "rejected" => Ok(Shelf::Rejected),
            _ => Err(Invalid::new("invalid_state", "state must be pending, approved or rejected")),
        }
    }

    pub(crate) fn status(self) -> EntryStatus {
        match self {
            Shelf::Pending => EntryStatus::Pending,
            Shelf::Approved => EntryStatus::Approved,
            Shelf::Rejected => EntryStatus::Rejected,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        self.status().as_str()
    }
}

/// A warning a moderator may want to look at first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flag {
    /// The same file as another participant's earlier entry.
    Duplicate,
    /// Looks like another entry of the contest.
    NearDuplicate,
    /// Someone reported it (open report).
    Reported,
    /// Too small to print on any of the contest's covers.
    PrintUnfit,
}

impl Flag {
    pub(crate) const ALL: [Flag; 4] = [Flag::Duplicate, Flag::NearDuplicate, Flag::Reported, Flag::PrintUnfit];

    /// Parses the query value; absent or empty means no flag filter.
    pub(crate) fn parse(raw: Option<&str>) -> Result<Option<Flag>, Invalid> {
        Ok(Some(match raw.map(str::trim).unwrap_or("") {
            "" => return Ok(None),
            "duplicate" => Flag::Duplicate,
            "near_duplicate" => Flag::NearDuplicate,
            "reported" => Flag::Reported,
            "print_unfit" => Flag::PrintUnfit,
            _ => {
                return Err(Invalid::new(
                    "invalid_flag",
                    "flag must be duplicate, near_duplicate, reported or print_unfit",
                ));
            }
        }))
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Flag::Duplicate => "duplicate",
            Flag::NearDuplicate => "near_duplicate",
            Flag::Reported => "reported",
            Flag::PrintUnfit => "print_unfit",
        }
    }
}

/// What the workspace knows of one photo to sort it into shelves and flags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Marks {
    pub duplicate: bool,
    pub near_duplicate: bool,
    pub reported: bool,
    pub print_unfit: bool,
}

impl Marks {
    pub(crate) fn has(&self, flag: Flag) -> bool {
        match flag {
            Flag::Duplicate => self.duplicate,
            Flag::NearDuplicate => self.near_duplicate,
            Flag::Reported => self.reported,
            Flag::PrintUnfit => self.print_unfit,
        }
    }
}

/// Whether a decision taken at `decided_at` may still be undone at `now`: within the window, and
/// never a decision from the future (a clock set back).
pub(crate) fn undoable(decided_at: i64, now: i64, window_secs: i64) -> bool {
    window_secs > 0 && decided_at <= now && now - decided_at < window_secs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shelves_and_flags_parse_their_query_values() {
        assert_eq!(Shelf::parse(None).unwrap(), Shelf::Pending);
        assert_eq!(Shelf::parse(Some("approved")).unwrap(), Shelf::Approved);
        assert_eq!(Shelf::parse(Some("processing")).unwrap_err().code, "invalid_state");
        assert_eq!(Flag::parse(Some("")).unwrap(), None);
        for f in Flag::ALL {
            assert_eq!(Flag::parse(Some(f.as_str())).unwrap(), Some(f));
        }
        assert_eq!(Flag::parse(Some("nsfw")).unwrap_err().code, "invalid_flag");
    }

    #[test]
    fn a_decision_is_undone_only_within_its_window() {
        assert!(undoable(100, 100, 300));
        assert!(undoable(100, 399, 300));
        assert!(!undoable(100, 400, 300));
        assert!(!undoable(100, 99, 300), "a decision from the future");
        assert!(!undoable(100, 100, 0), "undo turned off");
    }
}
