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
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
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
use crate::seq::search::index::{Loader, NewSequence, Saved};
use crate::seq::search::persist::GroupCodec;
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

/// This instance's index, how far along the change feed it is, and whether it is loaded.
pub struct SearchIndex {
    pub index: SequenceIndex<PartId>,
    position: Mutex<i64>,
    /// Set once the index holds the registry (built or restored, then caught up).
    ready: AtomicBool,
    /// Sequences read so far by a build from the database (for `/ready` while loading).
    loading: AtomicU64,
    /// How it was loaded.
    loaded: Mutex<Option<IndexLoad>>,
    /// The feed position the index file on disk covers (-1: none written by this instance).
    saved_position: AtomicI64,
    /// Held while the index file is written: one save at a time (the one after a start-up build
    /// may still be writing when a shutdown asks for another).
    saving: Mutex<()>,
    /// Set once [`start`] has finished, the save after a start-up build included.
    started: AtomicBool,
}

impl Default for SearchIndex {
    fn default() -> Self {
        SearchIndex {
            index: SequenceIndex::new(),
            position: Mutex::new(0),
            ready: AtomicBool::new(false),
            loading: AtomicU64::new(0),
            loaded: Mutex::new(None),
            saved_position: AtomicI64::new(-1),
            saving: Mutex::new(()),
            started: AtomicBool::new(false),
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

    /// Whether the index holds the registry (searches answer 503 until then).
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }

    /// Waits until the index is ready; false when `timeout` passed first.
    pub fn wait_ready(&self, timeout: Duration) -> bool {
        let until = Instant::now() + timeout;
        while !self.is_ready() {
            if Instant::now() >= until {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        true
    }

    /// Whether the start-up work is over: the index is ready and the file a start-up build writes
    /// is written (a file is written after the index is ready, while the instance serves).
    pub fn start_up_finished(&self) -> bool {
        self.started.load(Ordering::Acquire)
    }

    /// How the index was loaded; `None` while loading.
    pub fn loaded(&self) -> Option<IndexLoad> {
        self.loaded.lock().expect("search load lock").clone()
    }

    /// Sequences a build from the database has read so far.
    pub fn loading_progress(&self) -> u64 {
        self.loading.load(Ordering::Relaxed)
    }

    /// The 503 a sequence search (and `/ready`) gets while the index loads.
    pub fn not_ready(&self) -> AppError {
        AppError::not_ready(
            format!(
                "the sequence index is loading ({} sequences read so far); records can be read and written \
                 meanwhile, sequence search answers once /ready does",
                self.loading_progress()
            ),
            RETRY_WHILE_LOADING,
        )
    }
}

/// `Retry-After` of a search while the index loads (seconds).
const RETRY_WHILE_LOADING: u64 = 5;

/// Where the index came from at start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum IndexSource {
    /// Read back from the index file, then caught up from the change feed.
    File,
    /// Built from every sequence in the database.
    Database,
}

/// How this instance's index was loaded.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndexLoad {
    pub source: IndexSource,
    /// Seconds from the start of loading to ready.
    pub seconds: f64,
    /// Parts re-read from the change feed after reading the file.
    pub caught_up: usize,
    /// Why an index file there was not used (damaged, written for another database, stale, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_refused: Option<String>,
}

/// An index file more than this many feed rows behind the database is rebuilt instead of caught
/// up (catching up re-reads each changed part; a build reads them all in order, faster per part).
pub const MAX_CATCH_UP: i64 = 200_000;
/// After a catch-up of more than this many parts the file is written again at once.
const RESAVE_AFTER: usize = 10_000;

/// What an index file records about the database it was written for.
#[derive(Debug, Serialize, Deserialize)]
struct FileMeta {
    /// [`crate::db::search::identity`] of the database.
    identity: String,
    /// The last feed row the saved index covers.
    position: i64,
    /// That feed row's part and time, so a database restored from an older backup (whose feed
    /// has different rows under the same ids) is recognised.
    position_part: Option<String>,
    position_at: Option<String>,
    bioreg: String,
}

/// Why the index file was not used.
enum Refused {
    Missing,
    Unusable(String),
}

/// Loads the index at start-up: from `file` when there is one written for this database and not
/// too far behind it (then catches up from the feed), otherwise from the database (then writes
/// `file`). Marks the index ready. Reads and writes may go on meanwhile: [`catch_up`] does
/// nothing until the index is ready, and every change committed during the load is in the feed
/// after the position the load starts from.
pub fn start(conn: &mut DbConnection, search: &SearchIndex, file: Option<&Path>) -> AppResult<IndexLoad> {
    let started = Instant::now();
    let identity = rows::identity(conn)?;
    let mut file_refused = None;
    if let Some(path) = file {
        remove_abandoned_temporaries(path);
        match restore(conn, search, path, &identity) {
            Ok(()) => {
                let caught_up = apply_feed(conn, search)?;
                let load = IndexLoad {
                    source: IndexSource::File,
                    seconds: started.elapsed().as_secs_f64(),
                    caught_up,
                    file_refused: None,
                };
                mark_ready(search, &load);
                if caught_up > RESAVE_AFTER {
                    save_logged(conn, search, path, &identity);
                }
                search.started.store(true, Ordering::Release);
                return Ok(load);
            }
            Err(Refused::Missing) => {}
            Err(Refused::Unusable(reason)) => {
                tracing::warn!(file = %path.display(), %reason, "not using the saved sequence index; rebuilding it");
                file_refused = Some(reason);
            }
        }
    }
    load(conn, search)?;
    let load = IndexLoad {
        source: IndexSource::Database,
        seconds: started.elapsed().as_secs_f64(),
        caught_up: apply_feed(conn, search)?,
        file_refused,
    };
    mark_ready(search, &load);
    if let Some(path) = file {
        save_logged(conn, search, path, &identity);
    }
    search.started.store(true, Ordering::Release);
    Ok(load)
}

fn mark_ready(search: &SearchIndex, load: &IndexLoad) {
    *search.loaded.lock().expect("search load lock") = Some(load.clone());
    search.ready.store(true, Ordering::Release);
}

/// Reads `path` into the index when it was written for this database at a feed position the
/// database still has.
fn restore(conn: &mut DbConnection, search: &SearchIndex, path: &Path, identity: &str) -> Result<(), Refused> {
    let unusable = |e: &dyn std::fmt::Display| Refused::Unusable(e.to_string());
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Refused::Missing),
        Err(e) => return Err(unusable(&e)),
    };
    let len = file.metadata().map_err(|e| unusable(&e))?.len();
    let saved =
        Saved::open::<PartId>(std::io::BufReader::with_capacity(1 << 20, file), len).map_err(|e| unusable(&e))?;
    let meta: FileMeta = serde_json::from_slice(&saved.meta)
        .map_err(|e| Refused::Unusable(format!("its metadata cannot be read: {e}")))?;
    if meta.identity != identity {
        return Err(Refused::Unusable(format!(
            "it was written for another database ({}, this is {identity})",
            meta.identity
        )));
    }
    let last = rows::last_change(conn).map_err(|e| unusable(&e))?;
    let row = if meta.position > 0 {
        rows::change(conn, meta.position).map_err(|e| unusable(&e))?
    } else {
        None
    };
    let same_row = row.map(|(part, at)| (part.to_string(), at.to_string()));
    if meta.position > last || same_row != meta.position_part.clone().zip(meta.position_at.clone()) {
        return Err(Refused::Unusable(format!(
            "it covers change {} and the database's change feed does not hold that change as it was \
             (restored from an older backup, or another copy of the database)",
            meta.position
        )));
    }
    if last - meta.position > MAX_CATCH_UP {
        return Err(Refused::Unusable(format!(
            "it is {} changes behind the database (at most {MAX_CATCH_UP} are caught up)",
            last - meta.position
        )));
    }
    let mut position = search.position.lock().expect("search position lock");
    saved.install_into(&search.index).map_err(|e| unusable(&e))?;
    *position = meta.position;
    search.saved_position.store(meta.position, Ordering::Relaxed);
    Ok(())
}

/// Writes the index to `path` (through a temporary file renamed over it, so a reader never sees
/// half a file and a crash leaves the previous one), recording this database's identity and the
/// feed position the index covers. Logs how it went: a failed save leaves the previous file, which
/// the next start catches up or rebuilds.
pub fn save(conn: &mut DbConnection, search: &SearchIndex, path: &Path) {
    match rows::identity(conn) {
        Ok(identity) => save_logged(conn, search, path, &identity),
        Err(e) => tracing::warn!(file = %path.display(), error = %e, "saving the sequence index failed"),
    }
}

fn save_logged(conn: &mut DbConnection, search: &SearchIndex, path: &Path, identity: &str) {
    let started = Instant::now();
    match save_as(conn, search, path, identity) {
        Ok(()) => tracing::info!(
            file = %path.display(),
            position = search.saved_position.load(Ordering::Relaxed),
            seconds = started.elapsed().as_secs_f64(),
            "saved the sequence index"
        ),
        Err(e) => tracing::warn!(file = %path.display(), error = %e.detail, "saving the sequence index failed"),
    }
}

fn save_as(conn: &mut DbConnection, search: &SearchIndex, path: &Path, identity: &str) -> AppResult<()> {
    let _saving = search.saving.lock().expect("search save lock");
    if search.saved_position.load(Ordering::Relaxed) == search.position() {
        return Ok(()); // a save that finished while this one waited wrote the same
    }
    // The segments and the position are taken together; the write happens outside the lock.
    let (frozen, position) = {
        let position = search.position.lock().expect("search position lock");
        (search.index.freeze(), *position)
    };
    let row = if position > 0 {
        rows::change(conn, position)?
    } else {
        None
    };
    let meta = FileMeta {
        identity: identity.to_string(),
        position,
        position_part: row.map(|(part, _)| part.to_string()),
        position_at: row.map(|(_, at)| at.to_string()),
        bioreg: env!("CARGO_PKG_VERSION").to_string(),
    };
    let meta = serde_json::to_vec(&meta).map_err(AppError::internal)?;
    let failed = |e: &dyn std::fmt::Display| {
        AppError::internal(format!("writing the sequence index to {} failed: {e}", path.display()))
    };
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = std::path::PathBuf::from(temporary);
    let written = (|| -> Result<(), Box<dyn std::error::Error>> {
        let file = std::fs::File::create(&temporary)?;
        let out = frozen.save(std::io::BufWriter::with_capacity(1 << 20, file), &meta)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)?;
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(failed(&e));
    }
    search.saved_position.store(position, Ordering::Relaxed);
    Ok(())
}

/// Removes what saves of `path` killed mid-write left (`<path>.<pid>.tmp`, an hour old or more:
/// another instance sharing the directory may be writing one now).
fn remove_abandoned_temporaries(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!("{}.", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let abandoned = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .is_some_and(|pid| pid.chars().all(|c| c.is_ascii_digit()))
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|at| at.elapsed().ok())
                .is_some_and(|age| age >= Duration::from_secs(3600));
        if abandoned {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes the index file when the index moved `every` feed rows or more past the file (0: never).
pub fn save_if_behind(conn: &mut DbConnection, search: &SearchIndex, path: &Path, every: i64) {
    if every <= 0 || !search.is_ready() {
        return;
    }
    let saved = search.saved_position.load(Ordering::Relaxed);
    if search.position() - saved >= every {
        save(conn, search, path);
    }
}

/// Whether the index moved past what the file holds (for a save at shutdown).
pub fn unsaved(search: &SearchIndex) -> bool {
    search.is_ready() && search.position() != search.saved_position.load(Ordering::Relaxed)
}

/// The part's group id as stored in an index file: its 16 uuid bytes.
impl GroupCodec for PartId {
    const BYTES: usize = 16;
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.0.as_bytes());
    }
    fn decode(bytes: &[u8]) -> Self {
        PartId(uuid::Uuid::from_slice(bytes).expect("16 bytes"))
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
    search.loading.store(0, Ordering::Relaxed);
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
        search.loading.fetch_add(1000, Ordering::Relaxed);
    }
    search.index.install(loader);
    *position = feed;
    Ok(())
}

/// Applies every feed row after this instance's position; returns how many parts it refreshed.
/// Does nothing until the index is loaded ([`start`] applies the feed itself).
pub fn catch_up(conn: &mut DbConnection, search: &SearchIndex) -> AppResult<usize> {
    if !search.is_ready() {
        return Ok(0);
    }
    apply_feed(conn, search)
}

fn apply_feed(conn: &mut DbConnection, search: &SearchIndex) -> AppResult<usize> {
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
///
/// With an index `file`, it is written again whenever the index moved `save_every` feed rows past
/// it (0: only at start-up and shutdown).
pub fn follow(
    pool: DbPool,
    search: &Arc<SearchIndex>,
    every: Duration,
    file: Option<(PathBuf, i64)>,
    observe: impl Fn(i64) + Send + 'static,
) {
    let weak: Weak<SearchIndex> = Arc::downgrade(search);
    let spawned = std::thread::Builder::new()
        .name("search-feed".into())
        .spawn(move || loop {
            std::thread::sleep(every);
            let Some(search) = weak.upgrade() else { break };
            let outcome = pool.get().map_err(|e| e.to_string()).and_then(|mut conn| {
                observe(crate::db::generation(&mut conn).map_err(|e| e.to_string())?);
                catch_up(&mut conn, &search).map_err(|e| e.detail)?;
                if let Some((path, save_every)) = &file {
                    save_if_behind(&mut conn, &search, path, *save_every);
                }
                Ok(())
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
    if !search.is_ready() {
        return Err(search.not_ready());
    }
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
