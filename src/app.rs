//! Application state, startup (database, migrations, storage, demo data) and the running server.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::config::Settings;
use crate::db::Db;
use crate::jobs::WorkerPool;
use crate::mail::Mailer;
use crate::media::cpu::CpuPool;
use crate::storage::{self, Storage};
use crate::web::ratelimit::RateLimits;

/// Everything a request handler or a job needs; cheap to clone (one shared pointer: a request's
/// extractors clone it several times).
#[derive(Clone)]
pub struct AppState(Arc<AppParts>);

impl std::ops::Deref for AppState {
    type Target = AppParts;

    fn deref(&self) -> &AppParts {
        &self.0
    }
}

/// What [`AppState`] shares.
pub struct AppParts {
    pub settings: Arc<Settings>,
    pub db: Db,
    pub storage: Storage,
    pub mailer: Arc<Mailer>,
    /// Rendering photos in jobs (decode, resize, encode): one permit per worker.
    pub cpu: CpuPool,
    /// CPU work a request waits on (checking an upload, hashing a password): separate, so a
    /// person never waits behind background renders.
    pub interactive: CpuPool,
    pub jobs_notify: Arc<Notify>,
    pub limits: Arc<RateLimits>,
    /// Keys every instance shares (kept in the database).
    pub keys: Arc<ServerKeys>,
    /// Public pages as anonymous visitors see them, for a few seconds.
    pub pages: Arc<crate::web::page_cache::PageCache>,
    /// Votes are written in batches by one writer per instance.
    pub votes: crate::services::vote_writer::VoteWriter,
    /// Sessions looked up in batches.
    pub sessions: crate::web::session_lookup::SessionLookup,
    /// Rows every vote reads, for a few seconds.
    pub lookups: Arc<crate::services::lookup_cache::Lookups>,
    /// Plain uploads in progress, by address.
    pub plain_uploads: Arc<crate::web::upload_pace::InFlight>,
}

/// Keys shared by the instances of one site.
pub struct ServerKeys {
    client_hash: [u8; 32],
    /// Signs proof-of-work challenges.
    pub pow: [u8; 32],
}

impl ServerKeys {
    async fn load(db: &Db) -> anyhow::Result<Self> {
        Ok(ServerKeys { client_hash: Self::shared(db, "client_hash").await?, pow: Self::shared(db, "pow").await? })
    }

    /// The shared key `name`, made by the first instance that needed it.
    async fn shared(db: &Db, name: &str) -> anyhow::Result<[u8; 32]> {
        let fresh = blake3::hash(uuid::Uuid::new_v4().as_bytes()).to_hex().to_string();
        let stored = crate::db::keys::server_key(db.pool(), name, &fresh, crate::clock::now()).await?;
        let bytes = blake3::Hash::from_hex(stored.trim())
            .with_context(|| format!("the stored key `{name}` is not 32 bytes of hex"))?;
        Ok(*bytes.as_bytes())
    }

    /// A client address as stored: a keyed hash, never the address (GDPR), stable across instances.
    pub fn hash_client(&self, ip: std::net::IpAddr) -> String {
        blake3::keyed_hash(&self.client_hash, ip.to_string().as_bytes()).to_hex()[..32].to_string()
    }

    /// The network a client address belongs to (its IPv4 /24 or IPv6 /64) as stored: a keyed hash.
    pub fn hash_network(&self, ip: std::net::IpAddr) -> String {
        let network = match ip {
            std::net::IpAddr::V4(v4) => {
                let [a, b, c, _] = v4.octets();
                format!("net4:{a}.{b}.{c}.0/24")
            }
            std::net::IpAddr::V6(v6) => {
                let s = v6.segments();
                format!("net6:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        };
        blake3::keyed_hash(&self.client_hash, network.as_bytes()).to_hex()[..32].to_string()
    }

    /// A browser's user agent as stored: a keyed hash (equal agents, equal hashes).
    pub fn hash_agent(&self, user_agent: &str) -> String {
        blake3::keyed_hash(&self.client_hash, format!("ua:{user_agent}").as_bytes()).to_hex()[..32].to_string()
    }
}

impl AppState {
    /// Connects to the database (applying migrations) and the blob store; seeds the demo if asked.
    pub async fn prepare(settings: Settings) -> anyhow::Result<Self> {
        std::fs::create_dir_all(settings.data_dir.join("tmp"))
            .with_context(|| format!("creating {}", settings.data_dir.display()))?;
        tracing::info!(database = %settings.database_url_for_logs(), "connecting to the database");
        let db = Db::connect(settings.database_url.expose()).await?;
        db.migrate().await?;
        crate::db::audit::seal_pending(&db).await.context("sealing the audit log")?;
        crate::db::votes::rank_all(db.pool()).await.context("catching up the most-voted order")?;
        let storage = storage::open(&settings.storage).await?;
        let keys = Arc::new(ServerKeys::load(&db).await?);
        let limits = Arc::new(RateLimits::with_votes_per_ip(settings.votes_per_ip_per_minute));
        let mailer = Arc::new(Mailer::from_settings(&settings)?);
        let settings_page_ttl = settings.page_cache_ttl;
        let votes = crate::services::vote_writer::VoteWriter::spawn(db.clone(), settings.vote_writers)?;
        let state = AppState(Arc::new(AppParts {
            cpu: CpuPool::new(settings.workers),
            interactive: CpuPool::new(settings.workers.max(2)),
            settings: Arc::new(settings),
            votes,
            sessions: crate::web::session_lookup::SessionLookup::spawn(db.clone()),
            lookups: Arc::new(crate::services::lookup_cache::Lookups::new(settings_page_ttl)),
            plain_uploads: Arc::default(),
            db,
            storage,
            mailer,
            jobs_notify: Arc::new(Notify::new()),
            limits,
            keys,
            pages: Arc::new(crate::web::page_cache::PageCache::new(settings_page_ttl)),
        }));
        if state.settings.demo {
            crate::demo::seed(&state).await.context("creating the demo contest")?;
        }
        Ok(state)
    }

    /// Wakes idle workers after a job was committed.
    pub fn wake_workers(&self) {
        self.jobs_notify.notify_waiters();
    }
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
        let state = AppState::prepare(settings).await?;
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

    pub fn state(&self) -> &AppState {
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
        let maintenance = tokio::spawn(crate::web::ratelimit::maintain(self.state.clone(), cancel.clone()));
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
    let state = AppState::prepare(settings).await?;
    let pool = WorkerPool::spawn(state.clone(), state.settings.workers);
    tracing::info!(workers = state.settings.workers, "job workers running");
    shutdown.await;
    pool.shutdown().await;
    state.db.close().await;
    Ok(())
}
