//! Public votes: verified accounts, during the voting phase, once per entry, never for one's own photo.

use crate::app::AppState;
use crate::clock;
use crate::db::{self, entries::EntryRow, users::User};
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};

/// An approved entry, or 404 (other entries are not public).
pub async fn public_entry(state: &AppState, entry_id: i64) -> AppResult<EntryRow> {
    db::entries::find(state.db.pool(), entry_id)
        .await?
        .filter(|e| e.is_public())
        .ok_or_else(|| AppError::not_found("entry_not_found", "there is no such photo in the gallery"))
}

/// Where a vote comes from (kept in the vote log as keyed hashes only).
pub struct VoteOrigin {
    pub ip: std::net::IpAddr,
    pub user_agent: String,
}

/// Records a vote (once per voter and entry); returns the entry's votes.
pub async fn vote(state: &AppState, voter: &User, entry_id: i64, origin: &VoteOrigin) -> AppResult<i64> {
    if !voter.role.can(Capability::Participate) {
        return Err(AppError::forbidden());
    }
    // Loose per address (a carrier's phones share one), tighter per account.
    state.limits.check_vote(origin.ip, voter.id)?;
    let entry = public_entry(state, entry_id).await?;
    let contest = db::contests::find(state.db.pool(), entry.contest_id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("entry without contest")))?;
    let now = clock::now();
    if !contest.schedule().accepts_votes(now) {
        return Err(AppError::conflict("voting_closed", "the public vote is not open at the moment"));
    }
    if entry.participant_id == voter.id {
        return Err(AppError::new(
            axum::http::StatusCode::FORBIDDEN,
            "own_entry",
            "you cannot vote for your own photo",
        ));
    }
    let mut tx = state.db.begin_write().await?;
    let vote = db::votes::NewVote {
        entry_id,
        voter_id: voter.id,
        ip_hash: &state.keys.hash_client(origin.ip),
        ua_hash: &state.keys.hash_agent(&origin.user_agent),
        now,
    };
    if !db::votes::insert(&mut *tx, &vote).await? {
        return Err(AppError::conflict("already_voted", "you have already voted for this photo"));
    }
    db::entries::add_vote(&mut *tx, entry_id).await?;
    tx.commit().await?;
    metrics::counter!("declic_votes_total").increment(1);
    Ok(db::votes::count_for_entry(state.db.pool(), entry_id).await?)
}

/// Recounts every entry's votes from the log; repairs the kept counts unless `dry_run`.
/// Returns the entries that differed: (entry, kept, counted).
pub async fn recount(state: &AppState, dry_run: bool) -> anyhow::Result<Vec<(i64, i64, i64)>> {
    let wrong = db::votes::miscounted(state.db.pool()).await?;
    if !dry_run {
        for (entry, _, _) in &wrong {
            db::votes::recount(state.db.pool(), *entry).await?;
        }
    }
    Ok(wrong)
}
