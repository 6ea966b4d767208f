//! A new edition of a contest: its admin staff give the new title, address and dates; the rules
//! and rights, categories, places, criteria, cover slots with their mockups, settings and look
//! are copied (`services::contest_copy`). A refused field is said beside it, with what was typed.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::clock;
use crate::error::{AppError, AppResult};
use crate::services::contest_copy;
use crate::services::contests::ContestInput;
use crate::state::AppState;
use crate::web::contest_access::AdminOf;
use crate::web::i18n::Lang;
use crate::web::pages::{Nav, render};

/// The form as typed.
#[derive(Deserialize, Default, Clone)]
pub(crate) struct CopyForm {
    title: String,
    #[serde(default)]
    slug: String,
    submissions_open_at: String,
    submissions_close_at: String,
    vote_open_at: String,
    vote_close_at: String,
    jury_open_at: String,
    jury_close_at: String,
    results_at: String,
}

impl CopyForm {
    fn input(&self) -> ContestInput {
        ContestInput {
            slug: Some(self.slug.clone()).filter(|s| !s.trim().is_empty()),
            title: self.title.clone(),
            submissions_open_at: self.submissions_open_at.clone(),
            submissions_close_at: self.submissions_close_at.clone(),
            vote_open_at: self.vote_open_at.clone(),
            vote_close_at: self.vote_close_at.clone(),
            jury_open_at: self.jury_open_at.clone(),
            jury_close_at: self.jury_close_at.clone(),
            results_at: self.results_at.clone(),
            ..ContestInput::default()
        }
    }
}

#[derive(Template)]
#[template(path = "admin_copy.html")]
struct CopyPage {
    nav: Nav,
    slug: String,
    title: String,
    form: CopyForm,
    /// The field a refusal is about (`title`, `slug` or `dates`) and what it says.
    error: Option<(&'static str, String)>,
}

impl CopyPage {
    fn error_at(&self, field: &str) -> Option<&str> {
        self.error.as_ref().filter(|(f, _)| *f == field).map(|(_, m)| m.as_str())
    }
}

/// The field of the form a refusal is about.
fn field_of(code: &str) -> &'static str {
    match code {
        "invalid_title" => "title",
        "invalid_slug" | "slug_taken" => "slug",
        _ => "dates",
    }
}

/// The form, filled with the contest's title and its dates a year later.
pub(crate) async fn page(
    State(state): State<AppState>,
    lang: Lang,
    AdminOf { user, contest: c }: AdminOf,
) -> AppResult<Response> {
    let tz = state.settings.timezone;
    let next_year = |ts: i64| clock::to_local_input(ts + 365 * 86_400, tz);
    let form = CopyForm {
        title: c.title.clone(),
        slug: String::new(),
        submissions_open_at: next_year(c.submissions_open_at),
        submissions_close_at: next_year(c.submissions_close_at),
        vote_open_at: next_year(c.vote_open_at),
        vote_close_at: next_year(c.vote_close_at),
        jury_open_at: next_year(c.jury_open_at),
        jury_close_at: next_year(c.jury_close_at),
        results_at: next_year(c.results_at),
    };
    render(&CopyPage { nav: Nav::new(Some(user), lang), slug: c.slug, title: c.title, form, error: None })
}

/// Makes the new edition and opens its admin page; a refusal comes back beside its field.
pub(crate) async fn copy(
    State(state): State<AppState>,
    lang: Lang,
    AdminOf { user, contest: c }: AdminOf,
    Form(form): Form<CopyForm>,
) -> AppResult<Response> {
    let refused = |e: AppError, form: CopyForm, user| {
        let message = lang.error(e.code, &e.message);
        let page = CopyPage {
            nav: Nav::new(Some(user), lang),
            slug: c.slug.clone(),
            title: c.title.clone(),
            form,
            error: Some((field_of(e.code), message)),
        };
        render(&page).map(|html| (e.status, html).into_response())
    };
    let new = match form.input().parse(state.settings.timezone) {
        Ok(new) => new,
        Err(e) => return refused(AppError::from(e), form, user),
    };
    match contest_copy::copy(&state, &user, &c, &new).await {
        Ok(made) => Ok(Redirect::to(&format!("/admin/c/{}", made.slug)).into_response()),
        Err(e) if e.status.is_client_error() => refused(e, form, user),
        Err(e) => Err(e),
    }
}
