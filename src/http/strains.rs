//! Owns the strain-library endpoints under `/api/v1/strains`, and `GET /api/v1/parts/{id}/strains`.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Authenticated, Caller};
use crate::cache::Answer;
use crate::db::strains::StrainFilter;
use crate::domain::formats::{csv, Format};
use crate::domain::parts::{self as part_rules, find_part};
use crate::domain::strains::input::OrganismType;
use crate::domain::strains::{
    self, Carrier, Direction, Lineage, SampleInput, SampleView, StrainInput, StrainSummary, StrainView,
};
use crate::domain::visibility::Viewer;
use crate::domain::{accounts, cursor};
use crate::error::{AppError, AppResult};
use crate::http::extract::{page_limit, ApiJson, ApiQuery};
use crate::http::lists::{self, PageParams};
use crate::http::parts::{if_match, negotiated, vary, ChangeParams};
use crate::http::reads;
use crate::state::AppState;

fn with_etag(mut response: actix_web::HttpResponseBuilder, strain: &StrainView) -> HttpResponse {
    response
        .insert_header((header::ETAG, part_rules::etag(strain.revision)))
        .json(strain)
}

/// Register a strain. Required: `name`, `organism_type`, `taxon.name`, `risk_group`; a 422 lists
/// every missing or invalid field at once.
#[utoipa::path(post, path = "/api/v1/strains", operation_id = "create_strain", tag = "strains",
    security(("bearer" = [])),
    params(ChangeParams),
    request_body(content = StrainInput, example = json!({
        "name": "MG1655 ΔlacZ", "organism_type": "bacteria",
        "taxon": {"name": "Escherichia coli", "ncbi_taxid": 511145}, "risk_group": 1,
        "genotype": "F- λ- ilvG- rfb-50 rph-1 ΔlacZ", "tags": ["knockout"]})),
    responses(
        (status = 201, description = "Registered", body = StrainView,
            headers(("Location" = String, description = "URL of the new strain"), ("ETag" = String, description = "Revision tag"))),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Readers may not register strains"),
        (status = 413, description = "Body too large"),
        (status = 415, description = "Body is not JSON"),
        (status = 422, description = "Missing or invalid fields, all listed; unknown parts or parents"),
    ))]
pub async fn create_strain(
    state: web::Data<AppState>,
    caller: Authenticated,
    params: ApiQuery<ChangeParams>,
    body: ApiJson<StrainInput>,
) -> AppResult<HttpResponse> {
    let comment = params.0.comment;
    let prefix = state.settings.strain_prefix.clone();
    let principal = caller.0;
    let strain = state
        .db(move |conn| strains::create(conn, &principal, body.0, &prefix, comment.as_deref()))
        .await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/api/v1/strains/{}", strain.accession)));
    Ok(with_etag(response, &strain))
}

/// The record filters of the strain list, also accepted by `GET /api/v1/exports?kind=strains`.
#[derive(Debug, Clone, Default)]
pub struct StrainFilters {
    pub q: Option<String>,
    pub ncbi_taxid: Option<i64>,
    pub organism_type: Option<OrganismType>,
    pub risk_group: Option<i32>,
    pub carries_part: Option<String>,
    pub has_samples: Option<bool>,
    pub tag: Option<String>,
    pub owner_org: Option<String>,
    pub created_after: Option<DateTime<Utc>>,
    pub created_before: Option<DateTime<Utc>>,
    pub include_withdrawn: Option<bool>,
}

impl StrainFilters {
    /// The database filter these name (organisation and part looked up; unknown ones are 422s).
    pub fn resolve(self, conn: &mut crate::db::DbConnection) -> AppResult<StrainFilter> {
        let owner_org_id = accounts::organization_filter(conn, "owner_org", self.owner_org.as_deref())?;
        let carries_part = match &self.carries_part {
            Some(reference) => Some(
                find_part(conn, reference)?
                    .ok_or_else(|| {
                        AppError::invalid_field("carries_part", format!("part `{reference}` does not exist"))
                    })?
                    .id,
            ),
            None => None,
        };
        Ok(StrainFilter {
            entries: None,
            text: crate::domain::text_query(self.q.as_deref())?,
            ncbi_taxid: self.ncbi_taxid,
            organism_type: self.organism_type.map(|o| o.as_str().to_string()),
            risk_group: self.risk_group,
            carries_part,
            has_samples: self.has_samples,
            tag: self.tag.map(|t| t.trim().to_lowercase()),
            owner_org_id,
            created_after: self.created_after.map(|t| t.naive_utc()),
            created_before: self.created_before.map(|t| t.naive_utc()),
            include_withdrawn: self.include_withdrawn.unwrap_or(false),
            ids: None,
            scope: Default::default(),
        })
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StrainListParams {
    /// Text search, ignoring case. A strain matches when `q` is its accession, name, an alias, a
    /// collection number (`DSM 18039`, `DSM18039` or `18039`), its taxon name or a genotype
    /// element (best), when `q` is part of one of those (`q` needs 3 letters or digits in a row
    /// for this), or when every word of `q` is a word of them. Results come best first, then in
    /// order of registration; without `q` strains come in order of registration. At most 256
    /// characters.
    #[param(max_length = 256)]
    pub q: Option<String>,
    /// Only strains of this NCBI Taxonomy id (formerly `ncbi_taxid`, still accepted; parts say
    /// `host_taxid`).
    #[serde(alias = "ncbi_taxid")]
    pub taxid: Option<i64>,
    pub organism_type: Option<OrganismType>,
    pub risk_group: Option<i32>,
    /// Only strains that carry this part directly (accession or id).
    pub carries_part: Option<String>,
    /// Only strains with (true) or without (false) live samples.
    pub has_samples: Option<bool>,
    pub tag: Option<String>,
    /// Owning organisation, by slug or id.
    pub owner_org: Option<String>,
    /// Page size, 1-500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only strains registered after this time (RFC 3339, exclusive).
    pub created_after: Option<DateTime<Utc>>,
    /// Only strains registered before this time (RFC 3339, exclusive).
    pub created_before: Option<DateTime<Utc>>,
    pub include_withdrawn: Option<bool>,
    /// `record` for whole records (as `GET /api/v1/strains/{id}`: details, carried parts,
    /// parents, provenance…) instead of summaries.
    pub include: Option<String>,
}

#[derive(Debug, serde::Serialize, ToSchema)]
pub struct StrainPage {
    /// Summaries; with `include=record` whole records (`StrainView`, as
    /// `GET /api/v1/strains/{id}`), each of which has every field of the summary.
    #[schema(value_type = Vec<StrainSummary>)]
    pub items: Vec<serde_json::Value>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// List and search strains, in registration order.
#[utoipa::path(get, path = "/api/v1/strains", operation_id = "list_strains", tag = "strains",
    security((), ("bearer" = [])),
    params(StrainListParams),
    responses(
        (status = 200, description = "A page of strains: summaries, or whole records with include=record", body = StrainPage),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 422, description = "Invalid query parameter"),
    ))]
pub async fn list_strains(
    state: web::Data<AppState>,
    caller: Caller,
    params: ApiQuery<StrainListParams>,
    request: HttpRequest,
) -> AppResult<HttpResponse> {
    caller.require_read(&state)?;
    let viewer = Viewer::of(caller.0.as_ref());
    let p = params.0;
    let limit = page_limit(p.limit)?;
    let record = match p.include.as_deref().map(str::trim) {
        None | Some("") => false,
        Some("record") => true,
        Some(other) => return Err(AppError::invalid_field("include", format!("`{other}` is not `record`"))),
    };
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
    let cursor = cursor::open_opt("strains", p.cursor.as_deref())?;
    reads::cached(&state, &request, viewer, move |conn| {
        let filter = filters.resolve(conn)?;
        let (items, next_cursor) = strains::list(conn, viewer, &filter, cursor.as_deref(), limit, record)?;
        let page = StrainPage {
            items: items.into_iter().map(|s| s.body).collect(),
            next_cursor: next_cursor.map(|c| cursor::seal("strains", &c)),
        };
        reads::json(&page, Vec::new())
    })
    .await
}

/// Formats a strain is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum StrainFormat {
    Json,
    /// One row in the strains CSV columns (`GET /api/v1/imports/templates/strains.csv`), accession first.
    Csv,
}

/// Query parameters of `GET /api/v1/strains/{id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct GetStrainParams {
    /// `json` (default) or `csv`; without it, an `Accept` of `text/csv` chooses CSV.
    pub format: Option<StrainFormat>,
}

/// Get a strain by id or accession, as JSON or as a CSV row.
#[utoipa::path(get, path = "/api/v1/strains/{id}", operation_id = "get_strain", tag = "strains",
    security((), ("bearer" = [])),
    params(("id" = String, Path, description = "Strain id or accession"), GetStrainParams),
    responses(
        (status = 200, description = "The strain", headers(
                ("ETag" = String, description = "Tag of this representation of the revision (`\"r<n>\"` for JSON, `\"r<n>-csv\"` for CSV); either serves as If-Match"),
                ("Vary" = String, description = "`Accept, Authorization`")),
            content((StrainView = "application/json"), (String = "text/csv"))),
        (status = 406, description = "`Accept` names neither JSON nor CSV"),
        (status = 422, description = "Unknown `format`"),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 404, description = "No such strain"),
    ))]
pub async fn get_strain(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    params: ApiQuery<GetStrainParams>,
    request: HttpRequest,
) -> AppResult<HttpResponse> {
    caller.require_read(&state)?;
    let reference = path.into_inner();
    let viewer = Viewer::of(caller.0.as_ref());
    let format = match params.0.format {
        Some(format) => format,
        None => match negotiated(&request, &[Format::Json, Format::Csv])? {
            Some(Format::Csv) => StrainFormat::Csv,
            _ => StrainFormat::Json,
        },
    };
    reads::cached(&state, &request, viewer, move |conn| {
        let strain = strains::get(conn, viewer, &reference)?;
        let etag = match format {
            StrainFormat::Json => ("etag", part_rules::representation_etag(strain.revision, None)),
            StrainFormat::Csv => ("etag", part_rules::representation_etag(strain.revision, Some("csv"))),
        };
        let vary = vary();
        match format {
            StrainFormat::Json => reads::json(&strain.body, vec![etag, vary]),
            StrainFormat::Csv => {
                let mut out = Vec::new();
                csv::write_strains(std::slice::from_ref(&strain.body), &mut out, true).map_err(AppError::internal)?;
                let accession = strain.body["accession"].as_str().unwrap_or("strain").to_string();
                Ok(Answer {
                    body: out.into(),
                    content_type: "text/csv; charset=utf-8".into(),
                    headers: vec![
                        etag,
                        vary,
                        ("content-disposition", format!("inline; filename=\"{accession}.csv\"")),
                    ],
                })
            }
        }
    })
    .await
}

/// Edit a strain with a JSON merge patch (RFC 7396); `If-Match` (the ETag you read) is required.
#[utoipa::path(patch, path = "/api/v1/strains/{id}", operation_id = "update_strain", tag = "strains",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Strain id or accession"),
        ("If-Match" = String, Header, description = "ETag of the revision the edit is based on (from a GET), or `*`; required"),
        ChangeParams,
    ),
    request_body(content = Object, content_type = "application/merge-patch+json", description = "Any fields of StrainInput",
        example = json!({"genotype": "F- λ- ilvG- rfb-50 rph-1 ΔlacZ ΔaraBAD", "tags": ["knockout", "arabinose"]})),
    responses(
        (status = 200, description = "The edited strain", body = StrainView),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "The strain belongs to another organisation"),
        (status = 404, description = "No such strain"),
        (status = 409, description = "The strain is withdrawn"),
        (status = 412, description = "If-Match does not match the current revision"),
        (status = 428, description = "If-Match is missing"),
        (status = 413, description = "Body too large"),
        (status = 415, description = "Body is not JSON"),
        (status = 422, description = "Invalid fields, or a lineage loop (named)"),
    ))]
pub async fn update_strain(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
    req: HttpRequest,
    params: ApiQuery<ChangeParams>,
    body: ApiJson<serde_json::Value>,
) -> AppResult<HttpResponse> {
    let comment = params.0.comment;
    let principal = caller.0;
    let reference = path.into_inner();
    let if_match = if_match(&req);
    let strain = state
        .db(move |conn| {
            strains::update(
                conn,
                &principal,
                &reference,
                body.0,
                if_match.as_deref(),
                comment.as_deref(),
            )
        })
        .await?;
    Ok(with_etag(HttpResponse::Ok(), &strain))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct WithdrawStrainParams {
    /// Why, as a reason code: the same codes, and the same word, as a curator's withdrawal of a
    /// published record (`POST …/withdraw` with `{reason_code, comment}`).
    pub reason_code: Option<crate::domain::curation::ReasonCode>,
    /// Why, in words (with `reason_code`, it follows the code).
    pub reason: Option<String>,
    /// A comment kept with the revision.
    pub comment: Option<String>,
}

/// Withdraw a strain (soft: it stays readable with status `withdrawn`).
#[utoipa::path(delete, path = "/api/v1/strains/{id}", operation_id = "withdraw_strain", tag = "strains",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Strain id or accession"),
        WithdrawStrainParams,
        ("If-Match" = String, Header, description = "ETag of the revision being withdrawn (from a GET), or `*`; required"),
    ),
    responses(
        (status = 200, description = "The withdrawn strain", body = StrainView),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "The strain belongs to another organisation"),
        (status = 404, description = "No such strain"),
        (status = 409, description = "Already withdrawn"),
        (status = 412, description = "If-Match does not match the current revision"),
        (status = 428, description = "If-Match is missing"),
        (status = 422, description = "Invalid query parameter"),
    ))]
pub async fn withdraw_strain(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
    params: ApiQuery<WithdrawStrainParams>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let principal = caller.0;
    let reference = path.into_inner();
    let if_match = if_match(&req);
    let strain = state
        .db(move |conn| {
            strains::withdraw(
                conn,
                &principal,
                &reference,
                crate::http::parts::withdrawal_reason(params.0.reason_code, params.0.reason),
                if_match.as_deref(),
                params.0.comment.as_deref(),
            )
        })
        .await?;
    Ok(with_etag(HttpResponse::Ok(), &strain))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LineageParams {
    /// `ancestors` (default) or `descendants`.
    pub direction: Option<Direction>,
    /// Generations to walk, 1-100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub max_depth: Option<u32>,
}

/// A strain's ancestors or descendants, as nodes and typed edges.
#[utoipa::path(get, path = "/api/v1/strains/{id}/lineage", operation_id = "get_strain_lineage", tag = "strains",
    security((), ("bearer" = [])),
    params(("id" = String, Path, description = "Strain id or accession"), LineageParams),
    responses(
        (status = 200, description = "Nodes (with their depth) and edges (child derived from parent)", body = Lineage),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 404, description = "No such strain"),
        (status = 422, description = "Invalid query parameter"),
    ))]
pub async fn get_lineage(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    params: ApiQuery<LineageParams>,
) -> AppResult<web::Json<Lineage>> {
    caller.require_read(&state)?;
    let direction = params.0.direction.unwrap_or(Direction::Ancestors);
    let depth = match params.0.max_depth.unwrap_or(20) {
        n @ 1..=100 => n,
        n => {
            return Err(AppError::invalid_field(
                "max_depth",
                format!("{n} is not between 1 and 100"),
            ))
        }
    };
    let reference = path.into_inner();
    Ok(web::Json(
        state
            .db(move |conn| strains::lineage(conn, Viewer::of(caller.0.as_ref()), &reference, direction, depth))
            .await?,
    ))
}

/// Strains that carry a part directly, or inside a carried plasmid or composite (at any depth),
/// each with the chain of parts that links them; a page of strains at a time.
#[utoipa::path(get, path = "/api/v1/parts/{id}/strains", operation_id = "list_part_strains", tag = "strains",
    security((), ("bearer" = [])),
    params(("id" = String, Path, description = "Part id or accession"), PageParams),
    responses(
        (status = 200, description = "Carrying strains (by accession) and their paths",
            body = CarrierPage,
            headers(
                ("Link" = String, description = "`<url>; rel=\"next\"` when more carrying strains follow"),
                ("Bioreg-Truncated" = String, description = "`true` when the part is inside more composites than one request climbs through (`domain::strains::MAX_CARRIER_WALK_PARTS`): carriers through the others are left out"),
            )),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 404, description = "No such part"),
        (status = 422, description = "Bad `limit` or `cursor`"),
    ))]
pub async fn list_part_strains(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    page: ApiQuery<PageParams>,
    request: HttpRequest,
) -> AppResult<HttpResponse> {
    caller.require_read(&state)?;
    let reference = path.into_inner();
    let (limit, cursor) = page.0.read("carriers")?;
    let found = state
        .db(move |conn| strains::carriers_of_part(conn, Viewer::of(caller.0.as_ref()), &reference, cursor, limit))
        .await?;
    let mut response = lists::page(&request, "carriers", found.carriers, limit, found.next_cursor);
    if found.walk_truncated {
        response
            .headers_mut()
            .insert(TRUNCATED.clone(), header::HeaderValue::from_static("true"));
    }
    Ok(response)
}

/// `Bioreg-Truncated: true`: an array answer holds less than the whole answer, by a bound of
/// docs/bounds.md rather than by paging.
pub static TRUNCATED: header::HeaderName = header::HeaderName::from_static("bioreg-truncated");

/// Add a physical sample. No two live samples share a position.
#[utoipa::path(post, path = "/api/v1/strains/{id}/samples", operation_id = "create_strain_sample", tag = "samples",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Strain id or accession")),
    request_body(content = SampleInput, example = json!({
        "location": {"site": "Shenzhen", "freezer": "F1", "rack": "R2", "box": "B3", "position": "A1"},
        "preservation_method": "glycerol -80 °C", "quantity": "3 vials"})),
    responses(
        (status = 201, description = "Added", body = SampleView,
            headers(("Location" = String, description = "URL of the sample (`DELETE` removes it)"))),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "The strain belongs to another organisation"),
        (status = 404, description = "No such strain"),
        (status = 409, description = "The position holds another live sample, or the strain is withdrawn"),
        (status = 413, description = "Body too large"),
        (status = 415, description = "Body is not JSON"),
        (status = 422, description = "Invalid fields"),
    ))]
pub async fn create_sample(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
    body: ApiJson<SampleInput>,
) -> AppResult<HttpResponse> {
    let principal = caller.0;
    let reference = path.into_inner();
    let strain = reference.clone();
    let sample = state
        .db(move |conn| strains::add_sample(conn, &principal, &reference, body.0))
        .await?;
    let location = format!("/api/v1/strains/{strain}/samples/{}", sample.id);
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .json(sample))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SampleListParams {
    /// Also list removed samples.
    pub include_removed: Option<bool>,
    /// Page size, 1-500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

lists::page_type!(
    /// A page of a strain's samples.
    SamplePage,
    SampleView
);

lists::page_type!(
    /// A page of the strains carrying a part.
    CarrierPage,
    Carrier
);

/// The strain's physical samples.
#[utoipa::path(get, path = "/api/v1/strains/{id}/samples", operation_id = "list_strain_samples", tag = "samples",
    security((), ("bearer" = [])),
    params(("id" = String, Path, description = "Strain id or accession"), SampleListParams),
    responses(
        (status = 200, description = "Samples, oldest first", body = SamplePage),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 404, description = "No such strain"),
        (status = 422, description = "Invalid query parameter"),
    ))]
pub async fn list_samples(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    params: ApiQuery<SampleListParams>,
    request: HttpRequest,
) -> AppResult<HttpResponse> {
    caller.require_read(&state)?;
    let reference = path.into_inner();
    let p = params.0;
    let include_removed = p.include_removed.unwrap_or(false);
    let limit = page_limit(p.limit)?;
    let after = cursor::open_opt("samples", p.cursor.as_deref())?;
    let viewer = Viewer::of(caller.0.as_ref());
    let (items, next) = state
        .db(move |conn| strains::samples(conn, viewer, &reference, include_removed, after.as_deref(), limit))
        .await?;
    Ok(lists::page(&request, "samples", items, limit, next))
}

/// Remove a sample (kept as removed; its position is free again).
#[utoipa::path(delete, path = "/api/v1/strains/{id}/samples/{sample_id}", operation_id = "remove_strain_sample", tag = "samples",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Strain id or accession"),
        ("sample_id" = String, Path, description = "Sample id"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "The strain belongs to another organisation"),
        (status = 404, description = "No such strain or sample"),
        (status = 409, description = "Already removed"),
    ))]
pub async fn remove_sample(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let principal = caller.0;
    let (reference, sample) = path.into_inner();
    state
        .db(move |conn| strains::remove_sample(conn, &principal, &reference, &sample))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
