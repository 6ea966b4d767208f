//! Checking the audit log's hash chain (`declic audit verify`, the staff API and the admin page):
//! a walk in `seq` order a page at a time (memory stays bounded however long the log), then the
//! head and the lines outside the chain.

use crate::db::{self, Db, users::User};
use crate::domain::audit::{ChainCheck, ChainReport};
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Lines read per query.
const PAGE: i64 = 1000;

/// Walks the whole chain and says whether it is intact, or where it first breaks.
pub async fn verify(db: &Db) -> Result<ChainReport, sqlx::Error> {
    let pool = db.pool();
    let mut check = ChainCheck::new();
    let mut after = 0;
    loop {
        let rows = db::audit::page(pool, after, PAGE).await?;
        if rows.is_empty() {
            // Lines appended while walking are read too: the head is read once the walk has
            // caught up with it (a head ahead of the last line read means lines are missing).
            let (head_seq, head_hash) = db::audit::head(pool).await?;
            if head_seq > after && !db::audit::page(pool, after, 1).await?.is_empty() {
                continue;
            }
            let unsealed = db::audit::first_unsealed(pool).await?;
            return Ok(check.finish(head_seq, &head_hash, unsealed));
        }
        for row in &rows {
            check.push(&row.line(), row.hash.as_deref().unwrap_or_default());
        }
        after = rows.last().and_then(|r| r.seq).unwrap_or(after);
        if check.is_broken() {
            let (head_seq, head_hash) = db::audit::head(pool).await?;
            return Ok(check.finish(head_seq, &head_hash, None));
        }
    }
}

/// [`verify`] for staff (admins).
pub(crate) async fn verify_as(state: &AppState, by: &User) -> AppResult<ChainReport> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    Ok(verify(&state.db).await?)
}
