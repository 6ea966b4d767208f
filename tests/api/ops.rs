//! Operations and hardening: health, readiness, metrics on their own listener, security headers, OpenAPI.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::*;

#[tokio::test]
async fn health_readiness_and_metrics() {
    let app = TestApp::spawn().await;
    let res = app.client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let ready: Value = app.client().get(app.url("/readyz")).send().await.unwrap().json().await.unwrap();
    assert_eq!(ready, serde_json::json!({ "database": "ok", "storage": "ok" }));
    // Metrics are not on the public port.
    assert_eq!(app.client().get(app.url("/metrics")).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    let metrics =
        app.client().get(format!("{}/metrics", app.metrics_address)).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains("declic_http_requests_total"), "{metrics}");
}

#[tokio::test]
async fn every_response_carries_security_headers_and_a_request_id() {
    let app = TestApp::spawn().await;
    for path in ["/", "/login", "/api/v1/contests", "/api/v1/contests/nope", "/assets/declic.css"] {
        let res = app.client().get(app.url(path)).send().await.unwrap();
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'")
                && !csp.contains("unsafe-inline")
                && csp.contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert!(h.contains_key("referrer-policy"), "{path}");
        assert!(h.contains_key("x-request-id"), "{path}");
    }
}

#[tokio::test]
async fn the_api_is_described_by_openapi() {
    let app = TestApp::spawn().await;
    let doc: Value = app.client().get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/auth/magic-link",
        "/api/v1/auth/login",
        "/api/v1/auth/logout",
        "/api/v1/contests",
        "/api/v1/contests/{slug}",
        "/api/v1/contests/{slug}/entries",
        "/api/v1/entries/{id}",
        "/api/v1/entries/{id}/moderation",
        "/api/v1/contests/{slug}/gallery",
        "/api/v1/entries/{id}/vote",
        "/api/v1/entries/{id}/score",
        "/api/v1/contests/{slug}/ranking",
        "/api/v1/contests/{slug}/covers/{slot}/winner",
        "/api/v1/contests/{slug}/export.zip",
    ] {
        assert!(paths.contains_key(p), "OpenAPI lacks {p}");
    }
}

#[tokio::test]
async fn pages_render_for_each_audience() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "pages").await;
    let home = app.client().get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("lang=\"fr\"") && home.contains(&format!("/c/{slug}")));
    let contest = app.client().get(app.url(&format!("/c/{slug}"))).send().await.unwrap().text().await.unwrap();
    assert!(contest.contains("Connectez-vous"), "anonymous visitors are invited to log in");
    let alice = app.participant("alice@example.org").await;
    let contest = alice.get(app.url(&format!("/c/{slug}"))).send().await.unwrap().text().await.unwrap();
    assert!(contest.contains("enctype=\"multipart/form-data\"") && contest.contains("name=\"consent\""));
    let admin_page = admin.get(app.url(&format!("/admin/c/{slug}"))).send().await.unwrap();
    assert_eq!(admin_page.status(), StatusCode::OK);
    let missing = app.client().get(app.url("/c/nope")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.text().await.unwrap().contains("Ce concours n&#39;existe pas"));
}
