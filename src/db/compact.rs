//! Owns the rewrites between the two stored forms of migration 000023's data. The migration moves
//! existing data into the storage layout of issue 22 in SQL, but SQL can neither pack residues 2
//! bits a base nor deflate snapshot bodies, so the rows it migrated are still letters and JSON
//! text: [`run`] rewrites them in the forms bioreg writes (`db::sequences::codec`,
//! `db::audit::pack_body`). Before 000023 is reverted, [`expand`] does the opposite, since its
//! `down.sql` cannot read packed residues or deflated bodies either.
//!
//! [`run`] is called by `DbConnection::run_migrations` while the one row of `storage_compaction`
//! (made by 000023) says it is pending, and deletes it when everything is done. Both passes work
//! in transactions of at most 500 rows and 16 MiB of values (one larger value makes a batch of
//! its own), so they resume where a crash stopped them: one pass over `sequences` by id and one
//! over each record kind's revisions by primary key, O(total bytes) time, memory bounded by the
//! batch. Rewriting a row to the same content twice (two instances starting together) is
//! harmless.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use super::schema::{record_revisions, sequences};
use super::sequences::{codec, letters};
use super::{octet_length, octet_length_binary, DbConnection};

/// Rows a batch reads at most.
const BATCH_ROWS: i64 = 500;
/// Bytes of values a batch reads at most.
const BATCH_BYTES: i64 = 16 << 20;

/// What a pass rewrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Compacted {
    pub sequences: usize,
    pub revisions: usize,
}

/// Which way a pass rewrites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// Letters to packed residues, JSON text to deflated bodies.
    Compact,
    /// Back to letters and JSON text.
    Expand,
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
    if !pending(conn) {
        return Ok(Compacted::default());
    }
    let done = rewrite(conn, Direction::Compact)?;
    conn.batch_execute("DELETE FROM storage_compaction")?;
    Ok(done)
}

/// Every packed sequence back to letters and every deflated body back to JSON text (before
/// migration 000023 is reverted).
pub fn expand(conn: &mut DbConnection) -> QueryResult<Compacted> {
    rewrite(conn, Direction::Expand)
}

fn rewrite(conn: &mut DbConnection, direction: Direction) -> QueryResult<Compacted> {
    let mut done = Compacted {
        sequences: rewrite_sequences(conn, direction)?,
        revisions: 0,
    };
    for kind in ["part", "strain"] {
        done.revisions += rewrite_revisions(conn, kind, direction)?;
    }
    Ok(done)
}

fn rewrite_sequences(conn: &mut DbConnection, direction: Direction) -> QueryResult<usize> {
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
                let residues = letters(&stored)?;
                let wanted = match direction {
                    Direction::Compact => codec::pack(&residues),
                    Direction::Expand => residues.into_bytes(),
                };
                if wanted != stored {
                    diesel::update(sequences::table.find(id))
                        .set(sequences::residues.eq(wanted))
                        .execute(conn)?;
                    n += 1;
                }
            }
            QueryResult::Ok(n)
        })?;
        after = last;
    }
}

/// The statements that lift the trigger refusing updates of revisions, and restore it; only
/// these rewrites use them, inside their transaction.
fn append_only_lift(conn: &DbConnection) -> (&'static str, &'static str) {
    match conn {
        DbConnection::Sqlite(_) => (
            "DROP TRIGGER record_revisions_no_update",
            "CREATE TRIGGER record_revisions_no_update BEFORE UPDATE ON record_revisions \
             BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END",
        ),
        DbConnection::Postgres(_) => (
            "ALTER TABLE record_revisions DISABLE TRIGGER record_revisions_append_only",
            "ALTER TABLE record_revisions ENABLE TRIGGER record_revisions_append_only",
        ),
    }
}

fn rewrite_revisions(conn: &mut DbConnection, kind: &str, direction: Direction) -> QueryResult<usize> {
    let (lift, restore) = append_only_lift(conn);
    let mut from = String::new();
    let mut rewritten = 0;
    loop {
        // Rows still in the other form, in primary-key order from the last record reached; rows
        // already rewritten leave the filter, so a record cut by the batch resumes where it was.
        let mut query = record_revisions::table
            .filter(record_revisions::record_kind.eq(kind))
            .filter(record_revisions::record_id.ge(&from))
            .into_boxed();
        query = match direction {
            Direction::Compact => query.filter(record_revisions::body.is_null()),
            Direction::Expand => query.filter(record_revisions::body.is_not_null()),
        };
        // A snapshot's presented length (`bytes`) bounds both its text and its inflated body.
        let keys: Vec<(String, i32, Option<i64>, Option<i32>)> = query
            .order((record_revisions::record_id, record_revisions::revision))
            .select((
                record_revisions::record_id,
                record_revisions::revision,
                record_revisions::bytes,
                octet_length(record_revisions::snapshot.nullable()),
            ))
            .limit(BATCH_ROWS)
            .load(conn)?;
        if keys.is_empty() {
            return Ok(rewritten);
        }
        let taken = within_budget(
            keys.iter()
                .map(|(_, _, bytes, text)| bytes.unwrap_or(i64::from(text.unwrap_or(0)))),
        );
        let keys = &keys[..taken];
        conn.transaction(|conn| {
            conn.batch_execute(lift)?;
            for (id, revision, _, _) in keys {
                let row: super::audit::RevisionRow = record_revisions::table
                    .find((kind, id, revision))
                    .select(super::audit::RevisionRow::as_select())
                    .first(conn)?;
                let target = record_revisions::table.find((kind, id, revision));
                match direction {
                    Direction::Compact => diesel::update(target)
                        .set((
                            record_revisions::body.eq(Some(super::audit::pack_body(&row.snapshot))),
                            record_revisions::bytes.eq(Some(row.bytes.unwrap_or(row.snapshot.len() as i64))),
                            record_revisions::snapshot.eq(""),
                        ))
                        .execute(conn)?,
                    Direction::Expand => {
                        let text = row
                            .snapshot_text()
                            .map_err(|e| diesel::result::Error::DeserializationError(e.into()))?;
                        diesel::update(target)
                            .set((
                                record_revisions::snapshot.eq(text),
                                record_revisions::body.eq(None::<Vec<u8>>),
                            ))
                            .execute(conn)?
                    }
                };
            }
            conn.batch_execute(restore)
        })?;
        rewritten += taken;
        from = keys[taken - 1].0.clone();
    }
}
