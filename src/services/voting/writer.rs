//! Group commit for votes: requests queue to a writer (one per instance on SQLite; on PostgreSQL
//! one per share of the photos), which writes whatever has queued while its previous batch was
//! written in one transaction, a few statements for the whole batch (votes logged with the
//! challenges they spend, kept totals, suspicion counts), then answers each request. Under load,
//! a vote costs a fraction of a statement instead of a transaction. On SQLite the writer has a
//! thread and a connection of its own (see [`VoteWriter::spawn`]); on PostgreSQL each writer keeps
//! a connection of its own ([`HeldConnection`]).
//!
//! A batch changes only the entries' kept totals, which no index holds. Every [`RANK_EVERY`], each
//! writer catches the most-voted order (`ranked_votes`, indexed) up with the totals it changed:
//! under a burst an entry's indexes are rewritten once per period instead of once per batch.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use futures::FutureExt;
use tokio::sync::{mpsc, oneshot};

use sqlx::Connection;

use crate::db::Db;
use crate::db::direct_sqlite::{self, DirectSqlite};
use crate::db::held::HeldConnection;
use crate::db::statement::{Conn, DbError};
use crate::db::votes::batch::{self, NewVote, WindowKey, WindowRow};
use crate::domain::pow::Spent;
use crate::domain::voting::{FlagKind, Suspicion};
use crate::error::{AppError, AppResult};

/// The most votes written in one transaction.
const MAX_BATCH: usize = 512;
/// Votes waiting for the writer, beyond which requests wait to queue.
const QUEUE: usize = 8192;
/// How often the SQLite writer's WAL is checkpointed beside it.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(250);
/// Attempts of a batch that met a deadlock or a busy database.
const ATTEMPTS: usize = 4;
/// How often a writer catches the most-voted order up with the kept totals it changed (the
/// gallery's pages are cached about as long).
const RANK_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

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
    /// The entry no longer exists (withdrawn since it was looked up).
    EntryGone,
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

/// What a writer is asked to do.
enum Work {
    Vote(Job),
    /// Catch the most-voted order up (every [`RANK_EVERY`]).
    Rank,
}

/// The queues to this instance's vote writers (cheap to clone): one on SQLite, one per writer on
/// PostgreSQL, each writer taking the votes on its share of the entries.
#[derive(Clone)]
pub struct VoteWriter {
    jobs: Arc<[mpsc::Sender<Work>]>,
}

impl VoteWriter {
    /// Starts the writer; it stops when the last handle is dropped. On SQLite it runs on a thread
    /// of its own with a direct connection ([`DirectSqlite`]): a batch then runs start to end
    /// without waiting, per statement, for a driver thread to be scheduled.
    pub fn spawn(db: Db, pooled_writers: usize) -> anyhow::Result<VoteWriter> {
        match db.sqlite_file() {
            Some(file) => {
                let (jobs, rx) = mpsc::channel(QUEUE);
                let sink = DirectSink { conn: DirectSqlite::open(file)?, gate: db.write_gate() };
                // The writer's commits leave the WAL to a checkpointer, which stops with it.
                let (alive, stopped) = std::sync::mpsc::channel::<()>();
                direct_sqlite::spawn_checkpointer(file, CHECKPOINT_EVERY, stopped)?;
                std::thread::Builder::new().name("declic-votes".into()).spawn(move || {
                    run_direct(sink, rx);
                    drop(alive);
                })?;
                spawn_ranker(&jobs);
                Ok(VoteWriter { jobs: Arc::new([jobs]) })
            }
            None => {
                // Each writer takes the votes on its share of the entries (by id), so two writers
                // never wait for each other's locks on an entry's rows (its kept total, its
                // running totals): while one waits for its commit to reach the disk, the others
                // run, and votes queued meanwhile make its next batch. The database's constraints
                // still keep each vote exactly once.
                let writers = pooled_writers.max(1);
                let jobs = (0..writers)
                    .map(|_| {
                        let (jobs, rx) = mpsc::channel(QUEUE / writers);
                        drop(tokio::spawn(run_pooled(PooledSink(HeldConnection::new(db.clone())), rx)));
                        spawn_ranker(&jobs);
                        jobs
                    })
                    .collect();
                Ok(VoteWriter { jobs })
            }
        }
    }

    /// Writes a vote (with others queued at the same time) and says how it went.
    pub async fn write(&self, request: VoteRequest) -> AppResult<Outcome> {
        let (reply, answer) = oneshot::channel();
        let stopped = || AppError::internal(anyhow::anyhow!("the vote writer has stopped"));
        let writer = request.entry_id.rem_euclid(self.jobs.len() as i64) as usize;
        self.jobs[writer].send(Work::Vote(Job { request, reply })).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

/// Asks a writer to catch the most-voted order up every [`RANK_EVERY`], until its queue closes.
fn spawn_ranker(jobs: &mpsc::Sender<Work>) {
    let jobs = jobs.downgrade();
    drop(tokio::spawn(async move {
        let mut every = tokio::time::interval(RANK_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let Some(jobs) = jobs.upgrade() else { return };
            if jobs.send(Work::Rank).await.is_err() {
                return;
            }
        }
    }));
}

/// Where batches are written, each in one transaction.
trait BatchSink {
    fn write(&mut self, requests: &[&VoteRequest]) -> impl Future<Output = Result<Vec<Outcome>, DbError>> + Send;
    /// Catches the most-voted order up with these entries' kept totals.
    fn rank(&mut self, entries: &[i64]) -> impl Future<Output = Result<(), DbError>> + Send;
}

/// Transactions on a connection of the writer's own, taken from the pool (PostgreSQL).
struct PooledSink(HeldConnection);

impl BatchSink for PooledSink {
    async fn write(&mut self, requests: &[&VoteRequest]) -> Result<Vec<Outcome>, DbError> {
        let written = async {
            let mut tx = self.0.get().await?.begin().await?;
            let outcomes = write_batch(&mut *tx, requests).await?;
            tx.commit().await?;
            Ok(outcomes)
        }
        .await;
        self.0.settle(written).await
    }

    async fn rank(&mut self, entries: &[i64]) -> Result<(), DbError> {
        let ranked = async {
            let mut tx = self.0.get().await?.begin().await?;
            batch::rank(&mut *tx, entries).await?;
            tx.commit().await?;
            Ok(())
        }
        .await;
        self.0.settle(ranked).await
    }
}

/// A direct SQLite connection on the writer's own thread; it queues at the instance's write
/// gate like every other SQLite writer.
struct DirectSink {
    conn: DirectSqlite,
    gate: Arc<tokio::sync::Mutex<()>>,
}

impl DirectSink {
    /// Runs `work` in one transaction once the instance's write gate is free.
    fn transaction<T>(
        &mut self,
        work: impl FnOnce(&mut DirectSqlite) -> Result<T, DbError>,
    ) -> std::future::Ready<Result<T, DbError>> {
        let _gate = self.gate.blocking_lock();
        std::future::ready(self.conn.write(work))
    }
}

/// What a future of statements on a direct connection gave: every statement there is done when
/// its future is returned.
fn settled<T>(work: impl Future<Output = Result<T, DbError>>) -> Result<T, DbError> {
    work.now_or_never().unwrap_or(Err(DbError::Pending))
}

impl BatchSink for DirectSink {
    fn write(&mut self, requests: &[&VoteRequest]) -> impl Future<Output = Result<Vec<Outcome>, DbError>> + Send {
        self.transaction(|c| settled(write_batch(c, requests)))
    }

    fn rank(&mut self, entries: &[i64]) -> impl Future<Output = Result<(), DbError>> + Send {
        self.transaction(|c| settled(batch::rank(c, entries)))
    }
}

async fn run_pooled(mut sink: PooledSink, mut rx: mpsc::Receiver<Work>) {
    let mut writer = Writer::default();
    while rx.recv_many(&mut writer.work, MAX_BATCH).await > 0 {
        writer.run(&mut sink).await;
    }
}

fn run_direct(mut sink: DirectSink, mut rx: mpsc::Receiver<Work>) {
    let mut writer = Writer::default();
    while let Some(work) = rx.blocking_recv() {
        writer.work.push(work);
        while writer.work.len() < MAX_BATCH {
            let Ok(work) = rx.try_recv() else { break };
            writer.work.push(work);
        }
        if writer.run(&mut sink).now_or_never().is_none() {
            tracing::error!("a vote batch on the direct SQLite connection waited; its votes were not answered");
            writer.batch.clear();
        }
    }
}

/// A writer's state between batches.
#[derive(Default)]
struct Writer {
    /// What has queued, taken at once.
    work: Vec<Work>,
    /// Its votes.
    batch: Vec<Job>,
    /// Entries whose kept total changed since the most-voted order last caught up.
    unranked: std::collections::BTreeSet<i64>,
}

impl Writer {
    /// Writes the votes taken as one batch, then catches the most-voted order up if asked.
    async fn run(&mut self, sink: &mut impl BatchSink) {
        let mut rank = false;
        for work in self.work.drain(..) {
            match work {
                Work::Vote(job) => {
                    self.unranked.insert(job.request.entry_id);
                    self.batch.push(job);
                }
                Work::Rank => rank = true,
            }
        }
        if !self.batch.is_empty() {
            answer(sink, &mut self.batch).await;
        }
        if rank && !self.unranked.is_empty() {
            let entries: Vec<i64> = self.unranked.iter().copied().collect();
            match sink.rank(&entries).await {
                Ok(()) => self.unranked.clear(),
                // Tried again at the next tick.
                Err(e) => tracing::warn!(error = %e, "could not catch up the most-voted order"),
            }
        }
    }
}

/// Writes the queued votes and answers each request.
async fn answer(sink: &mut impl BatchSink, batch: &mut Vec<Job>) {
    metrics::histogram!("declic_vote_batch_size").record(batch.len() as f64);
    let requests: Vec<&VoteRequest> = batch.iter().map(|j| &j.request).collect();
    let outcomes: Vec<Result<Outcome, DbError>> = match write_with_retries(sink, &requests).await {
        Ok(outcomes) => outcomes.into_iter().map(Ok).collect(),
        // One vote the database refuses (its photo was withdrawn a moment ago, say) must not
        // sink the others: each is written on its own.
        Err(_) if requests.len() > 1 => {
            let mut each = Vec::with_capacity(requests.len());
            for r in &requests {
                each.push(write_with_retries(sink, &[*r]).await.map(|mut o| o.remove(0)));
            }
            each
        }
        Err(e) => vec![Err(e)],
    };
    for (job, outcome) in batch.drain(..).zip(outcomes) {
        let _ = job.reply.send(outcome.map_err(|e| {
            tracing::error!(error = %e, entry = job.request.entry_id, "a vote could not be written");
            let cause = anyhow::anyhow!("the vote could not be saved");
            match e.is_transient() {
                true => AppError::database_unavailable(cause),
                false => AppError::internal(cause),
            }
        }));
    }
}

/// Writes a batch, again when it met a deadlock, a busy database or a dropped connection. A
/// connection lost during the commit leaves it unknown whether the batch was kept: tried again, a
/// vote that was kept is refused as a replayed challenge (its challenge is spent), never counted
/// twice.
async fn write_with_retries(sink: &mut impl BatchSink, requests: &[&VoteRequest]) -> Result<Vec<Outcome>, DbError> {
    let mut result = sink.write(requests).await;
    for _ in 1..ATTEMPTS {
        match &result {
            Err(e) if e.is_transient() => result = sink.write(requests).await,
            _ => break,
        }
    }
    result
}

/// Writes a batch in one transaction; one outcome per request, in order.
async fn write_batch(tx: &mut impl Conn, requests: &[&VoteRequest]) -> Result<Vec<Outcome>, DbError> {
    let mut outcomes: Vec<Option<Outcome>> = vec![None; requests.len()];
    // Within the batch, a challenge or a (voter, entry, day) seen twice is refused the second time.
    let mut challenges = HashSet::new();
    let mut keys = HashSet::new();
    for (i, r) in requests.iter().enumerate() {
        if !challenges.insert(r.pow.key()) {
            outcomes[i] = Some(Err(Refusal::PowReplayed));
        } else if !keys.insert((r.entry_id, r.voter_id, r.day)) {
            outcomes[i] = Some(Err(Refusal::AlreadyVoted));
        }
    }
    let pending = |outcomes: &[Option<Outcome>]| -> Vec<usize> {
        outcomes.iter().enumerate().filter(|(_, o)| o.is_none()).map(|(i, _)| i).collect()
    };
    let live = pending(&outcomes);
    let votes: Vec<NewVote<'_>> = live
        .iter()
        .map(|&i| {
            let r = requests[i];
            NewVote {
                entry_id: r.entry_id,
                voter_id: r.voter_id,
                ip_hash: &r.ip_hash,
                net_hash: &r.net_hash,
                ua_hash: &r.ua_hash,
                day: r.day,
                now: r.now,
                pow: &r.pow,
            }
        })
        .collect();
    let (inserted, left_out) = batch::record(tx, &votes).await?;
    for &i in &live {
        let r = requests[i];
        if !inserted.contains_key(&(r.entry_id, r.voter_id, r.day)) {
            outcomes[i] = Some(Err(if left_out.spent.contains(r.pow.key()) {
                Refusal::PowReplayed
            } else if left_out.gone.contains(&r.entry_id) {
                Refusal::EntryGone
            } else {
                Refusal::AlreadyVoted
            }));
        }
    }

    let mut used: HashMap<usize, i64> = HashMap::new();
    // Budgets are taken one vote at a time (a voter rarely votes twice in a batch), by voter, and
    // each voter's votes in the order they came: two writers whose batches share voters lock
    // their budgets in the same order.
    let mut by_voter = pending(&outcomes);
    by_voter.sort_by_key(|&i| (requests[i].contest_id, requests[i].voter_id, requests[i].day, i));
    for i in by_voter {
        let r = requests[i];
        if let Some(budget) = r.budget {
            match batch::spend_budget(tx, r.contest_id, r.voter_id, r.day, budget).await? {
                Some(u) => {
                    used.insert(i, u);
                }
                None => {
                    batch::delete_vote(tx, r.entry_id, r.voter_id, r.day).await?;
                    outcomes[i] = Some(Err(Refusal::NoVotesLeft));
                }
            }
        }
    }

    let recorded = pending(&outcomes);
    let (kept, moved) = tally(tx, requests, &recorded, &inserted).await?;
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

/// Adds the recorded votes to the kept totals and to the running totals suspicion screening
/// reads; for each pattern a vote completes (per contest, the votes in its window that share the
/// vote's network, user agent or newness), that pattern's votes on the entry go to its open flag
/// and stop counting. Returns each entry's kept total and the votes moved, by entry.
async fn tally(
    tx: &mut impl Conn,
    requests: &[&VoteRequest],
    recorded: &[usize],
    inserted: &HashMap<(i64, i64, i64), bool>,
) -> Result<(HashMap<i64, i64>, HashMap<i64, u64>), DbError> {
    let is_new = |r: &VoteRequest| inserted.get(&(r.entry_id, r.voter_id, r.day)).copied().unwrap_or(false);
    let mut by_contest: HashMap<i64, Vec<usize>> = HashMap::new();
    for &i in recorded {
        by_contest.entry(requests[i].contest_id).or_default().push(i);
    }
    let mut windows: HashMap<(i64, FlagKind, &str, i64), i64> = HashMap::new();
    let mut keys: HashSet<WindowKey<'_>> = HashSet::new();
    // (contest, its suspicion thresholds, now, start of its window, its votes)
    let mut screened = Vec::new();
    for (contest_id, votes) in by_contest {
        let suspicion = requests[votes[0]].suspicion;
        if suspicion.network_votes <= 0 && suspicion.agent_votes <= 0 && suspicion.new_account_votes <= 0 {
            continue;
        }
        let now = votes.iter().map(|&i| requests[i].now).max().unwrap_or(0);
        let since = now - suspicion.window_secs;
        let since_bucket = batch::window_bucket(since);
        for &i in &votes {
            let r = requests[i];
            let bucket = batch::window_bucket(r.now);
            let mut add = |kind, pattern| {
                *windows.entry((r.entry_id, kind, pattern, bucket)).or_default() += 1;
                keys.insert(WindowKey { entry_id: r.entry_id, kind, pattern, since_bucket });
            };
            if suspicion.network_votes > 0 {
                add(FlagKind::Network, r.net_hash.as_str());
            }
            if suspicion.agent_votes > 0 {
                add(FlagKind::Agent, r.ua_hash.as_str());
            }
            if suspicion.new_account_votes > 0 && is_new(r) {
                add(FlagKind::NewAccounts, "");
            }
        }
        screened.push((contest_id, suspicion, now, since, votes));
    }
    // Rows and entries in key order: on PostgreSQL two writers take their locks in the same order.
    let mut rows: Vec<WindowRow<'_>> = windows
        .into_iter()
        .map(|((entry_id, kind, pattern, bucket), votes)| WindowRow { entry_id, kind, pattern, bucket, votes })
        .collect();
    rows.sort_unstable();
    let mut keys: Vec<WindowKey<'_>> = keys.into_iter().collect();
    keys.sort_unstable();
    let mut added: HashMap<i64, i64> = HashMap::new();
    for &i in recorded {
        *added.entry(requests[i].entry_id).or_default() += 1;
    }
    let mut added: Vec<(i64, i64)> = added.into_iter().collect();
    added.sort_unstable();
    // The counts include this batch's votes.
    let (tallies, mut kept) = batch::tally(tx, &rows, &keys, &added).await?;

    let mut moved: HashMap<i64, u64> = HashMap::new();
    for (contest_id, suspicion, now, since, votes) in screened {
        // Each pattern tripped on an entry is handled once for the batch.
        let mut tripped: Vec<(i64, FlagKind, &str)> = Vec::new();
        for &i in &votes {
            let r = requests[i];
            for kind in suspicion.tripped(&tallies.of(r.entry_id, &r.net_hash, &r.ua_hash), is_new(r)) {
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
            let Some(flag) = batch::flag_for(tx, contest_id, entry, kind, pattern, now - 86_400, now).await? else {
                continue;
            };
            *moved.entry(entry).or_default() += batch::quarantine(tx, flag, entry, since, kind, pattern).await?;
        }
    }
    if !moved.is_empty() {
        // Quarantined votes stop counting (rare: a burst was just caught).
        let mut back: Vec<(i64, i64)> = moved.iter().map(|(entry, n)| (*entry, -(*n as i64))).collect();
        back.sort_unstable();
        kept.extend(batch::add_to_totals(tx, &back).await?);
    }
    Ok((kept, moved))
}
