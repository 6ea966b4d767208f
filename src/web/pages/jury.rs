//! Jury pages for tablet and laptop: the juror's rounds, a round's overview, and one photo at a
//! time (large, blind, "see it on the cover", marks saved at once; plain forms without JS).

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Redirect, Response};
use serde::Deserialize;

use super::{Nav, render};
use crate::db;
use crate::domain::Invalid;
use crate::error::{AppError, AppResult};
use crate::services::judging::{self, CriterionScore, JurorRound, MarkRequest, Sheet, SheetItem};
use crate::state::AppState;
use crate::web::i18n::Lang;
use crate::web::session::AuthUser;

/// "34 of 120 scored" (ranking: places filled).
fn progress_text(lang: Lang, r: &JurorRound) -> String {
    progress_words(lang, &r.method, r.done, r.total)
}

pub(crate) fn progress_words(lang: Lang, method: &str, done: usize, total: usize) -> String {
    let id = if method == "ranking" { "jury-progress-places" } else { "jury-progress" };
    lang.t2(id, "done", done, "total", total)
}

pub(crate) struct RoundLine {
    pub(crate) round: JurorRound,
    pub(crate) progress: String,
}

#[derive(Template)]
#[template(path = "jury.html")]
struct JuryPage {
    nav: Nav,
    rounds: Vec<RoundLine>,
}

/// The round's dates written for people (the API gives them as RFC 3339), in the contest's zone.
fn for_people(state: &AppState, lang: Lang, mut round: JurorRound) -> JurorRound {
    let tz = state.settings.timezone;
    let readable = |raw: &str| {
        crate::clock::parse_rfc3339(raw).map(|t| crate::readable::date_time(t, tz, lang)).unwrap_or_default()
    };
    round.opens_at = readable(&round.opens_at);
    round.closes_at = readable(&round.closes_at);
    round
}

pub(crate) async fn jury(State(state): State<AppState>, lang: Lang, AuthUser(user): AuthUser) -> AppResult<Response> {
    if user.role == crate::domain::role::Role::Participant {
        return Err(AppError::forbidden());
    }
    let rounds = judging::my_rounds(&state, &user)
        .await?
        .into_iter()
        .map(|round| RoundLine { progress: progress_text(lang, &round), round: for_people(&state, lang, round) })
        .collect();
    render(&JuryPage { nav: Nav::new(Some(user), lang), rounds })
}

#[derive(Template)]
#[template(path = "jury_round.html")]
struct RoundPage {
    nav: Nav,
    sheet: Sheet,
    progress: String,
    /// The first photo not marked yet.
    next_todo: Option<usize>,
    /// Every photo is marked while the round is open: « Terminé ».
    finished: bool,
}

impl RoundPage {
    /// A criterion's weight written the reader's way (« 1,5 »).
    fn weight(&self, w: &f64) -> String {
        crate::readable::measure(*w, self.nav.lang)
    }
}

pub(crate) async fn round(
    State(state): State<AppState>,
    lang: Lang,
    AuthUser(user): AuthUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let mut sheet = judging::sheet(&state, &user, id).await?;
    let progress = progress_text(lang, &sheet.round);
    let next_todo = sheet.items.iter().find(|i| !i.done && !i.recused).map(|i| i.n);
    // Every photo marked (or set aside) in a round still open: the juror is done.
    let finished = next_todo.is_none() && sheet.round.accepting && sheet.items.iter().any(|i| i.done);
    sheet.round = for_people(&state, lang, sheet.round);
    render(&RoundPage { nav: Nav::new(Some(user), lang), sheet, progress, next_todo, finished })
}

/// A cover format to preview the photo in.
pub(crate) struct CoverFormat {
    pub(crate) name: String,
    /// CSS `aspect-ratio` (trim width / height), and that ratio as a number.
    pub(crate) aspect: String,
    pub(crate) ratio: String,
}

#[derive(Template)]
#[template(path = "jury_photo.html")]
struct PhotoPage {
    nav: Nav,
    round: JurorRound,
    item: SheetItem,
    count: usize,
    progress: String,
    prev: Option<usize>,
    next: Option<usize>,
    covers: Vec<CoverFormat>,
    /// Ranking rounds: the places given to other photos.
    taken: Vec<i64>,
    saved: bool,
}

impl PhotoPage {
    /// A criterion's weight written the reader's way (« 1,5 »).
    fn weight(&self, w: &f64) -> String {
        crate::readable::measure(*w, self.nav.lang)
    }

    fn score_of(&self, criterion: i64) -> Option<i64> {
        self.item.scores.iter().find(|s| s.criterion_id == criterion).map(|s| s.score)
    }
    pub(crate) fn checked(&self, criterion: &i64, value: &i64) -> bool {
        self.score_of(*criterion) == Some(*value)
    }
    pub(crate) fn places(&self) -> Vec<i64> {
        (1..=self.round.top_n).collect()
    }
    pub(crate) fn place_taken(&self, p: &i64) -> bool {
        self.taken.contains(p)
    }
    pub(crate) fn is_place(&self, p: &i64) -> bool {
        self.item.place == Some(*p)
    }
    pub(crate) fn is_yes(&self) -> bool {
        self.item.yes == Some(true)
    }
    pub(crate) fn is_no(&self) -> bool {
        self.item.yes == Some(false)
    }
}

#[derive(Deserialize)]
pub(crate) struct PhotoQuery {
    saved: Option<String>,
}

pub(crate) async fn photo(
    State(state): State<AppState>,
    lang: Lang,
    AuthUser(user): AuthUser,
    Path((id, n)): Path<(i64, usize)>,
    axum::extract::Query(q): axum::extract::Query<PhotoQuery>,
) -> AppResult<Response> {
    let sheet = judging::sheet(&state, &user, id).await?;
    let count = sheet.items.len();
    let progress = progress_text(lang, &sheet.round);
    let taken: Vec<i64> = sheet.items.iter().filter(|i| i.n != n).filter_map(|i| i.place).collect();
    let item = sheet
        .items
        .into_iter()
        .find(|i| i.n == n)
        .ok_or_else(|| AppError::not_found("not_found", "there is no photo at this place in the round"))?;
    let contest = db::rounds::find(state.db.pool(), id).await?.map(|r| r.contest_id).unwrap_or_default();
    let covers = db::covers::list(state.db.pool(), contest)
        .await?
        .into_iter()
        .map(|c| CoverFormat {
            aspect: format!("{} / {}", c.trim_width_mm, c.trim_height_mm),
            ratio: format!("{:.4}", c.trim_width_mm / c.trim_height_mm),
            name: c.name,
        })
        .collect();
    render(&PhotoPage {
        nav: Nav::new(Some(user), lang),
        round: for_people(&state, lang, sheet.round),
        item,
        count,
        progress,
        prev: (n > 1).then(|| n - 1),
        next: (n < count).then(|| n + 1),
        covers,
        taken,
        saved: q.saved.is_some(),
    })
}

/// The plain form: `yes`, `score-<criterion id>` fields or `place`; saves what is there, then
/// shows the next photo (or the overview after the last).
pub(crate) async fn save(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, n)): Path<(i64, usize)>,
    Form(fields): Form<HashMap<String, String>>,
) -> AppResult<Redirect> {
    let sheet = judging::sheet(&state, &user, id).await?;
    let item =
        sheet.items.iter().find(|i| i.n == n).ok_or_else(|| AppError::not_found("not_found", "no such photo"))?;
    let number = |raw: &str| {
        raw.trim().parse::<i64>().map_err(|_| Invalid::new("invalid_score", "a score is a whole number from 1 to 10"))
    };
    let mut req = MarkRequest::default();
    let mut scores = Vec::new();
    for (k, v) in &fields {
        if k == "yes" {
            req.yes = Some(v == "1");
        } else if k == "place" {
            req.place = Some(number(v)?);
        } else if let Some(c) = k.strip_prefix("score-").and_then(|c| c.parse::<i64>().ok()) {
            scores.push(CriterionScore { criterion_id: c, score: number(v)? });
        }
    }
    if !scores.is_empty() {
        req.scores = Some(scores);
    }
    if req.yes.is_some() || req.scores.is_some() || req.place.is_some() {
        judging::mark(&state, &user, id, item.entry.id, &req).await?;
    }
    let to = if n < sheet.items.len() { format!("/jury/r/{id}/{}?saved=1", n + 1) } else { format!("/jury/r/{id}") };
    Ok(Redirect::to(&to))
}

#[derive(Deserialize)]
pub(crate) struct RecusalForm {
    reason: String,
}

pub(crate) async fn recuse(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, n)): Path<(i64, usize)>,
    Form(f): Form<RecusalForm>,
) -> AppResult<Redirect> {
    let sheet = judging::sheet(&state, &user, id).await?;
    let item =
        sheet.items.iter().find(|i| i.n == n).ok_or_else(|| AppError::not_found("not_found", "no such photo"))?;
    judging::recuse(&state, &user, id, item.entry.id, &f.reason).await?;
    Ok(Redirect::to(&format!("/jury/r/{id}/{n}")))
}
