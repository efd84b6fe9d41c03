//! `GET /api/v1/exports`: every part the caller may see that matches the list filters, as one
//! FASTA, GenBank or JSON file, streamed a page at a time.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::db::parts::{PartFilter, PartOrder};
use crate::domain::formats::Format;
use crate::domain::parts::{self, PartListRequest};
use crate::domain::visibility::Viewer;
use crate::error::{AppError, AppResult};
use crate::http::extract::ApiQuery;
use crate::http::parts::PartFilters;
use crate::seq::{MoleculeType, Topology};
use crate::state::AppState;

/// Parts read from the database per chunk of the file.
const PAGE: i64 = 200;

/// Query parameters of `GET /api/v1/exports`: what to export, the format, and the part list's filters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ExportParams {
    /// What to export; only `parts` so far.
    pub kind: Option<String>,
    /// `fasta`, `genbank` or `json` (default).
    pub format: Option<Format>,
    /// Case-insensitive text in the accession, name, aliases or description.
    pub q: Option<String>,
    /// Sequence Ontology id or label of the role.
    pub role: Option<String>,
    pub molecule_type: Option<MoleculeType>,
    pub topology: Option<Topology>,
    /// Only parts meant for this host (NCBI Taxonomy id).
    pub host_taxid: Option<i64>,
    pub tag: Option<String>,
    /// Owning organisation, by slug or id.
    pub owner_org: Option<String>,
    pub length_min: Option<i64>,
    pub length_max: Option<i64>,
    /// RFC 3339.
    pub created_after: Option<DateTime<Utc>>,
    /// RFC 3339.
    pub created_before: Option<DateTime<Utc>>,
}

/// Export every matching part the caller may see as one file (oldest first).
#[utoipa::path(get, path = "/api/v1/exports", operation_id = "export_parts", tag = "parts",
    security((), ("bearer" = [])),
    params(ExportParams),
    responses(
        (status = 200, description = "The file", content(
            (String = "text/x-fasta"), (String = "text/x-genbank"), (Object = "application/json"))),
        (status = 400, description = "Unknown kind or format"),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 422, description = "A filter is invalid"),
    ))]
pub async fn export_parts(
    state: web::Data<AppState>,
    caller: Caller,
    params: ApiQuery<ExportParams>,
) -> AppResult<HttpResponse> {
    caller.require_read(&state)?;
    let p = params.0;
    if let Some(kind) = p.kind.as_deref().filter(|k| *k != "parts") {
        return Err(AppError::bad_request(format!(
            "kind `{kind}` cannot be exported; only `parts` so far"
        )));
    }
    let format = p.format.unwrap_or(Format::Json);
    let filters = PartFilters {
        q: p.q,
        role: p.role,
        molecule_type: p.molecule_type,
        topology: p.topology,
        host_taxid: p.host_taxid,
        tag: p.tag,
        owner_org: p.owner_org,
        length_min: p.length_min,
        length_max: p.length_max,
        created_after: p.created_after,
        created_before: p.created_before,
    };
    // Resolve the filters before the first byte, so a bad filter is still a proper 422.
    let filter: PartFilter = state.db(move |conn| filters.resolve(conn)).await?;
    let viewer = Viewer::of(caller.0.as_ref());
    struct Cursor {
        next: Option<String>,
        /// JSON: whether `[` and any item have been written.
        opened: bool,
        any: bool,
        done: bool,
    }
    let start = Cursor {
        next: None,
        opened: false,
        any: false,
        done: false,
    };
    let pages = futures_util::stream::unfold(start, move |mut cursor| {
        let (state, filter) = (state.clone(), filter.clone());
        async move {
            if cursor.done {
                return None;
            }
            let request = PartListRequest {
                filter,
                order: PartOrder::CreatedAt,
                descending: false,
                cursor: cursor.next.take(),
                limit: PAGE,
                with_sequence: true,
            };
            let page = state.db(move |conn| parts::list(conn, viewer, &request)).await;
            let chunk = page.and_then(|(items, next)| {
                let bodies: Vec<serde_json::Value> = items.into_iter().map(|p| p.body).collect();
                let mut bytes = match format {
                    Format::Json => {
                        let mut out = Vec::new();
                        if !cursor.opened {
                            out.push(b'[');
                            cursor.opened = true;
                        }
                        for body in &bodies {
                            if cursor.any {
                                out.push(b',');
                            }
                            serde_json::to_writer(&mut out, body).map_err(AppError::internal)?;
                            cursor.any = true;
                        }
                        out
                    }
                    other => other.write(&bodies)?,
                };
                cursor.done = next.is_none();
                if cursor.done && format == Format::Json {
                    bytes.push(b']');
                }
                cursor.next = next;
                Ok(web::Bytes::from(bytes))
            });
            if chunk.is_err() {
                cursor.done = true;
            }
            Some((chunk.map_err(actix_web::Error::from), cursor))
        }
    });
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, format.media_type()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"parts.{}\"", format.extension()),
        ))
        .streaming(pages))
}
