//! Group commit for votes: requests queue to one writer per instance, which writes whatever has
//! queued while the previous batch was written in one transaction, a few statements for the
//! whole batch (challenges spent, votes logged, kept totals, suspicion counts), then answers each
//! request. Under load, a vote costs a fraction of a statement instead of a transaction.

use std::collections::{HashMap, HashSet};

use tokio::sync::{mpsc, oneshot};

use crate::db::{self, Db};
use crate::domain::pow::Spent;
use crate::domain::voting::{FlagKind, Suspicion};
use crate::error::{AppError, AppResult};

/// The most votes written in one transaction.
const MAX_BATCH: usize = 512;
/// Votes waiting for the writer, beyond which requests wait to queue.
const QUEUE: usize = 8192;
/// Attempts of a batch that met a deadlock or a busy database.
const ATTEMPTS: usize = 4;

/// A vote that passed every check that needs no writing.
#[derive(Debug, Clone)]
pub struct VoteRequest {
    pub contest_id: i64,
    pub entry_id: i64,
    pub voter_id: i64,
    pub ip_hash: String,
    pub net_hash: String,
    pub ua_hash: String,
    pub day: i64,
    pub now: i64,
    /// Votes allowed to the voter (per contest or per day), if the contest counts them.
    pub budget: Option<i64>,
    pub suspicion: Suspicion,
    pub pow: Spent,
}

/// Why a vote was not recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    PowReplayed,
    AlreadyVoted,
    NoVotesLeft,
}

/// A recorded vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// The entry's kept total after the batch.
    pub kept: i64,
    /// Votes on the entry that went to quarantine in this batch.
    pub quarantined: u64,
    /// Votes used from the budget, when the contest counts them.
    pub used: Option<i64>,
}

type Outcome = Result<Written, Refusal>;

struct Job {
    request: VoteRequest,
    reply: oneshot::Sender<AppResult<Outcome>>,
}

/// The queue to this instance's vote writer (cheap to clone).
#[derive(Clone)]
pub struct VoteWriter {
    jobs: mpsc::Sender<Job>,
}

impl VoteWriter {
    /// Starts the writer; it stops when the last handle is dropped.
    pub fn spawn(db: Db) -> VoteWriter {
        let (jobs, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(db, rx));
        VoteWriter { jobs }
    }

    /// Writes a vote (with others queued at the same time) and says how it went.
    pub async fn write(&self, request: VoteRequest) -> AppResult<Outcome> {
        let (reply, answer) = oneshot::channel();
        let stopped = || AppError::internal(anyhow::anyhow!("the vote writer has stopped"));
        self.jobs.send(Job { request, reply }).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

async fn run(db: Db, mut rx: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        metrics::histogram!("declic_vote_batch_size").record(batch.len() as f64);
        let requests: Vec<&VoteRequest> = batch.iter().map(|j| &j.request).collect();
        let outcomes: Vec<Result<Outcome, sqlx::Error>> = match write_with_retries(&db, &requests).await {
            Ok(outcomes) => outcomes.into_iter().map(Ok).collect(),
            // One vote the database refuses (its photo was withdrawn a moment ago, say) must not
            // sink the others: each is written on its own.
            Err(_) if requests.len() > 1 => {
                let mut each = Vec::with_capacity(requests.len());
                for r in &requests {
                    each.push(write_with_retries(&db, &[*r]).await.map(|mut o| o.remove(0)));
                }
                each
            }
            Err(e) => vec![Err(e)],
        };
        for (job, outcome) in batch.drain(..).zip(outcomes) {
            let _ = job.reply.send(outcome.map_err(|e| {
                tracing::error!(error = %e, entry = job.request.entry_id, "a vote could not be written");
                AppError::internal(anyhow::anyhow!("the vote could not be saved"))
            }));
        }
    }
}

/// Writes a batch, again when it met a deadlock or a busy database.
async fn write_with_retries(db: &Db, requests: &[&VoteRequest]) -> Result<Vec<Outcome>, sqlx::Error> {
    let mut result = write_batch(db, requests).await;
    for _ in 1..ATTEMPTS {
        match &result {
            Err(e) if is_transient(e) => result = write_batch(db, requests).await,
            _ => break,
        }
    }
    result
}

/// A deadlock between instances (PostgreSQL) or a busy database: worth writing the batch again.
fn is_transient(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => {
            matches!(d.code().as_deref(), Some("40P01" | "40001" | "5" | "6" | "517"))
                || d.message().contains("database is locked")
        }
        _ => false,
    }
}

/// Writes a batch in one transaction; one outcome per request, in order.
async fn write_batch(db: &Db, requests: &[&VoteRequest]) -> Result<Vec<Outcome>, sqlx::Error> {
    let mut outcomes: Vec<Option<Outcome>> = vec![None; requests.len()];
    // Within the batch, a challenge or a (voter, entry, day) seen twice is refused the second time.
    let mut challenges = HashSet::new();
    let mut keys = HashSet::new();
    for (i, r) in requests.iter().enumerate() {
        if !challenges.insert(r.pow.challenge.as_str()) {
            outcomes[i] = Some(Err(Refusal::PowReplayed));
        } else if !keys.insert((r.entry_id, r.voter_id, r.day)) {
            outcomes[i] = Some(Err(Refusal::AlreadyVoted));
        }
    }
    let pending = |outcomes: &[Option<Outcome>]| -> Vec<usize> {
        outcomes.iter().enumerate().filter(|(_, o)| o.is_none()).map(|(i, _)| i).collect()
    };
    let mut tx = db.begin_write().await?;

    let live = pending(&outcomes);
    let spends: Vec<&Spent> = live.iter().map(|&i| &requests[i].pow).collect();
    let fresh = db::pow::spend_many(&mut tx, &spends).await?;
    for &i in &live {
        if !fresh.contains(&requests[i].pow.challenge) {
            outcomes[i] = Some(Err(Refusal::PowReplayed));
        }
    }

    let live = pending(&outcomes);
    let votes: Vec<db::votes::NewVote<'_>> = live
        .iter()
        .map(|&i| {
            let r = requests[i];
            db::votes::NewVote {
                entry_id: r.entry_id,
                voter_id: r.voter_id,
                ip_hash: &r.ip_hash,
                net_hash: &r.net_hash,
                ua_hash: &r.ua_hash,
                day: r.day,
                now: r.now,
            }
        })
        .collect();
    let inserted = db::votes::insert_many(&mut tx, &votes.iter().collect::<Vec<_>>()).await?;
    let mut used: HashMap<usize, i64> = HashMap::new();
    for &i in &live {
        let r = requests[i];
        if !inserted.contains_key(&(r.entry_id, r.voter_id, r.day)) {
            outcomes[i] = Some(Err(Refusal::AlreadyVoted));
            continue;
        }
        // Budgets are taken one vote at a time, in order (a voter rarely votes twice in a batch).
        if let Some(budget) = r.budget {
            match db::votes::spend_budget(&mut *tx, r.contest_id, r.voter_id, r.day, budget).await? {
                Some(u) => {
                    used.insert(i, u);
                }
                None => {
                    db::votes::delete(&mut *tx, r.entry_id, r.voter_id, r.day).await?;
                    outcomes[i] = Some(Err(Refusal::NoVotesLeft));
                }
            }
        }
    }
    // A refused vote does not use up its challenge.
    let refunded: Vec<&str> = live
        .iter()
        .filter(|&&i| matches!(outcomes[i], Some(Err(Refusal::AlreadyVoted | Refusal::NoVotesLeft))))
        .map(|&i| requests[i].pow.challenge.as_str())
        .collect();
    if !refunded.is_empty() {
        db::pow::unspend_many(&mut tx, &refunded).await?;
    }

    let recorded = pending(&outcomes);
    let mut added: HashMap<i64, i64> = HashMap::new();
    for &i in &recorded {
        *added.entry(requests[i].entry_id).or_default() += 1;
    }
    let mut added: Vec<(i64, i64)> = added.into_iter().collect();
    added.sort_unstable();
    let mut kept = db::entries::add_votes(&mut tx, &added).await?;
    let moved = screen(&mut tx, requests, &recorded, &inserted).await?;
    for (entry, n) in &moved {
        db::entries::remove_votes(&mut *tx, *entry, *n as i64).await?;
        if let Some(k) = kept.get_mut(entry) {
            *k -= *n as i64;
        }
    }
    tx.commit().await?;
    for &i in &recorded {
        let entry = requests[i].entry_id;
        outcomes[i] = Some(Ok(Written {
            kept: kept.get(&entry).copied().unwrap_or(0),
            quarantined: moved.get(&entry).copied().unwrap_or(0),
            used: used.get(&i).copied(),
        }));
    }
    Ok(outcomes.into_iter().map(|o| o.unwrap_or(Err(Refusal::AlreadyVoted))).collect())
}

/// Counts, per contest, the votes in its suspicion window that share each new vote's network,
/// user agent or newness; for each pattern a vote completes, that pattern's votes on the entry
/// go to its open flag and stop counting. Returns the votes moved, by entry.
async fn screen(
    tx: &mut sqlx::AnyConnection,
    requests: &[&VoteRequest],
    recorded: &[usize],
    inserted: &HashMap<(i64, i64, i64), bool>,
) -> Result<HashMap<i64, u64>, sqlx::Error> {
    let mut moved: HashMap<i64, u64> = HashMap::new();
    let mut by_contest: HashMap<i64, Vec<usize>> = HashMap::new();
    for &i in recorded {
        by_contest.entry(requests[i].contest_id).or_default().push(i);
    }
    for (contest_id, votes) in by_contest {
        let suspicion = requests[votes[0]].suspicion;
        if suspicion.network_votes <= 0 && suspicion.agent_votes <= 0 && suspicion.new_account_votes <= 0 {
            continue;
        }
        let now = votes.iter().map(|&i| requests[i].now).max().unwrap_or(0);
        let since = now - suspicion.window_secs;
        let distinct = |f: &dyn Fn(&VoteRequest) -> &str| -> Vec<&str> {
            let mut v: Vec<&str> = votes.iter().map(|&i| f(requests[i])).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let mut entries: Vec<i64> = votes.iter().map(|&i| requests[i].entry_id).collect();
        entries.sort_unstable();
        entries.dedup();
        let nets = distinct(&|r| r.net_hash.as_str());
        let agents = distinct(&|r| r.ua_hash.as_str());
        let tallies = db::votes::window_counts_many(
            tx,
            since,
            &entries,
            (suspicion.network_votes > 0).then_some(nets.as_slice()),
            (suspicion.agent_votes > 0).then_some(agents.as_slice()),
            suspicion.new_account_votes > 0,
        )
        .await?;
        // Each pattern tripped on an entry is handled once for the batch.
        let mut tripped: Vec<(i64, FlagKind, &str)> = Vec::new();
        for &i in &votes {
            let r = requests[i];
            let new_account = inserted.get(&(r.entry_id, r.voter_id, r.day)).copied().unwrap_or(false);
            for kind in suspicion.tripped(&tallies.of(r.entry_id, &r.net_hash, &r.ua_hash), new_account) {
                let pattern = match kind {
                    FlagKind::Network => r.net_hash.as_str(),
                    FlagKind::Agent => r.ua_hash.as_str(),
                    FlagKind::NewAccounts => "new",
                };
                if !tripped.contains(&(r.entry_id, kind, pattern)) {
                    tripped.push((r.entry_id, kind, pattern));
                }
            }
        }
        for (entry, kind, pattern) in tripped {
            // Staff who included this pattern's votes on this entry today judged it genuine.
            let Some(flag) = db::votes::flag_for(tx, contest_id, entry, kind, pattern, now - 86_400, now).await? else {
                continue;
            };
            *moved.entry(entry).or_default() +=
                db::votes::quarantine(&mut *tx, flag, entry, since, kind, pattern).await?;
        }
    }
    Ok(moved)
}
