//! Owns the protections every request passes through before a handler runs: per-address and
//! per-token rate limits (429 with `Retry-After`), the security headers of every response and the
//! CORS policy (off unless origins are configured). (The request timeout is applied where requests
//! spend their time, around the database work, in [`crate::state::AppState::db`].)
//!
//! Rate limits are GCRA token buckets (the `governor` crate), one bucket per client address for
//! requests that are not authenticated (anonymous ones and failed authentications) and one per API
//! token for authenticated ones, so a lab behind one NAT address is limited per token, not as a
//! whole. Each bucket refills at the configured rate per second and holds two seconds' worth.
//! Buckets live in this instance's memory: with several instances behind a load balancer, a
//! client gets at most the limit of each instance it reaches. Checking costs one hash-map lookup;
//! idle buckets are dropped every [`SWEEP_EVERY`] checks, so memory stays bounded by the number of
//! clients seen in the last few seconds.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, HttpRequest};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

use crate::db::types::TokenId;
use crate::error::AppError;
use crate::state::AppState;

/// Idle buckets are swept after this many checks.
const SWEEP_EVERY: u64 = 4096;

/// Where a caller stands against its limit once a request was counted, as the `RateLimit-Limit`,
/// `RateLimit-Remaining` and `RateLimit-Reset` headers of every limited answer say (the IETF
/// httpapi rate-limit headers, in their widely used separate-field form): the burst it may send,
/// what is left of it, and the seconds until the bucket is full again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub limit: u32,
    pub remaining: u32,
    pub reset: u64,
}

impl Standing {
    /// The three header fields.
    pub fn headers(&self) -> [(HeaderName, HeaderValue); 3] {
        [
            (
                HeaderName::from_static("ratelimit-limit"),
                HeaderValue::from(self.limit),
            ),
            (
                HeaderName::from_static("ratelimit-remaining"),
                HeaderValue::from(self.remaining),
            ),
            (
                HeaderName::from_static("ratelimit-reset"),
                HeaderValue::from(self.reset),
            ),
        ]
    }
}

type KeyedLimiter<K> = RateLimiter<K, DefaultKeyedStateStore<K>, DefaultClock, StateInformationMiddleware>;

/// One keyed limit.
struct Limit<K: std::hash::Hash + Eq + Clone> {
    limiter: KeyedLimiter<K>,
    per_second: u32,
    burst: u32,
}

impl<K: std::hash::Hash + Eq + Clone> Limit<K> {
    fn new(per_second: u32) -> Option<Self> {
        let rate = NonZeroU32::new(per_second)?;
        let burst = NonZeroU32::new(per_second.saturating_mul(2)).unwrap_or(rate);
        Some(Limit {
            limiter: RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst))
                .with_middleware::<StateInformationMiddleware>(),
            per_second,
            burst: burst.get(),
        })
    }

    /// The caller's standing, or `Err((seconds to wait, standing))` when the key is over its limit.
    fn check(&self, key: &K) -> Result<Standing, (u64, Standing)> {
        match self.limiter.check_key(key) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                let used = u64::from(self.burst.saturating_sub(remaining));
                Ok(Standing {
                    limit: self.burst,
                    remaining,
                    // Each used request comes back after 1/per_second s.
                    reset: used.div_ceil(u64::from(self.per_second)),
                })
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                let wait = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
                let reset = u64::from(self.burst).div_ceil(u64::from(self.per_second)).max(wait);
                Err((
                    wait,
                    Standing {
                        limit: self.burst,
                        remaining: 0,
                        reset,
                    },
                ))
            }
        }
    }
}

/// The rate limits of one instance; `None` limits are off.
pub struct RateLimits {
    per_ip: Option<Limit<IpAddr>>,
    per_token: Option<Limit<TokenId>>,
    trust_forwarded: bool,
    checks: AtomicU64,
}

impl std::fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimits")
            .field("per_ip", &self.per_ip.as_ref().map(|l| l.per_second))
            .field("per_token", &self.per_token.as_ref().map(|l| l.per_second))
            .field("trust_forwarded", &self.trust_forwarded)
            .finish()
    }
}

impl RateLimits {
    /// Limits in requests per second; 0 turns a limit off.
    pub fn new(per_ip: u32, per_token: u32, trust_forwarded: bool) -> Self {
        RateLimits {
            per_ip: Limit::new(per_ip),
            per_token: Limit::new(per_token),
            trust_forwarded,
            checks: AtomicU64::new(0),
        }
    }

    fn sweep(&self) {
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            if let Some(limit) = &self.per_ip {
                limit.limiter.retain_recent();
                limit.limiter.shrink_to_fit();
            }
            if let Some(limit) = &self.per_token {
                limit.limiter.retain_recent();
                limit.limiter.shrink_to_fit();
            }
        }
    }

    /// Counts an unauthenticated request against its client address: the caller's standing
    /// (`None` when the limit is off), or a 429 with it.
    pub fn check_address(&self, req: &HttpRequest) -> Result<Option<Standing>, (AppError, Standing)> {
        let Some(limit) = &self.per_ip else { return Ok(None) };
        self.sweep();
        let address = self.client_address(req);
        limit.check(&address).map(Some).map_err(|(wait, standing)| {
            let error = AppError::too_many_requests(
                format!(
                    "more than {} requests per second from {address} without a valid token \
                     (BIOREG_RATE_LIMIT_PER_IP); retry in {wait} s",
                    limit.per_second
                ),
                wait,
            );
            (error, standing)
        })
    }

    /// Counts an authenticated request against its token: the caller's standing (`None` when the
    /// limit is off), or a 429 with it.
    pub fn check_token(&self, token: TokenId) -> Result<Option<Standing>, (AppError, Standing)> {
        let Some(limit) = &self.per_token else { return Ok(None) };
        self.sweep();
        limit.check(&token).map(Some).map_err(|(wait, standing)| {
            let error = AppError::too_many_requests(
                format!(
                    "more than {} requests per second with this token (BIOREG_RATE_LIMIT_PER_TOKEN); \
                     retry in {wait} s",
                    limit.per_second
                ),
                wait,
            );
            (error, standing)
        })
    }

    /// The peer's address, or — behind a trusted proxy — the first address of
    /// `Forwarded`/`X-Forwarded-For`. Requests without either (in-process tests) share one bucket.
    pub fn client_address(&self, req: &HttpRequest) -> IpAddr {
        let forwarded = self
            .trust_forwarded
            .then(|| req.connection_info().realip_remote_addr().map(str::to_string))
            .flatten()
            .and_then(|text| parse_address(&text));
        forwarded
            .or_else(|| req.peer_addr().map(|peer| peer.ip()))
            .unwrap_or(IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED))
    }
}

/// `1.2.3.4`, `1.2.3.4:5678`, `[::1]:5678` or `::1`.
fn parse_address(text: &str) -> Option<IpAddr> {
    text.parse::<IpAddr>()
        .ok()
        .or_else(|| text.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
}

/// Middleware: the security headers of every response (kept when a handler set its own).
/// The API answers JSON and files, never pages, so its content security policy allows nothing;
/// the Swagger UI under `/docs` gets the scripts and styles it loads from this server.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let docs = req.path().starts_with("/docs");
    let hsts = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|state| state.settings.public_url.starts_with("https://"));
    let mut response = next.call(req).await?.map_into_left_body();
    let page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let csp = if docs {
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
         script-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
    } else if page {
        // The web pages: their one stylesheet, forms posting to this origin, no scripts at all.
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
         base-uri 'none'; frame-ancestors 'none'"
    } else {
        "default-src 'none'; frame-ancestors 'none'"
    };
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "no-referrer");
    set(header::CONTENT_SECURITY_POLICY, csp);
    set(HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    if hsts {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000");
    }
    Ok(response)
}

/// The CORS policy: `None` (no CORS headers; browsers keep other origins out) unless origins are
/// configured. Tokens travel in `Authorization`, never in cookies, so credentials are not allowed.
pub fn cors(origins: &[String]) -> Option<actix_cors::Cors> {
    if origins.is_empty() {
        return None;
    }
    let mut cors = actix_cors::Cors::default()
        .allowed_methods(["GET", "POST", "PATCH", "DELETE"])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::IF_MATCH,
            HeaderName::from_static("x-request-id"),
        ])
        .expose_headers([
            header::ETAG,
            header::LOCATION,
            header::RETRY_AFTER,
            header::CONTENT_DISPOSITION,
            HeaderName::from_static("x-request-id"),
        ])
        .max_age(3600);
    for origin in origins {
        cors = if origin == "*" {
            cors.allow_any_origin()
        } else {
            cors.allowed_origin(origin)
        };
    }
    Some(cors)
}
