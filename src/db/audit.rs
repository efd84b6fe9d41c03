//! Rows and queries of the append-only audit log and of record revisions. There are inserts and
//! reads here, never updates or deletes (the database refuses them too; only the storage
//! rewrites of migration 000023, `db::compact`, lift that).
//!
//! Snapshot bodies (migration 000023) are stored deflated with a preset dictionary: a part
//! revision's snapshot without its sequence is about 1.6 KB of JSON whose keys and common values
//! repeat in every row; deflate alone halves it, and the dictionary (the keys and usual values of
//! part and strain snapshots, `snapshot-dictionary-v1.txt`) brings it to about 460 bytes.
//! [`pack_body`]/[`unpack_body`] are O(n) in the snapshot's length; the dictionary is fixed
//! forever for format 1 (a new dictionary would be format 2).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{audit_events, record_revisions};
use super::types::{AuditEventId, UserId};
use super::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_events)]
pub struct AuditRow {
    pub id: AuditEventId,
    pub at: NaiveDateTime,
    pub actor_id: Option<UserId>,
    pub actor_name: Option<String>,
    /// e.g. `part.created`, `auth.failed`.
    pub action: String,
    pub record_kind: Option<String>,
    pub record_id: Option<String>,
    pub record_accession: Option<String>,
    pub request_id: Option<String>,
    /// JSON object.
    pub details: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = record_revisions, treat_none_as_default_value = false)]
pub struct RevisionRow {
    pub record_kind: String,
    pub record_id: String,
    pub revision: i32,
    /// The record as shown at that revision (JSON).
    pub snapshot: String,
    pub actor_id: UserId,
    pub at: NaiveDateTime,
    pub comment: Option<String>,
    pub request_id: Option<String>,
    /// A part revision's sequence in `sequences`; the snapshot then has no `sequence` key
    /// (`domain::audit` adds it back).
    pub sequence_id: Option<i64>,
    /// Length of the snapshot as presented (sequence and expanded provenance included); `None`
    /// for rows stored whole before migration 000023, whose length is the snapshot's.
    pub bytes: Option<i64>,
    /// The snapshot deflated ([`pack_body`]); `snapshot` is then empty.
    pub body: Option<Vec<u8>>,
}

impl RevisionRow {
    /// The stored snapshot's JSON text (its body inflated if it has one).
    pub fn snapshot_text(&self) -> Result<String, String> {
        match &self.body {
            Some(body) => unpack_body(body, self.bytes),
            None => Ok(self.snapshot.clone()),
        }
    }
}

/// The preset dictionary of snapshot body format 1. Never edit it: stored bodies need it as it is
/// (a test pins its digest).
const DICTIONARY_V1: &[u8] = include_bytes!("snapshot-dictionary-v1.txt");
/// Format byte of a body deflated (raw deflate) with [`DICTIONARY_V1`].
const FORMAT_DEFLATE_V1: u8 = 1;

/// A snapshot's JSON text as a stored body: a format byte, then the raw deflate stream.
pub fn pack_body(json: &str) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    let mut compress = Compress::new(Compression::default(), false);
    compress
        .set_dictionary(DICTIONARY_V1)
        .expect("a preset dictionary on a fresh stream");
    let mut out = Vec::with_capacity(json.len() / 3 + 64);
    out.push(FORMAT_DEFLATE_V1);
    let input = json.as_bytes();
    loop {
        let consumed = compress.total_in() as usize;
        if out.capacity() - out.len() < 64 {
            out.reserve(out.capacity().max(1024));
        }
        match compress.compress_vec(&input[consumed..], &mut out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => return out,
            Ok(_) => continue,
            Err(error) => unreachable!("deflate into a growing buffer cannot fail: {error}"),
        }
    }
}

/// The JSON text of a stored body; `limit` (the snapshot's presented length, when known) bounds
/// what a damaged body may inflate to.
pub fn unpack_body(body: &[u8], limit: Option<i64>) -> Result<String, String> {
    use flate2::{Decompress, FlushDecompress, Status};
    let (&format, stream) = body.split_first().ok_or("an empty snapshot body")?;
    if format != FORMAT_DEFLATE_V1 {
        return Err(format!("snapshot body format {format} is not known to this bioreg"));
    }
    let limit = limit.map_or(256 << 20, |l| l.max(0) as usize + 1024);
    let mut inflate = Decompress::new(false);
    inflate
        .set_dictionary(DICTIONARY_V1)
        .map_err(|e| format!("snapshot body dictionary: {e}"))?;
    let mut out = Vec::with_capacity(stream.len() * 4);
    loop {
        let consumed = inflate.total_in() as usize;
        if out.capacity() - out.len() < 1024 {
            out.reserve(out.capacity().max(4096));
        }
        let before = (inflate.total_in(), inflate.total_out());
        match inflate.decompress_vec(&stream[consumed..], &mut out, FlushDecompress::Finish) {
            Ok(Status::StreamEnd) => break,
            Ok(_) if (inflate.total_in(), inflate.total_out()) == before => {
                return Err("a truncated snapshot body".into())
            }
            Ok(_) => {}
            Err(error) => return Err(format!("a damaged snapshot body: {error}")),
        }
        if out.len() > limit {
            return Err("a snapshot body larger than its recorded length".into());
        }
    }
    String::from_utf8(out).map_err(|_| "a snapshot body that is not UTF-8".to_string())
}

pub fn insert_event(conn: &mut DbConnection, row: &AuditRow) -> QueryResult<()> {
    diesel::insert_into(audit_events::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Appends many events with multi-row statements: 500 a statement on PostgreSQL (a round trip
/// instead of one each), 100 on SQLite (1,000 bound values). diesel's multi-row `values` needs the
/// concrete connection, hence the fork.
pub fn insert_events(conn: &mut DbConnection, events: &[AuditRow]) -> QueryResult<()> {
    match conn {
        DbConnection::Postgres(pg) => {
            for chunk in events.chunks(500) {
                diesel::insert_into(audit_events::table).values(chunk).execute(pg)?;
            }
        }
        DbConnection::Sqlite(sqlite) => {
            for chunk in events.chunks(100) {
                diesel::insert_into(audit_events::table).values(chunk).execute(sqlite)?;
            }
        }
    }
    Ok(())
}

/// Filters of the audit log.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Record id or accession.
    pub record: Option<String>,
    pub actor_id: Option<UserId>,
    pub action: Option<String>,
    /// At or after (inclusive).
    pub from: Option<NaiveDateTime>,
    /// Strictly after.
    pub after: Option<NaiveDateTime>,
    /// Strictly before.
    pub to: Option<NaiveDateTime>,
}

/// Events oldest first, after `(at, id)` of the previous page.
pub fn list_events(
    conn: &mut DbConnection,
    filter: &AuditFilter,
    after: Option<(NaiveDateTime, AuditEventId)>,
    limit: i64,
) -> QueryResult<Vec<AuditRow>> {
    let mut query = audit_events::table.select(AuditRow::as_select()).into_boxed();
    if let Some(record) = &filter.record {
        query = query.filter(
            audit_events::record_id
                .eq(record.clone())
                .or(audit_events::record_accession.eq(record.clone())),
        );
    }
    if let Some(actor) = filter.actor_id {
        query = query.filter(audit_events::actor_id.eq(actor));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_events::action.eq(action.clone()));
    }
    if let Some(after) = filter.after {
        query = query.filter(audit_events::at.gt(after));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_events::at.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(audit_events::at.lt(to));
    }
    if let Some((at, id)) = after {
        query = query.filter(
            audit_events::at
                .gt(at)
                .or(audit_events::at.eq(at).and(audit_events::id.gt(id))),
        );
    }
    query
        .order((audit_events::at.asc(), audit_events::id.asc()))
        .limit(limit)
        .load(conn)
}

pub fn insert_revision(conn: &mut DbConnection, row: &RevisionRow) -> QueryResult<()> {
    diesel::insert_into(record_revisions::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Stores many revisions at once (an import's bulk path): `COPY` on PostgreSQL, multi-row
/// `INSERT`s on SQLite.
pub fn insert_revisions(conn: &mut DbConnection, rows: &[RevisionRow]) -> QueryResult<()> {
    super::parts::bulk_insert!(conn, record_revisions::table, rows, 500);
    Ok(())
}

/// A revision as listed: everything but its snapshot.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = record_revisions)]
pub struct RevisionSummaryRow {
    pub revision: i32,
    pub actor_id: UserId,
    pub at: NaiveDateTime,
    pub comment: Option<String>,
    pub request_id: Option<String>,
}

/// At most `limit` revisions of a record, without their snapshots, by revision number (newest
/// first when `newest_first`), strictly after `after` in that order, and only those in `only`
/// when given. A range of the primary key `(record_kind, record_id, revision)`.
pub fn revision_summaries(
    conn: &mut DbConnection,
    kind: &str,
    id: &str,
    after: Option<i32>,
    only: Option<&[i32]>,
    newest_first: bool,
    limit: i64,
) -> QueryResult<Vec<RevisionSummaryRow>> {
    let mut query = record_revisions::table
        .filter(record_revisions::record_kind.eq(kind))
        .filter(record_revisions::record_id.eq(id))
        .select(RevisionSummaryRow::as_select())
        .into_boxed();
    if let Some(only) = only {
        query = query.filter(record_revisions::revision.eq_any(only.to_vec()));
    }
    query = match (after, newest_first) {
        (Some(after), false) => query.filter(record_revisions::revision.gt(after)),
        (Some(after), true) => query.filter(record_revisions::revision.lt(after)),
        (None, _) => query,
    };
    query = if newest_first {
        query.order(record_revisions::revision.desc())
    } else {
        query.order(record_revisions::revision.asc())
    };
    query.limit(limit).load(conn)
}

/// The bytes of one snapshot as presented, without reading it (`bytes`, or `octet_length` of a
/// snapshot stored whole); `None` when there is no such revision.
pub fn revision_bytes(conn: &mut DbConnection, kind: &str, id: &str, revision: i32) -> QueryResult<Option<i64>> {
    record_revisions::table
        .find((kind, id, revision))
        .select((
            record_revisions::bytes,
            super::octet_length(record_revisions::snapshot.nullable()),
        ))
        .first::<(Option<i64>, Option<i32>)>(conn)
        .optional()
        .map(|row| row.and_then(|(bytes, stored)| bytes.or(stored.map(i64::from))))
}

pub fn revision(conn: &mut DbConnection, kind: &str, id: &str, revision: i32) -> QueryResult<Option<RevisionRow>> {
    record_revisions::table
        .find((kind, id, revision))
        .select(RevisionRow::as_select())
        .first(conn)
        .optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_round_trip_and_damage_is_an_error() {
        let json = r#"{"accession":"BRP000042","description":"a promoter","provenance":[],"twins":[]}"#;
        let body = pack_body(json);
        assert!(body.len() < json.len(), "{} bytes", body.len());
        assert_eq!(unpack_body(&body, Some(json.len() as i64)).unwrap(), json);
        assert_eq!(unpack_body(&body, None).unwrap(), json);
        let long = format!(r#"{{"description":"{}"}}"#, "ACGT".repeat(100_000));
        assert_eq!(unpack_body(&pack_body(&long), None).unwrap(), long);
        assert!(unpack_body(&pack_body(&long), Some(1000)).is_err());
        assert!(unpack_body(&body[..body.len() / 2], None).is_err());
        assert!(unpack_body(&[], None).is_err());
        assert!(unpack_body(&[2, 0, 0], None).is_err());
    }

    #[test]
    fn the_dictionary_of_format_1_never_changes() {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(DICTIONARY_V1);
        assert_eq!(
            hex::encode(digest),
            "496a1ebf25e7465149532f2fe6097fe52d296a53c163f4d3a59dce93bd7b4059"
        );
    }
}
