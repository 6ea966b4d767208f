//! API: personal data — how long a contest keeps it, and erasing one person at their request
//! (admins).

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::{post, put};

use super::{ApiJson, ApiPath};
use crate::error::AppResult;
use crate::services::accounts::{self, Erasure};
use crate::services::contests::{self as svc, RetentionInput, RetentionView};
use crate::state::AppState;
use crate::web::contest_access::AdminOf;
use crate::web::session::Admin;
use crate::web::state::WebState;

pub(crate) fn routes() -> Router<WebState> {
    Router::new()
        .route("/contests/{slug}/retention", put(set_retention))
        .route("/admin/users/{id}/erase", post(erase_user))
}

/// Sets how many days the contest keeps personal data after it ends (0 to 3650; `null`: until
/// staff decide). Past it, non-winning photos lose their files, the vote log is anonymised and
/// people with nothing else live are erased (admin; audited).
#[utoipa::path(put, path = "/api/v1/contests/{slug}/retention", tag = "contests", params(("slug" = String, Path)),
    request_body = RetentionInput,
    responses((status = 200, body = RetentionView), (status = 403, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn set_retention(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    ApiJson(input): ApiJson<RetentionInput>,
) -> AppResult<Json<RetentionView>> {
    let c = svc::set_retention(&state, admin, &c, &input).await?;
    Ok(Json(RetentionView::of(&c)))
}

/// Erases a participant at their request, as deleting their own account would: their entries
/// are withdrawn (files deleted) except cover winners, their votes stop counting, their account is
/// emptied (admin; audited without personal data). Erasing an erased account does nothing.
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/erase", tag = "accounts", params(("id" = i64, Path)),
    responses((status = 200, body = Erasure), (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody)))]
pub(crate) async fn erase_user(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<Erasure>> {
    Ok(Json(accounts::erase_on_request(&state, admin, id).await?))
}

/// This module's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(set_retention, erase_user))]
pub(crate) struct Doc;
