//! Owns sequence search over the part library: keeping this instance's in-memory index
//! ([`crate::seq::search`]) in step with the database, and answering searches as each caller may
//! see the records.
//!
//! Lifecycle: at start-up the index is built from every live DNA/RNA part; each write that may
//! change what a part contributes (create, edit, withdrawal, curation) appends a row to the
//! `sequence_changes` feed in its own transaction. [`catch_up`] applies the feed rows after the
//! instance's position by re-reading those parts: handlers call it right after their write
//! commits (so the writer's instance answers its own writes at once), and a follower thread calls
//! it every `search_refresh` on every instance, so another instance sharing the database sees a
//! change after at most one refresh interval plus the time to apply it.
//!
//! What is indexed per part: its current sequence, tagged [`HEAD`]; when a pending edit hides the
//! current revision from some readers, also the published revision's sequence, tagged
//! [`PUBLISHED`] (one entry carries both tags when they are the same). A hit counts for a caller
//! only through the entry they may see ([`crate::domain::visibility`]), and only when the record
//! passes the caller's list filters.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::parts::{self as part_rows, PartFilter, PartOrder};
use crate::db::search::{self as rows, SearchableRow};
use crate::db::types::PartId;
use crate::db::{DbConnection, DbPool};
use crate::domain::audit;
use crate::domain::parts::snapshot_matches;
use crate::domain::parts::view::PartRef;
use crate::domain::visibility::{self, Facts, Viewer};
use crate::error::{AppError, AppResult};
use crate::seq::alphabet;
use crate::seq::search::approximate::{self, min_piece};
use crate::seq::search::index::{Loader, NewSequence};
use crate::seq::search::segment::K;
use crate::seq::search::{
    Budget, Hit, IndexStats, Mode, Search, SequenceIndex, SimilarityParams, Stop, Strand, Unsearchable,
};
use crate::seq::MoleculeType;

/// Tag of the entry holding a part's current sequence.
pub const HEAD: u8 = 1;
/// Tag of the entry holding a part's published sequence.
pub const PUBLISHED: u8 = 2;
/// Longest query accepted.
pub const MAX_QUERY_LENGTH: usize = 100_000;
/// Shortest query accepted.
pub const MIN_QUERY_LENGTH: usize = 8;
/// Most edits an approximate search may allow.
pub const MAX_DIFFERENCES: usize = 10;
/// Most hits one search returns.
pub const MAX_LIMIT: usize = 5000;
/// With `include_alignment`, `limit` × query length may be at most this (each alignment holds
/// three lines as long as the query, in memory and in the response: about 24 MiB of them).
pub const MAX_ALIGNMENT_BASES: usize = 8_000_000;

/// What one search may cost (see [`crate::seq::search::budget`]); set per caller by the server.
#[derive(Debug, Clone, Copy)]
pub struct SearchLimits {
    /// Work units (about one per base compared or seed position read).
    pub work: u64,
    /// Time the index search may take.
    pub time: Duration,
    /// Most hits held while searching, whatever `limit` (at least `limit`).
    pub max_held_hits: usize,
}

/// Default work budget of one search (`BIOREG_SEARCH_WORK`): about a second of one core.
pub const DEFAULT_WORK: u64 = 2_000_000_000;
/// Default time one search may take (`BIOREG_SEARCH_SECONDS`).
pub const DEFAULT_SECONDS: u64 = 10;
/// Default most hits held (`BIOREG_SEARCH_MAX_HELD_HITS`).
pub const DEFAULT_MAX_HELD_HITS: usize = 20_000;

impl Default for SearchLimits {
    fn default() -> Self {
        SearchLimits {
            work: DEFAULT_WORK,
            time: Duration::from_secs(DEFAULT_SECONDS),
            max_held_hits: DEFAULT_MAX_HELD_HITS,
        }
    }
}

impl SearchLimits {
    /// The hits held for a request: four times `limit` (visibility and filters drop some), at
    /// least 1,000, at most `max_held_hits`; with alignments (each as long as the query) twice
    /// `limit`.
    fn held(&self, limit: usize, with_alignment: bool) -> usize {
        if with_alignment {
            limit * 2
        } else {
            (limit * 4).clamp(1000, self.max_held_hits.max(limit))
        }
    }
}

/// This instance's index and how far along the change feed it is.
pub struct SearchIndex {
    pub index: SequenceIndex<PartId>,
    position: Mutex<i64>,
}

impl Default for SearchIndex {
    fn default() -> Self {
        SearchIndex {
            index: SequenceIndex::new(),
            position: Mutex::new(0),
        }
    }
}

impl SearchIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// The last feed row applied.
    pub fn position(&self) -> i64 {
        *self.position.lock().expect("search position lock")
    }

    pub fn stats(&self) -> IndexStats {
        self.index.stats()
    }
}

/// What the index holds for one part.
fn sequences_for(conn: &mut DbConnection, row: SearchableRow) -> AppResult<Vec<NewSequence>> {
    let circular = row.topology == "circular";
    let mut head = NewSequence {
        tag: HEAD,
        letters: row.sequence.into_bytes(),
        circular,
    };
    match row.published_revision {
        None => Ok(vec![head]),
        Some(published) if published == row.revision => {
            head.tag |= PUBLISHED;
            Ok(vec![head])
        }
        Some(published) => {
            let snapshot = audit::revision(conn, "part", &row.id.to_string(), published)?.snapshot;
            let sequence = snapshot["sequence"].as_str().unwrap_or_default().as_bytes().to_vec();
            let published_circular = snapshot["topology"].as_str() == Some("circular");
            if sequence == head.letters && published_circular == circular {
                head.tag |= PUBLISHED;
                Ok(vec![head])
            } else {
                Ok(vec![
                    head,
                    NewSequence {
                        tag: PUBLISHED,
                        letters: sequence,
                        circular: published_circular,
                    },
                ])
            }
        }
    }
}

/// Builds the index from the database (replacing what it held).
pub fn load(conn: &mut DbConnection, search: &SearchIndex) -> AppResult<()> {
    let mut position = search.position.lock().expect("search position lock");
    // Read the feed position first: changes committed while loading are applied again later,
    // which is harmless; none can be missed.
    let feed = rows::last_change(conn)?;
    let mut loader = Loader::default();
    let mut after = None;
    loop {
        let batch = rows::searchable_batch(conn, after, 1000)?;
        let Some(last) = batch.last() else { break };
        after = Some(last.id);
        for row in batch {
            let id = row.id;
            for sequence in sequences_for(conn, row)? {
                loader.push(id, &sequence);
            }
        }
    }
    search.index.install(loader);
    *position = feed;
    Ok(())
}

/// Applies every feed row after this instance's position; returns how many parts it refreshed.
pub fn catch_up(conn: &mut DbConnection, search: &SearchIndex) -> AppResult<usize> {
    // Held while reading and applying, so a slower caller cannot apply an older state of a part
    // over a newer one.
    let mut position = search.position.lock().expect("search position lock");
    let mut refreshed = 0;
    loop {
        let changes = rows::changes_after(conn, *position, 1000)?;
        let Some(&(last, _)) = changes.last() else { break };
        let mut ids: Vec<PartId> = changes.iter().map(|&(_, id)| id).collect();
        ids.sort();
        ids.dedup();
        let mut current: HashMap<PartId, SearchableRow> = rows::searchable(conn, &ids)?
            .into_iter()
            .map(|row| (row.id, row))
            .collect();
        let mut updates = Vec::with_capacity(ids.len());
        for id in &ids {
            let sequences = match current.remove(id) {
                Some(row) => sequences_for(conn, row)?,
                None => Vec::new(),
            };
            updates.push((*id, sequences));
        }
        refreshed += updates.len();
        search.index.update(updates);
        *position = last;
        if changes.len() < 1000 {
            break;
        }
    }
    Ok(refreshed)
}

/// Follows the change feed every `every` on a background thread, until the index is dropped.
/// Each round first reads the database's change generation ([`crate::db::generation`]) and hands
/// it to `observe` (the read cache drops its entries when it moved), then catches the index up.
pub fn follow(pool: DbPool, search: &Arc<SearchIndex>, every: Duration, observe: impl Fn(i64) + Send + 'static) {
    let weak: Weak<SearchIndex> = Arc::downgrade(search);
    let spawned = std::thread::Builder::new()
        .name("search-feed".into())
        .spawn(move || loop {
            std::thread::sleep(every);
            let Some(search) = weak.upgrade() else { break };
            let outcome = pool.get().map_err(|e| e.to_string()).and_then(|mut conn| {
                observe(crate::db::generation(&mut conn).map_err(|e| e.to_string())?);
                catch_up(&mut conn, &search).map_err(|e| e.detail)
            });
            if let Err(message) = outcome {
                tracing::warn!(error = %message, "following the sequence change feed failed; retrying");
            }
        });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "cannot start the sequence change follower");
    }
}

/// Search mode as requested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SearchMode {
    Exact,
    Approximate,
    Similarity,
}

impl SearchMode {
    pub fn as_str(self) -> &'static str {
        match self {
            SearchMode::Exact => "exact",
            SearchMode::Approximate => "approximate",
            SearchMode::Similarity => "similarity",
        }
    }
}

/// Which strands of the stored sequences to search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Strands {
    #[default]
    Both,
    Forward,
    Reverse,
}

/// A validated search request.
#[derive(Debug, Clone)]
pub struct SequenceQuery {
    pub sequence: String,
    pub mode: SearchMode,
    pub max_differences: Option<u32>,
    pub min_identity: Option<f64>,
    pub min_aligned_length: Option<u32>,
    pub max_evalue: Option<f64>,
    pub molecule_type: MoleculeType,
    pub strands: Strands,
    pub limit: usize,
    pub include_alignment: bool,
    pub filter: PartFilter,
}

/// An alignment as three lines of equal length.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlignmentView {
    /// The aligned query, reverse-complemented for a `reverse` hit (`-` for a gap).
    pub query: String,
    /// `|` identical, `:` compatible IUPAC letters, space otherwise.
    pub midline: String,
    /// The part's forward strand from `start` to `end` (`-` for a gap).
    pub subject: String,
}

/// One hit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SequenceHit {
    pub part: PartRef,
    /// Strand of the part the query matched (`reverse`: the query matches its reverse complement).
    pub strand: String,
    /// First matched position on the part (1-based, forward strand).
    pub start: u32,
    /// Last matched position on the part (1-based, inclusive); smaller than `start` when the
    /// hit crosses the origin of a circular part.
    pub end: u32,
    pub crosses_origin: bool,
    /// First and last aligned query positions (1-based, inclusive).
    pub query_start: u32,
    pub query_end: u32,
    /// Identical (or IUPAC-compatible) columns / alignment columns.
    pub identity: f64,
    /// Alignment columns (matches, mismatches and gaps).
    pub aligned_length: u32,
    /// Edits (exact and approximate), or mismatched and gap columns (similarity).
    pub differences: u32,
    /// Raw score (similarity: match 2, mismatch −3, gap 5 + 2 per base).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bit_score: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evalue: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alignment: Option<AlignmentView>,
}

/// Why a search answered with fewer hits than it might have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TruncatedBy {
    /// More hits matched than `limit`.
    Limit,
    /// More hits matched than the search may hold at once (the best held are returned).
    HeldHits,
    /// The search's work budget ran out (a query matching much of the library).
    WorkBudget,
    /// The search's time ran out.
    Deadline,
    /// The client went away.
    Cancelled,
}

impl From<Stop> for TruncatedBy {
    fn from(stop: Stop) -> Self {
        match stop {
            Stop::HeldHits => TruncatedBy::HeldHits,
            Stop::WorkBudget => TruncatedBy::WorkBudget,
            Stop::Deadline => TruncatedBy::Deadline,
            Stop::Cancelled => TruncatedBy::Cancelled,
        }
    }
}

impl TruncatedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            TruncatedBy::Limit => "limit",
            TruncatedBy::HeldHits => "held_hits",
            TruncatedBy::WorkBudget => "work_budget",
            TruncatedBy::Deadline => "deadline",
            TruncatedBy::Cancelled => "cancelled",
        }
    }
}

/// The answer to a sequence search.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SequenceSearchResults {
    pub mode: SearchMode,
    pub query_length: usize,
    /// Best first: fewest differences (exact, approximate) or highest score (similarity).
    pub hits: Vec<SequenceHit>,
    /// Hits may be missing: more matched than `limit`, or the search stopped early
    /// (`truncated_by` says why).
    pub truncated: bool,
    /// Why, when `truncated`: `limit`, `held_hits`, `work_budget`, `deadline` or `cancelled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truncated_by: Option<TruncatedBy>,
}

/// Checks a query and turns it into an index search.
fn prepare(query: &SequenceQuery, limits: &SearchLimits) -> AppResult<(Vec<u8>, Search)> {
    if !query.molecule_type.is_nucleic_acid() {
        return Err(AppError::invalid_field(
            "molecule_type",
            "sequence search covers DNA and RNA parts; protein sequences are not indexed",
        ));
    }
    let letters = alphabet::normalise(&query.sequence, query.molecule_type, MAX_QUERY_LENGTH)
        .map_err(|e| AppError::invalid_field("sequence", e.message))?;
    let l = letters.len();
    if l < MIN_QUERY_LENGTH {
        return Err(AppError::invalid_field(
            "sequence",
            format!("the query has {l} bases; sequence search needs at least {MIN_QUERY_LENGTH}"),
        ));
    }
    let only = |field: &str, set: bool, mode: &str| -> AppResult<()> {
        if set {
            Err(AppError::invalid_field(
                field,
                format!("`{field}` applies to mode `{mode}` only"),
            ))
        } else {
            Ok(())
        }
    };
    if query.mode != SearchMode::Approximate {
        only("max_differences", query.max_differences.is_some(), "approximate")?;
    }
    if query.mode != SearchMode::Similarity {
        only("min_identity", query.min_identity.is_some(), "similarity")?;
        only("min_aligned_length", query.min_aligned_length.is_some(), "similarity")?;
        only("max_evalue", query.max_evalue.is_some(), "similarity")?;
    }
    let mode = match query.mode {
        SearchMode::Exact => Mode::Exact,
        SearchMode::Approximate => {
            let d = query.max_differences.unwrap_or(1) as usize;
            let most = (l / min_piece()).saturating_sub(1).min(MAX_DIFFERENCES);
            if d > most {
                return Err(AppError::invalid_field(
                    "max_differences",
                    format!(
                        "at most {most} for a query of {l} bases (each of max_differences + 1 pieces of the query \
                         needs {} bases; the limit is {MAX_DIFFERENCES})",
                        min_piece()
                    ),
                ));
            }
            if l > approximate::MAX_QUERY {
                return Err(AppError::invalid_field(
                    "sequence",
                    format!(
                        "approximate search takes queries of at most {} bases (the query has {l}); use mode \
                         `similarity` for longer ones",
                        approximate::MAX_QUERY
                    ),
                ));
            }
            Mode::Approximate { max_differences: d }
        }
        SearchMode::Similarity => {
            if l < K {
                return Err(AppError::invalid_field(
                    "sequence",
                    format!("similarity search needs at least {K} bases; use mode `exact` or `approximate`"),
                ));
            }
            let min_identity = query.min_identity.unwrap_or(0.0);
            if !(0.0..=1.0).contains(&min_identity) {
                return Err(AppError::invalid_field("min_identity", "a fraction from 0 to 1"));
            }
            let max_evalue = query.max_evalue.unwrap_or(1e-5);
            if !(max_evalue.is_finite() && max_evalue > 0.0) {
                return Err(AppError::invalid_field("max_evalue", "a positive number"));
            }
            Mode::Similarity(SimilarityParams {
                min_identity,
                min_aligned_length: query.min_aligned_length.unwrap_or(0),
                max_evalue,
            })
        }
    };
    if query.limit == 0 || query.limit > MAX_LIMIT {
        return Err(AppError::invalid_field("limit", format!("from 1 to {MAX_LIMIT}")));
    }
    if query.include_alignment && query.limit * l > MAX_ALIGNMENT_BASES {
        return Err(AppError::invalid_field(
            "limit",
            format!(
                "with include_alignment, limit × query length may be at most {MAX_ALIGNMENT_BASES} (at most {} \
                 hits for a query of {l} bases)",
                MAX_ALIGNMENT_BASES / l
            ),
        ));
    }
    let search = Search {
        mode,
        forward: query.strands != Strands::Reverse,
        reverse: query.strands != Strands::Forward,
        with_alignment: query.include_alignment,
        max_hits: limits.held(query.limit, query.include_alignment),
    };
    Ok((letters, search))
}

/// The 422 for a query the index cannot search selectively.
fn unsearchable(why: Unsearchable, query_length: usize) -> AppError {
    match why {
        Unsearchable::Degenerate { pieces, start, end } => {
            let fewer = if pieces > 1 {
                format!(
                    "; approximate search with max_differences {} cuts the query into {pieces} pieces and needs one in \
                     each, so allowing fewer differences may help",
                    pieces - 1
                )
            } else {
                String::new()
            };
            AppError::invalid_field(
                "sequence",
                format!(
                    "bases {}-{end} of the query are too ambiguous to search: every stretch of {} letters there \
                     stands for more than {} sequences (N and other ambiguity codes match too much of the library \
                     to look up); a search needs a run of {} letters with at most one two-way ambiguity code in \
                     six, such as {} unambiguous bases{fewer}",
                    start + 1,
                    approximate::MIN_KNOWN,
                    approximate::MAX_EXPANSIONS,
                    min_piece(),
                    min_piece(),
                ),
            )
        }
        Unsearchable::NoSeed => AppError::invalid_field(
            "sequence",
            format!(
                "similarity search starts from runs of {K} unambiguous bases outside low-complexity regions (such \
                 as poly-A or short tandem repeats, which match by chance everywhere); this query of {} bases has \
                 none",
                query_length
            ),
        ),
        Unsearchable::TooLong { most } => AppError::invalid_field(
            "sequence",
            format!("approximate search takes queries of at most {most} bases; use mode `similarity` for longer ones"),
        ),
    }
}

/// A record a caller may see through a hit: how it is shown and which index entry counts.
struct Shown {
    part: PartRef,
    tag: u8,
}

/// Which of `ids` the viewer may see under `filter`, and through which entry.
fn visible(
    conn: &mut DbConnection,
    viewer: Viewer,
    filter: &PartFilter,
    ids: Vec<PartId>,
) -> AppResult<HashMap<PartId, Option<Shown>>> {
    let mut decided: HashMap<PartId, Option<Shown>> = ids.iter().map(|&id| (id, None)).collect();
    let narrowed = PartFilter {
        ids: Some(ids.clone()),
        scope: visibility::list_scope(viewer),
        ..filter.clone()
    };
    // Keys, not rows: a hit names its part, so its large columns are never read.
    let found =
        part_rows::list_part_keys(conn, &narrowed, PartOrder::Accession, false, None, ids.len() as i64 + 1)?.keys;
    for row in found {
        let facts = Facts {
            owner: row.owner_org_id,
            state: &row.curation_state,
            published_revision: row.published_revision,
        };
        let shown = if visibility::sees_head(viewer, facts) {
            Some(Shown {
                part: PartRef {
                    id: row.id,
                    accession: row.accession.clone(),
                    name: row.name.clone(),
                },
                tag: HEAD,
            })
        } else {
            // One snapshot at a time (each within the record limits).
            let snapshot = visibility::published_snapshot(conn, "part", &row.id.to_string(), facts)?;
            snapshot_matches(filter, &snapshot).then(|| Shown {
                part: PartRef {
                    id: row.id,
                    accession: row.accession.clone(),
                    name: snapshot["name"].as_str().unwrap_or(&row.name).to_string(),
                },
                tag: PUBLISHED,
            })
        };
        decided.insert(row.id, shown);
    }
    Ok(decided)
}

fn present(hit: &Hit<PartId>, part: PartRef) -> SequenceHit {
    let (start, end) = hit.one_based();
    let similarity = hit.bit_score.is_some();
    SequenceHit {
        part,
        strand: match hit.strand {
            Strand::Forward => "forward".into(),
            Strand::Reverse => "reverse".into(),
        },
        start,
        end,
        crosses_origin: hit.circular && u64::from(hit.start) + u64::from(hit.span) > u64::from(hit.sequence_length),
        query_start: hit.query_start + 1,
        query_end: hit.query_end,
        identity: (hit.identity() * 10_000.0).round() / 10_000.0,
        aligned_length: hit.columns,
        differences: hit.differences,
        score: similarity.then_some(hit.score),
        bit_score: hit.bit_score.map(|b| (b * 10.0).round() / 10.0),
        evalue: hit.evalue,
        alignment: hit.alignment.as_ref().map(|a| AlignmentView {
            query: a.query.clone(),
            midline: a.midline.clone(),
            subject: a.target.clone(),
        }),
    }
}

/// Runs a search for `viewer` within `limits`; it stops early when `cancelled` is set.
pub fn search(
    conn: &mut DbConnection,
    search: &SearchIndex,
    viewer: Viewer,
    query: &SequenceQuery,
    limits: &SearchLimits,
    cancelled: Option<Arc<AtomicBool>>,
) -> AppResult<SequenceSearchResults> {
    let (letters, spec) = prepare(query, limits)?;
    let budget = Budget::new(limits.work, Some(Instant::now() + limits.time), cancelled);
    let found = search
        .index
        .search(&letters, &spec, budget)
        .map_err(|why| unsearchable(why, letters.len()))?;
    let hits = found.hits;
    let mut results = Vec::new();
    let mut decided: HashMap<PartId, Option<Shown>> = HashMap::new();
    let mut truncated = false;
    'chunks: for chunk in hits.chunks(256) {
        let mut unseen: Vec<PartId> = chunk
            .iter()
            .map(|h| h.group)
            .filter(|id| !decided.contains_key(id))
            .collect();
        unseen.sort();
        unseen.dedup();
        if !unseen.is_empty() {
            decided.extend(visible(conn, viewer, &query.filter, unseen)?);
        }
        for hit in chunk {
            if let Some(Some(shown)) = decided.get(&hit.group) {
                if hit.tag & shown.tag != 0 {
                    if results.len() == query.limit {
                        truncated = true;
                        break 'chunks;
                    }
                    results.push(present(hit, shown.part.clone()));
                }
            }
        }
    }
    let truncated_by = found
        .stopped
        .map(TruncatedBy::from)
        .or(truncated.then_some(TruncatedBy::Limit));
    Ok(SequenceSearchResults {
        mode: query.mode,
        query_length: letters.len(),
        hits: results,
        truncated: truncated_by.is_some(),
        truncated_by,
    })
}
