//! The HTTP server loop: hyper with a header-read timeout (plain `axum::serve` has none,
//! tokio-rs/axum#2741), client addresses for rate limits (through trusted proxies), and graceful
//! draining on shutdown.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

use crate::domain::proxies::TrustedProxies;

/// Time a client has to send a request's headers (also closes idle keep-alive connections).
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(15);
/// Time given to open connections to finish after shutdown was asked.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

/// Serves `router`; the peer address handlers see is the client's, as `proxies` say it when the
/// connection comes from one of them.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    proxies: Arc<TrustedProxies>,
    cancel: CancellationToken,
) -> anyhow::Result<()> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT).keep_alive(true);
    builder.http2().timer(TokioTimer::new()).keep_alive_interval(Some(Duration::from_secs(30)));
    let graceful = GracefulShutdown::new();
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = cancel.cancelled() => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let proxies = proxies.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
            let client = SocketAddr::new(proxies.client_of(peer.ip(), forwarded), peer.port());
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(client));
            router.clone().oneshot(req)
        });
        let conn = builder.serve_connection_with_upgrades(TokioIo::new(stream), service).into_owned();
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(DRAIN_TIMEOUT) => tracing::warn!("some connections were still open at shutdown"),
    }
    Ok(())
}
