//! The moderation queue and decisions.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Redirect, Response};
use serde::Deserialize;

use super::{Nav, render};
use crate::clock;
use crate::db;
use crate::db::reasons::Reason;
use crate::domain::entry::Decision;
use crate::domain::role::Capability;
use crate::error::AppResult;
use crate::services::entry_views::{EntryView, Viewer, entry_views};
use crate::services::reports::ReportView;
use crate::services::{self, moderation};
use crate::state::AppState;
use crate::web::i18n::Lang;
use crate::web::session::AuthUser;

#[derive(Template)]
#[template(path = "moderation.html")]
struct ModerationPage {
    nav: Nav,
    queue: Vec<EntryView>,
    /// The rejection reasons to pick from.
    reasons: Vec<Reason>,
    /// Open abuse reports with the photo they are about.
    reports: Vec<ReportLine>,
    /// Each contest with its groups of suspicious votes still to review: (slug, title, count).
    vote_flags: Vec<(String, String, i64)>,
    /// Photos whose processing failed, with why.
    failed: Vec<EntryView>,
}

struct ReportLine {
    report: ReportView,
    reason: String,
    entry: Option<EntryView>,
}

pub(crate) async fn moderation(State(state): State<AppState>, lang: Lang, user: AuthUser) -> AppResult<Response> {
    let mut queue = moderation::queue(&state, &user.0, 50).await?;
    // The date of receipt for people, in the site's time zone and the page's language.
    for e in &mut queue {
        if let Some(ts) = clock::parse_rfc3339(&e.created_at) {
            e.created_at = crate::readable::date_time(ts, state.settings.timezone, lang);
        }
    }
    // Each reported photo looked up once, however many reports it has.
    let open = services::reports::open(&state, &user.0).await?;
    let mut reported = Vec::new();
    for id in open.iter().map(|r| r.entry_id).collect::<std::collections::BTreeSet<_>>() {
        reported.extend(db::entries::find(state.db.pool(), id).await?);
    }
    let views = entry_views(&state, &reported, Viewer::Staff).await?;
    let reports = open
        .into_iter()
        .map(|r| ReportLine {
            reason: lang.t(&format!("report-reason-{}", r.reason.replace('_', "-"))),
            entry: views.iter().find(|v| v.id == r.entry_id).cloned(),
            report: r,
        })
        .collect();
    let reasons = moderation::reasons(&state, &user.0).await?;
    let vote_flags = db::votes::open_flags_by_contest(state.db.pool()).await?;
    let failed = moderation::failed(&state, &user.0, 50).await?;
    render(&ModerationPage { nav: Nav::new(Some(user.0), lang), queue, reasons, reports, vote_flags, failed })
}

/// Sends a photo whose processing failed through it again.
pub(crate) async fn reprocess(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
) -> AppResult<Redirect> {
    services::reprocess::retry(&state, &user.0, id).await?;
    Ok(Redirect::to("/moderation#failed"))
}

#[derive(Deserialize)]
pub(crate) struct DecisionForm {
    decision: String,
    /// Free words; they win over a picked reason.
    reason: Option<String>,
    /// The id of a reason picked from the list.
    template: Option<String>,
}

pub(crate) async fn moderate(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<Redirect> {
    let moderator = user.require(Capability::Moderate)?;
    let picked = match f.template.as_deref().and_then(|t| t.parse::<i64>().ok()) {
        Some(id) => db::reasons::find(state.db.pool(), id).await?.map(|r| r.text),
        None => None,
    };
    let words = f.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_string);
    let decision = Decision::parse(&f.decision, words.or(picked).as_deref())?;
    moderation::decide(&state, moderator, id, decision).await?;
    Ok(Redirect::to("/moderation"))
}

#[derive(Deserialize)]
pub(crate) struct HiddenForm {
    hidden: String,
}

/// Hides a reported photo at once, or shows it again.
pub(crate) async fn set_hidden(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<i64>,
    Form(f): Form<HiddenForm>,
) -> AppResult<Redirect> {
    let hidden = f.hidden == "true";
    services::reports::set_hidden(&state, &user, id, hidden).await?;
    Ok(Redirect::to("/moderation"))
}

/// Closes a report without hiding the photo.
pub(crate) async fn dismiss(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<i64>,
) -> AppResult<Redirect> {
    services::reports::dismiss(&state, &user, id).await?;
    Ok(Redirect::to("/moderation"))
}

/// Approves the ticked photos (the form sends `entry_id` once per tick).
pub(crate) async fn approve_many(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Form(f): Form<Vec<(String, String)>>,
) -> AppResult<Redirect> {
    let ids: Vec<i64> = f.iter().filter(|(k, _)| k == "entry_id").filter_map(|(_, v)| v.parse().ok()).collect();
    moderation::approve_many(&state, &user, &ids).await?;
    Ok(Redirect::to("/moderation"))
}

#[derive(Deserialize)]
pub(crate) struct ReasonForm {
    text: String,
}

pub(crate) async fn add_reason(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Form(f): Form<ReasonForm>,
) -> AppResult<Redirect> {
    moderation::add_reason(&state, &user, &f.text).await?;
    Ok(Redirect::to("/moderation#reasons"))
}

pub(crate) async fn remove_reason(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<i64>,
) -> AppResult<Redirect> {
    moderation::remove_reason(&state, &user, id).await?;
    Ok(Redirect::to("/moderation#reasons"))
}
