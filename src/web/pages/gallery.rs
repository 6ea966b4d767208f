//! Public pages: the list of contests, a contest's gallery, a photo's page, voting.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Redirect, Response};
use serde::Deserialize;

use super::{Nav, render};
use crate::app::AppState;
use crate::clock;
use crate::db::{self, contests::ContestRow};
use crate::error::{AppError, AppResult};
use crate::services::{contest_by_slug, voting};
use crate::web::api::entries::{GalleryPage, gallery_page};
use crate::web::i18n::Lang;
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
        .map(|c| ContestLine { phase: c.schedule().phase(now).message_id(), slug: c.slug, title: c.title })
        .collect())
}

pub async fn home(State(state): State<AppState>, lang: Lang, MaybeUser(user): MaybeUser) -> AppResult<Response> {
    render(&HomePage { nav: Nav::new(user, lang), contests: contest_lines(&state).await? })
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
    lang: Lang,
    MaybeUser(user): MaybeUser,
    Path(slug): Path<String>,
    Query(q): Query<CursorQuery>,
) -> AppResult<Response> {
    let c = contest_by_slug(&state, &slug).await?;
    let page = gallery_page(&state, user.as_ref(), c.id, q.cursor, 24).await?;
    render(&GalleryHtml { nav: Nav::new(user, lang), contest: c, page })
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
    lang: Lang,
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
        notice: q.voted.map(|_| "entry-voted"),
        nav: Nav::new(user, lang),
        entry,
    })
}

pub async fn vote(State(state): State<AppState>, user: AuthUser, Path(id): Path<i64>) -> AppResult<Redirect> {
    voting::vote(&state, &user.0, id).await?;
    Ok(Redirect::to(&format!("/e/{id}?voted=1")))
}
