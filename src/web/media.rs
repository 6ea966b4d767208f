//! Renditions, served from the blob store: a public entry's to anyone with immutable caching, a
//! non-public entry's only to who may see it (never cached by others), else 404. Originals are
//! never served here. Contest logos are public.

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use crate::domain::hash::Blake3Hash;
use crate::error::AppError;
use crate::services::publication::{self, Access};
use crate::state::AppState;
use crate::storage::{BlobKey, HERO_FILE, LOGO_FILE};
use crate::web::session::MaybeUser;
use crate::web::state::WebState;

pub(crate) const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// A non-public entry's pixels: kept by no cache, not even the browser's.
const PRIVATE: &str = "private, no-store";

pub(crate) fn routes() -> Router<WebState> {
    Router::new().route("/media/renditions/{hash}/{file}", get(rendition))
}

async fn rendition(
    State(state): State<AppState>,
    Path((hash, file)): Path<(String, String)>,
    MaybeUser(user): MaybeUser,
) -> Result<Response, AppError> {
    let not_found = || AppError::not_found("not_found", "no such image");
    let key = BlobKey::parse_rendition(&format!("renditions/{hash}/{file}")).ok_or_else(not_found)?;
    let hash = Blake3Hash::parse(&hash).map_err(|_| not_found())?;
    let access = match file == LOGO_FILE || file == HERO_FILE {
        true => Access::Public,
        false => publication::access(&state, &hash, user.as_ref()).await?,
    };
    let cache = match access {
        Access::Refused => return Err(not_found()),
        Access::Public => IMMUTABLE,
        Access::Private => PRIVATE,
    };
    if access == Access::Public
        && let Some(url) = publication::published_twin(&key).and_then(|k| state.storage.public_url(&k))
    {
        return Ok(Redirect::temporary(&url).into_response());
    }
    let blob = state.storage.get(&key).await.map_err(AppError::storage)?.ok_or_else(not_found)?;
    Ok((
        [
            (header::CONTENT_TYPE, crate::media::content_type_of_file(&file).to_string()),
            (header::CACHE_CONTROL, cache.to_string()),
            (header::CONTENT_LENGTH, blob.len.to_string()),
        ],
        Body::from_stream(blob.stream),
    )
        .into_response())
}
