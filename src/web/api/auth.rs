//! API authentication: sign-in e-mails (a link and a 6-digit code) for participants, passwords for staff, logout, current user.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum_extra::extract::CookieJar;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ApiJson;
use crate::db::users::User;
use crate::domain::display_name::DisplayName;
use crate::domain::email::Email;
use crate::domain::login_code::LoginCode;
use crate::domain::role::Role;
use crate::error::AppResult;
use crate::services::accounts;
use crate::state::AppState;
use crate::web::device::Device;
use crate::web::i18n::Lang;
use crate::web::session::{self, AuthUser, ClientIp};

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"email": "marie.dupont@example.org", "next": "/"}))]
pub(crate) struct MagicLinkRequest {
    /// An address that can receive mail (`name@domain.tld`).
    #[schema(max_length = 254, format = Email)]
    pub(crate) email: String,
    /// Same-site path the emailed link leads to after login (default `/`).
    #[serde(default)]
    pub(crate) next: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct Accepted {
    pub(crate) status: &'static str,
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"email": "admin@example.org", "password": "correct horse battery staple"}))]
pub(crate) struct LoginRequest {
    pub(crate) email: String,
    pub(crate) password: String,
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"email": "marie.dupont@example.org", "code": "123 456"}))]
pub(crate) struct CodeRequest {
    /// The address the sign-in e-mail was sent to.
    #[schema(max_length = 254, format = Email)]
    pub(crate) email: String,
    /// The 6 digits of the newest sign-in e-mail (spaces, dots and dashes between them are
    /// ignored).
    #[schema(
        max_length = 20,
        example = "123 456",
        pattern = "^[ .\\-\\u00a0\\u202f]*([0-9][ .\\-\\u00a0\\u202f]*){6}$"
    )]
    pub(crate) code: String,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct UserView {
    pub(crate) id: i64,
    pub(crate) email: String,
    pub(crate) display_name: Option<String>,
    pub(crate) role: Role,
}

impl From<&User> for UserView {
    fn from(u: &User) -> Self {
        UserView { id: u.id, email: u.email.clone(), display_name: u.display_name.clone(), role: u.role }
    }
}

/// Emails a single-use sign-in link (the answer is the same whether or not the account exists).
#[utoipa::path(post, path = "/api/v1/auth/magic-link", tag = "auth", request_body = MagicLinkRequest,
    responses((status = 202, body = Accepted), (status = 422, body = super::ErrorBody), (status = 429, body = super::ErrorBody)))]
pub(crate) async fn magic_link(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    lang: Lang,
    ApiJson(req): ApiJson<MagicLinkRequest>,
) -> AppResult<impl IntoResponse> {
    let email = Email::parse(&req.email)?;
    state.limits.check_auth(ip, &email.canonical())?;
    let next = crate::web::redirect::safe_next(req.next.as_deref());
    accounts::send_magic_link(&state, &email, lang, &next).await?;
    Ok((StatusCode::ACCEPTED, Json(Accepted { status: "sent" })))
}

/// Staff login with email and password; sets the session cookie.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = UserView), (status = 401, body = super::ErrorBody), (status = 429, body = super::ErrorBody)))]
pub(crate) async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Device(device): Device,
    jar: CookieJar,
    ApiJson(req): ApiJson<LoginRequest>,
) -> AppResult<impl IntoResponse> {
    state.limits.check_auth(ip, &req.email.trim().to_lowercase())?;
    let user = accounts::login_password(&state, &req.email, req.password).await?;
    let jar = session::sign_in(&state, jar, &user, device).await?;
    Ok((jar, Json(UserView::from(&user))))
}

/// Signs in with the 6-digit code of the newest sign-in e-mail (for a link that would open in
/// another browser); sets the session cookie. A code is used once, expires with its e-mail, and
/// stops working after 5 wrong tries.
#[utoipa::path(post, path = "/api/v1/auth/code", tag = "auth", request_body = CodeRequest,
    responses((status = 200, body = UserView), (status = 401, body = super::ErrorBody, description = "`invalid_code`"),
        (status = 422, body = super::ErrorBody), (status = 429, body = super::ErrorBody)))]
pub(crate) async fn code(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Device(device): Device,
    jar: CookieJar,
    ApiJson(req): ApiJson<CodeRequest>,
) -> AppResult<impl IntoResponse> {
    let email = Email::parse(&req.email)?;
    let code = LoginCode::parse(&req.code)?;
    state.limits.check_auth_ip(ip)?;
    let user = accounts::verify_login_code(&state, &email, &code).await?;
    crate::web::source::record(&state, &user, &jar).await?;
    let jar = session::sign_in(&state, jar, &user, device).await?;
    Ok((jar, Json(UserView::from(&user))))
}

/// Ends the session.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", responses((status = 204)))]
pub(crate) async fn logout(State(state): State<AppState>, jar: CookieJar) -> AppResult<impl IntoResponse> {
    Ok((session::end(&state, jar).await?, StatusCode::NO_CONTENT))
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"display_name": "Marie D."}))]
pub(crate) struct ProfileUpdate {
    /// The name shown in credits (1 to 60 characters, a pseudonym is fine); empty or null: no
    /// chosen name (credits read « Anonyme » / "Anonymous"; never a part of the address).
    pub(crate) display_name: Option<String>,
}

/// Changes the logged-in user's credit name.
#[utoipa::path(patch, path = "/api/v1/me", tag = "auth", request_body = ProfileUpdate,
    responses((status = 200, body = UserView), (status = 401, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn update_me(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiJson(input): ApiJson<ProfileUpdate>,
) -> AppResult<Json<UserView>> {
    let name = DisplayName::parse(input.display_name.as_deref().unwrap_or(""))?;
    let user = accounts::set_display_name(&state, &user, name).await?;
    Ok(Json(UserView::from(&user)))
}

/// Everything Déclic stores about the logged-in user: a zip with `my-data.json` (account,
/// entries with status and consent, votes) and the originals of their entries.
#[utoipa::path(get, path = "/api/v1/me/data.zip", tag = "auth",
    responses((status = 200, content_type = "application/zip"), (status = 401, body = super::ErrorBody)))]
pub(crate) async fn my_data(State(state): State<AppState>, AuthUser(user): AuthUser) -> AppResult<impl IntoResponse> {
    let body = crate::export::my_data::my_data_zip(&state, &user).await?;
    let headers = [
        (header::CONTENT_TYPE, "application/zip"),
        (header::CONTENT_DISPOSITION, "attachment; filename=\"declic-my-data.zip\""),
        (header::CACHE_CONTROL, "no-store"),
    ];
    Ok((headers, body))
}

/// Deletes the logged-in participant's account: entries withdrawn (cover winners excepted),
/// votes and personal data erased, signed out.
#[utoipa::path(delete, path = "/api/v1/me", tag = "auth",
    responses((status = 204), (status = 401, body = super::ErrorBody), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn delete_me(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    jar: CookieJar,
) -> AppResult<impl IntoResponse> {
    accounts::delete_account(&state, &user).await?;
    Ok((session::end(&state, jar).await?, StatusCode::NO_CONTENT))
}

/// The logged-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", responses((status = 200, body = UserView), (status = 401, body = super::ErrorBody)))]
pub(crate) async fn me(AuthUser(user): AuthUser) -> Json<UserView> {
    Json(UserView::from(&user))
}

/// This module's routes (under `/api/v1`).
pub(crate) fn routes() -> axum::Router<crate::web::state::WebState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/auth/magic-link", post(magic_link))
        .route("/auth/login", post(login))
        .route("/auth/code", post(code))
        .route("/auth/logout", post(logout))
        .route("/me", get(me).patch(update_me).delete(delete_me))
        .route("/me/data.zip", get(my_data))
}

/// This module's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(magic_link, code, login, logout, me, update_me, my_data, delete_me))]
pub(crate) struct Doc;
