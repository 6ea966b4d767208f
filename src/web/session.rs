//! Login sessions: an opaque random cookie (HttpOnly, SameSite=Lax, Secure under HTTPS) whose
//! blake3 hash is the database key; extractors for the current user and role checks.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

use crate::db::{self, users::User};
use crate::domain::role::Capability;
use crate::error::AppError;
use crate::services::accounts::{hash_token, new_token};
use crate::state::AppState;

pub const COOKIE: &str = "declic_session";

/// The logged-in user, if any.
#[derive(Debug, Clone)]
pub(crate) struct MaybeUser(pub Option<User>);

/// A logged-in user (401 otherwise).
#[derive(Debug, Clone)]
pub(crate) struct AuthUser(pub User);

impl AuthUser {
    /// The user if their role has `cap` (403 otherwise).
    pub(crate) fn require(&self, cap: Capability) -> Result<&User, AppError> {
        if self.0.role.can(cap) { Ok(&self.0) } else { Err(AppError::forbidden()) }
    }
}

/// The user signed in by the session cookie among these headers, if any (sessions are cached).
pub(crate) async fn user_of_cookies(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<Option<User>, AppError> {
    let Some(c) = CookieJar::from_headers(headers).get(COOKIE).map(|c| c.value().to_string()) else { return Ok(None) };
    let hash = hash_token(&c);
    let load = state.sessions.find(hash.clone());
    state.lookups.sessions.get_or_load(hash, load).await
}

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser
where
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(u) = parts.extensions.get::<MaybeUser>() {
            return Ok(u.clone());
        }
        let u = MaybeUser(user_of_cookies(&AppState::from_ref(state), &parts.headers).await?);
        parts.extensions.insert(u.clone());
        Ok(u)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AuthUser
where
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match MaybeUser::from_request_parts(parts, state).await?.0 {
            Some(u) => Ok(AuthUser(u)),
            None => Err(AppError::unauthenticated()),
        }
    }
}

/// Extractors for "a signed-in user whose role has this capability": they answer 401 or 403
/// before anything else of the request (its body above all) is read, so a role that may not
/// act never learns what the route would have accepted.
macro_rules! capability_extractor {
    ($(#[$doc:meta])* $name:ident, $cap:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub(crate) struct $name(pub(crate) User);

        impl<S: Send + Sync> FromRequestParts<S> for $name
        where
            AppState: FromRef<S>,
        {
            type Rejection = AppError;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
                let AuthUser(user) = AuthUser::from_request_parts(parts, state).await?;
                if user.role.can($cap) { Ok($name(user)) } else { Err(AppError::forbidden()) }
            }
        }
    };
}

capability_extractor!(
    /// An administrator.
    Admin,
    Capability::Administer
);
capability_extractor!(
    /// A moderator (or an administrator, who may moderate).
    Moderator,
    Capability::Moderate
);
capability_extractor!(
    /// A member of the jury, or a moderator or administrator (who sit on pre-selection rounds);
    /// each round then checks its own members.
    Juror,
    Capability::SitOnRounds
);

/// The client's user agent (empty when absent).
pub(crate) struct UserAgent(pub String);

impl<S: Send + Sync> FromRequestParts<S> for UserAgent {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let ua = parts.headers.get(axum::http::header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
        Ok(UserAgent(ua.chars().take(512).collect()))
    }
}

/// The client's address (for rate limits).
pub(crate) struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp::of(&parts.extensions))
    }
}

impl ClientIp {
    /// The client's address in a request's extensions (the server put it there, through the
    /// trusted proxies).
    pub(crate) fn of(extensions: &axum::http::Extensions) -> ClientIp {
        ClientIp(extensions.get::<ConnectInfo<SocketAddr>>().map_or(IpAddr::from([127, 0, 0, 1]), |c| c.0.ip()))
    }
}

/// Opens a new session for `user`, ending the one the browser had (the id changes at every login).
pub(crate) async fn start(state: &AppState, jar: CookieJar, user: &User) -> Result<CookieJar, AppError> {
    if let Some(old) = jar.get(COOKIE) {
        let hash = hash_token(old.value());
        db::sessions::delete(state.db.pool(), &hash).await?;
        state.lookups.sessions.remove(&hash);
    }
    let token = new_token();
    let now = crate::clock::now();
    let ttl = state.settings.session_ttl;
    db::sessions::create(state.db.pool(), &hash_token(&token), user.id, now, now + ttl.as_secs() as i64).await?;
    let cookie = Cookie::build((COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings.https())
        .max_age(time::Duration::seconds(ttl.as_secs() as i64))
        .build();
    Ok(jar.add(cookie))
}

/// Signs `user` in on this browser: the class of the device they signed in from (for the
/// dashboard), then a new session.
pub(crate) async fn sign_in(
    state: &AppState,
    jar: CookieJar,
    user: &User,
    device: Option<crate::domain::device::DeviceClass>,
) -> Result<CookieJar, AppError> {
    if let Some(d) = device {
        db::users::set_device(state.db.pool(), user.id, d).await?;
    }
    start(state, jar, user).await
}

/// Ends the browser's session, server side and client side.
pub(crate) async fn end(state: &AppState, jar: CookieJar) -> Result<CookieJar, AppError> {
    if let Some(c) = jar.get(COOKIE) {
        let hash = hash_token(c.value());
        db::sessions::delete(state.db.pool(), &hash).await?;
        state.lookups.sessions.remove(&hash);
    }
    Ok(jar.remove(Cookie::build(COOKIE).path("/").build()))
}
