//! A contest's look, on its own page: colours (checked for contrast), logo and top image, sent as
//! one multipart form so the files and the colours arrive together, and the snippet that embeds
//! its gallery. A refusal is said beside its field, the colours typed kept.

use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::db::contests::ContestRow;
use crate::domain::theme::Theme;
use crate::error::{AppError, AppResult};
use crate::media::logo::MAX_LOGO_BYTES;
use crate::services::theme;
use crate::state::AppState;
use crate::web::contest_access::AdminOf;
use crate::web::i18n::Lang;
use crate::web::pages::{Nav, render};

/// The contest's look as the form shows it, and the snippet that embeds its gallery.
struct Look {
    accent: String,
    header: String,
    logo: Option<String>,
    /// The image at the top of the contest's page, when staff chose one.
    hero: Option<String>,
    embed: String,
}

impl Look {
    fn of(state: &AppState, c: &ContestRow) -> Look {
        let base = state.settings.public_url.as_str().trim_end_matches('/');
        let embed = format!(
            r#"<iframe src="{base}/c/{slug}/embed" title="{title}" width="100%" height="640" loading="lazy" style="border:0"></iframe>"#,
            slug = c.slug,
            title = c.title.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;"),
        );
        let theme = c.theme();
        Look {
            accent: theme.accent.map(|c| c.to_string()).unwrap_or_default(),
            header: theme.header.map(|c| c.to_string()).unwrap_or_default(),
            logo: theme::logo_url(state, c),
            hero: theme::hero_url(state, c),
            embed,
        }
    }
}

#[derive(Template)]
#[template(path = "admin_look.html")]
struct LookPage {
    nav: Nav,
    contest: ContestRow,
    look: Look,
    /// The look was just saved.
    saved: bool,
    /// The field a refusal is about (`accent`, `logo` or `hero`) and what it says.
    error: Option<(&'static str, String)>,
}

impl LookPage {
    fn error_at(&self, field: &str) -> Option<&str> {
        self.error.as_ref().filter(|(f, _)| *f == field).map(|(_, m)| m.as_str())
    }
}

#[derive(Deserialize)]
pub(crate) struct LookQuery {
    saved: Option<String>,
}

/// The look page.
pub(crate) async fn page(
    State(state): State<AppState>,
    lang: Lang,
    AdminOf { user, contest: c }: AdminOf,
    Query(q): Query<LookQuery>,
) -> AppResult<Response> {
    let look = Look::of(&state, &c);
    render(&LookPage { nav: Nav::new(Some(user), lang), contest: c, look, saved: q.saved.is_some(), error: None })
}

fn bad_form() -> AppError {
    AppError::bad_request("invalid_form", "the form could not be read")
}

/// What the form sent.
#[derive(Default)]
struct LookForm {
    accent: String,
    header: String,
    logo: Option<axum::body::Bytes>,
    remove_logo: bool,
    hero: Option<axum::body::Bytes>,
    remove_hero: bool,
}

async fn read(mut form: Multipart) -> Result<LookForm, (&'static str, AppError)> {
    let mut f = LookForm::default();
    while let Some(field) = form.next_field().await.map_err(|_| ("", bad_form()))? {
        match field.name().unwrap_or("") {
            "accent" => f.accent = field.text().await.map_err(|_| ("accent", bad_form()))?,
            "header" => f.header = field.text().await.map_err(|_| ("accent", bad_form()))?,
            "remove_logo" => f.remove_logo = true,
            "remove_hero" => f.remove_hero = true,
            "hero" => {
                let bytes = field.bytes().await.map_err(|_| ("hero", bad_form()))?;
                if bytes.len() > theme::MAX_HERO_BYTES {
                    let e = crate::domain::Invalid::new("hero_too_large", "the image is larger than 20 MB");
                    return Err(("hero", e.into()));
                }
                f.hero = Some(bytes).filter(|b| !b.is_empty());
            }
            "logo" => {
                let bytes = field.bytes().await.map_err(|_| ("logo", bad_form()))?;
                if bytes.len() > MAX_LOGO_BYTES {
                    let e = crate::domain::Invalid::new("logo_too_large", "the logo is larger than 2 MB");
                    return Err(("logo", e.into()));
                }
                f.logo = Some(bytes).filter(|b| !b.is_empty());
            }
            _ => {}
        }
    }
    Ok(f)
}

/// Saves the look; a refusal comes back on the page beside its field, the colours as typed.
pub(crate) async fn save(
    State(state): State<AppState>,
    lang: Lang,
    AdminOf { user: admin, contest: c }: AdminOf,
    form: Multipart,
) -> AppResult<Response> {
    let mut typed = (String::new(), String::new());
    let outcome: Result<(), (&'static str, AppError)> = async {
        let f = read(form).await?;
        typed = (f.accent.clone(), f.header.clone());
        let parsed = Theme::parse(Some(&f.accent), Some(&f.header)).map_err(|e| ("accent", e.into()))?;
        if parsed != c.theme() {
            theme::set_theme(&state, &admin, &c, &parsed).await.map_err(|e| ("accent", e))?;
        }
        if f.logo.is_some() || f.remove_logo {
            theme::set_logo(&state, &admin, &c, f.logo).await.map_err(|e| ("logo", e))?;
        }
        if f.hero.is_some() || f.remove_hero {
            theme::set_hero(&state, &admin, &c, f.hero).await.map_err(|e| ("hero", e))?;
        }
        Ok(())
    }
    .await;
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/admin/c/{}/look?saved=1", c.slug)).into_response()),
        Err((field, e)) if e.status.is_client_error() => {
            let mut look = Look::of(&state, &c);
            (look.accent, look.header) = typed;
            let status = e.status;
            let error = Some((if field.is_empty() { "accent" } else { field }, lang.error(e.code, &e.message)));
            let page = LookPage { nav: Nav::new(Some(admin), lang), contest: c, look, saved: false, error };
            render(&page).map(|html| (status, html).into_response())
        }
        Err((_, e)) => Err(e),
    }
}
