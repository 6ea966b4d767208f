//! A pool connection that a long-lived worker (a vote writer, a session reader) keeps from one
//! task to the next, instead of taking whichever of the pool's connections comes next: its
//! statements stay prepared and, on PostgreSQL, its server process stays warm in the CPU caches
//! (the pool hands its idle connections round in turn, so a busy worker kept every server process
//! of the pool half-cold). It is detached from the pool, which may open another in its place and
//! need not wait for it when it closes. A connection whose task failed is closed and replaced at
//! the next task.

use sqlx::{AnyConnection, Connection};

use super::Db;

pub(crate) struct HeldConnection {
    db: Db,
    conn: Option<AnyConnection>,
}

impl HeldConnection {
    /// Takes no connection yet: the first task does.
    pub(crate) fn new(db: Db) -> HeldConnection {
        HeldConnection { db, conn: None }
    }

    /// The held connection, taken from the pool when there is none.
    pub(crate) async fn get(&mut self) -> Result<&mut AnyConnection, sqlx::Error> {
        let conn = match self.conn.take() {
            Some(conn) => conn,
            None => self.db.pool().acquire().await?.detach(),
        };
        Ok(self.conn.insert(conn))
    }

    /// Passes a task's result on; after a failure the connection is closed (it may be the cause).
    pub(crate) async fn settle<T, E>(&mut self, result: Result<T, E>) -> Result<T, E> {
        if result.is_err()
            && let Some(conn) = self.conn.take()
        {
            let _ = conn.close().await;
        }
        result
    }
}
