//! Public renditions, served from the blob store with immutable caching. Originals are never served here.

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use crate::app::AppState;
use crate::error::AppError;
use crate::storage::BlobKey;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub fn routes() -> Router<AppState> {
    Router::new().route("/media/renditions/{hash}/{file}", get(rendition))
}

/// URL of a rendition for pages and the API: the CDN when configured, else this server.
pub fn rendition_url(state: &AppState, key: &BlobKey) -> String {
    state.storage.public_url(key).unwrap_or_else(|| format!("/media/{}", key.as_str()))
}

async fn rendition(
    State(state): State<AppState>,
    Path((hash, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let not_found = || AppError::not_found("not_found", "no such image");
    let key = BlobKey::parse_rendition(&format!("renditions/{hash}/{file}")).ok_or_else(not_found)?;
    if let Some(url) = state.storage.public_url(&key) {
        return Ok(Redirect::permanent(&url).into_response());
    }
    let blob = state.storage.get(&key).await.map_err(AppError::storage)?.ok_or_else(not_found)?;
    Ok((
        [
            (header::CONTENT_TYPE, crate::media::content_type_of_file(&file).to_string()),
            (header::CACHE_CONTROL, IMMUTABLE.to_string()),
            (header::CONTENT_LENGTH, blob.len.to_string()),
        ],
        Body::from_stream(blob.stream),
    )
        .into_response())
}
