//! The public results page (`/c/{slug}/results`): the winning covers with their photos, titles
//! and credits, and a share card, once the contest publishes its results (staff see it before).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use super::{Nav, render};
use crate::clock;
use crate::db::{self, contests::ContestRow};
use crate::domain::role::Capability;
use crate::domain::schedule::Phase;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::services::contest_by_slug;
use crate::services::entry_views::{EntryView, Viewer, entry_view};
use crate::state::AppState;
use crate::web::session::MaybeUser;

/// A cover with its winning photo.
struct WinningCover {
    slot: String,
    entry: EntryView,
}

#[derive(Template)]
#[template(path = "results.html")]
struct ResultsPage {
    nav: Nav,
    contest: ContestRow,
    /// The results are public yet (staff see the page before).
    published: bool,
    published_on: String,
    covers: Vec<WinningCover>,
    og_image: Option<String>,
    canonical: String,
}

pub(crate) async fn page(
    State(state): State<AppState>,
    lang: Lang,
    user: MaybeUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let contest = contest_by_slug(&state, &slug).await?;
    let published = contest.schedule().phase(clock::now()) == Phase::Results;
    let staff = user.0.as_ref().is_some_and(|u| u.role.can(Capability::Administer));
    let mut covers = Vec::new();
    if published || staff {
        for slot in db::covers::list(state.db.pool(), contest.id).await? {
            let Some(id) = slot.winner_entry_id else { continue };
            let Some(e) = db::entries::find(state.db.pool(), id).await? else { continue };
            if !e.is_public() {
                continue;
            }
            covers.push(WinningCover { slot: slot.name, entry: entry_view(&state, &e, Viewer::Public).await? });
        }
    }
    let base = state.settings.public_url.as_str().trim_end_matches('/');
    let og_image = covers.first().map(|c| format!("{base}/e/{}/share.jpg", c.entry.id));
    render(&ResultsPage {
        nav: Nav::new(user.0, lang).in_contest(&state, &contest),
        published,
        published_on: crate::readable::date(contest.results_at, state.settings.timezone, lang),
        canonical: format!("{base}/c/{slug}/results"),
        og_image,
        covers,
        contest,
    })
}
