//! The real differences between SQLite and PostgreSQL, in one place: connection pragmas,
//! pool sizes and job claiming (`FOR UPDATE SKIP LOCKED`).

use sqlx::AnyConnection;
use sqlx::Executor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub fn of_url(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Dialect::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Dialect::Postgres)
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite:// or postgres://")
        }
    }

    pub fn pool_size(self) -> u32 {
        match self {
            Dialect::Sqlite => 8,
            Dialect::Postgres => 16,
        }
    }

    /// Runs once on every new connection.
    pub async fn prepare_connection(self, conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
        if self == Dialect::Sqlite {
            conn.execute("PRAGMA journal_mode = WAL").await?;
            conn.execute("PRAGMA synchronous = NORMAL").await?;
            conn.execute("PRAGMA foreign_keys = ON").await?;
            conn.execute("PRAGMA busy_timeout = 10000").await?;
            // Each write makes every other connection drop its page cache; reading the file
            // through a memory map instead of one read() per page keeps that cheap.
            conn.execute("PRAGMA mmap_size = 1073741824").await?;
            conn.execute("PRAGMA cache_size = -16384").await?;
            // What is deleted (an erased person's address, say) is overwritten with zeros, not
            // left in free pages; the vote writer's own connection keeps the default (votes are
            // inserted, never erased there).
            conn.execute("PRAGMA secure_delete = ON").await?;
        }
        Ok(())
    }

    /// Claims the next runnable job (queued and due, or running with an expired lease).
    /// Binds: `$1` worker id, `$2` lease end, `$3` now.
    pub fn claim_job_sql(self) -> &'static str {
        match self {
            Dialect::Sqlite => {
                "UPDATE jobs SET status = 'running', locked_by = $1, locked_until = $2, attempts = attempts + 1, updated_at = $3 \
                 WHERE id = (SELECT id FROM jobs WHERE (status = 'queued' AND run_at <= $3) OR (status = 'running' AND locked_until < $3) \
                 ORDER BY run_at, id LIMIT 1) \
                 RETURNING id, kind, payload, attempts, max_attempts, failures"
            }
            Dialect::Postgres => {
                "UPDATE jobs SET status = 'running', locked_by = $1, locked_until = $2, attempts = attempts + 1, updated_at = $3 \
                 WHERE id = (SELECT id FROM jobs WHERE (status = 'queued' AND run_at <= $3) OR (status = 'running' AND locked_until < $3) \
                 ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) \
                 RETURNING id, kind, payload, attempts, max_attempts, failures"
            }
        }
    }
}
