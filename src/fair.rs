//! Owns fair use of the machine: the bounded pools that expensive work (sequence search, imports,
//! exports) runs in, so that cheap reads keep answering while they are saturated, and the
//! per-caller share of each pool.
//!
//! A [`Pool`] has a number of slots (requests working at once), a queue of bounded length, and a
//! longest wait. A request takes a [`Permit`] before its expensive work and holds it until its
//! response is built (a streamed export, until its last byte). Refusals, with `Retry-After`:
//! - 429 when the caller already has as many requests in the pool (working or waiting) as it may:
//!   [`FairUse::per_user`] for a signed-in user (all their tokens together), [`FairUse::per_address`]
//!   for an anonymous client address — so one caller cannot fill the queue;
//! - 503 when the queue is full (anonymous callers may fill only their share of it) or the wait
//!   for a slot runs out.
//!
//! Each check is a hash-map lookup under a mutex and an atomic counter; waiting is
//! `tokio::sync::Semaphore`'s FIFO queue, so memory is O(callers in the pool). A request whose
//! client goes away while it waits leaves the queue (its future is dropped, and the guards give
//! its place back). The counts are exported at `/metrics` (`bioreg_pool_*`).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::db::types::UserId;
use crate::error::AppError;
use crate::http::metrics::Metrics;

/// Who a request counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallerKey {
    User(UserId),
    Address(IpAddr),
}

impl CallerKey {
    pub fn is_anonymous(&self) -> bool {
        matches!(self, CallerKey::Address(_))
    }
}

/// The fair-use settings shared by the pools.
#[derive(Debug, Clone, Copy)]
pub struct FairUse {
    /// Requests one signed-in user may have in one pool (working or waiting).
    pub per_user: u32,
    /// Requests one anonymous client address may have in one pool.
    pub per_address: u32,
    /// Requests that may wait for a slot, per pool.
    pub queue: usize,
    /// Longest wait for a slot.
    pub wait: Duration,
    /// Anonymous callers' share, in per cent: of each queue, and of a search's work and time.
    pub anonymous_percent: u32,
}

/// Defaults of the `BIOREG_FAIR_*` settings and of `BIOREG_BODY_MEMORY_BYTES`.
pub mod defaults {
    pub const PER_USER: u32 = 4;
    pub const PER_ADDRESS: u32 = 2;
    pub const QUEUE: usize = 64;
    pub const QUEUE_SECONDS: u64 = 10;
    pub const ANONYMOUS_PERCENT: u32 = 25;
    pub const BODY_MEMORY_BYTES: usize = 1 << 30;
}

impl Default for FairUse {
    fn default() -> Self {
        FairUse {
            per_user: defaults::PER_USER,
            per_address: defaults::PER_ADDRESS,
            queue: defaults::QUEUE,
            wait: Duration::from_secs(defaults::QUEUE_SECONDS),
            anonymous_percent: defaults::ANONYMOUS_PERCENT,
        }
    }
}

/// One bounded pool.
pub struct Pool {
    name: &'static str,
    slots: Arc<Semaphore>,
    rules: FairUse,
    waiting: AtomicUsize,
    anonymous_waiting: AtomicUsize,
    callers: Mutex<HashMap<CallerKey, u32>>,
    metrics: Arc<Metrics>,
}

/// A place in a pool: working while held.
pub struct Permit {
    _slot: OwnedSemaphorePermit,
    _caller: CallerGuard,
    _busy: Gauge,
}

impl std::fmt::Debug for Permit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Permit").field("pool", &self._caller.pool.name).finish()
    }
}

/// Gives back a caller's place in the pool's count when dropped.
struct CallerGuard {
    pool: Arc<Pool>,
    key: CallerKey,
}

impl Drop for CallerGuard {
    fn drop(&mut self) {
        let mut callers = self.pool.callers.lock().expect("pool lock");
        if let Some(count) = callers.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                callers.remove(&self.key);
            }
        }
    }
}

/// Counts a request in one of the pool's gauges while it lives.
struct Gauge {
    pool: Arc<Pool>,
    which: &'static str,
    anonymous: bool,
}

impl Gauge {
    fn new(pool: &Arc<Pool>, which: &'static str, anonymous: bool) -> (Self, usize, usize) {
        let (count, anonymous_count) = if which == "waiting" {
            let count = pool.waiting.fetch_add(1, Ordering::SeqCst);
            let anonymous_count = if anonymous {
                pool.anonymous_waiting.fetch_add(1, Ordering::SeqCst)
            } else {
                0
            };
            (count, anonymous_count)
        } else {
            (0, 0)
        };
        pool.metrics.pool_gauge(pool.name, which, 1);
        (
            Gauge {
                pool: pool.clone(),
                which,
                anonymous,
            },
            count,
            anonymous_count,
        )
    }
}

impl Drop for Gauge {
    fn drop(&mut self) {
        if self.which == "waiting" {
            self.pool.waiting.fetch_sub(1, Ordering::SeqCst);
            if self.anonymous {
                self.pool.anonymous_waiting.fetch_sub(1, Ordering::SeqCst);
            }
        }
        self.pool.metrics.pool_gauge(self.pool.name, self.which, -1);
    }
}

impl Pool {
    /// A pool of `slots` places (at least one).
    pub fn new(name: &'static str, slots: usize, rules: FairUse, metrics: Arc<Metrics>) -> Arc<Self> {
        metrics.pool_slots(name, slots.max(1));
        Arc::new(Pool {
            name,
            slots: Arc::new(Semaphore::new(slots.max(1))),
            rules,
            waiting: AtomicUsize::new(0),
            anonymous_waiting: AtomicUsize::new(0),
            callers: Mutex::new(HashMap::new()),
            metrics,
        })
    }

    fn refuse(&self, reason: &'static str, error: AppError) -> AppError {
        self.metrics.pool_rejected(self.name, reason);
        error
    }

    /// Waits for a place for `caller` (see the module docs for the refusals).
    pub async fn enter(self: &Arc<Self>, caller: CallerKey) -> Result<Permit, AppError> {
        let anonymous = caller.is_anonymous();
        let most = if anonymous {
            self.rules.per_address
        } else {
            self.rules.per_user
        };
        {
            let mut callers = self.callers.lock().expect("pool lock");
            let count = callers.entry(caller).or_insert(0);
            if *count >= most {
                let who = if anonymous {
                    "this client address without a token (BIOREG_FAIR_PER_ADDRESS)"
                } else {
                    "one user (BIOREG_FAIR_PER_USER)"
                };
                return Err(self.refuse(
                    "caller_busy",
                    AppError::too_many_requests(
                        format!(
                            "{} {} requests at once may run or wait for {who}; wait for one to finish",
                            most, self.name
                        ),
                        1,
                    ),
                ));
            }
            *count += 1;
        }
        let guard = CallerGuard {
            pool: self.clone(),
            key: caller,
        };
        if let Ok(slot) = self.slots.clone().try_acquire_owned() {
            return Ok(Permit {
                _slot: slot,
                _caller: guard,
                _busy: Gauge::new(self, "busy", anonymous).0,
            });
        }
        let (waiting, ahead, anonymous_ahead) = Gauge::new(self, "waiting", anonymous);
        let anonymous_share = self.rules.queue * self.rules.anonymous_percent as usize / 100;
        if ahead >= self.rules.queue || (anonymous && anonymous_ahead >= anonymous_share.max(1)) {
            return Err(self.refuse(
                "queue_full",
                AppError::overloaded(
                    format!(
                        "the {} queue is full ({ahead} requests waiting{}); retry shortly",
                        self.name,
                        if anonymous {
                            ", anonymous callers may fill a share of it (BIOREG_FAIR_ANONYMOUS_PERCENT)"
                        } else {
                            ""
                        }
                    ),
                    1,
                ),
            ));
        }
        match tokio::time::timeout(self.rules.wait, self.slots.clone().acquire_owned()).await {
            Ok(Ok(slot)) => {
                drop(waiting);
                Ok(Permit {
                    _slot: slot,
                    _caller: guard,
                    _busy: Gauge::new(self, "busy", anonymous).0,
                })
            }
            Ok(Err(_closed)) => Err(AppError::internal("a work pool was closed")),
            Err(_elapsed) => Err(self.refuse(
                "wait_timeout",
                AppError::overloaded(
                    format!(
                        "no {} slot came free within {} s (BIOREG_FAIR_QUEUE_SECONDS); retry shortly",
                        self.name,
                        self.rules.wait.as_secs_f64()
                    ),
                    2,
                ),
            )),
        }
    }
}

/// The bytes of request bodies this instance holds in memory at once, across all requests.
///
/// A body is read only after its size (its `Content-Length`, or the route's limit when it has
/// none) is reserved here, so many large bodies at once wait for each other (up to
/// [`FairUse::wait`], then 503) instead of exhausting memory; the reservation lasts until the
/// body has been parsed. Counted in KiB permits of a semaphore: O(1) memory.
pub struct BodyMemory {
    kib: Arc<Semaphore>,
    total_kib: usize,
    wait: Duration,
    metrics: Arc<Metrics>,
}

/// Bytes of a body reserved in [`BodyMemory`] while held.
pub struct BodyReservation {
    _kib: OwnedSemaphorePermit,
}

impl BodyMemory {
    pub fn new(bytes: usize, wait: Duration, metrics: Arc<Metrics>) -> Self {
        let total_kib = bytes.div_ceil(1024).max(1);
        BodyMemory {
            kib: Arc::new(Semaphore::new(total_kib)),
            total_kib,
            wait,
            metrics,
        }
    }

    /// Reserves room for a body of `declared` bytes (its `Content-Length`; `None`: `limit`), at
    /// most `limit`, before it is read.
    pub async fn reserve(&self, declared: Option<u64>, limit: usize) -> Result<BodyReservation, AppError> {
        let bytes = declared.map_or(limit, |length| length.min(limit as u64) as usize);
        // A body larger than the whole budget (a setting below the body limit) may still be read
        // alone.
        let kib = bytes.div_ceil(1024).clamp(1, self.total_kib) as u32;
        if let Ok(permit) = self.kib.clone().try_acquire_many_owned(kib) {
            return Ok(BodyReservation { _kib: permit });
        }
        match tokio::time::timeout(self.wait, self.kib.clone().acquire_many_owned(kib)).await {
            Ok(Ok(permit)) => Ok(BodyReservation { _kib: permit }),
            Ok(Err(_closed)) => Err(AppError::internal("the body memory semaphore was closed")),
            Err(_elapsed) => {
                self.metrics.pool_rejected("bodies", "wait_timeout");
                Err(AppError::overloaded(
                    format!(
                        "the server holds as many request bodies as it may ({} MiB, BIOREG_BODY_MEMORY_BYTES); retry shortly",
                        self.total_kib / 1024
                    ),
                    2,
                ))
            }
        }
    }
}

/// The pools of one instance.
#[derive(Clone)]
pub struct Pools {
    /// Sequence search (API and pages).
    pub search: Arc<Pool>,
    /// Imports and exports.
    pub bulk: Arc<Pool>,
    /// Request bodies held in memory.
    pub bodies: Arc<BodyMemory>,
    pub rules: FairUse,
}

impl Pools {
    pub fn new(
        search_slots: usize,
        bulk_slots: usize,
        body_memory: usize,
        rules: FairUse,
        metrics: &Arc<Metrics>,
    ) -> Self {
        Pools {
            search: Pool::new("search", search_slots, rules, metrics.clone()),
            bulk: Pool::new("bulk", bulk_slots, rules, metrics.clone()),
            bodies: Arc::new(BodyMemory::new(body_memory, rules.wait, metrics.clone())),
            rules,
        }
    }
}

/// Sets its flag when dropped: a handler holds one while its work runs, so the work (which
/// polls the flag) stops when actix drops the handler's future.
///
/// actix-web does not drop a handler's future when its HTTP/1 client disconnects
/// (actix/actix-web#3462), so [`CancelOnDrop::watching`] also watches the client's socket: every
/// [`WATCH_EVERY`] it peeks at it without reading (`recv(MSG_PEEK | MSG_DONTWAIT)`), and an orderly
/// close or a reset sets the flag. Data waiting on the socket (a pipelined request) counts as a
/// live client. The socket is recorded for each connection by [`record_socket`].
pub struct CancelOnDrop(pub Arc<std::sync::atomic::AtomicBool>);

/// How often a watched client's socket is looked at.
pub const WATCH_EVERY: Duration = Duration::from_millis(50);

/// The raw socket of a connection, recorded when it is accepted.
#[derive(Debug, Clone, Copy)]
pub struct PeerSocket(#[cfg_attr(not(unix), allow(dead_code))] i32);

/// `HttpServer::on_connect` callback: keeps the connection's socket for [`CancelOnDrop::watching`].
pub fn record_socket(connection: &dyn std::any::Any, data: &mut actix_web::dev::Extensions) {
    #[cfg(unix)]
    if let Some(stream) = connection.downcast_ref::<actix_web::rt::net::TcpStream>() {
        use std::os::fd::AsRawFd as _;
        data.insert(PeerSocket(stream.as_raw_fd()));
    }
    #[cfg(not(unix))]
    let _ = (connection, data);
}

/// Whether the peer of `socket` has closed or reset the connection.
#[cfg(unix)]
fn peer_gone(socket: PeerSocket) -> bool {
    let mut byte = 0u8;
    // SAFETY: a one-byte peek into a local buffer on a socket descriptor; MSG_PEEK leaves any
    // data in place for actix and MSG_DONTWAIT never blocks. Should the descriptor have been
    // closed and reused, the peek reads another socket's state without changing it.
    let n = unsafe {
        libc::recv(
            socket.0,
            (&mut byte as *mut u8).cast(),
            1,
            libc::MSG_PEEK | libc::MSG_DONTWAIT,
        )
    };
    if n == 0 {
        return true;
    }
    if n < 0 {
        let error = std::io::Error::last_os_error().raw_os_error();
        return matches!(error, Some(libc::ECONNRESET) | Some(libc::ENOTCONN) | Some(libc::EPIPE));
    }
    false
}

impl CancelOnDrop {
    pub fn new() -> Self {
        CancelOnDrop(Arc::new(std::sync::atomic::AtomicBool::new(false)))
    }

    /// A flag that is also set when the client of `req` goes away (see the type's docs).
    pub fn watching(req: &actix_web::HttpRequest) -> Self {
        let cancel = Self::new();
        #[cfg(unix)]
        if let Some(&socket) = req.conn_data::<PeerSocket>() {
            let flag = cancel.flag();
            actix_web::rt::spawn(async move {
                while !flag.load(Ordering::Relaxed) {
                    actix_web::rt::time::sleep(WATCH_EVERY).await;
                    if peer_gone(socket) {
                        flag.store(true, Ordering::Relaxed);
                    }
                }
            });
        }
        #[cfg(not(unix))]
        let _ = req;
        cancel
    }

    /// The flag the work polls.
    pub fn flag(&self) -> Arc<std::sync::atomic::AtomicBool> {
        self.0.clone()
    }
}

impl Default for CancelOnDrop {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// The default number of search slots: half the cores (at least one), so the other half keeps
/// serving cheap reads while searches saturate theirs.
pub fn default_search_slots() -> usize {
    std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(slots: usize, rules: FairUse) -> Arc<Pool> {
        Pool::new("search", slots, rules, Arc::new(Metrics::new()))
    }

    fn address(n: u8) -> CallerKey {
        CallerKey::Address(IpAddr::from([127, 0, 0, n]))
    }

    #[actix_web::test]
    async fn a_caller_may_hold_its_share_and_no_more() {
        let pool = pool(
            4,
            FairUse {
                per_address: 2,
                ..FairUse::default()
            },
        );
        let a = pool.enter(address(1)).await.unwrap();
        let _b = pool.enter(address(1)).await.unwrap();
        let refused = pool.enter(address(1)).await.unwrap_err();
        assert_eq!(refused.status.as_u16(), 429);
        assert!(pool.enter(address(2)).await.is_ok(), "another caller is not affected");
        drop(a);
        assert!(
            pool.enter(address(1)).await.is_ok(),
            "a place comes back when a request ends"
        );
    }

    #[actix_web::test]
    async fn a_full_queue_and_a_long_wait_are_503s() {
        let rules = FairUse {
            per_address: 10,
            queue: 1,
            wait: Duration::from_millis(50),
            anonymous_percent: 100,
            ..FairUse::default()
        };
        let pool = pool(1, rules);
        let _working = pool.enter(address(1)).await.unwrap();
        let started = std::time::Instant::now();
        let timed_out = pool.enter(address(2)).await.unwrap_err();
        assert_eq!((timed_out.status.as_u16(), timed_out.retry_after), (503, Some(2)));
        assert!(started.elapsed() >= Duration::from_millis(50));
        // One waits; the next finds the queue full at once.
        let waiting = {
            let pool = pool.clone();
            actix_web::rt::spawn(async move { pool.enter(address(3)).await.map(|_| ()) })
        };
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
        let full = pool.enter(address(4)).await.unwrap_err();
        assert_eq!(full.status.as_u16(), 503);
        assert!(full.detail.contains("queue is full"), "{}", full.detail);
        assert!(waiting.await.unwrap().is_err(), "the waiting one times out too");
    }

    #[actix_web::test]
    async fn bodies_wait_for_room_in_memory() {
        let memory = BodyMemory::new(100 * 1024, Duration::from_millis(50), Arc::new(Metrics::new()));
        let sized = |bytes: u64| Some(bytes);
        let first = memory.reserve(sized(60 * 1024), 1 << 20).await.unwrap();
        let refused = memory.reserve(sized(60 * 1024), 1 << 20).await.err().unwrap();
        assert_eq!(refused.status.as_u16(), 503);
        // Small bodies still fit beside it; a body without a length reserves its route's limit.
        let _small = memory.reserve(sized(1000), 1 << 20).await.unwrap();
        let chunked = None;
        assert!(memory.reserve(chunked, 50 * 1024).await.is_err());
        drop(first);
        assert!(memory.reserve(chunked, 50 * 1024).await.is_ok());
    }
}
