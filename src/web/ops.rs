//! Operations: liveness, readiness (database and storage reachable), Prometheus metrics
//! (served on a separate, non-public listener) and per-request metrics.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::state::AppState;
use crate::web::state::WebState;

pub(crate) fn routes() -> Router<WebState> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz))
}

/// The router of the metrics listener.
pub(crate) fn metrics_router(state: AppState) -> Router {
    Router::new().route("/metrics", get(render_metrics)).with_state(state)
}

fn recorder() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        PrometheusBuilder::new()
            .install_recorder()
            .unwrap_or_else(|_| PrometheusBuilder::new().build_recorder().handle())
    })
}

/// Installs the metrics recorder (idempotent); call before serving.
pub fn install_recorder() {
    recorder();
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> Response {
    let db = state.db.ping().await.map_err(|e| e.to_string());
    let storage = state.storage.check().await.map_err(|e| format!("{e:#}"));
    let ok = db.is_ok() && storage.is_ok();
    if let Err(e) = &db {
        tracing::warn!(error = %e, "readiness: database unreachable");
    }
    if let Err(e) = &storage {
        tracing::warn!(error = %e, "readiness: storage unreachable");
    }
    let status = if ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let body = serde_json::json!({
        "database": if db.is_ok() { "ok" } else { "unreachable" },
        "storage": if storage.is_ok() { "ok" } else { "unreachable" },
    });
    (status, Json(body)).into_response()
}

async fn render_metrics(State(state): State<AppState>) -> String {
    if let Ok(counts) = crate::db::jobs::counts(state.db.pool(), crate::jobs::job::HOUSEKEEPING).await {
        for (status, n) in counts {
            metrics::gauge!("declic_jobs", "status" => status).set(n as f64);
        }
    }
    recorder().render()
}

/// Counts requests and their durations by route and status.
pub(crate) async fn track_metrics(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let route =
        req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| "unmatched".into());
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    metrics::counter!("declic_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status).increment(1);
    metrics::histogram!("declic_http_request_seconds", "method" => method, "route" => route)
        .record(start.elapsed().as_secs_f64());
    res
}
