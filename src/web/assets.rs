//! Static assets (CSS, JS, icon) embedded in the binary.

use axum::Router;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::AppError;
use crate::web::state::WebState;

const FILES: &[(&str, &str, &[u8])] = &[
    ("declic.css", "text/css; charset=utf-8", include_bytes!("../../assets/declic.css")),
    ("declic.js", "text/javascript; charset=utf-8", include_bytes!("../../assets/declic.js")),
    ("jury.js", "text/javascript; charset=utf-8", include_bytes!("../../assets/jury.js")),
    ("crop.js", "text/javascript; charset=utf-8", include_bytes!("../../assets/crop.js")),
    ("moderation.js", "text/javascript; charset=utf-8", include_bytes!("../../assets/moderation.js")),
    ("icon.svg", "image/svg+xml", include_bytes!("../../assets/icon.svg")),
];

pub(crate) fn routes() -> Router<WebState> {
    Router::new().route("/assets/{name}", get(asset))
}

async fn asset(Path(name): Path<String>) -> Result<Response, AppError> {
    let (_, mime, bytes) =
        FILES.iter().find(|(n, _, _)| *n == name).ok_or_else(|| AppError::not_found("not_found", "no such file"))?;
    Ok(([(header::CONTENT_TYPE, *mime), (header::CACHE_CONTROL, "public, max-age=86400")], *bytes).into_response())
}
