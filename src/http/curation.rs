//! Owns the curation endpoints: submit, review and withdraw for parts and strains, review
//! threads, and the curators' review queue.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Authenticated, Caller};
use crate::domain::curation::{self, CurationView, Decision, Kind, QueueItem, ReasonCode, ReviewView};
use crate::domain::visibility::Viewer;
use crate::domain::{accounts, cursor};
use crate::error::{AppError, AppResult};
use crate::http::extract::{page_limit, ApiJson, ApiQuery, OptionalJson};
use crate::http::lists::{self, PageParams};
use crate::http::parts::if_match;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitRequest {
    /// A note for the curators.
    #[serde(default)]
    pub comment: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    pub decision: Decision,
    /// Required unless the decision is `approve`.
    #[serde(default)]
    pub reason_code: Option<ReasonCode>,
    #[serde(default)]
    pub comment: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawRequest {
    pub reason_code: ReasonCode,
    #[serde(default)]
    pub comment: Option<String>,
}

async fn submit(
    state: web::Data<AppState>,
    caller: Authenticated,
    kind: Kind,
    reference: String,
    if_match: Option<String>,
    body: SubmitRequest,
) -> AppResult<web::Json<CurationView>> {
    let principal = caller.0;
    Ok(web::Json(
        state
            .db_write(move |conn| {
                curation::submit(
                    conn,
                    &principal,
                    kind,
                    &reference,
                    if_match.as_deref(),
                    body.comment.as_deref(),
                )
            })
            .await?,
    ))
}

async fn review(
    state: web::Data<AppState>,
    caller: Authenticated,
    kind: Kind,
    reference: String,
    if_match: Option<String>,
    body: ReviewRequest,
) -> AppResult<web::Json<CurationView>> {
    let principal = caller.0;
    Ok(web::Json(
        state
            .db_write(move |conn| {
                curation::review(
                    conn,
                    &principal,
                    kind,
                    &reference,
                    if_match.as_deref(),
                    body.decision,
                    body.reason_code,
                    body.comment.as_deref(),
                )
            })
            .await?,
    ))
}

async fn withdraw(
    state: web::Data<AppState>,
    caller: Authenticated,
    kind: Kind,
    reference: String,
    if_match: Option<String>,
    body: Option<WithdrawRequest>,
) -> AppResult<web::Json<CurationView>> {
    // A bare POST is read as an empty body, which lacks the one required field.
    let body = body.ok_or_else(|| {
        AppError::invalid_field(
            "reason_code",
            "is required: why the record is withdrawn (send a JSON body such as {\"reason_code\": \"other\", \"comment\": \"…\"})",
        )
    })?;
    let principal = caller.0;
    Ok(web::Json(
        state
            .db_write(move |conn| {
                curation::withdraw(
                    conn,
                    &principal,
                    kind,
                    &reference,
                    if_match.as_deref(),
                    body.reason_code,
                    body.comment.as_deref(),
                )
            })
            .await?,
    ))
}

async fn reviews(
    state: web::Data<AppState>,
    caller: Caller,
    kind: Kind,
    reference: String,
    page: PageParams,
    request: HttpRequest,
) -> AppResult<HttpResponse> {
    caller.require_read(&state)?;
    let (limit, after) = page.read("reviews")?;
    let viewer = Viewer::of(caller.0.as_ref());
    let (items, next) = state
        .db(move |conn| curation::thread(conn, viewer, kind, &reference, after.as_deref(), limit))
        .await?;
    Ok(lists::page(&request, "reviews", items, limit, next))
}

lists::page_type!(
    /// A page of a record's review thread.
    ReviewPage,
    ReviewView
);

lists::page_type!(
    /// A page of the review queue.
    QueuePage,
    QueueItem
);

/// Submit the record for review (a submitter of its organisation). Strains must carry the MIRRI-IS mandatory fields.
#[utoipa::path(post, path = "/api/v1/parts/{id}/submit", operation_id = "submit_part", tag = "curation",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Part id or accession"),
        ("If-Match" = Option<String>, Header, description = "ETag of the revision acted on (a GET of the part gives it); 412 when it is no longer current"),
    ),
    request_body(content = Option<SubmitRequest>, description = "Optional: a bare POST submits without a note",
        example = json!({"comment": "ready for review"})),
    responses(
        (status = 200, description = "Submitted", body = CurationView),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Not a submitter of the owning organisation"),
        (status = 404, description = "No such record"),
        (status = 409, description = "Not allowed from the current state (named)"),
        (status = 412, description = "If-Match does not name the current revision"),
        (status = 415, description = "Body is not JSON"),
        (status = 422, description = "Mandatory fields missing (all listed)"),
    ))]
pub async fn submit_part(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
    req: HttpRequest,
    body: OptionalJson<SubmitRequest>,
) -> AppResult<web::Json<CurationView>> {
    submit(state, caller, Kind::Part, path.into_inner(), if_match(&req), body.0).await
}

/// Record a curator's decision: approve (publishes the reviewed revision), request_changes or reject (a reason_code is required). Nobody reviews a record they created or last edited.
#[utoipa::path(post, path = "/api/v1/parts/{id}/review", operation_id = "review_part", tag = "curation",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Part id or accession"),
        ("If-Match" = Option<String>, Header, description = "ETag of the revision acted on (a GET of the part gives it); 412 when it is no longer current"),
    ),
    request_body(content = ReviewRequest,
        example = json!({"decision": "request_changes", "reason_code": "missing_metadata", "comment": "please add the host strain"})),
    responses(
        (status = 200, description = "Decided", body = CurationView),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Not a curator, or the curator created or last edited the record"),
        (status = 404, description = "No such record"),
        (status = 409, description = "The record is not submitted (its state is named)"),
        (status = 412, description = "If-Match does not name the current revision"),
        (status = 415, description = "Body is not JSON"),
        (status = 422, description = "Invalid decision or missing reason_code"),
    ))]
pub async fn review_part(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
    req: HttpRequest,
    body: ApiJson<ReviewRequest>,
) -> AppResult<web::Json<CurationView>> {
    review(state, caller, Kind::Part, path.into_inner(), if_match(&req), body.0).await
}

/// Withdraw a published record (curators and admins, with a reason).
#[utoipa::path(post, path = "/api/v1/parts/{id}/withdraw", operation_id = "withdraw_published_part", tag = "curation",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Part id or accession"),
        ("If-Match" = Option<String>, Header, description = "ETag of the revision acted on (a GET of the part gives it); 412 when it is no longer current"),
    ),
    request_body(content = WithdrawRequest, description = "Why; a bare POST answers 422 naming `reason_code`",
        example = json!({"reason_code": "superseded", "comment": "replaced by a corrected record"})),
    responses(
        (status = 200, description = "Withdrawn", body = CurationView),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Not a curator"),
        (status = 404, description = "No such record"),
        (status = 409, description = "The record is not approved (its state is named)"),
        (status = 412, description = "If-Match does not name the current revision"),
        (status = 415, description = "Body is not JSON"),
        (status = 422, description = "Invalid reason_code"),
    ))]
pub async fn withdraw_published_part(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
    req: HttpRequest,
    body: OptionalJson<Option<WithdrawRequest>>,
) -> AppResult<web::Json<CurationView>> {
    withdraw(state, caller, Kind::Part, path.into_inner(), if_match(&req), body.0).await
}

/// The review thread of a part: submissions, decisions and withdrawals, oldest first.
#[utoipa::path(get, path = "/api/v1/parts/{id}/reviews", operation_id = "list_part_reviews", tag = "curation",
    security((), ("bearer" = [])),
    params(("id" = String, Path, description = "Part id or accession"), PageParams),
    responses(
        (status = 200, description = "The thread, oldest first", body = ReviewPage),
        (status = 422, description = "Bad `limit` or `cursor`"),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 404, description = "No such record"),
    ))]
pub async fn list_part_reviews(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    page: ApiQuery<PageParams>,
    request: HttpRequest,
) -> AppResult<HttpResponse> {
    reviews(state, caller, Kind::Part, path.into_inner(), page.0, request).await
}

/// Submit the record for review (a submitter of its organisation). Strains must carry the MIRRI-IS mandatory fields.
#[utoipa::path(post, path = "/api/v1/strains/{id}/submit", operation_id = "submit_strain", tag = "curation",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Strain id or accession"),
        ("If-Match" = Option<String>, Header, description = "ETag of the revision acted on (a GET of the strain gives it); 412 when it is no longer current"),
    ),
    request_body(content = Option<SubmitRequest>, description = "Optional: a bare POST submits without a note",
        example = json!({"comment": "ready for review"})),
    responses(
        (status = 200, description = "Submitted", body = CurationView),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Not a submitter of the owning organisation"),
        (status = 404, description = "No such record"),
        (status = 409, description = "Not allowed from the current state (named)"),
        (status = 412, description = "If-Match does not name the current revision"),
        (status = 415, description = "Body is not JSON"),
        (status = 422, description = "Mandatory fields missing (all listed)"),
    ))]
pub async fn submit_strain(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
    req: HttpRequest,
    body: OptionalJson<SubmitRequest>,
) -> AppResult<web::Json<CurationView>> {
    submit(state, caller, Kind::Strain, path.into_inner(), if_match(&req), body.0).await
}

/// Record a curator's decision: approve (publishes the reviewed revision), request_changes or reject (a reason_code is required). Nobody reviews a record they created or last edited.
#[utoipa::path(post, path = "/api/v1/strains/{id}/review", operation_id = "review_strain", tag = "curation",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Strain id or accession"),
        ("If-Match" = Option<String>, Header, description = "ETag of the revision acted on (a GET of the strain gives it); 412 when it is no longer current"),
    ),
    request_body(content = ReviewRequest,
        example = json!({"decision": "request_changes", "reason_code": "missing_metadata", "comment": "please add the host strain"})),
    responses(
        (status = 200, description = "Decided", body = CurationView),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Not a curator, or the curator created or last edited the record"),
        (status = 404, description = "No such record"),
        (status = 409, description = "The record is not submitted (its state is named)"),
        (status = 412, description = "If-Match does not name the current revision"),
        (status = 415, description = "Body is not JSON"),
        (status = 422, description = "Invalid decision or missing reason_code"),
    ))]
pub async fn review_strain(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
    req: HttpRequest,
    body: ApiJson<ReviewRequest>,
) -> AppResult<web::Json<CurationView>> {
    review(state, caller, Kind::Strain, path.into_inner(), if_match(&req), body.0).await
}

/// Withdraw a published record (curators and admins, with a reason).
#[utoipa::path(post, path = "/api/v1/strains/{id}/withdraw", operation_id = "withdraw_published_strain", tag = "curation",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Strain id or accession"),
        ("If-Match" = Option<String>, Header, description = "ETag of the revision acted on (a GET of the strain gives it); 412 when it is no longer current"),
    ),
    request_body(content = WithdrawRequest, description = "Why; a bare POST answers 422 naming `reason_code`",
        example = json!({"reason_code": "superseded", "comment": "replaced by a corrected record"})),
    responses(
        (status = 200, description = "Withdrawn", body = CurationView),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Not a curator"),
        (status = 404, description = "No such record"),
        (status = 409, description = "The record is not approved (its state is named)"),
        (status = 412, description = "If-Match does not name the current revision"),
        (status = 415, description = "Body is not JSON"),
        (status = 422, description = "Invalid reason_code"),
    ))]
pub async fn withdraw_published_strain(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
    req: HttpRequest,
    body: OptionalJson<Option<WithdrawRequest>>,
) -> AppResult<web::Json<CurationView>> {
    withdraw(state, caller, Kind::Strain, path.into_inner(), if_match(&req), body.0).await
}

/// The review thread of a strain: submissions, decisions and withdrawals, oldest first.
#[utoipa::path(get, path = "/api/v1/strains/{id}/reviews", operation_id = "list_strain_reviews", tag = "curation",
    security((), ("bearer" = [])),
    params(("id" = String, Path, description = "Strain id or accession"), PageParams),
    responses(
        (status = 200, description = "The thread, oldest first", body = ReviewPage),
        (status = 422, description = "Bad `limit` or `cursor`"),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 404, description = "No such record"),
    ))]
pub async fn list_strain_reviews(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    page: ApiQuery<PageParams>,
    request: HttpRequest,
) -> AppResult<HttpResponse> {
    reviews(state, caller, Kind::Strain, path.into_inner(), page.0, request).await
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum QueueKind {
    #[serde(alias = "parts")]
    Part,
    #[serde(alias = "strains")]
    Strain,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct QueueParams {
    /// Only parts or only strains.
    pub kind: Option<QueueKind>,
    /// Only records of this organisation (slug or id).
    pub organization: Option<String>,
    /// Only records registered by this import (its id).
    pub import: Option<crate::db::types::ImportId>,
    /// Page size, 1-500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Submitted records waiting for a curator, oldest first.
#[utoipa::path(get, path = "/api/v1/reviews/queue", operation_id = "list_review_queue", tag = "curation",
    security(("bearer" = [])),
    params(QueueParams),
    responses(
        (status = 200, description = "The queue, oldest submission first", body = QueuePage),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Not a curator"),
        (status = 422, description = "Invalid query parameter or unknown organisation"),
    ))]
pub async fn review_queue(
    state: web::Data<AppState>,
    caller: Authenticated,
    params: ApiQuery<QueueParams>,
    request: HttpRequest,
) -> AppResult<HttpResponse> {
    let principal = caller.0;
    let p = params.0;
    let limit = page_limit(p.limit)?;
    let after = cursor::open_opt("queue", p.cursor.as_deref())?;
    let kind = p.kind.map(|k| match k {
        QueueKind::Part => Kind::Part,
        QueueKind::Strain => Kind::Strain,
    });
    let (items, next) = state
        .db(move |conn| {
            principal.require(accounts::Role::Curator)?;
            let organization = accounts::organization_filter(conn, "organization", p.organization.as_deref())?;
            curation::queue(conn, &principal, kind, organization, p.import, after.as_deref(), limit)
        })
        .await?;
    Ok(lists::page(&request, "queue", items, limit, next))
}
