//! One photo under review, large, with the photo it duplicates or resembles beside it (title,
//! author, contest, state), and the decision forms.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::back_to;
use crate::clock;
use crate::db::{self, reasons::Reason};
use crate::domain::role::Capability;
use crate::domain::triage::undoable;
use crate::error::{AppError, AppResult};
use crate::readable;
use crate::services::entry_views::{EntryView, Viewer, entry_view};
use crate::services::moderation;
use crate::state::AppState;
use crate::web::i18n::Lang;
use crate::web::pages::{Nav, render};
use crate::web::session::AuthUser;

#[derive(Deserialize)]
pub(crate) struct DetailQuery {
    back: Option<String>,
    /// `reason`: a refusal was sent without its reason.
    error: Option<String>,
}

/// A photo as the review shows it.
struct Shown {
    view: EntryView,
    contest_title: String,
    /// Its state, for people.
    status: String,
    received: String,
}

/// The photo this one repeats, and how.
struct Counterpart {
    /// « Même fichier… » or « Ressemble… (écart n sur 64) ».
    why: String,
    shown: Shown,
}

#[derive(Template)]
#[template(path = "moderation_entry.html")]
struct EntryPage {
    nav: Nav,
    photo: Shown,
    others: Vec<Counterpart>,
    reasons: Vec<Reason>,
    /// The workspace address to come back to (a path).
    back: String,
    /// The decision may still be undone.
    undoable: bool,
    /// A refusal came without its reason.
    reason_missing: bool,
}

impl EntryPage {
    fn credit(&self, s: &Shown) -> String {
        s.view.credit(&self.nav.t("credit-anonymous")).unwrap_or_default()
    }
}

async fn shown(state: &AppState, row: &db::entries::EntryRow, lang: Lang) -> AppResult<Shown> {
    let view = entry_view(state, row, Viewer::Staff).await?;
    let contest_title = db::contests::find(state.db.pool(), row.contest_id).await?.map(|c| c.title).unwrap_or_default();
    Ok(Shown {
        status: lang.t(view.status.message_id()),
        received: readable::date_time(row.created_at, state.settings.timezone, lang),
        view,
        contest_title,
    })
}

pub(crate) async fn entry(
    State(state): State<AppState>,
    lang: Lang,
    user: AuthUser,
    Path(id): Path<i64>,
    Query(q): Query<DetailQuery>,
) -> AppResult<Response> {
    let user = user.require(Capability::Moderate)?.clone();
    let pool = state.db.pool();
    let row = db::entries::find(pool, id)
        .await?
        .ok_or_else(|| AppError::not_found("entry_not_found", "there is no such entry"))?;
    let photo = shown(&state, &row, lang).await?;
    let mut others = Vec::new();
    if let Some(other) = row.duplicate_of
        && let Some(r) = db::entries::find(pool, other).await?
    {
        others.push(Counterpart { why: lang.t("moderation-same-file"), shown: shown(&state, &r, lang).await? });
    }
    // The same file also looks the same: said once.
    if let (Some(other), Some(distance)) = (row.near_duplicate_of, row.near_duplicate_distance)
        && row.duplicate_of != Some(other)
        && let Some(r) = db::entries::find(pool, other).await?
    {
        let why = lang.t1("moderation-looks-like", "distance", distance);
        others.push(Counterpart { why, shown: shown(&state, &r, lang).await? });
    }
    let window = state.settings.moderation_undo.as_secs() as i64;
    let undoable = db::moderation::decided_at(pool, id).await?.is_some_and(|at| undoable(at, clock::now(), window));
    let reasons = moderation::reasons(&state, &user).await?;
    render(&EntryPage {
        nav: Nav::new(Some(user), lang),
        photo,
        others,
        reasons,
        back: back_to(q.back.as_deref()),
        undoable,
        reason_missing: q.error.as_deref() == Some("reason"),
    })
}
