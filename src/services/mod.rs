//! Use cases shared by the JSON API, the pages and the CLI: each checks roles, phases and
//! rules, then writes through `db` in one transaction.

pub(crate) mod accounts;
pub(crate) mod alerts;
pub(crate) mod audit;
pub(crate) mod campaign;
pub(crate) mod contest_copy;
pub(crate) mod contest_setup;
pub(crate) mod contests;
pub(crate) mod covers;
pub(crate) mod dashboard;
pub(crate) mod entry_views;
pub(crate) mod gallery;
pub(crate) mod judging;
pub(crate) mod moderation;
pub(crate) mod outbox;
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
/// The contest of `slug` from the copies this instance keeps for the page-cache lifetime (the hot
/// path of signed-in pages); else as [`contest_by_slug`].
pub(crate) async fn contest_by_slug_kept(state: &AppState, slug: &str) -> AppResult<ContestRow> {
    let id = state
        .lookups
        .contest_ids
        .get_or_load(slug.to_string(), async { Ok::<_, AppError>(Some(contest_by_slug(state, slug).await?.id)) })
        .await?
        .unwrap_or_default();
    kept_contest(state, id).await
}

/// The contest `id` from the copies this instance keeps for the page-cache lifetime.
pub(crate) async fn kept_contest(state: &AppState, id: i64) -> AppResult<ContestRow> {
    let found = state.lookups.contests.get_or_load(id, crate::db::contests::find(state.db.pool(), id)).await?;
    found.ok_or_else(|| AppError::not_found("contest_not_found", "there is no such contest"))
}

pub(crate) async fn contest_by_slug(state: &AppState, slug: &str) -> AppResult<ContestRow> {
    crate::db::contests::find_by_slug(state.db.pool(), slug)
        .await?
        .ok_or_else(|| AppError::not_found("contest_not_found", format!("there is no contest `{slug}`")))
}

/// The caller's role must allow `cap` (checked before anything else of a use case).
pub(crate) fn require(by: &crate::db::users::User, cap: crate::domain::role::Capability) -> AppResult<()> {
    if by.role.can(cap) { Ok(()) } else { Err(AppError::forbidden()) }
}
