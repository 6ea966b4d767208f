//! API: public votes and what guards them — the proof-of-work challenge, the vote itself, a
//! contest's voting rules, and staff's review of suspicious votes.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiJson, ApiPath};
use crate::domain::pow::Challenge;
use crate::domain::voting::FlagDecision;
use crate::error::{AppError, AppResult};
use crate::services::contests::{self as svc, ContestView, VotingInput};
use crate::services::voting;
use crate::services::voting::flags::{self, FlagView};
use crate::state::AppState;
use crate::web::contest_access::{AdminOf, ModeratorOf};
use crate::web::session::{AuthUser, ClientIp, Moderator, UserAgent};

/// A proof-of-work challenge (ALTCHA format), to answer before one vote within 10 minutes.
#[utoipa::path(get, path = "/api/v1/pow", tag = "votes", responses((status = 200, body = Challenge)))]
pub(crate) async fn challenge(State(state): State<AppState>) -> impl IntoResponse {
    ([(header::CACHE_CONTROL, "no-store")], Json(voting::challenge(&state)))
}

/// A vote: the answer to a challenge from `GET /api/v1/pow`.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"pow": "eyJhbGdvcml0aG0iOiJTSEEtMjU2IiwiY2hhbGxlbmdlIjoiLi4uIn0="}))]
pub(crate) struct VoteRequest {
    /// Base64 of `{"algorithm","challenge","number","salt","signature"}` (what ALTCHA sends).
    pub(crate) pow: String,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct VoteResult {
    pub(crate) entry_id: i64,
    /// The entry's counted votes, when the contest shows counts.
    pub(crate) votes: Option<i64>,
    /// Votes left (for the contest, or today), when the contest gives each voter a number of votes.
    pub(crate) remaining: Option<i64>,
}

/// Votes for an approved entry (verified account, voting phase, a solved challenge, the
/// contest's rule). `already_voted`, `no_votes_left`, `pow_replayed` and `voting_closed` are 409.
#[utoipa::path(post, path = "/api/v1/entries/{id}/vote", tag = "votes", params(("id" = i64, Path)),
    request_body = VoteRequest,
    responses((status = 201, body = VoteResult), (status = 400, body = super::ErrorBody), (status = 401, body = super::ErrorBody),
        (status = 403, body = super::ErrorBody), (status = 409, body = super::ErrorBody), (status = 429, body = super::ErrorBody)))]
pub(crate) async fn vote(
    State(state): State<AppState>,
    user: AuthUser,
    ClientIp(ip): ClientIp,
    UserAgent(user_agent): UserAgent,
    ApiPath(id): ApiPath<i64>,
    body: Bytes,
) -> AppResult<impl IntoResponse> {
    let pow = if body.iter().all(u8::is_ascii_whitespace) {
        String::new()
    } else {
        super::strict_json::from_slice::<VoteRequest>(&body)
            .map_err(|e| AppError::bad_request("invalid_json", format!("the request body is not a vote: {e}")))?
            .pow
    };
    let done =
        voting::vote(&state, &user.0, id, &voting::VoteOrigin { ip, user_agent }, voting::Proof::Work(&pow)).await?;
    Ok((StatusCode::CREATED, Json(VoteResult { entry_id: id, votes: done.votes, remaining: done.remaining })))
}

/// Sets how the contest votes: its rule, public counts, suspicious-vote thresholds (admin).
#[utoipa::path(put, path = "/api/v1/contests/{slug}/voting", tag = "votes", params(("slug" = String, Path)),
    request_body = VotingInput,
    responses((status = 200, body = ContestView), (status = 403, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub(crate) async fn set_voting(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    ApiJson(input): ApiJson<VotingInput>,
) -> AppResult<Json<ContestView>> {
    let c = svc::set_voting(&state, admin, &c, &input.parse()?).await?;
    Ok(Json(svc::view(&state, &c).await?))
}

/// Groups of suspicious votes held in quarantine, open ones first (moderators).
#[utoipa::path(get, path = "/api/v1/contests/{slug}/vote-flags", tag = "votes", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<FlagView>), (status = 403, body = super::ErrorBody)))]
pub(crate) async fn flags(
    State(state): State<AppState>,
    ModeratorOf { user, contest: c }: ModeratorOf,
) -> AppResult<Json<Vec<FlagView>>> {
    let rows = flags::list(&state, &user, &c).await?;
    Ok(Json(rows.iter().map(FlagView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"decision": "exclude"}))]
pub(crate) struct FlagReview {
    /// `include` (the votes count) or `exclude` (they stay in the log, uncounted).
    #[schema(pattern = "^(include|exclude)$")]
    pub(crate) decision: String,
}

/// Includes or excludes a group of suspicious votes (moderators; audited).
#[utoipa::path(post, path = "/api/v1/vote-flags/{id}/review", tag = "votes", params(("id" = i64, Path)),
    request_body = FlagReview,
    responses((status = 200, body = FlagView), (status = 403, body = super::ErrorBody), (status = 404, body = super::ErrorBody)))]
pub(crate) async fn review(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<FlagReview>,
) -> AppResult<Json<FlagView>> {
    let decision = FlagDecision::parse(&req.decision)?;
    let flag = flags::review(&state, &user, id, decision).await?;
    Ok(Json(FlagView::from(&flag)))
}

/// This module's routes (under `/api/v1`).
pub(crate) fn routes() -> axum::Router<crate::web::state::WebState> {
    use axum::routing::{get, post, put};
    axum::Router::new()
        .route("/entries/{id}/vote", post(vote))
        .route("/pow", get(challenge))
        .route("/contests/{slug}/voting", put(set_voting))
        .route("/contests/{slug}/vote-flags", get(flags))
        .route("/vote-flags/{id}/review", post(review))
}

/// This module's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(challenge, vote, set_voting, flags, review))]
pub(crate) struct Doc;
