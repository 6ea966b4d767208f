//! API: contests (list, create, show), ranking, cover slots and winners, the winners export.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Serialize;
use utoipa::ToSchema;

use super::{ApiJson, ApiPath};
use crate::clock;
use crate::db;
use crate::domain::consent::RightSpec;
use crate::error::AppResult;
use crate::services::contest_by_slug;
use crate::services::contest_setup::ContestPatch;
use crate::services::contests::{self as svc, ContestInput, ContestView, RulesInput};
use crate::state::AppState;
use crate::web::contest_access::AdminOf;
use crate::web::session::Admin;

/// Every contest, newest first.
#[utoipa::path(get, path = "/api/v1/contests", tag = "contests", responses((status = 200, body = Vec<ContestView>)))]
pub(crate) async fn list(State(state): State<AppState>) -> AppResult<Json<Vec<ContestView>>> {
    let mut out = Vec::new();
    for c in db::contests::list(state.db.pool()).await? {
        out.push(svc::view(&state, &c).await?);
    }
    Ok(Json(out))
}

/// Creates a contest with its phases, categories and cover slots (admin).
#[utoipa::path(post, path = "/api/v1/contests", tag = "contests", request_body = ContestInput,
    responses((status = 201, body = ContestView), (status = 403, body = super::ErrorBody), (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    ApiJson(input): ApiJson<ContestInput>,
) -> AppResult<impl IntoResponse> {
    let new = input.parse(state.settings.timezone)?;
    let contest = svc::create(&state, admin, new).await?;
    Ok((StatusCode::CREATED, Json(svc::view(&state, &contest).await?)))
}

/// One contest with its phase, categories and cover slots.
#[utoipa::path(get, path = "/api/v1/contests/{slug}", tag = "contests", params(("slug" = String, Path)),
    responses((status = 200, body = ContestView), (status = 404, body = super::ErrorBody)))]
pub(crate) async fn show(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> AppResult<Json<ContestView>> {
    let c = contest_by_slug(&state, &slug).await?;
    Ok(Json(svc::view(&state, &c).await?))
}

/// Changes a contest's texts, phases, categories, places or quotas (admin). Absent fields keep
/// their value; the result is checked as a creation is. A category left out of `categories` is
/// removed, refused with `category_in_use` while it holds entries. Audited with before and after.
#[utoipa::path(patch, path = "/api/v1/contests/{slug}", tag = "contests", params(("slug" = String, Path)),
    request_body = ContestPatch,
    responses((status = 200, body = ContestView), (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody),
        (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn update(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    ApiJson(patch): ApiJson<ContestPatch>,
) -> AppResult<Json<ContestView>> {
    let c = crate::services::contest_setup::update(&state, admin, &c, &patch).await?;
    Ok(Json(svc::view(&state, &c).await?))
}

/// One published version of a contest's rules.
#[derive(Serialize, ToSchema)]
pub(crate) struct RulesView {
    pub(crate) version: i64,
    pub(crate) rules: String,
    pub(crate) rights: Vec<RightSpec>,
    pub(crate) published_at: String,
    /// Whether this is the version participants accept now.
    pub(crate) current: bool,
}

/// A version of the rules (participants' consents name the version they accepted).
#[utoipa::path(get, path = "/api/v1/contests/{slug}/rules/{version}", tag = "contests",
    params(("slug" = String, Path), ("version" = i64, Path)),
    responses((status = 200, body = RulesView), (status = 404, body = super::ErrorBody)))]
pub(crate) async fn rules(
    State(state): State<AppState>,
    ApiPath((slug, version)): ApiPath<(String, i64)>,
) -> AppResult<Json<RulesView>> {
    let c = contest_by_slug(&state, &slug).await?;
    let (row, rights) = svc::rules_version(&state, &c, version).await?;
    Ok(Json(RulesView {
        version: row.version,
        rules: row.body,
        rights: rights.specs().to_vec(),
        published_at: clock::rfc3339(row.published_at),
        current: row.version == c.rules_version,
    }))
}

/// Publishes a new version of the rules and the rights they ask for (admin). Entries already
/// sent keep the version their author accepted.
#[utoipa::path(put, path = "/api/v1/contests/{slug}/rules", tag = "contests", params(("slug" = String, Path)),
    request_body = RulesInput,
    responses((status = 200, body = RulesView), (status = 403, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn publish_rules(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    ApiJson(input): ApiJson<RulesInput>,
) -> AppResult<Json<RulesView>> {
    let slug = c.slug.clone();
    let version = svc::publish_rules(&state, admin, &c, &input).await?;
    rules(State(state), ApiPath((slug, version))).await
}

/// This module's routes (under `/api/v1`).
pub(crate) fn routes() -> axum::Router<crate::web::state::WebState> {
    use axum::routing::{get, put};
    axum::Router::new()
        .route("/contests", get(list).post(create))
        .route("/contests/{slug}", get(show).patch(update))
        .route("/contests/{slug}/rules", put(publish_rules))
        .route("/contests/{slug}/rules/{version}", get(rules))
}

/// This module's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(list, create, show, update, rules, publish_rules))]
pub(crate) struct Doc;
