//! Startup, above every layer: prepares the state (database, migrations, storage, demo data), binds
//! the listeners and runs the server, the job workers and the housekeeping.

use std::future::Future;
use std::net::SocketAddr;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::config::Settings;
use crate::jobs::WorkerPool;
use crate::state::AppState;

/// The state of a process, with the demo contest created if the settings ask for it.
async fn prepare(settings: Settings) -> anyhow::Result<AppState> {
    let state = AppState::prepare(settings).await?;
    if state.settings.demo {
        crate::demo::seed(&state).await.context("creating the demo contest")?;
    }
    Ok(state)
}

/// A built server: listeners bound, state ready; [`Application::run_until_stopped`] serves.
pub struct Application {
    listener: TcpListener,
    metrics_listener: Option<TcpListener>,
    state: AppState,
    workers: bool,
}

impl Application {
    /// Prepares state and binds the public (and metrics) listeners; port 0 picks a free port.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        Self::build_with_workers(settings, true).await
    }

    /// As [`Application::build`], choosing whether in-process job workers run.
    pub async fn build_with_workers(settings: Settings, workers: bool) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.bind).await.with_context(|| format!("binding {}", settings.bind))?;
        let metrics_listener = match settings.metrics_bind {
            Some(addr) => Some(TcpListener::bind(addr).await.with_context(|| format!("binding metrics on {addr}"))?),
            None => None,
        };
        let state = prepare(settings).await?;
        Ok(Application { listener, metrics_listener, state, workers })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("bound listener")
    }

    pub fn port(&self) -> u16 {
        self.local_addr().port()
    }

    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_listener.as_ref().and_then(|l| l.local_addr().ok()).map(|a| a.port())
    }

    pub(crate) fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` resolves, then drains connections and stops workers
    /// (running jobs finish or are handed back to the queue).
    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let cancel = CancellationToken::new();
        let trigger = cancel.clone();
        tokio::spawn(async move {
            shutdown.await;
            trigger.cancel();
        });
        let workers = self.workers.then(|| WorkerPool::spawn(self.state.clone(), self.state.settings.workers));
        let maintenance =
            tokio::spawn(crate::jobs::housekeeping::forget_idle_limits(self.state.clone(), cancel.clone()));
        let metrics = self.metrics_listener.map(|l| {
            let router = crate::web::ops::metrics_router(self.state.clone());
            tokio::spawn(crate::server::serve(l, router, Default::default(), cancel.clone()))
        });
        tracing::info!(address = %self.listener.local_addr()?, public_url = %self.state.settings.public_url, "Déclic is serving");
        let router = crate::web::router(self.state.clone());
        let proxies = std::sync::Arc::new(self.state.settings.trusted_proxies.clone());
        let served = crate::server::serve(self.listener, router, proxies, cancel.clone()).await;
        if let Some(m) = metrics {
            let _ = m.await;
        }
        if let Some(w) = workers {
            w.shutdown().await;
        }
        maintenance.abort();
        self.state.db.close().await;
        tracing::info!("stopped");
        served
    }
}

/// Runs job workers only (`declic worker`), until `shutdown` resolves.
pub async fn run_workers(settings: Settings, shutdown: impl Future<Output = ()>) -> anyhow::Result<()> {
    let state = prepare(settings).await?;
    let pool = WorkerPool::spawn(state.clone(), state.settings.workers);
    tracing::info!(workers = state.settings.workers, "job workers running");
    shutdown.await;
    pool.shutdown().await;
    state.db.close().await;
    Ok(())
}
