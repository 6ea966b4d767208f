//! Resumable uploads over the tus 1.0 protocol (core, creation, termination, expiration):
//! `POST /api/v1/contests/{slug}/uploads` creates an upload from `Upload-Length` and the entry's
//! fields in `Upload-Metadata`; `HEAD /api/v1/uploads/{id}` tells the offset to resume from;
//! `PATCH` appends bytes at `Upload-Offset`; `DELETE` cancels. When the last byte arrives the
//! entry is created and its id returned in `Declic-Entry-Id`.

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{options, post};
use base64::Engine;
use futures::TryStreamExt;

use super::ApiPath;
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::services::resumable;
use crate::services::submissions::EntryFields;
use crate::state::AppState;
use crate::web::device::Device;
use crate::web::session::AuthUser;
use crate::web::state::WebState;

pub(crate) const TUS_VERSION: &str = "1.0.0";
const TUS_RESUMABLE: HeaderName = HeaderName::from_static("tus-resumable");
const UPLOAD_OFFSET: HeaderName = HeaderName::from_static("upload-offset");
const UPLOAD_LENGTH: HeaderName = HeaderName::from_static("upload-length");
const UPLOAD_METADATA: HeaderName = HeaderName::from_static("upload-metadata");
const UPLOAD_EXPIRES: HeaderName = HeaderName::from_static("upload-expires");
const ENTRY_ID: HeaderName = HeaderName::from_static("declic-entry-id");
const OFFSET_OCTET_STREAM: &str = "application/offset+octet-stream";

/// The tus routes: outside the request timeout (a PATCH lasts as long as the network needs).
pub(crate) fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/uploads", options(capabilities))
        .route("/api/v1/contests/{slug}/uploads", post(create).options(capabilities))
        .route(
            "/api/v1/uploads/{id}",
            axum::routing::head(status).patch(append).delete(terminate).options(capabilities),
        )
        .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            TUS_RESUMABLE,
            HeaderValue::from_static(TUS_VERSION),
        ))
}

fn header_str<'a>(headers: &'a HeaderMap, name: &HeaderName) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim)
}

/// Every request but OPTIONS names the protocol version; 412 with the versions we speak otherwise.
fn check_version(headers: &HeaderMap) -> AppResult<()> {
    match header_str(headers, &TUS_RESUMABLE) {
        Some(TUS_VERSION) => Ok(()),
        _ => Err(AppError::new(
            StatusCode::PRECONDITION_FAILED,
            "tus_version_unsupported",
            format!("send `Tus-Resumable: {TUS_VERSION}`, the protocol version this server speaks"),
        )),
    }
}

fn number_header(headers: &HeaderMap, name: &HeaderName) -> AppResult<u64> {
    let raw = header_str(headers, name)
        .ok_or_else(|| AppError::bad_request("missing_header", format!("the `{name}` header is required")))?;
    raw.parse()
        .map_err(|_| AppError::bad_request("invalid_header", format!("`{name}` must be a whole number of bytes")))
}

/// `Upload-Metadata: key base64, key base64, key` into the entry's fields.
pub(crate) fn parse_metadata(raw: &str) -> AppResult<EntryFields> {
    let invalid = |what: String| AppError::bad_request("invalid_metadata", format!("Upload-Metadata: {what}"));
    let mut fields = EntryFields::default();
    for pair in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let mut it = pair.splitn(2, ' ');
        let key = it.next().unwrap_or("");
        let value = match it.next() {
            None => String::new(),
            Some(v) => {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(v.trim())
                    .map_err(|_| invalid(format!("the value of `{key}` is not base64")))?;
                String::from_utf8(bytes).map_err(|_| invalid(format!("the value of `{key}` is not UTF-8")))?
            }
        };
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            return Err(invalid(format!("`{key}` is not a valid key")));
        }
        if value.len() > 16 * 1024 {
            return Err(invalid(format!("the value of `{key}` is too long")));
        }
        fields.set_field(key, &value)?;
    }
    Ok(fields)
}

/// OPTIONS: what this server supports.
async fn capabilities(State(state): State<AppState>) -> Response {
    let max = state.settings.media.max_upload_bytes.to_string();
    (
        StatusCode::NO_CONTENT,
        [
            ("tus-version", TUS_VERSION.to_string()),
            ("tus-extension", "creation,termination,expiration".to_string()),
            ("tus-max-size", max),
        ],
    )
        .into_response()
}

/// Creates an upload for an entry (participant, during submissions).
#[utoipa::path(post, path = "/api/v1/contests/{slug}/uploads", tag = "uploads",
    params(("slug" = String, Path),
        ("Tus-Resumable" = String, Header, pattern = "^1\\.0\\.0$", description = "`1.0.0`"),
        ("Upload-Length" = u64, Header, description = "Size of the photo in bytes"),
        ("Upload-Metadata" = String, Header, description = "Comma-separated `key base64(value)`: `title`, \
            `description` (the alt text; the title when absent), `category`, `place`, `rules_version`, \
            `took_photo`, `accept_rules`, `grants` (comma-separated uses: `print,web,social`), `agree` \
            (`on`: the three at once, every right the rules ask for), `people` (`none`|`agreed`), \
            `minor` (`no`|`yes`), `guardian_name`, `guardian_consent`, `credit_name` (the name to credit, \
            asked once); `filename` and `filetype` are ignored")),
    responses((status = 201, description = "Created; `Location` is the upload's URL, `Upload-Expires` when it lapses"),
        (status = 400, body = super::ErrorBody), (status = 403, body = super::ErrorBody, description = "staff accounts do not take part"),
        (status = 409, body = super::ErrorBody),
        (status = 412, body = super::ErrorBody), (status = 413, body = super::ErrorBody),
        (status = 422, body = super::ErrorBody), (status = 429, body = super::ErrorBody)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(slug): ApiPath<String>,
    Device(device): Device,
    headers: HeaderMap,
) -> AppResult<Response> {
    check_version(&headers)?;
    if headers.contains_key("upload-defer-length") {
        return Err(AppError::bad_request("length_required", "give the photo's size in `Upload-Length`"));
    }
    let length = number_header(&headers, &UPLOAD_LENGTH)?;
    let mut fields = parse_metadata(header_str(&headers, &UPLOAD_METADATA).unwrap_or(""))?;
    fields.device = device;
    let upload = resumable::create(&state, &user, &slug, length, &fields).await?;
    Ok((
        StatusCode::CREATED,
        [
            (header::LOCATION, format!("/api/v1/uploads/{}", upload.id)),
            (UPLOAD_EXPIRES, clock::http_date(upload.expires_at)),
            (UPLOAD_OFFSET, "0".to_string()),
        ],
    )
        .into_response())
}

/// Where an upload stands: `Upload-Offset` is where to resume.
#[utoipa::path(head, path = "/api/v1/uploads/{id}", tag = "uploads",
    params(("id" = String, Path), ("Tus-Resumable" = String, Header, pattern = "^1\\.0\\.0$", description = "`1.0.0`")),
    responses((status = 200, description = "`Upload-Offset`, `Upload-Length`; `Declic-Entry-Id` once complete"),
        (status = 404, description = "No such upload (expired, cancelled, or someone else's)")))]
pub(crate) async fn status(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    check_version(&headers)?;
    let upload = resumable::find_own(&state, &user, &id).await?;
    let mut res = (
        StatusCode::OK,
        [
            (UPLOAD_OFFSET, upload.received.to_string()),
            (UPLOAD_LENGTH, upload.length.to_string()),
            (UPLOAD_EXPIRES, clock::http_date(upload.expires_at)),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
    )
        .into_response();
    if let Some(entry) = upload.entry_id {
        res.headers_mut().insert(ENTRY_ID, HeaderValue::from(entry));
    }
    Ok(res)
}

/// Appends bytes at `Upload-Offset` (body: `application/offset+octet-stream`). 204 with the new
/// offset; when it was the last byte the entry is created and `Declic-Entry-Id` names it.
#[utoipa::path(patch, path = "/api/v1/uploads/{id}", tag = "uploads",
    params(("id" = String, Path), ("Tus-Resumable" = String, Header, pattern = "^1\\.0\\.0$", description = "`1.0.0`"), ("Upload-Offset" = u64, Header)),
    request_body(content = super::BinaryBody, content_type = "application/offset+octet-stream"),
    responses((status = 204, description = "`Upload-Offset` is the new offset; `Declic-Entry-Id` once complete"),
        (status = 400, body = super::ErrorBody), (status = 404, body = super::ErrorBody),
        (status = 409, body = super::ErrorBody, description = "`offset_mismatch`: resume from HEAD's offset"),
        (status = 413, body = super::ErrorBody), (status = 415, body = super::ErrorBody),
        (status = 422, body = super::ErrorBody, description = "The complete photo was refused (format, size, quota…)")))]
pub(crate) async fn append(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    body: Body,
) -> AppResult<Response> {
    check_version(&headers)?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.split(';').next().map(str::trim) != Some(OFFSET_OCTET_STREAM) {
        return Err(AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid_content_type",
            format!("send the bytes as `{OFFSET_OCTET_STREAM}`"),
        ));
    }
    let offset = number_header(&headers, &UPLOAD_OFFSET)?;
    let stream = body.into_data_stream().map_err(|e| e.to_string());
    let progress = resumable::append(&state, &user, &id, offset, stream).await?;
    let mut res = (
        StatusCode::NO_CONTENT,
        [(UPLOAD_OFFSET, progress.offset.to_string()), (UPLOAD_EXPIRES, clock::http_date(progress.expires_at))],
    )
        .into_response();
    if let Some(entry) = progress.entry {
        res.headers_mut().insert(ENTRY_ID, HeaderValue::from(entry));
    }
    Ok(res)
}

/// Cancels an upload; what it received is deleted.
#[utoipa::path(delete, path = "/api/v1/uploads/{id}", tag = "uploads", params(("id" = String, Path), ("Tus-Resumable" = String, Header, pattern = "^1\\.0\\.0$", description = "`1.0.0`")),
    responses((status = 204), (status = 404, body = super::ErrorBody)))]
pub(crate) async fn terminate(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
) -> AppResult<StatusCode> {
    check_version(&headers)?;
    resumable::terminate(&state, &user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// This module's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(create, status, append, terminate))]
pub(crate) struct Doc;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_is_base64_pairs() {
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let raw = format!(
            "filename {},title {}, description {},grants {},took_photo {},is_confidential",
            b64("IMG_1.HEIC"),
            b64("Tram à l'aube"),
            b64("Un tram"),
            b64("print,web"),
            b64("true")
        );
        let f = parse_metadata(&raw).unwrap();
        assert_eq!(f.title, "Tram à l'aube");
        assert_eq!(f.description, "Un tram");
        assert_eq!(f.consent.grants, ["print", "web"]);
        assert!(f.consent.took_photo);
        assert_eq!(parse_metadata("title ***").unwrap_err().code, "invalid_metadata");
        assert_eq!(parse_metadata("ti,tle").unwrap().title, "");
        assert_eq!(parse_metadata("bad/key eA==").unwrap_err().code, "invalid_metadata");
    }
}
