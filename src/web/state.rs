//! What the web side adds to the process's [`AppState`]: the cache of public pages and the plain
//! uploads in progress. Handlers that need only the shared state extract `State<AppState>`.

use std::sync::Arc;

use axum::extract::FromRef;

use crate::state::AppState;
use crate::web::page_cache::PageCache;
use crate::web::upload_pace::InFlight;

/// The router's state: the shared state and the web's own parts (cheap to clone).
#[derive(Clone)]
pub(crate) struct WebState {
    app: AppState,
    /// Public pages as anonymous visitors see them, for a few seconds.
    pub(crate) pages: Arc<PageCache>,
    /// Plain uploads in progress, by address.
    pub(crate) plain_uploads: Arc<InFlight>,
}

impl WebState {
    pub(crate) fn new(app: AppState) -> Self {
        let pages = Arc::new(PageCache::new(app.settings.page_cache_ttl));
        WebState { app, pages, plain_uploads: Arc::default() }
    }
}

impl std::ops::Deref for WebState {
    type Target = AppState;

    fn deref(&self) -> &AppState {
        &self.app
    }
}

impl FromRef<WebState> for AppState {
    fn from_ref(web: &WebState) -> AppState {
        web.app.clone()
    }
}
