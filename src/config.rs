//! Settings: embedded defaults, overridden by an optional `declic.toml`, overridden by environment variables.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use url::Url;

use crate::secret::Secret;

/// Every setting Déclic reads: its `declic.toml` key and its environment variable.
pub const KEYS: &[(&str, &str)] = &[
    ("bind", "DECLIC_BIND"),
    ("metrics_bind", "DECLIC_METRICS_BIND"),
    ("public_url", "DECLIC_PUBLIC_URL"),
    ("data_dir", "DECLIC_DATA_DIR"),
    ("database_url", "DATABASE_URL"),
    ("storage_url", "STORAGE_URL"),
    ("s3_endpoint", "DECLIC_S3_ENDPOINT"),
    ("s3_region", "DECLIC_S3_REGION"),
    ("s3_access_key_id", "DECLIC_S3_ACCESS_KEY_ID"),
    ("s3_secret_access_key", "DECLIC_S3_SECRET_ACCESS_KEY"),
    ("s3_path_style", "DECLIC_S3_PATH_STYLE"),
    ("s3_public_url", "DECLIC_S3_PUBLIC_URL"),
    ("media_url", "DECLIC_MEDIA_URL"),
    ("smtp_host", "DECLIC_SMTP_HOST"),
    ("smtp_port", "DECLIC_SMTP_PORT"),
    ("smtp_username", "DECLIC_SMTP_USERNAME"),
    ("smtp_password", "DECLIC_SMTP_PASSWORD"),
    ("smtp_tls", "DECLIC_SMTP_TLS"),
    ("mail_from", "DECLIC_MAIL_FROM"),
    ("outbox_dir", "DECLIC_OUTBOX_DIR"),
    ("demo", "DECLIC_DEMO"),
    ("workers", "DECLIC_WORKERS"),
    ("max_upload_bytes", "DECLIC_MAX_UPLOAD_BYTES"),
    ("max_pixels", "DECLIC_MAX_PIXELS"),
    ("max_side", "DECLIC_MAX_SIDE"),
    ("decode_timeout_secs", "DECLIC_DECODE_TIMEOUT_SECS"),
    ("heif_helper", "DECLIC_HEIF_HELPER"),
    ("heif_memory_mb", "DECLIC_HEIF_MEMORY_MB"),
    ("job_lease_secs", "DECLIC_JOB_LEASE_SECS"),
    ("session_days", "DECLIC_SESSION_DAYS"),
    ("magic_link_minutes", "DECLIC_MAGIC_LINK_MINUTES"),
    ("timezone", "DECLIC_TIMEZONE"),
    ("log_format", "DECLIC_LOG_FORMAT"),
    ("disposable_domains", "DECLIC_DISPOSABLE_DOMAINS"),
    ("votes_per_ip_per_minute", "DECLIC_VOTES_PER_IP_PER_MINUTE"),
    ("vote_writers", "DECLIC_VOTE_WRITERS"),
    ("trusted_proxies", "DECLIC_TRUSTED_PROXIES"),
    ("pow_max_number", "DECLIC_POW_MAX_NUMBER"),
    ("page_cache_secs", "DECLIC_PAGE_CACHE_SECS"),
    ("moderation_undo_secs", "DECLIC_MODERATION_UNDO_SECS"),
    ("plain_upload_min_rate", "DECLIC_PLAIN_UPLOAD_MIN_RATE"),
    ("plain_upload_grace_secs", "DECLIC_PLAIN_UPLOAD_GRACE_SECS"),
    ("plain_upload_deadline_secs", "DECLIC_PLAIN_UPLOAD_DEADLINE_SECS"),
    ("plain_uploads_per_address", "DECLIC_PLAIN_UPLOADS_PER_ADDRESS"),
];

/// How plain (one-request) uploads are paced: see `web::upload_pace` for how the figures were
/// chosen.
#[derive(Debug, Clone, Copy)]
pub struct PlainUploadPace {
    /// The least average rate, in bytes a second, once `grace` has passed.
    pub min_bytes_per_sec: u64,
    pub grace: Duration,
    /// The longest a plain upload may take.
    pub deadline: Duration,
    /// Plain uploads one address may have in progress at once.
    pub per_address: usize,
}

impl Default for PlainUploadPace {
    fn default() -> Self {
        PlainUploadPace {
            min_bytes_per_sec: 8 * 1024,
            grace: Duration::from_secs(20),
            deadline: Duration::from_secs(15 * 60),
            per_address: 6,
        }
    }
}

/// How the blob store is reached.
#[derive(Debug, Clone)]
pub enum StorageSettings {
    /// Local directory; `public_url` as for S3 (a web server serving its `public/` folder).
    Fs { root: PathBuf, public_url: Option<String> },
    /// Any S3-compatible service.
    S3(S3Settings),
}

#[derive(Debug, Clone)]
pub struct S3Settings {
    pub bucket: String,
    /// Key prefix inside the bucket (from `s3://bucket/prefix`), without slashes at the ends.
    pub prefix: String,
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: Secret,
    pub secret_access_key: Secret,
    pub path_style: bool,
    /// Base URL of a CDN serving the store's `public/` copies (those of public entries only);
    /// `None` means Déclic serves every rendition itself.
    pub public_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Implicit TLS (port 465).
    Tls,
    /// STARTTLS upgrade (port 587).
    StartTls,
    /// Plain text, for a relay on localhost only.
    None,
}

#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub tls: SmtpTls,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Image limits applied before and during decoding.
#[derive(Debug, Clone)]
pub struct MediaLimits {
    pub max_upload_bytes: u64,
    pub max_pixels: u64,
    pub max_side: u32,
    pub heif: HeifSandbox,
}

impl Default for MediaLimits {
    fn default() -> Self {
        MediaLimits {
            max_upload_bytes: 40_000_000,
            max_pixels: 100_000_000,
            max_side: 20_000,
            heif: HeifSandbox::default(),
        }
    }
}

/// The child process HEIC/HEIF photos are decoded in (libheif is C with a CVE history).
#[derive(Debug, Clone)]
pub struct HeifSandbox {
    /// The `declic` executable to start as `declic heif-child` (this very program by default).
    pub program: PathBuf,
    /// Address-space limit of the child.
    pub memory_mb: u64,
    /// Wall-clock limit; the child is killed past it (its CPU-time limit follows from it).
    pub deadline: Duration,
}

impl Default for HeifSandbox {
    fn default() -> Self {
        HeifSandbox {
            program: std::env::current_exe().unwrap_or_else(|_| PathBuf::from("declic")),
            memory_mb: 1024,
            deadline: Duration::from_secs(60),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    /// Prometheus listener, kept off the public port; `None` disables it.
    pub metrics_bind: Option<SocketAddr>,
    pub public_url: Url,
    pub data_dir: PathBuf,
    pub database_url: Secret,
    pub storage: StorageSettings,
    /// `None`: emails are written as `.eml` files to `outbox_dir`.
    pub smtp: Option<SmtpSettings>,
    pub mail_from: String,
    pub outbox_dir: PathBuf,
    /// Create the demo contest (and a demo admin) on an empty database.
    pub demo: bool,
    pub workers: usize,
    pub media: MediaLimits,
    /// Time a photo may take to be decoded and rendered before it is refused.
    pub decode_timeout: Duration,
    pub job_lease: Duration,
    pub session_ttl: Duration,
    pub magic_link_ttl: Duration,
    /// Throwaway-mailbox domains refused at sign-in (the built-in list plus `disposable_domains`,
    /// comma-separated; `none` empties it).
    pub disposable_domains: Vec<String>,
    /// Votes one client address may cast per minute (many phones share a carrier's address).
    pub votes_per_ip_per_minute: u32,
    /// Vote batches written at once on PostgreSQL (SQLite has one writer).
    pub vote_writers: usize,
    /// Reverse proxies whose `X-Forwarded-For` names the client (none by default).
    pub trusted_proxies: crate::domain::proxies::TrustedProxies,
    /// Difficulty of the proof of work before a vote: the number is searched in `0..=pow_max_number`
    /// (a phone does the average half in well under a second).
    pub pow_max_number: u64,
    /// How long public pages are served from memory to anonymous visitors (0: not at all).
    pub page_cache_ttl: Duration,
    /// How long a moderation decision may be undone; its author is e-mailed once it has passed
    /// (0: no undo, the e-mail leaves at once).
    pub moderation_undo: Duration,
    pub plain_upload_pace: PlainUploadPace,
    pub timezone: chrono_tz::Tz,
    pub log_format: LogFormat,
}

impl Settings {
    /// Reads `declic.toml` (path in `DECLIC_CONFIG`, else `./declic.toml` if present), then the environment.
    pub fn load() -> anyhow::Result<Self> {
        let path = std::env::var("DECLIC_CONFIG").ok().map(PathBuf::from);
        let mut raw = match &path {
            Some(p) => read_toml(p)?,
            None if Path::new("declic.toml").exists() => read_toml(Path::new("declic.toml"))?,
            None => BTreeMap::new(),
        };
        for (key, env) in KEYS {
            if let Ok(v) = std::env::var(env) {
                raw.insert((*key).to_string(), v);
            }
        }
        // The AWS SDK's usual variables work too.
        for (key, env) in [("s3_access_key_id", "AWS_ACCESS_KEY_ID"), ("s3_secret_access_key", "AWS_SECRET_ACCESS_KEY")]
        {
            if let (false, Ok(v)) = (raw.contains_key(key), std::env::var(env)) {
                raw.insert(key.to_string(), v);
            }
        }
        Self::from_map(&raw)
    }

    /// Builds settings from `key → value` pairs (the keys of [`KEYS`]); missing keys take defaults.
    pub fn from_map(raw: &BTreeMap<String, String>) -> anyhow::Result<Self> {
        for key in raw.keys() {
            if !KEYS.iter().any(|(k, _)| k == key) {
                bail!("unknown setting `{key}`");
            }
        }
        let get = |k: &str| raw.get(k).map(|s| s.trim()).filter(|s| !s.is_empty());
        let bind: SocketAddr = parse_or(get("bind"), "127.0.0.1:8080", "bind")?;
        let metrics_bind = match get("metrics_bind") {
            Some("off") | Some("none") => None,
            other => Some(parse_or(other, "127.0.0.1:9464", "metrics_bind")?),
        };
        let public_url = match get("public_url") {
            Some(u) => Url::parse(u).context("public_url is not a URL")?,
            None => Url::parse(&format!("http://{bind}/"))?,
        };
        if !matches!(public_url.scheme(), "http" | "https") {
            bail!("public_url must be http:// or https://");
        }
        let data_dir = PathBuf::from(get("data_dir").unwrap_or("./data"));
        let database_url = match get("database_url") {
            Some(u) => u.to_string(),
            None => format!("sqlite://{}", data_dir.join("declic.db").display()),
        };
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres:")
            || database_url.starts_with("postgresql:"))
        {
            bail!("DATABASE_URL must start with sqlite:// or postgres://");
        }
        let storage = parse_storage(get("storage_url"), &data_dir, &get)?;
        let smtp = match get("smtp_host") {
            None => None,
            Some(host) => {
                let tls = match get("smtp_tls").unwrap_or("starttls") {
                    "tls" => SmtpTls::Tls,
                    "starttls" => SmtpTls::StartTls,
                    "none" => SmtpTls::None,
                    other => bail!("smtp_tls must be tls, starttls or none, not `{other}`"),
                };
                let default_port = match tls {
                    SmtpTls::Tls => "465",
                    SmtpTls::StartTls => "587",
                    SmtpTls::None => "25",
                };
                Some(SmtpSettings {
                    host: host.to_string(),
                    port: parse_or(get("smtp_port"), default_port, "smtp_port")?,
                    username: get("smtp_username").map(str::to_string),
                    password: get("smtp_password").map(Secret::new),
                    tls,
                })
            }
        };
        let workers_default = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).to_string();
        let workers: usize = parse_or(get("workers"), &workers_default, "workers")?;
        let timezone: chrono_tz::Tz = get("timezone")
            .unwrap_or("Europe/Paris")
            .parse()
            .map_err(|_| anyhow::anyhow!("timezone is not an IANA time zone name"))?;
        let log_format = match get("log_format").unwrap_or("text") {
            "text" => LogFormat::Text,
            "json" => LogFormat::Json,
            other => bail!("log_format must be text or json, not `{other}`"),
        };
        let decode_timeout = Duration::from_secs(parse_or(get("decode_timeout_secs"), "60", "decode_timeout_secs")?);
        Ok(Settings {
            bind,
            metrics_bind,
            mail_from: get("mail_from").unwrap_or("Déclic <no-reply@declic.localhost>").to_string(),
            outbox_dir: get("outbox_dir").map(PathBuf::from).unwrap_or_else(|| data_dir.join("outbox")),
            public_url,
            database_url: Secret::new(database_url),
            storage,
            smtp,
            demo: parse_bool(get("demo"), true, "demo")?,
            workers: workers.max(1),
            media: MediaLimits {
                max_upload_bytes: parse_or(get("max_upload_bytes"), "40000000", "max_upload_bytes")?,
                max_pixels: parse_or(get("max_pixels"), "100000000", "max_pixels")?,
                max_side: parse_or(get("max_side"), "20000", "max_side")?,
                heif: HeifSandbox {
                    program: get("heif_helper").map(PathBuf::from).unwrap_or_else(|| HeifSandbox::default().program),
                    memory_mb: parse_or(get("heif_memory_mb"), "1024", "heif_memory_mb")?,
                    deadline: decode_timeout,
                },
            },
            decode_timeout,
            job_lease: Duration::from_secs(parse_or(get("job_lease_secs"), "120", "job_lease_secs")?),
            session_ttl: Duration::from_secs(86_400 * parse_or::<u64>(get("session_days"), "30", "session_days")?),
            magic_link_ttl: Duration::from_secs(
                60 * parse_or::<u64>(get("magic_link_minutes"), "20", "magic_link_minutes")?,
            ),
            votes_per_ip_per_minute: parse_or(get("votes_per_ip_per_minute"), "600", "votes_per_ip_per_minute")?,
            trusted_proxies: crate::domain::proxies::TrustedProxies::parse(get("trusted_proxies").unwrap_or(""))
                .map_err(|e| anyhow::anyhow!("setting `trusted_proxies`: {}", e.message))?,
            vote_writers: match parse_or::<usize>(get("vote_writers"), "2", "vote_writers")? {
                n @ 1..=32 => n,
                _ => bail!("setting `vote_writers` must be between 1 and 32"),
            },
            page_cache_ttl: Duration::from_secs(parse_or(get("page_cache_secs"), "2", "page_cache_secs")?),
            moderation_undo: Duration::from_secs(parse_or(get("moderation_undo_secs"), "300", "moderation_undo_secs")?),
            plain_upload_pace: {
                let d = PlainUploadPace::default();
                let secs = |key: &str, default: Duration| -> anyhow::Result<Duration> {
                    Ok(Duration::from_secs(parse_or(get(key), &default.as_secs().to_string(), key)?))
                };
                PlainUploadPace {
                    min_bytes_per_sec: parse_or(
                        get("plain_upload_min_rate"),
                        &d.min_bytes_per_sec.to_string(),
                        "plain_upload_min_rate",
                    )?,
                    grace: secs("plain_upload_grace_secs", d.grace)?,
                    deadline: secs("plain_upload_deadline_secs", d.deadline)?,
                    per_address: match parse_or(
                        get("plain_uploads_per_address"),
                        &d.per_address.to_string(),
                        "plain_uploads_per_address",
                    )? {
                        0 => bail!("setting `plain_uploads_per_address` must be at least 1"),
                        n => n,
                    },
                }
            },
            pow_max_number: match parse_or::<u64>(get("pow_max_number"), "50000", "pow_max_number")? {
                n @ 1..=100_000_000 => n,
                _ => bail!("setting `pow_max_number` must be between 1 and 100000000"),
            },
            disposable_domains: match get("disposable_domains").map(str::trim) {
                Some("none") => Vec::new(),
                extra => crate::domain::email::DISPOSABLE_DOMAINS
                    .iter()
                    .map(|d| d.to_string())
                    .chain(extra.unwrap_or("").split(',').map(|d| d.trim().to_lowercase()).filter(|d| !d.is_empty()))
                    .collect(),
            },
            timezone,
            log_format,
            data_dir,
        })
    }

    /// The database URL with any password removed, fit for logs.
    pub fn database_url_for_logs(&self) -> String {
        match Url::parse(self.database_url.expose()) {
            Ok(mut u) if u.password().is_some() => {
                let _ = u.set_password(Some("***"));
                u.to_string()
            }
            _ => self.database_url.expose().to_string(),
        }
    }

    /// Whether cookies must carry `Secure`.
    pub fn https(&self) -> bool {
        self.public_url.scheme() == "https"
    }
}

fn read_toml(path: &Path) -> anyhow::Result<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let table: toml::Table = toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let mut out = BTreeMap::new();
    for (k, v) in table {
        let v = match v {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            other => bail!("setting `{k}` must be a string, integer or boolean, not {}", other.type_str()),
        };
        out.insert(k, v);
    }
    Ok(out)
}

fn parse_or<T: std::str::FromStr>(value: Option<&str>, default: &str, key: &str) -> anyhow::Result<T> {
    let v = value.unwrap_or(default);
    v.parse().map_err(|_| anyhow::anyhow!("setting `{key}` has an invalid value `{v}`"))
}

fn parse_bool(value: Option<&str>, default: bool, key: &str) -> anyhow::Result<bool> {
    match value {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(v) => bail!("setting `{key}` must be true or false, not `{v}`"),
    }
}

fn parse_storage<'a>(
    url: Option<&'a str>,
    data_dir: &Path,
    get: &dyn Fn(&str) -> Option<&'a str>,
) -> anyhow::Result<StorageSettings> {
    let Some(url) = url else {
        return Ok(StorageSettings::Fs { root: data_dir.join("blobs"), public_url: media_url(get) });
    };
    if let Some(path) = url.strip_prefix("file://") {
        if path.is_empty() {
            bail!("STORAGE_URL file:// needs a directory");
        }
        return Ok(StorageSettings::Fs { root: PathBuf::from(path), public_url: media_url(get) });
    }
    if let Some(rest) = url.strip_prefix("s3://") {
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            bail!("STORAGE_URL s3:// needs a bucket name");
        }
        let (Some(access_key_id), Some(secret)) = (get("s3_access_key_id"), get("s3_secret_access_key")) else {
            bail!("S3 storage needs DECLIC_S3_ACCESS_KEY_ID and DECLIC_S3_SECRET_ACCESS_KEY");
        };
        return Ok(StorageSettings::S3(S3Settings {
            bucket: bucket.to_string(),
            prefix: prefix.trim_matches('/').to_string(),
            endpoint: get("s3_endpoint").map(str::to_string),
            region: get("s3_region").unwrap_or("us-east-1").to_string(),
            access_key_id: Secret::new(access_key_id),
            secret_access_key: Secret::new(secret),
            path_style: parse_bool(get("s3_path_style"), true, "s3_path_style")?,
            public_url: media_url(get),
        }));
    }
    bail!("STORAGE_URL must start with file:// or s3://")
}

/// The CDN base URL: `media_url`, or its older name `s3_public_url`.
fn media_url<'a>(get: &dyn Fn(&str) -> Option<&'a str>) -> Option<String> {
    get("media_url").or_else(|| get("s3_public_url")).map(|s| s.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn defaults_are_embedded() {
        let s = Settings::from_map(&BTreeMap::new()).unwrap();
        assert_eq!(s.bind.to_string(), "127.0.0.1:8080");
        assert!(s.database_url.expose().starts_with("sqlite://"));
        assert!(matches!(s.storage, StorageSettings::Fs { .. }));
        assert!(s.smtp.is_none());
        assert_eq!(s.media.max_upload_bytes, 40_000_000);
    }

    #[test]
    fn s3_settings_hide_secrets() {
        let s = Settings::from_map(&map(&[
            ("storage_url", "s3://photos/tenant-a/"),
            ("s3_access_key_id", "GK123"),
            ("s3_secret_access_key", "verysecret"),
            ("database_url", "postgres://declic:pw@db/declic"),
        ]))
        .unwrap();
        let dbg = format!("{s:?}");
        assert!(!dbg.contains("verysecret"), "{dbg}");
        assert!(!dbg.contains(":pw@"), "{dbg}");
        assert!(!s.database_url_for_logs().contains("pw"));
        let StorageSettings::S3(s3) = s.storage else { panic!() };
        assert_eq!((s3.bucket.as_str(), s3.prefix.as_str()), ("photos", "tenant-a"));
    }

    #[test]
    fn reads_a_toml_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("declic.toml");
        std::fs::write(&path, "bind = \"0.0.0.0:9000\"\nworkers = 3\ndemo = false\n").unwrap();
        let s = Settings::from_map(&read_toml(&path).unwrap()).unwrap();
        assert_eq!((s.bind.port(), s.workers, s.demo), (9000, 3, false));
        std::fs::write(&path, "bind = [1, 2]").unwrap();
        assert!(read_toml(&path).is_err());
    }

    #[test]
    fn bad_values_are_refused_with_their_key() {
        let err = Settings::from_map(&map(&[("workers", "many")])).unwrap_err();
        assert!(err.to_string().contains("workers"));
        assert!(Settings::from_map(&map(&[("colour", "blue")])).is_err());
        assert!(Settings::from_map(&map(&[("database_url", "mysql://x")])).is_err());
        assert!(Settings::from_map(&map(&[("storage_url", "ftp://x")])).is_err());
    }
}
