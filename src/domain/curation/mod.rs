//! Owns the curation workflow of parts and strains:
//!
//! ```text
//! draft ──submit──▶ submitted ──approve──▶ approved ──withdraw (curator)──▶ withdrawn
//!   ▲                  │  │
//!   │                  │  └──reject──▶ rejected
//!   └──(edit)── changes_requested ◀──request_changes──┘   (then submit again)
//! ```
//!
//! Editing an approved record makes its head a draft again while `published_revision` keeps
//! pointing at what was approved; it goes through review like any draft. A submitted record is
//! locked while under review; a rejected one is final. Curators review, and nobody reviews a
//! record they created or last edited (four eyes). A transition that is not allowed from the
//! current state is a 409 naming that state.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::audit::AuditRow;
use crate::db::curation::{self as rows, CurationUpdate, QueueRow, ReviewRow};
use crate::db::parts::PartRow;
use crate::db::strains::StrainRow;
use crate::db::types::{ImportId, OrganizationId, ReviewId, UserId};
use crate::db::{now, DbConnection};
use crate::domain::accounts::{Principal, Role};
use crate::domain::audit::{self, RecordRef};
use crate::domain::cursor;
use crate::domain::visibility::{self, Facts, Viewer};
use crate::domain::{parts, strains};
use crate::error::{AppError, AppResult, FieldError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CurationState {
    Draft,
    Submitted,
    Approved,
    ChangesRequested,
    Rejected,
    Withdrawn,
}

impl CurationState {
    pub fn as_str(self) -> &'static str {
        match self {
            CurationState::Draft => "draft",
            CurationState::Submitted => "submitted",
            CurationState::Approved => "approved",
            CurationState::ChangesRequested => "changes_requested",
            CurationState::Rejected => "rejected",
            CurationState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(value: &str) -> Self {
        serde_json::from_value(serde_json::Value::String(value.into())).unwrap_or(CurationState::Draft)
    }
}

/// The curation columns a record is written with.
#[derive(Debug, Clone)]
pub struct Curation {
    pub state: CurationState,
    pub published_revision: Option<i32>,
    pub submitted_at: Option<NaiveDateTime>,
}

impl Curation {
    pub fn new_draft() -> Self {
        Curation {
            state: CurationState::Draft,
            published_revision: None,
            submitted_at: None,
        }
    }

    /// After an edit: an approved record becomes a pending draft (readers keep the published
    /// revision); a record sent back for changes stays so until it is submitted again.
    pub fn after_edit(state: &str, published_revision: Option<i32>, submitted_at: Option<NaiveDateTime>) -> Self {
        let state = match CurationState::parse(state) {
            CurationState::ChangesRequested => CurationState::ChangesRequested,
            _ => CurationState::Draft,
        };
        Curation {
            state,
            published_revision,
            submitted_at,
        }
    }
}

/// 409 unless the record may be edited in its state.
pub fn ensure_editable(state: &str, accession: &str) -> AppResult<()> {
    match CurationState::parse(state) {
        CurationState::Submitted => Err(AppError::conflict(format!(
            "{accession} is `submitted` and locked while a curator reviews it"
        ))),
        CurationState::Rejected => Err(AppError::conflict(format!(
            "{accession} is `rejected`; register a new record"
        ))),
        CurationState::Withdrawn => Err(AppError::conflict(format!(
            "{accession} is `withdrawn` and cannot be edited"
        ))),
        _ => Ok(()),
    }
}

/// 409 when an owner tries to withdraw a published record (curators do that, with a reason).
pub fn ensure_owner_may_withdraw(state: &str, published_revision: Option<i32>, accession: &str) -> AppResult<()> {
    if published_revision.is_some() && CurationState::parse(state) != CurationState::Withdrawn {
        return Err(AppError::conflict(format!(
            "{accession} is published (state `{state}`); a curator withdraws it with POST …/withdraw and a reason"
        )));
    }
    Ok(())
}

/// Which library a workflow call is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Part,
    Strain,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Part => "part",
            Kind::Strain => "strain",
        }
    }
}

/// What the workflow needs to know about a record, from either library.
pub(crate) struct Header {
    id: String,
    accession: String,
    owner_org_id: OrganizationId,
    created_by: UserId,
    updated_by: UserId,
    revision: i32,
    state: CurationState,
    published_revision: Option<i32>,
    submitted_at: Option<NaiveDateTime>,
    missing_for_submission: Vec<String>,
    part: Option<PartRow>,
    strain: Option<StrainRow>,
}

/// The record as `viewer` may see it; `for_update` (in write transactions) locks it until the
/// transaction ends and reads it under the lock, so concurrent decisions run one after the other.
fn header(conn: &mut DbConnection, viewer: Viewer, kind: Kind, reference: &str, for_update: bool) -> AppResult<Header> {
    let record = load_header(conn, kind, reference, for_update)?;
    if record.visible_to(viewer) {
        Ok(record)
    } else {
        Err(AppError::not_found(format!(
            "{} `{reference}` does not exist",
            kind.name()
        )))
    }
}

fn load_header(conn: &mut DbConnection, kind: Kind, reference: &str, for_update: bool) -> AppResult<Header> {
    let missing = || AppError::not_found(format!("{} `{reference}` does not exist", kind.name()));
    match kind {
        Kind::Part => {
            let row = match for_update {
                true => parts::load_for_update(conn, reference)?,
                false => parts::find_part(conn, reference)?.ok_or_else(missing)?,
            };
            Ok(Header::of_part(row))
        }
        Kind::Strain => {
            let row = match for_update {
                true => strains::load_for_update(conn, reference)?,
                false => strains::find_strain(conn, reference)?.ok_or_else(missing)?,
            };
            Header::of_strain(row)
        }
    }
}

impl Header {
    pub(crate) fn of_part(row: PartRow) -> Header {
        Header {
            id: row.id.to_string(),
            accession: row.accession.clone(),
            owner_org_id: row.owner_org_id,
            created_by: row.created_by,
            updated_by: row.updated_by,
            revision: row.revision,
            state: CurationState::parse(&row.curation_state),
            published_revision: row.published_revision,
            submitted_at: row.submitted_at,
            missing_for_submission: Vec::new(),
            part: Some(row),
            strain: None,
        }
    }

    pub(crate) fn of_strain(row: StrainRow) -> AppResult<Header> {
        let details = strains::view::stored_details(&row)?;
        Ok(Header {
            id: row.id.to_string(),
            accession: row.accession.clone(),
            owner_org_id: row.owner_org_id,
            created_by: row.created_by,
            updated_by: row.updated_by,
            revision: row.revision,
            state: CurationState::parse(&row.curation_state),
            published_revision: row.published_revision,
            submitted_at: row.submitted_at,
            missing_for_submission: strains::view::missing_for_submission(&details),
            part: None,
            strain: Some(row),
        })
    }

    pub(crate) fn kind(&self) -> Kind {
        if self.part.is_some() {
            Kind::Part
        } else {
            Kind::Strain
        }
    }

    /// Whether `viewer` may see the record at all (else it reads as missing).
    pub(crate) fn visible_to(&self, viewer: Viewer) -> bool {
        visibility::sees_any(
            viewer,
            Facts {
                owner: self.owner_org_id,
                state: self.state.as_str(),
                published_revision: self.published_revision,
            },
        )
    }
}

/// Why a workflow step is not taken for a record: the reason a batch lists it under, and the
/// error a call about that one record answers. One rule, two front-ends.
pub(crate) struct Refusal {
    /// `not_submitted`, `not_allowed`, `four_eyes`, `other_organization`, `missing_fields` or
    /// `unpublished_references`.
    pub reason: &'static str,
    pub error: AppError,
}

impl Refusal {
    /// Refusals about the record's state leave it where it is ("skipped"); the others are the
    /// rules refusing this caller or this content ("refused").
    pub(crate) fn is_state(&self) -> bool {
        // `not_found` is noted apart: the record cannot be named.
        matches!(self.reason, "not_submitted" | "not_allowed")
    }
}

/// Why `by` may not submit `record`, if they may not: another organisation's record (403), a
/// state submission is not allowed from (409), MIRRI-IS fields missing (422).
pub(crate) fn submit_refusal(by: &Principal, record: &Header) -> Option<Refusal> {
    if by.organization.id != record.owner_org_id {
        return Some(Refusal {
            reason: "other_organization",
            error: AppError::forbidden(format!(
                "{} belongs to another organization; a submitter of that organization submits it",
                record.accession
            )),
        });
    }
    if !matches!(record.state, CurationState::Draft | CurationState::ChangesRequested) {
        return Some(Refusal {
            reason: "not_allowed",
            error: not_allowed(record, "submit"),
        });
    }
    if !record.missing_for_submission.is_empty() {
        let mut error = AppError::invalid(
            record
                .missing_for_submission
                .iter()
                .map(|field| FieldError {
                    field: field.clone(),
                    message: "is required before submission (MIRRI-IS)".into(),
                })
                .collect(),
        );
        if error.detail.is_empty() {
            error.detail = format!("{} lacks MIRRI-IS fields", record.accession);
        }
        return Some(Refusal {
            reason: "missing_fields",
            error,
        });
    }
    None
}

/// The curation columns a submission writes.
pub(crate) fn submitted(record: &Header) -> CurationUpdate {
    CurationUpdate {
        state: CurationState::Submitted.as_str().into(),
        published_revision: record.published_revision,
        submitted_at: Some(now()),
    }
}

/// Why `by` may not decide on `record`, if they may not: not submitted (409), four eyes (403).
pub(crate) fn review_refusal(by: &Principal, record: &Header) -> Option<Refusal> {
    if record.state != CurationState::Submitted {
        return Some(Refusal {
            reason: "not_submitted",
            error: not_allowed(record, "review"),
        });
    }
    if !may_review(by, record.created_by, record.updated_by) {
        return Some(Refusal {
            reason: "four_eyes",
            error: AppError::forbidden(format!(
                "four eyes: {} was created or last edited by {}, who may not review it",
                record.accession, by.user.name
            )),
        });
    }
    None
}

/// The curation columns a decision writes, and the action its review entry names.
pub(crate) fn decided(decision: Decision, record: &Header) -> (CurationUpdate, &'static str) {
    let (state, published_revision, action) = match decision {
        Decision::Approve => (CurationState::Approved, Some(record.revision), "approve"),
        Decision::RequestChanges => (
            CurationState::ChangesRequested,
            record.published_revision,
            "request_changes",
        ),
        Decision::Reject => (CurationState::Rejected, record.published_revision, "reject"),
    };
    let update = CurationUpdate {
        state: state.as_str().into(),
        published_revision,
        submitted_at: record.submitted_at,
    };
    (update, action)
}

/// 422 unless a decision other than approval names its reason.
pub(crate) fn check_decision(decision: Decision, reason_code: Option<ReasonCode>) -> AppResult<()> {
    if decision != Decision::Approve && reason_code.is_none() {
        return Err(AppError::invalid_field(
            "reason_code",
            "is required unless the decision is `approve`",
        ));
    }
    Ok(())
}

fn not_allowed(record: &Header, action: &str) -> AppError {
    AppError::conflict(format!(
        "{} is `{}`; `{action}` is not allowed from that state",
        record.accession,
        record.state.as_str()
    ))
}

/// One entry of a record's review thread.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewView {
    pub id: ReviewId,
    pub revision: i32,
    /// submit, approve, request_changes, reject or withdraw.
    pub action: String,
    pub reason_code: Option<String>,
    pub comment: Option<String>,
    pub actor_id: UserId,
    pub at: DateTime<Utc>,
}

impl From<ReviewRow> for ReviewView {
    fn from(row: ReviewRow) -> Self {
        ReviewView {
            id: row.id,
            revision: row.revision,
            action: row.action,
            reason_code: row.reason_code,
            comment: row.comment,
            actor_id: row.actor_id,
            at: row.at.and_utc(),
        }
    }
}

/// The outcome of a workflow step.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CurationView {
    pub kind: String,
    pub id: String,
    pub accession: String,
    pub curation_state: CurationState,
    pub revision: i32,
    pub published_revision: Option<i32>,
    pub review: ReviewView,
}

/// What a workflow step says: its action and, for decisions and withdrawals, why.
pub(crate) struct Note<'a> {
    pub action: &'a str,
    pub reason_code: Option<&'a str>,
    pub comment: Option<&'a str>,
}

pub(crate) fn step(
    conn: &mut DbConnection,
    by: &Principal,
    kind: Kind,
    record: &Header,
    update: CurationUpdate,
    note: Note<'_>,
) -> AppResult<CurationView> {
    let planned = plan(by, kind, record, update, note);
    write_steps(conn, std::slice::from_ref(&planned))?;
    Ok(planned.view)
}

/// A workflow step on one record, as it will be stored: its curation columns, its review entry
/// and its audit event, and the view the call answers with.
pub(crate) struct Planned {
    record: RecordKey,
    update: CurationUpdate,
    review: ReviewRow,
    event: AuditRow,
    pub view: CurationView,
}

/// Which row a planned step changes.
enum RecordKey {
    Part(crate::db::types::PartId),
    Strain(crate::db::types::StrainId),
}

/// What a step writes for `record`; nothing is written yet.
pub(crate) fn plan(by: &Principal, kind: Kind, record: &Header, update: CurationUpdate, note: Note<'_>) -> Planned {
    let Note {
        action,
        reason_code,
        comment,
    } = note;
    let state = CurationState::parse(&update.state);
    let published_revision = update.published_revision;
    let review = ReviewRow {
        id: ReviewId::new_random(),
        record_kind: kind.name().into(),
        record_id: record.id.clone(),
        revision: record.revision,
        action: action.into(),
        reason_code: reason_code.map(str::to_string),
        comment: comment.map(str::to_string),
        actor_id: by.user.id,
        at: now(),
    };
    let event = format!(
        "{}.{}",
        kind.name(),
        if action == "submit" {
            "submitted"
        } else if action == "withdraw" {
            "withdrawn"
        } else {
            "reviewed"
        }
    );
    let details = serde_json::json!({"action": action, "reason_code": reason_code, "comment": comment, "revision": record.revision, "state": state.as_str()});
    let event = audit::event(
        Some(by),
        None,
        &event,
        Some(RecordRef {
            kind: kind.name(),
            id: &record.id,
            accession: Some(&record.accession),
        }),
        details,
    );
    let key = match (&record.part, &record.strain) {
        (Some(part), _) => RecordKey::Part(part.id),
        (_, Some(strain)) => RecordKey::Strain(strain.id),
        _ => unreachable!("a header always carries its record"),
    };
    Planned {
        record: key,
        view: CurationView {
            kind: kind.name().into(),
            id: record.id.clone(),
            accession: record.accession.clone(),
            curation_state: state,
            revision: record.revision,
            published_revision,
            review: review.clone().into(),
        },
        update,
        review,
        event,
    }
}

/// Stores planned steps: the curation columns (records given the same columns in one statement
/// per 500, each part's change to the sequence feed), then the review entries and the audit events
/// (multi-row statements on PostgreSQL). One step or ten thousand, the same rows.
pub(crate) fn write_steps(conn: &mut DbConnection, planned: &[Planned]) -> AppResult<()> {
    let mut part_updates = Vec::new();
    let mut strain_updates = Vec::new();
    for step in planned {
        match step.record {
            RecordKey::Part(id) => part_updates.push((id, step.update.clone())),
            RecordKey::Strain(id) => strain_updates.push((id, step.update.clone())),
        }
    }
    rows::set_parts_curation(conn, &part_updates)?;
    rows::set_strains_curation(conn, &strain_updates)?;
    let reviews: Vec<ReviewRow> = planned.iter().map(|p| p.review.clone()).collect();
    rows::insert_reviews(conn, &reviews)?;
    let events: Vec<AuditRow> = planned.iter().map(|p| p.event.clone()).collect();
    crate::db::audit::insert_events(conn, &events)?;
    Ok(())
}

/// Submits a draft (or a record sent back for changes) for review. Strains must carry the
/// MIRRI-IS mandatory set; a 422 lists what is missing.
pub fn submit(
    conn: &mut DbConnection,
    by: &Principal,
    kind: Kind,
    reference: &str,
    if_match: Option<&str>,
    comment: Option<&str>,
) -> AppResult<CurationView> {
    conn.write_transaction(|conn| {
        let record = header(conn, Viewer::of(Some(by)), kind, reference, true)?;
        by.require(Role::Submitter)?;
        parts::check_if_match(if_match, record.revision)?;
        if let Some(refusal) = submit_refusal(by, &record) {
            return Err(refusal.error);
        }
        let update = submitted(&record);
        step(
            conn,
            by,
            kind,
            &record,
            update,
            Note {
                action: "submit",
                reason_code: None,
                comment,
            },
        )
    })
}

pub mod batch;

/// A curator's decision on a submitted record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    RequestChanges,
    Reject,
}

/// Why a record is sent back, rejected or withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    SequenceMismatch,
    MissingMetadata,
    BiosafetyConcern,
    Duplicate,
    OutOfScope,
    LicenseIssue,
    Superseded,
    Other,
}

impl ReasonCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::SequenceMismatch => "sequence_mismatch",
            ReasonCode::MissingMetadata => "missing_metadata",
            ReasonCode::BiosafetyConcern => "biosafety_concern",
            ReasonCode::Duplicate => "duplicate",
            ReasonCode::OutOfScope => "out_of_scope",
            ReasonCode::LicenseIssue => "license_issue",
            ReasonCode::Superseded => "superseded",
            ReasonCode::Other => "other",
        }
    }
}

/// The four-eyes rule: a curator may review a record unless they created it or edited it last.
/// The pages ask this to decide whether to offer the review form.
pub fn may_review(by: &Principal, created_by: UserId, updated_by: UserId) -> bool {
    by.role >= Role::Curator && created_by != by.user.id && updated_by != by.user.id
}

/// Records a curator's decision. Approval publishes the reviewed revision; `if_match` (the ETag
/// the curator read) makes sure it is the revision they reviewed.
#[allow(clippy::too_many_arguments)]
pub fn review(
    conn: &mut DbConnection,
    by: &Principal,
    kind: Kind,
    reference: &str,
    if_match: Option<&str>,
    decision: Decision,
    reason_code: Option<ReasonCode>,
    comment: Option<&str>,
) -> AppResult<CurationView> {
    by.require(Role::Curator)?;
    check_decision(decision, reason_code)?;
    conn.write_transaction(|conn| {
        let record = header(conn, Viewer::of(Some(by)), kind, reference, true)?;
        parts::check_if_match(if_match, record.revision)?;
        if let Some(refusal) = review_refusal(by, &record) {
            return Err(refusal.error);
        }
        if decision == Decision::Approve {
            let unpublished = unpublished_references(conn, &[&record], &HashSet::new())?;
            if let Some(references) = unpublished.get(&record.id) {
                let accessions: Vec<String> = references.iter().map(|(_, a)| a.clone()).collect();
                return Err(references_refusal(&record, &accessions).error);
            }
        }
        let (update, action) = decided(decision, &record);
        step(
            conn,
            by,
            kind,
            &record,
            update,
            Note {
                action,
                reason_code: reason_code.map(ReasonCode::as_str),
                comment,
            },
        )
    })
}

/// Withdraws a published record (curators and admins, with a reason).
pub fn withdraw(
    conn: &mut DbConnection,
    by: &Principal,
    kind: Kind,
    reference: &str,
    if_match: Option<&str>,
    reason_code: ReasonCode,
    comment: Option<&str>,
) -> AppResult<CurationView> {
    by.require(Role::Curator)?;
    conn.write_transaction(|conn| {
        let record = header(conn, Viewer::of(Some(by)), kind, reference, true)?;
        parts::check_if_match(if_match, record.revision)?;
        if record.state != CurationState::Approved {
            return Err(not_allowed(&record, "withdraw"));
        }
        let at = now();
        let reason = comment.unwrap_or(reason_code.as_str());
        match (&record.part, &record.strain) {
            (Some(part), _) => crate::db::parts::withdraw_part(conn, part.id, by.user.id, at, Some(reason))?,
            (_, Some(strain)) => crate::db::strains::withdraw_strain(conn, strain.id, by.user.id, at, Some(reason))?,
            _ => {}
        }
        let update = CurationUpdate {
            state: CurationState::Withdrawn.as_str().into(),
            published_revision: record.published_revision,
            submitted_at: record.submitted_at,
        };
        let mut outcome = step(
            conn,
            by,
            kind,
            &record,
            update,
            Note {
                action: "withdraw",
                reason_code: Some(reason_code.as_str()),
                comment,
            },
        )?;
        // Withdrawal is a change of the record: keep its snapshot as the new revision.
        let revision = record.revision + 1;
        let target = RecordRef {
            kind: kind.name(),
            id: &record.id,
            accession: Some(&record.accession),
        };
        let snapshot = match kind {
            Kind::Part => serde_json::to_value(parts::get_head(conn, &record.id)?),
            Kind::Strain => serde_json::to_value(strains::get_head(conn, &record.id)?),
        }
        .map_err(AppError::internal)?;
        audit::store_snapshot(conn, by, target, revision, &snapshot, comment)?;
        outcome.revision = revision;
        Ok(outcome)
    })
}

/// A published record must not point readers at unpublished ones: the parts a composite is made
/// of or derived from, and the parts and parent strains of a strain, must be published first.
/// For each of `records` (by id) that refers to unpublished records, their ids and accessions
/// (sorted by accession); records
/// whose ids are in `published_now` (approved earlier in the same batch) count as published.
/// A fixed number of queries for any number of records (500 references a query).
pub(crate) fn unpublished_references(
    conn: &mut DbConnection,
    records: &[&Header],
    published_now: &HashSet<uuid::Uuid>,
) -> AppResult<HashMap<String, Vec<(uuid::Uuid, String)>>> {
    use crate::db::types::{PartId, StrainId};
    let part_rows: Vec<&PartRow> = records.iter().filter_map(|r| r.part.as_ref()).collect();
    let strain_rows: Vec<&StrainRow> = records.iter().filter_map(|r| r.strain.as_ref()).collect();
    // record id → the parts and strains it refers to
    let mut part_refs: HashMap<String, Vec<PartId>> = HashMap::new();
    let mut strain_refs: HashMap<String, Vec<StrainId>> = HashMap::new();
    if !part_rows.is_empty() {
        let ids: Vec<PartId> = part_rows.iter().map(|p| p.id).collect();
        for chunk in ids.chunks(500) {
            for component in crate::db::parts::components_of(conn, chunk)? {
                if let Some(id) = component.component_id {
                    part_refs
                        .entry(component.composite_id.to_string())
                        .or_default()
                        .push(id);
                }
            }
        }
        for part in &part_rows {
            let derived = parts::view::stored_derived_from(part)?;
            if !derived.is_empty() {
                part_refs.entry(part.id.to_string()).or_default().extend(derived);
            }
        }
    }
    if !strain_rows.is_empty() {
        let ids: Vec<StrainId> = strain_rows.iter().map(|s| s.id).collect();
        for chunk in ids.chunks(500) {
            for carried in crate::db::strains::carried_parts_of(conn, chunk)? {
                part_refs
                    .entry(carried.strain_id.to_string())
                    .or_default()
                    .push(carried.part_id);
            }
            for parent in crate::db::strains::parents_of(conn, chunk)? {
                strain_refs
                    .entry(parent.child_id.to_string())
                    .or_default()
                    .push(parent.parent_id);
            }
        }
    }
    let mut unpublished_parts: HashMap<PartId, String> = HashMap::new();
    let mut wanted: Vec<PartId> = part_refs.values().flatten().copied().collect();
    wanted.sort();
    wanted.dedup();
    for chunk in wanted.chunks(500) {
        for row in crate::db::parts::find_part_briefs(conn, chunk)? {
            if row.published_revision.is_none() && !published_now.contains(&row.id.0) {
                unpublished_parts.insert(row.id, row.accession);
            }
        }
    }
    let mut unpublished_strains: HashMap<StrainId, String> = HashMap::new();
    let mut wanted: Vec<StrainId> = strain_refs.values().flatten().copied().collect();
    wanted.sort();
    wanted.dedup();
    for chunk in wanted.chunks(500) {
        for row in crate::db::strains::find_strain_briefs(conn, chunk)? {
            if row.published_revision.is_none() && !published_now.contains(&row.id.0) {
                unpublished_strains.insert(row.id, row.accession);
            }
        }
    }
    let mut out: HashMap<String, Vec<(uuid::Uuid, String)>> = HashMap::new();
    for (record, ids) in part_refs {
        for id in ids {
            if let Some(accession) = unpublished_parts.get(&id) {
                out.entry(record.clone()).or_default().push((id.0, accession.clone()));
            }
        }
    }
    for (record, ids) in strain_refs {
        for id in ids {
            if let Some(accession) = unpublished_strains.get(&id) {
                out.entry(record.clone()).or_default().push((id.0, accession.clone()));
            }
        }
    }
    for accessions in out.values_mut() {
        accessions.sort_by(|a, b| a.1.cmp(&b.1));
        accessions.dedup();
    }
    Ok(out)
}

/// The refusal of an approval whose record refers to the unpublished `accessions` (409).
pub(crate) fn references_refusal(record: &Header, accessions: &[String]) -> Refusal {
    Refusal {
        reason: "unpublished_references",
        error: AppError::conflict(format!(
            "{} refers to records that are not published yet: {}; approve those first",
            record.accession,
            accessions.join(", ")
        )),
    }
}

/// A page of the review thread of a record, oldest first: up to `limit` entries after the
/// position `after` (from [`cursor::encode`]), and the position after the last when more follow.
pub fn thread(
    conn: &mut DbConnection,
    viewer: Viewer,
    kind: Kind,
    reference: &str,
    after: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<ReviewView>, Option<String>)> {
    let record = header(conn, viewer, kind, reference, false)?;
    let after = after
        .map(cursor::decode)
        .transpose()?
        .map(|(at, id)| (at, ReviewId(id)));
    let rows = rows::reviews_page(conn, kind.name(), &record.id, after, limit + 1)?;
    let (rows, next) = cursor::split_page(rows, limit, |row| cursor::encode(row.at, row.id));
    Ok((rows.into_iter().map(Into::into).collect(), next))
}

/// A record in the review queue.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QueueItem {
    pub kind: String,
    pub id: String,
    pub accession: String,
    pub name: String,
    /// The owning organisation, as records name it.
    pub owner_org: parts::view::OrganizationRef,
    /// Deprecated: `owner_org.id` (kept for clients written before `owner_org`).
    #[schema(deprecated)]
    pub owner_org_id: OrganizationId,
    pub revision: i32,
    pub submitted_at: DateTime<Utc>,
}

impl QueueItem {
    fn new(row: QueueRow, owner_org: parts::view::OrganizationRef) -> Self {
        QueueItem {
            kind: row.kind.into(),
            id: row.id,
            accession: row.accession,
            name: row.name,
            owner_org_id: row.owner_org_id,
            owner_org,
            revision: row.revision,
            submitted_at: row.submitted_at.and_utc(),
        }
    }
}

/// The review queue of one organisation: how many parts and strains wait.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QueueCount {
    pub organization: parts::view::OrganizationRef,
    pub parts: i64,
    pub strains: i64,
}

/// Organisations listed by [`queue_counts`], at most (the first by id; `truncated` says so).
pub const MAX_COUNTED_ORGANIZATIONS: usize = 1_000;

/// How many parts and strains wait for review, per organisation (curators), by organisation
/// name: two grouped reads of the `submitted` range of `parts_curation_owner` and
/// `strains_curation_owner`; whether organisations beyond [`MAX_COUNTED_ORGANIZATIONS`] were left out.
pub fn queue_counts(conn: &mut DbConnection, by: &Principal) -> AppResult<(Vec<QueueCount>, bool)> {
    by.require(Role::Curator)?;
    let mut counts: HashMap<OrganizationId, (i64, i64)> = HashMap::new();
    for (org, n) in rows::queued_parts_per_organization(conn)? {
        counts.entry(org).or_default().0 = n;
    }
    for (org, n) in rows::queued_strains_per_organization(conn)? {
        counts.entry(org).or_default().1 = n;
    }
    let mut owners: Vec<OrganizationId> = counts.keys().copied().collect();
    owners.sort();
    let truncated = owners.len() > MAX_COUNTED_ORGANIZATIONS;
    owners.truncate(MAX_COUNTED_ORGANIZATIONS);
    let organizations = parts::view::organization_refs(conn, &owners)?;
    let mut out: Vec<QueueCount> = owners
        .into_iter()
        .filter_map(|org| {
            let (parts, strains) = counts[&org];
            organizations.get(&org).map(|organization| QueueCount {
                organization: organization.clone(),
                parts,
                strains,
            })
        })
        .collect();
    out.sort_by(|a, b| a.organization.name.cmp(&b.organization.name));
    Ok((out, truncated))
}

/// A page of submitted records, oldest submission first (curators): up to `limit` after the
/// position `after`, and the position after the last when more follow.
pub fn queue(
    conn: &mut DbConnection,
    by: &Principal,
    kind: Option<Kind>,
    organization: Option<OrganizationId>,
    import: Option<ImportId>,
    after: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<QueueItem>, Option<String>)> {
    by.require(Role::Curator)?;
    let after = after.map(decode_queue_position).transpose()?;
    let rows = rows::queue(
        conn,
        kind.map(Kind::name),
        organization,
        import,
        after.as_ref(),
        limit + 1,
    )?;
    let (rows, next) = cursor::split_page(rows, limit, |row| cursor::encode(row.submitted_at, &row.accession));
    let owners: Vec<OrganizationId> = rows.iter().map(|r| r.owner_org_id).collect();
    let organizations = parts::view::organization_refs(conn, &owners)?;
    let items = rows
        .into_iter()
        .map(|row| {
            let owner = organizations.get(&row.owner_org_id).cloned().ok_or_else(|| {
                AppError::internal(format!(
                    "organisation {} of {} is missing",
                    row.owner_org_id, row.accession
                ))
            })?;
            Ok(QueueItem::new(row, owner))
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok((items, next))
}

/// `(submitted_at, accession)` of a queue position.
fn decode_queue_position(position: &str) -> AppResult<(NaiveDateTime, String)> {
    let invalid = || AppError::invalid_field("cursor", "is not a cursor returned by this list");
    let (at, accession) = position.split_once('|').ok_or_else(invalid)?;
    let at = NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M:%S%.f").map_err(|_| invalid())?;
    Ok((at, accession.to_string()))
}
