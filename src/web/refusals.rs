//! Refused calls (403: a role that may not act) are security events: counted by route in
//! `declic_forbidden_total` and logged with who asked, what and from where, at warning level.
//! They never enter the hash-chained audit log, which a flood of refusals must not fill.

use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;
use crate::web::session::{self, ClientIp};

pub(crate) async fn record(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route =
        req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| "unmatched".into());
    let method = req.method().clone();
    let ClientIp(address) = ClientIp::of(req.extensions());
    let cookies = req.headers().get(header::COOKIE).cloned();
    let res = next.run(req).await;
    if res.status() == StatusCode::FORBIDDEN {
        // Who: read only now, for the rare refused call (the session is usually cached).
        let mut headers = axum::http::HeaderMap::new();
        if let Some(c) = cookies {
            headers.insert(header::COOKIE, c);
        }
        let user = session::user_of_cookies(&state, &headers).await.ok().flatten();
        metrics::counter!("declic_forbidden_total", "route" => route.clone()).increment(1);
        tracing::warn!(
            target: "security",
            event = "forbidden",
            user = user.as_ref().map(|u| u.id),
            role = user.as_ref().map(|u| u.role.as_str()),
            method = %method,
            route,
            address = %address,
            "refused: this role may not do that"
        );
    }
    res
}
