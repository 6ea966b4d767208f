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
use crate::domain::consent::Rights;
use crate::error::{AppError, AppResult};
use crate::services::contests::view;
use crate::services::{contest_by_slug, voting};
use crate::web::api::entries::{GalleryPage, gallery_page};
use crate::web::i18n::Lang;
use crate::web::pages::rules::{RightLine, right_lines};
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
    /// Each cover slot in words.
    cover_lines: Vec<String>,
    /// The rights the current rules ask for, in words.
    rights: Vec<RightLine>,
    max_mb: u64,
    max_bytes: u64,
    /// `[[width, height], …]` pixels each cover slot needs, for the page's early warning.
    slot_pixels: String,
    /// The upload script's texts (JSON, safe inside `<script>`).
    texts: String,
    /// Error messages by code, for the upload script (the API answers with codes).
    messages: String,
}

/// JSON that cannot close the `<script>` element it sits in.
fn script_json(value: &impl serde::Serialize) -> AppResult<String> {
    Ok(serde_json::to_string(value).map_err(AppError::internal)?.replace('<', "\\u003c"))
}

/// The texts of the upload script, with `{name}` where it puts a value.
fn upload_texts(lang: Lang, max_mb: u64) -> serde_json::Value {
    let t = |id: &str| lang.t(id);
    let ph =
        |id: &str, names: &[&str]| lang.tn(id, &names.iter().map(|n| (*n, format!("{{{n}}}"))).collect::<Vec<_>>());
    serde_json::json!({
        "queued": t("upload-state-queued"),
        "uploading": ph("upload-state-uploading", &["percent"]),
        "retrying": ph("upload-state-retrying", &["seconds"]),
        "done": t("upload-state-done"),
        "cancelled": t("upload-state-cancelled"),
        "error": ph("upload-state-error", &["message"]),
        "format": t("upload-check-format"),
        "size": lang.t1("upload-check-size", "mb", max_mb),
        "lowres": ph("upload-check-low-res", &["width", "height", "need"]),
        "fields": t("upload-check-fields"),
        "item": ph("upload-item-label", &["n", "name"]),
        "cancel": t("upload-cancel"),
        "remove": t("upload-remove"),
        "summaryOne": lang.tn("upload-summary", &[("done", "{done}".into()), ("total", "1".into())]),
        "summaryOther": ph("upload-summary", &["done", "total"]),
        "allDone": t("upload-all-done"),
        "seeMine": t("upload-see-mine"),
        "submit": t("upload-submit-js"),
    })
}

pub async fn contest(
    State(state): State<AppState>,
    lang: Lang,
    MaybeUser(user): MaybeUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let c = contest_by_slug(&state, &slug).await?;
    let now = clock::now();
    let tz = state.settings.timezone;
    let v = view(&state, &c).await?;
    let s = c.schedule();
    let when = |ts| clock::human_in(ts, tz, lang);
    let rights = Rights::parse(&v.rights).map_err(AppError::from)?;
    let slot_pixels: Vec<[u32; 2]> =
        v.cover_slots.iter().map(|s| [s.required_width_px, s.required_height_px]).collect();
    render(&ContestPage {
        nav: Nav::new(user, lang),
        phase: s.phase(now).message_id(),
        submissions_open: when(s.submissions.opens_at),
        submissions_close: when(s.submissions.closes_at),
        vote_open: when(s.vote.opens_at),
        vote_close: when(s.vote.closes_at),
        results: when(s.results_at),
        accepts_submissions: s.accepts_submissions(now),
        categories: db::contests::categories(state.db.pool(), c.id).await?,
        places: v.places,
        cover_lines: v
            .cover_slots
            .iter()
            .map(|s| {
                lang.tn(
                    "contest-cover-line",
                    &[
                        ("name", s.name.clone()),
                        ("width", s.trim_width_mm.to_string()),
                        ("height", s.trim_height_mm.to_string()),
                        ("pxw", s.required_width_px.to_string()),
                        ("pxh", s.required_height_px.to_string()),
                    ],
                )
            })
            .collect(),
        rights: right_lines(lang, &rights),
        max_mb: state.settings.media.max_upload_bytes / 1_000_000,
        max_bytes: state.settings.media.max_upload_bytes,
        slot_pixels: script_json(&slot_pixels)?,
        texts: script_json(&upload_texts(lang, state.settings.media.max_upload_bytes / 1_000_000))?,
        messages: script_json(&lang.messages_with_prefix("error-"))?,
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
