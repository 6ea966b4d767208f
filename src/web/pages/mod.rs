//! Server-rendered pages (askama), French first, working without JavaScript.
//! Errors from handlers are turned into HTML pages here; a 401 sends the visitor to the login page.

pub(crate) mod admin;
pub(crate) mod auth;
pub(crate) mod contest;
pub(crate) mod embed;
pub(crate) mod gallery;
pub(crate) mod home;
pub(crate) mod jury;
pub(crate) mod moderation;
pub(crate) mod participant;
pub(crate) mod results;
pub(crate) mod rules;
pub(crate) mod share;

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use crate::db::users::User;
use crate::domain::role::{Capability, Role};
use crate::error::{AppError, AppResult, ErrorInfo};
use crate::state::AppState;
use crate::web::i18n::{self, Lang};
use crate::web::state::WebState;

/// What the layout needs on every page: who is signed in, and the language (with its texts).
pub(crate) struct Nav {
    pub(crate) user: Option<User>,
    pub(crate) lang: Lang,
    /// The contest's own look on its pages: its stylesheet, and its logo with its name.
    pub(crate) theme: Option<String>,
    pub(crate) logo: Option<(String, String)>,
    /// A page every signed-in voter shares: who is signed in is a marker filled per request.
    pub(crate) shared: bool,
}

impl Nav {
    pub(crate) fn new(user: Option<User>, lang: Lang) -> Self {
        Nav { user, lang, theme: None, logo: None, shared: false }
    }

    /// The layout in the contest's colours, with its logo.
    pub(crate) fn in_contest(mut self, state: &AppState, c: &crate::db::contests::ContestRow) -> Self {
        self.theme = crate::services::theme::theme_url(c);
        self.logo = crate::services::theme::logo_url(state, c).map(|url| (url, c.title.clone()));
        self
    }

    /// A text in the page's language.
    pub(crate) fn t(&self, id: &str) -> String {
        self.lang.t(id)
    }

    pub(crate) fn t1(&self, id: &str, name: &str, value: impl ToString) -> String {
        self.lang.t1(id, name, value)
    }

    pub(crate) fn t2(&self, id: &str, n1: &str, v1: impl ToString, n2: &str, v2: impl ToString) -> String {
        self.lang.t2(id, n1, v1, n2, v2)
    }

    /// The other languages, for the switch.
    pub(crate) fn other_langs(&self) -> Vec<Lang> {
        Lang::ALL.into_iter().filter(|l| *l != self.lang).collect()
    }
    fn has(&self, cap: Capability) -> bool {
        self.user.as_ref().is_some_and(|u| u.role.can(cap))
    }
    pub(crate) fn is_participant(&self) -> bool {
        self.has(Capability::Participate)
    }
    pub(crate) fn is_moderator(&self) -> bool {
        self.has(Capability::Moderate)
    }
    pub(crate) fn is_jury(&self) -> bool {
        self.user.as_ref().is_some_and(|u| matches!(u.role, Role::Jury | Role::Moderator))
    }
    pub(crate) fn is_admin(&self) -> bool {
        self.has(Capability::Administer)
    }
}

/// Renders a template to an HTML response.
pub(crate) fn render(t: &impl Template) -> AppResult<Response> {
    Ok(Html(t.render().map_err(AppError::internal)?).into_response())
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    nav: Nav,
    message: String,
}

pub(crate) fn routes() -> Router<WebState> {
    Router::new()
        .route("/", get(home::home))
        .route("/c/{slug}", get(contest::contest))
        .route("/c/{slug}/gallery", get(gallery::gallery))
        .route("/c/{slug}/covers/{slot}/mockup.png", get(contest::cover_mockup))
        .route("/c/{slug}/embed", get(embed::embed))
        .route("/c/{slug}/theme.css", get(embed::theme_css))
        .route(
            "/admin/c/{slug}/theme",
            post(admin::theme::save).layer(DefaultBodyLimit::max(crate::services::theme::MAX_HERO_BYTES + 3_000_000)),
        )
        .route("/c/{slug}/rules", get(rules::current))
        .route("/c/{slug}/results", get(results::page))
        .route("/c/{slug}/rules/{version}", get(rules::version))
        .route("/lang", post(i18n::switch))
        .route("/e/{id}", get(gallery::entry))
        .route("/e/{id}/vote", post(gallery::vote))
        .route("/e/{id}/share.jpg", get(share::image))
        .route("/e/{id}/report", post(gallery::report))
        .route("/login", get(auth::login_page))
        .route("/login/magic-link", post(auth::magic_link))
        .route("/login/code", get(auth::code_page).post(auth::code))
        .route("/login/team", get(auth::team_page))
        .route("/login/password", post(auth::password))
        .route("/logout", post(auth::logout))
        .route("/auth/verify", get(auth::verify))
        .route("/me", get(participant::my_entries))
        .route("/me/name", post(participant::set_name))
        .route("/me/delete", post(participant::delete_account))
        .route("/me/entries/{id}", post(participant::edit))
        .route("/me/entries/{id}/withdraw", get(participant::confirm_withdrawal).post(participant::withdraw))
        .route("/moderation", get(moderation::moderation))
        .route("/moderation/{id}", post(moderation::moderate))
        .route("/moderation/{id}/undo", post(moderation::undo))
        .route("/moderation/e/{id}", get(moderation::entry))
        .route("/moderation/approve", post(moderation::approve_many))
        .route("/moderation/alerts", post(moderation::set_alerts))
        .route("/moderation/reasons", post(moderation::add_reason))
        .route("/moderation/reasons/{id}/delete", post(moderation::remove_reason))
        .route("/moderation/entries/{id}/hidden", post(moderation::set_hidden))
        .route("/moderation/entries/{id}/reprocess", post(moderation::reprocess))
        .route("/moderation/reports/{id}/dismiss", post(moderation::dismiss))
        .route("/jury", get(jury::jury))
        .route("/jury/r/{id}", get(jury::round))
        .route("/jury/r/{id}/{n}", get(jury::photo).post(jury::save))
        .route("/jury/r/{id}/{n}/recuse", post(jury::recuse))
        .route("/admin", get(admin::home))
        .route("/admin/mail/{id}/resend", post(admin::resend_mail))
        .route("/admin/audit", get(admin::audit::page))
        .route("/admin/staff", get(admin::people::staff_page))
        .route("/admin/staff/invite", post(admin::people::invite))
        .route("/admin/staff/{id}/remove", post(admin::people::remove_role))
        .route("/admin/users", get(admin::people::users_page))
        .route("/admin/users/{id}/erase", get(admin::people::confirm_erase).post(admin::people::erase))
        .route("/admin/contests", post(admin::create_contest))
        .route("/admin/c/{slug}", get(admin::contest))
        .route("/admin/c/{slug}/covers", get(admin::cover_sheet::page).post(admin::add_cover))
        .route(
            "/admin/c/{slug}/covers/{slot}/mockup",
            post(admin::cover_sheet::save_mockup).layer(DefaultBodyLimit::max(admin::cover_sheet::MOCKUP_FORM_LIMIT)),
        )
        .route("/admin/c/{slug}/covers/{slot}/reserves", post(admin::cover_sheet::save_reserves))
        .route("/admin/c/{slug}/covers/{slot}/withdraw", post(admin::cover_sheet::withdraw))
        .route("/admin/c/{slug}/covers/{slot}/spec", post(admin::cover_sheet::save_spec))
        .route("/admin/c/{slug}/covers/{slot}/remove", post(admin::cover_sheet::remove))
        .route("/admin/c/{slug}/setup", post(admin::save_setup))
        .route("/admin/c/{slug}/dashboard", get(admin::dashboard::page))
        .route("/admin/c/{slug}/copy", get(admin::copy::page).post(admin::copy::copy))
        .route("/admin/c/{slug}/look", get(admin::theme::page))
        .route("/admin/c/{slug}/rules", post(admin::publish_rules))
        .route("/admin/c/{slug}/crop", get(admin::covers::editor).post(admin::covers::save))
        .route("/admin/c/{slug}/notify-winners", post(admin::covers::notify))
        .route("/admin/c/{slug}/results", post(admin::save_results_settings))
        .route("/admin/c/{slug}/retention", post(admin::save_retention))
        .route("/admin/c/{slug}/votes", get(admin::votes::page))
        .route("/admin/c/{slug}/jury", get(admin::jury::page))
        .route("/admin/c/{slug}/criteria", post(admin::jury::save_criteria))
        .route("/admin/c/{slug}/rounds", post(admin::jury::create_round))
        .route("/admin/c/{slug}/rounds/{id}", post(admin::jury::round_action))
        .route("/admin/c/{slug}/voting", post(admin::votes::save))
        .route("/admin/c/{slug}/votes/{id}", post(admin::votes::review))
        .layer(middleware::from_fn(html_errors))
}

/// The page upload route: outside the request timeout, with a body limit sized for photos.
pub(crate) fn upload_routes(state: &WebState) -> Router<WebState> {
    let limit = state.settings.media.max_upload_bytes as usize + 256 * 1024;
    Router::new()
        .route("/c/{slug}/entries", post(participant::submit))
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn_with_state(state.clone(), crate::web::upload_pace::pace))
        .layer(middleware::from_fn(html_errors))
}

/// Re-renders error responses as pages, in the visitor's language.
async fn html_errors(req: Request, next: Next) -> Response {
    let lang = i18n::lang_of(req.headers());
    let target = req.uri().path_and_query().map(|p| p.to_string()).unwrap_or_else(|| "/".into());
    let is_get = req.method() == axum::http::Method::GET;
    let res = next.run(req).await;
    let Some(info) = res.extensions().get::<ErrorInfo>().cloned() else { return res };
    if info.code == "unauthenticated" {
        let next = if is_get { target } else { "/".into() };
        let query = url::form_urlencoded::Serializer::new(String::new()).append_pair("next", &next).finish();
        return Redirect::to(&format!("/login?{query}")).into_response();
    }
    let message = lang.error(info.code, &info.message);
    let page = ErrorPage { nav: Nav::new(None, lang), message };
    match page.render() {
        Ok(html) => {
            let mut page = (info.status, Html(html)).into_response();
            // "Try again in a moment" stays said to the browser and to proxies.
            if let Some(retry) = res.headers().get(axum::http::header::RETRY_AFTER) {
                page.headers_mut().insert(axum::http::header::RETRY_AFTER, retry.clone());
            }
            page
        }
        Err(_) => res,
    }
}
