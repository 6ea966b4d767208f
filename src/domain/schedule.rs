//! A contest's phases (submissions, public vote, jury, results) and what each allows at a given time.

use super::Invalid;

/// A half-open time window `[opens_at, closes_at)` in unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub opens_at: i64,
    pub closes_at: i64,
}

impl Window {
    pub fn new(opens_at: i64, closes_at: i64, what: &str) -> Result<Self, Invalid> {
        if opens_at >= closes_at {
            return Err(Invalid::new("invalid_schedule", format!("the {what} phase must open before it closes")));
        }
        Ok(Window { opens_at, closes_at })
    }

    pub fn contains(&self, now: i64) -> bool {
        self.opens_at <= now && now < self.closes_at
    }
}

/// The contest's timetable; phases may overlap (voting often runs while submissions are open).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub submissions: Window,
    pub vote: Window,
    pub jury: Window,
    pub results_at: i64,
}

/// Where a contest stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Upcoming,
    Submissions,
    Voting,
    Judging,
    Deliberation,
    Results,
}

impl Schedule {
    pub fn new(submissions: Window, vote: Window, jury: Window, results_at: i64) -> Result<Self, Invalid> {
        if vote.opens_at < submissions.opens_at {
            return Err(Invalid::new("invalid_schedule", "the public vote cannot open before submissions"));
        }
        if jury.opens_at < submissions.opens_at {
            return Err(Invalid::new("invalid_schedule", "the jury cannot open before submissions"));
        }
        if results_at < vote.closes_at || results_at < jury.closes_at {
            return Err(Invalid::new("invalid_schedule", "results come after the vote and the jury have closed"));
        }
        Ok(Schedule { submissions, vote, jury, results_at })
    }

    pub fn accepts_submissions(&self, now: i64) -> bool {
        self.submissions.contains(now)
    }

    pub fn accepts_votes(&self, now: i64) -> bool {
        self.vote.contains(now)
    }

    pub fn accepts_scores(&self, now: i64) -> bool {
        self.jury.contains(now)
    }

    /// The most significant phase now (submissions win over voting when both are open).
    pub fn phase(&self, now: i64) -> Phase {
        if now >= self.results_at {
            Phase::Results
        } else if self.accepts_submissions(now) {
            Phase::Submissions
        } else if self.accepts_votes(now) {
            Phase::Voting
        } else if self.accepts_scores(now) {
            Phase::Judging
        } else if now < self.submissions.opens_at {
            Phase::Upcoming
        } else {
            Phase::Deliberation
        }
    }

    /// The date a visitor waits for now: the close of the submissions while they are open, else
    /// of the vote while it is open, else whatever comes next; none once the results are out.
    pub(crate) fn next_milestone(&self, now: i64) -> Option<(Milestone, i64)> {
        if self.accepts_submissions(now) {
            return Some((Milestone::SubmissionsClose, self.submissions.closes_at));
        }
        if self.accepts_votes(now) {
            return Some((Milestone::VoteClose, self.vote.closes_at));
        }
        [
            (Milestone::SubmissionsOpen, self.submissions.opens_at),
            (Milestone::VoteOpen, self.vote.opens_at),
            (Milestone::Results, self.results_at),
        ]
        .into_iter()
        .filter(|(_, at)| *at > now)
        .min_by_key(|(_, at)| *at)
    }
}

/// A date a contest's visitors count down to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Milestone {
    SubmissionsOpen,
    SubmissionsClose,
    VoteOpen,
    VoteClose,
    Results,
}

impl Milestone {
    /// The id of its sentence in the translations (`$left`: the time left; `$date`: the date).
    pub(crate) fn message_id(self) -> &'static str {
        match self {
            Milestone::SubmissionsOpen => "milestone-submissions-open",
            Milestone::SubmissionsClose => "milestone-submissions-close",
            Milestone::VoteOpen => "milestone-vote-open",
            Milestone::VoteClose => "milestone-vote-close",
            Milestone::Results => "milestone-results",
        }
    }
}

impl Phase {
    /// The id of its name in the translations.
    pub fn message_id(self) -> &'static str {
        match self {
            Phase::Upcoming => "phase-upcoming",
            Phase::Submissions => "phase-submissions",
            Phase::Voting => "phase-voting",
            Phase::Judging => "phase-judging",
            Phase::Deliberation => "phase-deliberation",
            Phase::Results => "phase-results",
        }
    }

    pub const ALL: [Phase; 6] =
        [Phase::Upcoming, Phase::Submissions, Phase::Voting, Phase::Judging, Phase::Deliberation, Phase::Results];
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sched() -> Schedule {
        Schedule::new(
            Window::new(100, 200, "submissions").unwrap(),
            Window::new(150, 300, "vote").unwrap(),
            Window::new(300, 400, "jury").unwrap(),
            500,
        )
        .unwrap()
    }

    #[test]
    fn the_countdown_goes_to_what_a_visitor_waits_for() {
        let s = sched();
        assert_eq!(s.next_milestone(50), Some((Milestone::SubmissionsOpen, 100)));
        // Submissions and vote both open: the submissions' close first.
        assert_eq!(s.next_milestone(160), Some((Milestone::SubmissionsClose, 200)));
        assert_eq!(s.next_milestone(250), Some((Milestone::VoteClose, 300)));
        assert_eq!(s.next_milestone(350), Some((Milestone::Results, 500)));
        assert_eq!(s.next_milestone(500), None);
    }

    #[test]
    fn windows_are_half_open() {
        let s = sched();
        assert!(!s.accepts_submissions(99));
        assert!(s.accepts_submissions(100));
        assert!(!s.accepts_submissions(200));
        assert!(s.accepts_votes(299) && !s.accepts_votes(300));
        assert!(s.accepts_scores(300));
    }

    #[test]
    fn phases_follow_the_clock() {
        let s = sched();
        assert_eq!(s.phase(0), Phase::Upcoming);
        assert_eq!(s.phase(160), Phase::Submissions);
        assert_eq!(s.phase(250), Phase::Voting);
        assert_eq!(s.phase(350), Phase::Judging);
        assert_eq!(s.phase(450), Phase::Deliberation);
        assert_eq!(s.phase(500), Phase::Results);
    }

    #[test]
    fn incoherent_schedules_are_refused() {
        assert!(Window::new(10, 10, "vote").is_err());
        let w = |a, b| Window::new(a, b, "x").unwrap();
        assert!(Schedule::new(w(100, 200), w(50, 300), w(300, 400), 500).is_err());
        assert!(Schedule::new(w(100, 200), w(150, 300), w(300, 400), 350).is_err());
    }
}
