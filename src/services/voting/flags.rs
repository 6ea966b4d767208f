//! Staff review of suspicious votes: a contest's flags (what pattern, which entry, how many
//! votes), and the decision to include their votes in the count or exclude them. Nothing is
//! deleted; every decision is in the audit log with the counts before and after.

use serde::Serialize;
use utoipa::ToSchema;

use crate::clock;
use crate::db::{self, contests::ContestRow, users::User, votes::FlagRow};
use crate::domain::role::Capability;
use crate::domain::voting::{FlagDecision, FlagKind};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// A group of votes held back for review.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct FlagView {
    pub id: i64,
    pub entry_id: i64,
    pub entry_title: String,
    /// What the votes share: `network`, `new_accounts` or `agent`.
    pub kind: FlagKind,
    /// The shared value's keyed hash, shortened (never an address or a user agent).
    pub pattern: String,
    /// `open`, `included` or `excluded`.
    pub status: String,
    /// Votes the flag holds.
    pub votes: i64,
    pub opened_at: String,
    pub last_vote_at: String,
    pub reviewed_at: Option<String>,
}

impl From<&FlagRow> for FlagView {
    fn from(f: &FlagRow) -> Self {
        FlagView {
            id: f.id,
            entry_id: f.entry_id,
            entry_title: f.entry_title.clone(),
            kind: FlagKind::from_stored(&f.kind),
            pattern: f.pattern.chars().take(8).collect(),
            status: f.status.clone(),
            votes: f.votes,
            opened_at: clock::rfc3339(f.opened_at),
            last_vote_at: clock::rfc3339(f.last_vote_at),
            reviewed_at: f.reviewed_at.map(clock::rfc3339),
        }
    }
}

/// A contest's flags, open ones first (moderators and admins).
pub(crate) async fn list(state: &AppState, by: &User, contest: &ContestRow) -> AppResult<Vec<FlagRow>> {
    if !by.role.can(Capability::Moderate) {
        return Err(AppError::forbidden());
    }
    Ok(db::votes::flags(state.db.pool(), contest.id).await?)
}

/// Includes or excludes a flag's votes (again, if staff change their mind); returns the flag.
pub(crate) async fn review(state: &AppState, by: &User, flag_id: i64, decision: FlagDecision) -> AppResult<FlagRow> {
    if !by.role.can(Capability::Moderate) {
        return Err(AppError::forbidden());
    }
    let not_found = || AppError::not_found("flag_not_found", "there is no such group of suspicious votes");
    let flag = db::votes::flag(state.db.pool(), flag_id).await?.ok_or_else(not_found)?;
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    let (before, after) =
        db::votes::review_flag(&mut tx, &flag, decision.status(), decision.vote_state(), by.id, now).await?;
    db::audit::record(
        &mut tx,
        Some(by.id),
        match decision {
            FlagDecision::Include => "votes.include",
            FlagDecision::Exclude => "votes.exclude",
        },
        &format!("vote_flag:{}", flag.id),
        &serde_json::json!({
            "entry_id": flag.entry_id,
            "kind": flag.kind,
            "votes": flag.votes,
            "before": { "status": flag.status, "counted": before },
            "after": { "status": decision.status(), "counted": after },
        }),
        now,
    )
    .await?;
    tx.commit().await?;
    db::votes::flag(state.db.pool(), flag_id).await?.ok_or_else(not_found)
}
