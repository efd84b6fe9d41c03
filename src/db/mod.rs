//! The storage floor: connections and pool for both backends, the portable schema, row types and
//! the queries over them. Knows nothing of HTTP.

/// `$source.filter($column = the one value) <tail>` when `$values` holds one value, else
/// `$source.filter($column IN values) <tail>`. SQLite prepares an `IN (?, …)` statement anew on
/// every call (its length varies), while `= ?` is prepared once per connection and cached, so
/// reading one record (the common case) skips a parse per child query.
macro_rules! where_in {
    ($source:expr, $column:expr, $values:expr, $($tail:tt)*) => {
        match $values {
            [one] => $source.filter($column.eq(one.clone()))$($tail)*,
            many => $source.filter($column.eq_any(many))$($tail)*,
        }
    };
}

/// How many times its stored length a record's provenance may take once read: it is stored with
/// the fields sharing an assertion grouped (`domain::provenance::store`) and read with a copy of the
/// assertion per field, so at most once per field. Records have fewer fields than this
/// (`domain::provenance` tests check it); list pages count provenance at this rate.
pub const PROVENANCE_EXPANSION: i64 = 40;

pub mod accounts;
pub mod audit;
pub mod compact;
pub mod connection;
pub mod curation;
pub mod drive;
pub mod explain;
pub mod imports;
pub mod parts;
pub mod schema;
pub mod search;
pub mod sequences;
pub mod sessions;
pub mod strains;
pub mod text;
pub mod types;

pub use connection::{
    generation, pool, take_committed_write, Backend, DatabaseUrl, DbConnection, DbPool, PooledConnection,
};

diesel::define_sql_function! {
    /// SQL `lower(text)`, the same on both backends.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

diesel::define_sql_function! {
    /// SQL `octet_length(text)`: the bytes a stored value holds, without reading the value. SQLite
    /// (3.43 and later) answers it for a column from the record header, without loading overflow
    /// pages; PostgreSQL from the value's TOAST header, without decompressing it. Lists use it to
    /// choose how many rows one page can hold before they read any.
    fn octet_length(x: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Integer>;
}

diesel::define_sql_function! {
    /// [`octet_length`] of a binary value (stored residues).
    #[sql_name = "octet_length"]
    fn octet_length_binary(x: diesel::sql_types::Binary) -> diesel::sql_types::Integer;
}

/// The backend of [`DbConnection`] (SQLite or PostgreSQL, chosen at run time).
pub type Db = <DbConnection as diesel::Connection>::Backend;

/// The current time as stored: naive UTC, truncated to microseconds (what both backends keep).
pub fn now() -> chrono::NaiveDateTime {
    use chrono::{DurationRound, TimeDelta};
    let now = chrono::Utc::now().naive_utc();
    now.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(now)
}

/// Lets the query planner see the library as it is now, at start: SQLite's
/// `PRAGMA optimize = 0x10002` runs `ANALYZE` (bounded by the connection's `analysis_limit`) on
/// every table whose statistics are missing or stale, so the planner knows a role matches a sixth
/// of the parts and a list of candidate ids a few (the per-value samples of STAT4, which the
/// bundled SQLite has). On PostgreSQL, every table changed by more than 50 rows + 10 % since its
/// last `ANALYZE` (autovacuum's own threshold) is analysed: a server must not depend on autovacuum
/// being on, or having come round since a bulk import (without statistics, an unfiltered part list
/// took 110 ms instead of 6 at 50,000 parts: the planner expected 371 rows and sorted them all).
/// `ANALYZE` reads a sample of 300 × `default_statistics_target` rows, so a table costs about the
/// same whatever its size.
pub fn refresh_statistics(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    refresh_statistics_after(conn, &[], 0)
}

/// [`refresh_statistics`] after a write of `changed` rows to `tables` (an import): on PostgreSQL
/// they count on top of the changes the statistics views have seen, which reach them up to a
/// second after the writing transaction.
pub fn refresh_statistics_after(conn: &mut DbConnection, tables: &[&str], changed: i64) -> diesel::QueryResult<()> {
    use diesel::connection::SimpleConnection;
    use diesel::sql_types::{Array, BigInt, Text};
    use diesel::RunQueryDsl;
    match conn {
        DbConnection::Sqlite(sqlite) => sqlite.batch_execute("PRAGMA optimize = 0x10002"),
        DbConnection::Postgres(pg) => {
            #[derive(diesel::QueryableByName)]
            struct Stale {
                #[diesel(sql_type = Text)]
                name: String,
            }
            let stale: Vec<Stale> = diesel::sql_query(
                "SELECT quote_ident(schemaname) || '.' || quote_ident(relname) AS name \
                 FROM pg_stat_user_tables \
                 WHERE n_mod_since_analyze + CASE WHEN relname = ANY($1) THEN $2 ELSE 0 END \
                       > 50 + 0.1 * n_live_tup",
            )
            .bind::<Array<Text>, _>(tables.iter().map(|t| t.to_string()).collect::<Vec<_>>())
            .bind::<BigInt, _>(changed)
            .load(pg)?;
            for table in stale {
                pg.batch_execute(&format!("ANALYZE {}", table.name))?;
            }
            Ok(())
        }
    }
}

/// Serialises a job across instances sharing one database, until the surrounding transaction
/// ends: a transaction-scoped advisory lock on PostgreSQL; on SQLite write transactions already
/// hold the database's write lock from their start.
pub fn lock_for_transaction(conn: &mut DbConnection, key: i64) -> diesel::QueryResult<()> {
    use diesel::RunQueryDsl;
    if let DbConnection::Postgres(pg) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(key)
            .execute(pg)?;
    }
    Ok(())
}

/// Locks one row of `table` (`parts` or `strains`) until the transaction ends, so that concurrent
/// writers of one record run one after the other and each sees the others' revisions (PostgreSQL
/// `SELECT … FOR UPDATE`). Returns whether it locked; on SQLite, where a write transaction holds
/// the database's one write lock from its start (`BEGIN IMMEDIATE`), there is nothing to do.
pub fn lock_row(conn: &mut DbConnection, table: LockedTable, id: uuid::Uuid) -> diesel::QueryResult<bool> {
    use diesel::RunQueryDsl;
    match conn {
        DbConnection::Postgres(pg) => {
            let table = match table {
                LockedTable::Parts => "parts",
                LockedTable::Strains => "strains",
            };
            diesel::sql_query(format!("SELECT 1 FROM {table} WHERE id = $1 FOR UPDATE"))
                .bind::<diesel::sql_types::Uuid, _>(id)
                .execute(pg)?;
            Ok(true)
        }
        DbConnection::Sqlite(_) => Ok(false),
    }
}

/// [`lock_row`] for many rows at once (a batch of curation decisions): one statement on
/// PostgreSQL, nothing on SQLite.
pub fn lock_rows(conn: &mut DbConnection, table: LockedTable, ids: &[uuid::Uuid]) -> diesel::QueryResult<bool> {
    use diesel::RunQueryDsl;
    match conn {
        DbConnection::Postgres(pg) => {
            let table = match table {
                LockedTable::Parts => "parts",
                LockedTable::Strains => "strains",
            };
            if !ids.is_empty() {
                diesel::sql_query(format!("SELECT 1 FROM {table} WHERE id = ANY($1) FOR UPDATE"))
                    .bind::<diesel::sql_types::Array<diesel::sql_types::Uuid>, _>(ids)
                    .execute(pg)?;
            }
            Ok(true)
        }
        DbConnection::Sqlite(_) => Ok(false),
    }
}

/// The tables whose rows [`lock_row`] locks.
#[derive(Debug, Clone, Copy)]
pub enum LockedTable {
    Parts,
    Strains,
}
