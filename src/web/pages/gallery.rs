//! Public pages: contests, a contest and its rules, the gallery, a photo's page, voting.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Redirect, Response};
use serde::Deserialize;

use super::{Nav, render};
use crate::app::AppState;
use crate::clock;
use crate::db::{
    self,
    contests::{Category, ContestRow},
};
use crate::error::{AppError, AppResult};
use crate::services::contests::{CoverSlotView, view};
use crate::services::{contest_by_slug, voting};
use crate::web::api::entries::{GalleryPage, gallery_page};
use crate::web::session::{AuthUser, MaybeUser};
use crate::web::views::{EntryView, entry_view, visible_entry};

pub struct ContestLine {
    pub slug: String,
    pub title: String,
    pub phase: &'static str,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    nav: Nav,
    contests: Vec<ContestLine>,
}

pub async fn contest_lines(state: &AppState) -> AppResult<Vec<ContestLine>> {
    let now = clock::now();
    Ok(db::contests::list(state.db.pool())
        .await?
        .into_iter()
        .map(|c| ContestLine { phase: c.schedule().phase(now).label_fr(), slug: c.slug, title: c.title })
        .collect())
}

pub async fn home(State(state): State<AppState>, MaybeUser(user): MaybeUser) -> AppResult<Response> {
    render(&HomePage { nav: Nav::new(user), contests: contest_lines(&state).await? })
}

#[derive(Template)]
#[template(path = "contest.html")]
struct ContestPage {
    nav: Nav,
    contest: ContestRow,
    phase: &'static str,
    submissions_open: String,
    submissions_close: String,
    vote_open: String,
    vote_close: String,
    results: String,
    accepts_submissions: bool,
    categories: Vec<Category>,
    /// The contest's list of places (empty: free text).
    places: Vec<String>,
    slots: Vec<CoverSlotView>,
    max_mb: u64,
}

pub async fn contest(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let c = contest_by_slug(&state, &slug).await?;
    let now = clock::now();
    let tz = state.settings.timezone;
    let v = view(&state, &c).await?;
    let s = c.schedule();
    render(&ContestPage {
        nav: Nav::new(user),
        phase: s.phase(now).label_fr(),
        submissions_open: clock::human(s.submissions.opens_at, tz),
        submissions_close: clock::human(s.submissions.closes_at, tz),
        vote_open: clock::human(s.vote.opens_at, tz),
        vote_close: clock::human(s.vote.closes_at, tz),
        results: clock::human(s.results_at, tz),
        accepts_submissions: s.accepts_submissions(now),
        categories: db::contests::categories(state.db.pool(), c.id).await?,
        places: v.places,
        slots: v.cover_slots,
        max_mb: state.settings.media.max_upload_bytes / 1_000_000,
        contest: c,
    })
}

#[derive(Deserialize)]
pub struct CursorQuery {
    cursor: Option<i64>,
}

#[derive(Template)]
#[template(path = "gallery.html")]
struct GalleryHtml {
    nav: Nav,
    contest: ContestRow,
    page: GalleryPage,
}

pub async fn gallery(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(slug): Path<String>,
    Query(q): Query<CursorQuery>,
) -> AppResult<Response> {
    let c = contest_by_slug(&state, &slug).await?;
    let page = gallery_page(&state, user.as_ref(), c.id, q.cursor, 24).await?;
    render(&GalleryHtml { nav: Nav::new(user), contest: c, page })
}

#[derive(Deserialize)]
pub struct NoticeQuery {
    voted: Option<String>,
}

#[derive(Template)]
#[template(path = "entry.html")]
struct EntryPage {
    nav: Nav,
    entry: EntryView,
    accepts_votes: bool,
    og_image: String,
    canonical: String,
    notice: Option<&'static str>,
}

pub async fn entry(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<i64>,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let (e, viewer) = visible_entry(&state, user.as_ref(), id).await?;
    let contest = db::contests::find(state.db.pool(), e.contest_id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("no contest")))?;
    let entry = entry_view(&state, &e, viewer).await?;
    let base = state.settings.public_url.as_str().trim_end_matches('/');
    let og = entry.share_url();
    render(&EntryPage {
        og_image: if og.starts_with('/') { format!("{base}{og}") } else { og },
        canonical: format!("{base}/e/{id}"),
        accepts_votes: entry.status == crate::domain::entry::EntryStatus::Approved
            && contest.schedule().accepts_votes(clock::now()),
        notice: q.voted.map(|_| "Merci, votre vote est enregistré !"),
        nav: Nav::new(user),
        entry,
    })
}

pub async fn vote(State(state): State<AppState>, user: AuthUser, Path(id): Path<i64>) -> AppResult<Redirect> {
    voting::vote(&state, &user.0, id).await?;
    Ok(Redirect::to(&format!("/e/{id}?voted=1")))
}
