//! API: the jury. Jurors: their rounds, a round's entries (blind), marks saved one at a time,
//! recusal. Admins: criteria, rounds (create, change, start, close), progress, reminders, results.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiJson, ApiPath};
use crate::db::criteria::CriterionRow;
use crate::domain::jury::round::MissingRule;
use crate::error::AppResult;
use crate::services::judging::{self, JurorRound, MarkRequest, Saved, Sheet};
use crate::services::rounds::{self, CloseReport, CriteriaInput, JurorProgress, RoundRequest, RoundResult, RoundView};
use crate::state::AppState;
use crate::web::contest_access::AdminOf;
use crate::web::i18n::Lang;
use crate::web::pages::jury::progress_words;
use crate::web::session::{Admin, Juror};
use crate::web::state::WebState;

pub(crate) fn routes() -> Router<WebState> {
    Router::new()
        .route("/jury/rounds", get(my_rounds))
        .route("/rounds/{id}/sheet", get(sheet))
        .route("/rounds/{id}/entries/{entry}/mark", put(mark))
        .route("/rounds/{id}/entries/{entry}/recusal", post(recuse))
        .route("/contests/{slug}/criteria", get(criteria).put(set_criteria))
        .route("/contests/{slug}/rounds", get(list).post(create))
        .route("/rounds/{id}", put(update).delete(delete))
        .route("/rounds/{id}/open", post(open))
        .route("/rounds/{id}/close", post(close))
        .route("/rounds/{id}/progress", get(progress))
        .route("/rounds/{id}/reminders", post(remind))
        .route("/rounds/{id}/result", get(result))
}

/// The rounds the signed-in juror sits on, with their progress.
#[utoipa::path(get, path = "/api/v1/jury/rounds", tag = "jury",
    responses((status = 200, body = Vec<JurorRound>), (status = 401, body = super::ErrorBody)))]
pub(crate) async fn my_rounds(State(state): State<AppState>, Juror(user): Juror) -> AppResult<Json<Vec<JurorRound>>> {
    Ok(Json(judging::my_rounds(&state, &user).await?))
}

/// A round's entries for one of its jurors: no author, in this juror's own order, with their marks.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/sheet", tag = "jury", params(("id" = i64, Path)),
    responses((status = 200, body = Sheet), (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody)))]
pub(crate) async fn sheet(
    State(state): State<AppState>,
    Juror(user): Juror,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<Sheet>> {
    Ok(Json(judging::sheet(&state, &user, id).await?))
}

/// Saves a mark at once: `{"yes": true}`, `{"scores": [{"criterion_id": 1, "score": 8}]}` or
/// `{"place": 2}` (0 takes the entry out of the top), by the round's method.
#[utoipa::path(put, path = "/api/v1/rounds/{id}/entries/{entry}/mark", tag = "jury",
    params(("id" = i64, Path), ("entry" = i64, Path)), request_body = MarkRequest,
    responses((status = 200, body = SavedMark), (status = 403, body = super::ErrorBody), (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn mark(
    State(state): State<AppState>,
    lang: Lang,
    Juror(user): Juror,
    ApiPath((id, entry)): ApiPath<(i64, i64)>,
    ApiJson(req): ApiJson<MarkRequest>,
) -> AppResult<Json<SavedMark>> {
    let saved = judging::mark(&state, &user, id, entry, &req).await?;
    let progress = progress_words(lang, &saved.method, saved.done, saved.total);
    Ok(Json(SavedMark { saved, progress }))
}

/// A saved mark and the juror's progress, also in words ("34 of 120 photos scored").
#[derive(Serialize, ToSchema)]
pub(crate) struct SavedMark {
    #[serde(flatten)]
    pub(crate) saved: Saved,
    pub(crate) progress: String,
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"reason": "Je connais l’auteur de cette photo."}))]
pub(crate) struct RecusalRequest {
    /// How the juror knows the author.
    pub(crate) reason: String,
}

/// "I know this author": the juror is recused from this entry in every round (reason recorded).
#[utoipa::path(post, path = "/api/v1/rounds/{id}/entries/{entry}/recusal", tag = "jury",
    params(("id" = i64, Path), ("entry" = i64, Path)), request_body = RecusalRequest,
    responses((status = 204), (status = 403, body = super::ErrorBody), (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn recuse(
    State(state): State<AppState>,
    Juror(user): Juror,
    ApiPath((id, entry)): ApiPath<(i64, i64)>,
    ApiJson(req): ApiJson<RecusalRequest>,
) -> AppResult<StatusCode> {
    judging::recuse(&state, &user, id, entry, &req.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The contest's criteria and weights (admins).
#[utoipa::path(get, path = "/api/v1/contests/{slug}/criteria", tag = "jury", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<CriterionRow>), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn criteria(
    State(state): State<AppState>,
    AdminOf { contest: c, .. }: AdminOf,
) -> AppResult<Json<Vec<CriterionRow>>> {
    Ok(Json(crate::db::criteria::of_contest(state.db.pool(), c.id).await?))
}

/// Replaces the contest's criteria (admins; refused once a scoring round has started; audited).
#[utoipa::path(put, path = "/api/v1/contests/{slug}/criteria", tag = "jury", params(("slug" = String, Path)),
    request_body = CriteriaInput,
    responses((status = 200, body = Vec<CriterionRow>), (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn set_criteria(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    ApiJson(CriteriaInput(list)): ApiJson<CriteriaInput>,
) -> AppResult<Json<Vec<CriterionRow>>> {
    Ok(Json(rounds::set_criteria(&state, admin, &c, &list).await?))
}

/// The contest's rounds in order (admins).
#[utoipa::path(get, path = "/api/v1/contests/{slug}/rounds", tag = "jury", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<RoundView>), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    AdminOf { contest: c, .. }: AdminOf,
) -> AppResult<Json<Vec<RoundView>>> {
    let mut out = Vec::new();
    for r in crate::db::rounds::of_contest(state.db.pool(), c.id).await? {
        out.push(rounds::view(&state, &r).await?);
    }
    Ok(Json(out))
}

/// Adds a round after the last one, as a draft (admins; audited).
#[utoipa::path(post, path = "/api/v1/contests/{slug}/rounds", tag = "jury", params(("slug" = String, Path)),
    request_body = RoundRequest,
    responses((status = 201, body = RoundView), (status = 403, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    ApiJson(req): ApiJson<RoundRequest>,
) -> AppResult<(StatusCode, Json<RoundView>)> {
    Ok((StatusCode::CREATED, Json(rounds::create(&state, admin, &c, &req).await?)))
}

/// Changes a round: anything while a draft, name/dates/quorum/jurors once open (admins; audited).
#[utoipa::path(put, path = "/api/v1/rounds/{id}", tag = "jury", params(("id" = i64, Path)), request_body = RoundRequest,
    responses((status = 200, body = RoundView), (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn update(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<RoundRequest>,
) -> AppResult<Json<RoundView>> {
    let round = rounds::find(&state, id).await?;
    Ok(Json(rounds::update(&state, admin, &round, &req).await?))
}

/// Deletes a round that has not started (admins).
#[utoipa::path(delete, path = "/api/v1/rounds/{id}", tag = "jury", params(("id" = i64, Path)),
    responses((status = 204), (status = 409, body = super::ErrorBody)))]
pub(crate) async fn delete(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<StatusCode> {
    let round = rounds::find(&state, id).await?;
    rounds::delete(&state, admin, &round).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Starts a round on its shortlist: every approved entry for the first round, else the top
/// `intake` of the previous (closed) round (admins; audited).
#[utoipa::path(post, path = "/api/v1/rounds/{id}/open", tag = "jury", params(("id" = i64, Path)),
    responses((status = 200, body = RoundView), (status = 409, body = super::ErrorBody)))]
pub(crate) async fn open(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<RoundView>> {
    let round = rounds::find(&state, id).await?;
    Ok(Json(rounds::open(&state, admin, &round).await?))
}

#[derive(Deserialize, Serialize, ToSchema)]
#[schema(example = json!({"missing_rule": "ignore_late"}))]
pub(crate) struct CloseRequest {
    /// What to do with late jurors: `ignore_late` (none of their marks count) or
    /// `average_scored` (each entry on the average of the jurors who marked it).
    #[schema(pattern = "^(ignore_late|average_scored)$")]
    pub(crate) missing_rule: String,
}

/// Closes a round, even with late jurors, by the rule chosen for their missing marks; refused
/// while an entry has fewer counted jurors than the quorum (admins; recorded and audited).
#[utoipa::path(post, path = "/api/v1/rounds/{id}/close", tag = "jury", params(("id" = i64, Path)), request_body = CloseRequest,
    responses((status = 200, body = CloseReport), (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn close(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<CloseRequest>,
) -> AppResult<Json<CloseReport>> {
    let rule = MissingRule::parse(&req.missing_rule)?;
    let round = rounds::find(&state, id).await?;
    Ok(Json(rounds::close(&state, admin, &round, rule).await?))
}

/// Each juror's progress in a round (admins).
#[utoipa::path(get, path = "/api/v1/rounds/{id}/progress", tag = "jury", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<JurorProgress>), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn progress(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<Vec<JurorProgress>>> {
    let round = rounds::find(&state, id).await?;
    Ok(Json(rounds::progress(&state, admin, &round).await?))
}

#[derive(Serialize, ToSchema)]
pub(crate) struct Reminded {
    /// Jurors emailed.
    pub(crate) sent: usize,
}

/// Emails a reminder to every juror of an open round who has not finished (admins; audited).
#[utoipa::path(post, path = "/api/v1/rounds/{id}/reminders", tag = "jury", params(("id" = i64, Path)),
    responses((status = 200, body = Reminded), (status = 409, body = super::ErrorBody)))]
pub(crate) async fn remind(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<Reminded>> {
    let round = rounds::find(&state, id).await?;
    Ok(Json(Reminded { sent: rounds::remind(&state, admin, &round).await? }))
}

/// A round's result, provisional while it is open (admins).
#[utoipa::path(get, path = "/api/v1/rounds/{id}/result", tag = "jury", params(("id" = i64, Path)),
    responses((status = 200, body = RoundResult), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn result(
    State(state): State<AppState>,
    Admin(ref admin): Admin,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<RoundResult>> {
    let round = rounds::find(&state, id).await?;
    Ok(Json(rounds::result(&state, admin, &round).await?))
}

/// This module's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    my_rounds,
    sheet,
    mark,
    recuse,
    criteria,
    set_criteria,
    list,
    create,
    update,
    delete,
    open,
    close,
    progress,
    remind,
    result
))]
pub(crate) struct Doc;
