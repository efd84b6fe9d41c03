//! Owns the Prometheus metrics: request counts and latency histograms by method, route pattern
//! and status, recorded by a middleware; sequence-search latency by mode and truncations by
//! reason; the work pools' slots, queues and rejections ([`crate::fair`]); and the size of the
//! sequence index (sampled when rendered). Rendered at `GET /metrics`.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::seq::search::IndexStats;

use crate::state::AppState;

/// The metrics of one application instance (not process-global, so tests stay independent).
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    search_latency: HistogramVec,
    index_sequences: IntGauge,
    index_bases: IntGauge,
    index_segments: IntGauge,
    index_bytes: IntGauge,
    index_feed_position: IntGauge,
    index_ready: IntGauge,
    pool_slots: IntGaugeVec,
    pool_requests: IntGaugeVec,
    pool_rejections: IntCounterVec,
    search_truncated: IntCounterVec,
    read_cache: IntCounterVec,
    read_cache_drops: IntCounterVec,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new();
        let labels = ["method", "route", "status"];
        let requests = IntCounterVec::new(
            Opts::new(
                "bioreg_http_requests_total",
                "HTTP requests served, by method, route pattern and status",
            ),
            &labels,
        )
        .expect("valid metric definition");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "bioreg_http_request_duration_seconds",
                "HTTP request latency in seconds",
            )
            .buckets(vec![
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ]),
            &labels,
        )
        .expect("valid metric definition");
        let search_latency = HistogramVec::new(
            HistogramOpts::new(
                "bioreg_sequence_search_duration_seconds",
                "Sequence search time in seconds (index and visibility filtering), by mode",
            )
            .buckets(vec![
                0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
            ]),
            &["mode"],
        )
        .expect("valid metric definition");
        let gauge = |name: &str, help: &str| IntGauge::new(name, help).expect("valid metric definition");
        let index_sequences = gauge("bioreg_sequence_index_sequences", "Sequences in the sequence index");
        let index_bases = gauge("bioreg_sequence_index_bases", "Bases in the sequence index");
        let index_segments = gauge("bioreg_sequence_index_segments", "Segments of the sequence index");
        let index_bytes = gauge(
            "bioreg_sequence_index_memory_bytes",
            "Memory held by the sequence index, in bytes",
        );
        let index_feed_position = gauge(
            "bioreg_sequence_index_feed_position",
            "Last sequence change-feed row applied to this instance's index",
        );
        let index_ready = gauge(
            "bioreg_sequence_index_ready",
            "1 once this instance's sequence index is loaded (sequence search answers 503 before)",
        );
        let pool_slots = IntGaugeVec::new(
            Opts::new("bioreg_pool_slots", "Requests a work pool runs at once"),
            &["pool"],
        )
        .expect("valid metric definition");
        let pool_requests = IntGaugeVec::new(
            Opts::new(
                "bioreg_pool_requests",
                "Requests in a work pool now, by state (busy: working; waiting: queued for a slot)",
            ),
            &["pool", "state"],
        )
        .expect("valid metric definition");
        let pool_rejections = IntCounterVec::new(
            Opts::new(
                "bioreg_pool_rejections_total",
                "Requests a work pool refused, by reason (caller_busy: 429; queue_full, wait_timeout: 503)",
            ),
            &["pool", "reason"],
        )
        .expect("valid metric definition");
        let search_truncated = IntCounterVec::new(
            Opts::new(
                "bioreg_sequence_search_truncated_total",
                "Sequence searches that answered with fewer hits than matched, by mode and reason (limit, \
                 held_hits, work_budget, deadline, cancelled)",
            ),
            &["mode", "reason"],
        )
        .expect("valid metric definition");
        for metric in [&pool_slots, &pool_requests] {
            registry.register(Box::new(metric.clone())).expect("unique metric");
        }
        let read_cache = IntCounterVec::new(
            Opts::new(
                "bioreg_read_cache_lookups_total",
                "Read cache lookups, by cache (answers: rendered reads; tokens: resolved bearer tokens) and outcome",
            ),
            &["cache", "outcome"],
        )
        .expect("valid metric definition");
        let read_cache_drops = IntCounterVec::new(
            Opts::new(
                "bioreg_read_cache_drops_total",
                "Times the read cache was dropped, by cause (local_write: this instance wrote; \
                 change_generation: the follower saw another write)",
            ),
            &["cause"],
        )
        .expect("valid metric definition");
        for metric in [&pool_rejections, &search_truncated, &read_cache, &read_cache_drops] {
            registry.register(Box::new(metric.clone())).expect("unique metric");
        }
        registry.register(Box::new(requests.clone())).expect("unique metric");
        registry.register(Box::new(latency.clone())).expect("unique metric");
        registry
            .register(Box::new(search_latency.clone()))
            .expect("unique metric");
        for gauge in [
            &index_sequences,
            &index_bases,
            &index_segments,
            &index_bytes,
            &index_feed_position,
            &index_ready,
        ] {
            registry.register(Box::new(gauge.clone())).expect("unique metric");
        }
        Metrics {
            registry,
            requests,
            latency,
            search_latency,
            index_sequences,
            index_bases,
            index_segments,
            index_bytes,
            index_feed_position,
            index_ready,
            pool_slots,
            pool_requests,
            pool_rejections,
            search_truncated,
            read_cache,
            read_cache_drops,
        }
    }

    /// The counters a [`crate::cache::ReadCache`] reports through.
    pub fn read_cache_counters(&self) -> crate::cache::CacheCounters {
        let lookup = |cache: &str, outcome: &str| self.read_cache.with_label_values(&[cache, outcome]);
        crate::cache::CacheCounters {
            answer_hits: lookup("answers", "hit"),
            answer_misses: lookup("answers", "miss"),
            token_hits: lookup("tokens", "hit"),
            token_misses: lookup("tokens", "miss"),
            dropped_local: self.read_cache_drops.with_label_values(&["local_write"]),
            dropped_remote: self.read_cache_drops.with_label_values(&["change_generation"]),
        }
    }

    pub fn pool_slots(&self, pool: &str, slots: usize) {
        self.pool_slots.with_label_values(&[pool]).set(slots as i64);
    }

    /// Adds `change` to the count of a pool's requests in `state` (`busy`, `waiting`).
    pub fn pool_gauge(&self, pool: &str, state: &str, change: i64) {
        self.pool_requests.with_label_values(&[pool, state]).add(change);
    }

    pub fn pool_rejected(&self, pool: &str, reason: &str) {
        self.pool_rejections.with_label_values(&[pool, reason]).inc();
    }

    pub fn search_truncated(&self, mode: &str, reason: &str) {
        self.search_truncated.with_label_values(&[mode, reason]).inc();
    }

    pub fn observe_search(&self, mode: &str, seconds: f64) {
        self.search_latency.with_label_values(&[mode]).observe(seconds);
    }

    /// Samples the size of the sequence index.
    pub fn set_index(&self, stats: IndexStats, feed_position: i64, ready: bool) {
        self.index_ready.set(i64::from(ready));
        self.index_sequences.set(stats.sequences as i64);
        self.index_bases.set(stats.bases as i64);
        self.index_segments.set(stats.segments as i64);
        self.index_bytes.set(stats.memory_bytes as i64);
        self.index_feed_position.set(feed_position);
    }

    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let status = status.to_string();
        let labels = [method, route, status.as_str()];
        self.requests.with_label_values(&labels).inc();
        self.latency.with_label_values(&labels).observe(seconds);
    }

    /// The Prometheus text exposition of every metric.
    pub fn render(&self) -> String {
        let mut buffer = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut buffer)
            .expect("text encoding into a Vec cannot fail");
        String::from_utf8(buffer).expect("Prometheus text is UTF-8")
    }
}

/// Records every request under its route pattern (`/api/v1/users/{id}`), never its raw path, so
/// label cardinality stays bounded.
pub async fn record_metrics(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let metrics = req.app_data::<web::Data<AppState>>().map(|s| s.metrics.clone());
    let method = req.method().to_string();
    let started = Instant::now();
    let result = next.call(req).await;
    if let Some(metrics) = metrics {
        let (route, status) = match &result {
            Ok(res) => (
                res.request().match_pattern().unwrap_or_else(|| "unmatched".into()),
                res.status().as_u16(),
            ),
            Err(error) => ("unmatched".into(), error.as_response_error().status_code().as_u16()),
        };
        metrics.observe(&method, &route, status, started.elapsed().as_secs_f64());
    }
    result
}
