//! Database access: one `Any` pool over SQLite or PostgreSQL, sharing one query text per operation.
//! The few real dialect differences live in [`dialect`].

pub(crate) mod alerts;
pub(crate) mod audit;
pub(crate) mod consents;
pub(crate) mod contests;
pub(crate) mod covers;
pub(crate) mod criteria;
pub(crate) mod dialect;
pub(crate) mod direct_sqlite;
pub(crate) mod entries;
pub(crate) mod gallery;
pub(crate) mod held;
pub(crate) mod jobs;
pub(crate) mod keys;
pub(crate) mod marks;
pub(crate) mod moderation;
pub(crate) mod reasons;
pub(crate) mod recusals;
pub(crate) mod reports;
pub(crate) mod rounds;
pub(crate) mod sessions;
pub(crate) mod statement;
pub(crate) mod stats;
pub(crate) mod uploads;
pub(crate) mod users;
pub(crate) mod votes;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sqlx::any::AnyPoolOptions;
use sqlx::{Any, AnyPool, Transaction};

pub use dialect::Dialect;

/// `$1, $2, …` for `n` parameters (a list bound one value each, so each length is one prepared
/// statement).
pub(crate) fn placeholders(n: usize) -> String {
    placeholders_from(1, n)
}

/// `$first, …` for `n` parameters that follow others in the statement.
pub(crate) fn placeholders_from(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// `($1, $2), ($3, $4), …`: `rows` rows of `per_row` parameters each, for a `VALUES` list.
pub(crate) fn value_rows(rows: usize, per_row: usize) -> String {
    (0..rows).map(|i| format!("({})", placeholders_from(i * per_row + 1, per_row))).collect::<Vec<_>>().join(", ")
}

/// A list of `n` items bound in one statement is padded to this length by repeating its last
/// item (harmless in `IN (…)` lists and in inserts that skip conflicts): statements then come in
/// a few lengths that stay prepared, instead of one new statement per length.
pub(crate) fn padded_len(n: usize) -> usize {
    n.max(1).next_power_of_two()
}

/// The items of `list` padded to [`padded_len`] (by repeating the last one).
pub(crate) fn padded<T>(list: &[T]) -> impl Iterator<Item = &T> {
    (0..if list.is_empty() { 0 } else { padded_len(list.len()) }).map(move |i| &list[i.min(list.len() - 1)])
}

/// The longest id list bound in one statement (well under both databases' parameter limits).
pub(crate) const MAX_IDS_PER_STATEMENT: usize = 1024;

/// The shared database handle (cheap to clone).
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    /// SQLite: the one connection writing transactions run on.
    writer: Option<AnyPool>,
    dialect: Dialect,
    /// SQLite: the database file.
    sqlite_file: Option<PathBuf>,
    /// SQLite has one writer at a time: this instance's writers queue here, each woken the moment
    /// the previous one commits, instead of polling the database lock with growing sleeps.
    write_gate: Arc<tokio::sync::Mutex<()>>,
}

/// A transaction that writes (see [`Db::begin_write`]); derefs to its connection.
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    _gate: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

impl Db {
    /// Connects to `url` (`sqlite://…` creates the file and its folder if missing).
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let dialect = Dialect::of_url(url)?;
        let (url, sqlite_file) = match dialect {
            Dialect::Sqlite => (prepare_sqlite_url(url)?, Some(PathBuf::from(sqlite_path(url)))),
            Dialect::Postgres => (url.to_string(), None),
        };
        let options = |size: u32| {
            AnyPoolOptions::new()
                .max_connections(size)
                .acquire_timeout(Duration::from_secs(10))
                .after_connect(move |conn, _meta| Box::pin(async move { dialect.prepare_connection(conn).await }))
        };
        let pool = options(dialect.pool_size()).connect(&url).await.context("connecting to the database")?;
        // SQLite: every writing transaction on one connection, whose page cache stays warm (a
        // connection drops its whole cache when it sees another connection's write).
        let writer = match dialect {
            Dialect::Sqlite => Some(options(1).connect(&url).await.context("connecting to the database")?),
            Dialect::Postgres => None,
        };
        Ok(Db { pool, writer, dialect, sqlite_file, write_gate: Arc::new(tokio::sync::Mutex::new(())) })
    }

    /// Applies the embedded migrations of this dialect.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.dialect {
            Dialect::Sqlite => sqlx::migrate!("migrations/sqlite"),
            Dialect::Postgres => sqlx::migrate!("migrations/postgres"),
        };
        migrator.run(&self.pool).await.context("applying database migrations")?;
        Ok(())
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// After an erasure: on SQLite, copies the write-ahead log into the database and empties it,
    /// so the old pages holding what was erased leave the WAL file too (best effort: a reader
    /// still on an old snapshot leaves it for the next checkpoint). PostgreSQL keeps dead rows
    /// until vacuum (see the README).
    pub async fn scrub_after_erasure(&self) {
        if self.dialect() == Dialect::Sqlite
            && let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(self.pool()).await
        {
            tracing::warn!(error = %e, "the checkpoint after an erasure did not run");
        }
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Starts a transaction that will write: on SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`) so that concurrent writers wait instead of failing with "busy".
    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        match self.dialect {
            Dialect::Sqlite => {
                let gate = self.write_gate.clone().lock_owned().await;
                let pool = self.writer.as_ref().unwrap_or(&self.pool);
                Ok(WriteTx { tx: pool.begin_with("BEGIN IMMEDIATE").await?, _gate: Some(gate) })
            }
            Dialect::Postgres => Ok(WriteTx { tx: self.pool.begin().await?, _gate: None }),
        }
    }

    /// SQLite: the database file, for a writer with its own connection ([`direct_sqlite`]).
    pub fn sqlite_file(&self) -> Option<&Path> {
        self.sqlite_file.as_deref()
    }

    /// The gate this instance's SQLite writers queue at (see [`Db::begin_write`]); a writer on
    /// its own thread takes it with `blocking_lock`.
    pub fn write_gate(&self) -> Arc<tokio::sync::Mutex<()>> {
        self.write_gate.clone()
    }

    /// Checks the database answers (readiness probe).
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }

    pub async fn close(&self) {
        if let Some(w) = &self.writer {
            w.close().await;
        }
        self.pool.close().await;
    }
}

/// The file path of an SQLite URL (`sqlite://path?options`).
fn sqlite_path(url: &str) -> &str {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    rest.split('?').next().unwrap_or("")
}

fn prepare_sqlite_url(url: &str) -> anyhow::Result<String> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = sqlite_path(url);
    if path.is_empty() || path == ":memory:" {
        anyhow::bail!("an SQLite DATABASE_URL needs a file path, e.g. sqlite://./data/declic.db");
    }
    if let Some(dir) = Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    Ok(if rest.contains("mode=") {
        format!("sqlite://{rest}")
    } else if rest.contains('?') {
        format!("sqlite://{rest}&mode=rwc")
    } else {
        format!("sqlite://{rest}?mode=rwc")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_rows_number_parameters_row_by_row() {
        assert_eq!(value_rows(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(value_rows(1, 1), "($1)");
        assert_eq!(value_rows(0, 4), "");
    }
}
