//! Owns this instance's read cache: bearer tokens resolved to their callers, and rendered answers
//! to reads (a part or strain by id or accession, a page of a list), with the one rule that keeps
//! them from being served stale.
//!
//! **The rule.** Every entry is stamped with the cache *epoch* it was read under and is served only
//! while the epoch is unchanged. The epoch moves — which drops every entry at once — when
//! - this instance commits a write: [`crate::state::AppState::db`] sees
//!   [`crate::db::take_committed_write`] after the work, before the response leaves, so a client
//!   reads its own writes on the instance it wrote to;
//! - the change follower ([`crate::domain::search::follow`], every `BIOREG_SEARCH_REFRESH_MS`)
//!   reads a new value of the database's change generation ([`crate::db::generation`], incremented
//!   by every write transaction on any instance): another instance's write is served stale for at
//!   most one refresh interval plus the time of one poll.
//!
//! A reader takes the epoch *before* it reads the database ([`ReadCache::epoch`]) and stores its
//! answer under that epoch, so an answer read before a write committed can never be stored as
//! current after the epoch moved past that write. Dropping everything on any write is coarse on
//! purpose: what a record's answer shows depends on other records (twins, components, names of
//! organisations and users, curation), and a registry is read far more often than it is written.
//!
//! **Cost.** A lookup is one hash probe (quick_cache's S3-FIFO cache, sharded, no background
//! threads): O(key length). Memory is bounded by `BIOREG_READ_CACHE_MB` for answers (weight: body
//! plus key bytes; an answer over [`MAX_ANSWER_BYTES`] is never stored) and by [`TOKEN_ENTRIES`]
//! resolved tokens of about 1 KiB each. Dropping is O(1) (the epoch moves; stale entries are
//! overwritten or evicted), plus a clear of both maps to give their memory back.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use bytes::Bytes;
use prometheus::IntCounter;
use quick_cache::sync::Cache;
use quick_cache::Weighter;

use crate::domain::accounts::Principal;

/// Largest answer the cache keeps, in bytes (a part of about 250 kbp as JSON): bigger answers
/// are rare and would crowd out many small ones.
pub const MAX_ANSWER_BYTES: usize = 256 * 1024;

/// Resolved tokens the cache keeps.
pub const TOKEN_ENTRIES: usize = 10_000;

/// A rendered `200 OK` answer to a read.
#[derive(Debug)]
pub struct Answer {
    pub body: Bytes,
    pub content_type: String,
    /// Further headers (`ETag`, `Vary`, `Content-Disposition`).
    pub headers: Vec<(&'static str, String)>,
}

#[derive(Clone)]
struct Stamped<T> {
    epoch: u64,
    value: T,
}

#[derive(Clone)]
struct AnswerWeight;

impl Weighter<String, Stamped<std::sync::Arc<Answer>>> for AnswerWeight {
    fn weight(&self, key: &String, value: &Stamped<std::sync::Arc<Answer>>) -> u64 {
        let answer = &value.value;
        let headers: usize = answer.headers.iter().map(|(_, v)| v.len() + 16).sum();
        (key.len() + answer.body.len() + answer.content_type.len() + headers + 64) as u64
    }
}

/// Counters the cache reports in `/metrics` (made by [`crate::http::metrics::Metrics`]).
#[derive(Clone)]
pub struct CacheCounters {
    pub answer_hits: IntCounter,
    pub answer_misses: IntCounter,
    pub token_hits: IntCounter,
    pub token_misses: IntCounter,
    pub dropped_local: IntCounter,
    pub dropped_remote: IntCounter,
}

#[cfg(test)]
impl CacheCounters {
    /// Counters that are reported nowhere (for caches outside a server).
    pub fn detached() -> Self {
        let counter = || IntCounter::new("unreported", "unreported").expect("valid counter");
        CacheCounters {
            answer_hits: counter(),
            answer_misses: counter(),
            token_hits: counter(),
            token_misses: counter(),
            dropped_local: counter(),
            dropped_remote: counter(),
        }
    }
}

/// This instance's cache of resolved tokens and rendered reads (see the module docs).
pub struct ReadCache {
    epoch: AtomicU64,
    /// The change generation the follower read last (`None` before its first poll).
    generation: Mutex<Option<i64>>,
    answers: Option<Cache<String, Stamped<std::sync::Arc<Answer>>, AnswerWeight>>,
    tokens: Option<Cache<String, Stamped<Principal>>>,
    counters: CacheCounters,
}

impl std::fmt::Debug for ReadCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadCache")
            .field("epoch", &self.epoch.load(Ordering::Relaxed))
            .field("answers", &self.answers.as_ref().map(Cache::len))
            .field("tokens", &self.tokens.as_ref().map(Cache::len))
            .finish()
    }
}

impl ReadCache {
    /// A cache of at most `bytes` of answers (0: no cache at all, every lookup misses).
    pub fn new(bytes: u64, counters: CacheCounters) -> Self {
        let enabled = bytes > 0;
        ReadCache {
            epoch: AtomicU64::new(0),
            generation: Mutex::new(None),
            answers: enabled.then(|| Cache::with_weighter((bytes / 4096).max(16) as usize, bytes, AnswerWeight)),
            tokens: enabled.then(|| Cache::new(TOKEN_ENTRIES)),
            counters,
        }
    }

    /// The epoch to stamp an answer with: take it *before* reading the database.
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::SeqCst)
    }

    /// Drops every entry: this instance committed a write.
    pub fn drop_all(&self) {
        self.counters.dropped_local.inc();
        self.advance();
    }

    fn advance(&self) {
        self.epoch.fetch_add(1, Ordering::SeqCst);
        if let Some(answers) = &self.answers {
            answers.clear();
        }
        if let Some(tokens) = &self.tokens {
            tokens.clear();
        }
    }

    /// Takes note of the database's change generation read by the follower: drops every entry
    /// when it differs from the last one seen (another instance, or this one, wrote since).
    pub fn observe_generation(&self, generation: i64) {
        let mut seen = self.generation.lock().expect("generation lock");
        if seen.is_some_and(|seen| seen != generation) {
            self.counters.dropped_remote.inc();
            self.advance();
        }
        *seen = Some(generation);
    }

    /// The cached answer under `key`, if it was stored in the current epoch.
    pub fn answer(&self, key: &str) -> Option<std::sync::Arc<Answer>> {
        let answers = self.answers.as_ref()?;
        let epoch = self.epoch();
        match answers.get(key) {
            Some(stamped) if stamped.epoch == epoch => {
                self.counters.answer_hits.inc();
                Some(stamped.value)
            }
            _ => {
                self.counters.answer_misses.inc();
                None
            }
        }
    }

    /// Stores `answer` under `key` as read in `epoch` (ignored once the epoch has moved on, and
    /// for answers over [`MAX_ANSWER_BYTES`]).
    pub fn put_answer(&self, key: String, epoch: u64, answer: std::sync::Arc<Answer>) {
        let Some(answers) = &self.answers else { return };
        if answer.body.len() > MAX_ANSWER_BYTES || epoch != self.epoch() {
            return;
        }
        answers.insert(key, Stamped { epoch, value: answer });
    }

    /// The caller a token (by its SHA-256, hex) stood for, if resolved in the current epoch and
    /// not expired since.
    pub fn token(&self, hash: &str, now: chrono::NaiveDateTime) -> Option<Principal> {
        let tokens = self.tokens.as_ref()?;
        let epoch = self.epoch();
        match tokens.get(hash) {
            Some(stamped)
                if stamped.epoch == epoch && stamped.value.token_expires_at.is_none_or(|expiry| expiry > now) =>
            {
                self.counters.token_hits.inc();
                Some(stamped.value)
            }
            _ => {
                self.counters.token_misses.inc();
                None
            }
        }
    }

    /// Stores the caller a token resolved to, as read in `epoch`.
    pub fn put_token(&self, hash: String, epoch: u64, principal: Principal) {
        let Some(tokens) = &self.tokens else { return };
        if epoch != self.epoch() {
            return;
        }
        tokens.insert(
            hash,
            Stamped {
                epoch,
                value: principal,
            },
        );
    }
}

#[cfg(test)]
impl ReadCache {
    /// Whether the cache keeps anything.
    fn enabled(&self) -> bool {
        self.answers.is_some()
    }

    /// Answers and tokens held now, and the weight of the answers in bytes.
    fn stats(&self) -> (usize, usize, u64) {
        (
            self.answers.as_ref().map_or(0, Cache::len),
            self.tokens.as_ref().map_or(0, Cache::len),
            self.answers.as_ref().map_or(0, Cache::weight),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &str) -> std::sync::Arc<Answer> {
        std::sync::Arc::new(Answer {
            body: Bytes::from(body.to_string()),
            content_type: "application/json".into(),
            headers: vec![("etag", "\"r1\"".into())],
        })
    }

    #[test]
    fn an_answer_read_before_a_drop_is_never_stored_as_current() {
        let cache = ReadCache::new(1 << 20, CacheCounters::detached());
        let before = cache.epoch();
        cache.put_answer("a".into(), before, answer("old"));
        assert_eq!(cache.answer("a").unwrap().body, "old");
        // A reader took the epoch, then a write committed and dropped everything ...
        let reader = cache.epoch();
        cache.drop_all();
        assert!(cache.answer("a").is_none(), "dropped");
        // ... so what it read cannot be stored as current.
        cache.put_answer("a".into(), reader, answer("stale"));
        assert!(cache.answer("a").is_none(), "a stale read was stored");
        cache.put_answer("a".into(), cache.epoch(), answer("new"));
        assert_eq!(cache.answer("a").unwrap().body, "new");
    }

    #[test]
    fn a_new_generation_drops_everything_the_same_one_does_not() {
        let cache = ReadCache::new(1 << 20, CacheCounters::detached());
        cache.observe_generation(7);
        cache.put_answer("a".into(), cache.epoch(), answer("x"));
        cache.observe_generation(7);
        assert!(cache.answer("a").is_some(), "same generation keeps entries");
        cache.observe_generation(8);
        assert!(cache.answer("a").is_none(), "a new generation drops them");
    }

    #[test]
    fn big_answers_and_a_disabled_cache_keep_nothing() {
        let cache = ReadCache::new(1 << 20, CacheCounters::detached());
        let big = "x".repeat(MAX_ANSWER_BYTES + 1);
        cache.put_answer("big".into(), cache.epoch(), answer(&big));
        assert!(cache.answer("big").is_none());
        let off = ReadCache::new(0, CacheCounters::detached());
        off.put_answer("a".into(), off.epoch(), answer("x"));
        assert!(off.answer("a").is_none());
        assert!(!off.enabled());
    }

    #[test]
    fn answers_stay_within_their_memory() {
        let cache = ReadCache::new(256 * 1024, CacheCounters::detached());
        let body = "y".repeat(10_000);
        for i in 0..200 {
            cache.put_answer(format!("k{i}"), cache.epoch(), answer(&body));
        }
        let (_, _, weight) = cache.stats();
        assert!(weight <= 256 * 1024, "{weight}");
    }
}
