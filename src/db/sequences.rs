//! Owns the `sequences` table: every distinct residue string the registry holds, stored once and
//! found by its canonical hash (seqhash). A part names its current sequence and a part revision
//! the sequence it had, by id (migration 000023); twins and the revisions of a part whose sequence
//! never changed share one row. Rows are inserted, never updated or deleted.
//!
//! A seqhash is shared by a sequence, its reverse complement and (circular) its rotations, so a
//! look-up by seqhash returns a few rows at most, and the residues decide which one is meant.
//! Interning `n` sequences costs one indexed look-up per 500 distinct hashes, plus one bulk insert
//! and a second look-up when some are new; memory is the residues of the batch and of the rows that
//! share their hashes.

use std::collections::HashMap;

use diesel::prelude::*;

use super::parts::bulk_insert;
use super::schema::sequences;
use super::DbConnection;

/// The id of a stored sequence.
pub type SequenceId = i64;

#[derive(Insertable)]
#[diesel(table_name = sequences, treat_none_as_default_value = false)]
struct NewSequence<'a> {
    seqhash: &'a str,
    residues: &'a str,
}

/// The stored rows whose seqhash is among `hashes`: `(seqhash, residues) → id`.
fn stored(conn: &mut DbConnection, hashes: &[&str]) -> QueryResult<HashMap<(String, String), SequenceId>> {
    let mut found = HashMap::new();
    for chunk in hashes.chunks(500) {
        let rows: Vec<(SequenceId, String, String)> = where_in!(
            sequences::table,
            sequences::seqhash,
            chunk,
            .select((sequences::id, sequences::seqhash, sequences::residues))
            .load(conn)
        )?;
        for (id, seqhash, residues) in rows {
            // The oldest row wins should a concurrent writer have stored the same sequence twice.
            found
                .entry((seqhash, residues))
                .and_modify(|old: &mut SequenceId| *old = (*old).min(id))
                .or_insert(id);
        }
    }
    Ok(found)
}

/// The ids of `items` (`(seqhash, residues)` each), storing those not stored yet: the ids come in
/// the order of `items`.
pub fn intern_many(conn: &mut DbConnection, items: &[(&str, &str)]) -> QueryResult<Vec<SequenceId>> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let mut hashes: Vec<&str> = items.iter().map(|(seqhash, _)| *seqhash).collect();
    hashes.sort_unstable();
    hashes.dedup();
    let mut found = stored(conn, &hashes)?;
    let mut missing: Vec<NewSequence> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (seqhash, residues) in items {
        if !found.contains_key(&(seqhash.to_string(), residues.to_string())) && seen.insert((*seqhash, *residues)) {
            missing.push(NewSequence { seqhash, residues });
        }
    }
    if !missing.is_empty() {
        bulk_insert!(conn, sequences::table, missing, 200);
        let mut new_hashes: Vec<&str> = missing.iter().map(|s| s.seqhash).collect();
        new_hashes.sort_unstable();
        new_hashes.dedup();
        found.extend(stored(conn, &new_hashes)?);
    }
    items
        .iter()
        .map(|(seqhash, residues)| {
            found
                .get(&(seqhash.to_string(), residues.to_string()))
                .copied()
                .ok_or(diesel::result::Error::NotFound)
        })
        .collect()
}

/// The id of one sequence, storing it if it is new.
pub fn intern(conn: &mut DbConnection, seqhash: &str, residues: &str) -> QueryResult<SequenceId> {
    let ids = intern_many(conn, &[(seqhash, residues)])?;
    Ok(ids[0])
}

/// The residues of one stored sequence.
pub fn residues(conn: &mut DbConnection, id: SequenceId) -> QueryResult<String> {
    sequences::table
        .find(id)
        .select(sequences::residues)
        .first(conn)
}
