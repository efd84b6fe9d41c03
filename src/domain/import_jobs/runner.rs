//! Owns the import-job runner of one instance: a thread that fails jobs whose lease expired (at
//! start, then every half lease), claims the oldest queued job and runs it, one at a time, with a
//! heartbeat thread beside it; and the in-memory progress of the job it runs ([`Jobs`]).
//!
//! One job at a time per instance, beside the bulk pool (`BIOREG_BULK_WORKERS`) rather than in
//! it: a job may run for an hour, and holding a bulk slot that long would make every export and
//! synchronous import of the instance wait (and fail after `BIOREG_FAIR_QUEUE_SECONDS`). Several
//! instances run several jobs. A job queued on this instance starts at once ([`Jobs::wake`]); one
//! queued on another instance within [`POLL`].
//!
//! Memory: the running job's file (≤ `BIOREG_MAX_IMPORT_BYTES`) plus what the import itself holds;
//! the registry of running jobs is one entry. The thread ends when the [`Jobs`] it serves is
//! dropped (its `AppState` is gone), within one [`POLL`] or after the job it is running.

use std::collections::HashMap;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex, Weak};
use std::time::{Duration, Instant};

use crate::db::types::ImportId;
use crate::db::{now, Backend, DbConnection, DbPool};
use crate::domain::imports::ImportRules;
use crate::error::AppError;

use super::{ImportJobSummary, LiveProgress};

/// How often an idle runner looks for jobs queued on other instances.
pub const POLL: Duration = Duration::from_secs(1);

/// Default lease of a running job (`BIOREG_IMPORT_LEASE_SECONDS`).
pub const DEFAULT_LEASE: Duration = Duration::from_secs(30);

/// How often the running instance renews a job's lease and writes its progress: every second, or
/// every tenth of the lease when that is shorter, so a few lost heartbeats never expire it.
pub fn beat(lease: Duration) -> Duration {
    (lease / 10).min(Duration::from_secs(1)).max(Duration::from_millis(50))
}

/// The jobs this instance runs, and the bell that wakes its runner.
#[derive(Debug, Default)]
pub struct Jobs {
    running: Mutex<HashMap<ImportId, Arc<LiveProgress>>>,
    queued: Mutex<bool>,
    bell: Condvar,
}

impl Jobs {
    pub fn new() -> Self {
        Self::default()
    }

    /// A job was queued on this instance: the runner looks at once.
    pub fn wake(&self) {
        *self.queued.lock().expect("jobs lock") = true;
        self.bell.notify_all();
    }

    fn wait(&self, timeout: Duration) {
        let queued = self.queued.lock().expect("jobs lock");
        let (mut queued, _) = self
            .bell
            .wait_timeout_while(queued, timeout, |queued| !*queued)
            .expect("jobs lock");
        *queued = false;
    }

    /// Replaces the stored progress of a job running on this instance by its live counters.
    pub fn overlay(&self, job: &mut ImportJobSummary) {
        let live = self.running.lock().expect("jobs lock").get(&job.id).cloned();
        if let Some(live) = live {
            let (total, checked) = live.snapshot();
            job.progress.total = total.or(job.progress.total);
            job.progress.checked = checked.max(job.progress.checked);
        }
    }
}

/// What the runner needs besides the pool.
#[derive(Debug, Clone)]
pub struct RunnerSettings {
    pub rules: ImportRules,
    pub lease: Duration,
    pub backend: Backend,
}

/// Starts this instance's runner (see the module docs). `after_job` runs on the runner's
/// connection after each job, on the runner's thread (to drop read caches after a commit and
/// bring the sequence index up to date).
pub fn start(
    pool: DbPool,
    jobs: &Arc<Jobs>,
    settings: RunnerSettings,
    after_job: impl Fn(&mut DbConnection) + Send + 'static,
) {
    let weak: Weak<Jobs> = Arc::downgrade(jobs);
    let sweep_every = settings.lease / 2;
    let spawned = std::thread::Builder::new().name("import-jobs".into()).spawn(move || {
        let mut swept: Option<Instant> = None;
        while let Some(jobs) = weak.upgrade() {
            if swept.is_none_or(|at| at.elapsed() >= sweep_every) {
                swept = Some(Instant::now());
                let recovered = pool
                    .get()
                    .map_err(AppError::from)
                    .and_then(|mut conn| super::recover(&mut conn, settings.lease));
                if let Err(error) = recovered {
                    tracing::warn!(error = %error.detail, "failing import jobs whose lease expired failed; retrying");
                }
            }
            let claimed = pool
                .get()
                .map_err(AppError::from)
                .and_then(|mut conn| super::claim_next(&mut conn));
            match claimed {
                Ok(Some(job)) => run_one(&pool, &jobs, job, &settings, &after_job),
                Ok(None) => jobs.wait(POLL),
                Err(error) => {
                    tracing::warn!(error = %error.detail, "looking for queued import jobs failed; retrying");
                    jobs.wait(POLL);
                }
            }
        }
    });
    if let Err(error) = spawned {
        tracing::error!(%error, "cannot start the import job runner");
    }
}

fn run_one(
    pool: &DbPool,
    jobs: &Jobs,
    job: super::ClaimedJob,
    settings: &RunnerSettings,
    after_job: &impl Fn(&mut DbConnection),
) {
    let id = job.row.id;
    let live = Arc::new(LiveProgress::default());
    jobs.running.lock().expect("jobs lock").insert(id, live.clone());
    tracing::info!(import = %id, "running an import job");
    let started = Instant::now();
    let (stop, stopped) = mpsc::channel::<()>();
    let outcome = std::thread::scope(|scope| {
        let heartbeats = &live;
        scope.spawn(move || heartbeat(pool, id, heartbeats, settings, stopped));
        let outcome = pool.get().map_err(AppError::from).and_then(|mut conn| {
            let outcome = super::run_claimed(&mut conn, &job, &settings.rules, &live);
            after_job(&mut conn);
            outcome
        });
        drop(stop);
        outcome
    });
    jobs.running.lock().expect("jobs lock").remove(&id);
    match outcome {
        Ok(state) => {
            tracing::info!(import = %id, state = state.as_str(), seconds = started.elapsed().as_secs_f64(), "import job ended")
        }
        // Its lease expires and an instance fails it.
        Err(error) => tracing::error!(import = %id, error = %error.detail, "an import job could not be ended"),
    }
}

/// Renews the lease of job `id` and writes its progress every [`beat`] until `stop` closes or
/// the job is no longer running. On SQLite, nothing is written while the import's transaction
/// holds the database's only write lock (the write would wait for that very transaction).
fn heartbeat(pool: &DbPool, id: ImportId, live: &LiveProgress, settings: &RunnerSettings, stop: mpsc::Receiver<()>) {
    loop {
        match stop.recv_timeout(beat(settings.lease)) {
            Err(RecvTimeoutError::Timeout) => {}
            _ => return,
        }
        if settings.backend == Backend::Sqlite && live.in_transaction() {
            continue;
        }
        let (total, checked) = live.snapshot();
        let total = total.map(|n| i32::try_from(n).unwrap_or(i32::MAX));
        let checked = i32::try_from(checked).unwrap_or(i32::MAX);
        let renewed = pool
            .get()
            .map_err(AppError::from)
            .and_then(|mut conn| Ok(crate::db::imports::heartbeat(&mut conn, id, now(), total, checked)?));
        match renewed {
            Ok(true) => {}
            Ok(false) => return,
            Err(error) => tracing::warn!(import = %id, error = %error.detail, "renewing an import job's lease failed"),
        }
    }
}
