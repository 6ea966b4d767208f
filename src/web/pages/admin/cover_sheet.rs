//! The covers' contact sheet for staff: every slot with its winner as the printed cover will look
//! (under its mockup), the forms to upload a mockup, set reserves and record a withdrawn winner,
//! and the PDF contact sheet.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::response::{Redirect, Response};
use serde::Deserialize;

use crate::db::{self, contests::ContestRow};
use crate::error::{AppError, AppResult};
use crate::media::mockup::MAX_MOCKUP_BYTES;
use crate::services::contests::CoverSlotInput;
use crate::services::covers::{mockups, reserves, slots};
use crate::state::AppState;
use crate::web::api::covers::slot_image_url;
use crate::web::contest_access::AdminOf;
use crate::web::i18n::Lang;
use crate::web::pages::{Nav, render};

/// One slot on the sheet.
struct SheetRow {
    slug: String,
    name: String,
    line: String,
    winner: Option<i64>,
    preview_url: Option<String>,
    mockup_url: Option<String>,
    safe_margin_mm: f64,
    /// The reserves as the form shows them: `12, 40, 7`.
    reserves: String,
    /// Reserves already told the winner withdrew.
    told: usize,
    trim_width_mm: f64,
    trim_height_mm: f64,
    bleed_mm: f64,
    min_dpi: i64,
}

#[derive(Template)]
#[template(path = "admin_covers.html")]
struct SheetPage {
    nav: Nav,
    contest: ContestRow,
    rows: Vec<SheetRow>,
}

pub(crate) async fn page(
    State(state): State<AppState>,
    lang: Lang,
    AdminOf { user, contest: c }: AdminOf,
) -> AppResult<Response> {
    let slug = c.slug.clone();
    let reserves = db::covers::reserves(state.db.pool(), c.id).await?;
    let nav = Nav::new(Some(user.clone()), lang);
    let rows = db::covers::list(state.db.pool(), c.id)
        .await?
        .into_iter()
        .map(|s| {
            let mine: Vec<_> = reserves.iter().filter(|r| r.slot_id == s.id).collect();
            SheetRow {
                line: nav.lang.tn(
                    "sheet-spec",
                    &[
                        ("width", s.trim_width_mm.to_string()),
                        ("height", s.trim_height_mm.to_string()),
                        ("bleed", s.bleed_mm.to_string()),
                        ("dpi", s.min_dpi.to_string()),
                    ],
                ),
                winner: s.winner_entry_id,
                preview_url: s.preview_hash.as_ref().map(|h| slot_image_url(&slug, &s.slug, "preview.jpg", h)),
                mockup_url: s.mockup_hash.as_ref().map(|h| slot_image_url(&slug, &s.slug, "mockup.png", h)),
                safe_margin_mm: s.safe_margin_mm,
                reserves: mine.iter().map(|r| r.entry_id.to_string()).collect::<Vec<_>>().join(", "),
                told: mine.iter().filter(|r| r.notified_at.is_some()).count(),
                trim_width_mm: s.trim_width_mm,
                trim_height_mm: s.trim_height_mm,
                bleed_mm: s.bleed_mm,
                min_dpi: s.min_dpi,
                slug: s.slug,
                name: s.name,
            }
        })
        .collect();
    render(&SheetPage { nav, contest: c, rows })
}

fn bad_form() -> AppError {
    AppError::bad_request("invalid_form", "the form could not be read")
}

/// Uploads (or removes) a slot's mockup and sets its safe margin.
pub(crate) async fn save_mockup(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    Path((_, slot)): Path<(String, String)>,
    mut form: Multipart,
) -> AppResult<Redirect> {
    let slug = c.slug.clone();
    let (mut png, mut remove, mut margin) = (None, false, None);
    while let Some(field) = form.next_field().await.map_err(|_| bad_form())? {
        match field.name().unwrap_or("") {
            "mockup" => {
                let bytes = field.bytes().await.map_err(|_| bad_form())?;
                png = Some(bytes).filter(|b| !b.is_empty());
            }
            "remove" => remove = true,
            "safe_margin_mm" => {
                let text = field.text().await.map_err(|_| bad_form())?;
                let mm = text.trim().replace(',', ".").parse::<f64>().map_err(|_| {
                    AppError::from(crate::domain::Invalid::new(
                        "invalid_safe_margin",
                        "the safe margin is a number of mm",
                    ))
                })?;
                margin = Some(mm);
            }
            _ => {}
        }
    }
    let s = db::covers::find(state.db.pool(), c.id, &slot).await?.ok_or_else(|| {
        AppError::not_found("cover_slot_not_found", format!("this contest has no cover slot `{slot}`"))
    })?;
    mockups::set_mockup(&state, admin, &c, &s, png, remove, margin).await?;
    Ok(Redirect::to(&format!("/admin/c/{slug}/covers#slot-{slot}")))
}

#[derive(Deserialize)]
pub(crate) struct ReservesForm {
    reserves: String,
}

/// Sets a slot's reserves from a list of photo numbers.
pub(crate) async fn save_reserves(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    Path((_, slot)): Path<(String, String)>,
    Form(f): Form<ReservesForm>,
) -> AppResult<Redirect> {
    let slug = c.slug.clone();
    let ids = f
        .reserves
        .split(|ch: char| ch == ',' || ch == ';' || ch.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| t.trim_start_matches(['#', '№']).parse::<i64>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| AppError::bad_request("invalid_form", "reserves are photo numbers separated by commas"))?;
    reserves::set_reserves(&state, admin, &c, &slot, &ids).await?;
    Ok(Redirect::to(&format!("/admin/c/{slug}/covers#slot-{slot}")))
}

/// Records that the slot's winner withdrew (the reserves are told).
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    Path((_, slot)): Path<(String, String)>,
) -> AppResult<Redirect> {
    let slug = c.slug.clone();
    reserves::winner_withdrew(&state, admin, &c, &slot).await?;
    Ok(Redirect::to(&format!("/admin/c/{slug}/covers#slot-{slot}")))
}

/// Keeps the mockup form's body limit beside the form that sends it.
pub(crate) const MOCKUP_FORM_LIMIT: usize = MAX_MOCKUP_BYTES + 64 * 1024;

/// Changes a slot's name and print specification (while it has no winner).
pub(crate) async fn save_spec(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    Path((_, slot)): Path<(String, String)>,
    Form(f): Form<CoverSlotInput>,
) -> AppResult<Redirect> {
    let slug = c.slug.clone();
    slots::update_slot(&state, admin, &c, &slot, f.parse_change()?).await?;
    Ok(Redirect::to(&format!("/admin/c/{slug}/covers#slot-{slot}")))
}

/// Removes a slot (while it has no winner).
pub(crate) async fn remove(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    Path((_, slot)): Path<(String, String)>,
) -> AppResult<Redirect> {
    let slug = c.slug.clone();
    slots::remove_slot(&state, admin, &c, &slot).await?;
    Ok(Redirect::to(&format!("/admin/c/{slug}/covers")))
}
