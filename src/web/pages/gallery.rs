//! Public pages: the list of contests, a contest's gallery, a photo's page, voting.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::Deserialize;

use super::Nav;
use super::share::ShareCard;
use crate::clock;
use crate::db::users::User;
use crate::db::{self, contests::ContestRow};
use crate::domain::gallery::GalleryOrder;
use crate::domain::pow::PAUSE_SECS;
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};
use crate::services::entry_views::{EntryView, entry_view, visible_entry};
use crate::services::gallery::{GalleryRequest, new_seed, votes_public};
use crate::services::reports::{self, REASONS, ReportInput};
use crate::services::voting::lookups::VoterCards;
use crate::services::{contest_by_slug, sharing, voting};
use crate::state::AppState;
use crate::web::api::entries::{GalleryPage, gallery_page};
use crate::web::i18n::Lang;
use crate::web::page_cache::PageCache;
use crate::web::session::{AuthUser, ClientIp, MaybeUser, UserAgent};
use crate::web::state::WebState;

pub(crate) struct ContestLine {
    pub(crate) slug: String,
    pub(crate) title: String,
    pub(crate) phase: &'static str,
}

pub(crate) async fn contest_lines(state: &AppState) -> AppResult<Vec<ContestLine>> {
    let now = clock::now();
    Ok(db::contests::list(state.db.pool())
        .await?
        .into_iter()
        .map(|c| ContestLine { phase: c.schedule().phase(now).message_id(), slug: c.slug, title: c.title })
        .collect())
}

#[derive(Deserialize)]
pub(crate) struct GalleryParams {
    cursor: Option<String>,
    order: Option<String>,
    category: Option<String>,
}

/// A link of the gallery's order switch or category filter.
pub(crate) struct Choice {
    pub(crate) href: String,
    pub(crate) label: String,
    pub(crate) current: bool,
}

/// What a signed-in voter may do on each card of a gallery page.
pub(crate) enum CardVotes {
    /// This voter's standing.
    Of(std::sync::Arc<VoterCards>),
    /// The page every signed-in voter shares: each card's vote form between markers, which
    /// [`personalise`] keeps, swaps for « vous avez voté » or removes for each voter.
    Shared,
}

impl CardVotes {
    /// `own`, `voted`, `open`, or `slot` on the shared page, for the photo `id`.
    pub(crate) fn state_of(&self, id: &i64) -> &'static str {
        match self {
            CardVotes::Shared => "slot",
            CardVotes::Of(c) if c.own.contains(id) => "own",
            CardVotes::Of(c) if c.voted.contains(id) => "voted",
            CardVotes::Of(_) => "open",
        }
    }
}

/// Where the shared signed-in page says who is signed in (the menu's address).
const WHO_MARKER: &str = "<!--declic:who-->";
/// Where a card's vote form starts on the shared page: `<!--declic:vote:ID-->`, up to [`VOTE_END`].
const VOTE_START: &str = "<!--declic:vote:";
const VOTE_END: &str = "<!--/declic:vote-->";

/// The shared signed-in gallery page made `voter`'s: their address in the menu, and on each card
/// the vote form, « vous avez voté », or nothing on their own photos.
fn personalise(shared: &str, voter: &User, cards: &VoterCards, voted_html: &str) -> String {
    let mut out = String::with_capacity(shared.len() + 64);
    let mut rest = shared;
    while let Some(at) = rest.find("<!--declic:") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix(WHO_MARKER) {
            out.push_str(&crate::web::charts::esc(&voter.email));
            rest = after;
        } else if let Some(after) = rest.strip_prefix(VOTE_START) {
            let Some((id, form)) = after.split_once("-->") else { break };
            let Some((form, after)) = form.split_once(VOTE_END) else { break };
            match id.parse::<i64>() {
                Ok(id) if cards.own.contains(&id) => {}
                Ok(id) if cards.voted.contains(&id) => out.push_str(voted_html),
                _ => out.push_str(form),
            }
            rest = after;
        } else {
            out.push_str("<!--declic:");
            rest = &rest["<!--declic:".len()..];
        }
    }
    out.push_str(rest);
    out
}

#[derive(Template)]
#[template(path = "gallery.html")]
struct GalleryHtml {
    nav: Nav,
    contest: ContestRow,
    page: GalleryPage,
    orders: Vec<Choice>,
    categories: Vec<Choice>,
    /// The link to the next page, keeping the filter.
    next: Option<String>,
    card: ShareCard,
    /// The public vote is open: cards carry a vote button (or a sign-in link for visitors).
    accepts_votes: bool,
    /// A signed-in participant's standing on each card.
    votes: Option<CardVotes>,
}

/// The visitor's shuffle start, kept a year in a cookie so their order stays the same.
const SEED_COOKIE: &str = "gseed";

pub(crate) async fn gallery(
    State(state): State<WebState>,
    lang: Lang,
    MaybeUser(user): MaybeUser,
    jar: CookieJar,
    uri: Uri,
    Path(slug): Path<String>,
    Query(q): Query<GalleryParams>,
) -> AppResult<(CookieJar, Response)> {
    let kept_seed = jar.get(SEED_COOKIE).and_then(|v| v.value().parse::<i64>().ok());
    let seed = kept_seed.unwrap_or_else(new_seed);
    let jar = match kept_seed {
        Some(_) => jar,
        None => jar.add(
            Cookie::build((SEED_COOKIE, seed.to_string()))
                .path("/")
                .same_site(SameSite::Lax)
                .http_only(true)
                .max_age(time::Duration::days(365))
                .build(),
        ),
    };
    let path = uri.path_and_query().map_or("", |p| p.as_str());
    // A signed-in voter: the page they share with every other voter, with their own standing.
    if let Some(voter) = user.as_ref().filter(|u| u.role.can(Capability::Participate) && state.pages.is_on()) {
        let key = PageCache::key(path, lang, &format!("voter|{seed}"));
        let shared = state.pages.body(&key, || gallery_html(&state, user.clone(), lang, &slug, &q, seed, true)).await?;
        let shared = std::str::from_utf8(&shared).map_err(AppError::internal)?;
        let c = crate::services::contest_by_slug_kept(&state, &slug).await?;
        let cards = voting::cards(&state, voter, &c).await?;
        let voted = format!("<p class=\"voted\">{}</p>", lang.t("gallery-voted"));
        return Ok((jar, axum::response::Html(personalise(shared, voter, &cards, &voted)).into_response()));
    }
    // Anonymous visitors with the same shuffle start see the same page.
    let cache_key = user.is_none().then(|| PageCache::key(path, lang, &seed.to_string()));
    let page = cached(&state, cache_key, || gallery_html(&state, user, lang, &slug, &q, seed, false)).await?;
    Ok((jar, page))
}

/// The gallery page as `user` sees it, the shuffle starting at `seed`; `shared`: the page every
/// signed-in voter shares (see [`personalise`]).
async fn gallery_html(
    state: &AppState,
    user: Option<User>,
    lang: Lang,
    slug: &str,
    q: &GalleryParams,
    seed: i64,
    shared: bool,
) -> AppResult<String> {
    let c = contest_by_slug(state, slug).await?;
    let category = q.category.as_deref().filter(|v| !v.is_empty()).and_then(|v| v.parse::<i64>().ok());
    let req = GalleryRequest::parse(
        q.order.as_deref(),
        category,
        q.cursor.as_deref(),
        Some(seed),
        Some(24),
        GalleryOrder::Shuffle,
    )?;
    let page = gallery_page(state, user.as_ref(), &c, req).await?;
    let base = format!("/c/{}/gallery", c.slug);
    let link = |order: &str, category: Option<i64>| {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        q.append_pair("order", order);
        if let Some(id) = category {
            q.append_pair("category", &id.to_string());
        }
        format!("{base}?{}", q.finish())
    };
    let mut orders = vec![GalleryOrder::Shuffle, GalleryOrder::Newest];
    if votes_public(&c, clock::now()) {
        orders.push(GalleryOrder::MostVoted);
    }
    let orders = orders
        .into_iter()
        .map(|o| Choice {
            href: link(o.code(), category),
            label: lang.t(&format!("gallery-order-{}", o.code())),
            current: o.code() == page.order,
        })
        .collect();
    let mut categories = vec![Choice {
        href: link(&page.order, None),
        label: lang.t("gallery-all-categories"),
        current: category.is_none(),
    }];
    for cat in db::contests::categories(state.db.pool(), c.id).await? {
        categories.push(Choice {
            href: link(&page.order, Some(cat.id)),
            current: category == Some(cat.id),
            label: cat.name,
        });
    }
    let next = page.next_cursor.as_ref().map(|cursor| {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        q.append_pair("cursor", cursor);
        if let Some(id) = category {
            q.append_pair("category", &id.to_string());
        }
        format!("{base}?{}", q.finish())
    });
    let accepts_votes = c.schedule().accepts_votes(clock::now());
    let votes = match &user {
        Some(u) if accepts_votes && u.role.can(Capability::Participate) => Some(match shared {
            true => CardVotes::Shared,
            false => CardVotes::Of(voting::cards(state, u, &c).await?),
        }),
        _ => None,
    };
    let mut nav = Nav::new(user, lang).in_contest(state, &c);
    nav.shared = shared;
    let card = ShareCard::new(
        state,
        &format!("/c/{}/gallery", c.slug),
        lang.t1("gallery-title", "contest", &c.title),
        lang.t1("gallery-share-description", "contest", &c.title),
        page.entries.first(),
    );
    GalleryHtml { nav, contest: c, page, orders, categories, next, card, accepts_votes, votes }
        .render()
        .map_err(AppError::internal)
}

#[derive(Deserialize)]
pub(crate) struct NoticeQuery {
    voted: Option<String>,
    reported: Option<String>,
}

#[derive(Template)]
#[template(path = "entry.html")]
struct EntryPage {
    nav: Nav,
    entry: EntryView,
    entry_id: i64,
    accepts_votes: bool,
    /// The photo's share card (its title naming the contest).
    card: ShareCard,
    notice: Option<&'static str>,
    /// Open to the public: it can be reported.
    public: bool,
    /// Hidden by a moderator (only staff and its author see it then).
    hidden: bool,
    /// The reasons a report may give, with their words.
    reasons: Vec<(&'static str, String)>,
    /// Where a signed-in voter stands on this photo (`None` for visitors and staff).
    standing: Option<voting::Standing>,
    /// The voter has just voted for it (the confirmation says so once).
    just_voted: bool,
    /// Its author is looking at it: an invitation to share it stands where the vote would.
    own: bool,
    /// The next photo the voter has not voted for.
    next: Option<i64>,
    /// (network, address) links to share the photo; none of them loads anything from the network.
    share: Vec<(&'static str, String)>,
}

/// A photo page's vote section for one signed-in voter, filled into the page voters share.
#[derive(Template)]
#[template(path = "entry_vote.html")]
struct EntryVote {
    nav: Nav,
    entry_id: i64,
    standing: Option<voting::Standing>,
    just_voted: bool,
    own: bool,
    next: Option<i64>,
}

/// Where the shared photo page's vote section goes.
const ENTRY_VOTE_MARKER: &str = "<!--declic:entry-vote-->";

/// The page from the page cache under `key` (rendered by `render` when it must be); without a
/// key, freshly rendered.
async fn cached<F, Fut>(state: &WebState, key: Option<String>, render: F) -> AppResult<Response>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = AppResult<String>>,
{
    match key {
        Some(key) => state.pages.get_or_render(&key, render).await,
        None => Ok(axum::response::Html(render().await?).into_response()),
    }
}

pub(crate) async fn entry(
    State(state): State<WebState>,
    lang: Lang,
    MaybeUser(user): MaybeUser,
    uri: Uri,
    Path(id): Path<i64>,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let path = uri.path_and_query().map_or("", |p| p.as_str());
    // A signed-in voter on a public photo: the page voters share, with their own vote section.
    if let Some(voter) = user.as_ref().filter(|u| u.role.can(Capability::Participate) && state.pages.is_on())
        && let Ok(e) = voting::public_entry(&state, id).await
    {
        let just_voted = q.voted.is_some();
        let key = PageCache::key(path, lang, "voter");
        let shared = state.pages.body(&key, || entry_html(&state, user.clone(), lang, id, q, true)).await?;
        let shared = std::str::from_utf8(&shared).map_err(AppError::internal)?;
        let c = crate::services::kept_contest(&state, e.contest_id).await?;
        let section = if c.schedule().accepts_votes(clock::now()) {
            let (standing, next) = voter_standing(&state, voter, &c, &e).await?;
            let own = e.participant_id == voter.id;
            let nav = Nav::new(Some(voter.clone()), lang);
            EntryVote { nav, entry_id: id, standing, just_voted, own, next }.render().map_err(AppError::internal)?
        } else {
            String::new()
        };
        let page = shared.replacen(WHO_MARKER, &crate::web::charts::esc(&voter.email), 1).replacen(
            ENTRY_VOTE_MARKER,
            &section,
            1,
        );
        return Ok(axum::response::Html(page).into_response());
    }
    let cache_key = user.is_none().then(|| PageCache::key(path, lang, ""));
    cached(&state, cache_key, || entry_html(&state, user, lang, id, q, false)).await
}

/// Where `voter` stands on the public photo `e` (none on their own), and the next photo to offer.
async fn voter_standing(
    state: &AppState,
    voter: &User,
    c: &ContestRow,
    e: &crate::db::entries::EntryRow,
) -> AppResult<(Option<voting::Standing>, Option<i64>)> {
    if !voter.role.can(Capability::Participate) || voter.id == e.participant_id {
        return Ok((None, None));
    }
    let standing = voting::standing(state, voter, c, e.id).await?;
    Ok((Some(standing), voting::next_photo(state, voter, c, e.id).await?))
}

/// A photo's page as `user` sees it; `shared`: the page every signed-in voter shares, its vote
/// section a marker.
async fn entry_html(
    state: &AppState,
    user: Option<User>,
    lang: Lang,
    id: i64,
    q: NoticeQuery,
    shared: bool,
) -> AppResult<String> {
    let (e, viewer) = visible_entry(state, user.as_ref(), id).await?;
    let contest = db::contests::find(state.db.pool(), e.contest_id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("no contest")))?;
    let entry = entry_view(state, &e, viewer).await?;
    let accepts_votes = e.is_public() && contest.schedule().accepts_votes(clock::now());
    let (standing, next) = match &user {
        Some(u) if accepts_votes && !shared => voter_standing(state, u, &contest, &e).await?,
        _ => (None, None),
    };
    let card = ShareCard::new(
        state,
        &format!("/e/{id}"),
        format!("{} · {}", entry.title, contest.title),
        entry.description.clone(),
        Some(&entry),
    );
    EntryPage {
        share: sharing::links(&card.url, &entry.title),
        card,
        standing,
        just_voted: q.voted.is_some(),
        own: e.is_public() && user.as_ref().is_some_and(|u| u.id == e.participant_id),
        next,
        accepts_votes,
        notice: match (q.voted, q.reported) {
            (Some(_), _) => Some("entry-voted"),
            (_, Some(_)) => Some("entry-reported"),
            _ => None,
        },
        public: e.is_public(),
        hidden: e.hidden_at.is_some(),
        reasons: REASONS.iter().map(|r| (*r, lang.t(&format!("report-reason-{}", r.replace('_', "-"))))).collect(),
        nav: Nav { shared, ..Nav::new(user, lang).in_contest(state, &contest) },
        entry_id: entry.id,
        entry,
    }
    .render()
    .map_err(AppError::internal)
}

#[derive(Deserialize)]
pub(crate) struct ReportForm {
    reason: String,
    details: Option<String>,
    email: Option<String>,
    /// The honeypot: people leave it empty.
    website: Option<String>,
}

/// "Report this photo" from its page.
pub(crate) async fn report(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<ReportForm>,
) -> AppResult<Redirect> {
    let checked = ReportInput { reason: f.reason, details: f.details, email: f.email }.check()?;
    if f.website.as_deref().is_none_or(|w| w.trim().is_empty()) {
        reports::report(&state, id, &checked, ip).await?;
    }
    Ok(Redirect::to(&format!("/e/{id}?reported=1")))
}

#[derive(Deserialize)]
pub(crate) struct VoteForm {
    /// The honeypot: people leave it empty; a robot's vote is dropped without saying so.
    website: Option<String>,
    /// The proof of work the page's script solved (ALTCHA's field name).
    altcha: Option<String>,
    /// Without JavaScript: the confirmation page's ticket.
    pause: Option<String>,
}

/// The page a voter without JavaScript confirms their vote on, after a short pause.
#[derive(Template)]
#[template(path = "vote_confirm.html")]
struct VoteConfirmPage {
    nav: Nav,
    entry: EntryView,
    ticket: String,
    /// Why the previous confirmation was not taken (too soon, expired).
    error: Option<String>,
    pause_secs: i64,
}

async fn confirm_page(state: &AppState, user: User, lang: Lang, id: i64, error: Option<String>) -> AppResult<Response> {
    let ticket = voting::pause_ticket(state, &user, id).await?;
    let (e, viewer) = visible_entry(state, Some(&user), id).await?;
    let entry = entry_view(state, &e, viewer).await?;
    let status = if error.is_some() { axum::http::StatusCode::CONFLICT } else { axum::http::StatusCode::OK };
    let page = VoteConfirmPage { nav: Nav::new(Some(user), lang), entry, ticket, error, pause_secs: PAUSE_SECS };
    Ok((status, axum::response::Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// A vote from a photo's page or a gallery card: with the proof its script solved; without
/// JavaScript, through a confirmation page and its pause. Then back to the photo, thanked.
pub(crate) async fn vote(
    State(state): State<AppState>,
    lang: Lang,
    user: AuthUser,
    ClientIp(ip): ClientIp,
    UserAgent(user_agent): UserAgent,
    Path(id): Path<i64>,
    form: Result<Form<VoteForm>, axum::extract::rejection::FormRejection>,
) -> AppResult<Response> {
    let f = form.ok().map(|Form(f)| f);
    let (honeypot, pow, pause) = f.map(|f| (f.website, f.altcha, f.pause)).unwrap_or_default();
    if !honeypot.unwrap_or_default().trim().is_empty() {
        tracing::info!(entry = id, voter = user.0.id, "a vote with the honeypot filled was dropped");
        metrics::counter!("declic_votes_dropped_total").increment(1);
        return Ok(Redirect::to(&format!("/e/{id}?voted=1")).into_response());
    }
    let (pow, pause) = (pow.unwrap_or_default(), pause.unwrap_or_default());
    let proof = match (pow.trim().is_empty(), pause.trim().is_empty()) {
        (false, _) => voting::Proof::Work(&pow),
        (true, false) => voting::Proof::Pause(&pause),
        // No script ran: confirm on a page of its own.
        (true, true) => return confirm_page(&state, user.0, lang, id, None).await,
    };
    let origin = voting::VoteOrigin { ip, user_agent };
    match voting::vote(&state, &user.0, id, &origin, proof).await {
        Ok(_) => Ok(Redirect::to(&format!("/e/{id}?voted=1")).into_response()),
        // Too soon or too late on the confirmation page: the page again, with why.
        Err(e) if matches!(proof, voting::Proof::Pause(_)) && matches!(e.code, "pow_too_soon" | "pow_expired") => {
            confirm_page(&state, user.0, lang, id, Some(lang.error(e.code, &e.message))).await
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_page_gets_the_voters_address_and_standing() {
        let shared = "<p class=\"who\"><!--declic:who--></p><ul>\
            <li>1<!--declic:vote:1--><form a></form><!--/declic:vote--></li>\
            <li>2<!--declic:vote:2--><form b></form><!--/declic:vote--></li>\
            <li>3<!--declic:vote:3--><form c></form><!--/declic:vote--></li></ul><!--declic:other-->";
        let voter = User {
            id: 7,
            email: "o'neil@example.org".into(),
            display_name: None,
            role: crate::domain::role::Role::Participant,
            lang: Lang::Fr,
        };
        let cards = VoterCards { voter: 7, own: [2].into(), voted: [3].into() };
        let page = personalise(shared, &voter, &cards, "<p>voted</p>");
        assert_eq!(
            page,
            "<p class=\"who\">o&#39;neil@example.org</p><ul><li>1<form a></form></li><li>2</li>\
             <li>3<p>voted</p></li></ul><!--declic:other-->"
        );
    }
}
