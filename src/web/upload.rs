//! Reading an entry form (multipart): text fields into [`EntryFields`], the photo staged to a
//! temporary file as it arrives (see [`staging`]).

use axum::extract::Multipart;
use axum::extract::multipart::Field;
use axum::http::StatusCode;
use futures::TryStreamExt;

use crate::error::AppError;
use crate::services::staging::{self, StagedPhoto};
use crate::services::submissions::EntryFields;
use crate::state::AppState;

/// The fields of an entry form and its photo.
#[derive(Default)]
pub(crate) struct EntryForm {
    pub(crate) fields: EntryFields,
    pub(crate) photo: Option<StagedPhoto>,
}

const MAX_FIELD_BYTES: usize = 16 * 1024;
/// Parts an entry form may have: its dozen fields, and a right granted per checkbox.
const MAX_PARTS: usize = 40;
/// The one field a form may repeat (one checkbox per right granted).
const REPEATABLE: &str = "grant";

/// Reads the multipart body; refuses an oversize photo as soon as it passes the upload limit.
pub(crate) async fn read_entry_form(mut mp: Multipart, state: &AppState) -> Result<EntryForm, AppError> {
    let tmp_dir = state.settings.data_dir.join("tmp");
    let max_bytes = state.settings.media.max_upload_bytes;
    let mut form = EntryForm::default();
    let mut seen = std::collections::HashSet::new();
    let mut parts = 0;
    while let Some(field) = mp.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or("").to_string();
        parts += 1;
        if parts > MAX_PARTS {
            return Err(AppError::bad_request(
                "too_many_fields",
                format!("an entry form has at most {MAX_PARTS} fields"),
            ));
        }
        if name != REPEATABLE && !seen.insert(name.clone()) {
            return Err(AppError::bad_request("repeated_field", format!("the field `{name}` is sent more than once")));
        }
        if name == "photo" {
            if form.photo.is_some() {
                return Err(AppError::bad_request("one_photo_per_entry", "send one photo per entry"));
            }
            form.photo = Some(staging::stage(field.map_err(multipart_error), &tmp_dir, max_bytes).await?);
        } else {
            let value = text(field).await?;
            if !form.fields.set_field(&name, &value)? {
                return Err(AppError::bad_request("unknown_field", format!("`{name}` is not a field of an entry")));
            }
        }
    }
    if form.photo.as_ref().is_some_and(|p| p.size == 0) {
        form.photo = None;
    }
    Ok(form)
}

async fn text(mut field: Field<'_>) -> Result<String, AppError> {
    let mut buf = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        buf.extend_from_slice(&chunk);
        if buf.len() > MAX_FIELD_BYTES {
            return Err(AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "field_too_large", "a text field is too long"));
        }
    }
    String::from_utf8(buf).map_err(|_| AppError::bad_request("invalid_text", "a text field is not valid UTF-8"))
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "file_too_large", "the upload is larger than allowed");
    }
    AppError::bad_request("invalid_upload", format!("the upload could not be read: {}", e.body_text()))
}
