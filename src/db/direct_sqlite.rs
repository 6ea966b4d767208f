//! A direct SQLite connection for a writer that runs whole transactions on its own thread (the
//! vote writer): no hop to a driver thread per statement, so a batch of votes costs the time
//! SQLite takes, not a thread wake-up per statement on a loaded machine. Same file, same pragmas
//! and same statement texts as the sqlx pool ([`Stmt`]).

use std::path::Path;

use super::statement::{Conn, DbError, Param, Row, Stmt};

/// Statements kept prepared (every padded length of every batch statement).
const PREPARED: usize = 256;

/// An open connection, used by one thread.
pub struct DirectSqlite {
    conn: rusqlite::Connection,
}

impl DirectSqlite {
    pub fn open(path: &Path) -> Result<Self, DbError> {
        let conn = rusqlite::Connection::open(path)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
             PRAGMA busy_timeout = 10000; PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -16384;",
        )?;
        conn.set_prepared_statement_cache_capacity(PREPARED);
        Ok(DirectSqlite { conn })
    }

    /// Runs `work` in a transaction that holds the write lock from its start (`BEGIN
    /// IMMEDIATE`); commits when it succeeds, rolls back otherwise.
    pub fn write<T>(&mut self, work: impl FnOnce(&mut Self) -> Result<T, DbError>) -> Result<T, DbError> {
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

    fn prepare(&self, stmt: &Stmt<'_>) -> Result<rusqlite::CachedStatement<'_>, DbError> {
        let mut prepared = self.conn.prepare_cached(stmt.sql())?;
        for (i, p) in stmt.params().iter().enumerate() {
            // `$n` may appear more than once and in any order: bind it by its name.
            let Some(index) = prepared.parameter_index(&format!("${}", i + 1))? else { continue };
            match *p {
                Param::Int(v) => prepared.raw_bind_parameter(index, v)?,
                Param::Text(v) => prepared.raw_bind_parameter(index, v)?,
            }
        }
        Ok(prepared)
    }

    fn rows_now<R: Row>(&self, stmt: &Stmt<'_>) -> Result<Vec<R>, DbError> {
        let mut prepared = self.prepare(stmt)?;
        let mut rows = prepared.raw_query();
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(R::from_sqlite(row)?);
        }
        Ok(out)
    }

    fn exec_now(&self, stmt: &Stmt<'_>) -> Result<u64, DbError> {
        Ok(self.prepare(stmt)?.raw_execute()? as u64)
    }
}

/// Runs at once: the future is ready when returned (a batch runs through
/// `futures::executor::block_on` on the writer's thread).
impl Conn for DirectSqlite {
    fn rows<R: Row>(&mut self, stmt: Stmt<'_>) -> impl Future<Output = Result<Vec<R>, DbError>> + Send {
        std::future::ready(self.rows_now(&stmt))
    }

    fn exec(&mut self, stmt: Stmt<'_>) -> impl Future<Output = Result<u64, DbError>> + Send {
        std::future::ready(self.exec_now(&stmt))
    }
}
