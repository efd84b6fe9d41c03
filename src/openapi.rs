//! Owns the OpenAPI document: every operation, schema, the bearer security scheme, the
//! problem+json body attached to every error response, and the links from the operations that
//! create records to the operations on them. [`document`] is the one document served at
//! `/openapi.json`, printed by `bioreg openapi` and committed as `openapi/openapi.json`.

use serde_json::{json, Value};
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::error::{FieldError, Problem, PROBLEM_JSON};
use crate::http::{accounts, curation, curation_batch, exports, health, history, imports, parts, search, strains};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "bioreg",
        description = "Registry service for microbial strains and genetic parts. Every error is RFC 9457 \
                       `application/problem+json`; times are RFC 3339 UTC; ids are UUIDs.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    servers(
        (url = "/", description = "The instance serving this document"),
        (url = "http://127.0.0.1:8080", description = "`bioreg serve` on its default address"),
    ),
    paths(
        health::health,
        health::ready,
        health::metrics,
        accounts::get_me,
        accounts::create_organization,
        accounts::list_organizations,
        accounts::get_organization,
        accounts::create_user,
        accounts::list_users,
        accounts::get_user,
        accounts::create_token,
        accounts::list_tokens,
        accounts::revoke_token,
        accounts::list_my_tokens,
        accounts::create_my_token,
        accounts::revoke_my_token,
        parts::create_part,
        parts::list_parts,
        parts::get_part,
        parts::update_part,
        parts::withdraw_part,
        parts::list_twins,
        parts::list_used_in,
        parts::list_ontology_terms,
        strains::create_strain,
        strains::list_strains,
        strains::get_strain,
        strains::update_strain,
        strains::withdraw_strain,
        strains::get_lineage,
        strains::list_part_strains,
        strains::create_sample,
        strains::list_samples,
        strains::remove_sample,
        history::list_part_revisions,
        history::get_part_revision,
        history::diff_part_revisions,
        history::list_strain_revisions,
        history::get_strain_revision,
        history::diff_strain_revisions,
        history::list_audit_events,
        curation::submit_part,
        curation::review_part,
        curation::withdraw_published_part,
        curation::list_part_reviews,
        curation::submit_strain,
        curation::review_strain,
        curation::withdraw_published_strain,
        curation::list_strain_reviews,
        curation::review_queue,
        curation_batch::review_batch,
        curation_batch::submit_import,
        curation_batch::count_review_queue,
        search::search_sequence,
        imports::import_parts,
        imports::list_imports,
        imports::get_import,
        imports::get_import_template,
        exports::export_records,
    ),
    // Schemas used only by query parameters, which utoipa does not collect on its own.
    components(schemas(
        Problem,
        FieldError,
        crate::domain::formats::Format,
        exports::ExportKind,
        crate::domain::import_jobs::JobState,
        strains::StrainFormat,
        curation::QueueKind,
        imports::DuplicatesSwitch
    )),
    modifiers(&SecurityAndProblems),
    tags(
        (name = "operations", description = "Liveness, readiness and metrics"),
        (name = "organizations", description = "Organisations (labs, institutes, companies) that own records"),
        (name = "users", description = "Users, their roles, and who the caller is (`/me`)"),
        (name = "tokens", description = "API tokens: self-service under `/me/tokens`, any user's for admins"),
        (name = "parts", description = "The part library: genetic parts with validated sequences"),
        (name = "strains", description = "The strain library: strains, lineage and carried parts"),
        (name = "samples", description = "Physical samples of strains and where they are kept"),
        (name = "curation", description = "Submission, review and withdrawal of parts and strains; the review queue"),
        (name = "history", description = "Revisions of records and field-level diffs"),
        (name = "audit", description = "The audit log of every change and refused authentication"),
        (name = "imports", description = "Bulk imports from GenBank, FASTA, SBOL3 and CSV files, run in the request or as jobs"),
        (name = "exports", description = "Whole-library exports in FASTA, GenBank, SBOL3, CSV and JSON"),
        (name = "search", description = "Exact, approximate and similarity search over part sequences"),
        (name = "ontology", description = "The Sequence Ontology terms accepted as roles and feature types"),
    )
)]
pub struct ApiDoc;

/// Declares bearer auth and gives every 4xx/5xx response the `Problem` schema as
/// `application/problem+json`, so handlers only state which statuses they return and why.
struct SecurityAndProblems;

impl Modify for SecurityAndProblems {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token from `bioreg token create` or POST /api/v1/users/{id}/tokens",
                    ))
                    .build(),
            ),
        );
        let problem = ContentBuilder::new()
            .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name("Problem"))))
            .build();
        let retry_after = HeaderBuilder::new()
            .schema(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)))
            .description(Some("Seconds to wait before retrying"))
            .build();
        let count = |description: &str| {
            HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0)))
                .description(Some(description.to_string()))
                .build()
        };
        let rate_limited = ResponseBuilder::new()
            .description(
                "Over the rate limit of the token or of the client address; retry after `Retry-After` seconds. \
                 Every limited answer, this one included, says where the caller stands in `RateLimit-Limit`, \
                 `RateLimit-Remaining` and `RateLimit-Reset`",
            )
            .header("Retry-After", retry_after)
            .header("RateLimit-Limit", count("Requests the caller may send in a burst"))
            .header("RateLimit-Remaining", count("Requests left of that burst (0 here)"))
            .header("RateLimit-Reset", count("Seconds until the burst is whole again"))
            .build();
        let not_modified = ResponseBuilder::new()
            .description("Not modified: `If-None-Match` names the current `ETag` of this answer")
            .header(
                "ETag",
                HeaderBuilder::new()
                    .schema(ObjectBuilder::new().schema_type(Type::String))
                    .build(),
            )
            .build();
        for (path, item) in openapi.paths.paths.iter_mut() {
            // Everything but liveness and metrics reaches the database, so may meet its failures.
            let uses_database = path != "/health" && path != "/metrics";
            if path.starts_with("/api/") {
                if let Some(get) = item.get.as_mut() {
                    get.responses
                        .responses
                        .entry("304".into())
                        .or_insert_with(|| not_modified.clone().into());
                }
            }
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                let responses = &mut operation.responses.responses;
                if uses_database {
                    responses
                        .entry("500".into())
                        .or_insert_with(|| Response::new("Internal error; the request id is in `x-request-id`").into());
                }
                responses.entry("503".into()).or_insert_with(|| {
                    Response::new("The database is unreachable or busy, or the request timed out; retry").into()
                });
                if path.starts_with("/api/") {
                    responses
                        .entry("429".into())
                        .or_insert_with(|| rate_limited.clone().into());
                }
                for (status, response) in operation.responses.responses.iter_mut() {
                    let is_error = status.starts_with('4') || status.starts_with('5');
                    if let (true, RefOr::T(Response { content, .. })) = (is_error, response) {
                        content
                            .entry(PROBLEM_JSON.to_string())
                            .or_insert_with(|| problem.clone());
                    }
                }
            }
        }
    }
}

/// Collections whose `POST` creates a record, and where the created record's identifier is in
/// the response body.
const CREATED: [(&str, &str); 4] = [
    ("/api/v1/parts", "/accession"),
    ("/api/v1/strains", "/accession"),
    ("/api/v1/organizations", "/slug"),
    ("/api/v1/users", "/id"),
];

/// The OpenAPI document, with links.
///
/// Links (OpenAPI 3.1 §4.8.20) tell clients, and schemathesis's stateful tests, that the record a
/// `POST` creates is what the operations under `{collection}/{id}` take (with the `ETag` it
/// answered as their `If-Match`). They are added to the serialised document because utoipa 5
/// writes its `Link` object with snake_case keys (`operation_id`), which is not OpenAPI.
pub fn document() -> Value {
    let mut document = serde_json::to_value(ApiDoc::openapi()).expect("the OpenAPI document serialises");
    let mut links: Vec<(String, &'static str, String, Value)> = Vec::new();
    let paths = document["paths"].as_object().cloned().unwrap_or_default();
    for (collection, pointer) in CREATED {
        for (path, item) in &paths {
            let Some(rest) = path.strip_prefix(&format!("{collection}/{{id}}")) else {
                continue;
            };
            if rest.contains('{') || !(rest.is_empty() || rest.starts_with('/')) {
                continue;
            }
            for operation in item.as_object().into_iter().flat_map(|ops| ops.values()) {
                let Some(operation_id) = operation["operationId"].as_str() else {
                    continue;
                };
                let mut parameters = json!({ "id": format!("$response.body#{pointer}") });
                let takes_if_match = operation["parameters"]
                    .as_array()
                    .is_some_and(|ps| ps.iter().any(|p| p["in"] == "header" && p["name"] == "If-Match"));
                if takes_if_match {
                    parameters["header.If-Match"] = json!("$response.header.ETag");
                }
                let link = json!({ "operationId": operation_id, "parameters": parameters });
                links.push((collection.to_string(), "201", operation_id.to_string(), link));
            }
        }
    }
    // Sub-records: a new token can be revoked, a new sample removed.
    links.push((
        "/api/v1/users/{id}/tokens".into(),
        "201",
        "revoke_token".into(),
        json!({ "operationId": "revoke_token", "parameters": { "id": "$response.body#/id" } }),
    ));
    links.push((
        "/api/v1/me/tokens".into(),
        "201",
        "revoke_my_token".into(),
        json!({ "operationId": "revoke_my_token", "parameters": { "id": "$response.body#/id" } }),
    ));
    links.push((
        "/api/v1/strains/{id}/samples".into(),
        "201",
        "remove_strain_sample".into(),
        json!({ "operationId": "remove_strain_sample",
                "parameters": { "id": "$request.path.id", "sample_id": "$response.body#/id" } }),
    ));
    // A stored import, and a job accepted to run, are read by their id.
    for status in ["201", "202"] {
        links.push((
            "/api/v1/imports".into(),
            status,
            "get_import".into(),
            json!({ "operationId": "get_import", "parameters": { "id": "$response.body#/id" } }),
        ));
    }
    for (path, status, name, link) in links {
        if let Some(response) = document["paths"][&path]["post"]["responses"][status].as_object_mut() {
            let entry = response.entry("links").or_insert_with(|| json!({}));
            entry[name] = link;
        }
    }
    document
}
