//! Owns `POST /api/v1/search/sequence`: exact, approximate and similarity search over the parts
//! the caller may see.

use std::time::Instant;

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::domain::search::{self, SearchMode, SequenceQuery, SequenceSearchResults, Strands};
use crate::domain::visibility::Viewer;
use crate::error::{AppError, AppResult};
use crate::fair::CancelOnDrop;
use crate::http::extract::ApiJson;
use crate::http::parts::PartFilters;
use crate::seq::MoleculeType;
use crate::state::AppState;

/// A sequence search.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"sequence": "TTGACAGCTAGCTCAGTCCTAGGTATAATGCTAGC", "mode": "approximate", "max_differences": 2}))]
pub struct SequenceSearchRequest {
    /// The query: 8 to 100,000 IUPAC letters (10,000 in mode `approximate`; case, whitespace
    /// and GenBank-style numbering ignored). Ambiguity codes match every base they stand for, on
    /// both sides; a query must still be specific enough to look up (exact and approximate: a run
    /// of 7 letters standing for at most 64 sequences in each of its `max_differences + 1`
    /// pieces; similarity: an unambiguous 11-mer outside low-complexity regions), else 422.
    pub sequence: String,
    /// `exact` (default): the whole query, no edits. `approximate`: the whole query within
    /// `max_differences` edits (substitutions, insertions, deletions). `similarity`: local
    /// alignments, BLAST-style, with E-values.
    #[serde(default = "default_mode")]
    pub mode: SearchMode,
    /// Approximate only: most edits allowed (default 1; at most 10, and at most one per 7 query
    /// bases less one).
    pub max_differences: Option<u32>,
    /// Similarity only: least identity of a hit, 0–1 (default 0).
    pub min_identity: Option<f64>,
    /// Similarity only: least alignment length (columns) of a hit (default 0).
    pub min_aligned_length: Option<u32>,
    /// Similarity only: largest E-value of a hit (default 1e-5).
    pub max_evalue: Option<f64>,
    /// Alphabet of the query: `dna` (default) or `rna` (U reads as T). Protein parts are not
    /// indexed.
    pub molecule_type: Option<MoleculeType>,
    /// `both` (default), `forward` or `reverse` (the query against the parts' reverse strands).
    #[serde(default)]
    pub strands: Strands,
    /// Most hits returned, 1–5000 (default 100); with `include_alignment`, `limit` × query
    /// length may be at most 8,000,000.
    #[schema(minimum = 1, maximum = 5000)]
    pub limit: Option<u32>,
    /// Include each hit's alignment.
    #[serde(default)]
    pub include_alignment: bool,
    /// The part list's record filters.
    #[serde(default)]
    pub filters: PartFilters,
}

fn default_mode() -> SearchMode {
    SearchMode::Exact
}

/// Search the sequences of the parts the caller may see.
#[utoipa::path(post, path = "/api/v1/search/sequence", operation_id = "search_parts_by_sequence", tag = "search",
    security((), ("bearer" = [])),
    request_body(content = SequenceSearchRequest, example = json!({
        "sequence": "AAAGAGGAGAAA", "mode": "exact", "limit": 20, "filters": {"role": "RBS"}})),
    responses(
        (status = 200, description = "Hits, best first", body = SequenceSearchResults),
        (status = 400, description = "The body is not JSON"),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 415, description = "The body is not application/json"),
        (status = 422, description = "Invalid query (the message names the field, and the position of a bad letter), \
            or one too ambiguous to search (mostly N, no run of specific letters in a piece, only low-complexity \
            seeds): the message says which bases and what a search needs"),
        (status = 429, description = "The caller already has as many searches running or waiting as it may \
            (BIOREG_FAIR_PER_USER, BIOREG_FAIR_PER_ADDRESS); Retry-After says when to retry"),
        (status = 503, description = "The search queue is full or no search slot came free in time; \
            Retry-After says when to retry"),
    ))]
pub async fn search_sequence(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    body: ApiJson<SequenceSearchRequest>,
) -> AppResult<HttpResponse> {
    caller.require_read(&state)?;
    let viewer = Viewer::of(caller.0.as_ref());
    let b = body.0;
    let mode = b.mode;
    let index = state.search.clone();
    let limits = state.settings.search_limits_for(caller.0.is_none());
    let key = state.caller_key(caller.0.as_ref().map(|p| p.user.id), &req);
    let permit = state.pools.search.enter(key).await?;
    // Dropped with this future when the client goes away: the search then stops.
    let cancel = CancelOnDrop::watching(&req);
    let cancelled = cancel.flag();
    let started = Instant::now();
    let results = state
        .db(move |conn| {
            // Held until the search has finished on its thread, not just until this future ends.
            let _permit = permit;
            let query = SequenceQuery {
                sequence: b.sequence,
                mode: b.mode,
                max_differences: b.max_differences,
                min_identity: b.min_identity,
                min_aligned_length: b.min_aligned_length,
                max_evalue: b.max_evalue,
                molecule_type: b.molecule_type.unwrap_or(MoleculeType::Dna),
                strands: b.strands,
                limit: b.limit.unwrap_or(100) as usize,
                include_alignment: b.include_alignment,
                filter: b.filters.resolve(conn)?,
            };
            let results = search::search(conn, &index, viewer, &query, &limits, Some(cancelled))?;
            // Serialised here, on the blocking pool: with alignments an answer can be megabytes.
            let body = serde_json::to_vec(&results).map_err(AppError::internal)?;
            Ok((body, results.truncated_by))
        })
        .await?;
    drop(cancel);
    let (body, truncated_by) = results;
    state
        .metrics
        .observe_search(mode.as_str(), started.elapsed().as_secs_f64());
    if let Some(reason) = truncated_by {
        state.metrics.search_truncated(mode.as_str(), reason.as_str());
    }
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CONTENT_TYPE, "application/json"))
        .body(body))
}
