//! Use cases shared by the JSON API, the pages and the CLI: each checks roles, phases and
//! rules, then writes through `db` in one transaction.

pub(crate) mod accounts;
pub(crate) mod audit;
pub(crate) mod campaign;
pub(crate) mod contest_setup;
pub(crate) mod contests;
pub(crate) mod covers;
pub(crate) mod dashboard;
pub(crate) mod entry_views;
pub(crate) mod gallery;
pub(crate) mod judging;
pub(crate) mod moderation;
pub(crate) mod people;
pub(crate) mod publication;
pub(crate) mod ratelimit;
pub(crate) mod reports;
pub(crate) mod reprocess;
pub(crate) mod results;
pub(crate) mod resumable;
pub(crate) mod retention;
pub(crate) mod rounds;
pub(crate) mod session_lookup;
pub(crate) mod sharing;
pub(crate) mod staff;
pub(crate) mod staging;
pub(crate) mod submissions;
pub(crate) mod sweep;
pub(crate) mod theme;
pub(crate) mod voting;

use crate::db::contests::ContestRow;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The contest of this slug, or a 404 that says so.
pub(crate) async fn contest_by_slug(state: &AppState, slug: &str) -> AppResult<ContestRow> {
    crate::db::contests::find_by_slug(state.db.pool(), slug)
        .await?
        .ok_or_else(|| AppError::not_found("contest_not_found", format!("there is no contest `{slug}`")))
}
