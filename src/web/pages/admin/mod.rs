//! Admin pages: contests list and creation, a contest's setup, ranking, cover slots and winners.

pub(crate) mod audit;
pub(crate) mod copy;
pub(crate) mod cover_sheet;
pub(crate) mod covers;
pub(crate) mod dashboard;
pub(crate) mod jury;
pub(crate) mod people;
pub(crate) mod theme;
pub(crate) mod votes;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::gallery::{ContestLine, contest_lines};
use super::{Nav, render};
use crate::clock;
use crate::db::contests::{Category, ContestRow};
use crate::domain::consent::{RightSpec, Use};
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};
use crate::services::contest_setup::{CategoryInput, ContestPatch};
use crate::services::contests::{self as svc, ContestInput, CoverSlotInput, CoverSlotView};
use crate::services::results::{self, RankedEntry};
use crate::services::retention::{self, RetentionPreview};
use crate::state::AppState;
use crate::web::contest_access::AdminOf;
use crate::web::i18n::Lang;
use crate::web::session::AuthUser;

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminHome {
    nav: Nav,
    contests: Vec<ContestLine>,
    /// Suggested dates: now, +15 days, +30 days, +31 days.
    defaults: (String, String, String, String),
    /// E-mails the queue has not managed to send, with when, for people.
    undelivered: Vec<(crate::services::outbox::Undelivered, String)>,
}

pub(crate) async fn home(State(state): State<AppState>, lang: Lang, user: AuthUser) -> AppResult<Response> {
    user.require(Capability::Administer)?;
    let tz = state.settings.timezone;
    let now = clock::now();
    let d = |days: i64| clock::to_local_input(now + days * 86_400, tz);
    let undelivered = crate::services::outbox::undelivered(&state, &user.0)
        .await?
        .into_iter()
        .map(|m| {
            let at = crate::readable::date_time(m.at, tz, lang);
            (m, at)
        })
        .collect();
    render(&AdminHome {
        nav: Nav::new(Some(user.0), lang),
        contests: contest_lines(&state).await?,
        defaults: (d(0), d(15), d(30), d(31)),
        undelivered,
    })
}

/// Sends an e-mail that could not be sent again now.
pub(crate) async fn resend_mail(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> AppResult<axum::response::Redirect> {
    crate::services::outbox::resend(&state, &user, id).await?;
    Ok(axum::response::Redirect::to("/admin#undelivered"))
}

#[derive(Deserialize)]
pub(crate) struct ContestForm {
    title: String,
    slug: Option<String>,
    description: Option<String>,
    rules: Option<String>,
    submissions_open_at: String,
    submissions_close_at: String,
    vote_open_at: String,
    vote_close_at: String,
    jury_open_at: String,
    jury_close_at: String,
    results_at: String,
    categories: Option<String>,
    places: Option<String>,
    max_entries_per_participant: Option<String>,
}

/// The non-empty lines of a textarea, trimmed.
fn lines(raw: Option<&str>) -> Vec<String> {
    raw.unwrap_or_default().lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()
}

pub(crate) async fn create_contest(
    State(state): State<AppState>,
    user: AuthUser,
    Form(f): Form<ContestForm>,
) -> AppResult<Redirect> {
    let admin = user.require(Capability::Administer)?;
    let input = ContestInput {
        slug: f.slug,
        title: f.title,
        description: f.description.unwrap_or_default(),
        rules: f.rules.unwrap_or_default(),
        submissions_open_at: f.submissions_open_at,
        submissions_close_at: f.submissions_close_at,
        vote_open_at: f.vote_open_at,
        vote_close_at: f.vote_close_at,
        jury_open_at: f.jury_open_at,
        jury_close_at: f.jury_close_at,
        results_at: f.results_at,
        categories: lines(f.categories.as_deref()),
        cover_slots: vec![],
        places: lines(f.places.as_deref()),
        max_entries_per_participant: match f.max_entries_per_participant.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => Some(raw.parse().map_err(|_| {
                AppError::bad_request("invalid_quota", "the number of photos per participant must be a whole number")
            })?),
        },
        ..ContestInput::default()
    };
    let c = svc::create(&state, admin, input.parse(state.settings.timezone)?).await?;
    Ok(Redirect::to(&format!("/admin/c/{}", c.slug)))
}

#[derive(Template)]
#[template(path = "admin_contest.html")]
struct AdminContest {
    nav: Nav,
    contest: ContestRow,
    setup: SetupForm,
    /// The setup was just saved.
    saved: bool,
    ranking: Vec<RankedEntry>,
    slots: Vec<CoverSlotView>,
    /// Each cover slot in words, in the page's language.
    covers: Vec<CoverLine>,
    /// A cover has a winner (to tell, and a results page to show).
    any_winner: bool,
    /// One row per possible use, filled from the current rules' rights.
    rights: Vec<RightRow>,
    /// The three tie-break places, each with its current choice (empty: none).
    tie_breaks: Vec<String>,
    tie_break_choices: Vec<(&'static str, String)>,
    /// When personal data goes (dates in the site's time zone).
    retention: RetentionDates,
    /// What the purge would delete if it ran now, when asked for (it reads every voter: not on
    /// every visit of the page).
    retention_preview: Option<RetentionPreview>,
    /// The purge has not run yet: the preview can be asked for.
    can_preview: bool,
}

struct RetentionDates {
    purge_at: Option<String>,
    purged_at: Option<String>,
}

/// A use the rules may ask a right for, as the rules form shows it.
struct RightRow {
    code: &'static str,
    name: String,
    asked: bool,
    scope: String,
    territory: String,
    months: i64,
}

struct CoverLine {
    slug: String,
    line: String,
    winner: Option<i64>,
    /// The winner's crop: the resolution it prints at, in words.
    level: Option<String>,
}

/// The setup form (texts, phases, categories, places, quotas): the contest's values, or what was
/// typed when the change was refused, with the reason.
pub(crate) struct SetupForm {
    title: String,
    description: String,
    /// (field name, label id, value) of each date, as `datetime-local` shows it.
    dates: Vec<(&'static str, &'static str, String)>,
    /// Existing categories: (id, name as typed; empty removes it).
    categories: Vec<(i64, String)>,
    new_categories: String,
    places: String,
    quota: String,
    age_threshold: String,
    error: Option<String>,
}

/// The date fields of the setup form: (field, label id).
const DATE_FIELDS: [(&str, &str); 7] = [
    ("submissions_open_at", "admin-submissions-open"),
    ("submissions_close_at", "admin-submissions-close"),
    ("vote_open_at", "admin-vote-open"),
    ("vote_close_at", "admin-vote-close"),
    ("jury_open_at", "admin-jury-open"),
    ("jury_close_at", "admin-jury-close"),
    ("results_at", "admin-results-at"),
];

fn stored_times(c: &ContestRow) -> [i64; 7] {
    [
        c.submissions_open_at,
        c.submissions_close_at,
        c.vote_open_at,
        c.vote_close_at,
        c.jury_open_at,
        c.jury_close_at,
        c.results_at,
    ]
}

impl SetupForm {
    fn of(c: &ContestRow, categories: &[Category], places: &[String], tz: chrono_tz::Tz) -> Self {
        let times = stored_times(c);
        SetupForm {
            title: c.title.clone(),
            description: c.description.clone(),
            dates: DATE_FIELDS.iter().zip(times).map(|((f, l), t)| (*f, *l, clock::to_local_input(t, tz))).collect(),
            categories: categories.iter().map(|k| (k.id, k.name.clone())).collect(),
            new_categories: String::new(),
            places: places.join("\n"),
            quota: c.max_entries_per_participant.to_string(),
            age_threshold: c.age_threshold.to_string(),
            error: None,
        }
    }

    /// What was typed in the form.
    fn typed(form: &[(String, String)], categories: &[Category]) -> Self {
        let get = |k: &str| form.iter().find(|(name, _)| name == k).map(|(_, v)| v.clone()).unwrap_or_default();
        SetupForm {
            title: get("title"),
            description: get("description"),
            dates: DATE_FIELDS.iter().map(|(f, l)| (*f, *l, get(f))).collect(),
            categories: categories.iter().map(|k| (k.id, get(&format!("category_{}", k.id)))).collect(),
            new_categories: get("new_categories"),
            places: get("places"),
            quota: get("max_entries_per_participant"),
            age_threshold: get("age_threshold"),
            error: None,
        }
    }

    /// The change this form asks for. A date left as the form showed it keeps its stored value
    /// (the form shows minutes; the contest may hold seconds).
    fn patch(&self, c: &ContestRow, tz: chrono_tz::Tz) -> AppResult<ContestPatch> {
        let number = |raw: &str, code: &'static str, what: &str| {
            raw.trim().parse::<i64>().map_err(|_| {
                AppError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, code, format!("{what} is a whole number"))
            })
        };
        let times = stored_times(c);
        let date = |i: usize| {
            let typed = self.dates[i].2.trim();
            (typed != clock::to_local_input(times[i], tz)).then(|| typed.to_string())
        };
        let mut categories: Vec<CategoryInput> = self
            .categories
            .iter()
            .filter(|(_, name)| !name.trim().is_empty())
            .map(|(id, name)| CategoryInput { id: Some(*id), name: name.clone() })
            .collect();
        categories.extend(lines(Some(&self.new_categories)).into_iter().map(|name| CategoryInput { id: None, name }));
        Ok(ContestPatch {
            title: Some(self.title.clone()),
            description: Some(self.description.clone()),
            submissions_open_at: date(0),
            submissions_close_at: date(1),
            vote_open_at: date(2),
            vote_close_at: date(3),
            jury_open_at: date(4),
            jury_close_at: date(5),
            results_at: date(6),
            categories: Some(categories),
            places: Some(lines(Some(&self.places))),
            max_entries_per_participant: Some(number(
                &self.quota,
                "invalid_quota",
                "the number of photos per participant",
            )?),
            age_threshold: Some(number(&self.age_threshold, "invalid_age_threshold", "the age threshold")?),
        })
    }
}

/// Saves the setup form; a refused change shows the form again as typed, with the reason in the
/// reader's language.
pub(crate) async fn save_setup(
    State(state): State<AppState>,
    lang: Lang,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let slug = c.slug.clone();
    let categories = crate::db::contests::categories(state.db.pool(), c.id).await?;
    let mut typed = SetupForm::typed(&form, &categories);
    let saved = match typed.patch(&c, state.settings.timezone) {
        Ok(patch) => crate::services::contest_setup::update(&state, admin, &c, &patch).await,
        Err(e) => Err(e),
    };
    match saved {
        Ok(_) => Ok(Redirect::to(&format!("/admin/c/{slug}?saved=setup#setup")).into_response()),
        Err(e) if e.status.is_client_error() && e.status != axum::http::StatusCode::FORBIDDEN => {
            typed.error = Some(lang.error(e.code, &e.message));
            let status = e.status;
            let mut res =
                contest_page(&state, lang, AuthUser(admin.clone()), c, Some(typed), PageView::default()).await?;
            *res.status_mut() = status;
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

/// What the contest page shows besides its forms.
#[derive(Debug, Clone, Copy, Default)]
struct PageView {
    /// The setup was just saved.
    saved: bool,
    /// The retention preview was asked for.
    preview: bool,
}

#[derive(Deserialize)]
pub(crate) struct ContestQuery {
    saved: Option<String>,
    /// `retention`: the page shows what the purge would delete now.
    preview: Option<String>,
}

pub(crate) async fn contest(
    State(state): State<AppState>,
    lang: Lang,
    AdminOf { user, contest: c }: AdminOf,
    Query(q): Query<ContestQuery>,
) -> AppResult<Response> {
    let view =
        PageView { saved: q.saved.as_deref() == Some("setup"), preview: q.preview.as_deref() == Some("retention") };
    contest_page(&state, lang, AuthUser(user), c, None, view).await
}

/// The contest's admin page, its setup form filled from `setup` when given.
async fn contest_page(
    state: &AppState,
    lang: Lang,
    user: AuthUser,
    c: ContestRow,
    setup: Option<SetupForm>,
    view: PageView,
) -> AppResult<Response> {
    let admin = user.require(Capability::Administer)?;
    let state = state.clone();
    let tz = state.settings.timezone;
    let setup = match setup {
        Some(s) => s,
        None => {
            let categories = crate::db::contests::categories(state.db.pool(), c.id).await?;
            let places = crate::db::contests::places(state.db.pool(), c.id).await?;
            SetupForm::of(&c, &categories, &places, tz)
        }
    };
    let ranking = results::ranking(&state, admin, &c).await?;
    let slots = svc::view(&state, &c).await?.cover_slots;
    let rows = crate::db::covers::list(state.db.pool(), c.id).await?;
    let covers = slots
        .iter()
        .map(|s| {
            let level = rows.iter().find(|r| r.slug == s.slug).and_then(|r| {
                let spec = r.spec();
                let dpi = spec.dpi_of_width(u32::try_from(r.crop_width?).ok()?);
                let level = lang.t(&format!("crop-level-{}", spec.level_at(dpi).code()));
                Some(lang.tn("crop-dpi", &[("dpi", format!("{dpi:.0}")), ("level", level)]))
            });
            let args = [
                ("name", s.name.clone()),
                ("width", s.trim_width_mm.to_string()),
                ("height", s.trim_height_mm.to_string()),
                ("bleed", s.bleed_mm.to_string()),
                ("dpi", s.min_dpi.to_string()),
            ];
            CoverLine {
                slug: s.slug.clone(),
                line: lang.tn("admin-cover-line", &args),
                winner: s.winner_entry_id,
                level,
            }
        })
        .collect();
    let current = svc::current_rights(&state, &c).await?;
    let rights = Use::ALL
        .iter()
        .map(|u| {
            let spec = current.specs().iter().find(|r| r.use_ == *u);
            RightRow {
                code: u.code(),
                name: lang.t(&format!("use-{}", u.code())),
                asked: spec.is_some(),
                scope: spec.map(|r| r.scope.clone()).unwrap_or_default(),
                territory: spec.map_or_else(|| "France".to_string(), |r| r.territory.clone()),
                months: spec.map_or(36, |r| r.duration_months),
            }
        })
        .collect();
    let mut tie_breaks = results::ResultsSettings::of(&c).tie_breaks;
    tie_breaks.resize(3, String::new());
    let tie_break_choices = ["jury", "public_votes", "earlier_upload"]
        .into_iter()
        .map(|t| (t, lang.t(&format!("admin-tie-break-{}", t.replace('_', "-")))))
        .collect();
    let retention = RetentionDates {
        purge_at: crate::domain::retention::purge_at(&c.schedule(), c.retention_days)
            .map(|t| crate::readable::date_time(t, tz, lang)),
        purged_at: c.retention_done_at.map(|t| crate::readable::date_time(t, tz, lang)),
    };
    let can_preview = c.retention_done_at.is_none();
    let retention_preview = if can_preview && view.preview {
        let now = clock::now();
        let ended = retention::ended_contests(&state, now).await.map_err(AppError::internal)?;
        Some(retention::preview(&state, &c, &ended, now).await.map_err(AppError::internal)?)
    } else {
        None
    };
    render(&AdminContest {
        retention_preview,
        can_preview,
        setup,
        saved: view.saved,
        retention,
        nav: Nav::new(Some(user.0), lang),
        contest: c,
        ranking,
        slots,
        any_winner: rows.iter().any(|r| r.winner_entry_id.is_some()),
        covers,
        rights,
        tie_breaks,
        tie_break_choices,
    })
}

/// Publishes a new version of the rules from the admin form: the text, and for each use whether
/// it is asked, with its scope, territory and duration.
pub(crate) async fn publish_rules(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Redirect> {
    let slug = c.slug.clone();
    let get = |k: &str| form.iter().find(|(name, _)| name == k).map(|(_, v)| v.as_str()).unwrap_or("");
    let mut rights = Vec::new();
    for u in Use::ALL {
        if get(&format!("use_{}", u.code())).is_empty() {
            continue;
        }
        let months = get(&format!("months_{}", u.code())).trim();
        rights.push(RightSpec {
            use_: u,
            scope: get(&format!("scope_{}", u.code())).to_string(),
            territory: get(&format!("territory_{}", u.code())).to_string(),
            duration_months: months.parse().map_err(|_| {
                AppError::new(
                    axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_rights",
                    "a right's duration is a whole number of months",
                )
            })?,
        });
    }
    let input = svc::RulesInput { rules: get("rules").to_string(), rights };
    svc::publish_rules(&state, admin, &c, &input).await?;
    Ok(Redirect::to(&format!("/admin/c/{slug}")))
}

pub(crate) async fn add_cover(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    Form(f): Form<CoverSlotInput>,
) -> AppResult<Redirect> {
    let slug = c.slug.clone();
    svc::add_slot(&state, admin, &c, f.parse()?).await?;
    Ok(Redirect::to(&format!("/admin/c/{slug}")))
}

/// Saves the weights of jury and public and the tie-breaks from the ranking's form.
pub(crate) async fn save_results_settings(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Redirect> {
    let slug = c.slug.clone();
    let number = |k: &str| {
        let raw = form.iter().find(|(name, _)| name == k).map_or("", |(_, v)| v.as_str());
        raw.trim().parse::<f64>().map_err(|_| {
            AppError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, "invalid_weights", "a weight is a number")
        })
    };
    let settings = results::ResultsSettings {
        jury_weight: number("jury_weight")?,
        public_weight: number("public_weight")?,
        tie_breaks: form.iter().filter(|(k, v)| k == "tie_break" && !v.is_empty()).map(|(_, v)| v.clone()).collect(),
    };
    results::set_settings(&state, admin, &c, &settings).await?;
    Ok(Redirect::to(&format!("/admin/c/{slug}#ranking")))
}

#[derive(Deserialize)]
pub(crate) struct RetentionForm {
    retention_days: Option<String>,
}

/// Sets how long the contest keeps personal data after it ends (empty: until staff decide).
pub(crate) async fn save_retention(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    Form(f): Form<RetentionForm>,
) -> AppResult<Redirect> {
    let slug = c.slug.clone();
    let retention_days = match f.retention_days.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(raw.parse().map_err(|_| {
            AppError::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_retention",
                "the retention period is a whole number of days",
            )
        })?),
    };
    svc::set_retention(&state, admin, &c, &svc::RetentionInput { retention_days }).await?;
    Ok(Redirect::to(&format!("/admin/c/{slug}#retention-heading")))
}
