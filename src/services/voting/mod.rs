//! Public votes: verified accounts, during the voting phase, after a proof of work, under the
//! contest's rule (once per entry, or a budget per contest or per day), never for one's own photo;
//! suspicious bursts are quarantined for staff to include or exclude.

pub(crate) mod flags;
pub(crate) mod lookups;
pub(crate) mod writer;

use crate::clock;
use crate::db::{self, contests::ContestRow, entries::EntryRow, users::User};
use crate::domain::pow::{Challenge, PauseTicket, Solution};
use crate::domain::role::Capability;
use crate::domain::voting::VoteRule;
use crate::error::{AppError, AppResult};
use crate::services::voting::writer::{Refusal, VoteRequest};
use crate::state::AppState;

/// An approved entry, or 404 (other entries are not public).
pub(crate) async fn public_entry(state: &AppState, entry_id: i64) -> AppResult<EntryRow> {
    state
        .lookups
        .entries
        .get_or_load(entry_id, db::entries::find(state.db.pool(), entry_id))
        .await?
        .filter(|e| e.is_public())
        .ok_or_else(entry_not_found)
}

fn entry_not_found() -> AppError {
    AppError::not_found("entry_not_found", "there is no such photo in the gallery")
}

/// Where a vote comes from (kept in the vote log as keyed hashes only).
pub(crate) struct VoteOrigin {
    pub ip: std::net::IpAddr,
    pub user_agent: String,
}

/// What proves a vote comes from a person's browser.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Proof<'a> {
    /// The puzzle the page's script (or an API client) solved, encoded as ALTCHA sends it.
    Work(&'a str),
    /// Without JavaScript: the confirmation page's ticket, answered after its pause.
    Pause(&'a str),
}

/// A confirmation page's ticket for `voter` to vote for `entry_id` (the no-JavaScript path),
/// once the vote is one they may cast (else the refusal a vote would meet).
pub(crate) async fn pause_ticket(state: &AppState, voter: &User, entry_id: i64) -> AppResult<String> {
    if !voter.role.can(Capability::Participate) {
        return Err(AppError::forbidden());
    }
    eligible(state, voter, entry_id).await?;
    Ok(PauseTicket::issue(&state.keys.pow, entry_id, voter.id, clock::now()))
}

/// The contest of the public photo `entry_id`, when `voter` may vote for it now: the vote is
/// open and the photo is not theirs.
async fn eligible(state: &AppState, voter: &User, entry_id: i64) -> AppResult<ContestRow> {
    let entry = public_entry(state, entry_id).await?;
    let contest = crate::services::kept_contest(state, entry.contest_id).await?;
    if !contest.schedule().accepts_votes(clock::now()) {
        return Err(AppError::conflict("voting_closed", "the public vote is not open at the moment"));
    }
    if entry.participant_id == voter.id {
        return Err(AppError::new(
            axum::http::StatusCode::FORBIDDEN,
            "own_entry",
            "you cannot vote for your own photo",
        ));
    }
    Ok(contest)
}

/// What a voter is told after voting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct VoteOutcome {
    /// The entry's counted votes, when the contest shows counts.
    pub votes: Option<i64>,
    /// Votes the voter has left (for the contest or the day), under a rule with a budget.
    pub remaining: Option<i64>,
}

/// How long a proof-of-work challenge may be answered.
pub(crate) const POW_SECS: i64 = 600;

/// A fresh proof-of-work challenge to answer before voting.
pub(crate) fn challenge(state: &AppState) -> Challenge {
    Challenge::issue(&state.keys.pow, state.settings.pow_max_number, clock::now() + POW_SECS)
}

fn pow_error(e: crate::domain::Invalid) -> AppError {
    AppError::bad_request(e.code, e.message)
}

/// Records a vote under the contest's rule, after its proof of work (`pow`, the encoded answer);
/// a vote that joins a suspicious burst is kept in quarantine for staff, and not counted.
#[tracing::instrument(level = "debug", skip_all, fields(voter = voter.id, entry = entry_id))]
pub(crate) async fn vote(
    state: &AppState,
    voter: &User,
    entry_id: i64,
    origin: &VoteOrigin,
    proof: Proof<'_>,
) -> AppResult<VoteOutcome> {
    if !voter.role.can(Capability::Participate) {
        return Err(AppError::forbidden());
    }
    // Loose per address (a carrier's phones share one), tighter per account.
    state.limits.check_vote(origin.ip, voter.id)?;
    let contest = eligible(state, voter, entry_id).await?;
    let now = clock::now();
    let spent = match proof {
        Proof::Work(pow) => Solution::parse(pow).and_then(|s| s.verify(&state.keys.pow, now)),
        Proof::Pause(ticket) => PauseTicket::verify(ticket, &state.keys.pow, entry_id, voter.id, now),
    }
    .map_err(pow_error)?;
    let rule = contest.vote_rule();
    let request = VoteRequest {
        contest_id: contest.id,
        entry_id,
        voter_id: voter.id,
        ip_hash: state.keys.hash_client(origin.ip),
        net_hash: state.keys.hash_network(origin.ip),
        ua_hash: state.keys.hash_agent(&origin.user_agent),
        day: rule.day(now, state.settings.timezone),
        now,
        budget: rule.budget(),
        suspicion: contest.suspicion(),
        pow: spent,
    };
    let written = state.votes.write(request).await?.map_err(|refusal| match refusal {
        Refusal::PowReplayed => {
            AppError::conflict("pow_replayed", "this anti-robot check was already used: please try again")
        }
        Refusal::AlreadyVoted => match rule {
            VoteRule::PerDay(_) => {
                AppError::conflict("already_voted_today", "you have already voted for this photo today")
            }
            _ => AppError::conflict("already_voted", "you have already voted for this photo"),
        },
        Refusal::NoVotesLeft => no_votes_left(rule, rule.budget().unwrap_or(0)),
        Refusal::EntryGone => entry_not_found(),
    })?;
    metrics::counter!("declic_votes_total").increment(1);
    state.lookups.forget_cards_of(voter.id);
    if written.quarantined > 0 {
        metrics::counter!("declic_votes_quarantined_total").increment(written.quarantined);
        tracing::warn!(entry = entry_id, quarantined = written.quarantined, "suspicious votes quarantined for review");
    }
    let votes = crate::services::gallery::votes_public(&contest, now).then_some(written.kept);
    let remaining = rule.budget().zip(written.used).map(|(budget, used)| budget - used);
    Ok(VoteOutcome { votes, remaining })
}

fn no_votes_left(rule: VoteRule, budget: i64) -> AppError {
    match rule {
        VoteRule::PerDay(_) => AppError::conflict(
            "no_votes_left_today",
            format!("you have used your {budget} votes for today: come back tomorrow"),
        ),
        _ => AppError::conflict("no_votes_left", format!("you have used your {budget} votes in this contest")),
    }
}

/// The photo of `contest` to offer `voter` after `after`: the next one they did not send and
/// have not voted for (today, under a daily rule), coming round to the first.
pub(crate) async fn next_photo(
    state: &AppState,
    voter: &User,
    contest: &ContestRow,
    after: i64,
) -> AppResult<Option<i64>> {
    let day = contest.vote_rule().day(clock::now(), state.settings.timezone);
    let mut conn = state.db.pool().acquire().await?;
    Ok(db::votes::next_unvoted(&mut conn, contest.id, voter.id, day, after).await?)
}

/// What `voter` may do on each card of `contest`'s gallery today: a copy kept for the page-cache
/// lifetime (forgotten at once when they vote through this instance).
pub(crate) async fn cards(
    state: &AppState,
    voter: &User,
    contest: &ContestRow,
) -> AppResult<std::sync::Arc<lookups::VoterCards>> {
    let day = contest.vote_rule().day(clock::now(), state.settings.timezone);
    let load = async {
        let pool = state.db.pool();
        let own = db::entries::ids_of_participant_in(pool, voter.id, contest.id).await?.into_iter().collect();
        let voted = db::votes::voted_in_contest(pool, voter.id, day, contest.id).await?.into_iter().collect();
        Ok::<_, AppError>(Some(std::sync::Arc::new(lookups::VoterCards { voter: voter.id, own, voted })))
    };
    let found = state.lookups.voter_cards.get_or_load((voter.id, contest.id, day), load).await?;
    Ok(found.unwrap_or_default())
}

/// Where a voter stands on an entry: voted already (today, under a daily rule), votes left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Standing {
    pub voted: bool,
    pub remaining: Option<i64>,
    pub per_day: bool,
}

pub(crate) async fn standing(
    state: &AppState,
    voter: &User,
    contest: &ContestRow,
    entry_id: i64,
) -> AppResult<Standing> {
    let rule = contest.vote_rule();
    let day = rule.day(clock::now(), state.settings.timezone);
    let voted = db::votes::has_voted(state.db.pool(), entry_id, voter.id, day).await?;
    let remaining = match rule.budget() {
        Some(b) => Some(b - db::votes::budget_used(state.db.pool(), contest.id, voter.id, day).await?),
        None => None,
    };
    Ok(Standing { voted, remaining, per_day: matches!(rule, VoteRule::PerDay(_)) })
}

/// Recounts every entry's votes from the log; repairs the kept counts unless `dry_run`.
/// Returns the entries that differed: (entry, kept, counted).
#[tracing::instrument(skip_all, fields(dry_run = dry_run))]
pub(crate) async fn recount(state: &AppState, dry_run: bool) -> anyhow::Result<Vec<(i64, i64, i64)>> {
    let wrong = db::votes::miscounted(state.db.pool()).await?;
    if !dry_run {
        for (entry, _, _) in &wrong {
            db::votes::recount(state.db.pool(), *entry).await?;
        }
    }
    Ok(wrong)
}
