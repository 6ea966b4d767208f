//! API: contests (list, create, show), ranking, cover slots and winners, the winners export.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{ApiJson, ApiPath, ApiQuery, attachment};
use crate::clock;
use crate::db;
use crate::domain::consent::RightSpec;
use crate::error::AppResult;
use crate::services::contest_by_slug;
use crate::services::contest_setup::ContestPatch;
use crate::services::contests::{self as svc, ContestInput, ContestView, CoverSlotInput, CoverSlotView, RulesInput};
use crate::services::covers::{self, Assignment, CropInput, CropProposal};
use crate::state::AppState;
use crate::web::session::Admin;

/// Every contest, newest first.
#[utoipa::path(get, path = "/api/v1/contests", tag = "contests", responses((status = 200, body = Vec<ContestView>)))]
pub async fn list(State(state): State<AppState>) -> AppResult<Json<Vec<ContestView>>> {
    let mut out = Vec::new();
    for c in db::contests::list(state.db.pool()).await? {
        out.push(svc::view(&state, &c).await?);
    }
    Ok(Json(out))
}

/// Creates a contest with its phases, categories and cover slots (admin).
#[utoipa::path(post, path = "/api/v1/contests", tag = "contests", request_body = ContestInput,
    responses((status = 201, body = ContestView), (status = 403, body = super::ErrorBody), (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub async fn create(
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
pub async fn show(State(state): State<AppState>, ApiPath(slug): ApiPath<String>) -> AppResult<Json<ContestView>> {
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
pub async fn update(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    ApiPath(slug): ApiPath<String>,
    ApiJson(patch): ApiJson<ContestPatch>,
) -> AppResult<Json<ContestView>> {
    let c = contest_by_slug(&state, &slug).await?;
    let c = crate::services::contest_setup::update(&state, admin, &c, &patch).await?;
    Ok(Json(svc::view(&state, &c).await?))
}

/// One published version of a contest's rules.
#[derive(Serialize, ToSchema)]
pub struct RulesView {
    pub version: i64,
    pub rules: String,
    pub rights: Vec<RightSpec>,
    pub published_at: String,
    /// Whether this is the version participants accept now.
    pub current: bool,
}

/// A version of the rules (participants' consents name the version they accepted).
#[utoipa::path(get, path = "/api/v1/contests/{slug}/rules/{version}", tag = "contests",
    params(("slug" = String, Path), ("version" = i64, Path)),
    responses((status = 200, body = RulesView), (status = 404, body = super::ErrorBody)))]
pub async fn rules(
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
pub async fn publish_rules(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    ApiPath(slug): ApiPath<String>,
    ApiJson(input): ApiJson<RulesInput>,
) -> AppResult<Json<RulesView>> {
    let c = contest_by_slug(&state, &slug).await?;
    let version = svc::publish_rules(&state, admin, &c, &input).await?;
    rules(State(state), ApiPath((slug, version))).await
}

/// Adds a cover slot (admin).
#[utoipa::path(post, path = "/api/v1/contests/{slug}/covers", tag = "covers", params(("slug" = String, Path)), request_body = CoverSlotInput,
    responses((status = 201, body = CoverSlotView), (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub async fn add_cover_slot(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    ApiPath(slug): ApiPath<String>,
    ApiJson(input): ApiJson<CoverSlotInput>,
) -> AppResult<impl IntoResponse> {
    let c = contest_by_slug(&state, &slug).await?;
    let slot = input.parse()?;
    let slot_slug = slot.slug.as_str().to_string();
    svc::add_slot(&state, admin, &c, slot).await?;
    let row = db::covers::find(state.db.pool(), c.id, &slot_slug).await?;
    Ok((StatusCode::CREATED, Json(row.as_ref().map(CoverSlotView::from))))
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"entry_id": 1}))]
pub struct WinnerRequest {
    pub entry_id: i64,
    /// The crop in the upright original's pixels, with the slot's shape; the suggested crop
    /// (the largest, on the most detailed region) when absent.
    #[serde(default)]
    pub crop: Option<CropInput>,
}

/// Puts an approved entry on a cover slot with its crop and renders its print file (admin).
#[utoipa::path(put, path = "/api/v1/contests/{slug}/covers/{slot}/winner", tag = "covers",
    params(("slug" = String, Path), ("slot" = String, Path)), request_body = WinnerRequest,
    responses((status = 200, body = Assignment), (status = 404, body = super::ErrorBody), (status = 409, body = super::ErrorBody),
        (status = 422, body = super::ErrorBody)))]
pub async fn assign_winner(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    ApiPath((slug, slot)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<WinnerRequest>,
) -> AppResult<Json<Assignment>> {
    let c = contest_by_slug(&state, &slug).await?;
    Ok(Json(covers::assign(&state, admin, &c, &slot, req.entry_id, req.crop).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CropQuery {
    /// The photo to crop.
    pub entry: i64,
}

/// What the crop editor starts from: the photo's size, the print size, the suggested crop and the
/// saved one (admin).
#[utoipa::path(get, path = "/api/v1/contests/{slug}/covers/{slot}/crop", tag = "covers",
    params(("slug" = String, Path), ("slot" = String, Path), CropQuery),
    responses((status = 200, body = CropProposal), (status = 404, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub async fn crop_proposal(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    ApiPath((slug, slot)): ApiPath<(String, String)>,
    ApiQuery(q): ApiQuery<CropQuery>,
) -> AppResult<Json<CropProposal>> {
    let c = contest_by_slug(&state, &slug).await?;
    Ok(Json(covers::proposal(&state, admin, &c, &slot, q.entry).await?))
}

#[derive(Deserialize, Serialize, ToSchema)]
#[schema(example = json!({"one_cover_per_author": true}))]
pub struct CoverRules {
    /// Each author gets at most one cover.
    pub one_cover_per_author: bool,
}

/// Sets the contest's cover rules (admin).
#[utoipa::path(put, path = "/api/v1/contests/{slug}/covers/rules", tag = "covers", params(("slug" = String, Path)),
    request_body = CoverRules, responses((status = 200, body = CoverRules), (status = 403, body = super::ErrorBody)))]
pub async fn set_cover_rules(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    ApiPath(slug): ApiPath<String>,
    ApiJson(rules): ApiJson<CoverRules>,
) -> AppResult<Json<CoverRules>> {
    let c = contest_by_slug(&state, &slug).await?;
    covers::set_one_cover_per_author(&state, admin, &c, rules.one_cover_per_author).await?;
    Ok(Json(rules))
}

#[derive(Serialize, ToSchema)]
pub struct WinnersNotified {
    /// Winners emailed now (those told before are not emailed again).
    pub sent: usize,
}

/// Emails each cover winner not yet told, with a link to the public results page (admin).
#[utoipa::path(post, path = "/api/v1/contests/{slug}/covers/notify", tag = "covers", params(("slug" = String, Path)),
    responses((status = 200, body = WinnersNotified), (status = 403, body = super::ErrorBody)))]
pub async fn notify_winners(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    ApiPath(slug): ApiPath<String>,
) -> AppResult<Json<WinnersNotified>> {
    let c = contest_by_slug(&state, &slug).await?;
    Ok(Json(WinnersNotified { sent: covers::notify_winners(&state, admin, &c).await? }))
}

/// The winners package: a zip (streamed) with each winner's original and `manifest.csv` (admin).
#[utoipa::path(get, path = "/api/v1/contests/{slug}/export.zip", tag = "covers", params(("slug" = String, Path)),
    responses((status = 200, content_type = "application/zip"), (status = 403, body = super::ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    ApiPath(slug): ApiPath<String>,
) -> AppResult<impl IntoResponse> {
    let c = contest_by_slug(&state, &slug).await?;
    let body = crate::export::winners_zip(&state, admin, &c).await?;
    Ok(attachment("application/zip", format!("{}-winners.zip", c.slug), body))
}
