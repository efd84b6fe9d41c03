//! Curation at scale (issue 22): one decision (approve, request changes, reject, with one reason
//! and comment) on every submitted record of an import or on a list of records, and the
//! submission of every draft of an import, in one call.
//!
//! Each record goes through the very rules of a call about it alone ([`super::review_refusal`],
//! [`super::submit_refusal`], [`super::unpublished_references`], [`super::decided`]) and gets what
//! that call gives it: its curation columns, its review entry, its audit event, a sequence change
//! feed row for parts (the search index follows) — planned by the same [`super::plan`] and stored
//! by the same [`super::write_steps`], 500 records at a time. What a
//! single call answers with an error, a batch lists instead: records it may not decide
//! (`refused`: four eyes, unpublished references, another organisation, missing MIRRI-IS fields)
//! and records not in a state the step is allowed from or not found (`skipped`). Both lists hold
//! at most [`LISTED`] entries; the counts are whole.
//!
//! One transaction: the records a call decides commit together or not at all. Bounded: a call
//! writes at most `max_records` decisions (`BIOREG_BATCH_MAX_RECORDS`, default 10,000); refused
//! records do not count towards it, so a repeated call always gets further. When an import holds
//! more, `remaining` says how many of its records the call did not reach, and repeating the call
//! goes on (decided records have left the queue).
//!
//! Cost: the import's records are read from one index range (`parts_import_queue`,
//! `strains_import_queue`) 500 keys a query, locked (PostgreSQL) and read 500 rows a query, their
//! references checked with a fixed number of queries per 500; then a few statements per decided
//! record. Time O(n) statements for n records, memory O(500) rows plus the bounded lists.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use utoipa::ToSchema;

use super::{
    check_decision, decided, plan, references_refusal, review_refusal, submit_refusal, submitted,
    unpublished_references, write_steps, CurationState, Decision, Header, Kind, Note, Planned, ReasonCode, Refusal,
};
use crate::db::curation::{self as rows, QueuePosition};
use crate::db::imports as import_rows;
use crate::db::types::{ImportId, PartId, StrainId};
use crate::db::{DbConnection, LockedTable};
use crate::domain::accounts::{Principal, Role};
use crate::domain::visibility::Viewer;
use crate::domain::{parts, strains};
use crate::error::{AppError, AppResult};

/// Refused and skipped records listed in an answer, each list (the counts are whole).
pub const LISTED: usize = 100;
/// Records named one by one in a call, at most.
pub const MAX_LISTED_RECORDS: usize = 1_000;
/// Keys and rows read per query.
const CHUNK: i64 = 500;

/// Which records a batch is about.
#[derive(Debug, Clone)]
pub enum Selection {
    /// Every record of the import in the state the step is allowed from.
    Import(ImportId),
    /// These records (kind, id or accession); without a kind both libraries are looked in.
    Records(Vec<(Option<Kind>, String)>),
}

/// A record a batch did not act on, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BatchNote {
    /// `part` or `strain`; absent when the record was not found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The accession, or the reference as given when the record was not found.
    pub accession: String,
    /// `four_eyes`, `unpublished_references`, `other_organization`, `missing_fields` (refused);
    /// `not_submitted`, `not_allowed`, `not_found` (skipped).
    pub reason: String,
    /// What a call about this record alone would have answered.
    pub detail: String,
}

/// How many records a batch acted on, refused and skipped.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct BatchCounts {
    /// Records decided (or submitted) by this call.
    pub done: u64,
    /// Records the rules refused to this caller (they stay where they are).
    pub refused: u64,
    /// Records not in a state the step is allowed from, or not found.
    pub skipped: u64,
}

/// The answer of a batch decision or submission.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BatchOutcome {
    /// `approve`, `request_changes`, `reject` or `submit`.
    pub action: String,
    /// The state every record this call acted on is now in.
    pub curation_state: CurationState,
    /// The import the call was about, when it was about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import: Option<ImportId>,
    pub counts: BatchCounts,
    /// Records of the import the call did not reach because it acted on its maximum; repeat the
    /// call to go on. 0 when it reached them all.
    pub remaining: u64,
    /// The most records one call acts on (`BIOREG_BATCH_MAX_RECORDS`).
    pub max_records: u64,
    /// Refused records, the first 100.
    pub refused: Vec<BatchNote>,
    /// Skipped records, the first 100.
    pub skipped: Vec<BatchNote>,
}

/// What a batch does to each record it may act on.
#[derive(Clone, Copy)]
enum Step<'a> {
    Decide {
        decision: Decision,
        reason_code: Option<ReasonCode>,
        comment: Option<&'a str>,
    },
    Submit {
        comment: Option<&'a str>,
    },
}

/// The running tally of a batch.
struct Batch<'a> {
    by: &'a Principal,
    step: Step<'a>,
    max_records: u64,
    outcome: BatchOutcome,
    /// Records approved by this call: references to them count as published.
    published_now: HashSet<uuid::Uuid>,
    /// When the call began: the submission time of every record it submits (submitted together).
    at: chrono::NaiveDateTime,
}

impl<'a> Batch<'a> {
    fn new(by: &'a Principal, step: Step<'a>, max_records: usize, import: Option<ImportId>) -> Self {
        let (action, state) = match step {
            Step::Decide { decision, .. } => match decision {
                Decision::Approve => ("approve", CurationState::Approved),
                Decision::RequestChanges => ("request_changes", CurationState::ChangesRequested),
                Decision::Reject => ("reject", CurationState::Rejected),
            },
            Step::Submit { .. } => ("submit", CurationState::Submitted),
        };
        Batch {
            by,
            step,
            max_records: max_records as u64,
            outcome: BatchOutcome {
                action: action.into(),
                curation_state: state,
                import,
                counts: BatchCounts::default(),
                remaining: 0,
                max_records: max_records as u64,
                refused: Vec::new(),
                skipped: Vec::new(),
            },
            published_now: HashSet::new(),
            at: crate::db::now(),
        }
    }

    fn full(&self) -> bool {
        self.outcome.counts.done >= self.max_records
    }

    fn note(&mut self, record: &Header, refusal: Refusal) {
        let skipped = refusal.is_state();
        let note = BatchNote {
            kind: Some(record.kind().name().into()),
            id: Some(record.id.clone()),
            accession: record.accession.clone(),
            reason: refusal.reason.into(),
            detail: refusal.error.detail,
        };
        self.push(note, skipped);
    }

    fn push(&mut self, note: BatchNote, skipped: bool) {
        let (count, list) = if skipped {
            (&mut self.outcome.counts.skipped, &mut self.outcome.skipped)
        } else {
            (&mut self.outcome.counts.refused, &mut self.outcome.refused)
        };
        *count += 1;
        if list.len() < LISTED {
            list.push(note);
        }
    }

    /// Acts on `records` (in order) as far as the maximum allows; how many it got through (acted
    /// on, refused or skipped) — the rest were not reached.
    fn run(&mut self, conn: &mut DbConnection, records: &[Header]) -> AppResult<usize> {
        let viewer = Viewer::of(Some(self.by));
        let mut refusals: Vec<Option<Refusal>> = records
            .iter()
            .map(|record| {
                if !record.visible_to(viewer) {
                    return Some(Refusal {
                        reason: "not_found",
                        error: AppError::not_found(format!(
                            "{} `{}` does not exist",
                            record.kind().name(),
                            record.accession
                        )),
                    });
                }
                match self.step {
                    Step::Decide { .. } => review_refusal(self.by, record),
                    Step::Submit { .. } => submit_refusal(self.by, record),
                }
            })
            .collect();
        let mut references = HashMap::new();
        if let Step::Decide {
            decision: Decision::Approve,
            ..
        } = self.step
        {
            let candidates: Vec<&Header> = records
                .iter()
                .zip(&refusals)
                .filter(|(_, refusal)| refusal.is_none())
                .map(|(record, _)| record)
                .collect();
            references = unpublished_references(conn, &candidates, &self.published_now)?;
        }
        let mut planned: Vec<Planned> = Vec::new();
        let mut through = records.len();
        for (done, (record, refusal)) in records.iter().zip(refusals.iter_mut()).enumerate() {
            if let Some(refusal) = refusal.take() {
                if refusal.reason == "not_found" {
                    self.push(
                        BatchNote {
                            kind: Some(record.kind().name().into()),
                            id: None,
                            accession: record.accession.clone(),
                            reason: refusal.reason.into(),
                            detail: refusal.error.detail,
                        },
                        true,
                    );
                } else {
                    self.note(record, refusal);
                }
                continue;
            }
            // A reference approved earlier in this call is published now.
            let unpublished: Vec<String> = references
                .get(&record.id)
                .map(|refs: &Vec<(uuid::Uuid, String)>| {
                    refs.iter()
                        .filter(|(id, _)| !self.published_now.contains(id))
                        .map(|(_, accession)| accession.clone())
                        .collect()
                })
                .unwrap_or_default();
            if !unpublished.is_empty() {
                self.note(record, references_refusal(record, &unpublished));
                continue;
            }
            if self.full() {
                through = done;
                break;
            }
            let kind = record.kind();
            planned.push(match self.step {
                Step::Decide {
                    decision,
                    reason_code,
                    comment,
                } => {
                    let (update, action) = decided(decision, record);
                    if decision == Decision::Approve {
                        self.published_now.insert(record_uuid(record));
                    }
                    plan(
                        self.by,
                        kind,
                        record,
                        update,
                        Note {
                            action,
                            reason_code: reason_code.map(ReasonCode::as_str),
                            comment,
                        },
                    )
                }
                Step::Submit { comment } => {
                    let mut update = submitted(record);
                    update.submitted_at = Some(self.at);
                    plan(
                        self.by,
                        kind,
                        record,
                        update,
                        Note {
                            action: "submit",
                            reason_code: None,
                            comment,
                        },
                    )
                }
            });
            self.outcome.counts.done += 1;
        }
        write_steps(conn, &planned)?;
        Ok(through)
    }
}

fn record_uuid(record: &Header) -> uuid::Uuid {
    match (&record.part, &record.strain) {
        (Some(part), _) => part.id.0,
        (_, Some(strain)) => strain.id.0,
        _ => uuid::Uuid::nil(),
    }
}

/// The parts `ids` as headers, locked until the transaction ends, in the order of `ids`.
fn part_headers(conn: &mut DbConnection, ids: &[PartId]) -> AppResult<Vec<Header>> {
    let uuids: Vec<uuid::Uuid> = ids.iter().map(|id| id.0).collect();
    crate::db::lock_rows(conn, LockedTable::Parts, &uuids)?;
    let mut rows: HashMap<PartId, _> = crate::db::parts::find_parts(conn, ids)?
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
    Ok(ids
        .iter()
        .filter_map(|id| rows.remove(id))
        .map(Header::of_part)
        .collect())
}

/// The strains `ids` as headers, locked, in the order of `ids`.
fn strain_headers(conn: &mut DbConnection, ids: &[StrainId]) -> AppResult<Vec<Header>> {
    let uuids: Vec<uuid::Uuid> = ids.iter().map(|id| id.0).collect();
    crate::db::lock_rows(conn, LockedTable::Strains, &uuids)?;
    let mut rows: HashMap<StrainId, _> = crate::db::strains::find_strains(conn, ids)?
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
    ids.iter()
        .filter_map(|id| rows.remove(id))
        .map(Header::of_strain)
        .collect()
}

/// The import `reference` names, if `by` may see it (its organisation, curators and admins).
fn import_of(conn: &mut DbConnection, by: &Principal, reference: &str) -> AppResult<import_rows::ImportRow> {
    let missing = || AppError::not_found(format!("no import `{reference}`"));
    let id = ImportId(uuid::Uuid::parse_str(reference).map_err(|_| missing())?);
    let row = import_rows::find_import(conn, id)?.ok_or_else(missing)?;
    if row.summary.owner_org_id != by.organization.id && by.role < Role::Curator {
        return Err(missing());
    }
    Ok(row)
}

fn kinds(kind: Option<Kind>) -> Vec<Kind> {
    match kind {
        Some(kind) => vec![kind],
        None => vec![Kind::Part, Kind::Strain],
    }
}

/// One decision on many records (curators). See the module for what each record gets.
#[allow(clippy::too_many_arguments)]
pub fn decide(
    conn: &mut DbConnection,
    by: &Principal,
    selection: Selection,
    kind: Option<Kind>,
    decision: Decision,
    reason_code: Option<ReasonCode>,
    comment: Option<&str>,
    max_records: usize,
) -> AppResult<BatchOutcome> {
    by.require(Role::Curator)?;
    check_decision(decision, reason_code)?;
    let step = Step::Decide {
        decision,
        reason_code,
        comment,
    };
    match selection {
        Selection::Import(import) => conn.write_transaction(|conn| {
            import_of(conn, by, &import.to_string())?;
            let mut batch = Batch::new(by, step, max_records, Some(import));
            for kind in kinds(kind) {
                let mut after: Option<QueuePosition> = None;
                let mut stopped = false;
                loop {
                    if batch.full() {
                        stopped = true;
                        break;
                    }
                    let (headers, positions) = match kind {
                        Kind::Part => {
                            let keys = rows::queued_part_keys(conn, import, after.as_ref(), CHUNK)?;
                            let ids: Vec<PartId> = keys.iter().map(|(id, _)| *id).collect();
                            let positions: Vec<QueuePosition> = keys.into_iter().map(|(_, p)| p).collect();
                            (part_headers(conn, &ids)?, positions)
                        }
                        Kind::Strain => {
                            let keys = rows::queued_strain_keys(conn, import, after.as_ref(), CHUNK)?;
                            let ids: Vec<StrainId> = keys.iter().map(|(id, _)| *id).collect();
                            let positions: Vec<QueuePosition> = keys.into_iter().map(|(_, p)| p).collect();
                            (strain_headers(conn, &ids)?, positions)
                        }
                    };
                    if positions.is_empty() {
                        break;
                    }
                    let read = positions.len();
                    let through = batch.run(conn, &headers)?;
                    // `headers` can be shorter than `positions` only if a row vanished between
                    // the two reads, which the lock rules out; go by the headers.
                    if through > 0 {
                        after = positions.get(through - 1).cloned();
                    }
                    if through < headers.len() {
                        stopped = true;
                        break;
                    }
                    if read < CHUNK as usize {
                        break;
                    }
                    after = positions.last().cloned();
                }
                if stopped {
                    let left = match kind {
                        Kind::Part => rows::count_queued_parts(conn, import, after.as_ref())?,
                        Kind::Strain => rows::count_queued_strains(conn, import, after.as_ref())?,
                    };
                    batch.outcome.remaining += left as u64;
                }
            }
            Ok(batch.outcome)
        }),
        Selection::Records(records) => {
            if records.len() > MAX_LISTED_RECORDS {
                return Err(AppError::invalid_field(
                    "records",
                    format!(
                        "names {} records; at most {MAX_LISTED_RECORDS} a call (decide on a whole import with `import`)",
                        records.len()
                    ),
                ));
            }
            conn.write_transaction(|conn| {
                let mut batch = Batch::new(by, step, max_records, None);
                let headers = resolve(conn, &mut batch, records, kind)?;
                let mut reached = 0;
                for chunk in headers.chunks(CHUNK as usize) {
                    let through = batch.run(conn, chunk)?;
                    reached += through;
                    if through < chunk.len() {
                        break;
                    }
                }
                // The records named that the call did not reach (the cap is below 1,000).
                batch.outcome.remaining = (headers.len() - reached) as u64;
                Ok(batch.outcome)
            })
        }
    }
}

/// The records a list names, each once, locked, parts before strains (a strain is approved after
/// the parts it carries) and in queue order; those not found are noted as skipped.
fn resolve(
    conn: &mut DbConnection,
    batch: &mut Batch,
    records: Vec<(Option<Kind>, String)>,
    only: Option<Kind>,
) -> AppResult<Vec<Header>> {
    let mut seen = HashSet::new();
    let mut headers = Vec::new();
    for (kind, reference) in records {
        let reference = reference.trim().to_string();
        let wanted = match kind.or(only) {
            Some(kind) => vec![kind],
            None => vec![Kind::Part, Kind::Strain],
        };
        let mut found = None;
        for kind in wanted {
            if only.is_some_and(|only| only != kind) {
                continue;
            }
            let outcome = match kind {
                Kind::Part => parts::load_for_update(conn, &reference).map(Header::of_part),
                Kind::Strain => strains::load_for_update(conn, &reference).and_then(Header::of_strain),
            };
            match outcome {
                Ok(header) => {
                    found = Some(header);
                    break;
                }
                Err(error) if error.status == actix_web::http::StatusCode::NOT_FOUND => continue,
                Err(error) => return Err(error),
            }
        }
        match found {
            Some(header) => {
                if seen.insert(header.id.clone()) {
                    headers.push(header);
                }
            }
            None => batch.push(
                BatchNote {
                    kind: kind.or(only).map(|k| k.name().into()),
                    id: None,
                    accession: reference.clone(),
                    reason: "not_found".into(),
                    detail: format!("`{reference}` is neither a part nor a strain you can see"),
                },
                true,
            ),
        }
    }
    headers.sort_by(|a, b| {
        (a.kind() == Kind::Strain, a.submitted_at, &a.accession).cmp(&(
            b.kind() == Kind::Strain,
            b.submitted_at,
            &b.accession,
        ))
    });
    Ok(headers)
}

/// Submits every draft (and every record sent back for changes) of an import, by a submitter of
/// the import's organisation, under the rules of a single submission.
pub fn submit_import(
    conn: &mut DbConnection,
    by: &Principal,
    import: &str,
    kind: Option<Kind>,
    comment: Option<&str>,
    max_records: usize,
) -> AppResult<BatchOutcome> {
    by.require(Role::Submitter)?;
    conn.write_transaction(|conn| {
        let row = import_of(conn, by, import)?;
        let import = row.summary.id;
        if row.summary.owner_org_id != by.organization.id {
            return Err(AppError::forbidden(format!(
                "import {import} belongs to another organization; a submitter of that organization submits its records"
            )));
        }
        let mut batch = Batch::new(by, Step::Submit { comment }, max_records, Some(import));
        for kind in kinds(kind) {
            for state in [CurationState::Draft, CurationState::ChangesRequested] {
                let mut after: Option<String> = None;
                let mut stopped = false;
                loop {
                    if batch.full() {
                        stopped = true;
                        break;
                    }
                    let state = state.as_str();
                    let (headers, accessions) = match kind {
                        Kind::Part => {
                            let keys = rows::import_part_keys(conn, import, state, after.as_deref(), CHUNK)?;
                            let ids: Vec<PartId> = keys.iter().map(|(id, _)| *id).collect();
                            (
                                part_headers(conn, &ids)?,
                                keys.into_iter().map(|(_, a)| a).collect::<Vec<_>>(),
                            )
                        }
                        Kind::Strain => {
                            let keys = rows::import_strain_keys(conn, import, state, after.as_deref(), CHUNK)?;
                            let ids: Vec<StrainId> = keys.iter().map(|(id, _)| *id).collect();
                            (
                                strain_headers(conn, &ids)?,
                                keys.into_iter().map(|(_, a)| a).collect::<Vec<_>>(),
                            )
                        }
                    };
                    if accessions.is_empty() {
                        break;
                    }
                    let through = batch.run(conn, &headers)?;
                    if through > 0 {
                        after = accessions.get(through - 1).cloned();
                    }
                    if through < headers.len() {
                        stopped = true;
                        break;
                    }
                    if accessions.len() < CHUNK as usize {
                        break;
                    }
                    after = accessions.last().cloned();
                }
                if stopped {
                    let left = match kind {
                        Kind::Part => {
                            rows::count_import_parts_in_state(conn, import, state.as_str(), after.as_deref())?
                        }
                        Kind::Strain => {
                            rows::count_import_strains_in_state(conn, import, state.as_str(), after.as_deref())?
                        }
                    };
                    batch.outcome.remaining += left as u64;
                }
            }
        }
        Ok(batch.outcome)
    })
}
