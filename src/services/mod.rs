//! Use cases shared by the JSON API, the pages and the CLI: each checks roles, phases and
//! rules, then writes through `db` in one transaction.

pub mod accounts;
pub mod audit;
pub mod contest_setup;
pub mod contests;
pub mod covers;
pub mod dashboard;
pub mod entry_views;
pub mod gallery;
pub mod judging;
pub mod moderation;
pub mod people;
pub mod publication;
pub mod ratelimit;
pub mod reports;
pub mod reprocess;
pub mod results;
pub mod resumable;
pub mod retention;
pub mod rounds;
pub mod session_lookup;
pub mod staff;
pub mod staging;
pub mod submissions;
pub mod sweep;
pub mod theme;
pub mod voting;

use crate::db::contests::ContestRow;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The contest of this slug, or a 404 that says so.
pub async fn contest_by_slug(state: &AppState, slug: &str) -> AppResult<ContestRow> {
    crate::db::contests::find_by_slug(state.db.pool(), slug)
        .await?
        .ok_or_else(|| AppError::not_found("contest_not_found", format!("there is no contest `{slug}`")))
}
