//! A jury round's settings: its method, dates, quorum and shortlist intake, checked once; the
//! rule for missing scores chosen at closing; the contest's weighted criteria.

use crate::domain::Invalid;

/// How jurors mark the entries of a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    /// Pre-selection: yes or no on each entry.
    YesNo,
    /// A score from 1 to 10 on each of the contest's criteria, mixed by their weights.
    Criteria,
    /// Each juror ranks their top `n` (1 best); counted by the Schulze method.
    Ranking { top_n: u32 },
}

/// How many entries each juror of a ranking round ranks when staff do not say.
pub(crate) const DEFAULT_TOP_N: u32 = 10;

impl Method {
    /// `top_n` is 0 to 100 whatever the method; a ranking round ranks that many, or
    /// [`DEFAULT_TOP_N`] when it is 0 (not given).
    pub(crate) fn parse(raw: &str, top_n: i64) -> Result<Method, Invalid> {
        if !(0..=100).contains(&top_n) {
            return Err(Invalid::new("invalid_top_n", "a ranking round ranks a top of 1 to 100 entries"));
        }
        match raw.trim() {
            "yes_no" => Ok(Method::YesNo),
            "criteria" => Ok(Method::Criteria),
            "ranking" => match u32::try_from(top_n) {
                Ok(0) => Ok(Method::Ranking { top_n: DEFAULT_TOP_N }),
                Ok(n @ 1..=100) => Ok(Method::Ranking { top_n: n }),
                _ => Err(Invalid::new("invalid_top_n", "a ranking round ranks a top of 1 to 100 entries")),
            },
            other => {
                Err(Invalid::new("invalid_method", format!("`{other}` is not a method: yes_no, criteria or ranking")))
            }
        }
    }

    pub(crate) fn code(self) -> &'static str {
        match self {
            Method::YesNo => "yes_no",
            Method::Criteria => "criteria",
            Method::Ranking { .. } => "ranking",
        }
    }

    pub(crate) fn top_n(self) -> u32 {
        match self {
            Method::Ranking { top_n } => top_n,
            _ => 0,
        }
    }
}

/// Where a round stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// Being set up: shortlist not fixed, no marks.
    Draft,
    /// Started by staff: jurors mark from its opening date until staff close it.
    Open,
    /// Closed: marks frozen, the result final.
    Closed,
}

impl Status {
    pub(crate) fn parse(raw: &str) -> Status {
        match raw {
            "open" => Status::Open,
            "closed" => Status::Closed,
            _ => Status::Draft,
        }
    }
}

/// What happens, at closing, to the jurors who did not mark every entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MissingRule {
    /// Late jurors are left out: none of their marks count.
    IgnoreLate,
    /// Every mark given counts: each entry on the average of the jurors who marked it.
    AverageScored,
}

impl MissingRule {
    pub(crate) fn parse(raw: &str) -> Result<MissingRule, Invalid> {
        match raw.trim() {
            "ignore_late" => Ok(MissingRule::IgnoreLate),
            "average_scored" => Ok(MissingRule::AverageScored),
            other => Err(Invalid::new(
                "invalid_missing_rule",
                format!("`{other}` is not a rule for missing scores: ignore_late or average_scored"),
            )),
        }
    }

    pub(crate) fn code(self) -> &'static str {
        match self {
            MissingRule::IgnoreLate => "ignore_late",
            MissingRule::AverageScored => "average_scored",
        }
    }
}

/// A round as staff define it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RoundSpec {
    pub name: String,
    pub method: Method,
    /// How many entries of the previous round's result make this round's shortlist (entries tied
    /// at the cut all go through); 0 takes every entry. A first round takes every approved entry.
    pub intake: u32,
    /// The fewest jurors whose marks must count on each entry for the round to close.
    pub quorum: u32,
    pub opens_at: i64,
    pub closes_at: i64,
}

impl RoundSpec {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn parse(
        name: &str,
        method: &str,
        top_n: i64,
        intake: i64,
        quorum: i64,
        opens_at: i64,
        closes_at: i64,
    ) -> Result<RoundSpec, Invalid> {
        let name = crate::domain::bounded_text(name, 1, 80, "invalid_round_name", "the round's name")?;
        let name = name.as_str();
        let method = Method::parse(method, top_n)?;
        let intake = u32::try_from(intake)
            .ok()
            .filter(|n| *n <= 100_000)
            .ok_or_else(|| Invalid::new("invalid_intake", "the intake is a number of entries, 0 for all"))?;
        let quorum = u32::try_from(quorum)
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| Invalid::new("invalid_quorum", "the quorum is a number of jurors from 1 to 100"))?;
        if closes_at <= opens_at {
            return Err(Invalid::new("invalid_round_dates", "a round closes after it opens"));
        }
        Ok(RoundSpec { name: name.to_string(), method, intake, quorum, opens_at, closes_at })
    }
}

/// One of the contest's criteria with its weight, and what it means for jurors.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CriterionSpec {
    pub name: String,
    pub weight: f64,
    /// Shown to jurors beside the criterion (may be empty).
    pub description: String,
}

impl CriterionSpec {
    /// The criterion with its description (at most 300 characters, one line's worth).
    pub(crate) fn described(mut self, raw: &str) -> Result<CriterionSpec, Invalid> {
        self.description = crate::domain::bounded_text(raw, 0, 300, "invalid_criteria", "a criterion's description")?;
        Ok(self)
    }
}

/// The contest's criteria, checked as a whole: 1 to 12, distinct names, positive weights.
pub(crate) fn parse_criteria(list: &[(String, f64)]) -> Result<Vec<CriterionSpec>, Invalid> {
    if list.is_empty() || list.len() > 12 {
        return Err(Invalid::new("invalid_criteria", "a contest has 1 to 12 criteria"));
    }
    let mut out: Vec<CriterionSpec> = Vec::new();
    for (name, weight) in list {
        let name = crate::domain::bounded_text(name, 1, 80, "invalid_criteria", "a criterion's name")?;
        let name = name.as_str();
        if !weight.is_finite() || *weight <= 0.0 || *weight > 100.0 {
            return Err(Invalid::new(
                "invalid_criteria",
                format!("the weight of “{name}” must be a number above 0 and at most 100"),
            ));
        }
        if out.iter().any(|c| c.name.to_lowercase() == name.to_lowercase()) {
            return Err(Invalid::new("invalid_criteria", format!("the criterion “{name}” is listed twice")));
        }
        out.push(CriterionSpec { name: name.to_string(), weight: *weight, description: String::new() });
    }
    Ok(out)
}

/// One mark a juror gives, checked against the round's method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MarkValue {
    Yes(bool),
    /// A 1–10 score on one criterion.
    Score {
        criterion: i64,
        score: i64,
    },
    /// A position in the juror's top N (1 best), or none to take the entry out of it.
    Position(Option<u32>),
}

impl MarkValue {
    /// The stored (criterion, value); a removed position is `None`.
    pub(crate) fn stored(self) -> (i64, Option<i64>) {
        match self {
            MarkValue::Yes(y) => (0, Some(i64::from(y))),
            MarkValue::Score { criterion, score } => (criterion, Some(score)),
            MarkValue::Position(p) => (0, p.map(i64::from)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_and_their_top() {
        assert_eq!(Method::parse("yes_no", 0).unwrap(), Method::YesNo);
        assert_eq!(Method::parse("ranking", 5).unwrap(), Method::Ranking { top_n: 5 });
        assert_eq!(Method::parse("ranking", 0).unwrap(), Method::Ranking { top_n: DEFAULT_TOP_N });
        assert_eq!(Method::parse("ranking", 101).unwrap_err().code, "invalid_top_n");
        assert_eq!(Method::parse("yes_no", -1).unwrap_err().code, "invalid_top_n");
        assert_eq!(Method::parse("stars", 0).unwrap_err().code, "invalid_method");
    }

    #[test]
    fn a_round_closes_after_it_opens_and_needs_a_juror() {
        assert!(RoundSpec::parse("Final", "criteria", 0, 12, 2, 10, 20).is_ok());
        assert_eq!(RoundSpec::parse("Final", "criteria", 0, 12, 2, 20, 20).unwrap_err().code, "invalid_round_dates");
        assert_eq!(RoundSpec::parse("Final", "criteria", 0, 12, 0, 10, 20).unwrap_err().code, "invalid_quorum");
        assert_eq!(RoundSpec::parse(" ", "criteria", 0, 12, 1, 10, 20).unwrap_err().code, "invalid_round_name");
        assert_eq!(RoundSpec::parse("F", "criteria", 0, -1, 1, 10, 20).unwrap_err().code, "invalid_intake");
    }

    #[test]
    fn criteria_are_distinct_with_positive_weights() {
        let ok = parse_criteria(&[("Theme".into(), 2.0), ("Originality".into(), 1.0)]).unwrap();
        assert_eq!(ok.len(), 2);
        assert!(parse_criteria(&[]).is_err());
        assert!(parse_criteria(&[("Theme".into(), 0.0)]).is_err());
        assert!(parse_criteria(&[("Theme".into(), 1.0), ("theme".into(), 2.0)]).is_err());
    }

    #[test]
    fn missing_rules() {
        assert_eq!(MissingRule::parse("ignore_late").unwrap(), MissingRule::IgnoreLate);
        assert_eq!(MissingRule::parse("drop").unwrap_err().code, "invalid_missing_rule");
    }
}
