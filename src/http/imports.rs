//! `POST /api/v1/imports`: a file of parts in, a report out (see [`crate::domain::imports`]).

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Authenticated;
use crate::domain::formats::{csv, Defaults};
use crate::domain::imports::{self, ImportFormat, ImportKind, ImportReport, ImportRequest};
use crate::error::{AppError, AppResult};
use crate::http::extract::ApiQuery;
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
    /// `reject` (default): a record whose sequence is already registered (or repeated in the
    /// file) is an error; `allow`: register it as a declared twin.
    pub duplicates: Option<String>,
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

/// Import parts from a GenBank, FASTA, SBOL3 or CSV file, or strains from a CSV file: the request body,
/// or the `file` field of a `multipart/form-data` form (its file name then names the import and,
/// without `format`, its extension the format). All or nothing: every record is stored, or
/// none; every problem is reported at once with its record, line and field. In a strains file a
/// parent may be named by a strain registered in an earlier row.
#[utoipa::path(post, path = "/api/v1/imports", operation_id = "import_parts", tag = "parts",
    security(("bearer" = [])),
    params(ImportParams),
    request_body(description = "The file (any Content-Type; `format` or a GenBank, FASTA, CSV or RDF media type says what it is)",
        content((String = "text/x-genbank"), (String = "text/x-fasta"), (String = "text/csv"), (String = "text/turtle"),
            (String = "application/n-triples"), (String = "application/ld+json"), (String = "application/rdf+xml"),
            (String = "application/octet-stream"))),
    responses(
        (status = 200, description = "Dry run: what would be stored (nothing was)", body = ImportReport),
        (status = 201, description = "Every record stored", body = ImportReport),
        (status = 400, description = "Bad parameters, or no format given"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Readers may not register records"),
        (status = 413, description = "File over the size limit"),
        (status = 415, description = "The body was sent with a Content-Encoding (compressed); send it uncompressed"),
        (status = 422, description = "Problems in the file (all listed, each with record, line and field; `report` holds the whole report); nothing was stored"),
        (status = 429, description = "The caller already has as many imports and exports running or waiting as it may; Retry-After says when to retry"),
        (status = 503, description = "The import/export queue is full or no slot came free in time; Retry-After says when to retry"),
    ))]
pub async fn import_parts(
    state: web::Data<AppState>,
    caller: Authenticated,
    params: ApiQuery<ImportParams>,
    request: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let mut params = params.0;
    let limit = state.settings.max_import_bytes;
    crate::http::extract::refuse_encoded_body(&request)?;
    // A slot of the bulk pool before the body is read: at most BIOREG_BULK_WORKERS import files
    // are held in memory at once; the others wait unread.
    let slot = state
        .pools
        .bulk
        .enter(state.caller_key(Some(caller.0.user.id), &request))
        .await?;
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("multipart/form-data"));
    let read = async {
        Ok(if multipart {
            let (bytes, file_name) = multipart_file(&request, payload, limit).await?;
            (bytes, file_name)
        } else {
            let bytes = payload
                .to_bytes_limited(limit)
                .await
                .map_err(|_| AppError::payload_too_large(limit, "BIOREG_MAX_IMPORT_BYTES"))?
                .map_err(|e| AppError::bad_request(format!("could not read the request body: {e}")))?;
            (bytes, None)
        })
    };
    let ((body, file_name), reservation) = state
        .read_body(&request, limit, "BIOREG_MAX_IMPORT_BYTES", read)
        .await?;
    if multipart {
        params.file_name = params.file_name.or(file_name);
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
        .unwrap_or_default()
        .to_string();
    let format = params
        .format
        .or_else(|| ImportFormat::from_media_type(&content_type))
        .ok_or_else(|| {
            AppError::bad_request(
                "say which format the file is in: `format=genbank`, `fasta`, `csv` or `sbol3`, or a Content-Type such as text/x-genbank or text/turtle",
            )
        })?;
    let allow_duplicates = match params.duplicates.as_deref() {
        None | Some("reject") => false,
        Some("allow") => true,
        Some(other) => {
            return Err(AppError::bad_request(format!(
                "duplicates must be `reject` or `allow`, not `{other}`"
            )))
        }
    };
    let import = ImportRequest {
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
    };
    let rules = state.settings.import_rules();
    let principal = caller.0;
    let dry_run = import.dry_run;
    let report = state
        .db_write(move |conn| {
            let (_slot, _reservation) = (slot, reservation);
            imports::run(conn, &principal, import, &body, &rules)
        })
        .await?;
    Ok(if dry_run {
        HttpResponse::Ok().json(report)
    } else {
        HttpResponse::Created().json(report)
    })
}

/// A stored import: the file (name, SHA-256), who imported it and when, and every record with
/// the accession it got. Readable by the importer's organisation, curators and admins.
#[utoipa::path(get, path = "/api/v1/imports/{id}", operation_id = "get_import", tag = "parts",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Import id")),
    responses(
        (status = 200, description = "The import", body = ImportReport),
        (status = 401, description = "Missing or invalid token"),
        (status = 404, description = "No such import, or not yours to see"),
    ))]
pub async fn get_import(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
) -> AppResult<web::Json<ImportReport>> {
    let principal = caller.0;
    let id = path.into_inner();
    Ok(web::Json(
        state.db(move |conn| imports::get(conn, &principal, &id)).await?,
    ))
}

/// The CSV template for an import: the header row with every column, and example rows.
#[utoipa::path(get, path = "/api/v1/imports/templates/{file}", operation_id = "get_import_template", tag = "parts",
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
