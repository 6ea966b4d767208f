//! API: abuse reports (anyone), and the moderators' answers (hide, show again, dismiss).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiJson, ApiPath};
use crate::error::AppResult;
use crate::services::reports::{self, ReportInput, ReportView};
use crate::state::AppState;
use crate::web::session::{ClientIp, Moderator};

/// A report, with the form's honeypot field (`website`, left empty by people).
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"reason": "personal_data", "details": "On reconnaît mon visage sur cette photo."}))]
pub(crate) struct ReportRequest {
    #[serde(flatten)]
    pub(crate) report: ReportInput,
    /// Must stay empty (robots fill it; their reports are dropped without saying so).
    #[serde(default)]
    pub(crate) website: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct Received {
    pub(crate) status: &'static str,
}

/// Reports a public photo to the moderators (rate-limited per address).
#[utoipa::path(post, path = "/api/v1/entries/{id}/reports", tag = "moderation", params(("id" = i64, Path)),
    request_body = ReportRequest,
    responses((status = 202, body = Received), (status = 404, body = super::ErrorBody), (status = 422, body = super::ErrorBody),
        (status = 429, body = super::ErrorBody)))]
pub(crate) async fn report(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<ReportRequest>,
) -> AppResult<(StatusCode, Json<Received>)> {
    // Read first: a robot's report is refused as anyone's would be, then dropped without a word.
    let checked = req.report.check()?;
    if req.website.as_deref().is_none_or(|w| w.trim().is_empty()) {
        reports::report(&state, id, &checked, ip).await?;
    } else {
        tracing::info!(entry = id, "a report with the honeypot filled was dropped");
    }
    Ok((StatusCode::ACCEPTED, Json(Received { status: "received" })))
}

/// Reports awaiting a decision (moderators).
#[utoipa::path(get, path = "/api/v1/moderation/reports", tag = "moderation",
    responses((status = 200, body = Vec<ReportView>), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn open(
    State(state): State<AppState>,
    Moderator(user): Moderator,
) -> AppResult<Json<Vec<ReportView>>> {
    Ok(Json(reports::open(&state, &user).await?))
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"hidden": true}))]
pub(crate) struct Visibility {
    /// `true` hides the photo from the public at once (its open reports are resolved).
    pub(crate) hidden: bool,
}

/// Hides a photo from the public, or shows it again (moderators).
#[utoipa::path(put, path = "/api/v1/entries/{id}/hidden", tag = "moderation", params(("id" = i64, Path)),
    request_body = Visibility,
    responses((status = 204), (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody)))]
pub(crate) async fn set_hidden(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    ApiPath(id): ApiPath<i64>,
    ApiJson(v): ApiJson<Visibility>,
) -> AppResult<StatusCode> {
    reports::set_hidden(&state, &user, id, v.hidden).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Closes a report without hiding the photo (moderators).
#[utoipa::path(post, path = "/api/v1/reports/{id}/dismiss", tag = "moderation", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody)))]
pub(crate) async fn dismiss(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<StatusCode> {
    reports::dismiss(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// This module's routes (under `/api/v1`).
pub(crate) fn routes() -> axum::Router<crate::web::state::WebState> {
    use axum::routing::{get, post, put};
    axum::Router::new()
        .route("/moderation/reports", get(open))
        .route("/entries/{id}/reports", post(report))
        .route("/entries/{id}/hidden", put(set_hidden))
        .route("/reports/{id}/dismiss", post(dismiss))
}

/// This module's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(report, open, set_hidden, dismiss))]
pub(crate) struct Doc;
