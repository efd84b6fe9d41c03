//! Owns the audit trail and record history: one append-only event per state-changing action
//! (who, when, through which request, on which record), and a full snapshot per revision of every
//! part and strain, with field-level diffs between any two. Both are written inside the
//! transaction of the change they describe, so a change and its trail land together or not at all.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::db::audit::{self as rows, AuditFilter, AuditRow, RevisionRow};
use crate::db::types::{AuditEventId, UserId};
use crate::db::{now, sequences, DbConnection};
use crate::domain::accounts::Principal;
use crate::error::{AppError, AppResult};

/// The record an event or revision is about.
#[derive(Debug, Clone, Copy)]
pub struct RecordRef<'a> {
    /// `part`, `strain`, `user`, `organization`, `token`, `sample`.
    pub kind: &'a str,
    pub id: &'a str,
    pub accession: Option<&'a str>,
}

/// Appends one event. `actor` is `None` for anonymous or command-line actions.
pub fn record(
    conn: &mut DbConnection,
    actor: Option<&Principal>,
    request_id: Option<&str>,
    action: &str,
    record: Option<RecordRef<'_>>,
    details: Value,
) -> AppResult<()> {
    let row = event(actor, request_id, action, record, details);
    Ok(rows::insert_event(conn, &row)?)
}

/// The row [`record`] appends, for callers that write many at once.
pub fn event(
    actor: Option<&Principal>,
    request_id: Option<&str>,
    action: &str,
    record: Option<RecordRef<'_>>,
    details: Value,
) -> AuditRow {
    AuditRow {
        id: AuditEventId::new_random(),
        at: now(),
        actor_id: actor.map(|p| p.user.id),
        actor_name: actor.map(|p| p.user.name.clone()),
        action: action.to_string(),
        record_kind: record.map(|r| r.kind.to_string()),
        record_id: record.map(|r| r.id.to_string()),
        record_accession: record.and_then(|r| r.accession.map(str::to_string)),
        request_id: request_id
            .or(actor.and_then(|p| p.request_id.as_deref()))
            .map(str::to_string),
        details: details.to_string(),
    }
}

/// Stores the snapshot of a record at a revision and appends the matching event.
pub fn revise(
    conn: &mut DbConnection,
    by: &Principal,
    action: &str,
    record: RecordRef<'_>,
    revision: i32,
    snapshot: &impl Serialize,
    comment: Option<&str>,
) -> AppResult<()> {
    store_snapshot(conn, by, record, revision, snapshot, comment)?;
    let details = serde_json::json!({"revision": revision, "comment": comment});
    record_event(conn, by, action, record, details)
}

/// [`revise`] for many records at once (an import's bulk path): every snapshot and event, written
/// with bulk statements. `records` are each record with its revision and snapshot.
pub fn revise_many<S: Serialize>(
    conn: &mut DbConnection,
    by: &Principal,
    action: &str,
    records: &[(RecordRef<'_>, i32, &S)],
    comment: Option<&str>,
) -> AppResult<()> {
    let at = now();
    let mut packed = Vec::with_capacity(records.len());
    let mut events = Vec::with_capacity(records.len());
    for (record, revision, snapshot) in records {
        packed.push(Packed::of(record.kind, snapshot)?);
        let details = serde_json::json!({"revision": revision, "comment": comment});
        events.push(event(Some(by), None, action, Some(*record), details));
    }
    let sequence_ids = intern_sequences(conn, &packed)?;
    let revisions: Vec<RevisionRow> = records
        .iter()
        .zip(packed)
        .zip(sequence_ids)
        .map(|(((record, revision, _), packed), sequence_id)| RevisionRow {
            record_kind: record.kind.to_string(),
            record_id: record.id.to_string(),
            revision: *revision,
            snapshot: String::new(),
            actor_id: by.user.id,
            at,
            comment: comment.map(str::to_string),
            request_id: by.request_id.clone(),
            sequence_id,
            bytes: Some(packed.bytes),
            body: Some(rows::pack_body(&packed.body)),
        })
        .collect();
    rows::insert_revisions(conn, &revisions)?;
    rows::insert_events(conn, &events)?;
    Ok(())
}

/// Stores the snapshot of a record at a revision (for changes whose event is recorded elsewhere).
pub fn store_snapshot(
    conn: &mut DbConnection,
    by: &Principal,
    record: RecordRef<'_>,
    revision: i32,
    snapshot: &impl Serialize,
    comment: Option<&str>,
) -> AppResult<()> {
    let packed = Packed::of(record.kind, snapshot)?;
    let sequence_id = intern_sequences(conn, std::slice::from_ref(&packed))?.remove(0);
    rows::insert_revision(
        conn,
        &RevisionRow {
            record_kind: record.kind.to_string(),
            record_id: record.id.to_string(),
            revision,
            snapshot: String::new(),
            actor_id: by.user.id,
            at: now(),
            comment: comment.map(str::to_string),
            request_id: by.request_id.clone(),
            sequence_id,
            bytes: Some(packed.bytes),
            body: Some(rows::pack_body(&packed.body)),
        },
    )?;
    Ok(())
}

/// A snapshot in its stored form (migration 000023): a part's sequence taken out (stored once in
/// `sequences`, named by the revision's `sequence_id`), provenance grouped by assertion
/// (`provenance::group`), and the rest deflated (`db::audit::pack_body`). [`unpack`] restores the
/// snapshot exactly: snapshots are JSON objects with sorted keys, so taking a key out and putting
/// it back changes nothing.
struct Packed {
    body: String,
    /// `(seqhash, residues)` of the sequence taken out.
    sequence: Option<(String, String)>,
    /// Length of the snapshot as presented.
    bytes: i64,
}

impl Packed {
    fn of(kind: &str, snapshot: &impl Serialize) -> AppResult<Packed> {
        let mut value = serde_json::to_value(snapshot).map_err(AppError::internal)?;
        let bytes = json_length(&value)?;
        let mut sequence = None;
        if let Some(object) = value.as_object_mut() {
            if let Some(provenance) = object.get_mut("provenance") {
                *provenance = crate::domain::provenance::group(provenance);
            }
            if kind == "part" {
                if let (Some(Value::String(seqhash)), Some(Value::String(_))) =
                    (object.get("seqhash"), object.get("sequence"))
                {
                    let seqhash = seqhash.clone();
                    if let Some(Value::String(residues)) = object.remove("sequence") {
                        sequence = Some((seqhash, residues));
                    }
                }
            }
        }
        Ok(Packed {
            body: value.to_string(),
            sequence,
            bytes,
        })
    }
}

/// The length of `value` as JSON, counted without writing it out (a genome's snapshot would
/// otherwise be copied once more only to be measured).
fn json_length(value: &Value) -> AppResult<i64> {
    struct Counter(i64);
    impl std::io::Write for Counter {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len() as i64;
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut counter = Counter(0);
    serde_json::to_writer(&mut counter, value).map_err(AppError::internal)?;
    Ok(counter.0)
}

/// The stored ids of the packed snapshots' sequences (one look-up for the lot).
fn intern_sequences(conn: &mut DbConnection, packed: &[Packed]) -> AppResult<Vec<Option<i64>>> {
    let items: Vec<(&str, &str)> = packed
        .iter()
        .filter_map(|p| p.sequence.as_ref().map(|(h, r)| (h.as_str(), r.as_str())))
        .collect();
    let mut ids = sequences::intern_many(conn, &items)?.into_iter();
    Ok(packed
        .iter()
        .map(|p| p.sequence.as_ref().and_then(|_| ids.next()))
        .collect())
}

/// A stored snapshot as it was presented: the sequence put back, provenance expanded. Snapshots
/// stored whole (before migration 000023) read as they are.
fn unpack(conn: &mut DbConnection, row: &RevisionRow) -> AppResult<Value> {
    let text = row.snapshot_text().map_err(AppError::internal)?;
    let mut snapshot: Value = serde_json::from_str(&text).map_err(AppError::internal)?;
    if let Some(object) = snapshot.as_object_mut() {
        if let Some(provenance) = object.remove("provenance") {
            object.insert("provenance".into(), crate::domain::provenance::expand(provenance));
        }
        if let Some(id) = row.sequence_id {
            object.insert("sequence".into(), Value::String(sequences::residues(conn, id)?));
        }
    }
    Ok(snapshot)
}

fn record_event(
    conn: &mut DbConnection,
    by: &Principal,
    action: &str,
    record: RecordRef<'_>,
    details: Value,
) -> AppResult<()> {
    self::record(conn, Some(by), None, action, Some(record), details)
}

/// An audit event as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditEventView {
    pub id: AuditEventId,
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub actor_name: Option<String>,
    pub action: String,
    pub record_kind: Option<String>,
    pub record_id: Option<String>,
    pub record_accession: Option<String>,
    pub request_id: Option<String>,
    #[schema(value_type = Object)]
    pub details: Value,
}

impl From<AuditRow> for AuditEventView {
    fn from(row: AuditRow) -> Self {
        AuditEventView {
            id: row.id,
            at: row.at.and_utc(),
            actor_id: row.actor_id,
            actor_name: row.actor_name,
            action: row.action,
            record_kind: row.record_kind,
            record_id: row.record_id,
            record_accession: row.record_accession,
            request_id: row.request_id,
            details: serde_json::from_str(&row.details).unwrap_or(Value::Null),
        }
    }
}

/// A page of the audit log, oldest first; the cursor is `<at>|<id>`.
pub fn events(
    conn: &mut DbConnection,
    filter: &AuditFilter,
    cursor: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<AuditEventView>, Option<String>)> {
    let after = cursor
        .map(super::cursor::decode)
        .transpose()?
        .map(|(at, id)| (at, AuditEventId(id)));
    let page = rows::list_events(conn, filter, after, limit + 1)?;
    let (page, next) = super::cursor::split_page(page, limit, |r| super::cursor::encode(r.at, r.id));
    Ok((page.into_iter().map(Into::into).collect(), next))
}

/// One revision of a record, as listed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RevisionSummary {
    pub revision: i32,
    pub actor_id: UserId,
    pub at: DateTime<Utc>,
    pub comment: Option<String>,
    pub request_id: Option<String>,
}

/// One revision with the record as it was.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RevisionView {
    #[serde(flatten)]
    pub summary: RevisionSummary,
    #[schema(value_type = Object)]
    pub snapshot: Value,
}

fn summary(row: &RevisionRow) -> RevisionSummary {
    RevisionSummary {
        revision: row.revision,
        actor_id: row.actor_id,
        at: row.at.and_utc(),
        comment: row.comment.clone(),
        request_id: row.request_id.clone(),
    }
}

impl From<rows::RevisionSummaryRow> for RevisionSummary {
    fn from(row: rows::RevisionSummaryRow) -> Self {
        RevisionSummary {
            revision: row.revision,
            actor_id: row.actor_id,
            at: row.at.and_utc(),
            comment: row.comment,
            request_id: row.request_id,
        }
    }
}

/// Which revisions of a record to list: oldest first after a cursor, or the newest few.
#[derive(Debug, Clone, Copy)]
pub enum RevisionRange {
    /// `limit` revisions, oldest first, after the one a cursor names.
    After(Option<i32>),
    /// The newest `limit` revisions, newest first.
    Newest,
}

/// Up to `limit` revisions of a record (without snapshots), and whether more follow in the same
/// direction. `allowed` (from `history_access`) limits them to the revisions the viewer may read;
/// only the `limit` + 1 of those next in order are passed to the query, so a page costs one
/// indexed query of at most `limit` + 1 rows however long the history is.
pub fn revisions(
    conn: &mut DbConnection,
    kind: &str,
    id: &str,
    allowed: Option<&[i32]>,
    range: RevisionRange,
    limit: i64,
) -> AppResult<(Vec<RevisionSummary>, bool)> {
    let (after, newest_first) = match range {
        RevisionRange::After(after) => (after, false),
        RevisionRange::Newest => (None, true),
    };
    let only: Option<Vec<i32>> = allowed.map(|allowed| {
        let mut next: Vec<i32> = allowed
            .iter()
            .copied()
            .filter(|r| after.is_none_or(|after| *r > after))
            .collect();
        next.sort_unstable();
        next.dedup();
        if newest_first {
            next.reverse();
        }
        next.truncate(limit as usize + 1);
        next
    });
    let mut page: Vec<RevisionSummary> =
        rows::revision_summaries(conn, kind, id, after, only.as_deref(), newest_first, limit + 1)?
            .into_iter()
            .map(Into::into)
            .collect();
    let more = page.len() as i64 > limit;
    page.truncate(limit as usize);
    Ok((page, more))
}

/// The cursor after a revision in a revision list (opaque to clients: the revision number).
pub fn encode_revision_cursor(revision: i32) -> String {
    revision.to_string()
}

/// Reads a cursor made by [`encode_revision_cursor`]; a 422 on `cursor` for anything else.
pub fn decode_revision_cursor(cursor: &str) -> AppResult<i32> {
    cursor
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|r| *r >= 0)
        .ok_or_else(|| AppError::invalid_field("cursor", "is not a cursor returned by this list"))
}

pub fn revision(conn: &mut DbConnection, kind: &str, id: &str, number: i32) -> AppResult<RevisionView> {
    let row = rows::revision(conn, kind, id, number)?
        .ok_or_else(|| AppError::not_found(format!("{kind} {id} has no revision {number}")))?;
    let snapshot = unpack(conn, &row)?;
    Ok(RevisionView {
        summary: summary(&row),
        snapshot,
    })
}

/// One changed field between two revisions.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FieldChange {
    /// Dotted path, e.g. `description` or `taxon.ncbi_taxid`.
    pub field: String,
    /// The field's value in the first revision (any JSON value; null when it was absent).
    pub before: Value,
    /// The field's value in the second revision (any JSON value; null when it was removed).
    pub after: Value,
    /// True when either value is larger than a diff carries ([`MAX_DIFF_VALUE_BYTES`] as JSON):
    /// `before` and `after` are then null, and the two revisions hold the values.
    pub omitted: bool,
}

/// A changed value larger than this (as JSON) is named in a diff but not copied into it. A
/// sequence of a 20 Mbp record or a list of 100,000 features changed by one edit would otherwise
/// put both versions, tens of megabytes, into one answer; with the bound a diff is O(fields ×
/// 64 KiB) beside the two snapshots it reads (each bounded by the record limits).
pub const MAX_DIFF_VALUE_BYTES: usize = 64 * 1024;

/// Whether `value` as JSON is longer than [`MAX_DIFF_VALUE_BYTES`]; stops writing at the bound.
fn too_large_for_a_diff(value: &Value) -> bool {
    struct Budget(usize);
    impl std::io::Write for Budget {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 = self.0.checked_sub(bytes.len()).ok_or(std::io::ErrorKind::OutOfMemory)?;
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    serde_json::to_writer(Budget(MAX_DIFF_VALUE_BYTES), value).is_err()
}

/// Fields that change with every revision and say nothing about the content (provenance is
/// metadata about the fields that did change).
const BOOKKEEPING: &[&str] = &["revision", "updated_at", "updated_by", "provenance"];

/// Field-level differences between two snapshots: objects are compared key by key (recursively),
/// anything else — numbers, strings, lists — as a whole.
pub fn diff(before: &Value, after: &Value) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    diff_into("", before, after, &mut changes);
    changes.retain(|c| {
        let top = c.field.split('.').next().unwrap_or_default();
        !BOOKKEEPING.contains(&top)
    });
    changes
}

fn diff_into(prefix: &str, before: &Value, after: &Value, out: &mut Vec<FieldChange>) {
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                let x = a.get(key).unwrap_or(&Value::Null);
                let y = b.get(key).unwrap_or(&Value::Null);
                diff_into(&path, x, y, out);
            }
        }
        (x, y) if x != y => {
            let omitted = too_large_for_a_diff(x) || too_large_for_a_diff(y);
            let shown = |v: &Value| if omitted { Value::Null } else { v.clone() };
            out.push(FieldChange {
                field: prefix.to_string(),
                before: shown(x),
                after: shown(y),
                omitted,
            })
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diffs_are_field_level_and_skip_bookkeeping() {
        let a = json!({"name": "x", "taxon": {"name": "E. coli", "ncbi_taxid": 562}, "tags": ["a"], "revision": 1});
        let b = json!({"name": "x", "taxon": {"name": "E. coli", "ncbi_taxid": 511145}, "tags": ["a", "b"], "revision": 2, "new": true});
        let changes = diff(&a, &b);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["new", "tags", "taxon.ncbi_taxid"]);
        assert_eq!(changes[2].before, json!(562));
        assert_eq!(changes[2].after, json!(511145));
        assert!(diff(&a, &a).is_empty());
    }
}
