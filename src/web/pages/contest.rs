//! A contest's page: its timetable, rules and cover slots, and the form to send photos (several
//! at once, resumable, with JavaScript; one per submission without). When the plain form is
//! refused, the page comes back with what was typed and the error next to its field.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

use super::{Nav, render};
use crate::clock;
use crate::db::{
    self,
    contests::{Category, ContestRow},
    users::User,
};
use crate::domain::consent::Rights;
use crate::domain::hash::Blake3Hash;
use crate::error::{AppError, AppResult};
use crate::readable;
use crate::services::campaign::{self, StepState};
use crate::services::contest_by_slug;
use crate::services::contests::view;
use crate::services::covers::mockups;
use crate::services::entry_views::EntryView;
use crate::services::submissions::EntryFields;
use crate::state::AppState;
use crate::storage::BlobKey;
use crate::web::i18n::Lang;
use crate::web::pages::home::{countdown, photo_count};
use crate::web::pages::rules::{RightLine, right_lines};
use crate::web::pages::share::ShareCard;
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
    /// The error's message, to show beside the field `id` it is about (`""`: an error about no
    /// field in particular, shown at the top of the form).
    pub(crate) fn error_at(&self, id: &str) -> Option<&str> {
        let here = match self.field {
            Some(f) => f == id,
            None => id.is_empty(),
        };
        self.message.as_deref().filter(|_| here)
    }

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

    /// The guardian's name: as typed, else as consented last time.
    pub(crate) fn guardian<'a>(&'a self, remembered: &'a Option<RememberedConsent>) -> &'a str {
        match (self.message.is_some(), remembered) {
            (false, Some(RememberedConsent { guardian_name: Some(name), .. })) => name,
            _ => self.guardian_name(),
        }
    }

    pub(crate) fn guardian_consent(&self) -> bool {
        self.fields.consent.guardian_consent
    }

    /// The one tick for authorship, the rules and the rights.
    pub(crate) fn agreed(&self) -> bool {
        let c = &self.fields.consent;
        c.agree_all || (c.took_photo && c.accept_rules)
    }

    /// The previous answer to `people` or `minor`: what was typed, else what was consented to
    /// last time (the form offers it again).
    pub(crate) fn chosen(&self, name: &str, value: &str, remembered: &Option<RememberedConsent>) -> bool {
        if self.message.is_some() {
            return self.answered(name, value);
        }
        remembered.as_ref().is_some_and(|r| match name {
            "people" => r.people == value,
            _ => (value == "yes") == r.guardian_name.is_some(),
        })
    }
}

/// The consent a participant gave for their last photos of this contest under the same rules:
/// shown, and given again in one tap.
pub(crate) struct RememberedConsent {
    /// « 6 décembre 2026 ».
    pub(crate) when: String,
    /// `none` or `agreed`.
    pub(crate) people: String,
    pub(crate) guardian_name: Option<String>,
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
        "authorship_required" | "rules_required" | "rules_changed" | "rights_required" | "unknown_right" => "agree",
        "people_answer_required" | "people_consent_required" => "people",
        "age_answer_required" => "minor",
        "guardian_required" => "guardian_name",
        "credit_required" | "invalid_display_name" => "credit_name",
        _ => return None,
    })
}

/// A step of the timetable as the landing page shows it.
pub(crate) struct StepLine {
    pub(crate) name: String,
    /// « du 6 au 20 décembre 2026 », « le 6 janvier 2027 à 18 h ».
    pub(crate) when: String,
    /// `past`, `now` or `later` (the step's style).
    pub(crate) state: &'static str,
}

/// A cover to illustrate: its name, size in words, and its mockup when staff gave one.
pub(crate) struct CoverCard {
    pub(crate) name: String,
    pub(crate) line: String,
    pub(crate) mockup: Option<String>,
}

#[derive(Template)]
#[template(path = "contest.html")]
struct ContestPage {
    nav: Nav,
    contest: ContestRow,
    phase: &'static str,
    /// The sentence counting down to the next date.
    countdown: Option<String>,
    /// The gallery's button: « Voir les 12 photos ».
    gallery_button: String,
    /// The image staff chose for the top of the page (else the mosaic).
    hero: Option<String>,
    /// The latest approved photos (the hero's mosaic and the strip).
    recent: Vec<EntryView>,
    steps: Vec<StepLine>,
    covers: Vec<CoverCard>,
    /// The rules' opening, to read before the whole text.
    rules_summary: String,
    card: ShareCard,
    accepts_submissions: bool,
    categories: Vec<Category>,
    /// The contest's list of places (empty: free text).
    places: Vec<String>,
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
    /// Their consent for their last photos here, under these rules.
    remembered: Option<RememberedConsent>,
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
        "add": t("upload-add-photos"),
        "addMore": t("upload-add-more"),
    })
}

/// The opening of the rules, cut at a word under `max` characters (the whole text is a link away).
fn summary(rules: &str, max: usize) -> String {
    let first = rules.trim().split("\n\n").next().unwrap_or_default().trim();
    if first.chars().count() <= max {
        return first.to_string();
    }
    let cut: String = first.chars().take(max).collect();
    let cut = cut.rsplit_once(char::is_whitespace).map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace()))
}

/// A cover slot's mockup, public: the landing page shows the covers to illustrate.
pub(crate) async fn cover_mockup(
    State(state): State<AppState>,
    Path((slug, slot)): Path<(String, String)>,
) -> AppResult<Response> {
    let c = contest_by_slug(&state, &slug).await?;
    let missing = || AppError::not_found("no_such_file", "this cover has no mockup");
    let s = db::covers::find(state.db.pool(), c.id, &slot).await?.ok_or_else(missing)?;
    let hash = s.mockup_hash.as_deref().ok_or_else(missing)?;
    let key = BlobKey::mockup(&Blake3Hash::parse(hash).map_err(AppError::from)?);
    let bytes = mockups::read(&state, &key).await?.ok_or_else(missing)?;
    let headers = [(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, "public, max-age=3600")];
    Ok((headers, bytes).into_response())
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
    let show = campaign::showcase(&state, &c, 8).await?;
    let card = ShareCard::new(
        &state,
        &format!("/c/{}", c.slug),
        c.title.clone(),
        if c.description.is_empty() { summary(&c.rules, 200) } else { c.description.clone() },
        show.recent.first(),
    );
    let steps = campaign::steps(&c, now)
        .into_iter()
        .map(|st| StepLine {
            name: lang.t(st.name),
            when: if st.from == st.to {
                lang.t1("step-on", "date", readable::date_time(st.from, tz, lang))
            } else {
                readable::date_range(st.from, st.to, tz, lang)
            },
            state: match st.state {
                StepState::Past => "past",
                StepState::Now => "now",
                StepState::Later => "later",
            },
        })
        .collect();
    let with_mockup: Vec<String> = db::covers::list(state.db.pool(), c.id)
        .await?
        .into_iter()
        .filter(|s| s.mockup_hash.is_some())
        .map(|s| s.slug)
        .collect();
    let rights = Rights::parse(&v.rights).map_err(AppError::from)?;
    let remembered = match user.as_ref() {
        Some(u) if u.role == crate::domain::role::Role::Participant => {
            db::consents::latest_of(state.db.pool(), u.id, c.id, c.rules_version).await?.map(|r| RememberedConsent {
                when: readable::date(r.accepted_at, tz, lang),
                people: r.people,
                guardian_name: r.guardian_name.filter(|_| r.minor == 1),
            })
        }
        _ => None,
    };
    let slot_pixels: Vec<[u32; 2]> =
        v.cover_slots.iter().map(|s| [s.required_width_px, s.required_height_px]).collect();
    Ok(ContestPage {
        needs_credit: user.as_ref().is_some_and(|u| u.credit_name().is_none()),
        nav: Nav::new(user, lang).in_contest(&state, &c),
        phase: s.phase(now).message_id(),
        countdown: countdown(&c, now, tz, lang),
        gallery_button: match show.approved {
            0 => lang.t("contest-gallery-link"),
            n => lang.t1("contest-gallery-photos", "photos", photo_count(n, lang)),
        },
        hero: crate::services::theme::hero_url(&state, &c),
        recent: show.recent,
        steps,
        rules_summary: summary(&c.rules, 320),
        card,
        accepts_submissions: s.accepts_submissions(now),
        categories: db::contests::categories(state.db.pool(), c.id).await?,
        places: v.places,
        covers: v
            .cover_slots
            .iter()
            .map(|s| CoverCard {
                name: s.name.clone(),
                line: lang.tn(
                    "contest-cover-size",
                    &[
                        ("width", readable::measure(s.trim_width_mm, lang)),
                        ("height", readable::measure(s.trim_height_mm, lang)),
                    ],
                ),
                mockup: with_mockup.contains(&s.slug).then(|| format!("/c/{}/covers/{}/mockup.png", c.slug, s.slug)),
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
        remembered,
    })
}
