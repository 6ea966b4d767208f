//! Thumbnails of photos a participant has picked, drawn by the server when their browser cannot
//! (HEIC photos on Android and desktop browsers): the upload page shows every photo at once.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;

use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::session::AuthUser;

/// The long edge of a thumbnail, in pixels (shown at 96 CSS pixels, sharp on a 3× screen).
const EDGE: u32 = 320;

/// A JPEG thumbnail of the photo in the body (JPEG, PNG, WebP or HEIC, at most the upload size),
/// upright, at most 320 px long; nothing is kept. For participants, whose upload page calls it
/// for a photo their browser cannot draw.
#[utoipa::path(post, path = "/api/v1/previews", tag = "uploads",
    request_body(content = super::BinaryBody, content_type = "application/octet-stream"),
    responses((status = 200, content_type = "image/jpeg", description = "The thumbnail"),
        (status = 403, body = super::ErrorBody, description = "staff accounts do not take part"),
        (status = 413, body = super::ErrorBody), (status = 415, body = super::ErrorBody),
        (status = 422, body = super::ErrorBody), (status = 429, body = super::ErrorBody)))]
pub(crate) async fn preview(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    body: Bytes,
) -> AppResult<impl IntoResponse> {
    if !user.role.can(Capability::Participate) {
        return Err(AppError::forbidden());
    }
    state.limits.check_preview(user.id)?;
    if body.is_empty() {
        return Err(AppError::bad_request("photo_required", "the body is the photo"));
    }
    let limits = state.settings.media.clone();
    let jpeg = state.interactive.run(move || crate::media::thumbnail(&body, &limits, EDGE)).await??;
    Ok(([(header::CONTENT_TYPE, "image/jpeg"), (header::CACHE_CONTROL, "private, no-store")], jpeg))
}

/// This module's routes (under `/api/v1`), with a body limit sized for photos.
pub(crate) fn routes(max_bytes: usize) -> axum::Router<crate::web::state::WebState> {
    axum::Router::new()
        .route("/api/v1/previews", axum::routing::post(preview))
        .layer(axum::extract::DefaultBodyLimit::max(max_bytes))
}

/// This module's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(preview))]
pub(crate) struct Doc;
