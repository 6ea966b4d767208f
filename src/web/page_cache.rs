//! A short-lived cache of public pages as anonymous visitors see them (the gallery, a photo's
//! page): a link shared on social networks brings many people at once, and they all see the
//! same page. Each instance keeps its own copy for a few seconds (`DECLIC_PAGE_CACHE_SECS`,
//! 0 turns it off), so a change shows everywhere within that time.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::header;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use crate::i18n::Lang;

/// Pages kept at most (the least recently stored go first when full).
const CAPACITY: usize = 4096;

pub struct PageCache {
    ttl: Duration,
    pages: Mutex<HashMap<String, (Instant, Bytes)>>,
}

impl PageCache {
    pub fn new(ttl: Duration) -> Self {
        PageCache { ttl, pages: Mutex::new(HashMap::new()) }
    }

    /// The key of a page: its path and query, the visitor's language and anything else that
    /// changes what they see (their shuffle start).
    pub fn key(path_and_query: &str, lang: Lang, extra: &str) -> String {
        format!("{lang}|{extra}|{path_and_query}")
    }

    /// The page, if it was stored less than the cache's lifetime ago.
    pub fn get(&self, key: &str) -> Option<Response> {
        if self.ttl.is_zero() {
            return None;
        }
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        let (at, body) = pages.get(key)?;
        (at.elapsed() < self.ttl).then(|| html(body.clone()))
    }

    /// Stores a rendered page; returns it as a response.
    pub fn put(&self, key: String, body: String) -> Response {
        let body = Bytes::from(body);
        if !self.ttl.is_zero() {
            let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
            if pages.len() >= CAPACITY {
                let ttl = self.ttl;
                pages.retain(|_, (at, _)| at.elapsed() < ttl);
                if pages.len() >= CAPACITY {
                    pages.clear();
                }
            }
            pages.insert(key, (Instant::now(), body.clone()));
        }
        html(body)
    }
}

fn html(body: Bytes) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_kept_for_their_lifetime_only_and_not_at_all_when_off() {
        let cache = PageCache::new(Duration::from_secs(60));
        let key = PageCache::key("/c/x/gallery", Lang::Fr, "7");
        assert!(cache.get(&key).is_none());
        cache.put(key.clone(), "<p>hi</p>".into());
        assert!(cache.get(&key).is_some());
        assert!(cache.get(&PageCache::key("/c/x/gallery", Lang::En, "7")).is_none(), "each language its own");
        let off = PageCache::new(Duration::ZERO);
        off.put(key.clone(), "<p>hi</p>".into());
        assert!(off.get(&key).is_none());
        let expired = PageCache::new(Duration::from_nanos(1));
        expired.put(key.clone(), "<p>hi</p>".into());
        std::thread::sleep(Duration::from_millis(2));
        assert!(expired.get(&key).is_none());
    }

    #[test]
    fn a_full_cache_makes_room() {
        let cache = PageCache::new(Duration::from_secs(60));
        for i in 0..CAPACITY + 10 {
            cache.put(format!("k{i}"), String::new());
        }
        assert!(cache.pages.lock().unwrap().len() <= CAPACITY);
        assert!(cache.get(&format!("k{}", CAPACITY + 9)).is_some());
    }
}
