//! Staff page for a contest's votes: its voting rule and suspicious-vote thresholds (admins), and
//! the groups of suspicious votes held in quarantine, to include or exclude (moderators).

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Redirect, Response};
use serde::Deserialize;

use crate::db::contests::ContestRow;
use crate::domain::role::Capability;
use crate::domain::voting::{FlagDecision, Suspicion};
use crate::error::{AppError, AppResult};
use crate::services::contests::{self as svc, VotingInput};
use crate::services::voting::flags;
use crate::state::AppState;
use crate::web::contest_access::{AdminOf, ModeratorOf};
use crate::web::i18n::Lang;
use crate::web::pages::{Nav, render};
use crate::web::session::AuthUser;

/// One group of suspicious votes, in words.
struct FlagLine {
    id: i64,
    entry_id: i64,
    entry_title: String,
    what: String,
    status: String,
    open: bool,
    votes: i64,
    last_vote: String,
}

#[derive(Template)]
#[template(path = "admin_votes.html")]
struct VotesPage {
    nav: Nav,
    contest: ContestRow,
    /// The voting settings form is for admins.
    admin: bool,
    voting: VotingInput,
    suspicion: Suspicion,
    flags: Vec<FlagLine>,
}

pub(crate) async fn page(
    State(state): State<AppState>,
    lang: Lang,
    ModeratorOf { user: ref staff, contest: c }: ModeratorOf,
) -> AppResult<Response> {
    let tz = state.settings.timezone;
    let flags = flags::list(&state, staff, &c)
        .await?
        .into_iter()
        .map(|f| FlagLine {
            what: lang.t(&format!("votes-flag-{}", f.kind.replace('_', "-"))),
            status: lang.t(&format!("votes-status-{}", f.status)),
            open: f.status == "open",
            last_vote: crate::readable::date_time(f.last_vote_at, tz, lang),
            id: f.id,
            entry_id: f.entry_id,
            entry_title: f.entry_title,
            votes: f.votes,
        })
        .collect();
    render(&VotesPage {
        admin: staff.role.can(Capability::Administer),
        voting: VotingInput::of(&c),
        suspicion: c.suspicion(),
        nav: Nav::new(Some(staff.clone()), lang),
        contest: c,
        flags,
    })
}

#[derive(Deserialize)]
pub(crate) struct VotingForm {
    rule: String,
    votes_per_voter: Option<String>,
    public_vote_counts: Option<String>,
    window_minutes: String,
    network_votes: String,
    new_account_votes: String,
    agent_votes: String,
}

fn whole(raw: &str, code: &'static str) -> AppResult<i64> {
    raw.trim().parse().map_err(|_| {
        AppError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, code, "this setting is a whole number")
    })
}

/// Saves the voting rule and thresholds from the form (admins).
pub(crate) async fn save(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    Form(f): Form<VotingForm>,
) -> AppResult<Redirect> {
    let slug = c.slug.clone();
    let votes_per_voter = match f.votes_per_voter.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(n) => Some(whole(n, "invalid_votes_per_voter")?),
    };
    let input = VotingInput {
        rule: f.rule,
        votes_per_voter,
        public_vote_counts: f.public_vote_counts.is_some(),
        suspicion: Some(Suspicion {
            window_secs: whole(&f.window_minutes, "invalid_suspicion")?.saturating_mul(60),
            network_votes: whole(&f.network_votes, "invalid_suspicion")?,
            new_account_votes: whole(&f.new_account_votes, "invalid_suspicion")?,
            agent_votes: whole(&f.agent_votes, "invalid_suspicion")?,
        }),
    };
    svc::set_voting(&state, admin, &c, &input.parse()?).await?;
    Ok(Redirect::to(&format!("/admin/c/{slug}/votes?saved=1")))
}

#[derive(Deserialize)]
pub(crate) struct ReviewForm {
    decision: String,
}

/// Includes or excludes a group of suspicious votes (moderators).
pub(crate) async fn review(
    State(state): State<AppState>,
    user: AuthUser,
    Path((slug, id)): Path<(String, i64)>,
    Form(f): Form<ReviewForm>,
) -> AppResult<Redirect> {
    flags::review(&state, &user.0, id, FlagDecision::parse(&f.decision)?).await?;
    Ok(Redirect::to(&format!("/admin/c/{slug}/votes#flag-{id}")))
}
