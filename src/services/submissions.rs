//! Submitting an entry: checks, then the original is durably stored under its hash, then the entry
//! and its processing job are committed in one transaction. Only then is the upload acknowledged.

use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sqlx::AnyExecutor;
use utoipa::ToSchema;

use crate::clock;
use crate::db::{self, contests::ContestRow, entries::EntryRow, entries::NewEntry, users::User};
use crate::domain::consent::{Consent, ConsentAnswers};
use crate::domain::device::DeviceClass;
use crate::domain::entry::{EntryStatus, EntryText};
use crate::domain::hash::Blake3Hash;
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult, is_unique_violation};
use crate::jobs::{self, Job};
use crate::media::{self, MediaError};
use crate::services::staging::StagedPhoto;
use crate::state::AppState;
use crate::storage::{BlobKey, content_type_of};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct Submitted {
    pub id: i64,
    pub status: EntryStatus,
    /// Another participant's earlier entry with the very same file (flagged to moderators).
    pub duplicate_of: Option<i64>,
}

impl From<MediaError> for AppError {
    fn from(e: MediaError) -> Self {
        let status = match e {
            MediaError::Unsupported(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            MediaError::DecoderUnavailable(ref detail) => {
                return AppError::new(StatusCode::SERVICE_UNAVAILABLE, e.code(), e.to_string())
                    .with_cause(anyhow::anyhow!("{detail}"));
            }
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        AppError::new(status, e.code(), e.to_string())
    }
}

fn already_entered() -> AppError {
    AppError::conflict("already_entered", "you already entered this photo in this contest")
}

/// The contest `user` may submit to now; checked before the photo is received.
pub(crate) async fn open_contest(state: &AppState, user: &User, slug: &str) -> AppResult<ContestRow> {
    if !user.role.can(Capability::Participate) {
        return Err(AppError::forbidden());
    }
    let contest = super::contest_by_slug(state, slug).await?;
    ensure_open(&contest, clock::now())?;
    ensure_quota(state.db.pool(), &contest, user).await?;
    Ok(contest)
}

/// Refuses a participant who already has the contest's number of live entries.
async fn ensure_quota(ex: impl AnyExecutor<'_>, contest: &ContestRow, user: &User) -> AppResult<()> {
    let live = db::entries::count_live_of(ex, contest.id, user.id).await?;
    if live < contest.max_entries_per_participant {
        return Ok(());
    }
    Err(AppError::conflict(
        "quota_reached",
        format!(
            "you already have {live} photos in this contest, the most it allows per participant; \
             a photo that is rejected or that you withdraw frees its place"
        ),
    ))
}

fn ensure_open(contest: &ContestRow, now: i64) -> AppResult<()> {
    if contest.schedule().accepts_submissions(now) {
        Ok(())
    } else {
        Err(AppError::conflict("submissions_closed", "this contest is not accepting photos at the moment"))
    }
}

/// The entry's place: one of the contest's places when it lists some, else free text (optional).
async fn place_of(state: &AppState, contest: &ContestRow, raw: Option<&str>) -> AppResult<Option<String>> {
    let Some(raw) = raw.map(str::trim).filter(|p| !p.is_empty()) else { return Ok(None) };
    let places = db::contests::places(state.db.pool(), contest.id).await?;
    if places.is_empty() {
        return Ok(Some(crate::domain::bounded_text(raw, 1, 120, "invalid_place", "the place")?));
    }
    places.into_iter().find(|p| p == raw).map(Some).ok_or_else(|| {
        AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "unknown_place", "choose the place from the contest's list")
    })
}

/// `user`'s own entry `id`; 404 when it does not exist or belongs to someone else (never say which).
pub(crate) async fn own_entry(state: &AppState, user: &User, id: i64) -> AppResult<EntryRow> {
    db::entries::find(state.db.pool(), id)
        .await?
        .filter(|e| e.participant_id == user.id)
        .ok_or_else(|| AppError::not_found("entry_not_found", "there is no such photo"))
}

/// Changes an entry's title and description: its owner only, until it is moderated (what the
/// moderator approved is what gets published).
#[tracing::instrument(skip_all, fields(user = user.id, entry = id))]
pub(crate) async fn edit_text(state: &AppState, user: &User, id: i64, text: &EntryText) -> AppResult<EntryRow> {
    let before = own_entry(state, user, id).await?;
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    if db::entries::update_text(&mut *tx, id, user.id, &text.title, &text.description, now).await? == 0 {
        return Err(AppError::conflict(
            "entry_locked",
            "this photo has already been moderated; its title and description can no longer change",
        ));
    }
    // What changed, not the words (the audit log keeps no personal data).
    let detail = serde_json::json!({
        "title_changed": before.title != text.title,
        "description_changed": before.description != text.description,
    });
    db::audit::record(&mut tx, Some(user.id), "entry.edit", &format!("entry:{id}"), &detail, now).await?;
    tx.commit().await?;
    own_entry(state, user, id).await
}

/// Withdraws an entry (its owner, at any stage): it leaves the gallery, its votes and scores go,
/// and its files are deleted unless another entry uses the same original. A photo already chosen
/// for a cover stays: its rights are granted and it may be at the printer.
pub(crate) async fn withdraw(state: &AppState, user: &User, id: i64) -> AppResult<()> {
    withdraw_for(state, user, id, user.id).await
}

/// [`withdraw`] done by `actor` for the entry's owner (an administrator erasing a person at their
/// request); the audit line names the actor.
#[tracing::instrument(skip_all, fields(user = user.id, entry = id, actor = actor))]
pub(crate) async fn withdraw_for(state: &AppState, user: &User, id: i64, actor: i64) -> AppResult<()> {
    let entry = own_entry(state, user, id).await?;
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    if db::covers::is_winner(&mut *tx, id).await? {
        return Err(AppError::conflict(
            "entry_is_winner",
            "this photo was chosen for a printed cover and can no longer be withdrawn; please contact the organisers",
        ));
    }
    // Audited first: the line is filed under the entry's contest, looked up while it exists.
    let detail = serde_json::json!({ "original_hash": entry.original_hash, "status": entry.status });
    db::audit::record(&mut tx, Some(actor), "entry.withdraw", &format!("entry:{id}"), &detail, now).await?;
    db::entries::delete(&mut tx, id).await?;
    tx.commit().await?;
    crate::services::publication::sync(state, &entry.original_hash).await;
    metrics::counter!("declic_entries_withdrawn_total").increment(1);

    // The files, once nothing refers to them (the storage sweep removes any left by a failure here).
    if db::entries::count_with_original(state.db.pool(), &entry.original_hash).await? == 0 {
        let hash =
            Blake3Hash::parse(&entry.original_hash).map_err(|e| AppError::internal(anyhow::anyhow!(e.message)))?;
        let keys = media::RENDITION_FILES.iter().filter_map(|f| BlobKey::rendition(&hash, f));
        for key in keys.chain([BlobKey::original(&hash)]) {
            if let Err(e) = state.storage.delete(&key).await {
                tracing::warn!(entry = id, key = key.as_str(), error = %e, "withdrawn entry's file left for the sweep");
            }
        }
    }
    tracing::info!(entry = id, "entry withdrawn by its author");
    Ok(())
}

/// The names of an entry form's text fields ([`EntryFields::set_field`] takes exactly these; the
/// API document's `EntryUpload` lists them, checked by a test).
pub const ENTRY_FORM_FIELDS: &[&str] = &[
    "title",
    "description",
    "category",
    "place",
    "credit_name",
    "rules_version",
    "took_photo",
    "accept_rules",
    "grant",
    "grants",
    "people",
    "minor",
    "guardian_name",
    "guardian_consent",
    "agree",
];

/// The words and declarations of an entry, as a form or an upload's metadata sends them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EntryFields {
    pub title: String,
    pub description: String,
    /// Category id or name.
    pub category: Option<String>,
    pub place: Option<String>,
    /// The name to credit the participant with, when they have none yet (the form asks once).
    #[serde(default)]
    pub credit_name: Option<String>,
    /// The version of the rules the participant read; absent: the current one.
    pub rules_version: Option<i64>,
    pub consent: ConsentAnswers,
    /// The kind of device sending it, from the request's User-Agent (never from a field).
    #[serde(default, with = "device_code")]
    pub device: Option<DeviceClass>,
}

/// A device class kept in an upload's stored fields as its code.
mod device_code {
    use crate::domain::device::DeviceClass;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(d: &Option<DeviceClass>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_some(d.as_str()),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DeviceClass>, D::Error> {
        Ok(Option::<String>::deserialize(d)?.as_deref().and_then(DeviceClass::from_stored))
    }
}

impl EntryFields {
    /// Sets one form field, malformed values refused; false for a name that is no field of an
    /// entry (ignored).
    pub fn set_field(&mut self, name: &str, value: &str) -> AppResult<bool> {
        let some = |v: &str| Some(v.to_string()).filter(|v| !v.trim().is_empty());
        match name {
            "title" => self.title = value.to_string(),
            "description" => self.description = value.to_string(),
            "category" => self.category = some(value),
            "place" => self.place = some(value),
            "credit_name" => self.credit_name = some(value),
            "rules_version" => {
                self.rules_version = match value.trim() {
                    "" => None,
                    v => Some(v.parse().map_err(|_| {
                        AppError::bad_request("invalid_rules_version", "`rules_version` is not a number")
                    })?),
                }
            }
            _ => return Ok(self.consent.set_field(name, value)),
        }
        Ok(true)
    }
}

/// Entry fields checked against the contest: ready to be written.
#[derive(Debug, Clone)]
pub(crate) struct CheckedFields {
    text: EntryText,
    category_id: Option<i64>,
    place: Option<String>,
    rules_version: i64,
    consent: Consent,
}

/// Checks an entry's fields against the contest (categories, places, rules and their rights).
pub(crate) async fn check_fields(state: &AppState, contest: &ContestRow, f: &EntryFields) -> AppResult<CheckedFields> {
    let text = EntryText::parse_new(&f.title, &f.description)?;
    if f.rules_version.is_some_and(|v| v != contest.rules_version) {
        return Err(AppError::conflict(
            "rules_changed",
            format!(
                "the contest rules changed (now version {}); read them again before sending",
                contest.rules_version
            ),
        ));
    }
    let rights = super::contests::current_rights(state, contest).await?;
    let consent = Consent::parse(&f.consent, &rights, contest.age_threshold)?;
    let categories = db::contests::categories(state.db.pool(), contest.id).await?;
    let category_id = match (&f.category, categories.is_empty()) {
        (None, true) => None,
        (None, false) => {
            return Err(AppError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "category_required",
                "choose a category for your photo",
            ));
        }
        (Some(raw), _) => Some(
            categories
                .iter()
                .find(|c| c.id.to_string() == raw.trim() || c.name == raw.trim())
                .map(|c| c.id)
                .ok_or_else(|| {
                    AppError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "unknown_category",
                        "this category does not exist in this contest",
                    )
                })?,
        ),
    };
    let place = place_of(state, contest, f.place.as_deref()).await?;
    Ok(CheckedFields { text, category_id, place, rules_version: contest.rules_version, consent })
}

/// Sets the name a participant without one is credited with, from the entry's `credit_name`
/// (a participant who has one changes it on their page, not with each photo).
pub(crate) async fn give_credit(state: &AppState, user: &User, fields: &EntryFields) -> AppResult<()> {
    let Some(raw) = fields.credit_name.as_deref() else { return Ok(()) };
    let name = crate::domain::display_name::DisplayName::parse(raw)?;
    if user.credit_name().is_none() && name.is_some() {
        super::accounts::set_display_name(state, user, name).await?;
    }
    Ok(())
}

/// Records an entry whose photo was received after [`open_contest`] accepted the contest.
#[tracing::instrument(skip_all, fields(user = user.id, contest = contest.id))]
pub(crate) async fn submit(
    state: &AppState,
    user: &User,
    contest: &ContestRow,
    fields: &EntryFields,
    photo: Option<StagedPhoto>,
) -> AppResult<Submitted> {
    let now = clock::now();
    ensure_open(contest, now)?; // again: the phase may have closed during a long upload
    let checked = check_fields(state, contest, fields).await?;
    give_credit(state, user, fields).await?;
    let photo = photo
        .ok_or_else(|| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "photo_required", "choose a photo to send"))?;

    // Identify and bound the photo from its header before anything is kept.
    let limits = state.settings.media.clone();
    let path = photo.path.to_path_buf();
    let probe = state
        .interactive
        .run(move || -> Result<media::Probe, MediaError> {
            let bytes = std::fs::read(&path).map_err(|e| MediaError::Corrupt(e.to_string()))?;
            media::probe(&bytes, &limits)
        })
        .await??;

    let hash = photo.hash.as_str().to_string();
    let pool = state.db.pool();
    if db::entries::find_own(pool, contest.id, user.id, &hash).await?.is_some() {
        return Err(already_entered());
    }
    let duplicate_of = db::entries::same_original_elsewhere(pool, contest.id, &hash, user.id).await?;

    let key = BlobKey::original(&photo.hash);
    if !state.storage.exists(&key).await.map_err(AppError::storage)? {
        state
            .storage
            .put_file(&key, &photo.path, content_type_of(probe.format.name()))
            .await
            .map_err(AppError::storage)?;
    }

    let mut tx = state.db.begin_write().await?;
    // Again, in the write transaction: two uploads sent at once must not both pass.
    ensure_quota(&mut *tx, contest, user).await?;
    let new = NewEntry {
        contest_id: contest.id,
        participant_id: user.id,
        category_id: checked.category_id,
        title: &checked.text.title,
        description: &checked.text.description,
        original_hash: &hash,
        original_size: photo.size as i64,
        original_format: probe.format.name(),
        rules_version: checked.rules_version,
        duplicate_of,
        place: checked.place.as_deref(),
        shuffle_rank: super::gallery::random_rank(),
        device: fields.device.map(DeviceClass::as_str),
        now,
    };
    let id = db::entries::insert(&mut *tx, &new)
        .await
        .map_err(|e| if is_unique_violation(&e) { already_entered() } else { e.into() })?;
    db::consents::insert(&mut *tx, id, &checked.consent, checked.rules_version, &hash, now).await?;
    jobs::enqueue(&mut *tx, &Job::render(id), now, now).await?;
    tx.commit().await?;
    state.wake_workers();
    metrics::counter!("declic_entries_submitted_total").increment(1);
    tracing::info!(entry = id, contest = %contest.slug, bytes = photo.size, "entry received");
    Ok(Submitted { id, status: EntryStatus::Processing, duplicate_of })
}
