//! API: the team (invitations by email, roles taken back) and the administrators' list of people
//! (admins).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{ApiJson, ApiPath, ApiQuery};
use crate::domain::role::Role;
use crate::error::AppResult;
use crate::services::people;
use crate::services::staff::{self, InvitationInput, StaffMember};
use crate::state::AppState;
use crate::web::i18n::Lang;
use crate::web::session::Admin;
use crate::web::state::WebState;

pub(crate) fn routes() -> Router<WebState> {
    Router::new()
        .route("/admin/invitations", post(invite))
        .route("/admin/staff", get(list))
        .route("/admin/staff/{id}/role", delete(remove_role))
        .route("/admin/users", get(users))
}

/// Invites a person to the team by email (admin): their account is created if needed and given
/// the role, and an email with a sign-in link (valid 7 days, once) is sent. Audited.
#[utoipa::path(post, path = "/api/v1/admin/invitations", tag = "accounts", request_body = InvitationInput,
    responses((status = 201, body = StaffMember), (status = 403, body = super::ErrorBody), (status = 409, body = super::ErrorBody),
        (status = 422, body = super::ErrorBody), (status = 503, body = super::ErrorBody)))]
pub(crate) async fn invite(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    lang: Lang,
    ApiJson(input): ApiJson<InvitationInput>,
) -> AppResult<impl IntoResponse> {
    let member = staff::invite(&state, admin, &input.parse()?, lang).await?;
    Ok((StatusCode::CREATED, Json(member)))
}

/// The team: every moderator, juror and administrator (admin).
#[utoipa::path(get, path = "/api/v1/admin/staff", tag = "accounts",
    responses((status = 200, body = Vec<StaffMember>), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn list(State(state): State<AppState>, Admin(ref admin): Admin) -> AppResult<Json<Vec<StaffMember>>> {
    Ok(Json(staff::list(&state, admin).await?))
}

/// Takes a member's team role back: they become a participant (admin; not one's own). Audited.
#[utoipa::path(delete, path = "/api/v1/admin/staff/{id}/role", tag = "accounts", params(("id" = i64, Path)),
    responses((status = 200, body = StaffMember), (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody),
        (status = 409, body = super::ErrorBody)))]
pub(crate) async fn remove_role(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<StaffMember>> {
    Ok(Json(staff::remove_role(&state, admin, id).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct UsersQuery {
    /// Part of an address or a display name (any case); absent: everyone.
    pub(crate) q: Option<String>,
    /// The `next` of the previous page.
    pub(crate) after: Option<i64>,
}

/// One account in the list of people.
#[derive(Serialize, ToSchema)]
pub(crate) struct PersonView {
    pub(crate) id: i64,
    pub(crate) email: String,
    pub(crate) display_name: Option<String>,
    pub(crate) role: Role,
    /// Entries sent, in every contest and status.
    pub(crate) entries: i64,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct PeoplePage {
    pub(crate) people: Vec<PersonView>,
    /// Send as `after` for the next page; absent on the last page.
    pub(crate) next: Option<i64>,
}

/// Accounts (not erased) whose address or name contains `q`, 50 a page in id order (admin).
#[utoipa::path(get, path = "/api/v1/admin/users", tag = "accounts", params(UsersQuery),
    responses((status = 200, body = PeoplePage), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn users(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    ApiQuery(q): ApiQuery<UsersQuery>,
) -> AppResult<Json<PeoplePage>> {
    let page = people::search(&state, admin, q.q.as_deref().unwrap_or(""), q.after.unwrap_or(0)).await?;
    Ok(Json(PeoplePage {
        people: page
            .people
            .into_iter()
            .map(|p| PersonView {
                id: p.user.id,
                email: p.user.email,
                display_name: p.user.display_name,
                role: p.user.role,
                entries: p.entries,
            })
            .collect(),
        next: page.next,
    }))
}

/// This module's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(invite, list, remove_role, users))]
pub(crate) struct Doc;
