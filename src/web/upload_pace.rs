//! Plain (one-request) uploads must keep moving: each keeps an average of at least 8 KB/s once
//! 20 s have passed and ends within 15 minutes, and one address has at most 6 of them at once
//! (`PlainUploadPace` in the settings). A phone too slow for that is told to use the
//! resumable path (tus), which none of this touches: it sends in parts and resumes.
//!
//! The rate: a weak 3G uplink (Chrome's "Slow 3G" profile sends 400 kbit/s, 50 KB/s; rural 3G
//! measured by regulators' crowd tests sits around 100–500 kbit/s) sends a 5 MB phone photo in
//! under two minutes. 8 KB/s (64 kbit/s) is a sixth of the slowest of those, so a real phone is
//! never cut, while a client trickling a byte a second is refused after the grace period instead
//! of holding a connection for ever. The deadline, 15 minutes, covers a 40 MB photo at 50 KB/s.

use std::collections::HashMap;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::Stream;

use crate::config::PlainUploadPace as Pace;
use crate::error::AppError;
use crate::web::session::ClientIp;
use crate::web::state::WebState;

/// Plain uploads in progress, by address.
#[derive(Default)]
pub(crate) struct InFlight(Mutex<HashMap<IpAddr, usize>>);

/// One upload's place, given back when it ends.
struct Slot {
    flight: Arc<InFlight>,
    ip: IpAddr,
}

impl InFlight {
    fn take(self: &Arc<Self>, ip: IpAddr, max: usize) -> Option<Slot> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let n = map.entry(ip).or_default();
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(Slot { flight: self.clone(), ip })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut map = self.flight.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = map.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.ip);
            }
        }
    }
}

/// The request body, refused once it falls below the pace (`slow` then says why).
struct Paced<S> {
    inner: S,
    pace: Pace,
    started: Instant,
    received: u64,
    slow: Arc<AtomicBool>,
}

impl<S: Stream<Item = Result<Bytes, axum::Error>> + Unpin> Stream for Paced<S> {
    type Item = Result<Bytes, axum::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let next = Pin::new(&mut self.inner).poll_next(cx);
        if let Poll::Ready(Some(Ok(chunk))) = &next {
            self.received += chunk.len() as u64;
            let elapsed = self.started.elapsed();
            let too_slow = elapsed > self.pace.grace
                && (self.received as f64) < self.pace.min_bytes_per_sec as f64 * elapsed.as_secs_f64();
            if too_slow || elapsed > self.pace.deadline {
                self.slow.store(true, Ordering::Relaxed);
                return Poll::Ready(Some(Err(axum::Error::new(std::io::Error::other("upload too slow")))));
            }
        }
        next
    }
}

/// The error a plain upload gets when it is too slow, pointing to the resumable path.
fn too_slow(pace: &Pace) -> AppError {
    AppError::new(
        StatusCode::REQUEST_TIMEOUT,
        "upload_too_slow",
        format!(
            "the connection is too slow for a one-piece upload (at least {} KB/s, {} minutes at most); \
             send the photo again from the contest page, whose uploader sends it in parts and resumes \
             (tus: POST /api/v1/contests/{{slug}}/uploads)",
            pace.min_bytes_per_sec / 1024,
            pace.deadline.as_secs() / 60
        ),
    )
}

/// Middleware for the plain upload routes.
pub(crate) async fn pace(State(state): State<WebState>, req: Request, next: Next) -> Response {
    let pace = state.settings.plain_upload_pace;
    let ClientIp(ip) = ClientIp::of(req.extensions());
    let Some(slot) = state.plain_uploads.take(ip, pace.per_address) else {
        return AppError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_plain_uploads",
            format!(
                "at most {} photos may be sent at once from one connection; wait for one to finish, \
                 or use the contest page's uploader (tus), which has no such limit",
                pace.per_address
            ),
        )
        .into_response();
    };
    let slow = Arc::new(AtomicBool::new(false));
    let (parts, body) = req.into_parts();
    let paced =
        Paced { inner: body.into_data_stream(), pace, started: Instant::now(), received: 0, slow: slow.clone() };
    let res = next.run(Request::from_parts(parts, Body::from_stream(paced))).await;
    drop(slot);
    if slow.load(Ordering::Relaxed) && !res.status().is_success() {
        metrics::counter!("declic_plain_uploads_too_slow_total").increment(1);
        return too_slow(&pace).into_response();
    }
    res
}
