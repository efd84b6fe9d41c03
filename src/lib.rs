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

/// Starts loading this instance's sequence index on a background thread, then following the
/// change feed (see [`domain::search`]); returns at once, so the server listens while the index
/// loads: `/ready` and sequence search answer 503 until [`domain::search::SearchIndex::is_ready`].
/// The index is read back from `settings.index_file` when a usable one is there, otherwise built
/// from the database (then saved there). A load that fails (the database went away) is retried
/// every 5 s. Call once per [`AppState`] before serving.
pub fn start_search(state: &AppState) -> Result<(), String> {
    // The read cache starts from the generation the database is at, so the follower's first
    // round already drops what was cached before a later write of another instance.
    let mut conn = state.pool.get().map_err(|e| e.to_string())?;
    let generation = db::generation(&mut conn).map_err(|e| e.to_string())?;
    drop(conn);
    state.cache.observe_generation(generation);
    let state = state.clone();
    std::thread::Builder::new()
        .name("search-load".into())
        .spawn(move || {
            let file = state.settings.index_file.clone();
            loop {
                let outcome = state.pool.get().map_err(|e| e.to_string()).and_then(|mut conn| {
                    domain::search::start(&mut conn, &state.search, file.as_deref()).map_err(|e| e.detail)
                });
                match outcome {
                    Ok(load) => {
                        let stats = state.search.stats();
                        tracing::info!(
                            source = ?load.source,
                            sequences = stats.sequences,
                            bases = stats.bases,
                            memory_bytes = stats.memory_bytes,
                            caught_up = load.caught_up,
                            seconds = load.seconds,
                            "sequence index ready"
                        );
                        break;
                    }
                    Err(message) => {
                        tracing::error!(error = %message, "loading the sequence index failed; retrying in 5 s");
                        std::thread::sleep(std::time::Duration::from_secs(5));
                    }
                }
            }
            let cache = state.cache.clone();
            domain::search::follow(
                state.pool.clone(),
                &state.search,
                state.settings.search_refresh,
                file.map(|path| (path, state.settings.index_save_changes)),
                move |generation| cache.observe_generation(generation),
            );
        })
        .map_err(|e| format!("cannot start loading the sequence index: {e}"))?;
    Ok(())
}

/// Saves the sequence index to `settings.index_file` when it moved past the saved file (at
/// shutdown, so the next start reads it back with nothing to catch up).
pub fn save_search_index(state: &AppState) {
    let Some(path) = state.settings.index_file.as_deref() else {
        return;
    };
    if !domain::search::unsaved(&state.search) {
        return;
    }
    match state.pool.get() {
        Ok(mut conn) => domain::search::save(&mut conn, &state.search, path),
        Err(error) => tracing::warn!(file = %path.display(), %error, "saving the sequence index at shutdown failed"),
    }
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
