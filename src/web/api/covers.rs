//! API: cover mockups and previews, reserves and withdrawn winners, and the contact sheet
//! (admins).

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{ApiJson, ApiPath, ApiQuery, attachment};
use crate::db::contests::ContestRow;
use crate::db::{self, covers::CoverSlotRow};
use crate::domain::hash::Blake3Hash;
use crate::error::{AppError, AppResult};
use crate::media::mockup::MAX_MOCKUP_BYTES;
use crate::services::contests::{self, CoverSlotInput, CoverSlotView};
use crate::services::covers::reserves::{self, Withdrawal};
use crate::services::covers::{self as winners, Assignment, CropInput, CropProposal};
use crate::services::covers::{mockups, slots};
use crate::state::AppState;
use crate::storage::BlobKey;
use crate::web::contest_access::AdminOf;
use crate::web::state::WebState;

pub(crate) fn routes() -> Router<WebState> {
    Router::new()
        .route("/contests/{slug}/covers/sheet", get(sheet))
        .route("/contests/{slug}/covers/contact-sheet.pdf", get(contact_sheet))
        .route(
            "/contests/{slug}/covers/{slot}/mockup",
            put(set_mockup).delete(remove_mockup).layer(DefaultBodyLimit::max(MAX_MOCKUP_BYTES + 64 * 1024)),
        )
        .route("/contests/{slug}/covers/{slot}/mockup.png", get(mockup_png))
        .route("/contests/{slug}/covers/{slot}/preview.jpg", get(preview_jpg))
        .route("/contests/{slug}/covers/{slot}/reserves", put(set_reserves))
        .route("/contests/{slug}/covers/{slot}", put(update_slot).delete(remove_slot))
        .route("/contests/{slug}/covers/{slot}/withdraw", post(withdraw))
        .route("/contests/{slug}/export.zip", get(export))
        .route("/contests/{slug}/covers", post(add_cover_slot))
        .route("/contests/{slug}/covers/rules", put(set_cover_rules))
        .route("/contests/{slug}/covers/notify", post(notify_winners))
        .route("/contests/{slug}/covers/{slot}/winner", put(assign_winner))
        .route("/contests/{slug}/covers/{slot}/crop", get(crop_proposal))
}

/// Where a slot's private image is served (`preview.jpg`, `mockup.png`), versioned by its hash so
/// browsers may keep it.
pub(crate) fn slot_image_url(contest: &str, slot: &str, file: &str, hash: &str) -> String {
    format!("/api/v1/contests/{contest}/covers/{slot}/{file}?v={}", hash.get(..12).unwrap_or(hash))
}

/// A slot as the contact sheet shows it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SheetSlot {
    pub(crate) slug: String,
    pub(crate) name: String,
    pub(crate) winner_entry_id: Option<i64>,
    /// Whether the slot has a mockup, and its safe area's margin inside the trim.
    pub(crate) has_mockup: bool,
    pub(crate) safe_margin_mm: f64,
    /// Where the winner's preview under the mockup is, when there is one.
    pub(crate) preview_url: Option<String>,
    /// The runners-up, in order.
    pub(crate) reserves: Vec<i64>,
}

/// Every cover slot with its winner, mockup, preview and reserves (admin).
#[utoipa::path(get, path = "/api/v1/contests/{slug}/covers/sheet", tag = "covers", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<SheetSlot>), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn sheet(
    State(state): State<AppState>,
    AdminOf { contest: c, .. }: AdminOf,
) -> AppResult<Json<Vec<SheetSlot>>> {
    Ok(Json(sheet_of(&state, &c).await?))
}

/// The contest's cover slots as the sheet shows them.
async fn sheet_of(state: &AppState, c: &ContestRow) -> AppResult<Vec<SheetSlot>> {
    let reserves = db::covers::reserves(state.db.pool(), c.id).await?;
    let slots = db::covers::list(state.db.pool(), c.id).await?;
    Ok(slots
        .into_iter()
        .map(|s| SheetSlot {
            preview_url: s.preview_hash.as_ref().map(|h| slot_image_url(&c.slug, &s.slug, "preview.jpg", h)),
            reserves: reserves.iter().filter(|r| r.slot_id == s.id).map(|r| r.entry_id).collect(),
            has_mockup: s.mockup_hash.is_some(),
            safe_margin_mm: s.safe_margin_mm,
            winner_entry_id: s.winner_entry_id,
            slug: s.slug,
            name: s.name,
        })
        .collect())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct MockupQuery {
    /// The safe area's margin inside the trim, in millimetres (kept when absent; 5 at first).
    pub(crate) safe_margin_mm: Option<f64>,
}

/// The contest's cover slot `slot`, or a 404 that says so.
async fn slot(state: &AppState, c: &ContestRow, slot: &str) -> AppResult<CoverSlotRow> {
    db::covers::find(state.db.pool(), c.id, slot)
        .await?
        .ok_or_else(|| AppError::not_found("cover_slot_not_found", format!("this contest has no cover slot `{slot}`")))
}

/// Sets a slot's mockup: the body is a PNG of the whole printed area (trim + bleed, within 1 %),
/// transparent where the photo shows; the winner's preview is rendered again (admin).
#[utoipa::path(put, path = "/api/v1/contests/{slug}/covers/{slot}/mockup", tag = "covers",
    params(("slug" = String, Path), ("slot" = String, Path), MockupQuery),
    request_body(content = super::BinaryBody, content_type = "image/png"),
    responses((status = 200, body = SheetSlot), (status = 403, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn set_mockup(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    ApiPath((_slug, slot_slug)): ApiPath<(String, String)>,
    ApiQuery(q): ApiQuery<MockupQuery>,
    body: Bytes,
) -> AppResult<Json<SheetSlot>> {
    let s = slot(&state, &c, &slot_slug).await?;
    let png = (!body.is_empty()).then_some(body);
    mockups::set_mockup(&state, admin, &c, &s, png, false, q.safe_margin_mm).await?;
    one(&state, &c, &slot_slug).await
}

/// Removes a slot's mockup (admin).
#[utoipa::path(delete, path = "/api/v1/contests/{slug}/covers/{slot}/mockup", tag = "covers",
    params(("slug" = String, Path), ("slot" = String, Path)),
    responses((status = 200, body = SheetSlot), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn remove_mockup(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    ApiPath((_slug, slot_slug)): ApiPath<(String, String)>,
) -> AppResult<Json<SheetSlot>> {
    let s = slot(&state, &c, &slot_slug).await?;
    mockups::set_mockup(&state, admin, &c, &s, None, true, None).await?;
    one(&state, &c, &slot_slug).await
}

/// One slot of the contest's sheet.
async fn one(state: &AppState, c: &ContestRow, slot: &str) -> AppResult<Json<SheetSlot>> {
    sheet_of(state, c)
        .await?
        .into_iter()
        .find(|s| s.slug == slot)
        .map(Json)
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("cover slot {slot} vanished")))
}

/// Serves a stored private image of a slot to staff.
async fn private_image(state: &AppState, key: Option<BlobKey>, content_type: &'static str) -> AppResult<Response> {
    let missing = || AppError::not_found("no_such_file", "this cover has no such image yet");
    let key = key.ok_or_else(missing)?;
    let bytes = mockups::read(state, &key).await?.ok_or_else(missing)?;
    let headers = [(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "private, max-age=3600")];
    Ok((headers, bytes).into_response())
}

/// The slot's mockup overlay (admin).
#[utoipa::path(get, path = "/api/v1/contests/{slug}/covers/{slot}/mockup.png", tag = "covers",
    params(("slug" = String, Path), ("slot" = String, Path)),
    responses((status = 200, content_type = "image/png"), (status = 404, body = super::ErrorBody)))]
pub(crate) async fn mockup_png(
    State(state): State<AppState>,
    AdminOf { contest: c, .. }: AdminOf,
    ApiPath((_slug, slot_slug)): ApiPath<(String, String)>,
) -> AppResult<Response> {
    let s = slot(&state, &c, &slot_slug).await?;
    let key = s.mockup_hash.as_deref().map(Blake3Hash::parse).transpose()?.map(|h| BlobKey::mockup(&h));
    private_image(&state, key, "image/png").await
}

/// The slot's winner as the printed cover will look (trimmed, under the mockup; admin).
#[utoipa::path(get, path = "/api/v1/contests/{slug}/covers/{slot}/preview.jpg", tag = "covers",
    params(("slug" = String, Path), ("slot" = String, Path)),
    responses((status = 200, content_type = "image/jpeg"), (status = 404, body = super::ErrorBody)))]
pub(crate) async fn preview_jpg(
    State(state): State<AppState>,
    AdminOf { contest: c, .. }: AdminOf,
    ApiPath((_slug, slot_slug)): ApiPath<(String, String)>,
) -> AppResult<Response> {
    let s = slot(&state, &c, &slot_slug).await?;
    let key = s.preview_hash.as_deref().map(Blake3Hash::parse).transpose()?.map(|h| BlobKey::cover_preview(&h));
    private_image(&state, key, "image/jpeg").await
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"entry_ids": [2]}))]
pub(crate) struct ReservesInput {
    /// Approved entries of the contest, first reserve first (at most 10).
    pub(crate) entry_ids: Vec<i64>,
}

/// Sets a slot's reserves, in order (admin).
#[utoipa::path(put, path = "/api/v1/contests/{slug}/covers/{slot}/reserves", tag = "covers",
    params(("slug" = String, Path), ("slot" = String, Path)), request_body = ReservesInput,
    responses((status = 200, body = SheetSlot), (status = 400, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn set_reserves(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    ApiPath((_slug, slot_slug)): ApiPath<(String, String)>,
    ApiJson(input): ApiJson<ReservesInput>,
) -> AppResult<Json<SheetSlot>> {
    reserves::set_reserves(&state, admin, &c, &slot_slug, &input.entry_ids).await?;
    one(&state, &c, &slot_slug).await
}

/// The slot's winner withdrew: the slot is vacated and its reserves are emailed (admin).
#[utoipa::path(post, path = "/api/v1/contests/{slug}/covers/{slot}/withdraw", tag = "covers",
    params(("slug" = String, Path), ("slot" = String, Path)),
    responses((status = 200, body = Withdrawal), (status = 409, body = super::ErrorBody)))]
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    ApiPath((_slug, slot_slug)): ApiPath<(String, String)>,
) -> AppResult<Json<Withdrawal>> {
    Ok(Json(reserves::winner_withdrew(&state, admin, &c, &slot_slug).await?))
}

/// The PDF contact sheet of every cover (admin).
#[utoipa::path(get, path = "/api/v1/contests/{slug}/covers/contact-sheet.pdf", tag = "covers",
    params(("slug" = String, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn contact_sheet(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
) -> AppResult<impl IntoResponse> {
    let pdf = crate::export::contact_sheet_pdf(&state, admin, &c).await?;
    Ok(attachment("application/pdf", format!("{}-contact-sheet.pdf", c.slug), pdf))
}

/// Changes a cover slot's name and print specification while it has no winner; a mockup of
/// another shape is taken off (admin).
#[utoipa::path(put, path = "/api/v1/contests/{slug}/covers/{slot}", tag = "covers",
    params(("slug" = String, Path), ("slot" = String, Path)), request_body = CoverSlotInput,
    responses((status = 200, body = CoverSlotView), (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn update_slot(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    ApiPath((_slug, slot_slug)): ApiPath<(String, String)>,
    ApiJson(input): ApiJson<CoverSlotInput>,
) -> AppResult<Json<CoverSlotView>> {
    let row = slots::update_slot(&state, admin, &c, &slot_slug, input.parse_change()?).await?;
    Ok(Json(CoverSlotView::from(&row)))
}

/// Removes a cover slot while it has no winner (admin).
#[utoipa::path(delete, path = "/api/v1/contests/{slug}/covers/{slot}", tag = "covers",
    params(("slug" = String, Path), ("slot" = String, Path)),
    responses((status = 204), (status = 409, body = super::ErrorBody)))]
pub(crate) async fn remove_slot(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    ApiPath((_slug, slot_slug)): ApiPath<(String, String)>,
) -> AppResult<axum::http::StatusCode> {
    slots::remove_slot(&state, admin, &c, &slot_slug).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Adds a cover slot (admin).
#[utoipa::path(post, path = "/api/v1/contests/{slug}/covers", tag = "covers", params(("slug" = String, Path)), request_body = CoverSlotInput,
    responses((status = 201, body = CoverSlotView), (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn add_cover_slot(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    ApiJson(input): ApiJson<CoverSlotInput>,
) -> AppResult<impl IntoResponse> {
    let slot = input.parse()?;
    let slot_slug = slot.slug.as_str().to_string();
    contests::add_slot(&state, admin, &c, slot).await?;
    let row = db::covers::find(state.db.pool(), c.id, &slot_slug).await?;
    Ok((StatusCode::CREATED, Json(row.as_ref().map(CoverSlotView::from))))
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"entry_id": 1}))]
pub(crate) struct WinnerRequest {
    pub(crate) entry_id: i64,
    /// The crop in the upright original's pixels, with the slot's shape; the suggested crop
    /// (the largest, on the most detailed region) when absent.
    #[serde(default)]
    pub(crate) crop: Option<CropInput>,
}

/// Puts an approved entry on a cover slot with its crop and renders its print file (admin).
#[utoipa::path(put, path = "/api/v1/contests/{slug}/covers/{slot}/winner", tag = "covers",
    params(("slug" = String, Path), ("slot" = String, Path)), request_body = WinnerRequest,
    responses((status = 200, body = Assignment), (status = 404, body = super::ErrorBody), (status = 409, body = super::ErrorBody),
        (status = 422, body = super::ErrorBody)))]
pub(crate) async fn assign_winner(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    ApiPath((_slug, slot)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<WinnerRequest>,
) -> AppResult<Json<Assignment>> {
    Ok(Json(winners::assign(&state, admin, &c, &slot, req.entry_id, req.crop).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct CropQuery {
    /// The photo to crop.
    pub(crate) entry: i64,
}

/// What the crop editor starts from: the photo's size, the print size, the suggested crop and the
/// saved one (admin).
#[utoipa::path(get, path = "/api/v1/contests/{slug}/covers/{slot}/crop", tag = "covers",
    params(("slug" = String, Path), ("slot" = String, Path), CropQuery),
    responses((status = 200, body = CropProposal), (status = 404, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn crop_proposal(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    ApiPath((_slug, slot)): ApiPath<(String, String)>,
    ApiQuery(q): ApiQuery<CropQuery>,
) -> AppResult<Json<CropProposal>> {
    Ok(Json(winners::proposal(&state, admin, &c, &slot, q.entry).await?))
}

#[derive(Deserialize, Serialize, ToSchema)]
#[schema(example = json!({"one_cover_per_author": true}))]
pub(crate) struct CoverRules {
    /// Each author gets at most one cover.
    pub(crate) one_cover_per_author: bool,
}

/// Sets the contest's cover rules (admin).
#[utoipa::path(put, path = "/api/v1/contests/{slug}/covers/rules", tag = "covers", params(("slug" = String, Path)),
    request_body = CoverRules, responses((status = 200, body = CoverRules), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn set_cover_rules(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    ApiJson(rules): ApiJson<CoverRules>,
) -> AppResult<Json<CoverRules>> {
    winners::set_one_cover_per_author(&state, admin, &c, rules.one_cover_per_author).await?;
    Ok(Json(rules))
}

#[derive(Serialize, ToSchema)]
pub(crate) struct WinnersNotified {
    /// Winners emailed now (those told before are not emailed again).
    pub(crate) sent: usize,
}

/// Emails each cover winner not yet told, with a link to the public results page (admin).
#[utoipa::path(post, path = "/api/v1/contests/{slug}/covers/notify", tag = "covers", params(("slug" = String, Path)),
    responses((status = 200, body = WinnersNotified), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn notify_winners(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
) -> AppResult<Json<WinnersNotified>> {
    Ok(Json(WinnersNotified { sent: winners::notify_winners(&state, admin, &c).await? }))
}

/// The winners package: a zip (streamed) with each winner's original and `manifest.csv` (admin).
#[utoipa::path(get, path = "/api/v1/contests/{slug}/export.zip", tag = "covers", params(("slug" = String, Path)),
    responses((status = 200, content_type = "application/zip"), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn export(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
) -> AppResult<impl IntoResponse> {
    let body = crate::export::winners_zip(&state, admin, &c).await?;
    Ok(attachment("application/zip", format!("{}-winners.zip", c.slug), body))
}

/// This module's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    add_cover_slot,
    assign_winner,
    sheet,
    contact_sheet,
    set_mockup,
    remove_mockup,
    mockup_png,
    preview_jpg,
    set_reserves,
    withdraw,
    update_slot,
    remove_slot,
    crop_proposal,
    set_cover_rules,
    notify_winners,
    export
))]
pub(crate) struct Doc;
