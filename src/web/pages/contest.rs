//! A contest's page: its timetable, rules and cover slots, and the form to send photos (several
//! at once, resumable, with JavaScript; one per submission without). When the plain form is
//! refused, the page comes back with what was typed and the error next to its field.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};

use super::{Nav, render};
use crate::clock;
use crate::db::{
    self,
    contests::{Category, ContestRow},
    users::User,
};
use crate::domain::consent::Rights;
use crate::error::{AppError, AppResult};
use crate::services::contest_by_slug;
use crate::services::contests::view;
use crate::services::submissions::EntryFields;
use crate::state::AppState;
use crate::web::i18n::Lang;
use crate::web::pages::rules::{RightLine, right_lines};
use crate::web::session::MaybeUser;

/// The plain form's previous answers and its error.
#[derive(Default)]
pub(crate) struct FormEcho {
    fields: EntryFields,
    /// The id of the field the error is about.
    field: Option<&'static str>,
    message: Option<String>,
}

impl FormEcho {
    /// Whether the error is about the field `id` (for `aria-invalid`).
    pub(crate) fn invalid(&self, id: &str) -> bool {
        self.field == Some(id)
    }

    pub(crate) fn title(&self) -> &str {
        &self.fields.title
    }

    pub(crate) fn description(&self) -> &str {
        &self.fields.description
    }

    pub(crate) fn credit_name(&self) -> &str {
        self.fields.credit_name.as_deref().unwrap_or("")
    }

    pub(crate) fn place(&self) -> &str {
        self.fields.place.as_deref().unwrap_or("")
    }

    pub(crate) fn category_is(&self, id: &i64) -> bool {
        self.fields.category.as_deref() == Some(id.to_string().as_str())
    }

    pub(crate) fn place_is(&self, name: &str) -> bool {
        self.fields.place.as_deref() == Some(name)
    }

    pub(crate) fn took_photo(&self) -> bool {
        self.fields.consent.took_photo
    }

    pub(crate) fn accept_rules(&self) -> bool {
        self.fields.consent.accept_rules
    }

    pub(crate) fn granted(&self, code: &str) -> bool {
        self.fields.consent.grants.iter().any(|g| g == code)
    }

    pub(crate) fn answered(&self, name: &str, value: &str) -> bool {
        let answer = match name {
            "people" => &self.fields.consent.people,
            _ => &self.fields.consent.minor,
        };
        answer.as_deref() == Some(value)
    }

    pub(crate) fn guardian_name(&self) -> &str {
        self.fields.consent.guardian_name.as_deref().unwrap_or("")
    }

    pub(crate) fn guardian_consent(&self) -> bool {
        self.fields.consent.guardian_consent
    }
}

/// The form field an error code is about.
fn field_of(code: &str) -> Option<&'static str> {
    Some(match code {
        "photo_required"
        | "file_too_large"
        | "unsupported_format"
        | "corrupt_image"
        | "too_many_pixels"
        | "image_too_large"
        | "decode_limit"
        | "already_entered"
        | "invalid_upload"
        | "one_photo_per_entry" => "photo",
        "invalid_title" => "title",
        "invalid_description" => "description",
        "category_required" | "unknown_category" => "category",
        "unknown_place" | "invalid_place" => "place",
        "authorship_required" => "took_photo",
        "rules_required" | "rules_changed" => "accept_rules",
        "rights_required" | "unknown_right" => "rights",
        "people_answer_required" | "people_consent_required" => "people",
        "age_answer_required" => "minor",
        "guardian_required" => "guardian_name",
        "credit_required" | "invalid_display_name" => "credit_name",
        _ => return None,
    })
}

#[derive(Template)]
#[template(path = "contest.html")]
struct ContestPage {
    nav: Nav,
    contest: ContestRow,
    phase: &'static str,
    submissions_open: String,
    submissions_close: String,
    vote_open: String,
    vote_close: String,
    results: String,
    accepts_submissions: bool,
    categories: Vec<Category>,
    /// The contest's list of places (empty: free text).
    places: Vec<String>,
    /// Each cover slot in words.
    cover_lines: Vec<String>,
    /// The rights the current rules ask for, in words.
    rights: Vec<RightLine>,
    max_mb: u64,
    max_bytes: u64,
    /// The visitor has no credit yet: the form asks for one.
    needs_credit: bool,
    /// `[[width, height], …]` pixels each cover slot needs, for the page's early warning.
    slot_pixels: String,
    /// The upload script's texts (JSON, safe inside `<script>`).
    texts: String,
    /// Error messages by code, for the upload script (the API answers with codes).
    messages: String,
    /// What the participant sent, when the plain form is shown again with an error.
    echo: FormEcho,
}

/// JSON that cannot close the `<script>` element it sits in.
fn script_json(value: &impl serde::Serialize) -> AppResult<String> {
    Ok(serde_json::to_string(value).map_err(AppError::internal)?.replace('<', "\\u003c"))
}

/// The texts of the upload script, with `{name}` where it puts a value.
fn upload_texts(lang: Lang, max_mb: u64) -> serde_json::Value {
    let t = |id: &str| lang.t(id);
    let ph =
        |id: &str, names: &[&str]| lang.tn(id, &names.iter().map(|n| (*n, format!("{{{n}}}"))).collect::<Vec<_>>());
    serde_json::json!({
        "queued": t("upload-state-queued"),
        "uploading": ph("upload-state-uploading", &["percent"]),
        "retrying": ph("upload-state-retrying", &["seconds"]),
        "done": t("upload-state-done"),
        "cancelled": t("upload-state-cancelled"),
        "error": ph("upload-state-error", &["message"]),
        "format": t("upload-check-format"),
        "size": lang.t1("upload-check-size", "mb", max_mb),
        "lowres": ph("upload-check-low-res", &["width", "height", "need"]),
        "fields": t("upload-check-fields"),
        "item": ph("upload-item-label", &["n", "name"]),
        "cancel": t("upload-cancel"),
        "remove": t("upload-remove"),
        "summaryOne": lang.tn("upload-summary", &[("done", "{done}".into()), ("total", "1".into())]),
        "summaryOther": ph("upload-summary", &["done", "total"]),
        "allDone": t("upload-all-done"),
        "seeMine": t("upload-see-mine"),
        "submit": t("upload-submit-js"),
    })
}

pub(crate) async fn contest(
    State(state): State<AppState>,
    lang: Lang,
    MaybeUser(user): MaybeUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    render(&page(&state, lang, user, &slug, FormEcho::default()).await?)
}

/// The contest page showing the plain form again with what was sent and the error, tied to its
/// field (the visitor had no JavaScript, or it failed).
pub(crate) async fn with_error(
    state: &AppState,
    lang: Lang,
    user: User,
    slug: &str,
    fields: EntryFields,
    error: &AppError,
) -> AppResult<Response> {
    let echo = FormEcho { message: Some(lang.error(error.code, &error.message)), field: field_of(error.code), fields };
    let html = page(state, lang, Some(user), slug, echo).await?.render().map_err(AppError::internal)?;
    Ok((error.status, Html(html)).into_response())
}

async fn page(state: &AppState, lang: Lang, user: Option<User>, slug: &str, echo: FormEcho) -> AppResult<ContestPage> {
    let state = state.clone();
    let c = contest_by_slug(&state, slug).await?;
    let now = clock::now();
    let tz = state.settings.timezone;
    let v = view(&state, &c).await?;
    let s = c.schedule();
    let when = |ts| clock::human_in(ts, tz, lang);
    let rights = Rights::parse(&v.rights).map_err(AppError::from)?;
    let slot_pixels: Vec<[u32; 2]> =
        v.cover_slots.iter().map(|s| [s.required_width_px, s.required_height_px]).collect();
    Ok(ContestPage {
        needs_credit: user.as_ref().is_some_and(|u| u.credit_name().is_none()),
        nav: Nav::new(user, lang).in_contest(&state, &c),
        phase: s.phase(now).message_id(),
        submissions_open: when(s.submissions.opens_at),
        submissions_close: when(s.submissions.closes_at),
        vote_open: when(s.vote.opens_at),
        vote_close: when(s.vote.closes_at),
        results: when(s.results_at),
        accepts_submissions: s.accepts_submissions(now),
        categories: db::contests::categories(state.db.pool(), c.id).await?,
        places: v.places,
        cover_lines: v
            .cover_slots
            .iter()
            .map(|s| {
                lang.tn(
                    "contest-cover-line",
                    &[
                        ("name", s.name.clone()),
                        ("width", s.trim_width_mm.to_string()),
                        ("height", s.trim_height_mm.to_string()),
                        ("pxw", s.required_width_px.to_string()),
                        ("pxh", s.required_height_px.to_string()),
                    ],
                )
            })
            .collect(),
        rights: right_lines(lang, &rights),
        max_mb: state.settings.media.max_upload_bytes / 1_000_000,
        max_bytes: state.settings.media.max_upload_bytes,
        slot_pixels: script_json(&slot_pixels)?,
        texts: script_json(&upload_texts(lang, state.settings.media.max_upload_bytes / 1_000_000))?,
        messages: script_json(&lang.messages_with_prefix("error-"))?,
        contest: c,
        echo,
    })
}
