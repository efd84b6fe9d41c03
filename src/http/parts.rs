//! Owns the part-library endpoints under `/api/v1/parts` and the ontology term list.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Authenticated, Caller};
use crate::cache::Answer;
use crate::db::parts::PartFilter;
use crate::domain::formats::Format;
use crate::domain::ontology::{self, SoTerm};
use crate::domain::parts::{self, PartInput, PartListRequest, PartSummary, PartView};
use crate::domain::visibility::Viewer;
use crate::domain::{accounts, cursor};
use crate::error::{AppError, AppResult};
use crate::http::extract::{page_limit, ApiJson, ApiQuery};
use crate::http::lists::{self, PageParams};
use crate::http::reads;
use crate::seq::{MoleculeType, Topology};
use crate::state::AppState;

/// `?comment=` on writes: why the change was made, kept with the revision.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ChangeParams {
    /// Why this change is made; stored with the revision.
    pub comment: Option<String>,
}

pub(crate) fn if_match(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn with_etag(mut response: actix_web::HttpResponseBuilder, part: &PartView) -> HttpResponse {
    response
        .insert_header((header::ETAG, parts::etag(part.revision)))
        .json(part)
}

/// Register a part. It belongs to the caller's organisation.
#[utoipa::path(post, path = "/api/v1/parts", operation_id = "create_part", tag = "parts",
    security(("bearer" = [])),
    params(ChangeParams),
    request_body(content = PartInput, example = json!({
        "name": "B0034", "aliases": ["BBa_B0034"], "role": "RBS", "sequence": "aaagaggagaaa",
        "hosts": [{"name": "Escherichia coli", "taxid": 562}], "license": "CC-BY-4.0",
        "tags": ["rbs"], "description": "Strong ribosome binding site (Elowitz 1999)"})),
    responses(
        (status = 201, description = "Registered", body = PartView,
            headers(("Location" = String, description = "URL of the new part"), ("ETag" = String, description = "Revision tag"))),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Readers may not register parts"),
        (status = 409, description = "A live part has the same canonical sequence; `existing` names the first copy"),
        (status = 413, description = "Body too large"),
        (status = 415, description = "Body is not JSON"),
        (status = 422, description = "Invalid fields (all listed), e.g. a letter outside the alphabet with its position"),
    ))]
pub async fn create_part(
    state: web::Data<AppState>,
    caller: Authenticated,
    params: ApiQuery<ChangeParams>,
    body: ApiJson<PartInput>,
) -> AppResult<HttpResponse> {
    let rules = state.settings.part_rules();
    let principal = caller.0;
    let comment = params.0.comment;
    let part = state
        .db_write(move |conn| parts::create(conn, &principal, body.0, &rules, comment.as_deref()))
        .await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/api/v1/parts/{}", part.accession)));
    Ok(with_etag(response, &part))
}

/// Query parameters of `GET /api/v1/parts`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PartListParams {
    /// Text search, ignoring case. A part matches when `q` is its accession, its name or an
    /// alias (best), when `q` is part of one of those (`q` needs 3 letters or digits in a row
    /// for this), or when every word of `q` is a word of its accession, name, aliases or
    /// description. Results come best first, then in order of registration (`sort=relevance`,
    /// the default with `q`); another `sort` keeps `q` as a filter. At most 256 characters.
    #[param(max_length = 256)]
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
    /// Only records registered after this time (RFC 3339, exclusive).
    pub created_after: Option<DateTime<Utc>>,
    /// Only records registered before this time (RFC 3339, exclusive).
    pub created_before: Option<DateTime<Utc>>,
    /// `relevance` (the default with `q`, best first: see `q`), `created_at` (the default
    /// without `q`), `accession`, `name` or `length`; prefix `-` for descending.
    #[param(pattern = "^-?(relevance|created_at|accession|name|length)$")]
    pub sort: Option<String>,
    /// Page size, 1-500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page (same filters and sort).
    pub cursor: Option<String>,
    /// Heavier fields than the summary, comma-separated: `record` for whole records (as
    /// `GET /api/v1/parts/{id}`: features, components, references, provenance, twins…),
    /// `sequence` for the sequence (of a summary or a record).
    pub include: Option<String>,
    /// Also list withdrawn parts.
    pub include_withdrawn: Option<bool>,
}

/// The record filters of the part list, also accepted by sequence search.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartFilters {
    /// Text search, ignoring case. A part matches when `q` is its accession, its name or an
    /// alias (best), when `q` is part of one of those (`q` needs 3 letters or digits in a row
    /// for this), or when every word of `q` is a word of its accession, name, aliases or
    /// description. Results come best first, then in order of registration (`sort=relevance`,
    /// the default with `q`); another `sort` keeps `q` as a filter. At most 256 characters.
    #[schema(max_length = 256)]
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
    /// Only records registered after this time (RFC 3339, exclusive).
    pub created_after: Option<DateTime<Utc>>,
    /// Only records registered before this time (RFC 3339, exclusive).
    pub created_before: Option<DateTime<Utc>>,
}

impl PartFilters {
    /// The stored values the filters stand for (role labels resolved to ids, organisations to ids).
    pub fn resolve(self, conn: &mut crate::db::DbConnection) -> AppResult<PartFilter> {
        let role_id = self
            .role
            .as_deref()
            .map(|r| ontology::resolve_or_suggest(r).map(|t| t.id.clone()))
            .transpose()
            .map_err(|message| AppError::invalid_field("role", message))?;
        Ok(PartFilter {
            text: crate::domain::text_query(self.q.as_deref())?,
            role_id,
            molecule_type: self.molecule_type.map(|m| m.as_str().to_string()),
            topology: self.topology.map(|t| t.as_str().to_string()),
            host_taxid: self.host_taxid,
            tag: self.tag.map(|t| t.trim().to_lowercase()),
            owner_org_id: accounts::organization_filter(conn, "owner_org", self.owner_org.as_deref())?,
            length_min: self.length_min,
            length_max: self.length_max,
            created_after: self.created_after.map(|t| t.naive_utc()),
            created_before: self.created_before.map(|t| t.naive_utc()),
            include_withdrawn: false,
            ..PartFilter::default()
        })
    }
}

#[derive(Debug, serde::Serialize, ToSchema)]
pub struct PartPage {
    /// Summaries; with `include=record` whole records (`PartView`, as `GET /api/v1/parts/{id}`),
    /// each of which has every field of the summary.
    #[schema(value_type = Vec<PartSummary>)]
    pub items: Vec<serde_json::Value>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// List and search parts.
#[utoipa::path(get, path = "/api/v1/parts", operation_id = "list_parts", tag = "parts",
    security((), ("bearer" = [])),
    params(PartListParams),
    responses(
        (status = 200, description = "A page of parts: summaries, or whole records with include=record; sequences only with include=sequence", body = PartPage),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 422, description = "Invalid query parameter"),
    ))]
pub async fn list_parts(
    state: web::Data<AppState>,
    caller: Caller,
    params: ApiQuery<PartListParams>,
    request: HttpRequest,
) -> AppResult<HttpResponse> {
    caller.require_read(&state)?;
    let viewer = Viewer::of(caller.0.as_ref());
    let p = params.0;
    let limit = page_limit(p.limit)?;
    let (mut record, mut with_sequence) = (false, false);
    for part in p
        .include
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match part {
            "record" => record = true,
            "sequence" => with_sequence = true,
            other => {
                return Err(AppError::invalid_field(
                    "include",
                    format!("`{other}` is not `record` or `sequence` (a comma-separated list of them)"),
                ))
            }
        }
    }
    let (order, descending) =
        parts::parse_sort(p.sort.as_deref(), crate::domain::text_query(p.q.as_deref())?.is_some())?;
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
    let include_withdrawn = p.include_withdrawn.unwrap_or(false);
    let cursor = cursor::open_opt("parts", p.cursor.as_deref())?;
    reads::cached(&state, &request, viewer, move |conn| {
        let request = PartListRequest {
            filter: PartFilter {
                include_withdrawn,
                ..filters.resolve(conn)?
            },
            order,
            descending,
            cursor,
            limit,
            with_sequence,
            record,
        };
        let (page, next_cursor) = parts::list(conn, viewer, &request)?;
        let page = PartPage {
            items: page.into_iter().map(|p| p.body).collect(),
            next_cursor: next_cursor.map(|c| cursor::seal("parts", &c)),
        };
        reads::json(&page, Vec::new())
    })
    .await
}

/// Query parameters of `GET /api/v1/parts/{id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct GetPartParams {
    /// `json` (default), `fasta`, `genbank`, `sbol3` (Turtle) or `csv`. Without it, an `Accept`
    /// of `chemical/seq-na-genbank`, `text/x-genbank`, `application/x-genbank` (or the FASTA
    /// equivalents), `text/turtle` or `text/csv` chooses the format.
    pub format: Option<Format>,
}

/// The formats a part is served in, JSON first (the default).
const PART_FORMATS: [Format; 5] = [Format::Json, Format::Genbank, Format::Fasta, Format::Sbol3, Format::Csv];

/// The format an `Accept` header asks for among `offered` (`None` without one: the default);
/// 406 naming what can be served when it accepts none of them.
pub(crate) fn negotiated(request: &HttpRequest, offered: &[Format]) -> AppResult<Option<Format>> {
    let Some(accept) = request.headers().get(header::ACCEPT) else {
        return Ok(None);
    };
    let accept = accept.to_str().unwrap_or_default();
    if accept.trim().is_empty() {
        return Ok(None);
    }
    Format::negotiate(accept, offered).map(Some).ok_or_else(|| {
        AppError::not_acceptable(format!(
            "none of the media types in `Accept: {accept}` can be served here: this resource is available as {} \
             (or choose with `?format=`)",
            Format::offered_list(offered)
        ))
    })
}

/// `Vary` of a record's representations: the format follows `Accept`, and what a record shows
/// follows who asks.
pub(crate) fn vary() -> (&'static str, String) {
    ("vary", "Accept, Authorization".to_string())
}

/// Get a part by id or accession, with its sequence — as JSON, FASTA, GenBank, SBOL3 or CSV.
#[utoipa::path(get, path = "/api/v1/parts/{id}", operation_id = "get_part", tag = "parts",
    security((), ("bearer" = [])),
    params(("id" = String, Path, description = "Part id or accession"), GetPartParams),
    responses(
        (status = 200, description = "The part", headers(
                ("ETag" = String, description = "Tag of this representation of the revision (`\"r<n>\"` for JSON, `\"r<n>-<format>\"` for the others); any of them serves as If-Match"),
                ("Vary" = String, description = "`Accept, Authorization`")),
            content(
                (PartView = "application/json"),
                (String = "text/x-genbank"),
                (String = "text/x-fasta"),
                (String = "text/turtle"),
                (String = "text/csv"),
            )),
        (status = 406, description = "`Accept` names no format the part is served in (the problem lists them)"),
        (status = 422, description = "Unknown `format` (the problem names the parameter)"),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 404, description = "No such part"),
    ))]
pub async fn get_part(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    params: ApiQuery<GetPartParams>,
    request: HttpRequest,
) -> AppResult<HttpResponse> {
    caller.require_read(&state)?;
    let reference = path.into_inner();
    let viewer = Viewer::of(caller.0.as_ref());
    let format = match params.0.format {
        Some(format) => Some(format),
        None => negotiated(&request, &PART_FORMATS)?,
    };
    let namespace = state.settings.sbol3_namespace();
    // Written on the blocking pool with the read: a 20 Mbp record takes a while to serialise, and
    // a worker's event loop serves other requests meanwhile. Kept by the read cache.
    reads::cached(&state, &request, viewer, move |conn| {
        let part = parts::get(conn, viewer, &reference)?;
        let etag = (
            "etag",
            parts::representation_etag(part.revision, format.map(Format::extension)),
        );
        match format {
            None | Some(Format::Json) => reads::json(&part.body, vec![etag, vary()]),
            Some(format) => {
                let accession = part.body["accession"].as_str().unwrap_or("part").to_string();
                Ok(Answer {
                    body: format.write(std::slice::from_ref(&part.body), true, &namespace)?.into(),
                    content_type: format.media_type().to_string(),
                    headers: vec![
                        etag,
                        (
                            "content-disposition",
                            format!("inline; filename=\"{accession}.{}\"", format.extension()),
                        ),
                        vary(),
                    ],
                })
            }
        }
    })
    .await
}

/// Edit a part with a JSON merge patch (RFC 7396): fields sent replace the stored ones, `null`
/// clears them. `If-Match` (the ETag you read) is required, so nobody overwrites an edit they have not seen.
#[utoipa::path(patch, path = "/api/v1/parts/{id}", operation_id = "update_part", tag = "parts",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Part id or accession"),
        ("If-Match" = String, Header, description = "ETag of the revision the edit is based on (from a GET), or `*`; required"),
        ChangeParams,
    ),
    request_body(content = Object, content_type = "application/merge-patch+json",
        description = "Any fields of PartInput",
        example = json!({"description": "Strong RBS; measured in E. coli DH5α", "tags": ["rbs", "characterised"]})),
    responses(
        (status = 200, description = "The edited part (revision + 1)", body = PartView,
            headers(("ETag" = String, description = "Revision tag"))),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "The part belongs to another organisation"),
        (status = 404, description = "No such part"),
        (status = 409, description = "Withdrawn, a duplicate sequence, or a component whose sequence would change"),
        (status = 412, description = "If-Match does not match the current revision"),
        (status = 428, description = "If-Match is missing"),
        (status = 413, description = "Body too large"),
        (status = 415, description = "Body is not JSON"),
        (status = 422, description = "Invalid fields"),
    ))]
pub async fn update_part(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
    req: HttpRequest,
    params: ApiQuery<ChangeParams>,
    body: ApiJson<serde_json::Value>,
) -> AppResult<HttpResponse> {
    let comment = params.0.comment;
    let rules = state.settings.part_rules();
    let principal = caller.0;
    let reference = path.into_inner();
    let if_match = if_match(&req);
    let part = state
        .db_write(move |conn| {
            parts::update(
                conn,
                &principal,
                &reference,
                body.0,
                if_match.as_deref(),
                &rules,
                comment.as_deref(),
            )
        })
        .await?;
    Ok(with_etag(HttpResponse::Ok(), &part))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct WithdrawParams {
    /// Why, as a reason code: the same codes, and the same word, as a curator's withdrawal of a
    /// published record (`POST …/withdraw` with `{reason_code, comment}`).
    pub reason_code: Option<crate::domain::curation::ReasonCode>,
    /// Why, in words (with `reason_code`, it follows the code).
    pub reason: Option<String>,
    /// A comment kept with the revision.
    pub comment: Option<String>,
}

/// The reason stored with an owner's withdrawal: the code, the words, or both (`code: words`).
pub(crate) fn withdrawal_reason(
    code: Option<crate::domain::curation::ReasonCode>,
    words: Option<String>,
) -> Option<String> {
    let words = words.map(|w| w.trim().to_string()).filter(|w| !w.is_empty());
    match (code, words) {
        (Some(code), Some(words)) => Some(format!("{}: {words}", code.as_str())),
        (Some(code), None) => Some(code.as_str().to_string()),
        (None, words) => words,
    }
}

/// Withdraw a part. It stays readable (status `withdrawn`) but leaves lists and duplicate checks.
#[utoipa::path(delete, path = "/api/v1/parts/{id}", operation_id = "withdraw_part", tag = "parts",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Part id or accession"),
        WithdrawParams,
        ("If-Match" = String, Header, description = "ETag of the revision being withdrawn (from a GET), or `*`; required"),
    ),
    responses(
        (status = 200, description = "The withdrawn part", body = PartView),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "The part belongs to another organisation"),
        (status = 404, description = "No such part"),
        (status = 409, description = "Already withdrawn"),
        (status = 412, description = "If-Match does not match the current revision"),
        (status = 428, description = "If-Match is missing"),
        (status = 422, description = "Invalid query parameter"),
    ))]
pub async fn withdraw_part(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
    params: ApiQuery<WithdrawParams>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let principal = caller.0;
    let reference = path.into_inner();
    let if_match = if_match(&req);
    let part = state
        .db_write(move |conn| {
            parts::withdraw(
                conn,
                &principal,
                &reference,
                crate::http::parts::withdrawal_reason(params.0.reason_code, params.0.reason),
                if_match.as_deref(),
                params.0.comment.as_deref(),
            )
        })
        .await?;
    Ok(with_etag(HttpResponse::Ok(), &part))
}

/// Live parts with the same canonical sequence (deliberate twins), a page at a time.
#[utoipa::path(get, path = "/api/v1/parts/{id}/twins", operation_id = "list_part_twins", tag = "parts",
    security((), ("bearer" = [])),
    params(("id" = String, Path, description = "Part id or accession"), PageParams),
    responses(
        (status = 200, description = "The twins (summaries), oldest first", body = PartPage,
            headers(("Link" = String, description = "`<url>; rel=\"next\"` when more twins follow"))),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 404, description = "No such part"),
        (status = 422, description = "Bad `limit` or `cursor`"),
    ))]
pub async fn list_twins(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    page: ApiQuery<PageParams>,
    request: HttpRequest,
) -> AppResult<HttpResponse> {
    caller.require_read(&state)?;
    let reference = path.into_inner();
    let viewer = Viewer::of(caller.0.as_ref());
    let (limit, cursor) = page.0.read("twins")?;
    let (items, next) = state
        .db(move |conn| parts::twins(conn, viewer, &reference, cursor, limit))
        .await?;
    let items: Vec<serde_json::Value> = items.into_iter().map(|p| p.body).collect();
    Ok(lists::page(&request, "twins", items, limit, next))
}

/// Live composites that include the part as a component, a page at a time.
#[utoipa::path(get, path = "/api/v1/parts/{id}/used-in", operation_id = "list_part_used_in", tag = "parts",
    security((), ("bearer" = [])),
    params(("id" = String, Path, description = "Part id or accession"), PageParams),
    responses(
        (status = 200, description = "The composites (summaries), by accession", body = PartPage,
            headers(("Link" = String, description = "`<url>; rel=\"next\"` when more composites follow"))),
        (status = 401, description = "Anonymous reads are off, or the token is invalid"),
        (status = 404, description = "No such part"),
        (status = 422, description = "Bad `limit` or `cursor`"),
    ))]
pub async fn list_used_in(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    page: ApiQuery<PageParams>,
    request: HttpRequest,
) -> AppResult<HttpResponse> {
    caller.require_read(&state)?;
    let reference = path.into_inner();
    let viewer = Viewer::of(caller.0.as_ref());
    let (limit, cursor) = page.0.read("used-in")?;
    let (items, next) = state
        .db(move |conn| parts::used_in(conn, viewer, &reference, cursor, limit))
        .await?;
    let items: Vec<serde_json::Value> = items.into_iter().map(|p| p.body).collect();
    Ok(lists::page(&request, "used-in", items, limit, next))
}

lists::page_type!(
    /// A page of Sequence Ontology terms.
    TermPage,
    SoTerm
);

/// The Sequence Ontology terms accepted as part roles and feature types, a page at a time.
#[utoipa::path(get, path = "/api/v1/ontology/terms", operation_id = "list_ontology_terms", tag = "ontology",
    params(PageParams),
    responses(
        (status = 200, description = "Supported terms, in the order of the ontology module", body = TermPage),
        (status = 422, description = "Bad `limit` or `cursor`"),
    ))]
pub async fn list_ontology_terms(page: ApiQuery<PageParams>, request: HttpRequest) -> AppResult<HttpResponse> {
    let (limit, after) = page.0.read("terms")?;
    let terms = ontology::terms();
    let start = match after {
        None => 0,
        Some(position) => position
            .parse::<usize>()
            .ok()
            .filter(|&n| n <= terms.len())
            .ok_or_else(|| AppError::invalid_field("cursor", "is not a cursor returned by this list"))?,
    };
    let end = terms.len().min(start + usize::try_from(limit).unwrap_or(usize::MAX));
    let next = (end < terms.len()).then(|| end.to_string());
    Ok(lists::page(
        &request,
        "terms",
        terms[start..end].iter().collect(),
        limit,
        next,
    ))
}
