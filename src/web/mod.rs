//! HTTP: the JSON API, the server-rendered pages, media, operations; and the layers every response passes.

pub(crate) mod api;
pub(crate) mod assets;
pub(crate) mod charts;
pub(crate) mod contest_access;
pub(crate) mod device;
pub(crate) mod feed;
pub(crate) mod i18n;
pub(crate) mod media;
pub(crate) mod ops;
pub(crate) mod page_cache;
pub(crate) mod pages;
pub(crate) mod redirect;
pub(crate) mod refusals;
pub(crate) mod security;
pub(crate) mod session;
pub(crate) mod source;
pub(crate) mod state;
pub(crate) mod upload;
pub(crate) mod upload_pace;

use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, StatusCode};
use axum::middleware;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::TraceLayer;

use crate::state::AppState;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Time a request may take to produce its response headers (uploads excepted).
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// Time a client may stay silent while sending a body.
const BODY_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The public router.
pub(crate) fn router(state: AppState) -> Router {
    let state = state::WebState::new(state);
    let uploads = Router::new().merge(api::upload_routes(&state)).merge(pages::upload_routes(&state));
    // Pages, JSON, CSS and JS are compressed for phones on slow networks (not images, not zips).
    let compressed = Router::new()
        .nest("/api/v1", api::routes())
        .merge(pages::routes().layer(middleware::from_fn_with_state(state.clone(), source::remember)))
        .merge(feed::routes())
        .merge(assets::routes())
        .layer(
            CompressionLayer::new()
                .compress_when(DefaultPredicate::new().and(NotForContentType::const_new("application/zip"))),
        );
    let timed = Router::new()
        .merge(compressed)
        .merge(media::routes())
        .merge(ops::routes())
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT));
    let inner = Router::new()
        .merge(timed)
        .merge(uploads)
        .layer(middleware::from_fn_with_state(state.clone(), security::cross_origin_guard))
        .layer(middleware::from_fn_with_state(state.clone(), refusals::record))
        .layer(RequestBodyTimeoutLayer::new(BODY_IDLE_TIMEOUT));
    security::with_headers(inner)
        .layer(middleware::from_fn(ops::track_metrics))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", id, method = %req.method(), path = %req.uri().path())
        }))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}
