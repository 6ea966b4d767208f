//! "This contest, and this capability in it": the extractors a contest's staff routes open with.
//! Each answers 401 (not signed in) or 403 (the role may not) before anything else of the request
//! is read, then 404 when the route's `{slug}` names no contest. Per-contest roles are checked
//! here, in one place, when they exist.

use axum::extract::{FromRef, FromRequestParts, RawPathParams};
use axum::http::request::Parts;

use crate::db::{contests::ContestRow, users::User};
use crate::domain::role::Capability;
use crate::error::AppError;
use crate::services::contest_by_slug;
use crate::state::AppState;
use crate::web::session::AuthUser;

/// The signed-in user, if their role has `cap`, and the contest of the route's `{slug}`.
async fn contest_for<S: Send + Sync>(
    parts: &mut Parts,
    state: &S,
    cap: Capability,
) -> Result<(User, ContestRow), AppError>
where
    AppState: FromRef<S>,
{
    let AuthUser(user) = AuthUser::from_request_parts(parts, state).await?;
    if !user.role.can(cap) {
        return Err(AppError::forbidden());
    }
    let params = RawPathParams::from_request_parts(parts, state)
        .await
        .map_err(|e| AppError::not_found("not_found", format!("no such resource: {e}")))?;
    let Some((_, slug)) = params.iter().find(|(name, _)| *name == "slug") else {
        return Err(AppError::internal(anyhow::anyhow!("a contest route without a {{slug}}: {}", parts.uri.path())));
    };
    let contest = contest_by_slug(&AppState::from_ref(state), slug).await?;
    Ok((user, contest))
}

macro_rules! contest_extractor {
    ($(#[$doc:meta])* $name:ident, $cap:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub(crate) struct $name {
            pub(crate) user: User,
            pub(crate) contest: ContestRow,
        }

        impl<S: Send + Sync> FromRequestParts<S> for $name
        where
            AppState: FromRef<S>,
        {
            type Rejection = AppError;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
                let (user, contest) = contest_for(parts, state, $cap).await?;
                Ok($name { user, contest })
            }
        }
    };
}

contest_extractor!(
    /// An administrator, and the contest they act on.
    AdminOf,
    Capability::Administer
);
contest_extractor!(
    /// A moderator (or an administrator), and the contest they act on.
    ModeratorOf,
    Capability::Moderate
);
