//! The moderation workspace: the grid of photos by shelf, contest, category and flag; decisions
//! (one, several, undone), abuse reports, failed processing and the rejection reasons.

mod detail;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Redirect, Response};
use serde::Deserialize;

use super::{Nav, render};
use crate::clock;
use crate::db;
use crate::db::contests::Category;
use crate::db::reasons::Reason;
use crate::domain::alert::AlertEvery;
use crate::domain::entry::Decision;
use crate::domain::role::Capability;
use crate::domain::triage::{Flag, Shelf};
use crate::error::AppResult;
use crate::readable;
use crate::services::entry_views::{EntryView, Viewer, entry_views};
use crate::services::moderation::desk::{Desk, DeskFilter, DeskItem};
use crate::services::reports::ReportView;
use crate::services::{self, moderation};
use crate::state::AppState;
use crate::web::i18n::Lang;
use crate::web::session::AuthUser;

pub(crate) use detail::entry;

/// The query of the workspace's address (every value optional).
#[derive(Deserialize, Default)]
pub(crate) struct DeskQuery {
    contest: Option<String>,
    state: Option<String>,
    category: Option<String>,
    flag: Option<String>,
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "moderation.html")]
struct ModerationPage {
    nav: Nav,
    desk: Desk,
    /// Each photo's date of receipt, for people (same order as `desk.items`).
    received: Vec<String>,
    shelf: Shelf,
    flag: Option<Flag>,
    /// The chosen contest's slug, or empty.
    contest: String,
    category: Option<i64>,
    /// Every contest, to choose one: (slug, title).
    contests: Vec<(String, String)>,
    /// The chosen contest's categories.
    categories: Vec<Category>,
    /// This page's address, URL-encoded, for the forms to come back to.
    back: String,
    /// The rejection reasons to pick from.
    reasons: Vec<Reason>,
    /// The moderator's decisions that may still be undone.
    recent: Vec<RecentLine>,
    /// Open abuse reports with the photo they are about.
    reports: Vec<ReportLine>,
    /// Each contest with its groups of suspicious votes still to review: (slug, title, count).
    vote_flags: Vec<(String, String, i64)>,
    /// Photos whose processing failed, with why.
    failed: Vec<EntryView>,
    /// How often the moderator is alerted by e-mail.
    alerts: AlertEvery,
}

struct RecentLine {
    id: i64,
    title: String,
    /// « Acceptée » or « Refusée ».
    outcome: String,
    /// When, for people.
    at: String,
}

struct ReportLine {
    report: ReportView,
    reason: String,
    entry: Option<EntryView>,
}

impl ModerationPage {
    /// The workspace's address with one filter changed (the page back to the first).
    fn link(&self, shelf: Shelf, flag: Option<Flag>, page: usize) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        if !self.contest.is_empty() {
            q.append_pair("contest", &self.contest);
        }
        if let Some(c) = self.category {
            q.append_pair("category", &c.to_string());
        }
        if shelf != Shelf::Pending {
            q.append_pair("state", shelf.as_str());
        }
        if let Some(f) = flag {
            q.append_pair("flag", f.as_str());
        }
        if page > 1 {
            q.append_pair("page", &page.to_string());
        }
        let q = q.finish();
        if q.is_empty() { "/moderation".to_string() } else { format!("/moderation?{q}") }
    }

    fn shelf_link(&self, shelf: &Shelf) -> String {
        self.link(*shelf, None, 1)
    }

    fn page_link(&self, page: usize) -> String {
        self.link(self.shelf, self.flag, page)
    }

    /// This page's own address.
    fn here(&self) -> String {
        self.page_link(self.desk.page)
    }

    fn previous(&self) -> String {
        self.page_link(self.desk.page.saturating_sub(1))
    }

    fn next(&self) -> String {
        self.page_link(self.desk.page + 1)
    }

    fn is_alert(&self, a: &AlertEvery) -> bool {
        self.alerts == *a
    }

    fn is_flag(&self, f: &Flag) -> bool {
        self.flag == Some(*f)
    }

    fn is_category(&self, id: &i64) -> bool {
        self.category == Some(*id)
    }

    /// Photos of a status, for people.
    fn count(&self, status: &str) -> String {
        readable::integer(self.desk.counts.get(status).copied().unwrap_or(0), self.nav.lang)
    }

    fn flag_count(&self, flag: &Flag) -> String {
        let n = self.desk.flags.iter().find(|(f, _)| f == flag).map(|(_, n)| *n).unwrap_or(0);
        readable::integer(n as i64, self.nav.lang)
    }

    fn total(&self) -> String {
        readable::integer(self.desk.total as i64, self.nav.lang)
    }

    /// Whether a photo's author is named on its tile (the credit they chose, or « Anonyme »).
    fn credit(&self, item: &DeskItem) -> String {
        item.view.credit(&self.nav.t("credit-anonymous")).unwrap_or_default()
    }
}

/// Where a form sends the moderator back: the workspace address it was sent from, else the queue.
pub(super) fn back_to(back: Option<&str>) -> String {
    match back {
        Some(b) if b.starts_with("/moderation") && !b.contains("//") && !b.contains('\\') => b.to_string(),
        _ => "/moderation".to_string(),
    }
}

pub(crate) async fn moderation(
    State(state): State<AppState>,
    lang: Lang,
    user: AuthUser,
    Query(q): Query<DeskQuery>,
) -> AppResult<Response> {
    let user = user.require(Capability::Moderate)?.clone();
    let category = q.category.as_deref().and_then(|c| c.trim().parse::<i64>().ok());
    let page = q.page.as_deref().and_then(|p| p.trim().parse::<i64>().ok());
    let filter =
        DeskFilter::parse(&state, q.contest.as_deref(), q.state.as_deref(), category, q.flag.as_deref(), page).await?;
    let desk = moderation::desk::desk(&state, &user, &filter).await?;
    let tz = state.settings.timezone;
    let received = desk
        .items
        .iter()
        .map(|i| clock::parse_rfc3339(&i.view.created_at).map(|t| readable::date_time(t, tz, lang)).unwrap_or_default())
        .collect();
    let pool = state.db.pool();
    let contests = db::contests::list(pool).await?.into_iter().map(|c| (c.slug, c.title)).collect();
    let categories = match &filter.contest {
        Some(c) => db::contests::categories(pool, c.id).await?,
        None => Vec::new(),
    };
    let recent = moderation::undo::recent(&state, &user, 5)
        .await?
        .into_iter()
        .map(|d| RecentLine {
            id: d.id,
            title: d.title,
            outcome: lang.t(if d.status == "approved" {
                "moderation-done-approved"
            } else {
                "moderation-done-rejected"
            }),
            at: readable::time(d.moderated_at, tz, lang),
        })
        .collect();
    // Each reported photo looked up once, however many reports it has.
    let open = services::reports::open(&state, &user).await?;
    let mut reported = Vec::new();
    for id in open.iter().map(|r| r.entry_id).collect::<std::collections::BTreeSet<_>>() {
        reported.extend(db::entries::find(pool, id).await?);
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
    let reasons = moderation::reasons(&state, &user).await?;
    let vote_flags = db::votes::open_flags_by_contest(pool).await?;
    let failed = moderation::failed(&state, &user, 50).await?;
    let alerts = services::alerts::every(&state, &user).await?;
    let mut page = ModerationPage {
        nav: Nav::new(Some(user), lang),
        desk,
        received,
        shelf: filter.shelf,
        flag: filter.flag,
        contest: filter.contest.map(|c| c.slug).unwrap_or_default(),
        category: filter.category,
        contests,
        categories,
        back: String::new(),
        reasons,
        recent,
        reports,
        vote_flags,
        failed,
        alerts,
    };
    let here = page.here();
    page.back = url::form_urlencoded::byte_serialize(here.as_bytes()).collect();
    render(&page)
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
    /// The workspace address to come back to.
    back: Option<String>,
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
    let back = back_to(f.back.as_deref());
    let decision = match Decision::parse(&f.decision, words.or(picked).as_deref()) {
        Ok(d) => d,
        // A refusal needs its reason: said beside the reason's field.
        Err(e) if e.code == "reason_required" => {
            let back: String = url::form_urlencoded::byte_serialize(back.as_bytes()).collect();
            return Ok(Redirect::to(&format!("/moderation/e/{id}?back={back}&error=reason#reject")));
        }
        Err(e) => return Err(e.into()),
    };
    moderation::decide(&state, moderator, id, decision).await?;
    Ok(Redirect::to(&back))
}

#[derive(Deserialize)]
pub(crate) struct BackForm {
    back: Option<String>,
}

/// Undoes a decision taken within the undo window: the photo awaits a decision again.
pub(crate) async fn undo(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<i64>,
    Form(f): Form<BackForm>,
) -> AppResult<Redirect> {
    moderation::undo::undo(&state, &user, id).await?;
    Ok(Redirect::to(&back_to(f.back.as_deref())))
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
    let back = f.iter().find(|(k, _)| k == "back").map(|(_, v)| v.as_str());
    Ok(Redirect::to(&back_to(back)))
}

#[derive(Deserialize)]
pub(crate) struct AlertsForm {
    every: String,
}

/// Sets how often the moderator is alerted by e-mail.
pub(crate) async fn set_alerts(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Form(f): Form<AlertsForm>,
) -> AppResult<Redirect> {
    services::alerts::set_every(&state, &user, AlertEvery::parse(&f.every)?).await?;
    Ok(Redirect::to("/moderation#alerts"))
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
