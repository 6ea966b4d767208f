//! GDPR retention (`declic retention run`, and hourly in the server's housekeeping): for each
//! contest whose retention period has ended (see [`crate::domain::retention`]),
//!
//! 1. non-winning entries are purged: their original and renditions leave the blob store (unless
//!    a kept entry uses the same file), the row stays — hidden, without description or
//!    guardian's name — so the ranking, the vote totals and the results archive are unchanged;
//! 2. the vote log is anonymised: each voter who still has something live elsewhere has their
//!    votes in this contest moved to a new empty account of its own (so the contest's log still
//!    tells one voter's votes apart, and nothing ties them to the person); the others are erased
//!    with their votes kept (their row no longer says who they were); address, network and agent
//!    hashes, vote budgets, flag patterns and reporters' details are forgotten;
//! 3. participants of the contest with nothing else live (no entry or vote in a contest still
//!    within its period, no upload in progress, no unexpired session, not staff) are erased the
//!    way an account deletion erases them ([`db::users::erase`]), a winner keeping their credit.
//!
//! Every step is idempotent (a second run finds nothing to do) and safe with several instances;
//! each contest and each batch of erasures is audited (people by id only).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::clock;
use crate::db::{self, contests::ContestRow, contests::vote_log, users::Keep};
use crate::domain::hash::Blake3Hash;
use crate::domain::retention;
use crate::media::RENDITION_FILES;
use crate::state::AppState;
use crate::storage::BlobKey;

/// People looked at per transaction.
const BATCH: i64 = 200;
/// Votes whose hashes are cleared per transaction.
const HASH_BATCH: i64 = 5000;

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RetentionReport {
    /// Contests whose retention period had ended.
    pub contests_due: usize,
    /// Contests purged in this run (the others were already).
    pub contests_purged: usize,
    pub entries_purged: usize,
    /// Objects deleted from the blob store.
    pub files_deleted: usize,
    /// Votes moved to an anonymous account.
    pub votes_reassigned: u64,
    /// Votes whose address, network and agent hashes were forgotten.
    pub vote_hashes_cleared: u64,
    pub people_erased: usize,
}

impl RetentionReport {
    fn add(&mut self, o: &RetentionReport) {
        self.contests_purged += o.contests_purged;
        self.entries_purged += o.entries_purged;
        self.files_deleted += o.files_deleted;
        self.votes_reassigned += o.votes_reassigned;
        self.vote_hashes_cleared += o.vote_hashes_cleared;
        self.people_erased += o.people_erased;
    }

    /// The run in one line.
    pub fn summary(&self) -> String {
        format!(
            "retention: {} contests past their retention period, {} purged now; {} entries purged ({} files deleted); \
             {} votes moved to anonymous accounts, {} vote hashes cleared; {} people erased",
            self.contests_due,
            self.contests_purged,
            self.entries_purged,
            self.files_deleted,
            self.votes_reassigned,
            self.vote_hashes_cleared,
            self.people_erased
        )
    }
}

/// Applies the retention periods that have ended (see the module documentation).
#[tracing::instrument(skip_all)]
pub(crate) async fn run(state: &AppState) -> anyhow::Result<RetentionReport> {
    let now = clock::now();
    let contests = db::contests::list(state.db.pool()).await?;
    let due: Vec<&ContestRow> =
        contests.iter().filter(|c| retention::is_due(&c.schedule(), c.retention_days, now)).collect();
    let ended: Vec<i64> = due.iter().map(|c| c.id).collect();
    let mut report = RetentionReport { contests_due: due.len(), ..Default::default() };
    for c in due {
        let mut this = RetentionReport::default();
        if c.retention_done_at.is_none() {
            let files_gone = purge_entries(state, c, now, &mut this).await?;
            anonymise_votes(state, c, &ended, now, &mut this).await?;
            let mut tx = state.db.begin_write().await?;
            vote_log::forget_budgets_and_patterns(&mut tx, c.id).await?;
            let reports = db::reports::forget_reporters(&mut *tx, c.id).await?;
            if files_gone {
                // Files that could not be deleted now are tried again on the next run.
                db::contests::set_retention_done(&mut *tx, c.id, now).await?;
                this.contests_purged = 1;
            }
            let detail = serde_json::json!({
                "retention_days": c.retention_days,
                "entries_purged": this.entries_purged,
                "files_deleted": this.files_deleted,
                "votes_reassigned": this.votes_reassigned,
                "vote_hashes_cleared": this.vote_hashes_cleared,
                "reports_cleared": reports,
                "voters_erased": this.people_erased,
                "complete": files_gone,
            });
            db::audit::record(&mut tx, None, "contest.retention", &format!("contest:{}", c.id), &detail, now).await?;
            tx.commit().await?;
        }
        erase_authors(state, c, &ended, now, &mut this).await?;
        report.add(&this);
    }
    if report != (RetentionReport { contests_due: report.contests_due, ..Default::default() }) {
        tracing::info!(summary = report.summary(), "retention applied");
    }
    Ok(report)
}

/// What applying a contest's retention now would do, read without changing anything (`declic
/// retention run --dry-run`, and the contest's admin page).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RetentionPreview {
    /// Non-winning entries whose files would go.
    pub entries: usize,
    /// Originals deleted from the blob store (those no kept entry of any contest shares).
    pub originals: usize,
    /// Rendition files deleted with them.
    pub renditions: i64,
    /// Rows of the vote log anonymised.
    pub vote_rows: i64,
    /// People erased (voters and authors with nothing else live).
    pub people: usize,
}

impl RetentionPreview {
    /// The preview in one line.
    pub fn summary(&self) -> String {
        format!(
            "{} entries purged ({} originals, {} renditions deleted); {} vote log rows anonymised; {} people erased",
            self.entries, self.originals, self.renditions, self.vote_rows, self.people
        )
    }
}

/// What [`run`] would do to contest `c` at `now` if its retention period were over, with `ended`
/// the contests whose period is over (`c` counts as one of them).
pub(crate) async fn preview(
    state: &AppState,
    c: &ContestRow,
    ended: &[i64],
    now: i64,
) -> anyhow::Result<RetentionPreview> {
    let pool = state.db.pool();
    let mut ended = ended.to_vec();
    if !ended.contains(&c.id) {
        ended.push(c.id);
    }
    let mut out = RetentionPreview::default();
    if c.retention_done_at.is_none() {
        let winners = winners(state, c).await?;
        let mut purged_per_hash: HashMap<String, i64> = HashMap::new();
        for e in db::entries::of_contest(pool, c.id).await? {
            if e.purged_at.is_none() && !winners.contains(&e.id) {
                out.entries += 1;
                *purged_per_hash.entry(e.original_hash).or_default() += 1;
            }
        }
        for (hash, kept, renditions) in db::entries::originals_of_contest(pool, c.id).await? {
            let purged = purged_per_hash.get(&hash).copied().unwrap_or(0);
            if purged > 0 && kept <= purged {
                out.originals += 1;
                out.renditions += renditions;
            }
        }
        out.vote_rows = vote_log::count_to_anonymise(pool, c.id).await?;
    }
    let mut people: HashSet<i64> = HashSet::new();
    for list in [true, false] {
        let mut after = 0;
        loop {
            let ids = if list {
                vote_log::voters_not_erased(pool, c.id, after, BATCH).await?
            } else {
                db::entries::authors_not_erased(pool, c.id, after, BATCH).await?
            };
            let Some(&last) = ids.last() else { break };
            after = last;
            let live = db::users::still_live(pool, &ids, &ended, now).await?;
            people.extend(ids.into_iter().filter(|id| !live.contains(id)));
        }
    }
    out.people = people.len();
    Ok(out)
}

/// What a run would do now, contest by contest, without changing anything.
pub(crate) async fn dry_run(state: &AppState) -> anyhow::Result<Vec<(ContestRow, RetentionPreview)>> {
    let now = clock::now();
    let contests = db::contests::list(state.db.pool()).await?;
    let due: Vec<ContestRow> =
        contests.into_iter().filter(|c| retention::is_due(&c.schedule(), c.retention_days, now)).collect();
    let ended: Vec<i64> = due.iter().map(|c| c.id).collect();
    let mut out = Vec::new();
    for c in due {
        let p = preview(state, &c, &ended, now).await?;
        out.push((c, p));
    }
    Ok(out)
}

/// Every contest whose retention period is over at `now` (their ids).
pub(crate) async fn ended_contests(state: &AppState, now: i64) -> anyhow::Result<Vec<i64>> {
    Ok(db::contests::list(state.db.pool())
        .await?
        .iter()
        .filter(|c| retention::is_due(&c.schedule(), c.retention_days, now))
        .map(|c| c.id)
        .collect())
}

/// The entries whose files stay: on a cover slot, or placed within the first K of the final
/// ranking (K = cover slots, at least 1; ties at the cut included).
pub(crate) async fn winners(state: &AppState, c: &ContestRow) -> anyhow::Result<HashSet<i64>> {
    let slots = db::covers::list(state.db.pool(), c.id).await?;
    let mut winners: HashSet<i64> = slots.iter().filter_map(|s| s.winner_entry_id).collect();
    let k = retention::ranked_winners(slots.len());
    let ranking = crate::services::results::final_ranking_of(state, c).await.map_err(|e| anyhow::anyhow!(e.message))?;
    winners.extend(ranking.iter().filter(|r| r.rank <= k).map(|r| r.entry_id));
    Ok(winners)
}

/// Purges every non-winning entry of the contest; false if some file could not be deleted.
async fn purge_entries(
    state: &AppState,
    c: &ContestRow,
    now: i64,
    report: &mut RetentionReport,
) -> anyhow::Result<bool> {
    let winners = winners(state, c).await?;
    let mut all_gone = true;
    for e in db::entries::of_contest(state.db.pool(), c.id).await? {
        if winners.contains(&e.id) {
            continue;
        }
        let mut tx = state.db.begin_write().await?;
        let newly = db::entries::purge(&mut tx, e.id, now).await?;
        tx.commit().await?;
        crate::services::publication::sync(state, &e.original_hash).await;
        if newly {
            report.entries_purged += 1;
        }
        // The files go once no kept entry (of any contest) uses the same original.
        let Ok(hash) = Blake3Hash::parse(&e.original_hash) else { continue };
        if db::entries::count_kept_with_original(state.db.pool(), hash.as_str()).await? > 0 {
            continue;
        }
        let keys = RENDITION_FILES.iter().filter_map(|f| BlobKey::rendition(&hash, f));
        for key in keys.chain([BlobKey::original(&hash)]) {
            match state.storage.exists(&key).await {
                Ok(false) => {}
                Ok(true) => match state.storage.delete(&key).await {
                    Ok(()) => report.files_deleted += 1,
                    Err(e) => {
                        tracing::warn!(key = key.as_str(), error = %e, "retention: file left for the next run");
                        all_gone = false;
                    }
                },
                Err(e) => {
                    tracing::warn!(key = key.as_str(), error = %e, "retention: file left for the next run");
                    all_gone = false;
                }
            }
        }
    }
    Ok(all_gone)
}

/// Anonymises the contest's vote log (see the module documentation).
async fn anonymise_votes(
    state: &AppState,
    c: &ContestRow,
    ended: &[i64],
    now: i64,
    report: &mut RetentionReport,
) -> anyhow::Result<()> {
    let pool = state.db.pool();
    let mut after = 0;
    loop {
        let voters = vote_log::voters_not_erased(pool, c.id, after, BATCH).await?;
        let Some(&last) = voters.last() else { break };
        after = last;
        let live = db::users::still_live(pool, &voters, ended, now).await?;
        let people: HashMap<i64, db::users::User> =
            db::users::find_many(pool, &voters).await?.into_iter().map(|u| (u.id, u)).collect();
        let mut erased = Vec::new();
        let mut tx = state.db.begin_write().await?;
        for v in &voters {
            if live.contains(v) {
                let anonymous = db::users::insert_anonymous(&mut *tx, now).await?;
                report.votes_reassigned += vote_log::reassign(&mut *tx, c.id, *v, anonymous).await?;
            } else if let Some(person) = people.get(v) {
                let keep = Keep { credit: db::entries::count_kept_of(&mut *tx, *v).await? > 0, votes: true };
                if db::users::erase(&mut tx, person, keep, now).await? {
                    erased.push(*v);
                }
            }
        }
        audit_erasures(&mut tx, c, "voters", &erased, now).await?;
        tx.commit().await?;
        forget(state, &erased, report);
    }
    loop {
        let mut tx = state.db.begin_write().await?;
        let cleared = vote_log::clear_hashes(&mut *tx, c.id, HASH_BATCH).await?;
        tx.commit().await?;
        report.vote_hashes_cleared += cleared;
        if cleared == 0 {
            return Ok(());
        }
    }
}

/// Erases the contest's authors who have nothing else live.
async fn erase_authors(
    state: &AppState,
    c: &ContestRow,
    ended: &[i64],
    now: i64,
    report: &mut RetentionReport,
) -> anyhow::Result<()> {
    let pool = state.db.pool();
    let mut after = 0;
    loop {
        let authors = db::entries::authors_not_erased(pool, c.id, after, BATCH).await?;
        let Some(&last) = authors.last() else { return Ok(()) };
        after = last;
        let live = db::users::still_live(pool, &authors, ended, now).await?;
        let gone: Vec<i64> = authors.into_iter().filter(|a| !live.contains(a)).collect();
        if gone.is_empty() {
            continue;
        }
        let mut erased = Vec::new();
        let mut tx = state.db.begin_write().await?;
        for person in db::users::find_many(pool, &gone).await? {
            let keep = Keep { credit: db::entries::count_kept_of(&mut *tx, person.id).await? > 0, votes: true };
            if db::users::erase(&mut tx, &person, keep, now).await? {
                erased.push(person.id);
            }
        }
        audit_erasures(&mut tx, c, "authors", &erased, now).await?;
        tx.commit().await?;
        forget(state, &erased, report);
    }
}

/// One audit line for a batch of people erased by retention (by id only).
async fn audit_erasures(
    tx: &mut sqlx::AnyConnection,
    c: &ContestRow,
    who: &str,
    erased: &[i64],
    now: i64,
) -> Result<(), sqlx::Error> {
    if erased.is_empty() {
        return Ok(());
    }
    let detail = serde_json::json!({ "contest": c.id, "as": who, "users": erased });
    db::audit::record(tx, None, "retention.erase", &format!("contest:{}", c.id), &detail, now).await
}

fn forget(state: &AppState, erased: &[i64], report: &mut RetentionReport) {
    for id in erased {
        state.lookups.forget_user(*id);
    }
    report.people_erased += erased.len();
}
