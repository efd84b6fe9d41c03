//! Owns the application state shared by every request: the pool, the settings and the metrics,
//! and the one way handlers reach the database ([`AppState::db`]).

use std::sync::Arc;

use actix_web::web;

use crate::config::Settings;
use crate::db::{Backend, DbConnection, DbPool};
use crate::error::AppResult;
use crate::http::metrics::Metrics;

#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub backend: Backend,
    pub settings: Arc<Settings>,
    pub metrics: Arc<Metrics>,
}

impl AppState {
    pub fn new(pool: DbPool, backend: Backend, settings: Settings) -> Self {
        AppState {
            pool,
            backend,
            settings: Arc::new(settings),
            metrics: Arc::new(Metrics::new()),
        }
    }

    /// Runs synchronous diesel work on the blocking thread pool with a pooled connection,
    /// inside the caller's tracing span (so its log lines carry the request id).
    pub async fn db<T, F>(&self, work: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConnection) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let span = tracing::Span::current();
        web::block(move || {
            let _entered = span.enter();
            let mut conn = pool.get()?;
            work(&mut conn)
        })
        .await?
    }
}
