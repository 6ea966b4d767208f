//! The one application error: a status, a stable snake_case code, a message for users,
//! and an internal cause that is logged but never shown.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::domain::Invalid;

#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    internal: Option<anyhow::Error>,
}

/// Carried in the extensions of error responses so that page routes can re-render them as HTML.
#[derive(Debug, Clone)]
pub(crate) struct ErrorInfo {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

pub(crate) type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        AppError { status, code, message: message.into(), internal: None }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    pub fn unauthenticated() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", "you need to log in first")
    }

    pub fn forbidden() -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", "your role does not give access to this")
    }

    pub fn rate_limited() -> Self {
        Self::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "too many attempts; wait a minute and try again")
    }

    /// An unexpected failure: the cause is logged, the user sees a generic message.
    pub fn internal(err: impl Into<anyhow::Error>) -> Self {
        AppError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: "something went wrong on our side; nothing was changed, please try again".into(),
            internal: Some(err.into()),
        }
    }

    /// Attaches an internal cause (logged, never shown).
    pub fn with_cause(mut self, cause: impl Into<anyhow::Error>) -> Self {
        self.internal = Some(cause.into());
        self
    }

    /// The database could not be reached: nothing was changed, try again shortly (503 with
    /// `Retry-After`, like a storage outage).
    pub fn database_unavailable(err: impl Into<anyhow::Error>) -> Self {
        AppError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "database_unavailable",
            message: "the service is briefly unavailable; nothing was changed, please try again in a moment".into(),
            internal: Some(err.into()),
        }
    }

    /// The blob store failed: the user is told their data was not accepted.
    pub fn storage(err: impl Into<anyhow::Error>) -> Self {
        AppError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "storage_unavailable",
            message: "the photo could not be stored; nothing was saved, please try again".into(),
            internal: Some(err.into()),
        }
    }
}

impl From<Invalid> for AppError {
    fn from(e: Invalid) -> Self {
        AppError::new(StatusCode::UNPROCESSABLE_ENTITY, e.code, e.message)
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        if crate::db::statement::is_connection_lost(&e) {
            AppError::database_unavailable(e)
        } else {
            AppError::internal(e)
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        AppError::internal(e)
    }
}

/// Whether a database error is a unique-constraint violation (a duplicate the user caused).
pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_unique_violation())
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Some(cause) = &self.internal {
            tracing::error!(code = self.code, error = format!("{cause:#}"), "request failed");
        }
        let body = serde_json::json!({ "error": { "code": self.code, "message": self.message } });
        let mut res = (self.status, Json(body)).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from_static("30"));
        }
        res.extensions_mut().insert(ErrorInfo { status: self.status, code: self.code, message: self.message });
        res
    }
}
