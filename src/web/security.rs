//! Security headers on every response, and refusal of cross-site state-changing requests
//! (Fetch Metadata `Sec-Fetch-Site`, else `Origin`), on top of SameSite=Lax cookies.

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::AppError;
use crate::state::AppState;

/// The default Content Security Policy: no inline script, nothing from elsewhere, no framing.
pub(crate) const CSP: &str = "default-src 'self'; img-src 'self' data: blob:; script-src 'self'; style-src 'self'; \
                       object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Sets the security headers unless a route already chose its own (e.g. a future embeddable gallery).
pub(crate) fn with_headers<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    let h = |name, value: &'static str| SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value));
    router
        .layer(h(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(h(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(h(header::REFERRER_POLICY, "strict-origin-when-cross-origin"))
        .layer(axum::middleware::map_response(deny_framing))
        .layer(h(header::HeaderName::from_static("permissions-policy"), "camera=(self), geolocation=(), microphone=()"))
}

/// The policy of a page other sites may show in a frame (the embeddable gallery).
pub(crate) const EMBEDDABLE_CSP: &str = "default-src 'self'; img-src 'self' data: blob:; script-src 'self'; style-src 'self'; \
                                  object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors *";

/// `X-Frame-Options: DENY` for old browsers, unless the page's own policy lets sites frame it.
async fn deny_framing(mut res: Response) -> Response {
    let embeddable =
        res.headers().get(header::CONTENT_SECURITY_POLICY).is_some_and(|v| v.as_bytes() == EMBEDDABLE_CSP.as_bytes());
    if !embeddable {
        res.headers_mut().entry(header::X_FRAME_OPTIONS).or_insert(HeaderValue::from_static("DENY"));
    }
    res
}

/// Refuses unsafe methods coming from another site.
pub(crate) async fn cross_origin_guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let allowed = if let Some(site) = headers.get("sec-fetch-site") {
        matches!(site.as_bytes(), b"same-origin" | b"none")
    } else if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        let public = state.settings.public_url.origin().ascii_serialization();
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        origin == public || origin == format!("http://{host}") || origin == format!("https://{host}")
    } else {
        // Not a browser (browsers send Origin on every cross-origin POST): nothing to forge.
        true
    };
    if allowed {
        next.run(req).await
    } else {
        AppError::new(
            StatusCode::FORBIDDEN,
            "cross_site_request",
            "this request came from another site and was refused",
        )
        .into_response()
    }
}
