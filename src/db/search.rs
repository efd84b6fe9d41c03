//! Rows and queries behind sequence search: the `sequence_changes` feed and the searchable
//! parts (live DNA and RNA parts with their sequences).

use diesel::prelude::*;

use super::schema::{parts, registry_identity, sequence_changes, sequences};
use super::types::PartId;
use super::DbConnection;

/// Appends a change of `part` to the feed; call inside the write transaction that changes it.
/// On PostgreSQL a transaction-scoped advisory lock makes feed ids commit in the order they are
/// taken, so a follower reading `id > last` never skips a row that commits later.
pub fn record_change(conn: &mut DbConnection, part: PartId) -> QueryResult<()> {
    if let DbConnection::Postgres(pg) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock(7272746561726368)").execute(pg)?;
    }
    diesel::insert_into(sequence_changes::table)
        .values((
            sequence_changes::part_id.eq(part),
            sequence_changes::changed_at.eq(super::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// [`record_change`] for many parts, in one transaction: the lock once (PostgreSQL), then the
/// rows, 500 a statement (diesel's multi-row `values` needs the concrete connection, hence the
/// fork).
pub fn record_changes(conn: &mut DbConnection, parts: &[PartId]) -> QueryResult<()> {
    if parts.is_empty() {
        return Ok(());
    }
    let at = super::now();
    match conn {
        DbConnection::Postgres(pg) => {
            diesel::sql_query("SELECT pg_advisory_xact_lock(7272746561726368)").execute(pg)?;
            for chunk in parts.chunks(500) {
                let rows: Vec<_> = chunk
                    .iter()
                    .map(|part| (sequence_changes::part_id.eq(*part), sequence_changes::changed_at.eq(at)))
                    .collect();
                diesel::insert_into(sequence_changes::table).values(rows).execute(pg)?;
            }
        }
        DbConnection::Sqlite(sqlite) => {
            for chunk in parts.chunks(500) {
                let rows: Vec<_> = chunk
                    .iter()
                    .map(|part| (sequence_changes::part_id.eq(*part), sequence_changes::changed_at.eq(at)))
                    .collect();
                diesel::insert_into(sequence_changes::table)
                    .values(rows)
                    .execute(sqlite)?;
            }
        }
    }
    Ok(())
}

/// The newest feed id (0 when the feed is empty).
pub fn last_change(conn: &mut DbConnection) -> QueryResult<i64> {
    sequence_changes::table
        .select(diesel::dsl::max(sequence_changes::id))
        .first::<Option<i64>>(conn)
        .map(|id| id.unwrap_or(0))
}

/// The part and time of feed row `id`, if there is such a row.
pub fn change(conn: &mut DbConnection, id: i64) -> QueryResult<Option<(PartId, chrono::NaiveDateTime)>> {
    sequence_changes::table
        .find(id)
        .select((sequence_changes::part_id, sequence_changes::changed_at))
        .first(conn)
        .optional()
}

/// This database's identity (made once by migration 000022).
pub fn identity(conn: &mut DbConnection) -> QueryResult<String> {
    registry_identity::table
        .find(1)
        .select(registry_identity::identity)
        .first(conn)
}

/// Feed rows after `after`, oldest first.
pub fn changes_after(conn: &mut DbConnection, after: i64, limit: i64) -> QueryResult<Vec<(i64, PartId)>> {
    sequence_changes::table
        .filter(sequence_changes::id.gt(after))
        .order(sequence_changes::id.asc())
        .select((sequence_changes::id, sequence_changes::part_id))
        .limit(limit)
        .load(conn)
}

/// What the index needs of a part.
#[derive(Debug, Clone)]
pub struct SearchableRow {
    pub id: PartId,
    pub topology: String,
    pub revision: i32,
    pub published_revision: Option<i32>,
    pub sequence: String,
}

type SearchableColumns = (
    parts::id,
    parts::topology,
    parts::revision,
    parts::published_revision,
    sequences::residues,
);

const SEARCHABLE: SearchableColumns = (
    parts::id,
    parts::topology,
    parts::revision,
    parts::published_revision,
    sequences::residues,
);

type StoredSearchable = (PartId, String, i32, Option<i32>, Vec<u8>);

/// Rows with their residues unpacked (`db::sequences::codec`).
fn unpacked(rows: Vec<StoredSearchable>) -> QueryResult<Vec<SearchableRow>> {
    rows.into_iter()
        .map(|(id, topology, revision, published_revision, stored)| {
            Ok(SearchableRow {
                id,
                topology,
                revision,
                published_revision,
                sequence: super::sequences::letters(&stored)?,
            })
        })
        .collect()
}

/// Searchable parts ordered by id, after `after` (keyset batches for the start-up load).
pub fn searchable_batch(conn: &mut DbConnection, after: Option<PartId>, limit: i64) -> QueryResult<Vec<SearchableRow>> {
    let mut query = parts::table
        .inner_join(sequences::table)
        .filter(parts::withdrawn_at.is_null())
        .filter(parts::molecule_type.eq_any(["dna", "rna"]))
        .select(SEARCHABLE)
        .order(parts::id.asc())
        .limit(limit)
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(parts::id.gt(after));
    }
    unpacked(query.load(conn)?)
}

/// The searchable parts among `ids` (withdrawn, protein and missing ones are left out).
pub fn searchable(conn: &mut DbConnection, ids: &[PartId]) -> QueryResult<Vec<SearchableRow>> {
    parts::table
        .inner_join(sequences::table)
        .filter(parts::id.eq_any(ids))
        .filter(parts::withdrawn_at.is_null())
        .filter(parts::molecule_type.eq_any(["dna", "rna"]))
        .select(SEARCHABLE)
        .load(conn)
        .and_then(unpacked)
}
