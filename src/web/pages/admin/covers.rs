//! The crop editor: staff put a winner on a cover slot by placing a frame of the slot's shape over
//! the photo (dragged, zoomed; the print resolution shown as it changes), starting from the
//! suggested crop. Without JavaScript the crop's four numbers are a plain form.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{Redirect, Response};
use serde::Deserialize;

use crate::db::contests::ContestRow;
use crate::domain::hash::Blake3Hash;
use crate::error::{AppError, AppResult};
use crate::services::covers::{self, CropInput, CropProposal, CropView};
use crate::services::publication;
use crate::state::AppState;
use crate::storage::BlobKey;
use crate::web::api::covers::slot_image_url;
use crate::web::contest_access::AdminOf;
use crate::web::i18n::Lang;
use crate::web::pages::{Nav, render};

#[derive(Deserialize)]
pub(crate) struct EditorQuery {
    slot: String,
    entry_id: i64,
}

#[derive(Template)]
#[template(path = "admin_crop.html")]
struct CropPage {
    nav: Nav,
    contest: ContestRow,
    slot_name: String,
    title: String,
    image_url: String,
    p: CropProposal,
    /// The crop shown first: the saved one, else the suggested one.
    crop: CropView,
    /// The printed width with bleed, in inches (the resolution is the crop's width over it).
    print_width_in: String,
    /// The slot's mockup, drawn over the frame.
    mockup_url: Option<String>,
}

impl CropPage {
    fn level_text(&self) -> String {
        self.nav.t(&format!("crop-level-{}", self.crop.level.code()))
    }
}

pub(crate) async fn editor(
    State(state): State<AppState>,
    lang: Lang,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    Query(q): Query<EditorQuery>,
) -> AppResult<Response> {
    let slug = c.slug.clone();
    let p = covers::proposal(&state, admin, &c, &q.slot, q.entry_id).await?;
    let key = BlobKey::rendition(&Blake3Hash::parse(&p.original_hash)?, "w2048.jpg")
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("rendition")))?;
    render(&CropPage {
        nav: Nav::new(Some(admin.clone()), lang),
        crop: p.current.clone().unwrap_or_else(|| p.suggested.clone()),
        print_width_in: format!("{:.4}", p.print_width_mm / 25.4),
        slot_name: p.slot_name.clone(),
        title: p.title.clone(),
        image_url: publication::url(&state, &key, false),
        mockup_url: p.mockup_blake3.as_ref().map(|h| slot_image_url(&slug, &p.slot, "mockup.png", h)),
        contest: c,
        p,
    })
}

#[derive(Deserialize)]
pub(crate) struct CropForm {
    slot: String,
    entry_id: i64,
    x: String,
    y: String,
    width: String,
    height: String,
}

/// Saves the winner with its crop and renders the print file.
pub(crate) async fn save(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    Form(f): Form<CropForm>,
) -> AppResult<Redirect> {
    let slug = c.slug.clone();
    let number = |v: &str| {
        v.trim().parse::<f64>().map(|n| n.round() as i64).map_err(|_| {
            AppError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, "crop_outside_photo", "a crop is four numbers")
        })
    };
    let crop = CropInput { x: number(&f.x)?, y: number(&f.y)?, width: number(&f.width)?, height: number(&f.height)? };
    covers::assign(&state, admin, &c, &f.slot, f.entry_id, Some(crop)).await?;
    Ok(Redirect::to(&format!("/admin/c/{slug}?cover={}#covers", f.slot)))
}

/// Emails the winners not yet told.
pub(crate) async fn notify(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
) -> AppResult<Redirect> {
    let slug = c.slug.clone();
    let told = covers::notify_winners(&state, admin, &c).await?;
    Ok(Redirect::to(&format!("/admin/c/{slug}?notified={told}#covers")))
}
