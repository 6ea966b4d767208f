//! The contest's rules page, versioned (`/c/{slug}/rules` is the version in force,
//! `/c/{slug}/rules/{n}` any earlier one), and how a right reads in words.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use super::{Nav, render};
use crate::db::{self, contests::ContestRow};
use crate::domain::consent::{RightSpec, Rights};
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::services::contest_by_slug;
use crate::services::contests::rules_version;
use crate::state::AppState;
use crate::web::session::MaybeUser;

/// "24 mois" / "3 ans" / "3 years".
pub(crate) fn duration(lang: Lang, months: i64) -> String {
    if months % 12 == 0 {
        lang.t1("duration-years", "count", months / 12)
    } else {
        lang.t1("duration-months", "count", months)
    }
}

/// One right as a participant reads it: use, scope, territory, duration (CPI L131-3).
pub(crate) struct RightLine {
    pub(crate) name: String,
    pub(crate) scope: String,
    pub(crate) territory: String,
    pub(crate) duration: String,
    /// The whole sentence.
    pub(crate) text: String,
}

pub(crate) fn right_line(lang: Lang, r: &RightSpec) -> RightLine {
    let name = lang.t(&format!("use-{}", r.use_.code()));
    let duration = duration(lang, r.duration_months);
    let scope = if r.scope.is_empty() { name.to_lowercase() } else { r.scope.clone() };
    let text = lang.tn(
        "consent-right",
        &[
            ("use", name.clone()),
            ("scope", scope.clone()),
            ("territory", r.territory.clone()),
            ("duration", duration.clone()),
        ],
    );
    RightLine { name, scope, territory: r.territory.clone(), duration, text }
}

pub(crate) fn right_lines(lang: Lang, rights: &Rights) -> Vec<RightLine> {
    rights.specs().iter().map(|r| right_line(lang, r)).collect()
}

pub(crate) struct VersionLink {
    pub(crate) version: i64,
    pub(crate) date: String,
}

#[derive(Template)]
#[template(path = "rules.html")]
struct RulesPage {
    nav: Nav,
    contest: ContestRow,
    version: i64,
    published: String,
    body: String,
    rights: Vec<RightLine>,
    history: Vec<VersionLink>,
}

async fn page(state: &AppState, lang: Lang, user: MaybeUser, slug: &str, version: Option<i64>) -> AppResult<Response> {
    let contest = contest_by_slug(state, slug).await?;
    let (row, rights) = rules_version(state, &contest, version.unwrap_or(contest.rules_version)).await?;
    let tz = state.settings.timezone;
    let history = db::contests::rules_history(state.db.pool(), contest.id)
        .await?
        .into_iter()
        .filter(|r| r.version != row.version)
        .map(|r| VersionLink { version: r.version, date: crate::readable::date(r.published_at, tz, lang) })
        .collect();
    render(&RulesPage {
        nav: Nav::new(user.0, lang).in_contest(state, &contest),
        version: row.version,
        published: crate::readable::date(row.published_at, tz, lang),
        body: row.body,
        rights: right_lines(lang, &rights),
        history,
        contest,
    })
}

pub(crate) async fn current(
    State(state): State<AppState>,
    lang: Lang,
    user: MaybeUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    page(&state, lang, user, &slug, None).await
}

pub(crate) async fn version(
    State(state): State<AppState>,
    lang: Lang,
    user: MaybeUser,
    Path((slug, version)): Path<(String, i64)>,
) -> AppResult<Response> {
    page(&state, lang, user, &slug, Some(version)).await
}
