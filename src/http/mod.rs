//! The HTTP floor: the router (every route of the API is listed in [`routes`]), one module per
//! resource, extractors and middleware. Handlers validate input, call `domain`, and turn rows
//! into views.

pub mod accounts;
pub mod conditional;
pub mod curation;
pub mod curation_batch;
pub mod exports;
pub mod extract;
pub mod health;
pub mod history;
pub mod imports;
pub mod limits;
pub mod lists;
pub mod metrics;
pub mod parts;
pub mod problems;
pub mod reads;
pub mod request_id;
pub mod search;
pub mod strains;

use actix_web::web;
use utoipa_swagger_ui::SwaggerUi;

use crate::openapi;

/// Every route of the service.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/health", web::get().to(health::health))
        .route("/ready", web::get().to(health::ready))
        .route("/metrics", web::get().to(health::metrics))
        .service(SwaggerUi::new("/docs/{_:.*}").external_url_unchecked("/openapi.json", openapi::document()))
        .service(web::redirect("/docs", "/docs/"))
        .service(
            web::scope("/api/v1")
                .route("/me", web::get().to(accounts::get_me))
                .service(
                    web::resource("/me/tokens")
                        .get(accounts::list_my_tokens)
                        .post(accounts::create_my_token),
                )
                .service(web::resource("/me/tokens/{id}").delete(accounts::revoke_my_token))
                .service(
                    web::resource("/organizations")
                        .get(accounts::list_organizations)
                        .post(accounts::create_organization),
                )
                .service(web::resource("/organizations/{id}").get(accounts::get_organization))
                .service(
                    web::resource("/users")
                        .get(accounts::list_users)
                        .post(accounts::create_user),
                )
                .service(web::resource("/users/{id}").get(accounts::get_user))
                .service(
                    web::resource("/users/{id}/tokens")
                        .get(accounts::list_tokens)
                        .post(accounts::create_token),
                )
                .service(web::resource("/tokens/{id}").delete(accounts::revoke_token))
                .service(web::resource("/parts").get(parts::list_parts).post(parts::create_part))
                .service(
                    web::resource("/parts/{id}")
                        .get(parts::get_part)
                        .patch(parts::update_part)
                        .delete(parts::withdraw_part),
                )
                .service(web::resource("/parts/{id}/twins").get(parts::list_twins))
                .service(web::resource("/parts/{id}/used-in").get(parts::list_used_in))
                .service(web::resource("/parts/{id}/strains").get(strains::list_part_strains))
                .route("/ontology/terms", web::get().to(parts::list_ontology_terms))
                .service(
                    web::resource("/strains")
                        .get(strains::list_strains)
                        .post(strains::create_strain),
                )
                .service(
                    web::resource("/strains/{id}")
                        .get(strains::get_strain)
                        .patch(strains::update_strain)
                        .delete(strains::withdraw_strain),
                )
                .service(web::resource("/strains/{id}/lineage").get(strains::get_lineage))
                .service(
                    web::resource("/strains/{id}/samples")
                        .get(strains::list_samples)
                        .post(strains::create_sample),
                )
                .service(web::resource("/strains/{id}/samples/{sample_id}").delete(strains::remove_sample))
                .service(web::resource("/parts/{id}/revisions").get(history::list_part_revisions))
                .service(web::resource("/parts/{id}/revisions/{n}").get(history::get_part_revision))
                .service(web::resource("/parts/{id}/revisions/{a}/diff/{b}").get(history::diff_part_revisions))
                .service(web::resource("/strains/{id}/revisions").get(history::list_strain_revisions))
                .service(web::resource("/strains/{id}/revisions/{n}").get(history::get_strain_revision))
                .service(web::resource("/strains/{id}/revisions/{a}/diff/{b}").get(history::diff_strain_revisions))
                .service(web::resource("/audit").get(history::list_audit_events))
                .service(web::resource("/parts/{id}/submit").post(curation::submit_part))
                .service(web::resource("/parts/{id}/review").post(curation::review_part))
                .service(web::resource("/parts/{id}/withdraw").post(curation::withdraw_published_part))
                .service(web::resource("/parts/{id}/reviews").get(curation::list_part_reviews))
                .service(web::resource("/strains/{id}/submit").post(curation::submit_strain))
                .service(web::resource("/strains/{id}/review").post(curation::review_strain))
                .service(web::resource("/strains/{id}/withdraw").post(curation::withdraw_published_strain))
                .service(web::resource("/strains/{id}/reviews").get(curation::list_strain_reviews))
                .service(web::resource("/reviews/queue").get(curation::review_queue))
                .service(web::resource("/reviews/queue/counts").get(curation_batch::count_review_queue))
                .service(web::resource("/reviews/batch").post(curation_batch::review_batch))
                .service(web::resource("/search/sequence").post(search::search_sequence))
                .service(
                    web::resource("/imports")
                        .get(imports::list_imports)
                        .post(imports::import_parts),
                )
                .service(web::resource("/imports/templates/{file}").get(imports::get_import_template))
                .service(web::resource("/imports/{id}").get(imports::get_import))
                .service(web::resource("/imports/{id}/submit").post(curation_batch::submit_import))
                .service(web::resource("/exports").get(exports::export_records)),
        );
}
