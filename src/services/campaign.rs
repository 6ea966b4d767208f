//! A contest's public face: what its landing page and its card on the home page show — the
//! photos approved lately, how many the gallery holds, the date visitors count down to, and the
//! timetable as steps.

use crate::db::{self, contests::ContestRow, gallery::Shown};
use crate::domain::schedule::{Milestone, Phase};
use crate::error::AppResult;
use crate::services::entry_views::{EntryView, Viewer, entry_views};
use crate::state::AppState;

/// The photos a contest shows off.
pub(crate) struct Showcase {
    /// The latest approved photos, newest first.
    pub(crate) recent: Vec<EntryView>,
    /// Photos in the public gallery.
    pub(crate) approved: i64,
}

/// The `n` latest approved photos of `contest` and the size of its gallery.
#[tracing::instrument(skip_all, fields(contest = contest.id))]
pub(crate) async fn showcase(state: &AppState, contest: &ContestRow, n: i64) -> AppResult<Showcase> {
    let pool = state.db.pool();
    let shown = Shown { contest_id: contest.id, category_id: None };
    let rows = db::gallery::newest(pool, shown, None, n).await?;
    Ok(Showcase {
        recent: entry_views(state, &rows, Viewer::Public).await?,
        approved: db::gallery::count(pool, contest.id).await?,
    })
}

/// Where a step of the timetable stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StepState {
    Past,
    Now,
    Later,
}

/// One step of the timetable: its name (message id), from, to (equal for a moment), state.
pub(crate) struct Step {
    pub(crate) name: &'static str,
    pub(crate) from: i64,
    pub(crate) to: i64,
    pub(crate) state: StepState,
}

/// The contest's timetable as steps, in order, each placed against `now`.
pub(crate) fn steps(contest: &ContestRow, now: i64) -> Vec<Step> {
    let s = contest.schedule();
    let place = |from: i64, to: i64| {
        if now >= to {
            StepState::Past
        } else if now >= from {
            StepState::Now
        } else {
            StepState::Later
        }
    };
    let results = if now >= s.results_at { StepState::Past } else { StepState::Later };
    let mut steps = vec![
        Step {
            name: "step-submissions",
            from: s.submissions.opens_at,
            to: s.submissions.closes_at,
            state: place(s.submissions.opens_at, s.submissions.closes_at),
        },
        Step {
            name: "step-vote",
            from: s.vote.opens_at,
            to: s.vote.closes_at,
            state: place(s.vote.opens_at, s.vote.closes_at),
        },
        Step {
            name: "step-jury",
            from: s.jury.opens_at,
            to: s.jury.closes_at,
            state: place(s.jury.opens_at, s.jury.closes_at),
        },
        Step { name: "step-results", from: s.results_at, to: s.results_at, state: results },
    ];
    if s.phase(now) == Phase::Results {
        steps[3].state = StepState::Now;
    }
    steps
}

/// The date visitors count down to now, if any.
pub(crate) fn milestone(contest: &ContestRow, now: i64) -> Option<(Milestone, i64)> {
    contest.schedule().next_milestone(now)
}
