//! Admin pages about people: the team (invitations by email, roles taken back) and the list of
//! accounts with erasure on request (after a confirmation page).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::db;
use crate::domain::role::{Capability, Role};
use crate::error::{AppError, AppResult};
use crate::services::staff::{self, InvitationInput, StaffMember};
use crate::services::{accounts, people};
use crate::state::AppState;
use crate::web::i18n::Lang;
use crate::web::pages::{Nav, render};
use crate::web::session::AuthUser;

/// The roles a person may be invited with: (code, name in the page's language, chosen).
fn role_choices(lang: Lang, chosen: &str) -> Vec<(&'static str, String, bool)> {
    [Role::Moderator, Role::Jury, Role::Admin]
        .into_iter()
        .map(|r| (r.as_str(), role_name(lang, r), r.as_str() == chosen))
        .collect()
}

fn role_name(lang: Lang, role: Role) -> String {
    lang.t(&format!("role-{}", role.as_str()))
}

#[derive(Template)]
#[template(path = "admin_staff.html")]
struct StaffPage {
    nav: Nav,
    /// (member, role name, whether it is the reader).
    members: Vec<(StaffMember, String, bool)>,
    roles: Vec<(&'static str, String, bool)>,
    /// What was typed when an invitation was refused, and why.
    email: String,
    error: Option<String>,
    notice: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct StaffQuery {
    invited: Option<String>,
    removed: Option<String>,
}

pub(crate) async fn staff_page(
    State(state): State<AppState>,
    lang: Lang,
    user: AuthUser,
    Query(q): Query<StaffQuery>,
) -> AppResult<Response> {
    let notice = match (q.invited, q.removed) {
        (Some(_), _) => Some(lang.t("staff-invited")),
        (_, Some(_)) => Some(lang.t("staff-removed")),
        _ => None,
    };
    staff_view(&state, lang, user, String::new(), "jury".into(), None, notice).await
}

async fn staff_view(
    state: &AppState,
    lang: Lang,
    user: AuthUser,
    email: String,
    role: String,
    error: Option<String>,
    notice: Option<String>,
) -> AppResult<Response> {
    let admin = user.require(Capability::Administer)?;
    let members = staff::list(state, admin)
        .await?
        .into_iter()
        .map(|m| {
            let name = role_name(lang, m.role);
            let me = m.id == admin.id;
            (m, name, me)
        })
        .collect();
    render(&StaffPage {
        nav: Nav::new(Some(user.0), lang),
        members,
        roles: role_choices(lang, &role),
        email,
        error,
        notice,
    })
}

#[derive(Deserialize)]
pub(crate) struct InviteForm {
    email: String,
    role: String,
}

/// Sends an invitation from the team page; a refusal shows the page again with the reason.
pub(crate) async fn invite(
    State(state): State<AppState>,
    lang: Lang,
    user: AuthUser,
    Form(f): Form<InviteForm>,
) -> AppResult<Response> {
    let admin = user.require(Capability::Administer)?;
    let input = InvitationInput { email: f.email.clone(), role: f.role.clone() };
    let done = match input.parse() {
        Ok(inv) => staff::invite(&state, admin, &inv, lang).await,
        Err(e) => Err(e.into()),
    };
    match done {
        Ok(_) => Ok(Redirect::to("/admin/staff?invited=1").into_response()),
        Err(e) if e.status.is_client_error() && e.status != StatusCode::FORBIDDEN => {
            let status = e.status;
            let message = lang.error(e.code, &e.message);
            let mut res = staff_view(&state, lang, user, f.email, f.role, Some(message), None).await?;
            *res.status_mut() = status;
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

/// Takes a member's role back (the button on the team page).
pub(crate) async fn remove_role(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
) -> AppResult<Redirect> {
    let admin = user.require(Capability::Administer)?;
    staff::remove_role(&state, admin, id).await?;
    Ok(Redirect::to("/admin/staff?removed=1"))
}

/// One account as the list shows it.
struct PersonRow {
    id: i64,
    email: String,
    name: String,
    role: String,
    entries: i64,
    /// Participants are erased here; staff lose their role first.
    erasable: bool,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    nav: Nav,
    q: String,
    people: Vec<PersonRow>,
    /// The link to the next page, if any.
    next: Option<String>,
    notice: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct UsersQuery {
    q: Option<String>,
    after: Option<i64>,
    erased: Option<i64>,
    kept: Option<i64>,
}

pub(crate) async fn users_page(
    State(state): State<AppState>,
    lang: Lang,
    user: AuthUser,
    Query(q): Query<UsersQuery>,
) -> AppResult<Response> {
    let admin = user.require(Capability::Administer)?;
    let needle = q.q.unwrap_or_default();
    let page = people::search(&state, admin, &needle, q.after.unwrap_or(0)).await?;
    let next = page.next.map(|after| {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", &needle)
            .append_pair("after", &after.to_string())
            .finish();
        format!("/admin/users?{query}")
    });
    let people = page
        .people
        .into_iter()
        .map(|p| PersonRow {
            id: p.user.id,
            name: p.user.display_name.clone().unwrap_or_default(),
            role: role_name(lang, p.user.role),
            erasable: p.user.role == Role::Participant,
            email: p.user.email,
            entries: p.entries,
        })
        .collect();
    let notice = q.erased.map(|n| lang.t2("users-erased", "withdrawn", n, "kept", q.kept.unwrap_or(0)));
    render(&UsersPage { nav: Nav::new(Some(user.0), lang), q: needle, people, next, notice })
}

#[derive(Template)]
#[template(path = "admin_erase.html")]
struct ErasePage {
    nav: Nav,
    id: i64,
    email: String,
    entries: i64,
}

/// The confirmation step before erasing a person.
pub(crate) async fn confirm_erase(
    State(state): State<AppState>,
    lang: Lang,
    user: AuthUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    user.require(Capability::Administer)?;
    let person = db::users::find(state.db.pool(), id)
        .await?
        .filter(|u| !u.is_erased())
        .ok_or_else(|| AppError::not_found("user_not_found", "there is no such account"))?;
    if person.role != Role::Participant {
        return Err(AppError::new(StatusCode::FORBIDDEN, "staff_account", "staff accounts lose their role first"));
    }
    let entries = db::entries::of_participant(state.db.pool(), id).await?.len() as i64;
    render(&ErasePage { nav: Nav::new(Some(user.0), lang), id, email: person.email, entries })
}

/// Erases a person at their request (the confirmation page's button).
pub(crate) async fn erase(State(state): State<AppState>, user: AuthUser, Path(id): Path<i64>) -> AppResult<Redirect> {
    let admin = user.require(Capability::Administer)?;
    let done = accounts::erase_on_request(&state, admin, id).await?;
    Ok(Redirect::to(&format!("/admin/users?erased={}&kept={}", done.entries_withdrawn, done.kept_cover_winners)))
}
