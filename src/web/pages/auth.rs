//! Sign-in pages: an e-mail with a link and a 6-digit code for participants and voters, a password
//! for the team (behind « Accès équipe »), logout, link verification.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::Deserialize;

use super::{Nav, render};
use crate::db::users::User;
use crate::domain::email::Email;
use crate::domain::login_code::LoginCode;
use crate::error::{AppError, AppResult};
use crate::services::accounts;
use crate::state::AppState;
use crate::web::device::Device;
use crate::web::i18n::Lang;
use crate::web::redirect::safe_next;
use crate::web::session::{self, ClientIp, MaybeUser};

#[derive(Deserialize)]
pub(crate) struct LoginQuery {
    next: Option<String>,
}

/// The address a sign-in e-mail was just sent to, kept by the browser that asked so that the code
/// page need not ask it again (only for the sign-in pages, for as long as the code lives).
const LOGIN_EMAIL: &str = "declic_login_email";

/// The sign-in page: one e-mail field (participants and voters); or, `team`, the team's
/// password form, a discreet link away.
#[derive(Template)]
#[template(path = "login.html")]
struct SignInPage {
    nav: Nav,
    team: bool,
    next: String,
    /// `?next=…` for the links between the sign-in pages (empty for the home page).
    next_q: String,
    email: String,
    error: Option<String>,
}

impl SignInPage {
    fn new(user: Option<User>, lang: Lang, team: bool, next: String, email: String, error: Option<String>) -> Self {
        SignInPage { nav: Nav::new(user, lang), team, next_q: carried(&next), next, email, error }
    }
}

pub(crate) async fn login_page(
    lang: Lang,
    MaybeUser(user): MaybeUser,
    Query(q): Query<LoginQuery>,
) -> AppResult<Response> {
    render(&SignInPage::new(user, lang, false, safe_next(q.next.as_deref()), String::new(), None))
}

#[derive(Deserialize)]
pub(crate) struct MagicLinkForm {
    #[serde(default)]
    email: String,
    next: Option<String>,
}

/// Sends the sign-in e-mail (a link and a code), then asks for the code; a refusal is shown
/// beside the e-mail field, keeping what was typed.
pub(crate) async fn magic_link(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    lang: Lang,
    MaybeUser(user): MaybeUser,
    jar: CookieJar,
    Form(f): Form<MagicLinkForm>,
) -> AppResult<Response> {
    let next = safe_next(f.next.as_deref());
    let sent = async {
        let email = Email::parse(&f.email)?;
        state.limits.check_auth(ip, &email.canonical())?;
        accounts::send_magic_link(&state, &email, lang, &next).await?;
        Ok::<_, AppError>(email)
    };
    match sent.await {
        Ok(email) => {
            let cookie = Cookie::build((LOGIN_EMAIL, email.as_str().to_string()))
                .path("/login")
                .http_only(true)
                .same_site(SameSite::Lax)
                .secure(state.settings.https())
                .max_age(time::Duration::seconds(state.settings.magic_link_ttl.as_secs() as i64))
                .build();
            Ok((jar.add(cookie), Redirect::to(&format!("/login/code?{}", next_query(&next)))).into_response())
        }
        Err(e) => {
            let (status, message) = refusal(lang, e)?;
            let page = SignInPage::new(user, lang, false, next, f.email, Some(message));
            Ok((status, render(&page)?).into_response())
        }
    }
}

/// The code page: the code of the e-mail just sent, typed here (the link may open elsewhere).
#[derive(Template)]
#[template(path = "login_code.html")]
struct CodePage {
    nav: Nav,
    next: String,
    /// `?next=…` for the links between the sign-in pages (empty for the home page).
    next_q: String,
    /// The address the e-mail went to, when this browser asked for it; else the page asks it.
    sent_to: Option<String>,
    email: String,
    code: String,
    error: Option<String>,
}

pub(crate) async fn code_page(
    lang: Lang,
    MaybeUser(user): MaybeUser,
    jar: CookieJar,
    Query(q): Query<LoginQuery>,
) -> AppResult<Response> {
    let sent_to = jar.get(LOGIN_EMAIL).map(|c| c.value().to_string()).filter(|e| Email::parse(e).is_ok());
    let next = safe_next(q.next.as_deref());
    let page = CodePage {
        nav: Nav::new(user, lang),
        next_q: carried(&next),
        next,
        email: sent_to.clone().unwrap_or_default(),
        sent_to,
        code: String::new(),
        error: None,
    };
    render(&page)
}

#[derive(Deserialize)]
pub(crate) struct CodeForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    code: String,
    next: Option<String>,
}

/// Signs in with the typed code; a wrong code is said beside the field, keeping what was typed.
pub(crate) async fn code(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    lang: Lang,
    Device(device): Device,
    MaybeUser(user): MaybeUser,
    jar: CookieJar,
    Form(f): Form<CodeForm>,
) -> AppResult<Response> {
    let next = safe_next(f.next.as_deref());
    let signed_in = async {
        let email = Email::parse(&f.email)?;
        let code = LoginCode::parse(&f.code)?;
        state.limits.check_auth_ip(ip)?;
        accounts::verify_login_code(&state, &email, &code).await
    };
    match signed_in.await {
        Ok(account) => {
            let jar = signed_in_from_email(&state, jar, &account, device, lang).await?;
            let jar = jar.remove(Cookie::build(LOGIN_EMAIL).path("/login").build());
            Ok((jar, Redirect::to(&next)).into_response())
        }
        Err(e) => {
            let (status, message) = refusal(lang, e)?;
            let sent_to = jar.get(LOGIN_EMAIL).map(|c| c.value().to_string()).filter(|e| *e == f.email);
            let page = CodePage {
                nav: Nav::new(user, lang),
                next_q: carried(&next),
                next,
                sent_to,
                email: f.email,
                code: f.code,
                error: Some(message),
            };
            Ok((status, render(&page)?).into_response())
        }
    }
}

/// The team's sign-in: e-mail and password (moderators, jurors, administrators).
pub(crate) async fn team_page(
    lang: Lang,
    MaybeUser(user): MaybeUser,
    Query(q): Query<LoginQuery>,
) -> AppResult<Response> {
    render(&SignInPage::new(user, lang, true, safe_next(q.next.as_deref()), String::new(), None))
}

#[derive(Deserialize)]
pub(crate) struct PasswordForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub(crate) async fn password(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    lang: Lang,
    Device(device): Device,
    MaybeUser(user): MaybeUser,
    jar: CookieJar,
    Form(f): Form<PasswordForm>,
) -> AppResult<Response> {
    let next = safe_next(f.next.as_deref());
    let checked = async {
        state.limits.check_auth(ip, &f.email.trim().to_lowercase())?;
        accounts::login_password(&state, &f.email, f.password).await
    };
    match checked.await {
        Ok(account) => {
            let jar = session::sign_in(&state, jar, &account, device).await?;
            Ok((jar, Redirect::to(&next)).into_response())
        }
        Err(e) => {
            let (status, message) = refusal(lang, e)?;
            let page = SignInPage::new(user, lang, true, next, f.email, Some(message));
            Ok((status, render(&page)?).into_response())
        }
    }
}

/// A refusal said on the form, in the reader's language; a failure on our side (5xx) stays the
/// error page, which says nothing was changed.
fn refusal(lang: Lang, e: AppError) -> AppResult<(StatusCode, String)> {
    if e.status.is_server_error() {
        return Err(e);
    }
    Ok((e.status, lang.error(e.code, &e.message)))
}

fn next_query(next: &str) -> String {
    url::form_urlencoded::Serializer::new(String::new()).append_pair("next", next).finish()
}

/// `?next=…` to carry `next` from one sign-in page to another; nothing for the home page.
fn carried(next: &str) -> String {
    if next == "/" { String::new() } else { format!("?{}", next_query(next)) }
}

/// Opens the session of someone who proved they read `account`'s mail (a link or a code).
async fn signed_in_from_email(
    state: &AppState,
    jar: CookieJar,
    account: &User,
    device: Option<crate::domain::device::DeviceClass>,
    lang: Lang,
) -> AppResult<CookieJar> {
    crate::web::source::record(state, account, &jar).await?;
    if account.lang != lang {
        // Emails follow the language the person reads the site in.
        crate::db::users::set_lang(state.db.pool(), account.id, lang).await?;
        state.lookups.forget_user(account.id);
    }
    session::sign_in(state, jar, account, device).await
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
    let jar = signed_in_from_email(&state, jar, &user, device, lang).await?;
    Ok((jar, Redirect::to(&safe_next(q.next.as_deref()))).into_response())
}
