//! A participant's pages: sending a photo (the form is on the contest page) and following one's entries.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use super::{Nav, contest, render};
use crate::db;
use crate::domain::display_name::DisplayName;
use crate::domain::entry::EntryText;
use crate::error::{AppError, AppResult};
use crate::services::entry_views::{EntryView, Viewer, entry_views};
use crate::services::{accounts, submissions};
use crate::state::AppState;
use crate::web::device::Device;
use crate::web::i18n::Lang;
use crate::web::pages::rules::right_line;
use crate::web::session::{self, AuthUser};
use crate::web::upload::read_entry_form;

/// The plain form (no JavaScript): one photo. A refusal shows the form again with what was typed
/// and the error beside its field; the photo has to be chosen again (browsers never refill it).
pub(crate) async fn submit(
    State(state): State<AppState>,
    lang: Lang,
    AuthUser(user): AuthUser,
    Path(slug): Path<String>,
    Device(device): Device,
    multipart: Multipart,
) -> AppResult<Response> {
    let contest = submissions::open_contest(&state, &user, &slug).await?;
    let mut form = read_entry_form(multipart, &state).await?;
    form.fields.device = device;
    // The form asks once for the name photos are credited with (after the photo's own fields).
    let missing_credit = user.credit_name().is_none() && form.fields.credit_name.is_none();
    if let (true, Ok(_)) = (missing_credit, submissions::check_fields(&state, &contest, &form.fields).await) {
        let e = AppError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "credit_required",
            "give the name that goes with your photos (a pseudonym is fine)",
        );
        return contest::with_error(&state, lang, user, &slug, form.fields, &e).await;
    }
    match submissions::submit(&state, &user, &contest, &form.fields, form.photo).await {
        Ok(_) => Ok(Redirect::to("/me?sent=1").into_response()),
        Err(e) if e.status.is_client_error() => contest::with_error(&state, lang, user, &slug, form.fields, &e).await,
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub(crate) struct SentQuery {
    sent: Option<String>,
    edited: Option<String>,
    withdrawn: Option<String>,
    named: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct TextForm {
    title: String,
    description: String,
}

#[derive(Deserialize)]
pub(crate) struct NameForm {
    display_name: String,
}

/// Sets the name the participant is credited with.
pub(crate) async fn set_name(
    State(state): State<AppState>,
    user: AuthUser,
    Form(f): Form<NameForm>,
) -> AppResult<Redirect> {
    let name = DisplayName::parse(&f.display_name)?;
    accounts::set_display_name(&state, &user.0, name).await?;
    Ok(Redirect::to("/me?named=1"))
}

#[derive(Deserialize)]
pub(crate) struct DeleteForm {
    confirm: Option<String>,
}

/// Deletes the participant's account, once confirmed, and signs them out.
pub(crate) async fn delete_account(
    State(state): State<AppState>,
    user: AuthUser,
    jar: CookieJar,
    Form(f): Form<DeleteForm>,
) -> AppResult<(CookieJar, Redirect)> {
    if f.confirm.is_none() {
        return Err(AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "confirmation_required",
            "tick the box to confirm you want your account deleted",
        ));
    }
    accounts::delete_account(&state, &user.0).await?;
    Ok((session::end(&state, jar).await?, Redirect::to("/")))
}

#[derive(Template)]
#[template(path = "withdraw.html")]
struct ConfirmWithdrawal {
    nav: Nav,
    id: i64,
    title: String,
}

/// Asks before withdrawing (the page works without JavaScript).
pub(crate) async fn confirm_withdrawal(
    State(state): State<AppState>,
    lang: Lang,
    user: AuthUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let entry = submissions::own_entry(&state, &user.0, id).await?;
    render(&ConfirmWithdrawal { nav: Nav::new(Some(user.0), lang), id, title: entry.title })
}

/// Withdraws an entry.
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
) -> AppResult<Redirect> {
    submissions::withdraw(&state, &user.0, id).await?;
    Ok(Redirect::to("/me?withdrawn=1"))
}

/// Changes an entry's title and description until it is moderated.
pub(crate) async fn edit(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
    Form(f): Form<TextForm>,
) -> AppResult<Redirect> {
    let text = EntryText::parse(&f.title, &f.description)?;
    submissions::edit_text(&state, &user.0, id, &text).await?;
    Ok(Redirect::to("/me?edited=1"))
}

/// An entry's consent record in words.
struct ConsentSummary {
    rules: String,
    rights: Vec<String>,
    guardian: Option<String>,
}

#[derive(Template)]
#[template(path = "me.html")]
struct MyEntries {
    nav: Nav,
    entries: Vec<EntryView>,
    notice: Option<&'static str>,
    /// What each entry's author declared (same order as `entries`).
    consents: Vec<Option<ConsentSummary>>,
    /// Each entry's contest by name (same order as `entries`; a slug is not for people).
    contests: Vec<String>,
    /// How the participant is credited now, and the name they chose (empty: none).
    credit_name: String,
    display_name: String,
}

pub(crate) async fn my_entries(
    State(state): State<AppState>,
    lang: Lang,
    user: AuthUser,
    Query(q): Query<SentQuery>,
) -> AppResult<Response> {
    let rows = db::entries::of_participant(state.db.pool(), user.0.id).await?;
    let entries = entry_views(&state, &rows, Viewer::Owner).await?;
    let titles: std::collections::HashMap<i64, String> =
        db::contests::list(state.db.pool()).await?.into_iter().map(|c| (c.id, c.title)).collect();
    let contests = rows.iter().map(|r| titles.get(&r.contest_id).cloned().unwrap_or_default()).collect();
    let tz = state.settings.timezone;
    let consents = entries
        .iter()
        .map(|e| {
            e.consent.as_ref().map(|c| ConsentSummary {
                rules: lang.t2(
                    "me-rights",
                    "version",
                    c.rules_version,
                    "date",
                    crate::clock::parse_rfc3339(&c.accepted_at)
                        .map(|ts| crate::readable::date_time(ts, tz, lang))
                        .unwrap_or_default(),
                ),
                rights: c.rights.iter().map(|r| right_line(lang, r).text).collect(),
                guardian: c.guardian_name.clone(),
            })
        })
        .collect();
    let credit_name = user.0.credit_name().unwrap_or_else(|| lang.t("credit-anonymous"));
    let display_name = user.0.display_name.clone().unwrap_or_default();
    render(&MyEntries {
        nav: Nav::new(Some(user.0), lang),
        entries,
        consents,
        contests,
        notice: if q.sent.is_some() {
            Some("me-notice-sent")
        } else if q.edited.is_some() {
            Some("me-notice-edited")
        } else if q.withdrawn.is_some() {
            Some("me-notice-withdrawn")
        } else if q.named.is_some() {
            Some("me-notice-named")
        } else {
            None
        },
        credit_name,
        display_name,
    })
}
