//! Owns the application state shared by every request: the pool, the settings, the metrics,
//! this instance's sequence index, rate limits, work pools and import jobs, and the one way handlers
//! reach the database ([`AppState::db`]).

use std::sync::Arc;

use actix_web::web;

use crate::cache::ReadCache;
use crate::config::Settings;
use crate::db::{Backend, DbConnection, DbPool};
use crate::domain::import_jobs::runner::Jobs;
use crate::domain::search::SearchIndex;
use crate::error::{AppError, AppResult};
use crate::fair::{CallerKey, Pools};
use crate::http::limits::RateLimits;
use crate::http::metrics::Metrics;

#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub backend: Backend,
    pub settings: Arc<Settings>,
    pub metrics: Arc<Metrics>,
    /// Built by [`crate::start_search`]; empty until then.
    pub search: Arc<SearchIndex>,
    /// This instance's rate-limit buckets.
    pub limits: Arc<RateLimits>,
    /// The bounded pools expensive work runs in.
    pub pools: Pools,
    /// Resolved tokens and rendered reads ([`crate::cache`]).
    pub cache: Arc<ReadCache>,
    /// The import jobs this instance runs ([`crate::start_import_jobs`]).
    pub jobs: Arc<Jobs>,
}

impl AppState {
    pub fn new(pool: DbPool, backend: Backend, settings: Settings) -> Self {
        let limits = RateLimits::new(
            settings.rate_limit_per_ip,
            settings.rate_limit_per_token,
            settings.trust_forwarded_for,
        );
        let metrics = Arc::new(Metrics::new());
        let pools = Pools::new(
            settings.search_workers,
            settings.bulk_workers,
            settings.body_memory_bytes,
            settings.fair,
            &metrics,
        );
        let cache = Arc::new(ReadCache::new(settings.read_cache_bytes, metrics.read_cache_counters()));
        AppState {
            cache,
            limits: Arc::new(limits),
            pool,
            backend,
            settings: Arc::new(settings),
            metrics,
            search: Arc::new(SearchIndex::new()),
            pools,
            jobs: Arc::new(Jobs::new()),
        }
    }

    /// Runs synchronous diesel work on the blocking thread pool with a pooled connection,
    /// inside the caller's tracing span (so its log lines carry the request id).
    ///
    /// This is where requests spend their time, so the request timeout applies here: work not
    /// finished within `BIOREG_REQUEST_TIMEOUT` is answered 503. The work itself cannot be
    /// interrupted on its thread; it goes on to commit or roll back as a whole.
    pub async fn db<T, F>(&self, work: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConnection) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let span = tracing::Span::current();
        let timeout = self.settings.request_timeout;
        let cache = self.cache.clone();
        let blocking = web::block(move || {
            let _entered = span.enter();
            let mut conn = pool.get()?;
            crate::db::take_committed_write();
            let outcome = work(&mut conn);
            // A write committed: nothing cached before it may be served after it.
            if crate::db::take_committed_write() {
                cache.drop_all();
            }
            outcome
        });
        match actix_web::rt::time::timeout(timeout, blocking).await {
            Ok(done) => done?,
            Err(_) => {
                tracing::warn!(seconds = timeout.as_secs_f64(), "request timed out");
                Err(AppError::timed_out(timeout))
            }
        }
    }

    /// [`AppState::db`] whose result is serialised to a JSON `200 OK` on the blocking pool too: a
    /// large answer (a page of 500 records, a search with alignments) takes a while to serialise,
    /// and the worker's event loop serves other requests meanwhile.
    pub async fn db_json<T, F>(&self, work: F) -> AppResult<actix_web::HttpResponse>
    where
        F: FnOnce(&mut DbConnection) -> AppResult<T> + Send + 'static,
        T: serde::Serialize + Send + 'static,
    {
        let body = self
            .db(move |conn| serde_json::to_vec(&work(conn)?).map_err(AppError::internal))
            .await?;
        Ok(actix_web::HttpResponse::Ok()
            .insert_header((actix_web::http::header::CONTENT_TYPE, "application/json"))
            .body(body))
    }

    /// Who a request counts against in the work pools: the signed-in user, else the client
    /// address (as the rate limits see it).
    pub fn caller_key(&self, user: Option<crate::db::types::UserId>, req: &actix_web::HttpRequest) -> CallerKey {
        match user {
            Some(user) => CallerKey::User(user),
            None => CallerKey::Address(self.limits.client_address(req)),
        }
    }

    /// Reserves room in memory for the body of `req` (see [`crate::fair::BodyMemory`]) and reads
    /// it with `read`, which must arrive within `BIOREG_REQUEST_TIMEOUT` (else 408).
    /// A body whose `Content-Length` is over `limit` is a 413 at once (`setting` names the limit).
    pub async fn read_body<T>(
        &self,
        req: &actix_web::HttpRequest,
        limit: usize,
        setting: &'static str,
        read: impl std::future::Future<Output = AppResult<T>>,
    ) -> AppResult<(T, crate::fair::BodyReservation)> {
        let declared = req
            .headers()
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|length| length > limit as u64) {
            return Err(AppError::payload_too_large(limit, setting));
        }
        let reservation = self.pools.bodies.reserve(declared, limit).await?;
        match actix_web::rt::time::timeout(self.settings.request_timeout, read).await {
            Ok(body) => Ok((body?, reservation)),
            Err(_) => Err(AppError::new(
                actix_web::http::StatusCode::REQUEST_TIMEOUT,
                "request-timeout",
                format!(
                    "the request body did not arrive within {} s (BIOREG_REQUEST_TIMEOUT)",
                    self.settings.request_timeout.as_secs_f64()
                ),
            )),
        }
    }

    /// [`AppState::db`] for writes that may change part sequences or their visibility: after the
    /// write commits, this instance's sequence index applies the change feed, so the writer's
    /// next search sees its write. (Should that fail, the write stands and the feed follower
    /// applies it on its next round.)
    pub async fn db_write<T, F>(&self, work: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConnection) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let search = self.search.clone();
        self.db(move |conn| {
            let done = work(conn)?;
            if let Err(error) = crate::domain::search::catch_up(conn, &search) {
                tracing::warn!(error = %error.detail, "updating the sequence index after a write failed");
            }
            Ok(done)
        })
        .await
    }
}
