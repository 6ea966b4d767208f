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

/// A new edition's own address, title and calendar (the rest is copied).
#[derive(serde::Deserialize, ToSchema)]
#[schema(example = json!({
    "title": "Partageons nos humeurs voyageuses 2027",
    "slug": "humeurs-2027",
    "submissions_open_at": "2027-11-01T08:00:00+01:00", "submissions_close_at": "2027-11-15T20:00:00+01:00",
    "vote_open_at": "2027-11-01T08:00:00+01:00", "vote_close_at": "2027-11-30T20:00:00+01:00",
    "jury_open_at": "2027-11-16T08:00:00+01:00", "jury_close_at": "2027-11-30T20:00:00+01:00",
    "results_at": "2027-12-06T14:00:00+01:00"
}))]
pub(crate) struct CopyRequest {
    /// Its address (as a new contest's); derived from the title when empty or absent.
    #[serde(default)]
    #[schema(max_length = 60, pattern = "^(|[a-z0-9](-?[a-z0-9])+)$")]
    pub(crate) slug: Option<String>,
    #[schema(min_length = 1, max_length = 200)]
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"
    )]
    pub(crate) title: String,
    #[schema(format = DateTime)]
    pub(crate) submissions_open_at: String,
    #[schema(format = DateTime)]
    pub(crate) submissions_close_at: String,
    #[schema(format = DateTime)]
    pub(crate) vote_open_at: String,
    #[schema(format = DateTime)]
    pub(crate) vote_close_at: String,
    #[schema(format = DateTime)]
    pub(crate) jury_open_at: String,
    #[schema(format = DateTime)]
    pub(crate) jury_close_at: String,
    #[schema(format = DateTime)]
    pub(crate) results_at: String,
}

/// A new edition of the contest: its rules and rights, categories, places, jury criteria, cover
/// slots with their mockups, voting and results settings, retention and look, under a new address,
/// title and calendar, with no entry, vote or round (admin).
#[utoipa::path(post, path = "/api/v1/contests/{slug}/copy", tag = "contests", params(("slug" = String, Path)), request_body = CopyRequest,
    responses((status = 201, body = ContestView), (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody),
        (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn copy(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: from }: AdminOf,
    ApiJson(req): ApiJson<CopyRequest>,
) -> AppResult<impl IntoResponse> {
    let input = ContestInput {
        slug: req.slug,
        title: req.title,
        submissions_open_at: req.submissions_open_at,
        submissions_close_at: req.submissions_close_at,
        vote_open_at: req.vote_open_at,
        vote_close_at: req.vote_close_at,
        jury_open_at: req.jury_open_at,
        jury_close_at: req.jury_close_at,
        results_at: req.results_at,
        ..ContestInput::default()
    };
    let new = input.parse(state.settings.timezone)?;
    let contest = crate::services::contest_copy::copy(&state, admin, &from, &new).await?;
    Ok((StatusCode::CREATED, Json(svc::view(&state, &contest).await?)))
}

/// This module's routes (under `/api/v1`).
pub(crate) fn routes() -> axum::Router<crate::web::state::WebState> {
    use axum::routing::{get, put};
    axum::Router::new()
        .route("/contests", get(list).post(create))
        .route("/contests/{slug}", get(show).patch(update))
        .route("/contests/{slug}/rules", put(publish_rules))
        .route("/contests/{slug}/rules/{version}", get(rules))
        .route("/contests/{slug}/copy", axum::routing::post(copy))
}

/// This module's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(list, create, show, update, rules, publish_rules, copy))]
pub(crate) struct Doc;
