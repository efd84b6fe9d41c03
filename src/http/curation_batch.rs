//! Owns curation at scale: one decision on a whole import or a list of records
//! (`POST /api/v1/reviews/batch`), the submission of an import's drafts in one call
//! (`POST /api/v1/imports/{id}/submit`) and the review queue counted per organisation
//! (`GET /api/v1/reviews/queue/counts`).

use actix_web::web;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::db::types::ImportId;
use crate::domain::curation::batch::{self, BatchOutcome, Selection};
use crate::domain::curation::{self, Decision, Kind, QueueCount, ReasonCode};
use crate::error::{AppError, AppResult};
use crate::http::curation::QueueKind;
use crate::http::extract::{ApiJson, OptionalJson};
use crate::state::AppState;

impl From<QueueKind> for Kind {
    fn from(kind: QueueKind) -> Kind {
        match kind {
            QueueKind::Part => Kind::Part,
            QueueKind::Strain => Kind::Strain,
        }
    }
}

/// One record named in a batch.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRecord {
    /// `part` or `strain`; without it both libraries are looked in.
    #[serde(default)]
    pub kind: Option<QueueKind>,
    /// Id or accession.
    pub id: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchReviewRequest {
    pub decision: Decision,
    /// Required unless the decision is `approve`; one reason for every record.
    #[serde(default)]
    pub reason_code: Option<ReasonCode>,
    /// One comment, kept in every record's review entry.
    #[serde(default)]
    pub comment: Option<String>,
    /// Every submitted record of this import (its id). Give `import` or `records`, not both.
    #[serde(default)]
    pub import: Option<ImportId>,
    /// These records (1 to 1,000).
    #[serde(default)]
    #[schema(max_items = 1000)]
    pub records: Option<Vec<BatchRecord>>,
    /// Only parts or only strains.
    #[serde(default)]
    pub kind: Option<QueueKind>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitImportRequest {
    /// A note for the curators, kept in every record's review entry.
    #[serde(default)]
    pub comment: Option<String>,
    /// Only parts or only strains.
    #[serde(default)]
    pub kind: Option<QueueKind>,
}

/// The review queue counted per organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueueCounts {
    /// Organisations with records waiting, by name (at most 1,000).
    pub organizations: Vec<QueueCount>,
    /// More organisations have records waiting than are listed.
    pub truncated: bool,
}

/// Decide on many submitted records at once (curators): every submitted record of an import
/// (`import`), or the records listed (`records`, at most 1,000), each exactly as a single review
/// would decide it — its own review entry, audit event, curation state and, on approval, published
/// revision — in one transaction. Records the curator created or last edited (four eyes), or whose
/// references are unpublished (approve), are `refused`; records not submitted, or not found, are
/// `skipped`; both are listed (the first 100) and counted, and stay as they were. At most
/// `BIOREG_BATCH_MAX_RECORDS` (default 10,000) records are decided per call; `remaining` counts
/// the import's submitted records the call did not reach, and repeating the call goes on.
#[utoipa::path(post, path = "/api/v1/reviews/batch", operation_id = "review_batch", tag = "curation",
    security(("bearer" = [])),
    request_body(content = BatchReviewRequest,
        example = json!({"decision": "approve", "comment": "checked the whole import", "import": "0b9c1f4e-8a53-4f0c-9d3e-2f1a6c1b7e21"})),
    responses(
        (status = 200, description = "Decided; the counts, refused and skipped records, and how many remain", body = BatchOutcome,
            example = json!({"action": "approve", "curation_state": "approved", "import": "0b9c1f4e-8a53-4f0c-9d3e-2f1a6c1b7e21",
                "counts": {"done": 9998, "refused": 2, "skipped": 0}, "remaining": 0, "max_records": 10000,
                "refused": [{"kind": "part", "id": "5f0d…", "accession": "BRP000412", "reason": "four_eyes",
                    "detail": "four eyes: BRP000412 was created or last edited by cora, who may not review it"}],
                "skipped": []})),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Not a curator"),
        (status = 404, description = "No such import"),
        (status = 415, description = "Body is not JSON"),
        (status = 422, description = "Neither or both of `import` and `records`, more than 1,000 records, or a decision without its reason_code"),
    ))]
pub async fn review_batch(
    state: web::Data<AppState>,
    caller: Authenticated,
    body: ApiJson<BatchReviewRequest>,
) -> AppResult<web::Json<BatchOutcome>> {
    let principal = caller.0;
    let body = body.0;
    let selection = match (body.import, body.records) {
        (Some(import), None) => Selection::Import(import),
        (None, Some(records)) if !records.is_empty() => Selection::Records(
            records
                .into_iter()
                .map(|record| (record.kind.map(Kind::from), record.id))
                .collect(),
        ),
        (None, Some(_)) => return Err(AppError::invalid_field("records", "names no record")),
        (Some(_), Some(_)) => {
            return Err(AppError::invalid_field(
                "import",
                "give `import` or `records`, not both",
            ))
        }
        (None, None) => {
            return Err(AppError::invalid_field(
                "import",
                "say which records: `import` (an import's id) or `records`",
            ))
        }
    };
    let max_records = state.settings.batch_max_records;
    let kind = body.kind.map(Kind::from);
    Ok(web::Json(
        state
            .db_write(move |conn| {
                batch::decide(
                    conn,
                    &principal,
                    selection,
                    kind,
                    body.decision,
                    body.reason_code,
                    body.comment.as_deref(),
                    max_records,
                )
            })
            .await?,
    ))
}

/// Submit every draft of an import (and every record of it sent back for changes) for review, in
/// one call: a submitter of the import's organisation, under the rules of a single submission
/// (strains without the MIRRI-IS fields are `refused` and listed). At most
/// `BIOREG_BATCH_MAX_RECORDS` records a call; `remaining` says how many are left for the next.
#[utoipa::path(post, path = "/api/v1/imports/{id}/submit", operation_id = "submit_import", tag = "curation",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Import id")),
    request_body(content = Option<SubmitImportRequest>, description = "Optional: a bare POST submits without a note",
        example = json!({"comment": "the 2026 plasmid collection, ready for review"})),
    responses(
        (status = 200, description = "Submitted; the counts, refused and skipped records, and how many remain", body = BatchOutcome),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Not a submitter of the import's organisation"),
        (status = 404, description = "No such import"),
        (status = 415, description = "Body is not JSON"),
        (status = 422, description = "Invalid field"),
    ))]
pub async fn submit_import(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
    body: OptionalJson<SubmitImportRequest>,
) -> AppResult<web::Json<BatchOutcome>> {
    let principal = caller.0;
    let import = path.into_inner();
    let body = body.0;
    let max_records = state.settings.batch_max_records;
    Ok(web::Json(
        state
            .db_write(move |conn| {
                batch::submit_import(
                    conn,
                    &principal,
                    &import,
                    body.kind.map(Kind::from),
                    body.comment.as_deref(),
                    max_records,
                )
            })
            .await?,
    ))
}

/// How many parts and strains wait for review, per organisation (curators).
#[utoipa::path(get, path = "/api/v1/reviews/queue/counts", operation_id = "count_review_queue", tag = "curation",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Organisations with records waiting, by name", body = QueueCounts),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Not a curator"),
    ))]
pub async fn count_review_queue(
    state: web::Data<AppState>,
    caller: Authenticated,
) -> AppResult<web::Json<QueueCounts>> {
    let principal = caller.0;
    let (organizations, truncated) = state.db(move |conn| curation::queue_counts(conn, &principal)).await?;
    Ok(web::Json(QueueCounts {
        organizations,
        truncated,
    }))
}
