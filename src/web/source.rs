//! Remembers, in a first-party cookie, where a visitor first came from (the campaign's
//! `?utm_source=` tag, else the site that linked here), so that their account records it when
//! they sign in. No third party, nothing else about the visit; the cookie lasts 30 days.

use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::cookie::{Cookie, SameSite};

use crate::domain::source::Source;
use crate::state::AppState;

/// The cookie holding the source code.
pub(crate) const COOKIE: &str = "declic_src";
const DAYS: i64 = 30;

/// Sets the cookie on a page's answer when the visitor has none yet and the visit says where it
/// comes from (first touch: a later visit does not overwrite it).
pub(crate) async fn remember(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let found = (req.method() == Method::GET && remembered(req.headers()).is_none())
        .then(|| {
            let utm = req.uri().query().and_then(|q| {
                url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "utm_source").map(|(_, v)| v.into_owned())
            });
            let referrer = req
                .headers()
                .get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .and_then(|r| url::Url::parse(r).ok())
                .and_then(|u| u.host_str().map(str::to_string));
            let own = state.settings.public_url.host_str().unwrap_or("");
            Source::of_visit(utm.as_deref(), referrer.as_deref(), own)
        })
        .flatten();
    let mut res = next.run(req).await;
    if let Some(source) = found
        && res.status().is_success()
    {
        let cookie = Cookie::build((COOKIE, source.code().to_string()))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(state.settings.https())
            .max_age(time::Duration::days(DAYS))
            .build();
        if let Ok(v) = cookie.to_string().parse() {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// The source this browser remembers, if any (checked: anyone can type a cookie).
fn remembered(headers: &axum::http::HeaderMap) -> Option<Source> {
    axum_extra::extract::CookieJar::from_headers(headers).get(COOKIE).and_then(|c| Source::parse(c.value()))
}

/// Records on `user`'s account where they came from, at a sign-in from this browser: what it
/// remembers, else « direct » (once; the first source known stays).
pub(crate) async fn record(
    state: &AppState,
    user: &crate::db::users::User,
    jar: &axum_extra::extract::CookieJar,
) -> Result<(), sqlx::Error> {
    let source = jar.get(COOKIE).and_then(|c| Source::parse(c.value())).unwrap_or_else(Source::direct);
    crate::db::users::set_source(state.db.pool(), user.id, &source).await
}
