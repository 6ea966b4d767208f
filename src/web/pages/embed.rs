//! The contest's look on the public side: its stylesheet (`/c/{slug}/theme.css`), and the
//! embeddable gallery (`/c/{slug}/embed`): a compact grid that other sites (the campaign's
//! mini-site) show in an `<iframe>`; each photo opens on Déclic, where people vote.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::db::contests::ContestRow;
use crate::domain::gallery::GalleryOrder;
use crate::error::{AppError, AppResult};
use crate::services::contest_by_slug;
use crate::services::gallery::GalleryRequest;
use crate::state::AppState;
use crate::web::api::entries::{GalleryPage, gallery_page};
use crate::web::i18n::Lang;
use crate::web::security::EMBEDDABLE_CSP;

#[derive(Deserialize)]
pub(crate) struct ThemeQuery {
    /// The colours' version (any change makes a new address, so this one never changes).
    v: Option<String>,
}

/// The contest's colours as a stylesheet.
pub(crate) async fn theme_css(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<ThemeQuery>,
) -> AppResult<Response> {
    let c = contest_by_slug(&state, &slug).await?;
    let cache = if q.v.is_some() { "public, max-age=31536000, immutable" } else { "public, max-age=300" };
    Ok(([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, cache)], c.theme().css())
        .into_response())
}

#[derive(Deserialize)]
pub(crate) struct EmbedQuery {
    /// `shuffle` (default) or `newest`.
    order: Option<String>,
    /// Photos shown (1 to 48, default 12).
    limit: Option<i64>,
}

#[derive(Template)]
#[template(path = "embed.html")]
struct EmbedPage {
    lang: Lang,
    contest: ContestRow,
    page: GalleryPage,
    /// Absolute addresses: links open on Déclic, outside the frame.
    base: String,
    theme: Option<String>,
}

impl EmbedPage {
    fn t(&self, id: &str) -> String {
        self.lang.t(id)
    }
}

pub(crate) async fn embed(
    State(state): State<AppState>,
    lang: Lang,
    Path(slug): Path<String>,
    Query(q): Query<EmbedQuery>,
) -> AppResult<Response> {
    let c = contest_by_slug(&state, &slug).await?;
    let limit = q.limit.unwrap_or(12).clamp(1, 48);
    let req = GalleryRequest::parse(q.order.as_deref(), None, None, None, Some(limit), GalleryOrder::Shuffle)?;
    if req.order() == GalleryOrder::MostVoted {
        return Err(AppError::bad_request("invalid_order", "the embedded gallery shows `shuffle` or `newest`"));
    }
    let page = gallery_page(&state, None, &c, req).await?;
    let html = EmbedPage {
        lang,
        base: state.settings.public_url.as_str().trim_end_matches('/').to_string(),
        theme: crate::services::theme::theme_url(&c),
        contest: c,
        page,
    }
    .render()
    .map_err(AppError::internal)?;
    Ok((
        [(header::CONTENT_SECURITY_POLICY, EMBEDDABLE_CSP), (header::CACHE_CONTROL, "public, max-age=60")],
        axum::response::Html(html),
    )
        .into_response())
}
