//! A juror's score for an entry: an integer from 1 to 10.

use super::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Score(i64);

impl Score {
    pub(crate) fn parse(raw: i64) -> Result<Self, Invalid> {
        if (1..=10).contains(&raw) {
            Ok(Score(raw))
        } else {
            Err(Invalid::new("invalid_score", "a score is a whole number from 1 to 10"))
        }
    }

    pub(crate) fn value(self) -> i64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_one_to_ten() {
        assert!(Score::parse(0).is_err());
        assert!(Score::parse(11).is_err());
        assert_eq!(Score::parse(7).unwrap().value(), 7);
    }
}
