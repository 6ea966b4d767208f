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
        "/api/v1/pow",
        "/api/v1/contests/{slug}/voting",
        "/api/v1/contests/{slug}/vote-flags",
        "/api/v1/vote-flags/{id}/review",
        "/api/v1/rounds/{id}/entries/{entry}/mark",
        "/api/v1/contests/{slug}/ranking",
        "/api/v1/contests/{slug}/covers/{slot}/winner",
        "/api/v1/contests/{slug}/covers/{slot}/crop",
        "/api/v1/contests/{slug}/covers/rules",
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
    assert!(contest.contains("enctype=\"multipart/form-data\"") && contest.contains("name=\"agree\""));
    let admin_page = admin.get(app.url(&format!("/admin/c/{slug}"))).send().await.unwrap();
    assert_eq!(admin_page.status(), StatusCode::OK);
    let missing = app.client().get(app.url("/c/nope")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.text().await.unwrap().contains("Ce concours n&#39;existe pas"));
}

#[tokio::test]
async fn a_failed_storage_write_is_an_error_and_keeps_nothing() {
    let app = TestApp::spawn().await;
    let declic::config::StorageSettings::Fs { root, .. } = &app.settings.storage else {
        return; // this failure is staged on the local-disk store
    };
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "broken-disk").await;
    let alice = app.participant("alice@example.org").await;
    // A file where the originals folder should be: every write of an original fails.
    std::fs::write(root.join("originals"), b"not a folder").unwrap();
    let res = app.submit(&alice, &slug, jpeg(40, 30, 1), &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.headers()["retry-after"], "30", "the client is told to retry");
    assert_eq!(error_code(res).await, "storage_unavailable");
    let mine: Value = alice.get(app.url("/api/v1/me/entries")).send().await.unwrap().json().await.unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 0, "no entry without its original");
}

#[tokio::test]
async fn the_cli_adds_staff_accounts() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_declic"))
        .args(["user", "add", "--email", "Juror@Example.org", "--role", "jury", "--password-stdin"])
        .env("DATABASE_URL", app.settings.database_url.expose())
        .env("DECLIC_DATA_DIR", dir.path())
        .env("DECLIC_DEMO", "false")
        .env_remove("STORAGE_URL")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(format!("{PASSWORD}\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let client = app.client();
    let res = app.login(&client, "juror@example.org", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["role"], "jury");

    // A short password is refused with a clear message.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_declic"))
        .args(["user", "add", "--email", "x@example.org", "--role", "admin"])
        .env("DATABASE_URL", app.settings.database_url.expose())
        .env("DECLIC_DATA_DIR", dir.path())
        .env("DECLIC_DEMO", "false")
        .env_remove("STORAGE_URL")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--password-stdin"));
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::spawn().await;
    let mut stream = tokio::net::TcpStream::connect(app.address.trim_start_matches("http://")).await.unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ").await.unwrap();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(40), stream.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "the server kept a half-sent request open for 40 s");
}

#[tokio::test]
async fn pages_and_scripts_are_compressed_and_small() {
    let app = TestApp::spawn().await;
    let mut total = 0;
    for path in ["/assets/declic.js", "/assets/declic.css"] {
        let res = app.client().get(app.url(path)).header("Accept-Encoding", "br, gzip").send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-encoding"], "br", "{path}");
        total += res.bytes().await.unwrap().len();
    }
    // The participant's pages load all their JS and CSS in at most 60 KB compressed.
    assert!(total <= 60_000, "{total} bytes of JS + CSS");
    let res = app.client().get(app.url("/")).header("Accept-Encoding", "gzip").send().await.unwrap();
    assert_eq!(res.headers()["content-encoding"], "gzip");
    let plain = app.client().get(app.url("/assets/declic.js")).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none(), "only for clients that ask");
}
