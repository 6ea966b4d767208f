//! API: submitting entries, reading them, the gallery, moderation, votes and jury scores.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{ApiJson, ApiMultipart, ApiPath, ApiQuery};
use crate::db;
use crate::domain::entry::{Decision, EntryStatus, EntryText};
use crate::domain::gallery::GalleryOrder;
use crate::error::AppResult;
use crate::services::entry_views::{EntryView, Viewer, entry_view, entry_views, visible_entry};
use crate::services::gallery::GalleryRequest;
use crate::services::submissions::Submitted;
use crate::services::{self, contest_by_slug, moderation, submissions};
use crate::state::AppState;
use crate::web::device::Device;
use crate::web::session::{AuthUser, MaybeUser, Moderator};
use crate::web::upload::read_entry_form;

/// The multipart form of an entry (documentation only).
#[derive(ToSchema)]
#[allow(dead_code)]
pub(crate) struct EntryUpload {
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    photo: String,
    #[schema(min_length = 1, max_length = 120)]
    title: String,
    /// The photo's alt text; empty or absent, it is the title.
    #[schema(max_length = 1000)]
    description: Option<String>,
    /// Category id or name (required when the contest has categories).
    category: Option<String>,
    /// Where it was taken: one of the contest's places when it lists some, else free text.
    #[schema(max_length = 120)]
    place: Option<String>,
    /// The name the participant is credited with, kept for their next photos (a pseudonym is
    /// fine); only read while they have none. Without one they are credited « Anonyme ».
    #[schema(max_length = 60)]
    credit_name: Option<String>,
    /// The version of the rules read (`rules_changed` when they changed meanwhile).
    rules_version: Option<i64>,
    /// `on`, `true`, `yes` or `1`: the participant took the photo.
    took_photo: Option<String>,
    /// `on`, `true`, `yes` or `1`: they accept the rules.
    accept_rules: Option<String>,
    /// `on`: one tick for `took_photo`, `accept_rules` and every right the rules ask for (the
    /// consent record still lists each right).
    agree: Option<String>,
    /// One right granted (repeat the field, one per right: `print`, `web`, `social`, `press`).
    grant: Option<String>,
    /// The rights granted, comma-separated (`print,web,social`): every right the rules ask for.
    grants: Option<String>,
    /// `none` (nobody recognisable) or `agreed` (those recognisable agreed).
    people: String,
    /// `no`, or `yes` when under the contest's age threshold (then a guardian consents).
    minor: String,
    /// The guardian's name (a minor's entry).
    #[schema(max_length = 120)]
    guardian_name: Option<String>,
    /// `on`: the guardian consents (a minor's entry).
    guardian_consent: Option<String>,
}

/// Submits a photo (participant, during submissions). 202: stored, processing has started.
#[utoipa::path(post, path = "/api/v1/contests/{slug}/entries", tag = "entries", params(("slug" = String, Path)),
    request_body(content = EntryUpload, content_type = "multipart/form-data"),
    responses((status = 202, body = Submitted), (status = 403, body = super::ErrorBody, description = "staff accounts do not take part"),
        (status = 408, body = super::ErrorBody, description = "`upload_too_slow`: use the resumable path"),
        (status = 429, body = super::ErrorBody, description = "`too_many_plain_uploads` from this address"),
        (status = 409, body = super::ErrorBody), (status = 413, body = super::ErrorBody),
        (status = 415, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn submit(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(slug): ApiPath<String>,
    Device(device): Device,
    ApiMultipart(multipart): ApiMultipart,
) -> AppResult<impl IntoResponse> {
    let contest = submissions::open_contest(&state, &user.0, &slug).await?;
    let mut form = read_entry_form(multipart, &state).await?;
    form.fields.device = device;
    let done = submissions::submit(&state, &user.0, &contest, &form.fields, form.photo).await?;
    Ok((StatusCode::ACCEPTED, Json(done)))
}

/// One entry: public once approved; its owner and staff see it at every stage.
#[utoipa::path(get, path = "/api/v1/entries/{id}", tag = "entries", params(("id" = i64, Path)),
    responses((status = 200, body = EntryView), (status = 404, body = super::ErrorBody)))]
pub(crate) async fn show(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<EntryView>> {
    let (e, viewer) = visible_entry(&state, user.as_ref(), id).await?;
    Ok(Json(entry_view(&state, &e, viewer).await?))
}

/// New words for an entry.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"title": "Le tram au petit matin", "description": "Un tram bleu sous la brume, vu depuis l’arrêt Gare."}))]
pub(crate) struct EntryTextInput {
    /// 1 to 120 characters.
    #[schema(min_length = 1, max_length = 120)]
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"
    )]
    pub(crate) title: String,
    /// 1 to 1000 characters; it is the photo's alt text.
    #[schema(min_length = 1, max_length = 1000)]
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"
    )]
    pub(crate) description: String,
}

/// Changes an entry's title and description (its owner, until it is moderated).
#[utoipa::path(patch, path = "/api/v1/entries/{id}", tag = "entries", params(("id" = i64, Path)), request_body = EntryTextInput,
    responses((status = 200, body = EntryView), (status = 404, body = super::ErrorBody), (status = 409, body = super::ErrorBody),
        (status = 422, body = super::ErrorBody)))]
pub(crate) async fn edit(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<EntryTextInput>,
) -> AppResult<Json<EntryView>> {
    let text = EntryText::parse(&input.title, &input.description)?;
    let e = submissions::edit_text(&state, &user, id, &text).await?;
    Ok(Json(entry_view(&state, &e, Viewer::Owner).await?))
}

/// Withdraws an entry (its owner): it leaves the gallery and its files are deleted.
#[utoipa::path(delete, path = "/api/v1/entries/{id}", tag = "entries", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = super::ErrorBody), (status = 409, body = super::ErrorBody)))]
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<StatusCode> {
    submissions::withdraw(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct GalleryQuery {
    /// `next_cursor` of the previous page (it carries the order on); empty or absent: the first page.
    #[param(
        pattern = "^(|n\\.-?[0-9]{1,18}|v\\.[0-9]{1,18}\\.-?[0-9]{1,18}|s\\.[0-9]{1,9}\\.[0-9]{1,9}\\.-?[0-9]{1,18})$"
    )]
    pub(crate) cursor: Option<String>,
    /// How many entries (default 24); brought within 1 to 100.
    pub(crate) limit: Option<i64>,
    /// `newest` (default), `shuffle` (a fair random order, stable for a given `seed`), or `votes`
    /// (most voted first; only once the contest shows its vote counts, else `votes_hidden`); empty:
    /// the default.
    #[param(pattern = "^(|newest|shuffle|votes)$")]
    pub(crate) order: Option<String>,
    /// Only the entries of this category (its id); send it again with each `cursor`.
    pub(crate) category: Option<i64>,
    /// Where the shuffle starts (taken modulo 2^31); random when absent.
    pub(crate) seed: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct GalleryPage {
    pub(crate) entries: Vec<EntryView>,
    /// Pass it as `cursor` for the next page; absent on the last page.
    pub(crate) next_cursor: Option<String>,
    /// The order of this page.
    pub(crate) order: String,
}

/// Approved entries by pages (keyset pagination), newest first, in a fair shuffle, or most voted.
#[utoipa::path(get, path = "/api/v1/contests/{slug}/gallery", tag = "entries", params(("slug" = String, Path), GalleryQuery),
    responses((status = 200, body = GalleryPage), (status = 400, body = super::ErrorBody), (status = 404, body = super::ErrorBody),
        (status = 409, body = super::ErrorBody)))]
pub(crate) async fn gallery(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(q): ApiQuery<GalleryQuery>,
) -> AppResult<Json<GalleryPage>> {
    let c = contest_by_slug(&state, &slug).await?;
    let req = GalleryRequest::parse(
        q.order.as_deref(),
        q.category,
        q.cursor.as_deref(),
        q.seed,
        q.limit,
        GalleryOrder::Newest,
    )?;
    Ok(Json(gallery_page(&state, user.as_ref(), &c, req).await?))
}

/// A page of the gallery (shared with the HTML gallery).
pub(crate) async fn gallery_page(
    state: &AppState,
    user: Option<&db::users::User>,
    contest: &db::contests::ContestRow,
    req: GalleryRequest,
) -> AppResult<GalleryPage> {
    let (rows, next) = services::gallery::page(state, contest, req).await?;
    let viewer =
        if user.is_some_and(|u| u.role == crate::domain::role::Role::Jury) { Viewer::Juror } else { Viewer::Public };
    let entries = entry_views(state, &rows, viewer).await?;
    Ok(GalleryPage { next_cursor: next.map(|c| c.to_string()), entries, order: req.order().code().to_string() })
}

/// The logged-in participant's entries, with their status.
#[utoipa::path(get, path = "/api/v1/me/entries", tag = "entries", responses((status = 200, body = Vec<EntryView>), (status = 401, body = super::ErrorBody)))]
pub(crate) async fn my_entries(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
) -> AppResult<Json<Vec<EntryView>>> {
    let rows = db::entries::of_participant(state.db.pool(), user.id).await?;
    Ok(Json(entry_views(&state, &rows, Viewer::Owner).await?))
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"decision": "reject", "reason": "La photo est floue."}))]
pub(crate) struct ModerationRequest {
    /// `approve` or `reject`.
    #[schema(pattern = "^(approve|reject)$")]
    pub(crate) decision: String,
    /// Required (not blank) when rejecting; the participant reads it (1 to 500 characters).
    #[schema(max_length = 500)]
    #[schema(pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$")]
    pub(crate) reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct ModerationResult {
    pub(crate) id: i64,
    pub(crate) status: EntryStatus,
}

/// Approves or rejects an entry (moderators).
#[utoipa::path(post, path = "/api/v1/entries/{id}/moderation", tag = "moderation", params(("id" = i64, Path)), request_body = ModerationRequest,
    responses((status = 200, body = ModerationResult), (status = 403, body = super::ErrorBody), (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn moderate(
    State(state): State<AppState>,
    Moderator(ref moderator): Moderator,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<ModerationRequest>,
) -> AppResult<Json<ModerationResult>> {
    let decision = Decision::parse(&req.decision, req.reason.as_deref())?;
    let status = moderation::decide(&state, moderator, id, decision).await?;
    Ok(Json(ModerationResult { id, status }))
}

/// Undoes a moderation decision taken within the undo window (`DECLIC_MODERATION_UNDO_SECS`): the
/// photo awaits a decision again and its author is never told of the decision undone (moderators).
#[utoipa::path(post, path = "/api/v1/entries/{id}/moderation/undo", tag = "moderation", params(("id" = i64, Path)),
    responses((status = 200, body = ModerationResult), (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody), (status = 409, body = super::ErrorBody)))]
pub(crate) async fn undo_moderation(
    State(state): State<AppState>,
    Moderator(ref moderator): Moderator,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<ModerationResult>> {
    let status = moderation::undo::undo(&state, moderator, id).await?;
    Ok(Json(ModerationResult { id, status }))
}

/// Sends a photo whose processing failed through it again (moderators; its original must still be
/// stored).
#[utoipa::path(post, path = "/api/v1/entries/{id}/reprocess", tag = "moderation", params(("id" = i64, Path)),
    responses((status = 202, description = "processing again"), (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody), (status = 409, body = super::ErrorBody)))]
pub(crate) async fn reprocess(
    State(state): State<AppState>,
    Moderator(ref moderator): Moderator,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<StatusCode> {
    crate::services::reprocess::retry(&state, moderator, id).await?;
    Ok(StatusCode::ACCEPTED)
}

/// This module's routes (under `/api/v1`).
pub(crate) fn routes() -> axum::Router<crate::web::state::WebState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/me/entries", get(my_entries))
        .route("/contests/{slug}/gallery", get(gallery))
        .route("/entries/{id}", get(show).patch(edit).delete(withdraw))
        .route("/entries/{id}/moderation", post(moderate))
        .route("/entries/{id}/moderation/undo", post(undo_moderation))
        .route("/entries/{id}/reprocess", post(reprocess))
}

/// This module's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(submit, show, edit, withdraw, gallery, my_entries, moderate, undo_moderation, reprocess))]
pub(crate) struct Doc;
