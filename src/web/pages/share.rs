//! A page's share card: the Open Graph and Twitter tags a social network reads when someone
//! shares the page's link (title, words, absolute address, and the photo's 1200 × 630 share
//! image when the page shows one).

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
            image: photo.map(|p| (absolute(p.share_url()), p.description.clone())),
        }
    }
}
