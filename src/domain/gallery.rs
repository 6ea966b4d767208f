//! How a gallery is ordered, and the opaque cursor that continues a page (keyset, never OFFSET).

use super::Invalid;

/// Ranks run over `0..SHUFFLE_SPAN`.
pub(crate) const SHUFFLE_SPAN: i64 = 1 << 31;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GalleryOrder {
    /// A fair shuffle: every visitor starts at their own point of a random order, stable for them.
    Shuffle,
    Newest,
    MostVoted,
}

impl GalleryOrder {
    pub(crate) fn parse(raw: &str) -> Result<Self, Invalid> {
        match raw {
            "shuffle" => Ok(GalleryOrder::Shuffle),
            "newest" => Ok(GalleryOrder::Newest),
            "votes" => Ok(GalleryOrder::MostVoted),
            _ => Err(Invalid::new("invalid_order", "the order is `shuffle`, `newest` or `votes`")),
        }
    }

    pub(crate) fn code(self) -> &'static str {
        match self {
            GalleryOrder::Shuffle => "shuffle",
            GalleryOrder::Newest => "newest",
            GalleryOrder::MostVoted => "votes",
        }
    }
}

/// Where the next page starts: the last entry shown, in the terms of its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GalleryCursor {
    /// Entries older than this id.
    Newest { id: i64 },
    /// Entries after (votes, id) in descending order.
    MostVoted { votes: i64, id: i64 },
    /// Entries after (rank, id) in the visitor's shuffle that starts at `seed`.
    Shuffle { seed: i64, rank: i64, id: i64 },
}

fn invalid() -> Invalid {
    Invalid::new("invalid_cursor", "this cursor does not come from a gallery page")
}

impl GalleryCursor {
    /// Reads a cursor written by [`GalleryCursor::to_string`].
    pub(crate) fn parse(raw: &str) -> Result<Self, Invalid> {
        let mut parts = raw.split('.');
        let kind = parts.next().ok_or_else(invalid)?;
        let nums: Vec<i64> = parts.map(|p| p.parse::<i64>().map_err(|_| invalid())).collect::<Result<_, _>>()?;
        let in_span = |n: i64| (0..SHUFFLE_SPAN).contains(&n);
        match (kind, nums.as_slice()) {
            ("n", [id]) => Ok(GalleryCursor::Newest { id: *id }),
            ("v", [votes, id]) if *votes >= 0 => Ok(GalleryCursor::MostVoted { votes: *votes, id: *id }),
            ("s", [seed, rank, id]) if in_span(*seed) && in_span(*rank) => {
                Ok(GalleryCursor::Shuffle { seed: *seed, rank: *rank, id: *id })
            }
            _ => Err(invalid()),
        }
    }

    pub(crate) fn order(&self) -> GalleryOrder {
        match self {
            GalleryCursor::Newest { .. } => GalleryOrder::Newest,
            GalleryCursor::MostVoted { .. } => GalleryOrder::MostVoted,
            GalleryCursor::Shuffle { .. } => GalleryOrder::Shuffle,
        }
    }
}

impl std::fmt::Display for GalleryCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GalleryCursor::Newest { id } => write!(f, "n.{id}"),
            GalleryCursor::MostVoted { votes, id } => write!(f, "v.{votes}.{id}"),
            GalleryCursor::Shuffle { seed, rank, id } => write!(f, "s.{seed}.{rank}.{id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        for c in [
            GalleryCursor::Newest { id: 42 },
            GalleryCursor::MostVoted { votes: 7, id: 3 },
            GalleryCursor::Shuffle { seed: 12345, rank: 99, id: 8 },
        ] {
            assert_eq!(GalleryCursor::parse(&c.to_string()).unwrap(), c);
        }
        for bad in ["", "n", "n.x", "v.1", "s.1.2", "s.-1.2.3", "x.1", "n.1.2", "s.9999999999.1.1"] {
            assert_eq!(GalleryCursor::parse(bad).unwrap_err().code, "invalid_cursor", "{bad}");
        }
        assert_eq!(GalleryOrder::parse("votes").unwrap(), GalleryOrder::MostVoted);
        assert!(GalleryOrder::parse("random").is_err());
    }
}
