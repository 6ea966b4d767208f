//! The moderation queue and decisions.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Redirect, Response};
use serde::Deserialize;

use super::{Nav, render};
use crate::app::AppState;
use crate::clock;
use crate::db;
use crate::domain::entry::Decision;
use crate::domain::role::Capability;
use crate::error::AppResult;
use crate::services::reports::ReportView;
use crate::services::{self, moderation};
use crate::web::i18n::Lang;
use crate::web::session::AuthUser;
use crate::web::views::{EntryView, Viewer, entry_view, entry_views};

#[derive(Template)]
#[template(path = "moderation.html")]
struct ModerationPage {
    nav: Nav,
    queue: Vec<EntryView>,
    /// Open abuse reports with the photo they are about.
    reports: Vec<ReportLine>,
}

struct ReportLine {
    report: ReportView,
    reason: String,
    entry: Option<EntryView>,
}

pub async fn moderation(State(state): State<AppState>, lang: Lang, user: AuthUser) -> AppResult<Response> {
    user.require(Capability::Moderate)?;
    let rows = db::entries::pending(state.db.pool(), 50).await?;
    let mut queue = entry_views(&state, &rows, Viewer::Staff).await?;
    // The date of receipt for people, in the site's time zone and the page's language.
    for e in &mut queue {
        if let Some(ts) = clock::parse_rfc3339(&e.created_at) {
            e.created_at = clock::human_in(ts, state.settings.timezone, lang);
        }
    }
    let mut reports = Vec::new();
    for r in services::reports::open(&state, &user.0).await? {
        let entry = match db::entries::find(state.db.pool(), r.entry_id).await? {
            Some(e) => Some(entry_view(&state, &e, Viewer::Staff).await?),
            None => None,
        };
        let reason = lang.t(&format!("report-reason-{}", r.reason.replace('_', "-")));
        reports.push(ReportLine { report: r, reason, entry });
    }
    render(&ModerationPage { nav: Nav::new(Some(user.0), lang), queue, reports })
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

#[derive(Deserialize)]
pub struct HiddenForm {
    hidden: String,
}

/// Hides a reported photo at once, or shows it again.
pub async fn set_hidden(
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
pub async fn dismiss(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<i64>,
) -> AppResult<Redirect> {
    services::reports::dismiss(&state, &user, id).await?;
    Ok(Redirect::to("/moderation"))
}
