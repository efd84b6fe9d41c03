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
    /// [`codec::pack`]ed.
    residues: Vec<u8>,
}

/// Stored residues as letters; damage is a deserialisation error.
pub(crate) fn letters(stored: &[u8]) -> QueryResult<String> {
    codec::unpack(stored).map_err(|e| diesel::result::Error::DeserializationError(e.into()))
}

/// The stored rows whose seqhash is among `hashes`: seqhash → `(residues, id)` of each of its rows.
type Stored = HashMap<String, Vec<(String, SequenceId)>>;

fn stored(conn: &mut DbConnection, hashes: &[&str], found: &mut Stored) -> QueryResult<()> {
    for chunk in hashes.chunks(500) {
        let rows: Vec<(SequenceId, String, Vec<u8>)> = where_in!(
            sequences::table,
            sequences::seqhash,
            chunk,
            .select((sequences::id, sequences::seqhash, sequences::residues))
            .order(sequences::id)
            .load(conn)
        )?;
        for (id, seqhash, stored) in rows {
            let residues = letters(&stored)?;
            let rows = found.entry(seqhash).or_default();
            // Oldest first: should a concurrent writer have stored a sequence twice, its first row wins.
            if !rows.iter().any(|(r, _)| *r == residues) {
                rows.push((residues, id));
            }
        }
    }
    Ok(())
}

fn lookup(found: &Stored, seqhash: &str, residues: &str) -> Option<SequenceId> {
    found
        .get(seqhash)?
        .iter()
        .find(|(r, _)| r == residues)
        .map(|(_, id)| *id)
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
    let mut found = Stored::new();
    stored(conn, &hashes, &mut found)?;
    let mut missing: Vec<NewSequence> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (seqhash, residues) in items {
        if lookup(&found, seqhash, residues).is_none() && seen.insert((*seqhash, *residues)) {
            missing.push(NewSequence {
                seqhash,
                residues: codec::pack(residues),
            });
        }
    }
    if !missing.is_empty() {
        bulk_insert!(conn, sequences::table, missing, 200);
        let mut new_hashes: Vec<&str> = missing.iter().map(|s| s.seqhash).collect();
        new_hashes.sort_unstable();
        new_hashes.dedup();
        for hash in &new_hashes {
            found.remove(*hash);
        }
        stored(conn, &new_hashes, &mut found)?;
    }
    items
        .iter()
        .map(|(seqhash, residues)| lookup(&found, seqhash, residues).ok_or(diesel::result::Error::NotFound))
        .collect()
}

/// The id of one sequence, storing it if it is new.
pub fn intern(conn: &mut DbConnection, seqhash: &str, residues: &str) -> QueryResult<SequenceId> {
    let ids = intern_many(conn, &[(seqhash, residues)])?;
    Ok(ids[0])
}

/// The residues of one stored sequence.
pub fn residues(conn: &mut DbConnection, id: SequenceId) -> QueryResult<String> {
    let stored: Vec<u8> = sequences::table.find(id).select(sequences::residues).first(conn)?;
    letters(&stored)
}

/// The stored form of residues: 2 bits a base for nucleotide sequences, the letters as they are
/// otherwise.
///
/// - **Packed** (first byte 1): a varint length `n`, a flags byte (bit 0: code 3 is `U`, not
///   `T`), `⌈n/4⌉` bytes of 2-bit codes (A=0, C=1, G=2, T/U=3; base `i` in bits `2(i mod 4)` of
///   byte `i/4`), then the exceptions: a varint count of runs, and per run a varint gap from the
///   previous run's end, a varint length and the letter (IUPAC codes such as N or R, the other of
///   T/U). A base costs 0.25 bytes; a run of one letter 3 bytes or so.
/// - **Raw**: the letters themselves (proteins, and sequences with more exception runs than one in
///   32 bases, where packing would not pay). Raw residues never start with byte 1 (letters are
///   printable ASCII), so the first byte tells the forms apart; rows migrated from the text
///   column are raw.
///
/// Packing and unpacking are O(n) time; unpacking allocates the `n` letters once.
pub mod codec {
    const PACKED: u8 = 1;

    fn code(letter: u8, u: bool) -> Option<u8> {
        match letter {
            b'A' => Some(0),
            b'C' => Some(1),
            b'G' => Some(2),
            b'T' if !u => Some(3),
            b'U' if u => Some(3),
            _ => None,
        }
    }

    fn put_varint(out: &mut Vec<u8>, mut value: u64) {
        while value >= 0x80 {
            out.push((value as u8) | 0x80);
            value >>= 7;
        }
        out.push(value as u8);
    }

    fn get_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *bytes.get(*at)?;
            *at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// The stored form of `residues`.
    pub fn pack(residues: &str) -> Vec<u8> {
        let letters = residues.as_bytes();
        let u = letters.iter().filter(|&&b| b == b'U').count() > letters.iter().filter(|&&b| b == b'T').count();
        // Exception runs: (start, length, letter).
        let mut runs: Vec<(usize, usize, u8)> = Vec::new();
        for (i, &letter) in letters.iter().enumerate() {
            if code(letter, u).is_none() {
                match runs.last_mut() {
                    Some((start, length, l)) if *l == letter && *start + *length == i => *length += 1,
                    _ => runs.push((i, 1, letter)),
                }
            }
        }
        // (A raw form must not start with the packed marker; letters never are byte 1 anyway.)
        if letters.is_empty() || (runs.len() * 32 > letters.len() && letters[0] != PACKED) {
            return letters.to_vec();
        }
        let mut out = Vec::with_capacity(letters.len() / 4 + 16 + runs.len() * 4);
        out.push(PACKED);
        put_varint(&mut out, letters.len() as u64);
        out.push(u8::from(u));
        let codes_at = out.len();
        out.resize(codes_at + letters.len().div_ceil(4), 0);
        for (i, &letter) in letters.iter().enumerate() {
            out[codes_at + i / 4] |= code(letter, u).unwrap_or(0) << (2 * (i % 4));
        }
        put_varint(&mut out, runs.len() as u64);
        let mut end = 0;
        for (start, length, letter) in runs {
            put_varint(&mut out, (start - end) as u64);
            put_varint(&mut out, length as u64);
            out.push(letter);
            end = start + length;
        }
        out
    }

    /// The residues of a stored form; an error names what is damaged.
    pub fn unpack(stored: &[u8]) -> Result<String, String> {
        if stored.first() != Some(&PACKED) {
            return String::from_utf8(stored.to_vec()).map_err(|_| "stored residues that are not UTF-8".to_string());
        }
        let damaged = || "damaged packed residues".to_string();
        let mut at = 1;
        let n = usize::try_from(get_varint(stored, &mut at).ok_or_else(damaged)?).map_err(|_| damaged())?;
        let u = *stored.get(at).ok_or_else(damaged)? & 1 == 1;
        at += 1;
        let codes = stored.get(at..at + n.div_ceil(4)).ok_or_else(damaged)?;
        at += codes.len();
        let alphabet = if u { *b"ACGU" } else { *b"ACGT" };
        let mut letters: Vec<u8> = (0..n)
            .map(|i| alphabet[usize::from((codes[i / 4] >> (2 * (i % 4))) & 3)])
            .collect();
        let runs = get_varint(stored, &mut at).ok_or_else(damaged)?;
        let mut end = 0usize;
        for _ in 0..runs {
            let gap = get_varint(stored, &mut at).ok_or_else(damaged)? as usize;
            let length = get_varint(stored, &mut at).ok_or_else(damaged)? as usize;
            let letter = *stored.get(at).ok_or_else(damaged)?;
            at += 1;
            let start = end.checked_add(gap).ok_or_else(damaged)?;
            end = start.checked_add(length).filter(|&e| e <= n).ok_or_else(damaged)?;
            letters[start..end].fill(letter);
        }
        if at != stored.len() {
            return Err(damaged());
        }
        String::from_utf8(letters).map_err(|_| damaged())
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn every_kind_of_sequence_reads_back_as_written() {
            let random: String = (0..10_001u64)
                .map(|i| b"ACGT"[((i * 2_654_435_761) >> 7) as usize % 4] as char)
                .collect();
            let cases = [
                "A".to_string(),
                "ACGT".to_string(),
                "ACGTA".to_string(),
                random.clone(),
                random.replace('T', "U"),
                format!("NNNN{}RRY{}N", &random[..500], &random[500..900]),
                format!("{}ACGU", &random[..100]),
                "MSKGEELFTGVVPILVELDGDVNGHKFSVSGEGEGDATYGK*".to_string(),
                "ACGTNRGT".to_string(),
                String::new(),
            ];
            for residues in cases {
                let stored = pack(&residues);
                assert_eq!(
                    unpack(&stored).unwrap(),
                    residues,
                    "{}",
                    &residues[..residues.len().min(40)]
                );
            }
            // 2 bits a base for plain DNA and RNA; proteins stay as they are.
            assert!(pack(&random).len() < random.len() / 4 + 8);
            assert!(pack(&random.replace('T', "U")).len() < random.len() / 4 + 8);
            assert_eq!(pack("MSKGEELFTG*"), b"MSKGEELFTG*");
        }

        #[test]
        fn damaged_packed_residues_are_an_error() {
            let stored = pack(&format!("{}NN{}", "ACGT".repeat(100), "ACGT".repeat(20)));
            assert_eq!(stored[0], 1, "packed");
            for cut in [1, 2, 5, stored.len() - 1] {
                assert!(unpack(&stored[..cut]).is_err(), "cut at {cut}");
            }
            let mut longer = stored.clone();
            longer.push(0);
            assert!(unpack(&longer).is_err());
            assert!(unpack(&[1, 0xff]).is_err());
        }
    }
}
