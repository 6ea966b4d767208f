//! The JSON API under `/api/v1`, documented by OpenAPI at `/api/v1/openapi.json`.
//! Errors are `{ "error": { "code": "…", "message": "…" } }`.

pub(crate) mod access;
pub(crate) mod audit;
pub(crate) mod auth;
pub(crate) mod contests;
pub(crate) mod covers;
pub(crate) mod entries;
pub(crate) mod jury;
pub(crate) mod look;
pub(crate) mod moderation;
pub(crate) mod previews;
pub(crate) mod reports;
pub(crate) mod results;
pub(crate) mod retention;
pub(crate) mod staff;
mod strict_json;
pub(crate) mod tus;
pub(crate) mod votes;

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, FromRequestParts};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use crate::error::AppError;
use crate::web::state::WebState;

/// A file download: its content type, the name it is saved under, and its body.
pub(crate) fn attachment(content_type: &'static str, file_name: String, body: impl IntoResponse) -> impl IntoResponse {
    let disposition = format!("attachment; filename=\"{file_name}\"");
    ([(header::CONTENT_TYPE, content_type.to_string()), (header::CONTENT_DISPOSITION, disposition)], body)
}

/// JSON body whose rejections are API errors. A number written with a fraction of zero (`5.0`)
/// is the integer it equals, as JSON Schema reads it; a struct is an object, never an array.
pub(crate) struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, AppError> {
        let axum::Json(mut value) = axum::Json::<serde_json::Value>::from_request(req, state).await?;
        integral_numbers(&mut value);
        strict_json::from_value(value).map(ApiJson).map_err(|e| {
            AppError::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_json",
                format!("the request body is not what was expected: {e}"),
            )
        })
    }
}

/// Turns every float without a fraction that fits an `i64` into that integer (one past the ends,
/// which a float rounds onto them, stays out of range).
fn integral_numbers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f > i64::MIN as f64
                && f < i64::MAX as f64
            {
                *value = serde_json::Value::from(f as i64);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(integral_numbers),
        serde_json::Value::Object(map) => map.values_mut().for_each(integral_numbers),
        _ => {}
    }
}

/// The API document's name for raw bytes in a request body (an image, a tus chunk): a binary
/// string, not an array of numbers.
pub(crate) struct BinaryBody;

impl utoipa::PartialSchema for BinaryBody {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .into()
    }
}

impl ToSchema for BinaryBody {}

/// A multipart body whose rejections are API errors.
pub(crate) struct ApiMultipart(pub axum::extract::Multipart);

impl<S: Send + Sync> axum::extract::FromRequest<S> for ApiMultipart {
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, AppError> {
        Ok(ApiMultipart(axum::extract::Multipart::from_request(req, state).await?))
    }
}

impl From<axum::extract::multipart::MultipartRejection> for AppError {
    fn from(r: axum::extract::multipart::MultipartRejection) -> Self {
        AppError::new(r.status(), "invalid_upload", format!("the upload is not a multipart form: {}", r.body_text()))
    }
}

/// Path parameters whose rejections are API errors.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub(crate) struct ApiPath<T>(pub T);

/// Query parameters whose rejections are API errors.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub(crate) struct ApiQuery<T>(pub T);

impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> Self {
        AppError::new(
            r.status(),
            "invalid_json",
            format!("the request body is not what was expected: {}", r.body_text()),
        )
    }
}

impl From<PathRejection> for AppError {
    fn from(r: PathRejection) -> Self {
        AppError::not_found("not_found", format!("no such resource: {}", r.body_text()))
    }
}

impl From<QueryRejection> for AppError {
    fn from(r: QueryRejection) -> Self {
        AppError::bad_request("invalid_query", r.body_text())
    }
}

/// The shape of every API error.
#[derive(Serialize, ToSchema)]
pub(crate) struct ErrorBody {
    pub(crate) error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct ErrorDetail {
    /// Stable snake_case code to match on.
    pub(crate) code: String,
    /// Human-readable explanation.
    pub(crate) message: String,
}

pub(crate) fn routes() -> Router<WebState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .merge(auth::routes())
        .merge(contests::routes())
        .merge(entries::routes())
        .merge(results::routes())
        .merge(moderation::routes())
        .merge(reports::routes())
        .merge(votes::routes())
        .merge(look::routes())
        .merge(covers::routes())
        .merge(jury::routes())
        .merge(audit::routes())
        .merge(retention::routes())
        .merge(staff::routes())
}

/// The upload route: outside the request timeout, with a body limit sized for photos.
pub(crate) fn upload_routes(state: &WebState) -> Router<WebState> {
    let limit = state.settings.media.max_upload_bytes as usize + 256 * 1024;
    Router::new()
        .route("/api/v1/contests/{slug}/entries", post(entries::submit))
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::web::upload_pace::pace))
        .merge(tus::routes())
        .merge(previews::routes(limit))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Déclic API",
        description = "Photo co-creation contests. Authenticate with the session cookie set by \
        `/api/v1/auth/login` (staff) or by following the emailed magic link (`/auth/verify?token=…`)."
    ),
    components(schemas(ErrorBody, ErrorDetail))
)]
struct ApiDoc;

/// The API document: each module's part (its `Doc`, beside its `routes`), with the answers any
/// operation may give.
pub(crate) fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    for part in [
        auth::Doc::openapi(),
        contests::Doc::openapi(),
        entries::Doc::openapi(),
        results::Doc::openapi(),
        covers::Doc::openapi(),
        moderation::Doc::openapi(),
        reports::Doc::openapi(),
        tus::Doc::openapi(),
        previews::Doc::openapi(),
        look::Doc::openapi(),
        votes::Doc::openapi(),
        jury::Doc::openapi(),
        audit::Doc::openapi(),
        retention::Doc::openapi(),
        staff::Doc::openapi(),
    ] {
        doc.merge(part);
    }
    utoipa::Modify::modify(&StandardAnswers, &mut doc);
    doc
}

/// The answers any operation may give besides its own: 401 and 403 from [`access`]'s table, 400
/// where it reads a body or parameters, 415 and 422 where it reads a body, 404 where its path
/// names a resource, 412 on the tus routes, 503 everywhere (the database or storage briefly away).
struct StandardAnswers;

impl utoipa::Modify for StandardAnswers {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder, path::ParameterIn};
        let error = |text: &str| {
            let body = ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build();
            RefOr::T(ResponseBuilder::new().description(text).content("application/json", body).build())
        };
        for (path, item) in doc.paths.paths.iter_mut() {
            let ops = [
                ("get", &mut item.get),
                ("post", &mut item.post),
                ("put", &mut item.put),
                ("patch", &mut item.patch),
                ("delete", &mut item.delete),
                ("head", &mut item.head),
            ];
            for (method, op) in ops {
                let Some(op) = op.as_mut() else { continue };
                let who = access::who(method, path);
                let reads_input = op.request_body.is_some() || op.parameters.iter().flatten().next().is_some();
                let mut add = |code: &str, text: &str| {
                    op.responses.responses.entry(code.to_string()).or_insert_with(|| error(text));
                };
                let has_body = op.request_body.is_some();
                let in_path = op.parameters.iter().flatten().any(|p| p.parameter_in == ParameterIn::Path);
                if reads_input {
                    add("400", "the request could not be read (malformed JSON, query or form)");
                }
                if has_body {
                    add("415", "the body is not of the documented content type");
                    add("422", "the body is not what this operation takes, or a value in it is invalid");
                }
                if path.starts_with("/api/v1/uploads/") || path.ends_with("/uploads") {
                    add("412", "`Tus-Resumable` is missing or names a version this server does not speak");
                }
                if in_path {
                    add("404", "no such resource (or one this person may not see)");
                }
                if who != Some(access::Who::Anyone) {
                    add("401", "sign in first");
                }
                if matches!(who, Some(access::Who::Admin | access::Who::Moderator | access::Who::Juror)) {
                    add("403", "this role may not do that");
                }
                add("503", "the database or the storage is briefly unavailable; try again (Retry-After)");
            }
        }
    }
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}
