//! Owns import jobs: an import that runs in the background of a server instead of inside its
//! request, and the one view of every import (`GET /api/v1/imports/{id}`, `GET /api/v1/imports`),
//! whether it ran in its request or as a job.
//!
//! **Life of a job.** [`submit`] stores a `queued` row in `imports` and the uploaded file in
//! `import_files`, in one transaction. An instance's [`runner`] claims the oldest queued job with a
//! conditional `UPDATE … SET state = 'running' WHERE state = 'queued'` (the row count says whether
//! this instance won it, so several instances on one PostgreSQL never run one job twice), runs the
//! ordinary import ([`crate::domain::imports`]: one transaction, all or nothing) and ends the job
//! `succeeded` or `failed` *in that same transaction*, deleting the file in it too. So a job is
//! `succeeded` with `stored: true` exactly when its records committed, and `failed` means nothing
//! was stored. A file with problems ends `failed` with the report listing every problem and
//! `error` the 422 problem a synchronous import answers; a dry run ends `succeeded` with its report
//! and `stored: false`.
//!
//! **Progress.** `progress.checked` counts the records the import has checked so far, of
//! `progress.total` (known once the file has been split into records). `progress.stored` stays 0
//! until the import commits, then equals the records stored: records registered inside the open
//! transaction are invisible to everyone else, so counting them would promise what a rollback can
//! still take back. The running instance keeps the counters in memory ([`LiveProgress`], what its
//! own `GET` answers) and writes them to the row with each heartbeat — except on SQLite while the
//! import holds the database's only write lock, where other instances see the counters of the last
//! heartbeat before it (SQLite serves one machine; the instance that runs the job answers live).
//!
//! **Leases.** The running instance renews the job's `heartbeat_at` every [`runner::beat`] of the
//! lease (`BIOREG_IMPORT_LEASE_SECONDS`, 30 s). Every instance, at start and then every half lease,
//! fails running jobs whose lease expired ([`recover`]): their instance stopped (killed, crashed,
//! restarted), and since its transaction died with it nothing was stored. A job of a live instance
//! is never failed while its heartbeats arrive; should one be failed anyway (a stall longer than
//! the lease), its own final `UPDATE … WHERE state = 'running'` finds no row and the instance rolls
//! the whole import back, so `failed` still means nothing was stored.
//!
//! **Why the file is in the database.** Several stateless instances share one PostgreSQL and any of
//! them may run a job, so the file must be where all of them read: a file next to one instance
//! would strand its jobs when that instance goes away. The file is bounded by
//! `BIOREG_MAX_IMPORT_BYTES` (256 MiB, within PostgreSQL's 1 GiB `bytea` and SQLite's 1 GB blob),
//! lives in its own table so no list or lookup of `imports` reads it, and is deleted in the
//! transaction that ends the job (or fails it after a lease expired).
//!
//! **Idempotency.** An `Idempotency-Key` is kept with the import it created, unique per caller.
//! The same key with the same file (SHA-256) and options gives back that import instead of running
//! again — a job in any state, or a synchronous import that stored its records; the same key with
//! another file or other options is a 409. A synchronous dry run or refused file stores nothing,
//! so its key is not kept (repeating it repeats a harmless check).

pub mod runner;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::accounts as account_rows;
use crate::db::imports::{self as rows, state, Finish, ImportFilter, ImportRow, ImportSummaryRow, NewImport};
use crate::db::types::ImportId;
use crate::db::{now, DbConnection};
use crate::domain::accounts::{self, Principal, Role};
use crate::domain::imports::{
    self, checksum, ImportError, ImportFormat, ImportKind, ImportReport, ImportRequest, ImportRules, ImportedRecord,
};
use crate::domain::parts::view::{user_refs, UserRef};
use crate::error::{AppError, AppResult};

/// How long a job waits for SQLite's write lock behind other writers before it fails.
const JOB_LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(600);

/// Longest `Idempotency-Key`.
pub const MAX_IDEMPOTENCY_KEY: usize = 255;

/// Where an import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    /// Waiting for an instance to run it.
    Queued,
    Running,
    /// Ended: stored (or, for a dry run, checked) with its report.
    Succeeded,
    /// Ended without storing anything: problems in the file (see the report), or the server
    /// running it stopped (see `error`).
    Failed,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => state::QUEUED,
            JobState::Running => state::RUNNING,
            JobState::Succeeded => state::SUCCEEDED,
            JobState::Failed => state::FAILED,
        }
    }

    fn parse(value: &str) -> AppResult<Self> {
        match value {
            state::QUEUED => Ok(JobState::Queued),
            state::RUNNING => Ok(JobState::Running),
            state::SUCCEEDED => Ok(JobState::Succeeded),
            state::FAILED => Ok(JobState::Failed),
            other => Err(AppError::internal(format!("an import has unknown state `{other}`"))),
        }
    }

    /// Whether the import has ended.
    pub fn is_finished(self) -> bool {
        matches!(self, JobState::Succeeded | JobState::Failed)
    }
}

/// How far an import got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct ImportProgress {
    /// Records in the file; null until the file has been split into records.
    pub total: Option<u64>,
    /// Records checked so far.
    pub checked: u64,
    /// Records stored: 0 until the import commits (all or nothing), then every record.
    pub stored: u64,
}

/// An import as listed: what, whose, when, where it is — without its records.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportJobSummary {
    pub id: ImportId,
    pub state: JobState,
    pub kind: ImportKind,
    pub format: ImportFormat,
    pub dry_run: bool,
    /// Whether the records were stored (a `succeeded` import that is not a dry run).
    pub stored: bool,
    pub file_name: Option<String>,
    /// `sha256:<hex>` of the file.
    pub sha256: String,
    /// Who sent it, as records name their creators (`imported_by` of a finished import's report
    /// gives the name alone, as it always has).
    pub created_by: Option<UserRef>,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub progress: ImportProgress,
    /// Why a `failed` import failed (RFC 9457 problem): `validation` for problems in the file (the
    /// report lists them), `interrupted` when the server running it stopped.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::error::Problem>)]
    pub error: Option<serde_json::Value>,
}

/// An import with its report: the job's fields, and once it has ended every record and problem
/// (the fields of [`ImportReport`]).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportJob {
    #[serde(flatten)]
    pub job: ImportJobSummary,
    /// Who imported it, and when (stored imports).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported_at: Option<DateTime<Utc>>,
    /// Every record and what it became (empty until the import ends).
    pub records: Vec<ImportedRecord>,
    /// Every problem found in the file.
    pub errors: Vec<ImportError>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<ImportError>,
}

/// An import's options as stored: the request, and the request id it came in (for the audit).
#[derive(Debug, Serialize, Deserialize)]
struct StoredOptions {
    #[serde(flatten)]
    request: ImportRequest,
    #[serde(default)]
    request_id: Option<String>,
}

/// The `options` of an import's row.
pub fn options_json(request: &ImportRequest, principal: &Principal) -> AppResult<String> {
    serde_json::to_string(&StoredOptions {
        request: request.clone(),
        request_id: principal.request_id.clone(),
    })
    .map_err(AppError::internal)
}

fn stored_options(row: &ImportSummaryRow) -> Option<StoredOptions> {
    serde_json::from_str(row.options.as_deref()?).ok()
}

/// The import counters as stored (records fit in an `i32` many times over: a file is at most
/// `BIOREG_MAX_IMPORT_BYTES`).
fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The problem of a job that was failed while this instance ran it (its lease expired).
pub fn taken_away(id: ImportId) -> AppError {
    AppError::conflict(format!(
        "import {id} is no longer running here: its lease expired and it was failed; nothing was stored"
    ))
}

/// The problem of a job whose server stopped while it ran.
pub fn interrupted() -> AppError {
    AppError::new(
        actix_web::http::StatusCode::SERVICE_UNAVAILABLE,
        "interrupted",
        "the server running this import stopped before it finished (its lease expired); nothing was stored; \
         send the file again",
    )
}

/// Checks an `Idempotency-Key` header: 1-255 printable ASCII characters.
pub fn check_idempotency_key(key: &str) -> AppResult<()> {
    if key.is_empty() || key.len() > MAX_IDEMPOTENCY_KEY || !key.bytes().all(|b| (0x20..=0x7e).contains(&b)) {
        return Err(AppError::invalid_field(
            "Idempotency-Key",
            format!("must be 1-{MAX_IDEMPOTENCY_KEY} printable ASCII characters"),
        ));
    }
    Ok(())
}

fn time(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

fn summary(row: ImportSummaryRow, users: &HashMap<crate::db::types::UserId, UserRef>) -> AppResult<ImportJobSummary> {
    let state = JobState::parse(&row.state)?;
    let text = |value: &str| serde_json::Value::String(value.to_string());
    Ok(ImportJobSummary {
        id: row.id,
        state,
        kind: serde_json::from_value(text(&row.kind)).map_err(AppError::internal)?,
        format: serde_json::from_value(text(&row.format)).map_err(AppError::internal)?,
        dry_run: row.dry_run,
        stored: state == JobState::Succeeded && !row.dry_run,
        file_name: row.file_name,
        sha256: row.sha256,
        created_by: users.get(&row.created_by).cloned(),
        created_at: time(row.created_at),
        started_at: row.started_at.map(time),
        finished_at: row.finished_at.map(time),
        progress: ImportProgress {
            total: row.records_total.map(|n| n.max(0) as u64),
            checked: row.records_checked.max(0) as u64,
            stored: row.records_stored.max(0) as u64,
        },
        error: row.error.as_deref().and_then(|e| serde_json::from_str(e).ok()),
    })
}

/// The creators of `rows`, one query.
fn creators(
    conn: &mut DbConnection,
    rows: &[&ImportSummaryRow],
) -> AppResult<HashMap<crate::db::types::UserId, UserRef>> {
    let ids: Vec<_> = rows.iter().map(|r| r.created_by).collect();
    user_refs(conn, &ids)
}

fn view(conn: &mut DbConnection, row: ImportRow) -> AppResult<ImportJob> {
    let names = creators(conn, &[&row.summary])?;
    let report: Option<ImportReport> = match row.report.as_deref() {
        Some(json) => Some(serde_json::from_str(json).map_err(AppError::internal)?),
        None => None,
    };
    let job = summary(row.summary, &names)?;
    let (imported_by, imported_at, records, errors, warnings) = match report {
        Some(r) => (r.imported_by, r.imported_at, r.records, r.errors, r.warnings),
        None => (None, None, Vec::new(), Vec::new(), Vec::new()),
    };
    Ok(ImportJob {
        job,
        imported_by,
        imported_at,
        records,
        errors,
        warnings,
    })
}

/// Whether `principal` may see an import of `owner`: its organisation, curators and admins.
fn visible(principal: &Principal, row: &ImportSummaryRow) -> bool {
    row.owner_org_id == principal.organization.id || principal.role >= Role::Curator
}

/// An import (stored, or a job in any state), for its importer's organisation and for curators
/// and admins; others get 404.
pub fn get(conn: &mut DbConnection, principal: &Principal, id: &str) -> AppResult<ImportJob> {
    let missing = || AppError::not_found(format!("no import `{id}`"));
    let id = ImportId(uuid::Uuid::parse_str(id).map_err(|_| missing())?);
    let row = rows::find_import(conn, id)?.ok_or_else(missing)?;
    if !visible(principal, &row.summary) {
        return Err(missing());
    }
    view(conn, row)
}

/// What a list of imports is restricted to (besides what the caller may see).
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub state: Option<JobState>,
    pub kind: Option<ImportKind>,
    /// Created strictly after / before.
    pub created_after: Option<DateTime<Utc>>,
    pub created_before: Option<DateTime<Utc>>,
}

/// A page of imports, newest first: the caller's organisation's, or everyone's for curators and
/// admins. The cursor is `<created_at>|<id>` ([`crate::domain::cursor`]).
pub fn list(
    conn: &mut DbConnection,
    principal: &Principal,
    filter: &ListFilter,
    cursor: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<ImportJobSummary>, Option<String>)> {
    let after = cursor
        .map(super::cursor::decode)
        .transpose()?
        .map(|(at, id)| (at, ImportId(id)));
    let filter = ImportFilter {
        owner_org_id: (principal.role < Role::Curator).then_some(principal.organization.id),
        state: filter.state.map(|s| s.as_str().to_string()),
        kind: filter.kind.map(|k| k.as_str().to_string()),
        created_after: filter.created_after.map(|t| t.naive_utc()),
        created_before: filter.created_before.map(|t| t.naive_utc()),
    };
    let page = rows::list_imports(conn, &filter, after, limit + 1)?;
    let (page, next) = super::cursor::split_page(page, limit, |r| super::cursor::encode(r.created_at, r.id));
    let names = creators(conn, &page.iter().collect::<Vec<_>>())?;
    let items = page
        .into_iter()
        .map(|row| summary(row, &names))
        .collect::<AppResult<_>>()?;
    Ok((items, next))
}

/// The import `principal` made with `key`, when there is one and it was the same request (same
/// file, same options); a 409 naming the header when the key was used for another request.
fn replay(
    conn: &mut DbConnection,
    principal: &Principal,
    key: &str,
    sha256: &str,
    request: &ImportRequest,
) -> AppResult<Option<ImportJob>> {
    let Some(row) = rows::find_by_idempotency_key(conn, principal.user.id, key)? else {
        return Ok(None);
    };
    let same_file = row.summary.sha256 == sha256;
    let same_options = stored_options(&row.summary).is_some_and(|o| o.request.same_import_as(request));
    if !(same_file && same_options) {
        let what = if same_file { "other options" } else { "another file" };
        return Err(AppError::conflict(format!(
            "Idempotency-Key `{key}` was used for import {} of {} with {what}; send a new key for a new import",
            row.summary.id, row.summary.sha256
        )));
    }
    Ok(Some(view(conn, row)?))
}

/// A job, and whether this request queued it (or found it by its `Idempotency-Key`).
#[derive(Debug)]
pub struct Submitted {
    pub job: ImportJob,
    pub created: bool,
}

/// Queues an import of `file` as a job for `principal` (see the module docs). At most
/// `max_pending` of one user's jobs may be queued or running at once (more: 429).
pub fn submit(
    conn: &mut DbConnection,
    principal: &Principal,
    request: ImportRequest,
    file: &[u8],
    max_pending: u32,
) -> AppResult<Submitted> {
    principal.require(Role::Submitter)?;
    request.check()?;
    let sha256 = checksum(file);
    let key = request.idempotency_key.clone();
    if let Some(key) = &key {
        if let Some(job) = replay(conn, principal, key, &sha256, &request)? {
            return Ok(Submitted { job, created: false });
        }
    }
    let id = ImportId::new_random();
    let at = now();
    let row = NewImport {
        summary: ImportSummaryRow {
            id,
            kind: request.kind.as_str().into(),
            format: request.format.as_str().into(),
            file_name: request.file_name.clone(),
            sha256: sha256.clone(),
            created_by: principal.user.id,
            owner_org_id: principal.organization.id,
            created_at: at,
            state: state::QUEUED.into(),
            dry_run: request.dry_run,
            options: Some(options_json(&request, principal)?),
            token_id: Some(principal.token_id),
            idempotency_key: key.clone(),
            started_at: None,
            finished_at: None,
            heartbeat_at: None,
            records_total: None,
            records_checked: 0,
            records_stored: 0,
            error: None,
        },
        report: None,
    };
    let queued = conn.write_transaction(|conn| {
        // A soft bound: two uploads at the same moment may both pass it.
        if rows::count_pending(conn, principal.user.id)? >= i64::from(max_pending) {
            return Err(AppError::too_many_requests(
                format!(
                    "user `{}` already has {max_pending} imports queued or running (BIOREG_FAIR_PER_USER); \
                     wait for one to finish",
                    principal.user.name
                ),
                5,
            ));
        }
        rows::insert_import(conn, &row)?;
        rows::insert_file(conn, id, file)?;
        Ok(())
    });
    match queued {
        Ok(()) => {}
        // The same key, sent twice at once: the other request stored it first.
        Err(error) if error.status == actix_web::http::StatusCode::CONFLICT => {
            let found = match &key {
                Some(key) => replay(conn, principal, key, &sha256, &request)?,
                None => None,
            };
            return found.map(|job| Submitted { job, created: false }).ok_or(error);
        }
        Err(error) => return Err(error),
    }
    let row = rows::find_import(conn, id)?.ok_or_else(|| AppError::internal("a queued import vanished"))?;
    Ok(Submitted {
        job: view(conn, row)?,
        created: true,
    })
}

/// What a synchronous import answered.
#[derive(Debug)]
pub enum RanNow {
    /// Stored: the import as `GET /api/v1/imports/{id}` gives it.
    Stored(ImportJob),
    /// A dry run's report (nothing is kept).
    Checked(ImportReport),
    /// An earlier import with the same `Idempotency-Key` and file.
    Repeated(ImportJob),
}

/// Runs an import in the request ([`imports::run`]), unless its `Idempotency-Key` names an
/// earlier one (see the module docs).
pub fn run_now(
    conn: &mut DbConnection,
    principal: &Principal,
    request: ImportRequest,
    file: &[u8],
    rules: &ImportRules,
) -> AppResult<RanNow> {
    let key = request.idempotency_key.clone();
    let sha256 = checksum(file);
    if let Some(key) = &key {
        if let Some(job) = replay(conn, principal, key, &sha256, &request)? {
            return Ok(RanNow::Repeated(job));
        }
    }
    match imports::run(conn, principal, request.clone(), file, rules) {
        Ok(report) if report.stored => {
            let id = report.id.as_deref().unwrap_or_default();
            Ok(RanNow::Stored(get(conn, principal, id)?))
        }
        Ok(report) => Ok(RanNow::Checked(report)),
        Err(error) if error.status == actix_web::http::StatusCode::CONFLICT && key.is_some() => {
            let key = key.as_deref().unwrap_or_default();
            match replay(conn, principal, key, &sha256, &request)? {
                Some(job) => Ok(RanNow::Repeated(job)),
                None => Err(error),
            }
        }
        Err(error) => Err(error),
    }
}

/// Fails every running job whose lease expired before `lease` ago (its instance stopped): the job
/// ends `failed` with an `interrupted` problem and its file is deleted. Returns the jobs failed.
pub fn recover(conn: &mut DbConnection, lease: std::time::Duration) -> AppResult<Vec<ImportId>> {
    let at = now();
    let cutoff = at - chrono::Duration::from_std(lease).map_err(AppError::internal)?;
    let mut failed = Vec::new();
    for id in rows::expired(conn, cutoff)? {
        let finish = Finish {
            state: state::FAILED.into(),
            finished_at: Some(at),
            records_total: None,
            records_checked: None,
            records_stored: Some(0),
            report: None,
            error: Some(problem_json(&interrupted())),
        };
        let ended = conn.write_transaction(|conn| {
            let ended = rows::fail_expired(conn, id, cutoff, &finish)?;
            if ended {
                rows::delete_file(conn, id)?;
            }
            Ok::<_, AppError>(ended)
        })?;
        if ended {
            tracing::warn!(import = %id, "an import job's lease expired (its server stopped); failed it, nothing was stored");
            failed.push(id);
        }
    }
    Ok(failed)
}

/// A problem as stored in a job's `error` (without a report: the job has its own).
fn problem_json(error: &AppError) -> String {
    let mut problem = error.problem();
    problem.report = None;
    serde_json::to_string(&problem).unwrap_or_default()
}

/// A job this instance has claimed and runs.
#[derive(Debug, Clone)]
pub struct ClaimedJob {
    pub row: ImportSummaryRow,
}

/// Claims the oldest queued job nobody else has claimed, if any.
pub fn claim_next(conn: &mut DbConnection) -> AppResult<Option<ClaimedJob>> {
    for id in rows::queued(conn, 8)? {
        // One conditional UPDATE (autocommit): whoever changes the row first runs the job.
        if rows::claim(conn, id, now())? {
            let row = rows::find_import(conn, id)?.ok_or_else(|| AppError::internal("a claimed import vanished"))?;
            return Ok(Some(ClaimedJob { row: row.summary }));
        }
    }
    Ok(None)
}

/// A running job's counters, kept in memory by the instance running it.
#[derive(Debug)]
pub struct LiveProgress {
    /// -1 while unknown.
    total: AtomicI64,
    checked: AtomicU64,
    in_transaction: AtomicBool,
}

impl Default for LiveProgress {
    fn default() -> Self {
        LiveProgress {
            total: AtomicI64::new(-1),
            checked: AtomicU64::new(0),
            in_transaction: AtomicBool::new(false),
        }
    }
}

impl LiveProgress {
    fn set(&self, done: usize, total: usize) {
        self.total.store(total as i64, Ordering::Relaxed);
        self.checked.store(done as u64, Ordering::Relaxed);
    }

    /// Records in the file (once known) and records checked.
    pub fn snapshot(&self) -> (Option<u64>, u64) {
        let total = self.total.load(Ordering::Relaxed);
        (u64::try_from(total).ok(), self.checked.load(Ordering::Relaxed))
    }

    /// Whether the import's transaction is open (on SQLite it holds the write lock).
    pub fn in_transaction(&self) -> bool {
        self.in_transaction.load(Ordering::Relaxed)
    }
}

/// Everything a claimed job needs to run: its caller (from the token that sent it; a revoked or
/// expired token, or a role below submitter, fails the job), its request and its file.
fn prepare(conn: &mut DbConnection, row: &ImportSummaryRow) -> AppResult<(Principal, ImportRequest, Vec<u8>)> {
    let options = stored_options(row).ok_or_else(|| AppError::internal("an import job has no options"))?;
    let token = row
        .token_id
        .ok_or_else(|| AppError::internal("an import job has no token"))?;
    let (token, user, organization) = account_rows::find_token_with_owner(conn, token)?
        .ok_or_else(|| AppError::unauthorized("the token that sent this import no longer exists"))?;
    let mut principal = accounts::admit(token, user, organization)?;
    principal.request_id = options.request_id;
    let file = rows::read_file(conn, row.id)?.ok_or_else(|| AppError::internal("an import job's file is missing"))?;
    let request = ImportRequest {
        job: Some(row.id),
        idempotency_key: None,
        ..options.request
    };
    Ok((principal, request, file))
}

/// Ends a running job (conditionally: false when it was no longer running).
fn end(
    conn: &mut DbConnection,
    id: ImportId,
    state: JobState,
    report: Option<&serde_json::Value>,
    error: Option<&AppError>,
) -> AppResult<bool> {
    let records = report
        .and_then(|r| r.get("records"))
        .and_then(|r| r.as_array())
        .map(|r| count(r.len()));
    let finish = Finish {
        state: state.as_str().into(),
        finished_at: Some(now()),
        records_total: records,
        records_checked: records,
        records_stored: Some(0),
        report: report.map(|r| r.to_string()),
        error: error.map(problem_json),
    };
    let ended = rows::finish(conn, id, &finish)?;
    if ended {
        rows::delete_file(conn, id)?;
    }
    Ok(ended)
}

/// Runs a claimed job to its end (see the module docs); `live` follows its progress. Returns the
/// state it ended in; an error only when even failing the job could not be written (the lease
/// then expires and any instance fails it).
pub fn run_claimed(
    conn: &mut DbConnection,
    job: &ClaimedJob,
    rules: &ImportRules,
    live: &LiveProgress,
) -> AppResult<JobState> {
    let id = job.row.id;
    let (principal, request, file) = match prepare(conn, &job.row) {
        Ok(prepared) => prepared,
        Err(error) => {
            conn.write_transaction(|conn| end(conn, id, JobState::Failed, None, Some(&error)))?;
            return Ok(JobState::Failed);
        }
    };
    let kind = request.kind;
    let outcome = conn.write_transaction_waiting(JOB_LOCK_WAIT, |conn| {
        live.in_transaction.store(true, Ordering::Relaxed);
        let mut progress = |done: usize, total: usize| live.set(done, total);
        let ran = imports::run_with_progress(conn, &principal, request, &file, rules, &mut progress);
        let state = match ran {
            // The import finished the job's row itself, with its records.
            Ok(report) if report.stored => {
                rows::delete_file(conn, id)?;
                return Ok((JobState::Succeeded, report.records.len()));
            }
            Ok(report) => {
                let report = serde_json::to_value(&report).map_err(AppError::internal)?;
                end(conn, id, JobState::Succeeded, Some(&report), None)?.then_some(JobState::Succeeded)
            }
            // Problems in the file (the report lists them), or a caller no longer allowed.
            Err(mut error) if error.status.is_client_error() && error.status.as_u16() != 409 => {
                let report = error.report.take().map(|r| *r);
                end(conn, id, JobState::Failed, report.as_ref(), Some(&error))?.then_some(JobState::Failed)
            }
            Err(error) => return Err(error),
        };
        state.map(|s| (s, 0)).ok_or_else(|| taken_away(id))
    });
    live.in_transaction.store(false, Ordering::Relaxed);
    match outcome {
        Ok((state, stored)) => {
            if stored > 0 {
                if let Err(error) = crate::db::refresh_statistics_after(conn, imports::tables(kind), stored as i64) {
                    tracing::warn!(%error, "refreshing planner statistics after an import failed");
                }
            }
            Ok(state)
        }
        Err(error) => {
            tracing::warn!(import = %id, error = %error.detail, "an import job failed");
            conn.write_transaction(|conn| end(conn, id, JobState::Failed, None, Some(&error)))?;
            Ok(JobState::Failed)
        }
    }
}
