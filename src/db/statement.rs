//! One statement and its parameters, run alike on an sqlx connection or on a direct SQLite
//! connection (the SQLite vote writer runs a whole batch on its own thread, see
//! [`super::direct_sqlite`]). Parameters are written `$1`, `$2`, … and bound by that number.

use std::future::Future;

use sqlx::any::AnyRow;

use super::dialect::Dialect;

/// A bound value.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Param<'a> {
    Int(i64),
    Text(&'a str),
}

/// A statement with its parameters, `$1` first.
#[derive(Debug)]
pub(crate) struct Stmt<'a> {
    sql: String,
    params: Vec<Param<'a>>,
}

impl<'a> Stmt<'a> {
    pub(crate) fn new(sql: impl Into<String>) -> Self {
        Stmt { sql: sql.into(), params: Vec::new() }
    }

    pub(crate) fn int(self, v: i64) -> Self {
        self.param(Param::Int(v))
    }

    pub(crate) fn text(self, v: &'a str) -> Self {
        self.param(Param::Text(v))
    }

    pub(crate) fn param(mut self, p: Param<'a>) -> Self {
        self.params.push(p);
        self
    }

    pub(crate) fn sql(&self) -> &str {
        &self.sql
    }

    pub(crate) fn params(&self) -> &[Param<'a>] {
        &self.params
    }
}

/// A database error from either connection kind.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DbError {
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// A batch meant to run at once on a direct connection waited (a bug).
    #[error("a statement on a direct SQLite connection did not complete at once")]
    Pending,
}

impl DbError {
    /// A deadlock between instances (PostgreSQL), a busy database, or a connection the server
    /// dropped (restarted, or ended by an administrator; a kept connection is replaced after a
    /// failure, see [`super::held`]): worth trying again.
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            DbError::Sqlx(e) if is_connection_lost(e) => true,
            DbError::Sqlx(sqlx::Error::Database(d)) => {
                matches!(d.code().as_deref(), Some("40P01" | "40001" | "517"))
                    || d.message().contains("database is locked")
            }
            DbError::Sqlx(_) => false,
            DbError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => {
                matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            }
            DbError::Sqlite(_) | DbError::Pending => false,
        }
    }
}

/// Whether the database could not be reached or dropped the connection (a restart, a failover, a
/// full pool, a busy SQLite file): the request may simply be tried again, unlike a bug or a
/// violated constraint.
pub(crate) fn is_connection_lost(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Protocol(_) => true,
        // PostgreSQL: connection exceptions (08…), shutting down or starting up (57P01-57P03),
        // too many connections (53300); SQLite: the file is busy past the timeout (5), locked (6).
        sqlx::Error::Database(d) => d.code().is_some_and(|c| {
            c.starts_with("08") || matches!(c.as_ref(), "57P01" | "57P02" | "57P03" | "53300" | "5" | "6")
        }),
        _ => false,
    }
}

/// A result row both connection kinds can decode (tuples of integers and strings).
pub(crate) trait Row: Sized + Send + Unpin + for<'r> sqlx::FromRow<'r, AnyRow> {
    fn from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self>;
}

macro_rules! tuple_row {
    ($($t:ident $i:tt),+) => {
        impl<$($t),+> Row for ($($t,)+)
        where
            $($t: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any> + rusqlite::types::FromSql + Send + Unpin,)+
        {
            fn from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
                Ok(($(row.get::<_, $t>($i)?,)+))
            }
        }
    };
}
tuple_row!(A 0);
tuple_row!(A 0, B 1);
tuple_row!(A 0, B 1, C 2);
tuple_row!(A 0, B 1, C 2, D 3);
tuple_row!(A 0, B 1, C 2, D 3, E 4);

/// A connection (inside a transaction) that runs [`Stmt`]s.
pub(crate) trait Conn {
    /// The database the connection talks to.
    fn dialect(&self) -> Dialect;
    /// Runs a statement that returns rows.
    fn rows<R: Row>(&mut self, stmt: Stmt<'_>) -> impl Future<Output = Result<Vec<R>, DbError>> + Send;
    /// Runs a statement; returns the rows it changed.
    fn exec(&mut self, stmt: Stmt<'_>) -> impl Future<Output = Result<u64, DbError>> + Send;
}

fn sqlx_args<'q>(params: &[Param<'q>]) -> sqlx::any::AnyArguments {
    use sqlx::Arguments;
    let mut args = sqlx::any::AnyArguments::default();
    for p in params {
        // Adding an integer or a string to `Any` arguments cannot fail.
        let _ = match *p {
            Param::Int(v) => args.add(v),
            Param::Text(v) => args.add(v.to_string()),
        };
    }
    args
}

impl Conn for sqlx::AnyConnection {
    fn dialect(&self) -> Dialect {
        if self.backend_name() == "PostgreSQL" { Dialect::Postgres } else { Dialect::Sqlite }
    }

    fn rows<R: Row>(&mut self, stmt: Stmt<'_>) -> impl Future<Output = Result<Vec<R>, DbError>> + Send {
        let args = sqlx_args(&stmt.params);
        async move { Ok(sqlx::query_as_with::<_, R, _>(sqlx::AssertSqlSafe(stmt.sql), args).fetch_all(&mut *self).await?) }
    }

    fn exec(&mut self, stmt: Stmt<'_>) -> impl Future<Output = Result<u64, DbError>> + Send {
        let args = sqlx_args(&stmt.params);
        async move { Ok(sqlx::query_with(sqlx::AssertSqlSafe(stmt.sql), args).execute(&mut *self).await?.rows_affected()) }
    }
}
