//! Jury scoring: jurors only, during the jury phase, approved entries, 1 to 10; saved at once.

use crate::app::AppState;
use crate::clock;
use crate::db::{self, users::User};
use crate::domain::role::Capability;
use crate::domain::score::Score;
use crate::error::{AppError, AppResult};

pub async fn score(state: &AppState, juror: &User, entry_id: i64, score: Score) -> AppResult<()> {
    if !juror.role.can(Capability::Judge) {
        return Err(AppError::forbidden());
    }
    let entry = super::voting::public_entry(state, entry_id).await?;
    let contest = db::contests::find(state.db.pool(), entry.contest_id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("entry without contest")))?;
    if !contest.schedule().accepts_scores(clock::now()) {
        return Err(AppError::conflict("jury_closed", "jury scoring is not open at the moment"));
    }
    db::scores::upsert(state.db.pool(), entry_id, juror.id, score.value(), clock::now()).await?;
    Ok(())
}
