//! Voting rules a contest sets: how many votes each voter has, and when votes look suspicious.

use chrono::TimeZone;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Invalid;

/// How many votes a voter has in a contest. A voter votes at most once for an entry (once a
/// day under [`VoteRule::PerDay`], where a favourite may get a vote every day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[expect(clippy::enum_variant_names, reason = "per entry, per contest, per day: the prefix is the rule")]
pub enum VoteRule {
    /// One vote per entry, for as many entries as the voter likes.
    PerEntry,
    /// `n` votes for the whole contest, on different entries.
    PerContest(i64),
    /// `n` votes each day (in the site's time zone), on different entries that day.
    PerDay(i64),
}

/// Votes a budget may hold at most.
pub(crate) const MAX_VOTES_PER_VOTER: i64 = 1000;

impl VoteRule {
    /// `rule` is `per_entry`, `per_contest` or `per_day`; the last two need `votes_per_voter`
    /// (1 to 1,000, checked whenever it is given).
    pub fn parse(rule: &str, votes_per_voter: Option<i64>) -> Result<Self, Invalid> {
        let n = || match votes_per_voter {
            Some(n @ 1..=MAX_VOTES_PER_VOTER) => Ok(n),
            _ => Err(Invalid::new(
                "invalid_votes_per_voter",
                format!("the number of votes per voter must be between 1 and {MAX_VOTES_PER_VOTER}"),
            )),
        };
        if votes_per_voter.is_some() {
            n()?;
        }
        match rule.trim() {
            "per_entry" => Ok(VoteRule::PerEntry),
            "per_contest" => Ok(VoteRule::PerContest(n()?)),
            "per_day" => Ok(VoteRule::PerDay(n()?)),
            _ => Err(Invalid::new("invalid_vote_rule", "the vote rule must be per_entry, per_contest or per_day")),
        }
    }

    /// The rule as stored (written by [`VoteRule::parse`]); an unknown value reads as `per_entry`.
    pub fn from_stored(rule: &str, votes_per_voter: i64) -> Self {
        VoteRule::parse(rule, Some(votes_per_voter)).unwrap_or(VoteRule::PerEntry)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            VoteRule::PerEntry => "per_entry",
            VoteRule::PerContest(_) => "per_contest",
            VoteRule::PerDay(_) => "per_day",
        }
    }

    /// Votes a voter has (for the contest, or for the day); `None`: one per entry, no total.
    pub fn budget(self) -> Option<i64> {
        match self {
            VoteRule::PerEntry => None,
            VoteRule::PerContest(n) | VoteRule::PerDay(n) => Some(n),
        }
    }

    /// The day a vote cast at `now` counts for: the local date's day number under
    /// [`VoteRule::PerDay`], else 0 (one day for the whole contest).
    pub fn day(self, now: i64, tz: chrono_tz::Tz) -> i64 {
        match self {
            VoteRule::PerDay(_) => tz
                .timestamp_opt(now, 0)
                .single()
                .map(|t| {
                    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");
                    (t.date_naive() - epoch).num_days()
                })
                .unwrap_or(now.div_euclid(86_400)),
            _ => 0,
        }
    }
}

/// When a burst of votes on one entry looks organised: within `window_secs`, this many votes
/// from one network, from accounts created less than an hour before, or with one identical user
/// agent. 0 turns a test off. Such votes are quarantined (not counted) until staff review them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Suspicion {
    /// 60 seconds to 7 days.
    #[schema(minimum = 60, maximum = 604800)]
    pub window_secs: i64,
    /// Votes from one network within the window (0 to 1,000,000; 0: off).
    #[schema(minimum = 0, maximum = 1000000)]
    pub network_votes: i64,
    /// Votes from new accounts within the window (0 to 1,000,000; 0: off).
    #[schema(minimum = 0, maximum = 1000000)]
    pub new_account_votes: i64,
    /// Votes from one browser kind within the window (0 to 1,000,000; 0: off).
    #[schema(minimum = 0, maximum = 1000000)]
    pub agent_votes: i64,
}

/// An account younger than this when it votes is "new".
pub(crate) const NEW_ACCOUNT_SECS: i64 = 3600;
/// The longest suspicion window.
pub(crate) const MAX_WINDOW_SECS: i64 = 7 * 86_400;
/// The running totals of votes screening reads are kept per this many seconds; a window counts
/// its first bucket whole (up to this much longer).
pub(crate) const WINDOW_BUCKET_SECS: i64 = 10;

impl Default for Suspicion {
    fn default() -> Self {
        Suspicion { window_secs: 600, network_votes: 40, new_account_votes: 20, agent_votes: 60 }
    }
}

impl Suspicion {
    pub fn parse(&self) -> Result<Suspicion, Invalid> {
        if !(60..=MAX_WINDOW_SECS).contains(&self.window_secs) {
            return Err(Invalid::new(
                "invalid_suspicion",
                "the suspicious-vote window must be between 60 seconds and 7 days",
            ));
        }
        for n in [self.network_votes, self.new_account_votes, self.agent_votes] {
            if !(0..=1_000_000).contains(&n) {
                return Err(Invalid::new(
                    "invalid_suspicion",
                    "a suspicious-vote threshold must be between 0 (off) and 1,000,000",
                ));
            }
        }
        Ok(*self)
    }

    /// The patterns a vote's window trips, given the votes on its entry in the window (this vote
    /// included) that share its network, its user agent, and that came from new accounts.
    pub fn tripped(&self, counts: &WindowCounts, new_account: bool) -> Vec<FlagKind> {
        let over = |n: i64, limit: i64| limit > 0 && n >= limit;
        let mut kinds = Vec::new();
        if over(counts.same_network, self.network_votes) {
            kinds.push(FlagKind::Network);
        }
        if new_account && over(counts.new_accounts, self.new_account_votes) {
            kinds.push(FlagKind::NewAccounts);
        }
        if over(counts.same_agent, self.agent_votes) {
            kinds.push(FlagKind::Agent);
        }
        kinds
    }
}

/// Votes on one entry within the suspicion window that share something with a new vote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WindowCounts {
    pub same_network: i64,
    pub same_agent: i64,
    pub new_accounts: i64,
}

/// What a flag saw in a group of votes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// Many votes from one network (an IPv4 /24, an IPv6 /64).
    Network,
    /// A wave of freshly created accounts.
    NewAccounts,
    /// Many votes with exactly the same user agent.
    Agent,
}

impl FlagKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FlagKind::Network => "network",
            FlagKind::NewAccounts => "new_accounts",
            FlagKind::Agent => "agent",
        }
    }

    /// Its one-letter code in the running totals of votes (`vote_windows.kind`).
    pub fn code(self) -> &'static str {
        match self {
            FlagKind::Network => "n",
            FlagKind::NewAccounts => "x",
            FlagKind::Agent => "a",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        [FlagKind::Network, FlagKind::NewAccounts, FlagKind::Agent].into_iter().find(|k| k.code() == s)
    }

    pub fn from_stored(s: &str) -> Self {
        match s {
            "network" => FlagKind::Network,
            "agent" => FlagKind::Agent,
            _ => FlagKind::NewAccounts,
        }
    }
}

/// Staff's decision on quarantined votes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FlagDecision {
    /// The votes are genuine: they count.
    Include,
    /// The votes are not counted (they stay in the log).
    Exclude,
}

impl FlagDecision {
    pub(crate) fn parse(raw: &str) -> Result<Self, Invalid> {
        match raw.trim() {
            "include" => Ok(FlagDecision::Include),
            "exclude" => Ok(FlagDecision::Exclude),
            _ => Err(Invalid::new("invalid_decision", "the decision must be include or exclude")),
        }
    }

    /// The flag's status after the decision.
    pub(crate) fn status(self) -> &'static str {
        match self {
            FlagDecision::Include => "included",
            FlagDecision::Exclude => "excluded",
        }
    }

    /// The state its votes take.
    pub(crate) fn vote_state(self) -> &'static str {
        match self {
            FlagDecision::Include => "counted",
            FlagDecision::Exclude => "excluded",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse_with_their_budget() {
        assert_eq!(VoteRule::parse("per_entry", None), Ok(VoteRule::PerEntry));
        assert_eq!(VoteRule::parse("per_day", Some(3)), Ok(VoteRule::PerDay(3)));
        assert_eq!(VoteRule::parse("per_contest", Some(5)).unwrap().budget(), Some(5));
        assert_eq!(VoteRule::parse("per_day", None).unwrap_err().code, "invalid_votes_per_voter");
        assert_eq!(VoteRule::parse("per_day", Some(0)).unwrap_err().code, "invalid_votes_per_voter");
        assert_eq!(VoteRule::parse("twice", Some(2)).unwrap_err().code, "invalid_vote_rule");
    }

    #[test]
    fn days_follow_the_local_calendar() {
        let paris = chrono_tz::Europe::Paris;
        // 2027-03-01 23:30 UTC is already 2 March in Paris (UTC+1 in winter).
        let late = chrono::Utc.with_ymd_and_hms(2027, 3, 1, 23, 30, 0).unwrap().timestamp();
        let morning = chrono::Utc.with_ymd_and_hms(2027, 3, 2, 7, 0, 0).unwrap().timestamp();
        let rule = VoteRule::PerDay(1);
        assert_eq!(rule.day(late, paris), rule.day(morning, paris));
        assert_eq!(rule.day(late, chrono_tz::UTC) + 1, rule.day(morning, chrono_tz::UTC));
        assert_eq!(VoteRule::PerContest(2).day(late, paris), 0);
    }

    #[test]
    fn thresholds_trip_only_when_reached_and_on() {
        let s = Suspicion { window_secs: 600, network_votes: 3, new_account_votes: 0, agent_votes: 5 };
        let counts = WindowCounts { same_network: 3, same_agent: 4, new_accounts: 50 };
        assert_eq!(s.tripped(&counts, true), vec![FlagKind::Network]);
        let counts = WindowCounts { same_network: 2, same_agent: 5, new_accounts: 0 };
        assert_eq!(s.tripped(&counts, false), vec![FlagKind::Agent]);
        let s = Suspicion { new_account_votes: 2, ..s };
        let counts = WindowCounts { same_network: 0, same_agent: 0, new_accounts: 2 };
        assert_eq!(s.tripped(&counts, false), vec![], "an old account's vote does not join a wave");
        assert_eq!(s.tripped(&counts, true), vec![FlagKind::NewAccounts]);
        assert_eq!(Suspicion { window_secs: 5, ..s }.parse().unwrap_err().code, "invalid_suspicion");
    }
}
