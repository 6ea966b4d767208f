//! What a request handler or a job needs, shared by every part of one process: settings, the
//! database, the blob store, the mailer, CPU pools, the keys the instances share, rate limits and
//! the vote writer and caches. Built once by [`AppState::prepare`]; the web side adds its own parts
//! (`web::state::WebState`), startup (`app`) sits above everything.

use std::sync::Arc;

use anyhow::Context;
use tokio::sync::Notify;

use crate::config::Settings;
use crate::db::Db;
use crate::mail::Mailer;
use crate::media::cpu::CpuPool;
use crate::services::ratelimit::RateLimits;
use crate::services::session_lookup::SessionLookup;
use crate::services::voting::lookups::Lookups;
use crate::services::voting::writer::VoteWriter;
use crate::storage::{self, Storage};

/// Everything a request handler or a job needs; cheap to clone (one shared pointer: a request's
/// extractors clone it several times).
#[derive(Clone)]
pub(crate) struct AppState(Arc<AppParts>);

impl std::ops::Deref for AppState {
    type Target = AppParts;

    fn deref(&self) -> &AppParts {
        &self.0
    }
}

/// What [`AppState`] shares.
pub(crate) struct AppParts {
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
    /// Votes are written in batches by one writer per instance.
    pub votes: VoteWriter,
    /// Sessions looked up in batches.
    pub sessions: SessionLookup,
    /// Rows every vote reads, for a few seconds.
    pub lookups: Arc<Lookups>,
}

/// Keys shared by the instances of one site.
pub(crate) struct ServerKeys {
    client_hash: [u8; 32],
    /// Signs proof-of-work challenges.
    pub pow: [u8; 32],
    login_code: [u8; 32],
}

impl ServerKeys {
    async fn load(db: &Db) -> anyhow::Result<Self> {
        Ok(ServerKeys {
            client_hash: Self::shared(db, "client_hash").await?,
            pow: Self::shared(db, "pow").await?,
            login_code: Self::shared(db, "login_code").await?,
        })
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
    pub(crate) fn hash_client(&self, ip: std::net::IpAddr) -> String {
        blake3::keyed_hash(&self.client_hash, ip.to_string().as_bytes()).to_hex()[..32].to_string()
    }

    /// The network a client address belongs to (its IPv4 /24 or IPv6 /64) as stored: a keyed hash.
    pub(crate) fn hash_network(&self, ip: std::net::IpAddr) -> String {
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

    /// A sign-in code as stored: a keyed hash bound to its address (a million codes cannot be
    /// tried offline against a copied database without the key).
    pub(crate) fn hash_login_code(&self, email: &str, code: &crate::domain::login_code::LoginCode) -> String {
        blake3::keyed_hash(&self.login_code, format!("{email}\n{}", code.digits()).as_bytes()).to_hex().to_string()
    }

    /// A browser's user agent as stored: a keyed hash (equal agents, equal hashes).
    pub(crate) fn hash_agent(&self, user_agent: &str) -> String {
        blake3::keyed_hash(&self.client_hash, format!("ua:{user_agent}").as_bytes()).to_hex()[..32].to_string()
    }
}

impl AppState {
    /// Connects to the database (applying migrations) and the blob store.
    pub(crate) async fn prepare(settings: Settings) -> anyhow::Result<Self> {
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
        let votes = VoteWriter::spawn(db.clone(), settings.vote_writers)?;
        Ok(AppState(Arc::new(AppParts {
            cpu: CpuPool::new(settings.workers),
            interactive: CpuPool::new(settings.workers.max(2)),
            settings: Arc::new(settings),
            votes,
            sessions: SessionLookup::spawn(db.clone()),
            lookups: Arc::new(Lookups::new(settings_page_ttl)),
            db,
            storage,
            mailer,
            jobs_notify: Arc::new(Notify::new()),
            limits,
            keys,
        })))
    }

    /// Wakes idle workers after a job was committed.
    pub(crate) fn wake_workers(&self) {
        self.jobs_notify.notify_waiters();
    }
}
