//! The visitor's language: the `lang` cookie (set by the switch), else `Accept-Language`, else
//! French; and the switch itself (a form that works without JavaScript).

use std::convert::Infallible;

use axum::Form;
use axum::extract::{FromRequestParts, State};
use axum::http::HeaderMap;
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE};
use axum::http::request::Parts;
use axum::response::Redirect;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::Deserialize;

pub(crate) use crate::i18n::Lang;
use crate::state::AppState;
use crate::web::session::MaybeUser;

/// The `lang` cookie if set, else the preferred of French or English in `Accept-Language`, else French.
pub(crate) fn lang_of(headers: &HeaderMap) -> Lang {
    let cookie_lang = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| kv.trim().strip_prefix("lang=").and_then(Lang::from_code));
    if let Some(l) = cookie_lang {
        return l;
    }
    let accept = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mut best: Option<(f32, Lang)> = None;
    for part in accept.split(',') {
        let mut it = part.split(';');
        let tag = it.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = it.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
        let Some(lang) = Lang::from_code(tag.split('-').next().unwrap_or("")) else { continue };
        if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, lang));
        }
    }
    best.map(|(_, l)| l).unwrap_or_default()
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(lang_of(&parts.headers))
    }
}

#[derive(Deserialize)]
pub(crate) struct SwitchForm {
    lang: String,
    next: Option<String>,
}

/// `POST /lang`: remembers the chosen language (cookie, and the account's preference for emails)
/// and goes back to the page.
pub(crate) async fn switch(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    headers: HeaderMap,
    jar: CookieJar,
    Form(f): Form<SwitchForm>,
) -> (CookieJar, Redirect) {
    // Back to the page the switch was on: `next`, else the path of the (same-site) referrer.
    let referrer = headers
        .get(axum::http::header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| url::Url::parse(r).ok())
        .map(|u| match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        });
    let next = crate::web::redirect::safe_next(f.next.as_deref().or(referrer.as_deref()));
    let Some(lang) = Lang::from_code(&f.lang) else { return (jar, Redirect::to(&next)) };
    if let Some(u) = user {
        match crate::db::users::set_lang(state.db.pool(), u.id, lang).await {
            Ok(()) => state.lookups.forget_user(u.id),
            Err(e) => tracing::warn!(error = %e, "could not record the language preference"),
        }
    }
    let cookie = Cookie::build(("lang", lang.code()))
        .path("/")
        .same_site(SameSite::Lax)
        .max_age(time::Duration::days(365))
        .build();
    (jar.add(cookie), Redirect::to(&next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn french_unless_english_is_preferred() {
        assert_eq!(lang_of(&headers(&[])), Lang::Fr);
        assert_eq!(lang_of(&headers(&[("accept-language", "en-GB,en;q=0.9,fr;q=0.5")])), Lang::En);
        assert_eq!(lang_of(&headers(&[("accept-language", "de-DE,fr;q=0.8,en;q=0.5")])), Lang::Fr);
        assert_eq!(lang_of(&headers(&[("accept-language", "en;q=0"), ("accept-language", "de")])), Lang::Fr);
        assert_eq!(lang_of(&headers(&[("accept-language", "en"), ("cookie", "a=b; lang=fr")])), Lang::Fr);
    }
}
