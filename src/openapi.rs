//! Owns the OpenAPI document: every operation, schema, the bearer security scheme, and the
//! problem+json body attached to every error response.

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{RefOr, Response};
use utoipa::{Modify, OpenApi};

use crate::error::{FieldError, Problem, PROBLEM_JSON};
use crate::http::{accounts, curation, exports, health, history, imports, parts, search, strains};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "bioreg",
        description = "Registry service for microbial strains and genetic parts. Every error is RFC 9457 \
                       `application/problem+json`; times are RFC 3339 UTC; ids are UUIDs.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
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
        curation::withdraw_part,
        curation::list_part_reviews,
        curation::submit_strain,
        curation::review_strain,
        curation::withdraw_strain,
        curation::list_strain_reviews,
        curation::review_queue,
        search::search_sequence,
        imports::import_parts,
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
        strains::StrainFormat,
        curation::QueueKind
    )),
    modifiers(&SecurityAndProblems),
    tags(
        (name = "operations", description = "Liveness, readiness and metrics"),
        (name = "accounts", description = "Organisations, users and API tokens"),
        (name = "parts", description = "The part library: genetic parts with validated sequences"),
        (name = "strains", description = "The strain library: strains, lineage, carried parts and samples"),
        (name = "history", description = "Revisions of records, field-level diffs, and the audit log"),
        (name = "curation", description = "Submission, review and withdrawal of parts and strains"),
        (name = "search", description = "Exact, approximate and similarity search over part sequences"),
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
        for (path, item) in openapi.paths.paths.iter_mut() {
            // Everything but liveness and metrics reaches the database, so may meet its failures.
            let uses_database = path != "/health" && path != "/metrics";
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
                    responses
                        .entry("503".into())
                        .or_insert_with(|| Response::new("The database is unreachable or busy; retry").into());
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
