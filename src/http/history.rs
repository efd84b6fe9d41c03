//! Owns the history endpoints: revisions of parts and strains (list, one, field-level diff) and
//! the audit log (admins).

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Authenticated, Caller};
use crate::db::audit::AuditFilter;
use crate::db::DbConnection;
use crate::domain::accounts::{self, Role};
use crate::domain::audit::{self, AuditEventView, FieldChange, RevisionRange, RevisionSummary, RevisionView};
use crate::domain::visibility::Viewer;
use crate::domain::{cursor, parts, strains};
use crate::error::{AppError, AppResult};
use crate::http::extract::{page_limit, ApiQuery};
use crate::http::lists::{self, PageParams};
use crate::state::AppState;

/// Which library a history route is about.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Part,
    Strain,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Part => "part",
            Kind::Strain => "strain",
        }
    }

    /// The record's id and which revisions the viewer may read (`None`: all).
    fn resolve(
        self,
        conn: &mut DbConnection,
        viewer: Viewer,
        reference: &str,
    ) -> AppResult<(String, Option<Vec<i32>>)> {
        match self {
            Kind::Part => parts::history_access(conn, viewer, reference),
            Kind::Strain => strains::history_access(conn, viewer, reference),
        }
    }
}

async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    kind: Kind,
    reference: String,
    page: PageParams,
    request: HttpRequest,
) -> AppResult<HttpResponse> {
    caller.require_read(&state)?;
    let viewer = Viewer::of(caller.0.as_ref());
    let (limit, after) = page.read("revisions")?;
    let after = after.as_deref().map(audit::decode_revision_cursor).transpose()?;
    let (revisions, more) = state
        .db(move |conn| {
            let (id, allowed) = kind.resolve(conn, viewer, &reference)?;
            let range = RevisionRange::After(after);
            audit::revisions(conn, kind.name(), &id, allowed.as_deref(), range, limit)
        })
        .await?;
    let next = revisions
        .last()
        .filter(|_| more)
        .map(|r| audit::encode_revision_cursor(r.revision));
    Ok(lists::page(&request, "revisions", revisions, limit, next))
}

lists::page_type!(
    /// A page of a record's revisions.
    RevisionPage,
    RevisionSummary
);

async fn one(
    state: web::Data<AppState>,
    caller: Caller,
    kind: Kind,
    reference: String,
    number: i32,
) -> AppResult<web::Json<RevisionView>> {
    caller.require_read(&state)?;
    let viewer = Viewer::of(caller.0.as_ref());
    let revision = state
        .db(move |conn| {
            let (id, allowed) = kind.resolve(conn, viewer, &reference)?;
            readable(&allowed, kind, &reference, number)?;
            audit::revision(conn, kind.name(), &id, number)
        })
        .await?;
    Ok(web::Json(revision))
}

/// The changes from revision `a` to revision `b`.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionDiff {
    pub from: i32,
    pub to: i32,
    pub changes: Vec<FieldChange>,
}

async fn diff(
    state: web::Data<AppState>,
    caller: Caller,
    kind: Kind,
    reference: String,
    a: i32,
    b: i32,
) -> AppResult<web::Json<RevisionDiff>> {
    caller.require_read(&state)?;
    let viewer = Viewer::of(caller.0.as_ref());
    let (before, after) = state
        .db(move |conn| {
            let (id, allowed) = kind.resolve(conn, viewer, &reference)?;
            readable(&allowed, kind, &reference, a)?;
            readable(&allowed, kind, &reference, b)?;
            Ok((
                audit::revision(conn, kind.name(), &id, a)?,
                audit::revision(conn, kind.name(), &id, b)?,
            ))
        })
        .await?;
    Ok(web::Json(RevisionDiff {
        from: a,
        to: b,
        changes: audit::diff(&before.snapshot, &after.snapshot),
    }))
}

/// The revisions of a part, oldest first, a page at a time.
#[utoipa::path(get, path = "/api/v1/parts/{id}/revisions", operation_id = "list_part_revisions", tag = "history",
    security((), ("bearer" = [])),
    params(("id" = String, Path, description = "Part id or accession"), PageParams),
    responses(
        (status = 200, description = "Who changed the part, when, why, oldest first", body = RevisionPage,
            headers(("Link" = String, description = "`<url>; rel=\"next\"` when more revisions follow"))),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 404, description = "No such part"),
        (status = 422, description = "Bad `limit` or `cursor`"),
    ))]
pub async fn list_part_revisions(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    page: ApiQuery<PageParams>,
    request: HttpRequest,
) -> AppResult<HttpResponse> {
    list(state, caller, Kind::Part, path.into_inner(), page.0, request).await
}

/// A part as it was at a revision.
#[utoipa::path(get, path = "/api/v1/parts/{id}/revisions/{n}", operation_id = "get_part_revision", tag = "history",
    security((), ("bearer" = [])),
    params(("id" = String, Path, description = "Part id or accession"), ("n" = i32, Path, description = "Revision number")),
    responses(
        (status = 200, description = "The revision with the full record as it was", body = RevisionView),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 404, description = "No such part or revision"),
    ))]
pub async fn get_part_revision(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> AppResult<web::Json<RevisionView>> {
    let (reference, number) = path.into_inner();
    one(state, caller, Kind::Part, reference, revision_number("n", &number)?).await
}

/// Field-level differences between two revisions of a part.
#[utoipa::path(get, path = "/api/v1/parts/{id}/revisions/{a}/diff/{b}", operation_id = "diff_part_revisions", tag = "history",
    security((), ("bearer" = [])),
    params(
        ("id" = String, Path, description = "Part id or accession"),
        ("a" = i32, Path, description = "From revision"),
        ("b" = i32, Path, description = "To revision"),
    ),
    responses(
        (status = 200, description = "Every changed field, with its value before and after", body = RevisionDiff),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 404, description = "No such part or revision"),
    ))]
pub async fn diff_part_revisions(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String, String)>,
) -> AppResult<web::Json<RevisionDiff>> {
    let (reference, a, b) = path.into_inner();
    diff(
        state,
        caller,
        Kind::Part,
        reference,
        revision_number("a", &a)?,
        revision_number("b", &b)?,
    )
    .await
}

/// The revisions of a strain, oldest first, a page at a time.
#[utoipa::path(get, path = "/api/v1/strains/{id}/revisions", operation_id = "list_strain_revisions", tag = "history",
    security((), ("bearer" = [])),
    params(("id" = String, Path, description = "Strain id or accession"), PageParams),
    responses(
        (status = 200, description = "Who changed the strain, when, why, oldest first", body = RevisionPage,
            headers(("Link" = String, description = "`<url>; rel=\"next\"` when more revisions follow"))),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 404, description = "No such strain"),
        (status = 422, description = "Bad `limit` or `cursor`"),
    ))]
pub async fn list_strain_revisions(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    page: ApiQuery<PageParams>,
    request: HttpRequest,
) -> AppResult<HttpResponse> {
    list(state, caller, Kind::Strain, path.into_inner(), page.0, request).await
}

/// A strain as it was at a revision.
#[utoipa::path(get, path = "/api/v1/strains/{id}/revisions/{n}", operation_id = "get_strain_revision", tag = "history",
    security((), ("bearer" = [])),
    params(("id" = String, Path, description = "Strain id or accession"), ("n" = i32, Path, description = "Revision number")),
    responses(
        (status = 200, description = "The revision with the full record as it was", body = RevisionView),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 404, description = "No such strain or revision"),
    ))]
pub async fn get_strain_revision(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> AppResult<web::Json<RevisionView>> {
    let (reference, number) = path.into_inner();
    one(state, caller, Kind::Strain, reference, revision_number("n", &number)?).await
}

/// Field-level differences between two revisions of a strain.
#[utoipa::path(get, path = "/api/v1/strains/{id}/revisions/{a}/diff/{b}", operation_id = "diff_strain_revisions", tag = "history",
    security((), ("bearer" = [])),
    params(
        ("id" = String, Path, description = "Strain id or accession"),
        ("a" = i32, Path, description = "From revision"),
        ("b" = i32, Path, description = "To revision"),
    ),
    responses(
        (status = 200, description = "Every changed field, with its value before and after", body = RevisionDiff),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 404, description = "No such strain or revision"),
    ))]
pub async fn diff_strain_revisions(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String, String)>,
) -> AppResult<web::Json<RevisionDiff>> {
    let (reference, a, b) = path.into_inner();
    diff(
        state,
        caller,
        Kind::Strain,
        reference,
        revision_number("a", &a)?,
        revision_number("b", &b)?,
    )
    .await
}

/// 404 for a revision the viewer may not read (an unpublished draft of someone else's record).
fn readable(allowed: &Option<Vec<i32>>, kind: Kind, reference: &str, number: i32) -> AppResult<()> {
    match allowed {
        Some(list) if !list.contains(&number) => Err(AppError::not_found(format!(
            "{} {reference} has no revision {number}",
            kind.name()
        ))),
        _ => Ok(()),
    }
}

fn revision_number(name: &str, value: &str) -> AppResult<i32> {
    value
        .parse::<i32>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| AppError::not_found(format!("`{value}` is not a revision number (path parameter `{name}`)")))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditParams {
    /// Record id or accession.
    pub record: Option<String>,
    /// User id or name of the actor.
    pub actor: Option<String>,
    /// e.g. `part.created`, `strain.edited`, `sample.added`, `token.revoked`, `auth.failed`.
    pub action: Option<String>,
    /// Events after this time (RFC 3339, exclusive, as `created_after` is everywhere).
    pub created_after: Option<DateTime<Utc>>,
    /// Events before this time (RFC 3339, exclusive; formerly `to`, still accepted).
    #[serde(alias = "to")]
    pub created_before: Option<DateTime<Utc>>,
    /// Page size, 1-500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Deprecated (use `created_after`): events at or after this time (RFC 3339, inclusive).
    pub from: Option<DateTime<Utc>>,
}

lists::page_type!(
    /// A page of the audit log.
    AuditPage,
    AuditEventView
);

/// The audit log, oldest first. Entries cannot be edited or deleted through any API.
#[utoipa::path(get, path = "/api/v1/audit", operation_id = "list_audit_events", tag = "audit",
    security(("bearer" = [])),
    params(AuditParams),
    responses(
        (status = 200, description = "A page of events", body = AuditPage),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Caller is not an admin"),
        (status = 422, description = "Invalid query parameter, or an unknown actor"),
    ))]
pub async fn list_audit_events(
    state: web::Data<AppState>,
    caller: Authenticated,
    params: ApiQuery<AuditParams>,
    request: HttpRequest,
) -> AppResult<HttpResponse> {
    caller.require(Role::Admin)?;
    let p = params.0;
    let limit = page_limit(p.limit)?;
    let after = cursor::open_opt("audit", p.cursor.as_deref())?;
    let (items, next_cursor) = state
        .db(move |conn| {
            let actor_id = match &p.actor {
                Some(reference) => Some(
                    accounts::find_user(conn, reference)
                        .map_err(|e| AppError::invalid_field("actor", e.detail))?
                        .id,
                ),
                None => None,
            };
            let filter = AuditFilter {
                record: p.record.clone(),
                actor_id,
                action: p.action.clone(),
                from: p.from.map(|t| t.naive_utc()),
                after: p.created_after.map(|t| t.naive_utc()),
                to: p.created_before.map(|t| t.naive_utc()),
            };
            audit::events(conn, &filter, after.as_deref(), limit)
        })
        .await?;
    Ok(lists::page(&request, "audit", items, limit, next_cursor))
}
