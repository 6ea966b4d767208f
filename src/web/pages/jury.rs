//! Jury scoring: blind, one form per photo, saved at once.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Redirect, Response};
use serde::Deserialize;

use super::{Nav, render};
use crate::app::AppState;
use crate::db;
use crate::domain::Invalid;
use crate::domain::role::Capability;
use crate::domain::score::Score;
use crate::error::{AppError, AppResult};
use crate::services::judging;
use crate::web::api::entries::{JuryEntry, jury_list};
use crate::web::i18n::Lang;
use crate::web::session::AuthUser;

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

pub async fn jury(State(state): State<AppState>, lang: Lang, user: AuthUser) -> AppResult<Response> {
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
            progress: lang.t2("jury-progress", "done", done, "total", entries.len()),
            entries,
        });
    }
    render(&JuryPage { nav: Nav::new(Some(user.0), lang), contests })
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
    let raw: i64 = f
        .score
        .trim()
        .parse()
        .map_err(|_| AppError::from(Invalid::new("invalid_score", "a score is a whole number from 1 to 10")))?;
    judging::score(&state, juror, id, Score::parse(raw)?).await?;
    Ok(Redirect::to(&format!("/jury#j-{id}")))
}
