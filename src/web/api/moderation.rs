//! API: the moderators' queue and their tools beyond one decision: the rejection reasons they
//! pick from, and approving several photos at once.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{ApiJson, ApiPath, ApiQuery};
use crate::db::reasons::Reason;
use crate::error::AppResult;
use crate::services::entry_views::EntryView;
use crate::services::moderation::desk::{self, DeskFilter};
use crate::services::moderation::{self, BulkResult};
use crate::state::AppState;
use crate::web::session::Moderator;

/// The rejection reasons to pick from (moderators).
#[utoipa::path(get, path = "/api/v1/moderation/reasons", tag = "moderation",
    responses((status = 200, body = Vec<Reason>), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn reasons(State(state): State<AppState>, Moderator(user): Moderator) -> AppResult<Json<Vec<Reason>>> {
    Ok(Json(moderation::reasons(&state, &user).await?))
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"text": "Une personne reconnaissable n’a pas donné son accord."}))]
pub(crate) struct ReasonInput {
    /// 1 to 500 characters, not only spaces.
    /// (The pattern: at least one character that is not a space, no control character.)
    #[schema(min_length = 1, max_length = 500)]
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"
    )]
    pub(crate) text: String,
}

/// Adds a rejection reason (moderators).
#[utoipa::path(post, path = "/api/v1/moderation/reasons", tag = "moderation", request_body = ReasonInput,
    responses((status = 201, body = Reason), (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn add_reason(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    ApiJson(input): ApiJson<ReasonInput>,
) -> AppResult<(StatusCode, Json<Reason>)> {
    Ok((StatusCode::CREATED, Json(moderation::add_reason(&state, &user, &input.text).await?)))
}

/// Removes a rejection reason (moderators).
#[utoipa::path(delete, path = "/api/v1/moderation/reasons/{id}", tag = "moderation", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = super::ErrorBody)))]
pub(crate) async fn remove_reason(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<StatusCode> {
    moderation::remove_reason(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"entry_ids": [3]}))]
pub(crate) struct BulkApproval {
    /// 1 to 200 entries awaiting moderation.
    #[schema(min_items = 1, max_items = 200)]
    pub(crate) entry_ids: Vec<i64>,
}

/// Approves several photos at once; each is reported as approved or with the code that kept it.
#[utoipa::path(post, path = "/api/v1/moderation/approve", tag = "moderation", request_body = BulkApproval,
    responses((status = 200, body = Vec<BulkResult>), (status = 400, body = super::ErrorBody), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn approve_many(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    ApiJson(input): ApiJson<BulkApproval>,
) -> AppResult<Json<Vec<BulkResult>>> {
    Ok(Json(moderation::approve_many(&state, &user, &input.entry_ids).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct QueueQuery {
    /// Only this contest's photos (its slug); absent: every contest's.
    pub(crate) contest: Option<String>,
    /// `pending` (default: awaiting a decision, oldest first), `approved` or `rejected` (latest
    /// decision first); empty: the default.
    #[param(pattern = "^(|pending|approved|rejected)$")]
    pub(crate) state: Option<String>,
    /// Only the photos of this category (its id).
    pub(crate) category: Option<i64>,
    /// Only the photos carrying this warning: `duplicate` (same file as another participant's),
    /// `near_duplicate`, `reported` (open abuse report) or `print_unfit` (too small for every cover).
    #[param(pattern = "^(|duplicate|near_duplicate|reported|print_unfit)$")]
    pub(crate) flag: Option<String>,
    /// Page of 48 photos, from 1; brought within range.
    pub(crate) page: Option<i64>,
}

/// Photos of the moderation workspace, one page of 48: awaiting a decision (oldest first) or
/// decided, of one contest or all, by category and warning flag (moderators). `X-Total-Count`
/// gives how many match.
#[utoipa::path(get, path = "/api/v1/moderation/queue", tag = "moderation", params(QueueQuery),
    responses((status = 200, body = Vec<EntryView>, headers(("X-Total-Count" = i64, description = "photos matching the filters"))),
        (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn queue(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    ApiQuery(q): ApiQuery<QueueQuery>,
) -> AppResult<([(&'static str, String); 1], Json<Vec<EntryView>>)> {
    let filter =
        DeskFilter::parse(&state, q.contest.as_deref(), q.state.as_deref(), q.category, q.flag.as_deref(), q.page)
            .await?;
    let desk = desk::desk(&state, &user, &filter).await?;
    let views = desk.items.into_iter().map(|i| i.view).collect();
    Ok(([("x-total-count", desk.total.to_string())], Json(views)))
}

#[derive(Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"every": "hourly"}))]
pub(crate) struct Alerts {
    /// How often photos awaiting moderation (a digest) and abuse reports (as they come, at most
    /// one e-mail per interval) are e-mailed: `never`, `hourly` or `daily` (the default).
    #[schema(pattern = "^(never|hourly|daily)$")]
    pub(crate) every: String,
}

/// How often the signed-in moderator is alerted by e-mail (moderators).
#[utoipa::path(get, path = "/api/v1/moderation/alerts", tag = "moderation",
    responses((status = 200, body = Alerts), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn alerts(State(state): State<AppState>, Moderator(user): Moderator) -> AppResult<Json<Alerts>> {
    let every = crate::services::alerts::every(&state, &user).await?;
    Ok(Json(Alerts { every: every.as_str().to_string() }))
}

/// Sets how often the signed-in moderator is alerted by e-mail (moderators).
#[utoipa::path(put, path = "/api/v1/moderation/alerts", tag = "moderation", request_body = Alerts,
    responses((status = 200, body = Alerts), (status = 403, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn set_alerts(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    ApiJson(input): ApiJson<Alerts>,
) -> AppResult<Json<Alerts>> {
    let every = crate::domain::alert::AlertEvery::parse(&input.every)?;
    let every = crate::services::alerts::set_every(&state, &user, every).await?;
    Ok(Json(Alerts { every: every.as_str().to_string() }))
}

/// This module's routes (under `/api/v1`).
pub(crate) fn routes() -> axum::Router<crate::web::state::WebState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/moderation/queue", get(queue))
        .route("/moderation/reasons", get(reasons).post(add_reason))
        .route("/moderation/reasons/{id}", axum::routing::delete(remove_reason))
        .route("/moderation/approve", post(approve_many))
        .route("/moderation/alerts", get(alerts).put(set_alerts))
}

/// This module's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(queue, reasons, add_reason, remove_reason, approve_many, alerts, set_alerts))]
pub(crate) struct Doc;
