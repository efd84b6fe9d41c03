//! `GET /api/v1/exports`: every part (or strain) the caller may see that matches the list
//! filters, as one FASTA, GenBank, CSV or JSON file (strains: CSV or JSON), streamed a page at a
//! time.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::db::parts::{PartFilter, PartOrder};
use crate::db::strains::StrainFilter;
use crate::domain::formats::{csv, Format};
use crate::domain::parts::{self, PartListRequest};
use crate::domain::strains::{self, input::OrganismType};
use crate::domain::visibility::Viewer;
use crate::error::{AppError, AppResult};
use crate::http::extract::ApiQuery;
use crate::http::parts::PartFilters;
use crate::http::strains::StrainFilters;
use crate::seq::{MoleculeType, Topology};
use crate::state::AppState;

/// Parts read from the database per chunk of the file.
/// Records per page of an export: the stream reads, writes and sends one page, then asks the
/// database for the next (no connection is held in between, and actix polls for the next page
/// only when the client has taken the last), so memory is one page whatever the library's size.
const PAGE: i64 = 200;

/// What an export holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportKind {
    #[default]
    #[serde(alias = "part")]
    Parts,
    #[serde(alias = "strain")]
    Strains,
}

/// Query parameters of `GET /api/v1/exports`: what to export, the format, and the filters of
/// the part list (`kind=parts`) or of the strain list (`kind=strains`).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExportParams {
    /// `parts` (default) or `strains`.
    pub kind: Option<ExportKind>,
    /// Parts: `json` (default), `fasta`, `genbank`, `sbol3` (Turtle) or `csv`; strains: `json`
    /// (default) or `csv`.
    /// CSV files use the import columns (`GET /api/v1/imports/templates/{kind}.csv`) with the
    /// accession first, so they import again.
    pub format: Option<Format>,
    /// Case-insensitive text in the accession, name, aliases or description (strains: also
    /// collection numbers, taxon name, genotype).
    #[param(max_length = 256)]
    pub q: Option<String>,
    /// Parts: Sequence Ontology id or label of the role.
    pub role: Option<String>,
    /// Parts.
    pub molecule_type: Option<MoleculeType>,
    /// Parts.
    pub topology: Option<Topology>,
    /// Parts: only parts meant for this host (NCBI Taxonomy id).
    pub host_taxid: Option<i64>,
    pub tag: Option<String>,
    /// Owning organisation, by slug or id.
    pub owner_org: Option<String>,
    /// Parts.
    pub length_min: Option<i64>,
    /// Parts.
    pub length_max: Option<i64>,
    /// Only records registered after this time (RFC 3339, exclusive).
    pub created_after: Option<DateTime<Utc>>,
    /// Only records registered before this time (RFC 3339, exclusive).
    pub created_before: Option<DateTime<Utc>>,
    /// Strains: NCBI Taxonomy id (formerly `ncbi_taxid`, still accepted).
    #[serde(alias = "ncbi_taxid")]
    pub taxid: Option<i64>,
    /// Strains.
    pub organism_type: Option<OrganismType>,
    /// Strains.
    pub risk_group: Option<i32>,
    /// Strains: only those carrying this part directly (accession or id).
    pub carries_part: Option<String>,
    /// Strains: only those with (true) or without (false) live samples.
    pub has_samples: Option<bool>,
    /// Strains: include withdrawn strains.
    pub include_withdrawn: Option<bool>,
}

/// The records to export, resolved before the first byte is sent.
#[derive(Clone)]
enum Selection {
    Parts(PartFilter),
    Strains(StrainFilter),
}

/// A 400 naming the filters given that do not apply to `kind`.
fn reject_filters(kind: &str, given: &[(&str, bool)]) -> AppResult<()> {
    let wrong: Vec<&str> = given.iter().filter(|(_, set)| *set).map(|(name, _)| *name).collect();
    if wrong.is_empty() {
        return Ok(());
    }
    Err(AppError::bad_request(format!(
        "{} do(es) not apply to kind={kind}",
        wrong.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ")
    )))
}

/// Export every matching part or strain the caller may see as one file (oldest first).
#[utoipa::path(get, path = "/api/v1/exports", operation_id = "export_records", tag = "exports",
    security((), ("bearer" = [])),
    params(ExportParams),
    responses(
        (status = 200, description = "The file", content(
            (String = "text/x-fasta"), (String = "text/x-genbank"), (String = "text/turtle"), (String = "text/csv"),
            (Vec<Object> = "application/json"))),
        (status = 400, description = "A format or filter that does not apply to the kind"),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 422, description = "A filter is invalid"),
        (status = 429, description = "The caller already has as many imports and exports running or waiting as it may; Retry-After says when to retry"),
        (status = 503, description = "The import/export queue is full or no slot came free in time; Retry-After says when to retry"),
    ))]
pub async fn export_records(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    params: ApiQuery<ExportParams>,
) -> AppResult<HttpResponse> {
    caller.require_read(&state)?;
    let key = state.caller_key(caller.0.as_ref().map(|p| p.user.id), &request);
    // The first page's slot is taken before the response starts, so a full pool is a proper 503.
    let mut first_slot = Some(state.pools.bulk.enter(key).await?);
    let p = params.0;
    let kind = p.kind.unwrap_or_default();
    let format = p.format.unwrap_or(Format::Json);
    let selection = match kind {
        ExportKind::Parts => {
            reject_filters(
                "parts",
                &[
                    ("taxid", p.taxid.is_some()),
                    ("organism_type", p.organism_type.is_some()),
                    ("risk_group", p.risk_group.is_some()),
                    ("carries_part", p.carries_part.is_some()),
                    ("has_samples", p.has_samples.is_some()),
                    ("include_withdrawn", p.include_withdrawn.is_some()),
                ],
            )?;
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
            Selection::Parts(state.db(move |conn| filters.resolve(conn)).await?)
        }
        ExportKind::Strains => {
            if !matches!(format, Format::Json | Format::Csv) {
                return Err(AppError::bad_request(
                    "strains are exported as `format=json` or `format=csv`",
                ));
            }
            reject_filters(
                "strains",
                &[
                    ("role", p.role.is_some()),
                    ("molecule_type", p.molecule_type.is_some()),
                    ("topology", p.topology.is_some()),
                    ("host_taxid", p.host_taxid.is_some()),
                    ("length_min", p.length_min.is_some()),
                    ("length_max", p.length_max.is_some()),
                ],
            )?;
            let filters = StrainFilters {
                q: p.q,
                ncbi_taxid: p.taxid,
                organism_type: p.organism_type,
                risk_group: p.risk_group,
                carries_part: p.carries_part,
                has_samples: p.has_samples,
                tag: p.tag,
                owner_org: p.owner_org,
                created_after: p.created_after,
                created_before: p.created_before,
                include_withdrawn: p.include_withdrawn,
            };
            Selection::Strains(state.db(move |conn| filters.resolve(conn)).await?)
        }
    };
    let viewer = Viewer::of(caller.0.as_ref());
    let namespace = state.settings.sbol3_namespace();
    struct Cursor {
        next: Option<String>,
        /// Whether the file has been started (JSON `[`, CSV header).
        opened: bool,
        /// JSON: whether an item has been written.
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
        let (state, selection, namespace) = (state.clone(), selection.clone(), namespace.clone());
        let first = first_slot.take();
        async move {
            if cursor.done {
                return None;
            }
            let after = cursor.next.take();
            // Each page is built in a slot of the bulk pool; none is held while the client reads,
            // so a slow reader holds a connection and one page, not a slot.
            let slot = match first {
                Some(slot) => Ok(slot),
                None => state.pools.bulk.enter(key).await,
            };
            let page = match slot {
                Err(error) => Err(error),
                Ok(slot) => {
                    state
                        .db(move |conn| -> AppResult<(Vec<serde_json::Value>, Option<String>)> {
                            let _slot = slot;
                            match selection {
                                Selection::Parts(filter) => {
                                    let request = PartListRequest {
                                        filter,
                                        order: PartOrder::CreatedAt,
                                        descending: false,
                                        cursor: after,
                                        limit: PAGE,
                                        with_sequence: true,
                                        record: true,
                                    };
                                    let (items, next) = parts::list(conn, viewer, &request)?;
                                    Ok((items.into_iter().map(|p| p.body).collect(), next))
                                }
                                Selection::Strains(filter) => {
                                    let (items, next) =
                                        strains::list(conn, viewer, &filter, after.as_deref(), PAGE, true)?;
                                    Ok((items.into_iter().map(|s| s.body).collect(), next))
                                }
                            }
                        })
                        .await
                }
            };
            let chunk = page.and_then(|(bodies, next)| {
                let first = !cursor.opened;
                cursor.opened = true;
                let mut bytes = match (format, kind) {
                    (Format::Json, _) => {
                        let mut out = Vec::new();
                        if first {
                            out.push(b'[');
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
                    (Format::Csv, ExportKind::Strains) => {
                        let mut out = Vec::new();
                        csv::write_strains(&bodies, &mut out, first).map_err(AppError::internal)?;
                        out
                    }
                    (other, _) => other.write(&bodies, first, &namespace)?,
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
    let name = match kind {
        ExportKind::Parts => "parts",
        ExportKind::Strains => "strains",
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, format.media_type()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}.{}\"", format.extension()),
        ))
        .streaming(pages))
}
