//! `/api/v1/imports`: a file of parts or strains in, a report out (see [`crate::domain::imports`]),
//! in the request or as a job ([`crate::domain::import_jobs`]); imports read and listed.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Authenticated;
use crate::domain::accounts::Role;
use crate::domain::formats::{csv, Defaults};
use crate::domain::import_jobs::{self, ImportJob, ImportJobSummary, JobState, ListFilter, RanNow};
use crate::domain::imports::{ImportFormat, ImportKind, ImportReport, ImportRequest};
use crate::error::{AppError, AppResult};
use crate::http::extract::{page_limit, ApiQuery};
use crate::seq::{MoleculeType, Topology};
use crate::state::AppState;

/// Most fields a multipart import may have before its `file` (each costs parsing on the worker).
const MAX_MULTIPART_FIELDS: usize = 100;

/// The `file` field of a `multipart/form-data` upload (a browser form), with its file name.
async fn multipart_file(
    request: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> AppResult<(web::Bytes, Option<String>)> {
    use futures_util::StreamExt as _;
    let mut form = actix_multipart::Multipart::new(request.headers(), payload);
    // Other fields are skipped, but their bytes count against the limit too: a form that never
    // reaches its `file` field must not keep the request reading forever.
    let mut skipped = 0usize;
    let mut fields = 0usize;
    while let Some(field) = form.next().await {
        fields += 1;
        if fields > MAX_MULTIPART_FIELDS {
            return Err(AppError::bad_request(format!(
                "the multipart form has more than {MAX_MULTIPART_FIELDS} fields before its `file` field"
            )));
        }
        let mut field = field.map_err(|e| AppError::bad_request(format!("the multipart body cannot be read: {e}")))?;
        let disposition = field.content_disposition().cloned();
        if disposition.as_ref().and_then(|d| d.get_name()) != Some("file") {
            while let Some(chunk) = field.next().await {
                skipped += chunk.map_or(0, |c| c.len());
                if skipped > limit {
                    return Err(AppError::payload_too_large(limit, "BIOREG_MAX_IMPORT_BYTES"));
                }
            }
            continue;
        }
        let file_name = disposition.as_ref().and_then(|d| d.get_filename()).map(str::to_string);
        let mut bytes = web::BytesMut::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| AppError::bad_request(format!("the uploaded file cannot be read: {e}")))?;
            if skipped + bytes.len() + chunk.len() > limit {
                return Err(AppError::payload_too_large(limit, "BIOREG_MAX_IMPORT_BYTES"));
            }
            bytes.extend_from_slice(&chunk);
        }
        return Ok((bytes.freeze(), file_name));
    }
    Err(AppError::bad_request("the multipart form has no `file` field"))
}

/// An import file sent as the request body (documentation only: the handler reads the bytes).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct ImportFile(pub Vec<u8>);

/// An import file sent from a form (`multipart/form-data`), as browsers do.
#[derive(utoipa::ToSchema)]
pub struct ImportForm {
    /// The file; its name names the import and, without `format`, its extension the format.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// The old spelling of `allow_duplicate` on imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DuplicatesSwitch {
    Reject,
    Allow,
}

/// Query parameters of `POST /api/v1/imports`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportParams {
    /// What the file holds: `parts` (default) or `strains` (CSV only).
    pub kind: Option<ImportKind>,
    /// `genbank`, `fasta`, `sbol3` (Turtle, N-Triples, JSON-LD or RDF/XML) or `csv` (columns:
    /// `GET /api/v1/imports/templates/{kind}.csv`); without it, the body's `Content-Type`
    /// (`chemical/seq-na-genbank`, `text/x-genbank`, `text/x-fasta`, `text/csv`, `text/turtle`,
    /// `application/ld+json`, ...) decides.
    pub format: Option<ImportFormat>,
    /// Check everything and report what would be stored, storing nothing (default false).
    pub dry_run: Option<bool>,
    /// `false` (default): a record whose sequence is already registered (or repeated in the
    /// file) is an error; `true`: register it as a declared twin — the same switch as a part's
    /// `allow_duplicate`.
    pub allow_duplicate: Option<bool>,
    /// Deprecated (use `allow_duplicate`): `reject` or `allow`.
    pub duplicates: Option<DuplicatesSwitch>,
    /// Role of every record (Sequence Ontology id or label); default `plasmid` for circular
    /// records and `engineered_region` for linear ones.
    pub role: Option<String>,
    /// FASTA: molecule type of every record (default dna).
    pub molecule_type: Option<MoleculeType>,
    /// FASTA: topology of every record (default linear).
    pub topology: Option<Topology>,
    /// Name of the uploaded file, kept as each record's source.
    pub file_name: Option<String>,
}

/// Whether the request says `Prefer: respond-async` (RFC 7240; the header may repeat and hold
/// several preferences).
fn prefers_async(request: &HttpRequest) -> bool {
    request
        .headers()
        .get_all(header::HeaderName::from_static("prefer"))
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|preference| {
            let token = preference.split(';').next().unwrap_or_default().trim();
            token
                .split('=')
                .next()
                .unwrap_or_default()
                .trim()
                .eq_ignore_ascii_case("respond-async")
        })
}

/// The `Idempotency-Key` header, checked; 422 naming it when it is not 1-255 printable ASCII.
fn idempotency_key(request: &HttpRequest) -> AppResult<Option<String>> {
    let Some(value) = request.headers().get("idempotency-key") else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .map_err(|_| AppError::invalid_field("Idempotency-Key", "must be printable ASCII"))?;
    import_jobs::check_idempotency_key(key)?;
    Ok(Some(key.to_string()))
}

/// The file of an import: the raw body, or the `file` field of a multipart form and its name.
async fn read_file(
    state: &AppState,
    request: &HttpRequest,
    payload: web::Payload,
) -> AppResult<(web::Bytes, Option<String>, crate::fair::BodyReservation)> {
    let limit = state.settings.max_import_bytes;
    let read = async {
        Ok(if is_multipart(request) {
            multipart_file(request, payload, limit).await?
        } else {
            let bytes = payload
                .to_bytes_limited(limit)
                .await
                .map_err(|_| AppError::payload_too_large(limit, "BIOREG_MAX_IMPORT_BYTES"))?
                .map_err(|e| AppError::bad_request(format!("could not read the request body: {e}")))?;
            (bytes, None)
        })
    };
    let ((body, file_name), reservation) = state.read_body(request, limit, "BIOREG_MAX_IMPORT_BYTES", read).await?;
    Ok((body, file_name, reservation))
}

fn is_multipart(request: &HttpRequest) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("multipart/form-data"))
}

/// The import the parameters, the body's media type and the uploaded file's name ask for.
fn import_request(
    mut params: ImportParams,
    request: &HttpRequest,
    uploaded_name: Option<String>,
    idempotency_key: Option<String>,
) -> AppResult<ImportRequest> {
    if is_multipart(request) {
        params.file_name = params.file_name.or(uploaded_name);
        if params.format.is_none() {
            params.format = params
                .file_name
                .as_deref()
                .and_then(|n| n.rsplit_once('.'))
                .and_then(|(_, ext)| ImportFormat::from_extension(ext));
        }
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let format = params
        .format
        .or_else(|| ImportFormat::from_media_type(content_type))
        .ok_or_else(|| {
            AppError::bad_request(
                "say which format the file is in: `format=genbank`, `fasta`, `csv` or `sbol3`, or a Content-Type such as text/x-genbank or text/turtle",
            )
        })?;
    let allow_duplicates = match (params.allow_duplicate, params.duplicates) {
        (Some(allow), Some(old)) if allow != (old == DuplicatesSwitch::Allow) => {
            return Err(AppError::invalid_field(
                "allow_duplicate",
                "contradicts `duplicates` (its old spelling); send only `allow_duplicate`",
            ))
        }
        (Some(allow), _) => allow,
        (None, old) => old == Some(DuplicatesSwitch::Allow),
    };
    Ok(ImportRequest {
        kind: params.kind.unwrap_or_default(),
        format,
        dry_run: params.dry_run.unwrap_or(false),
        allow_duplicates,
        file_name: params.file_name,
        defaults: Defaults {
            role: params.role,
            molecule_type: params.molecule_type,
            topology: params.topology,
        },
        job: None,
        idempotency_key,
    })
}

/// The answer for an import that exists: 202 while it is queued or running, 200 once it has
/// ended (201 when this request stored it), with its URL in `Location`.
fn job_response(job: &ImportJob, status: StatusCode, asked_async: bool) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    response.insert_header((header::LOCATION, format!("/api/v1/imports/{}", job.job.id)));
    if asked_async && status == StatusCode::ACCEPTED {
        response.insert_header((header::HeaderName::from_static("preference-applied"), "respond-async"));
    }
    response.json(job)
}

fn pending_or_ended(job: &ImportJob) -> StatusCode {
    if job.job.state.is_finished() {
        StatusCode::OK
    } else {
        StatusCode::ACCEPTED
    }
}

/// Import parts from a GenBank, FASTA, SBOL3 or CSV file, or strains from a CSV file: the request body,
/// or the `file` field of a `multipart/form-data` form (its file name then names the import and,
/// without `format`, its extension the format). All or nothing: every record is stored, or
/// none; every problem is reported at once with its record, line and field. In a strains file a
/// parent may be named by a strain registered in an earlier row.
///
/// With `Prefer: respond-async`, or a file over `BIOREG_ASYNC_IMPORT_BYTES` (1 MiB), the import
/// runs as a job in the background, outside the request timeout: 202 with the job, its URL in
/// `Location`; follow it with `GET /api/v1/imports/{id}`. A job that finds problems in the file
/// ends `failed` with the report listing them; nothing is stored. With an `Idempotency-Key`, a
/// repeated request with the same file and options gives back the first import (200 once it
/// has ended, 202 while it runs) instead of importing again.
#[utoipa::path(post, path = "/api/v1/imports", operation_id = "create_import", tag = "imports",
    security(("bearer" = [])),
    params(ImportParams,
        ("Prefer" = Option<String>, Header, description = "`respond-async`: run the import as a job and answer 202 at once (RFC 7240)"),
        ("Idempotency-Key" = Option<String>, Header, description = "1-255 printable ASCII characters naming this upload: sending it again with the same file and options gives back the same import"),
    ),
    request_body(description = "The file, as the body (any Content-Type: `format`, or a GenBank, FASTA, CSV or RDF media type \
        such as `text/x-genbank`, `text/x-fasta`, `text/csv`, `text/turtle`, `application/n-triples`, `application/ld+json` or \
        `application/rdf+xml`, says what it is) or as the `file` field of a form",
        content((ImportFile = "application/octet-stream", example = ">BBa_B0034 RBS\nAAAGAGGAGAAA\n"),
            (ImportForm = "multipart/form-data"))),
    responses(
        (status = 200, description = "Dry run: what would be stored (nothing was). Or, for a repeated `Idempotency-Key`, the import it made, which has ended (an `ImportJob`, whose fields include these)", body = ImportReport),
        (status = 201, description = "Every record stored", body = ImportJob,
            headers(("Location" = String, description = "URL of the import"))),
        (status = 202, description = "The import runs as a job (asked for, or the file is over `BIOREG_ASYNC_IMPORT_BYTES`; or a repeated `Idempotency-Key` of a job still queued or running): follow it at `Location`", body = ImportJob,
            headers(("Location" = String, description = "URL of the job"),
                ("Preference-Applied" = String, description = "`respond-async` when the request asked for it"))),
        (status = 400, description = "Bad parameters, or no format given"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Readers may not register records"),
        (status = 409, description = "The `Idempotency-Key` was used before for another file or other options"),
        (status = 413, description = "File over the size limit"),
        (status = 415, description = "The body was sent with a Content-Encoding (compressed); send it uncompressed"),
        (status = 422, description = "Problems in the file (all listed, each with record, line and field; `report` holds the whole report); nothing was stored. Or a malformed `Idempotency-Key`"),
        (status = 429, description = "The caller already has as many imports and exports running or waiting (or import jobs queued or running) as it may; Retry-After says when to retry"),
        (status = 503, description = "The import/export queue is full or no slot came free in time; Retry-After says when to retry"),
    ))]
pub async fn import_parts(
    state: web::Data<AppState>,
    caller: Authenticated,
    params: ApiQuery<ImportParams>,
    request: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    crate::http::extract::refuse_encoded_body(&request)?;
    caller.require(Role::Submitter)?;
    let key = idempotency_key(&request)?;
    let asked_async = prefers_async(&request);
    let threshold = state.settings.async_import_bytes;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let large = declared.is_some_and(|length| length > threshold as u64);
    // A synchronous import takes a slot of the bulk pool before its body is read: at most
    // BIOREG_BULK_WORKERS import files are being imported in requests at once; the others wait
    // unread. A job's upload needs none (it is only stored; the runner imports it later), so a
    // job running for an hour never keeps new ones from being queued.
    let slot = if asked_async || large {
        None
    } else {
        Some(
            state
                .pools
                .bulk
                .enter(state.caller_key(Some(caller.0.user.id), &request))
                .await?,
        )
    };
    let (body, uploaded_name, reservation) = read_file(&state, &request, payload).await?;
    let import = import_request(params.0, &request, uploaded_name, key)?;
    let principal = caller.0;
    if asked_async || body.len() > threshold {
        drop(slot);
        let max_pending = state.settings.fair.per_user;
        let submitted = state
            .db(move |conn| {
                let _reservation = reservation;
                import_jobs::submit(conn, &principal, import, &body, max_pending)
            })
            .await?;
        if submitted.created {
            state.jobs.wake();
        }
        let mut job = submitted.job;
        state.jobs.overlay(&mut job.job);
        let status = if submitted.created {
            StatusCode::ACCEPTED
        } else {
            pending_or_ended(&job)
        };
        return Ok(job_response(&job, status, asked_async));
    }
    let rules = state.settings.import_rules();
    let ran = state
        .db_write(move |conn| {
            let (_slot, _reservation) = (slot, reservation);
            import_jobs::run_now(conn, &principal, import, &body, &rules)
        })
        .await?;
    Ok(match ran {
        RanNow::Checked(report) => HttpResponse::Ok().json(report),
        RanNow::Stored(job) => job_response(&job, StatusCode::CREATED, false),
        RanNow::Repeated(mut job) => {
            state.jobs.overlay(&mut job.job);
            job_response(&job, pending_or_ended(&job), asked_async)
        }
    })
}

/// An import: what file (name, SHA-256), who sent it and when, its state (`queued`, `running`,
/// `succeeded`, `failed`) and progress, and once it has ended its report — every record with the
/// accession it got, every problem. Readable by the importer's organisation, curators and admins.
#[utoipa::path(get, path = "/api/v1/imports/{id}", operation_id = "get_import", tag = "imports",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Import id")),
    responses(
        (status = 200, description = "The import", body = ImportJob),
        (status = 401, description = "Missing or invalid token"),
        (status = 404, description = "No such import, or not yours to see"),
    ))]
pub async fn get_import(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
) -> AppResult<web::Json<ImportJob>> {
    let principal = caller.0;
    let id = path.into_inner();
    let mut job = state.db(move |conn| import_jobs::get(conn, &principal, &id)).await?;
    state.jobs.overlay(&mut job.job);
    Ok(web::Json(job))
}

/// Query parameters of `GET /api/v1/imports`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportListParams {
    /// Only imports in this state.
    pub state: Option<JobState>,
    /// Only imports of parts or of strains.
    pub kind: Option<ImportKind>,
    /// Only imports sent after this time (RFC 3339, exclusive).
    pub created_after: Option<DateTime<Utc>>,
    /// Only imports sent before this time (RFC 3339, exclusive).
    pub created_before: Option<DateTime<Utc>>,
    /// Page size, 1-500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A page of imports.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportPage {
    pub items: Vec<ImportJobSummary>,
    /// Absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Imports and import jobs, newest first, without their records (`GET /api/v1/imports/{id}` has
/// them): the caller's organisation's, or everyone's for curators and admins.
#[utoipa::path(get, path = "/api/v1/imports", operation_id = "list_imports", tag = "imports",
    security(("bearer" = [])),
    params(ImportListParams),
    responses(
        (status = 200, description = "A page of imports", body = ImportPage),
        (status = 401, description = "Missing or invalid token"),
        (status = 422, description = "Invalid query parameter"),
    ))]
pub async fn list_imports(
    state: web::Data<AppState>,
    caller: Authenticated,
    params: ApiQuery<ImportListParams>,
) -> AppResult<web::Json<ImportPage>> {
    let p = params.0;
    let limit = page_limit(p.limit)?;
    let principal = caller.0;
    let filter = ListFilter {
        state: p.state,
        kind: p.kind,
        created_after: p.created_after,
        created_before: p.created_before,
    };
    let after = crate::domain::cursor::open_opt("imports", p.cursor.as_deref())?;
    let (mut items, next_cursor) = state
        .db(move |conn| import_jobs::list(conn, &principal, &filter, after.as_deref(), limit))
        .await?;
    for item in &mut items {
        state.jobs.overlay(item);
    }
    let next_cursor = next_cursor.map(|c| crate::domain::cursor::seal("imports", &c));
    Ok(web::Json(ImportPage { items, next_cursor }))
}

/// The CSV template for an import: the header row with every column, and example rows.
#[utoipa::path(get, path = "/api/v1/imports/templates/{file}", operation_id = "get_import_template", tag = "imports",
    security((), ("bearer" = [])),
    params(("file" = String, Path, description = "`parts.csv` or `strains.csv`")),
    responses(
        (status = 200, description = "The template", content((String = "text/csv"))),
        (status = 401, description = "The token is invalid"),
        (status = 404, description = "No such template"),
    ))]
pub async fn get_import_template(path: web::Path<String>) -> AppResult<HttpResponse> {
    let body = match path.as_str() {
        "parts.csv" => csv::part_template(),
        "strains.csv" => csv::strain_template(),
        other => {
            return Err(AppError::not_found(format!(
                "no template `{other}`; there are `parts.csv` and `strains.csv`"
            )))
        }
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", path.as_str()),
        ))
        .body(body))
}
