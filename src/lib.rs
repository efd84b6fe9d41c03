//! bioreg: a registry service for microbial strains and genetic parts.
//!
//! Layers, bottom to top: [`db`] (storage, both backends) → [`domain`] (rules) → [`http`]
//! (routes, handlers, views). [`build_app`] assembles the actix application that `bioreg serve`
//! runs and the integration tests drive.

pub mod auth;
pub mod cache;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod fair;
pub mod http;
pub mod json;
pub mod openapi;
pub mod pages;
pub mod seq;
pub mod state;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Condition, ErrorHandlers};
use actix_web::{web, App};

pub use state::AppState;

/// Connects once, applies pending migrations and the seeds; returns the connection and the
/// names of the migrations applied now. Connecting directly (not through the pool) reports an
/// unreachable database with its real error at once.
pub fn prepare_database(url: &db::DatabaseUrl) -> Result<(db::DbConnection, Vec<String>), String> {
    let mut conn = url.connect().map_err(|e| e.to_string())?;
    let applied = conn.run_migrations()?;
    if !applied.is_empty() {
        tracing::info!(migrations = ?applied, "applied database migrations");
    }
    domain::seeds::load(&mut conn).map_err(|e| format!("loading seeds failed: {}", e.detail))?;
    if let Err(error) = db::refresh_statistics(&mut conn) {
        tracing::warn!(%error, "refreshing planner statistics failed");
    }
    Ok((conn, applied))
}

/// Builds this instance's sequence index from the database and starts following the change
/// feed (see [`domain::search`]); call once per [`AppState`] before serving.
pub fn start_search(state: &AppState) -> Result<(), String> {
    let started = std::time::Instant::now();
    let mut conn = state.pool.get().map_err(|e| e.to_string())?;
    domain::search::load(&mut conn, &state.search)
        .map_err(|e| format!("building the sequence index failed: {}", e.detail))?;
    let stats = state.search.stats();
    tracing::info!(
        sequences = stats.sequences,
        bases = stats.bases,
        memory_bytes = stats.memory_bytes,
        seconds = started.elapsed().as_secs_f64(),
        "sequence index built"
    );
    // The read cache starts from the generation the database is at, so the follower's first
    // round already drops what was cached before a later write of another instance.
    let generation = db::generation(&mut conn).map_err(|e| e.to_string())?;
    state.cache.observe_generation(generation);
    let cache = state.cache.clone();
    domain::search::follow(
        state.pool.clone(),
        &state.search,
        state.settings.search_refresh,
        move |generation| cache.observe_generation(generation),
    );
    Ok(())
}

/// Starts this instance's import-job runner ([`domain::import_jobs::runner`]): it fails the jobs
/// whose server stopped, then runs queued jobs one at a time. Call once per [`AppState`], after
/// [`start_search`].
pub fn start_import_jobs(state: &AppState) {
    let cache = state.cache.clone();
    let search = state.search.clone();
    let settings = domain::import_jobs::runner::RunnerSettings {
        rules: state.settings.import_rules(),
        lease: state.settings.import_lease,
        backend: state.backend,
    };
    domain::import_jobs::runner::start(state.pool.clone(), &state.jobs, settings, move |conn| {
        // What AppState::db does after a request's work: a committed write drops the read cache
        // and reaches this instance's sequence index at once.
        if db::take_committed_write() {
            cache.drop_all();
        }
        if let Err(error) = domain::search::catch_up(conn, &search) {
            tracing::warn!(error = %error.detail, "updating the sequence index after an import job failed");
        }
    });
}

/// The whole application: routes, middleware (request id → metrics → security headers → CORS →
/// problem rewriting → authentication and rate limits) and state.
pub fn build_app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let max_body = state.settings.max_body_bytes;
    let cors = http::limits::cors(&state.settings.cors_origins);
    App::new()
        .app_data(web::Data::new(state))
        .app_data(web::PayloadConfig::new(max_body))
        .configure(http::routes)
        .configure(pages::routes)
        .default_service(web::to(http::problems::no_route))
        .wrap(from_fn(http::conditional::conditional_get))
        .wrap(from_fn(auth::authenticate_request))
        .wrap(ErrorHandlers::new().default_handler(http::problems::rewrite_as_problem))
        .wrap(Condition::new(cors.is_some(), cors.unwrap_or_default()))
        .wrap(from_fn(http::limits::security_headers))
        .wrap(from_fn(http::metrics::record_metrics))
        .wrap(from_fn(http::request_id::assign_request_id))
}
