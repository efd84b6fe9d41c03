//! Owns the one-off compaction that follows migration 000023: the migration moves existing data
//! into the storage layout of issue 22 in SQL, but SQL can neither pack residues 2 bits a base nor
//! deflate snapshot bodies, so the rows it migrated are still letters and JSON text. This pass
//! rewrites them in the form bioreg writes (`db::sequences::codec`, `db::audit::pack_body`).
//!
//! It runs from `DbConnection::run_migrations` while the one row of `storage_compaction` (made by
//! 000023) says it is pending, in transactions of at most 500 rows and 16 MiB of values, so it
//! resumes where a crash stopped it; the row is deleted when everything is done. Cost: one pass
//! over `sequences` by id and one over each record kind's revisions by primary key, O(total
//! bytes) time, memory bounded by the batch. Rewriting a row to the same content twice (two
//! instances starting together) is harmless.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use super::schema::{record_revisions, sequences};
use super::sequences::{codec, letters};
use super::{octet_length, octet_length_binary, DbConnection};

/// Rows a batch reads at most.
const BATCH_ROWS: i64 = 500;
/// Bytes of values a batch reads at most (one larger value makes a batch of its own).
const BATCH_BYTES: i64 = 16 << 20;

/// What a pass rewrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Compacted {
    pub sequences: usize,
    pub revisions: usize,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Whether a compaction is pending (false when the table does not exist: before 000023).
fn pending(conn: &mut DbConnection) -> bool {
    diesel::sql_query("SELECT count(*) AS n FROM storage_compaction")
        .get_result::<Count>(conn)
        .is_ok_and(|c| c.n > 0)
}

/// The longest prefix of `lengths` within [`BATCH_BYTES`] (at least one).
fn within_budget(lengths: impl IntoIterator<Item = i64>) -> usize {
    let mut total = 0;
    let mut taken = 0;
    for length in lengths {
        if taken > 0 && total + length > BATCH_BYTES {
            break;
        }
        total += length;
        taken += 1;
    }
    taken
}

/// Runs the pending compaction, if any, to its end.
pub fn run(conn: &mut DbConnection) -> QueryResult<Compacted> {
    let mut done = Compacted::default();
    if !pending(conn) {
        return Ok(done);
    }
    done.sequences = pack_sequences(conn)?;
    for kind in ["part", "strain"] {
        done.revisions += deflate_revisions(conn, kind)?;
    }
    conn.batch_execute("DELETE FROM storage_compaction")?;
    Ok(done)
}

fn pack_sequences(conn: &mut DbConnection) -> QueryResult<usize> {
    let mut after = 0;
    let mut rewritten = 0;
    loop {
        let keys: Vec<(i64, i32)> = sequences::table
            .filter(sequences::id.gt(after))
            .order(sequences::id)
            .select((sequences::id, octet_length_binary(sequences::residues)))
            .limit(BATCH_ROWS)
            .load(conn)?;
        if keys.is_empty() {
            return Ok(rewritten);
        }
        let taken = within_budget(keys.iter().map(|(_, l)| i64::from(*l)));
        let last = keys[taken - 1].0;
        rewritten += conn.transaction(|conn| {
            let rows: Vec<(i64, Vec<u8>)> = sequences::table
                .filter(sequences::id.gt(after).and(sequences::id.le(last)))
                .select((sequences::id, sequences::residues))
                .load(conn)?;
            let mut n = 0;
            for (id, stored) in rows {
                let packed = codec::pack(&letters(&stored)?);
                if packed != stored {
                    diesel::update(sequences::table.find(id))
                        .set(sequences::residues.eq(packed))
                        .execute(conn)?;
                    n += 1;
                }
            }
            QueryResult::Ok(n)
        })?;
        after = last;
    }
}

fn deflate_revisions(conn: &mut DbConnection, kind: &str) -> QueryResult<usize> {
    let (lift, restore) = super::audit::append_only_lift(conn);
    let mut from = String::new();
    let mut rewritten = 0;
    loop {
        // Rows still stored as text, in primary-key order from the last record reached; rows
        // already rewritten leave the filter, so a record cut by the batch resumes where it was.
        let keys: Vec<(String, i32, Option<i32>)> = record_revisions::table
            .filter(record_revisions::record_kind.eq(kind))
            .filter(record_revisions::record_id.ge(&from))
            .filter(record_revisions::body.is_null())
            .order((record_revisions::record_id, record_revisions::revision))
            .select((
                record_revisions::record_id,
                record_revisions::revision,
                octet_length(record_revisions::snapshot.nullable()),
            ))
            .limit(BATCH_ROWS)
            .load(conn)?;
        if keys.is_empty() {
            return Ok(rewritten);
        }
        let taken = within_budget(keys.iter().map(|(_, _, l)| i64::from(l.unwrap_or(0))));
        let keys = &keys[..taken];
        rewritten += conn.transaction(|conn| {
            conn.batch_execute(lift)?;
            for (id, revision, _) in keys {
                let row: (String, Option<i64>) = record_revisions::table
                    .find((kind, id, revision))
                    .select((record_revisions::snapshot, record_revisions::bytes))
                    .first(conn)?;
                let (snapshot, bytes) = row;
                diesel::update(record_revisions::table.find((kind, id, revision)))
                    .set((
                        record_revisions::body.eq(Some(super::audit::pack_body(&snapshot))),
                        record_revisions::bytes.eq(Some(bytes.unwrap_or(snapshot.len() as i64))),
                        record_revisions::snapshot.eq(""),
                    ))
                    .execute(conn)?;
            }
            conn.batch_execute(restore)?;
            QueryResult::Ok(keys.len())
        })?;
        from = keys[taken - 1].0.clone();
    }
}
