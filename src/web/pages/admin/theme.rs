//! Admin form for a contest's look: colours (checked for contrast), logo and hero image, sent as
//! one multipart form so the files and the colours arrive together.

use axum::extract::{Multipart, State};
use axum::response::Redirect;

use crate::domain::theme::Theme;
use crate::error::{AppError, AppResult};
use crate::media::logo::MAX_LOGO_BYTES;
use crate::services::theme;
use crate::state::AppState;
use crate::web::contest_access::AdminOf;

fn bad_form() -> AppError {
    AppError::bad_request("invalid_form", "the form could not be read")
}

pub(crate) async fn save(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    mut form: Multipart,
) -> AppResult<Redirect> {
    let slug = c.slug.clone();
    let (mut accent, mut header, mut logo, mut remove) = (String::new(), String::new(), None, false);
    let (mut hero, mut remove_hero) = (None, false);
    while let Some(field) = form.next_field().await.map_err(|_| bad_form())? {
        match field.name().unwrap_or("") {
            "accent" => accent = field.text().await.map_err(|_| bad_form())?,
            "header" => header = field.text().await.map_err(|_| bad_form())?,
            "remove_logo" => remove = true,
            "remove_hero" => remove_hero = true,
            "hero" => {
                let bytes = field.bytes().await.map_err(|_| bad_form())?;
                if bytes.len() > theme::MAX_HERO_BYTES {
                    return Err(crate::domain::Invalid::new("hero_too_large", "the image is larger than 20 MB").into());
                }
                hero = Some(bytes).filter(|b| !b.is_empty());
            }
            "logo" => {
                let bytes = field.bytes().await.map_err(|_| bad_form())?;
                if bytes.len() > MAX_LOGO_BYTES {
                    return Err(crate::domain::Invalid::new("logo_too_large", "the logo is larger than 2 MB").into());
                }
                logo = Some(bytes).filter(|b| !b.is_empty());
            }
            _ => {}
        }
    }
    let parsed = Theme::parse(Some(&accent), Some(&header))?;
    if parsed != c.theme() {
        theme::set_theme(&state, admin, &c, &parsed).await?;
    }
    if logo.is_some() || remove {
        theme::set_logo(&state, admin, &c, logo).await?;
    }
    if hero.is_some() || remove_hero {
        theme::set_hero(&state, admin, &c, hero).await?;
    }
    Ok(Redirect::to(&format!("/admin/c/{slug}#look")))
}
