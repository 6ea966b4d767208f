//! Short-lived copies of the rows every vote reads before writing (the voter's session, the
//! entry, its contest), so a burst of votes does not read them again for each vote. They live
//! `DECLIC_PAGE_CACHE_SECS` like cached pages (0 turns them off); a change made on another
//! instance shows within that time, one made here at once where it matters (sign-out, account
//! deletion, language and name changes).

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::db::{contests::ContestRow, entries::EntryRow, users::User};

/// Rows kept at most per kind (all go when it is full).
const CAPACITY: usize = 65_536;

/// A map whose values expire after a fixed time.
pub(crate) struct TtlCache<K, V> {
    ttl: Duration,
    map: Mutex<HashMap<K, (Instant, V)>>,
}

impl<K: Eq + Hash + Clone, V: Clone> TtlCache<K, V> {
    pub(crate) fn new(ttl: Duration) -> Self {
        TtlCache { ttl, map: Mutex::new(HashMap::new()) }
    }

    /// The fresh copy of `key`, or what `load` finds (kept when found).
    pub(crate) async fn get_or_load<E, F>(&self, key: K, load: F) -> Result<Option<V>, E>
    where
        F: Future<Output = Result<Option<V>, E>>,
    {
        if self.ttl.is_zero() {
            return load.await;
        }
        if let Some((at, v)) = self.lock().get(&key)
            && at.elapsed() < self.ttl
        {
            return Ok(Some(v.clone()));
        }
        let found = load.await?;
        if let Some(v) = &found {
            let mut map = self.lock();
            if map.len() >= CAPACITY {
                map.clear();
            }
            map.insert(key, (Instant::now(), v.clone()));
        }
        Ok(found)
    }

    pub(crate) fn remove(&self, key: &K) {
        self.lock().remove(key);
    }

    /// Keeps only the copies `keep` says.
    pub(crate) fn retain(&self, keep: impl Fn(&V) -> bool) {
        self.lock().retain(|_, (_, v)| keep(v));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, (Instant, V)>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The copies an instance keeps.
pub(crate) struct Lookups {
    /// Signed-in users by their session token's hash.
    pub sessions: TtlCache<String, User>,
    pub entries: TtlCache<i64, EntryRow>,
    pub contests: TtlCache<i64, ContestRow>,
    /// Originals (by hash) an entry made public: their renditions are anyone's. Only "public" is
    /// kept, so a photo hidden on another instance stops being served within the lifetime.
    pub public_originals: TtlCache<String, ()>,
    /// A voter's standing on a contest's cards that day, by (voter, contest, day): a signed-in
    /// gallery page is the shared page with this added. A vote here forgets it at once.
    pub voter_cards: TtlCache<(i64, i64, i64), std::sync::Arc<VoterCards>>,
    /// Contest ids by slug (a slug never changes).
    pub contest_ids: TtlCache<String, i64>,
    pub share_cards: ShareCards,
}

/// Branded share images (`services::sharing::card_image`) by entry, with the branding they were
/// made with: a few hundred of ~100 KB at most, each kept ten minutes.
#[derive(Default)]
pub(crate) struct ShareCards {
    map: Mutex<HashMap<i64, (String, Instant, bytes::Bytes)>>,
}

impl ShareCards {
    const CAPACITY: usize = 512;
    const TTL: Duration = Duration::from_secs(600);

    /// The image of `entry` made with the branding `version`, if kept and fresh.
    pub(crate) fn get(&self, entry: i64, version: &str) -> Option<bytes::Bytes> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.get(&entry).filter(|(v, at, _)| v == version && at.elapsed() < Self::TTL).map(|(_, _, b)| b.clone())
    }

    pub(crate) fn put(&self, entry: i64, version: String, image: bytes::Bytes) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= Self::CAPACITY {
            map.retain(|_, (_, at, _)| at.elapsed() < Self::TTL);
            if map.len() >= Self::CAPACITY {
                map.clear();
            }
        }
        map.insert(entry, (version, Instant::now(), image));
    }
}

/// What one voter may do on each card of a contest's gallery.
#[derive(Debug, Default)]
pub(crate) struct VoterCards {
    pub voter: i64,
    /// Their own photos (no vote button).
    pub own: std::collections::HashSet<i64>,
    /// The photos they have voted for (that day, under a daily rule).
    pub voted: std::collections::HashSet<i64>,
}

impl Lookups {
    pub(crate) fn new(ttl: Duration) -> Self {
        Lookups {
            sessions: TtlCache::new(ttl),
            entries: TtlCache::new(ttl),
            contests: TtlCache::new(ttl),
            public_originals: TtlCache::new(ttl),
            voter_cards: TtlCache::new(ttl),
            contest_ids: TtlCache::new(ttl),
            share_cards: ShareCards::default(),
        }
    }

    /// Forgets a user's sessions (signed out everywhere, deleted, or changed).
    pub(crate) fn forget_user(&self, user_id: i64) {
        self.sessions.retain(|u| u.id != user_id);
        self.forget_cards_of(user_id);
    }

    /// Forgets a voter's standing on the cards (they voted, or sent a photo, here).
    pub(crate) fn forget_cards_of(&self, voter: i64) {
        self.voter_cards.retain(|c| c.voter != voter);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_copy_is_used_until_it_expires_and_absence_is_not_kept() {
        let cache: TtlCache<i64, String> = TtlCache::new(Duration::from_millis(50));
        let first = cache.get_or_load(1, async { Ok::<_, ()>(Some("a".to_string())) }).await;
        assert_eq!(first, Ok(Some("a".to_string())));
        let cached = cache.get_or_load(1, async { Ok::<_, ()>(Some("b".to_string())) }).await;
        assert_eq!(cached, Ok(Some("a".to_string())), "the fresh copy is used");
        assert_eq!(cache.get_or_load(2, async { Ok::<_, ()>(None) }).await, Ok(None));
        assert_eq!(cache.get_or_load(2, async { Ok::<_, ()>(Some("c".to_string())) }).await, Ok(Some("c".to_string())));
        tokio::time::sleep(Duration::from_millis(60)).await;
        let reloaded = cache.get_or_load(1, async { Ok::<_, ()>(Some("d".to_string())) }).await;
        assert_eq!(reloaded, Ok(Some("d".to_string())), "an expired copy is read again");
        cache.remove(&1);
        assert_eq!(cache.get_or_load(1, async { Ok::<_, ()>(None) }).await, Ok(None));
    }

    #[tokio::test]
    async fn no_lifetime_means_no_copy() {
        let cache: TtlCache<i64, i64> = TtlCache::new(Duration::ZERO);
        assert_eq!(cache.get_or_load(1, async { Ok::<_, ()>(Some(1)) }).await, Ok(Some(1)));
        assert_eq!(cache.get_or_load(1, async { Ok::<_, ()>(Some(2)) }).await, Ok(Some(2)));
    }
}
