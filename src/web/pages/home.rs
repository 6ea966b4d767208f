//! The home page: a card per contest — its latest photo, name, phase, the date it counts down to
//! and the size of its gallery.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::share::ShareCard;
use super::{Nav, render};
use crate::clock;
use crate::db;
use crate::error::AppResult;
use crate::readable;
use crate::services::campaign;
use crate::services::entry_views::EntryView;
use crate::state::AppState;
use crate::web::i18n::Lang;
use crate::web::session::MaybeUser;

/// A contest as its card shows it.
pub(crate) struct ContestCard {
    pub(crate) slug: String,
    pub(crate) title: String,
    pub(crate) phase: String,
    /// « Plus que 13 jours pour participer (jusqu'au 20 décembre 2026 à 23 h 59) ».
    pub(crate) countdown: Option<String>,
    /// « 12 photos ».
    pub(crate) photos: String,
    /// Its latest approved photo.
    pub(crate) photo: Option<EntryView>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    nav: Nav,
    cards: Vec<ContestCard>,
    card: ShareCard,
}

/// The sentence counting down to the contest's next date, in the reader's words.
pub(crate) fn countdown(c: &db::contests::ContestRow, now: i64, tz: chrono_tz::Tz, lang: Lang) -> Option<String> {
    campaign::milestone(c, now).map(|(m, at)| {
        lang.tn(
            m.message_id(),
            &[("left", readable::remaining(now, at, lang)), ("date", readable::date_time(at, tz, lang))],
        )
    })
}

/// « 1 400 photos » (the plural chosen by the number, the number grouped the reader's way).
pub(crate) fn photo_count(n: i64, lang: Lang) -> String {
    lang.tn("photo-count", &[("count", n.to_string()), ("shown", readable::integer(n, lang))])
}

pub(crate) async fn home(State(state): State<AppState>, lang: Lang, MaybeUser(user): MaybeUser) -> AppResult<Response> {
    let now = clock::now();
    let tz = state.settings.timezone;
    let mut cards = Vec::new();
    for c in db::contests::list(state.db.pool()).await? {
        let mut show = campaign::showcase(&state, &c, 1).await?;
        cards.push(ContestCard {
            phase: lang.t(c.schedule().phase(now).message_id()),
            countdown: countdown(&c, now, tz, lang),
            photos: photo_count(show.approved, lang),
            photo: show.recent.pop(),
            slug: c.slug,
            title: c.title,
        });
    }
    let photo = cards.iter().find_map(|c| c.photo.as_ref());
    let card = ShareCard::new(&state, "/", lang.t("home-heading"), lang.t("home-share-description"), photo);
    render(&HomePage { nav: Nav::new(user, lang), cards, card })
}
