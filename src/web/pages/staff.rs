//! Pages for people with a role: my entries (participants), moderation queue, jury scoring.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Redirect, Response};
use serde::Deserialize;

use super::{Nav, render};
use crate::app::AppState;
use crate::db;
use crate::domain::entry::Decision;
use crate::domain::role::Capability;
use crate::domain::score::Score;
use crate::error::{AppError, AppResult};
use crate::services::{judging, moderation};
use crate::web::api::entries::{JuryEntry, jury_list};
use crate::web::session::AuthUser;
use crate::web::views::{EntryView, Viewer, entry_views};

#[derive(Deserialize)]
pub struct SentQuery {
    sent: Option<String>,
}

#[derive(Template)]
#[template(path = "me.html")]
struct MyEntries {
    nav: Nav,
    entries: Vec<EntryView>,
    notice: Option<&'static str>,
}

pub async fn my_entries(
    State(state): State<AppState>,
    user: AuthUser,
    Query(q): Query<SentQuery>,
) -> AppResult<Response> {
    let rows = db::entries::of_participant(state.db.pool(), user.0.id).await?;
    let entries = entry_views(&state, &rows, Viewer::OwnerOrStaff).await?;
    render(&MyEntries {
        nav: Nav::new(Some(user.0)),
        entries,
        notice: q.sent.map(|_| "Merci ! Votre photo est bien reçue ; elle sera visible après modération."),
    })
}

#[derive(Template)]
#[template(path = "moderation.html")]
struct ModerationPage {
    nav: Nav,
    queue: Vec<EntryView>,
}

pub async fn moderation(State(state): State<AppState>, user: AuthUser) -> AppResult<Response> {
    user.require(Capability::Moderate)?;
    let rows = db::entries::pending(state.db.pool(), 50).await?;
    let queue = entry_views(&state, &rows, Viewer::OwnerOrStaff).await?;
    render(&ModerationPage { nav: Nav::new(Some(user.0)), queue })
}

#[derive(Deserialize)]
pub struct DecisionForm {
    decision: String,
    reason: Option<String>,
}

pub async fn moderate(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<Redirect> {
    let moderator = user.require(Capability::Moderate)?;
    let decision = Decision::parse(&f.decision, f.reason.as_deref())?;
    moderation::decide(&state, moderator, id, decision).await?;
    Ok(Redirect::to("/moderation"))
}

pub struct JuryContest {
    pub title: String,
    pub progress: String,
    pub entries: Vec<JuryEntry>,
}

#[derive(Template)]
#[template(path = "jury.html")]
struct JuryPage {
    nav: Nav,
    contests: Vec<JuryContest>,
}

pub async fn jury(State(state): State<AppState>, user: AuthUser) -> AppResult<Response> {
    let juror = user.require(Capability::Judge)?;
    let now = crate::clock::now();
    let mut contests = Vec::new();
    for c in db::contests::list(state.db.pool()).await? {
        if !c.schedule().accepts_scores(now) {
            continue;
        }
        let entries = jury_list(&state, juror.id, c.id).await?;
        let done = entries.iter().filter(|e| e.my_score.is_some()).count();
        contests.push(JuryContest {
            title: c.title,
            progress: format!("{done} photo(s) notée(s) sur {}", entries.len()),
            entries,
        });
    }
    render(&JuryPage { nav: Nav::new(Some(user.0)), contests })
}

#[derive(Deserialize)]
pub struct ScoreForm {
    score: String,
}

pub async fn score(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
    Form(f): Form<ScoreForm>,
) -> AppResult<Redirect> {
    let juror = user.require(Capability::Judge)?;
    let raw: i64 = f.score.trim().parse().map_err(|_| {
        AppError::from(crate::domain::Invalid::new("invalid_score", "a score is a whole number from 1 to 10"))
    })?;
    judging::score(&state, juror, id, Score::parse(raw)?).await?;
    Ok(Redirect::to(&format!("/jury#j-{id}")))
}
