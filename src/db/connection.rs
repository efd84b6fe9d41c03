//! Owns the database connection: choosing the backend from `DATABASE_URL`, opening connections
//! with the per-backend session settings, the r2d2 pool, embedded migrations and write
//! transactions.
//!
//! One binary speaks SQLite and PostgreSQL through diesel's `MultiConnection`. The backend is
//! picked from the URL scheme by [`DatabaseUrl::parse`] rather than by `Connection::establish`,
//! which would try every backend in turn and hide the real connection error.

use std::fmt;
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

/// Every connection bioreg uses: one variant per supported backend.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// How long a SQLite writer waits for another writer before giving up.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 15_000;

/// Which backend a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A validated `DATABASE_URL`.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A SQLite database file (`sqlite://PATH` or `sqlite:PATH`).
    Sqlite { path: String },
    /// A PostgreSQL connection URL (`postgres://…` or `postgresql://…`), passed to libpq as is.
    Postgres { url: String },
}

impl DatabaseUrl {
    /// Parses a URL, refusing schemes bioreg cannot serve.
    ///
    /// ```
    /// use bioreg::db::DatabaseUrl;
    /// assert!(matches!(DatabaseUrl::parse("sqlite://bioreg.db"), Ok(DatabaseUrl::Sqlite { .. })));
    /// assert!(DatabaseUrl::parse("mysql://localhost/x").is_err());
    /// ```
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if let Some(rest) = raw.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            if path.is_empty() {
                return Err("DATABASE_URL `sqlite://` needs a file path, e.g. sqlite://bioreg.db".into());
            }
            return Ok(DatabaseUrl::Sqlite { path: path.to_string() });
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            url::Url::parse(raw).map_err(|e| format!("DATABASE_URL is not a valid PostgreSQL URL: {e}"))?;
            return Ok(DatabaseUrl::Postgres { url: raw.to_string() });
        }
        let scheme = raw.split_once("://").map(|(s, _)| s).unwrap_or(raw);
        Err(format!(
            "DATABASE_URL has an unsupported scheme `{scheme}`: use sqlite://PATH or postgres://USER@HOST:PORT/DB"
        ))
    }

    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Sqlite { .. } => Backend::Sqlite,
            DatabaseUrl::Postgres { .. } => Backend::Postgres,
        }
    }

    /// Opens one connection with bioreg's session settings applied.
    pub fn connect(&self) -> Result<DbConnection, ConnectError> {
        match self {
            DatabaseUrl::Sqlite { path } => {
                let mut conn = SqliteConnection::establish(path).map_err(|e| ConnectError {
                    target: self.to_string(),
                    message: e.to_string(),
                })?;
                // WAL lets readers proceed while one writer writes; the busy timeout makes writers
                // queue instead of failing with "database is locked".
                // `analysis_limit` bounds every ANALYZE that `db::refresh_statistics` runs (about
                // that many rows of each index).
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA analysis_limit = 1000;"
                ))
                .map_err(|e| ConnectError {
                    target: self.to_string(),
                    message: e.to_string(),
                })?;
                Ok(DbConnection::Sqlite(conn))
            }
            DatabaseUrl::Postgres { url } => {
                let mut conn = PgConnection::establish(url).map_err(|e| ConnectError {
                    target: self.to_string(),
                    message: e.to_string().split_whitespace().collect::<Vec<_>>().join(" "),
                })?;
                // diesel prepares every query; after five runs PostgreSQL may switch a prepared
                // statement to a generic plan, chosen without the bound values — for a list
                // (`LIMIT $n`, a filter of any selectivity) that plan can sort the whole table
                // (an unfiltered list at 200,000 parts went from 3 ms to 112 ms at p95). A custom
                // plan per execution costs a fraction of a millisecond of planning.
                conn.batch_execute("SET plan_cache_mode = force_custom_plan")
                    .map_err(|e| ConnectError {
                        target: self.to_string(),
                        message: e.to_string(),
                    })?;
                Ok(DbConnection::Postgres(conn))
            }
        }
    }
}

/// Shows the URL with any password masked, so it can go into logs and error messages.
impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Sqlite { path } => write!(f, "sqlite://{path}"),
            DatabaseUrl::Postgres { url } => match url::Url::parse(url) {
                Ok(mut parsed) if parsed.password().is_some() => {
                    let _ = parsed.set_password(Some("***"));
                    write!(f, "{parsed}")
                }
                _ => write!(f, "{url}"),
            },
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

/// A connection could not be opened.
#[derive(Debug, thiserror::Error)]
#[error("cannot connect to the database at {target}: {message}")]
pub struct ConnectError {
    pub target: String,
    pub message: String,
}

impl DbConnection {
    pub fn backend(&self) -> Backend {
        match self {
            DbConnection::Sqlite(_) => Backend::Sqlite,
            DbConnection::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies every pending embedded migration of this backend; returns their names. On
    /// PostgreSQL a session advisory lock makes instances started together migrate one at a
    /// time (the later ones find nothing pending).
    pub fn run_migrations(&mut self) -> Result<Vec<String>, String> {
        /// Advisory lock key of migrations ("migrate").
        const MIGRATION_LOCK: i64 = 0x006d_6967_7261_7465;
        let names = |applied: diesel::migration::Result<Vec<diesel::migration::MigrationVersion>>| {
            applied
                .map(|versions| versions.iter().map(|v| v.to_string()).collect())
                .map_err(|e| format!("migration failed: {e}"))
        };
        let applied: Vec<String> = match self {
            DbConnection::Sqlite(conn) => names(conn.run_pending_migrations(SQLITE_MIGRATIONS))?,
            DbConnection::Postgres(conn) => {
                let lock = |conn: &mut PgConnection, sql: &str| {
                    use diesel::RunQueryDsl;
                    diesel::sql_query(sql)
                        .bind::<diesel::sql_types::BigInt, _>(MIGRATION_LOCK)
                        .execute(conn)
                        .map_err(|e| format!("migration lock: {e}"))
                };
                lock(conn, "SELECT pg_advisory_lock($1)")?;
                let applied = names(conn.run_pending_migrations(POSTGRES_MIGRATIONS));
                lock(conn, "SELECT pg_advisory_unlock($1)")?;
                applied?
            }
        };
        // Rows migrated by 000023 into the compact forms SQL cannot write (resumes after a crash).
        let compacted = super::compact::run(self).map_err(|e| format!("compacting migrated rows: {e}"))?;
        if compacted != Default::default() {
            tracing::info!(
                sequences = compacted.sequences,
                revisions = compacted.revisions,
                "migrated rows compacted"
            );
        }
        if let DbConnection::Sqlite(conn) = self {
            // 000023 and its compaction rewrite most rows in place, which leaves space inside
            // pages that only a VACUUM gives back.
            let rewritten = compacted != Default::default();
            if rewritten || !applied.is_empty() {
                reclaim_free_pages(conn, rewritten)?;
            }
        }
        Ok(applied)
    }

    /// Applies the pending migrations up to and including `last` (a version such as
    /// `2026-11-29-000012`), as an older bioreg would have: the upgrade tests populate a database at
    /// that schema, then let [`DbConnection::run_migrations`] bring it up to date.
    pub fn run_migrations_through(&mut self, last: &str) -> Result<Vec<String>, String> {
        fn through<C: MigrationHarness<B>, B: diesel::backend::Backend>(
            conn: &mut C,
            source: EmbeddedMigrations,
            last: &str,
        ) -> Result<Vec<String>, String> {
            let mut pending = conn
                .pending_migrations(source)
                .map_err(|e| format!("listing migrations failed: {e}"))?;
            pending.sort_by_key(|m| m.name().version().to_string());
            // Versions are compared as digits (diesel keeps `2026-11-29-000012` as `20261129000012`).
            let digits = |version: &str| version.chars().filter(char::is_ascii_digit).collect::<String>();
            let last = digits(last);
            let mut applied = Vec::new();
            for migration in pending {
                let version = migration.name().version().to_string();
                if digits(&version) > last {
                    break;
                }
                conn.run_migration(&*migration)
                    .map_err(|e| format!("migration {version} failed: {e}"))?;
                applied.push(version);
            }
            Ok(applied)
        }
        match self {
            DbConnection::Sqlite(conn) => through(conn, SQLITE_MIGRATIONS, last),
            DbConnection::Postgres(conn) => through(conn, POSTGRES_MIGRATIONS, last),
        }
    }

    /// Reverts the last applied migration (the upgrade tests take a database written by this
    /// version back to an earlier schema, then migrate it again).
    pub fn revert_last_migration(&mut self) -> Result<String, String> {
        if self.last_applied_migration()?.as_deref() == Some(STORED_ONCE) {
            self.expand_stored_rows()?;
        }
        let reverted = match self {
            DbConnection::Sqlite(conn) => conn.revert_last_migration(SQLITE_MIGRATIONS),
            DbConnection::Postgres(conn) => conn.revert_last_migration(POSTGRES_MIGRATIONS),
        };
        reverted
            .map(|version| version.to_string())
            .map_err(|e| format!("reverting the last migration failed: {e}"))
    }

    /// Reverts every applied migration (used by tests that check the `down.sql` files).
    pub fn revert_all_migrations(&mut self) -> Result<Vec<String>, String> {
        if self
            .last_applied_migration()?
            .is_some_and(|last| last.as_str() >= STORED_ONCE)
        {
            self.expand_stored_rows()?;
        }
        let reverted = match self {
            DbConnection::Sqlite(conn) => conn.revert_all_migrations(SQLITE_MIGRATIONS),
            DbConnection::Postgres(conn) => conn.revert_all_migrations(POSTGRES_MIGRATIONS),
        };
        reverted
            .map(|versions| versions.iter().map(|v| v.to_string()).collect())
            .map_err(|e| format!("reverting migrations failed: {e}"))
    }

    /// The version of the newest applied migration (`20261209000023`), if any.
    fn last_applied_migration(&mut self) -> Result<Option<String>, String> {
        #[derive(diesel::QueryableByName)]
        struct Version {
            #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
            version: Option<String>,
        }
        diesel::sql_query("SELECT max(version) AS version FROM __diesel_schema_migrations")
            .get_result::<Version>(self)
            .map(|v| v.version)
            .map_err(|e| format!("reading the applied migrations: {e}"))
    }

    /// Before 000023 is reverted: its deflated snapshot bodies and packed sequences back to text.
    fn expand_stored_rows(&mut self) -> Result<(), String> {
        let expanded = super::compact::expand(self).map_err(|e| format!("expanding stored rows: {e}"))?;
        tracing::info!(
            sequences = expanded.sequences,
            revisions = expanded.revisions,
            "sequences unpacked and snapshot bodies inflated before reverting migration 000023"
        );
        Ok(())
    }

    /// Whether a transaction is open on this connection (a write inside it becomes a savepoint).
    pub fn in_transaction(&mut self) -> bool {
        let depth = match self {
            DbConnection::Sqlite(inner) => {
                AnsiTransactionManager::transaction_manager_status_mut(inner).transaction_depth()
            }
            DbConnection::Postgres(inner) => {
                AnsiTransactionManager::transaction_manager_status_mut(inner).transaction_depth()
            }
        };
        // A connection whose transaction state is broken is treated as inside one: callers skip work
        // that must run outside transactions.
        !matches!(depth, Ok(None))
    }

    /// [`DbConnection::write_transaction`] for long jobs that must wait for one another (two
    /// instances seeding at once): on SQLite the write lock is awaited for up to `wait` instead of
    /// the usual busy timeout. (On PostgreSQL lock waits are unbounded anyway.)
    pub fn write_transaction_waiting<T, E, F>(&mut self, wait: std::time::Duration, body: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E>,
        E: From<diesel::result::Error>,
    {
        let is_sqlite = matches!(self, DbConnection::Sqlite(_));
        if is_sqlite {
            self.batch_execute(&format!("PRAGMA busy_timeout = {}", wait.as_millis()))?;
        }
        let outcome = self.write_transaction(body);
        if is_sqlite {
            self.batch_execute(&format!("PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}"))?;
        }
        outcome
    }

    /// Runs `body` in a transaction that takes the write lock up front.
    ///
    /// On SQLite a deferred transaction that reads and then writes can fail at once with
    /// `SQLITE_BUSY` when another writer committed in between (the busy handler is not consulted
    /// for that case), so writes begin with `BEGIN IMMEDIATE` and queue on the busy timeout instead.
    /// On PostgreSQL this is an ordinary transaction.
    ///
    /// Every outermost write transaction increments the `change_generation` counter as its last
    /// statement (so on PostgreSQL its row lock is held only while committing) and, once
    /// committed, marks this thread ([`take_committed_write`]): that is how this instance drops
    /// its read caches at once and every other instance within one poll ([`generation`]).
    pub fn write_transaction<T, E, F>(&mut self, body: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E>,
        E: From<diesel::result::Error>,
    {
        type Manager = <DbConnection as Connection>::TransactionManager;
        // Only the outermost transaction takes the lock; nested ones become savepoints.
        let outermost = match self {
            DbConnection::Sqlite(inner) => AnsiTransactionManager::transaction_manager_status_mut(inner)
                .transaction_depth()?
                .is_none(),
            DbConnection::Postgres(inner) => AnsiTransactionManager::transaction_manager_status_mut(inner)
                .transaction_depth()?
                .is_none(),
        };
        match self {
            DbConnection::Sqlite(inner) if outermost => {
                AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?
            }
            _ => Manager::begin_transaction(self)?,
        }
        let outcome = body(self).and_then(|value| {
            if outermost {
                bump_generation(self)?;
            }
            Ok(value)
        });
        match outcome {
            Ok(value) => {
                Manager::commit_transaction(self)?;
                if outermost {
                    COMMITTED_WRITE.with(|flag| flag.set(true));
                }
                Ok(value)
            }
            Err(error) => {
                // The caller's error is what matters; a failed rollback leaves the connection
                // marked broken and r2d2 discards it.
                let _ = Manager::rollback_transaction(self);
                Err(error)
            }
        }
    }
}

thread_local! {
    /// Set when a write transaction commits on this thread; read and cleared by [`take_committed_write`].
    static COMMITTED_WRITE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The migration that stores sequences once and deflates snapshot bodies.
const STORED_ONCE: &str = "20261209000023";

/// After migrations, gives a SQLite file's space back: `VACUUM` when over a quarter of its pages
/// are free, or when `rewritten` (000023 and its compaction rewrite most rows in place, leaving
/// space inside pages that only a `VACUUM` returns). It rewrites the file (time and temporary disk
/// about the database's size), so it runs only right after migrations, before the server serves.
fn reclaim_free_pages(conn: &mut SqliteConnection, rewritten: bool) -> Result<(), String> {
    use diesel::connection::SimpleConnection;
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Pages {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        free: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        total: i64,
    }
    let pages: Pages = diesel::sql_query(
        "SELECT (SELECT freelist_count FROM pragma_freelist_count()) AS free, \
         (SELECT page_count FROM pragma_page_count()) AS total",
    )
    .get_result(conn)
    .map_err(|e| format!("reading the database's free pages: {e}"))?;
    if rewritten || (pages.free * 4 > pages.total && pages.total > 0) {
        tracing::info!(
            free = pages.free,
            total = pages.total,
            "VACUUM after migrations: reclaiming free pages"
        );
        conn.batch_execute("VACUUM")
            .map_err(|e| format!("VACUUM after migrations: {e}"))?;
    }
    Ok(())
}

/// Whether a write transaction committed on this thread since the last call (and clears the mark).
/// [`crate::state::AppState::db`] calls it around each unit of database work, on the thread that
/// ran it, to drop this instance's read caches after a write.
pub fn take_committed_write() -> bool {
    COMMITTED_WRITE.with(|flag| flag.replace(false))
}

fn bump_generation(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    use super::schema::change_generation::dsl::{change_generation, generation};
    diesel::update(change_generation)
        .set(generation.eq(generation + 1))
        .execute(conn)
        .map(|_| ())
}

/// The current value of the change generation: it differs from an earlier reading exactly when
/// some write transaction committed in between (on any instance sharing the database).
pub fn generation(conn: &mut DbConnection) -> diesel::QueryResult<i64> {
    use super::schema::change_generation::dsl::{change_generation, generation};
    change_generation.select(generation).first(conn)
}

/// r2d2 manager that opens connections through [`DatabaseUrl::connect`].
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: DatabaseUrl,
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = ConnectError;

    fn connect(&self) -> Result<DbConnection, ConnectError> {
        self.url.connect()
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), ConnectError> {
        conn.batch_execute("SELECT 1").map_err(|e| ConnectError {
            target: self.url.to_string(),
            message: e.to_string(),
        })
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        std::thread::panicking() || diesel::r2d2::R2D2Connection::is_broken(conn)
    }
}

pub type DbPool = r2d2::Pool<ConnectionManager>;
pub type PooledConnection = r2d2::PooledConnection<ConnectionManager>;

/// Opens the connection pool without connecting: connections are opened on demand, up to
/// `pool_size`, and a request waits at most `connection_timeout` for one (then 503). Callers
/// check that the database answers first ([`crate::prepare_database`]).
///
/// PostgreSQL connections are tested with `SELECT 1` on checkout (r2d2's default), so a pool
/// outlives a database restart; diesel cannot tell a dead connection otherwise. SQLite connections
/// are files in this process and cannot die, so they skip the test (a query per request saved).
pub fn pool(url: &DatabaseUrl, pool_size: u32, connection_timeout: Duration) -> DbPool {
    r2d2::Pool::builder()
        .max_size(pool_size.max(1))
        .test_on_check_out(matches!(url, DatabaseUrl::Postgres { .. }))
        .min_idle(Some(0))
        .connection_timeout(connection_timeout)
        .build_unchecked(ConnectionManager { url: url.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_supported_schemes() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://bioreg.db").unwrap(),
            DatabaseUrl::Sqlite {
                path: "bioreg.db".into()
            }
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/bioreg/db.sqlite").unwrap(),
            DatabaseUrl::Sqlite {
                path: "/var/lib/bioreg/db.sqlite".into()
            }
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:x.db").unwrap(),
            DatabaseUrl::Sqlite { path: "x.db".into() }
        );
        assert_eq!(
            DatabaseUrl::parse("postgresql://u@h:5432/db").unwrap().backend(),
            Backend::Postgres
        );
        assert_eq!(
            DatabaseUrl::parse("postgres://u@h/db").unwrap().backend(),
            Backend::Postgres
        );
    }

    #[test]
    fn refuses_unknown_schemes_with_the_scheme_named() {
        let err = DatabaseUrl::parse("mysql://root@localhost/x").unwrap_err();
        assert!(err.contains("`mysql`"), "{err}");
        assert!(DatabaseUrl::parse("sqlite://").is_err());
        assert!(DatabaseUrl::parse("bioreg.db").is_err());
    }

    #[test]
    fn masks_passwords_when_displayed() {
        let url = DatabaseUrl::parse("postgres://bioreg:secret@db:5432/bioreg").unwrap();
        let shown = url.to_string();
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("***"), "{shown}");
    }

    #[test]
    fn sqlite_connections_use_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let url = DatabaseUrl::parse(&format!("sqlite://{}", path.display())).unwrap();
        let mut conn = url.connect().unwrap();
        #[derive(diesel::QueryableByName)]
        struct Mode {
            #[diesel(sql_type = diesel::sql_types::Text)]
            journal_mode: String,
        }
        #[derive(diesel::QueryableByName)]
        struct Fk {
            #[diesel(sql_type = diesel::sql_types::Integer)]
            foreign_keys: i32,
        }
        use diesel::RunQueryDsl;
        let mode: Mode = diesel::sql_query("PRAGMA journal_mode").get_result(&mut conn).unwrap();
        let fk: Fk = diesel::sql_query("PRAGMA foreign_keys").get_result(&mut conn).unwrap();
        assert_eq!(mode.journal_mode, "wal");
        assert_eq!(fk.foreign_keys, 1);
    }
}
