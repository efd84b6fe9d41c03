//! Owns the operational endpoints: liveness, readiness and Prometheus metrics.

use actix_web::{web, HttpResponse};
use diesel::connection::SimpleConnection;
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::search::IndexLoad;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct HealthView {
    /// Always `ok` when the process answers.
    pub status: String,
    pub version: String,
}

/// Liveness: the process is up and serving.
#[utoipa::path(get, path = "/health", operation_id = "get_health", tag = "operations",
    responses((status = 200, description = "The process is up", body = HealthView)))]
pub async fn health() -> web::Json<HealthView> {
    web::Json(HealthView {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReadyView {
    /// `ready` when the database answers and the sequence index is loaded.
    pub status: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    pub sequence_index: IndexReadiness,
}

/// This instance's sequence index.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndexReadiness {
    pub sequences: u64,
    pub bases: u64,
    /// Last change-feed row applied.
    pub feed_position: i64,
    /// How it was loaded at start-up (from the saved file or from the database) and how long that took.
    pub loaded: IndexLoad,
}

/// Readiness: the database answers a query and the sequence index is loaded. Until the index is
/// loaded the answer is 503 (records can be read and written meanwhile; sequence search answers
/// 503 with `Retry-After`).
#[utoipa::path(get, path = "/ready", operation_id = "get_readiness", tag = "operations",
    responses(
        (status = 200, description = "The database answers and the sequence index is loaded", body = ReadyView),
        (status = 503, description = "The database does not answer, or the sequence index is still loading \
            (Retry-After says when to ask again)"),
    ))]
pub async fn ready(state: web::Data<AppState>) -> AppResult<web::Json<ReadyView>> {
    let backend = state.backend;
    state
        .db(|conn| {
            conn.batch_execute("SELECT 1")
                .map_err(|e| AppError::unavailable(format!("the database does not answer: {e}")))
        })
        .await?;
    let search = &state.search;
    let Some(loaded) = search.loaded() else {
        return Err(search.not_ready());
    };
    let stats = search.stats();
    Ok(web::Json(ReadyView {
        status: "ready".into(),
        database: backend.name().into(),
        sequence_index: IndexReadiness {
            sequences: stats.sequences,
            bases: stats.bases,
            feed_position: search.position(),
            loaded,
        },
    }))
}

/// Prometheus metrics in the text exposition format.
#[utoipa::path(get, path = "/metrics", operation_id = "get_metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text exposition format", body = String, content_type = "text/plain")))]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    state
        .metrics
        .set_index(state.search.stats(), state.search.position(), state.search.is_ready());
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(state.metrics.render())
}
