//! A short-lived cache of public pages as anonymous visitors see them (the gallery, a photo's
//! page): a link shared on social networks brings many people at once, and they all see the
//! same page. Each instance keeps its own copy for a few seconds (`DECLIC_PAGE_CACHE_SECS`,
//! 0 turns it off), so a change shows everywhere within that time.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::header;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use tokio::sync::Notify;

use crate::error::AppResult;
use crate::i18n::Lang;

/// Pages kept at most (all go when it is full of live pages).
const CAPACITY: usize = 4096;
/// How long a request waits for another one rendering the same page before rendering it itself.
const WAIT_FOR_RENDER: Duration = Duration::from_secs(5);

enum Slot {
    /// A rendered page; once past its lifetime it is still served while one request renders it again.
    Ready { at: Instant, body: Bytes, refreshing: bool },
    /// Being rendered for the first time: others wait for it instead of rendering it too.
    Rendering(Arc<Notify>),
}

pub(crate) struct PageCache {
    ttl: Duration,
    pages: Mutex<HashMap<String, Slot>>,
}

/// What a request does for a page.
enum Step {
    Serve(Bytes),
    Render,
    /// Another request renders it: wait for that (the wake-up is registered under the lock).
    Wait(tokio::sync::futures::OwnedNotified),
}

impl PageCache {
    pub(crate) fn new(ttl: Duration) -> Self {
        PageCache { ttl, pages: Mutex::new(HashMap::new()) }
    }

    /// The key of a page: its path and query, the visitor's language and anything else that
    /// changes what they see (their shuffle start).
    pub(crate) fn key(path_and_query: &str, lang: Lang, extra: &str) -> String {
        format!("{lang}|{extra}|{path_and_query}")
    }

    /// The page under `key`: from memory while it is fresh; else rendered by `render`, by one
    /// request at a time — the others meanwhile get the previous copy, or wait for the first one.
    pub(crate) async fn get_or_render<F, Fut>(&self, key: &str, render: F) -> AppResult<Response>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = AppResult<String>>,
    {
        self.body(key, render).await.map(html)
    }

    /// Whether pages are kept at all (`DECLIC_PAGE_CACHE_SECS` is not 0).
    pub(crate) fn is_on(&self) -> bool {
        !self.ttl.is_zero()
    }

    /// The body of the page under `key`, as [`PageCache::get_or_render`] finds or renders it.
    pub(crate) async fn body<F, Fut>(&self, key: &str, render: F) -> AppResult<Bytes>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = AppResult<String>>,
    {
        if self.ttl.is_zero() {
            return Ok(Bytes::from(render().await?));
        }
        let mut waited = false;
        loop {
            let step = self.step(key, waited);
            match step {
                Step::Serve(body) => return Ok(body),
                Step::Wait(done) => {
                    // Then serve what it rendered, or (timed out, failed) render it here.
                    let _ = tokio::time::timeout(WAIT_FOR_RENDER, done).await;
                    waited = true;
                }
                Step::Render => {
                    let rendered = render().await;
                    let mut pages = self.lock();
                    let waiting = match pages.remove(key) {
                        Some(Slot::Rendering(done)) => Some(done),
                        _ => None,
                    };
                    if let Ok(body) = &rendered {
                        if pages.len() >= CAPACITY {
                            let ttl = self.ttl;
                            pages.retain(|_, s| matches!(s, Slot::Ready { at, .. } if at.elapsed() < ttl));
                            if pages.len() >= CAPACITY {
                                pages.clear();
                            }
                        }
                        let body = Bytes::from(body.clone());
                        pages.insert(key.to_string(), Slot::Ready { at: Instant::now(), body, refreshing: false });
                    }
                    drop(pages);
                    if let Some(done) = waiting {
                        done.notify_waiters();
                    }
                    return rendered.map(Bytes::from);
                }
            }
        }
    }

    /// Decides, under the lock, whether to serve, render or wait; after one wait, renders.
    fn step(&self, key: &str, waited: bool) -> Step {
        let mut pages = self.lock();
        match pages.get_mut(key) {
            Some(Slot::Ready { at, body, .. }) if at.elapsed() < self.ttl => Step::Serve(body.clone()),
            Some(Slot::Ready { body, refreshing, .. }) if *refreshing => Step::Serve(body.clone()),
            Some(Slot::Ready { refreshing, .. }) => {
                *refreshing = true;
                Step::Render
            }
            Some(Slot::Rendering(done)) if !waited => Step::Wait(done.clone().notified_owned()),
            _ => {
                pages.insert(key.to_string(), Slot::Rendering(Arc::new(Notify::new())));
                Step::Render
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Slot>> {
        self.pages.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn html(body: Bytes) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    async fn body(r: AppResult<Response>) -> String {
        let bytes = axum::body::to_bytes(r.unwrap().into_body(), usize::MAX).await.unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn a_page_is_rendered_once_for_everyone_asking_at_once() {
        let cache = Arc::new(PageCache::new(Duration::from_secs(60)));
        let renders = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..50 {
            let (cache, renders) = (cache.clone(), renders.clone());
            tasks.push(tokio::spawn(async move {
                let r = cache
                    .get_or_render("k", || async {
                        renders.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        Ok("<p>page</p>".to_string())
                    })
                    .await;
                body(r).await
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), "<p>page</p>");
        }
        assert_eq!(renders.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_stale_page_is_served_while_one_request_renders_it_again() {
        let cache = PageCache::new(Duration::from_millis(1));
        body(cache.get_or_render("k", || async { Ok("old".to_string()) }).await).await;
        tokio::time::sleep(Duration::from_millis(5)).await;
        // The first request after expiry renders; a request meanwhile gets the old copy.
        assert!(matches!(cache.step("k", false), Step::Render));
        assert!(matches!(cache.step("k", false), Step::Serve(b) if b == "old"));
    }

    #[tokio::test]
    async fn off_means_always_rendered_and_errors_are_not_kept() {
        let off = PageCache::new(Duration::ZERO);
        let n = AtomicUsize::new(0);
        for _ in 0..2 {
            body(off.get_or_render("k", || async { Ok(n.fetch_add(1, Ordering::SeqCst).to_string()) }).await).await;
        }
        assert_eq!(n.load(Ordering::SeqCst), 2);
        let cache = PageCache::new(Duration::from_secs(60));
        let failed = cache.get_or_render("k", || async { Err(crate::error::AppError::forbidden()) }).await;
        assert!(failed.is_err());
        assert_eq!(body(cache.get_or_render("k", || async { Ok("fine".to_string()) }).await).await, "fine");
        let other_lang = PageCache::key("/c/x/gallery", Lang::En, "7");
        assert_ne!(other_lang, PageCache::key("/c/x/gallery", Lang::Fr, "7"), "each language its own");
    }
}
