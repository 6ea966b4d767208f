//! API: the audit log's hash chain checked (admins).

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::domain::audit::ChainReport;
use crate::error::AppResult;
use crate::services::audit;
use crate::state::AppState;
use crate::web::session::Admin;
use crate::web::state::WebState;

pub(crate) fn routes() -> Router<WebState> {
    Router::new().route("/audit/verify", get(verify))
}

/// Walks the audit log's hash chain: how many lines, whether it is intact, the head's hash, and
/// the first broken line (`hash_mismatch`, `prev_hash_mismatch`, `missing_line`,
/// `head_mismatch`, `unsealed`) if any (admin).
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "audit",
    responses((status = 200, body = ChainReport), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn verify(State(state): State<AppState>, Admin(ref admin): Admin) -> AppResult<Json<ChainReport>> {
    Ok(Json(audit::verify_as(&state, admin).await?))
}

/// This module's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(verify))]
pub(crate) struct Doc;
