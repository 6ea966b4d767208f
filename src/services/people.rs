//! The administrators' list of people: accounts found by address or name, a page at a time.

use crate::db::{self, users::PersonLine, users::User};
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Accounts a page shows.
pub(crate) const PAGE: usize = 50;

/// One page of the list.
pub(crate) struct PeoplePage {
    pub people: Vec<PersonLine>,
    /// The `after` of the next page, if there is one.
    pub next: Option<i64>,
}

/// Accounts not erased whose address or display name contains `needle` (any case), after account
/// `after` in id order (admins).
pub(crate) async fn search(state: &AppState, by: &User, needle: &str, after: i64) -> AppResult<PeoplePage> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let needle: String = needle.trim().chars().take(200).collect();
    let mut people = db::users::search(state.db.pool(), &needle, after, PAGE as i64 + 1).await?;
    let next = if people.len() > PAGE {
        people.truncate(PAGE);
        people.last().map(|p| p.user.id)
    } else {
        None
    };
    Ok(PeoplePage { people, next })
}
