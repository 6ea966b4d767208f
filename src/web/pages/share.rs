//! A page's share card: the Open Graph and Twitter tags a social network reads when someone
//! shares the page's link (title, words, absolute address, and the photo's 1200 × 630 branded
//! share image when the page shows one), and that image's route.

use crate::services::entry_views::EntryView;
use crate::state::AppState;

/// What the card of a page says.
pub(crate) struct ShareCard {
    pub(crate) title: String,
    pub(crate) description: String,
    /// The page's absolute address (also its canonical link).
    pub(crate) url: String,
    /// The share image's absolute address, and its words for people who cannot see it.
    pub(crate) image: Option<(String, String)>,
}

impl ShareCard {
    /// The card of the page at `path`, with `photo`'s share image when given.
    pub(crate) fn new(
        state: &AppState,
        path: &str,
        title: String,
        description: String,
        photo: Option<&EntryView>,
    ) -> Self {
        let base = state.settings.public_url.as_str().trim_end_matches('/');
        let absolute = |u: String| if u.starts_with('/') { format!("{base}{u}") } else { u };
        ShareCard {
            title,
            description,
            url: absolute(path.to_string()),
            image: photo.map(|p| (absolute(format!("/e/{}/share.jpg", p.id)), p.description.clone())),
        }
    }
}

/// A public photo's branded share image (`/e/{id}/share.jpg`), kept an hour by caches.
pub(crate) async fn image(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> crate::error::AppResult<axum::response::Response> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let bytes = crate::services::sharing::card_image(&state, id).await?;
    Ok(([(header::CONTENT_TYPE, "image/jpeg"), (header::CACHE_CONTROL, "public, max-age=3600")], bytes).into_response())
}
