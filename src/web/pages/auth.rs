//! Login pages: magic link for participants, password for staff, logout, link verification.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::{Nav, render};
use crate::domain::email::Email;
use crate::error::AppResult;
use crate::services::accounts;
use crate::state::AppState;
use crate::web::device::Device;
use crate::web::i18n::Lang;
use crate::web::redirect::safe_next;
use crate::web::session::{self, ClientIp, MaybeUser};

#[derive(Deserialize)]
pub(crate) struct LoginQuery {
    next: Option<String>,
    sent: Option<String>,
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    nav: Nav,
    next: String,
    sent: bool,
}

pub(crate) async fn login_page(
    lang: Lang,
    MaybeUser(user): MaybeUser,
    Query(q): Query<LoginQuery>,
) -> AppResult<Response> {
    render(&LoginPage { nav: Nav::new(user, lang), next: safe_next(q.next.as_deref()), sent: q.sent.is_some() })
}

#[derive(Deserialize)]
pub(crate) struct MagicLinkForm {
    email: String,
    next: Option<String>,
}

pub(crate) async fn magic_link(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    lang: Lang,
    Form(f): Form<MagicLinkForm>,
) -> AppResult<Redirect> {
    let email = Email::parse(&f.email)?;
    state.limits.check_auth(ip, &email.canonical())?;
    let next = safe_next(f.next.as_deref());
    accounts::send_magic_link(&state, &email, lang, &next).await?;
    let query = url::form_urlencoded::Serializer::new(String::new()).append_pair("next", &next).finish();
    Ok(Redirect::to(&format!("/login?sent=1&{query}")))
}

#[derive(Deserialize)]
pub(crate) struct PasswordForm {
    email: String,
    password: String,
    next: Option<String>,
}

pub(crate) async fn password(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Device(device): Device,
    jar: CookieJar,
    Form(f): Form<PasswordForm>,
) -> AppResult<Response> {
    state.limits.check_auth(ip, &f.email.trim().to_lowercase())?;
    let user = accounts::login_password(&state, &f.email, f.password).await?;
    if let Some(d) = device {
        crate::db::users::set_device(state.db.pool(), user.id, d).await?;
    }
    let jar = session::start(&state, jar, &user).await?;
    Ok((jar, Redirect::to(&safe_next(f.next.as_deref()))).into_response())
}

pub(crate) async fn logout(State(state): State<AppState>, jar: CookieJar) -> AppResult<Response> {
    Ok((session::end(&state, jar).await?, Redirect::to("/")).into_response())
}

#[derive(Deserialize)]
pub(crate) struct VerifyQuery {
    token: Option<String>,
    next: Option<String>,
}

/// The link in the email: signs in and goes on.
pub(crate) async fn verify(
    State(state): State<AppState>,
    lang: Lang,
    Device(device): Device,
    jar: CookieJar,
    Query(q): Query<VerifyQuery>,
) -> AppResult<Response> {
    let user = accounts::verify_magic_link(&state, q.token.as_deref().unwrap_or("")).await?;
    if let Some(d) = device {
        crate::db::users::set_device(state.db.pool(), user.id, d).await?;
    }
    if user.lang != lang {
        // Emails follow the language the person reads the site in.
        crate::db::users::set_lang(state.db.pool(), user.id, lang).await?;
        state.lookups.forget_user(user.id);
    }
    let jar = session::start(&state, jar, &user).await?;
    Ok((jar, Redirect::to(&safe_next(q.next.as_deref()))).into_response())
}
