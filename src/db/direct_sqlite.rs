//! A direct SQLite connection for a writer that runs whole transactions on its own thread (the
//! vote writer): no hop to a driver thread per statement, so a batch of votes costs the time
//! SQLite takes, not a thread wake-up per statement on a loaded machine. Same file, same pragmas
//! and same statement texts as the sqlx pool ([`Stmt`]).

use std::collections::HashMap;
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use super::dialect::Dialect;
use super::statement::{Conn, DbError, Param, Row, Stmt};

/// Statements kept prepared (every padded length of every batch statement).
const PREPARED: usize = 256;

/// An open connection, used by one thread.
pub(crate) struct DirectSqlite {
    conn: rusqlite::Connection,
    /// Per statement text, SQLite's index of `$1`, `$2`, … (`None`: not in the text). Looking a
    /// name up scans the statement's parameters, which for a batch of a thousand is a thousand
    /// scans per statement: it is done once per text instead.
    indexes: HashMap<String, Vec<Option<usize>>>,
}

impl DirectSqlite {
    /// Opens the file for a writer whose commits never checkpoint the WAL (copying pages to the
    /// database file would stall every batch): [`spawn_checkpointer`] does it beside it.
    pub(crate) fn open(path: &Path) -> Result<Self, DbError> {
        let conn = rusqlite::Connection::open(path)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
             PRAGMA busy_timeout = 10000; PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -16384; \
             PRAGMA wal_autocheckpoint = 0;",
        )?;
        conn.set_prepared_statement_cache_capacity(PREPARED);
        Ok(DirectSqlite { conn, indexes: HashMap::new() })
    }

    /// Runs `work` in a transaction that holds the write lock from its start (`BEGIN
    /// IMMEDIATE`); commits when it succeeds, rolls back otherwise.
    pub(crate) fn write<T>(&mut self, work: impl FnOnce(&mut Self) -> Result<T, DbError>) -> Result<T, DbError> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        match work(self) {
            Ok(v) => match self.conn.execute_batch("COMMIT") {
                Ok(()) => Ok(v),
                Err(e) => {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    Err(e.into())
                }
            },
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    fn prepare(&mut self, stmt: &Stmt<'_>) -> Result<rusqlite::CachedStatement<'_>, DbError> {
        let mut prepared = self.conn.prepare_cached(stmt.sql())?;
        if !self.indexes.contains_key(stmt.sql()) {
            // `$n` may appear more than once and in any order: bound by its name.
            let found = (1..=stmt.params().len())
                .map(|n| prepared.parameter_index(&format!("${n}")))
                .collect::<Result<Vec<_>, _>>()?;
            self.indexes.insert(stmt.sql().to_string(), found);
        }
        let indexes = &self.indexes[stmt.sql()];
        for (p, index) in stmt.params().iter().zip(indexes) {
            let Some(index) = *index else { continue };
            match *p {
                Param::Int(v) => prepared.raw_bind_parameter(index, v)?,
                Param::Text(v) => prepared.raw_bind_parameter(index, v)?,
            }
        }
        Ok(prepared)
    }

    fn rows_now<R: Row>(&mut self, stmt: &Stmt<'_>) -> Result<Vec<R>, DbError> {
        let mut prepared = self.prepare(stmt)?;
        let mut rows = prepared.raw_query();
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(R::from_sqlite(row)?);
        }
        Ok(out)
    }

    fn exec_now(&mut self, stmt: &Stmt<'_>) -> Result<u64, DbError> {
        Ok(self.prepare(stmt)?.raw_execute()? as u64)
    }
}

/// Checkpoints the WAL (passive: never in a writer's way) every `every` on a thread and
/// connection of its own, until `stop`'s sender is dropped.
pub(crate) fn spawn_checkpointer(path: &Path, every: Duration, stop: Receiver<()>) -> anyhow::Result<()> {
    let conn = rusqlite::Connection::open(path)?;
    conn.execute_batch("PRAGMA busy_timeout = 10000;")?;
    std::thread::Builder::new().name("declic-checkpoint".into()).spawn(move || {
        while let Err(RecvTimeoutError::Timeout) = stop.recv_timeout(every) {
            if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                tracing::warn!(error = %e, "WAL checkpoint failed");
            }
        }
        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    })?;
    Ok(())
}

/// Runs at once: the future is ready when returned (a batch runs through
/// `futures::executor::block_on` on the writer's thread).
impl Conn for DirectSqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn rows<R: Row>(&mut self, stmt: Stmt<'_>) -> impl Future<Output = Result<Vec<R>, DbError>> + Send {
        std::future::ready(self.rows_now(&stmt))
    }

    fn exec(&mut self, stmt: Stmt<'_>) -> impl Future<Output = Result<u64, DbError>> + Send {
        std::future::ready(self.exec_now(&stmt))
    }
}
