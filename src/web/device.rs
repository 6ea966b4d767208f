//! The kind of device a request comes from (phone, tablet, desktop), read from its User-Agent
//! (see [`crate::domain::device`]); only the class is kept.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use crate::domain::device::DeviceClass;

/// The request's device class; `None` without a User-Agent.
pub(crate) struct Device(pub Option<DeviceClass>);

impl<S: Send + Sync> FromRequestParts<S> for Device {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ua = parts.headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
        Ok(Device(DeviceClass::of_user_agent(ua)))
    }
}
