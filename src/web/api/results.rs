//! API: the final ranking with its computation, its settings (weights, tie-breaks), the scores
//! and ranking as CSV, the results archive and the originals for the communication team (admins).

use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;

use super::{ApiJson, ApiQuery, attachment};
use crate::error::AppResult;
use crate::services::contest_by_slug;
use crate::services::results::{self, RankedEntry, ResultsSettings};
use crate::state::AppState;
use crate::web::contest_access::AdminOf;

/// Approved entries in their final order: normalised jury scores mixed with public votes by the
/// contest's weights, then its tie-breaks; each line says how it was computed (admin).
#[utoipa::path(get, path = "/api/v1/contests/{slug}/ranking", tag = "results", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<RankedEntry>), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn ranking(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
) -> AppResult<Json<Vec<RankedEntry>>> {
    Ok(Json(results::ranking(&state, admin, &c).await?))
}

/// The ranking with its computation, then every jury score, as CSV (admin).
#[utoipa::path(get, path = "/api/v1/contests/{slug}/results.csv", tag = "results", params(("slug" = String, Path)),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn csv(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
) -> AppResult<impl IntoResponse> {
    let body = results::csv(&state, admin, &c).await?;
    Ok(attachment("text/csv; charset=utf-8", format!("{}-results.csv", c.slug), body))
}

/// Sets the weights of jury and public and the tie-breaks (admin; audited).
#[utoipa::path(put, path = "/api/v1/contests/{slug}/results-settings", tag = "results", params(("slug" = String, Path)),
    request_body = ResultsSettings,
    responses((status = 200, body = ResultsSettings), (status = 403, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn set_settings(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    ApiJson(input): ApiJson<ResultsSettings>,
) -> AppResult<Json<ResultsSettings>> {
    let slug = c.slug.clone();
    results::set_settings(&state, admin, &c, &input).await?;
    let c = contest_by_slug(&state, &slug).await?;
    Ok(Json(ResultsSettings::of(&c)))
}

/// The results archive, for a bailiff or an appeal: a zip (streamed) with every entry, the whole
/// vote log, the flags, every mark and recusal, the final ranking with its computation, the
/// contest's audit lines with their hash chain, and a README with the chain's check at export
/// time (admin; the download is audited).
#[utoipa::path(get, path = "/api/v1/contests/{slug}/archive", tag = "results", params(("slug" = String, Path)),
    responses((status = 200, content_type = "application/zip"), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn archive(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
) -> AppResult<impl IntoResponse> {
    let body = crate::export::archive::archive_zip(&state, admin, &c).await?;
    Ok(attachment("application/zip", format!("{}-results-archive.zip", c.slug), body))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct OriginalsQuery {
    /// `approved` (the default: every public photo) or `shortlisted` (those on a jury round's
    /// shortlist); empty: the default.
    #[param(pattern = "^(|approved|shortlisted)$")]
    pub(crate) set: Option<String>,
}

/// The originals of the contest's approved or shortlisted photos, for the communication team: a
/// zip (streamed) of the files as their authors sent them and `manifest.csv` with each photo's
/// credit and the uses its author granted (`may_print`, `may_web`, `may_social`…, each right
/// with its extent). Hidden and purged photos are left out (admin).
#[utoipa::path(get, path = "/api/v1/contests/{slug}/originals.zip", tag = "results", params(("slug" = String, Path), OriginalsQuery),
    responses((status = 200, content_type = "application/zip"), (status = 403, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn originals(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    ApiQuery(q): ApiQuery<OriginalsQuery>,
) -> AppResult<impl IntoResponse> {
    use crate::export::originals::{Selection, originals_zip};
    let set = Selection::parse(q.set.as_deref())?;
    let body = originals_zip(&state, admin, &c, set).await?;
    Ok(attachment("application/zip", format!("{}-{}-originals.zip", c.slug, set.as_str()), body))
}

/// This module's routes (under `/api/v1`).
pub(crate) fn routes() -> axum::Router<crate::web::state::WebState> {
    use axum::routing::{get, put};
    axum::Router::new()
        .route("/contests/{slug}/ranking", get(ranking))
        .route("/contests/{slug}/results.csv", get(csv))
        .route("/contests/{slug}/results-settings", put(set_settings))
        .route("/contests/{slug}/archive", get(archive))
        .route("/contests/{slug}/originals.zip", get(originals))
}

/// This module's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(ranking, csv, set_settings, archive, originals))]
pub(crate) struct Doc;
