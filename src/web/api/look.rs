//! API: a contest's look — its colours and its logo (admins).

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::put;
use serde::Deserialize;
use utoipa::ToSchema;

use super::ApiJson;
use crate::domain::theme::Theme;
use crate::error::AppResult;
use crate::services::contests::{self as svc, ContestView};
use crate::services::{contest_by_slug, theme};
use crate::state::AppState;
use crate::web::contest_access::AdminOf;
use crate::web::state::WebState;

pub(crate) fn routes() -> Router<WebState> {
    Router::new()
        .route("/contests/{slug}/theme", put(set_theme))
        .route("/contests/{slug}/logo", put(set_logo).delete(remove_logo).layer(DefaultBodyLimit::max(3_000_000)))
}

/// A contest's colours: `#rrggbb`, empty or absent for Déclic's own.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"accent": "#1d4ed8", "header": "#0f172a"}))]
pub(crate) struct ThemeInput {
    /// Links and buttons, under white text: needs a 4.5:1 contrast with white (`low_contrast`).
    #[serde(default)]
    #[schema(pattern = "^(#[0-9a-fA-F]{6})?$")]
    pub(crate) accent: Option<String>,
    /// The header band (its text turns black or white, whichever reads best).
    #[serde(default)]
    #[schema(pattern = "^(#[0-9a-fA-F]{6})?$")]
    pub(crate) header: Option<String>,
}

/// Sets the contest's colours (admin).
#[utoipa::path(put, path = "/api/v1/contests/{slug}/theme", tag = "contests", params(("slug" = String, Path)),
    request_body = ThemeInput,
    responses((status = 200, body = ContestView), (status = 403, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn set_theme(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    ApiJson(input): ApiJson<ThemeInput>,
) -> AppResult<Json<ContestView>> {
    let slug = c.slug.clone();
    theme::set_theme(&state, admin, &c, &Theme::parse(input.accent.as_deref(), input.header.as_deref())?).await?;
    let c = contest_by_slug(&state, &slug).await?;
    Ok(Json(svc::view(&state, &c).await?))
}

/// Sets the contest's logo: the body is a PNG, JPEG or WebP of at most 2 MB, re-encoded as a PNG
/// at most 160 px high (admin).
#[utoipa::path(put, path = "/api/v1/contests/{slug}/logo", tag = "contests", params(("slug" = String, Path)),
    request_body(content = super::BinaryBody, content_type = "image/png"),
    responses((status = 200, body = ContestView), (status = 403, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn set_logo(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    body: Bytes,
) -> AppResult<Json<ContestView>> {
    let slug = c.slug.clone();
    theme::set_logo(&state, admin, &c, Some(body)).await?;
    let c = contest_by_slug(&state, &slug).await?;
    Ok(Json(svc::view(&state, &c).await?))
}

/// Removes the contest's logo (admin).
#[utoipa::path(delete, path = "/api/v1/contests/{slug}/logo", tag = "contests", params(("slug" = String, Path)),
    responses((status = 204), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn remove_logo(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
) -> AppResult<StatusCode> {
    theme::set_logo(&state, admin, &c, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// This module's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(set_theme, set_logo, remove_logo))]
pub(crate) struct Doc;
