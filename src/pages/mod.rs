//! The web pages for curators and labs: every page route is listed in [`routes`]. Pages sit on
//! the same domain layer as the JSON API (`crate::domain`) — a page handler reads its visitor and
//! form, calls the same domain functions an API handler would, and renders HTML on the server
//! with maud. No rule is written twice: visibility, four eyes, validation and the curation states
//! all come from the domain, and a refused action shows the domain's own message.
//!
//! Pages work without JavaScript (forms post, maps are SVG drawn by the server) and in English
//! and Simplified Chinese ([`i18n`]). Sign-in, sessions and CSRF are in [`session`].

pub mod curation;
pub mod home;
pub mod i18n;
pub mod imports;
pub mod layout;
pub mod lineage_graph;
pub mod map;
pub mod parts;
pub mod sequence;
pub mod session;
pub mod strains;
pub mod submit;

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde_json::Value;

/// Every page route.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/").get(home::search_page).post(home::search_sequence))
        .route("/static/bioreg.css", web::get().to(stylesheet))
        .service(web::resource("/signin").get(session::signin_page).post(session::signin))
        .route("/signout", web::post().to(session::signout))
        .route("/parts/{accession}", web::get().to(parts::part_page))
        .route("/parts/{accession}/edit", web::post().to(parts::edit_part))
        .route(
            "/parts/{accession}/download/{format}",
            web::get().to(parts::download_part),
        )
        .route("/strains/{accession}", web::get().to(strains::strain_page))
        .route("/strains/{accession}/edit", web::post().to(strains::edit_strain))
        .route(
            "/{library:parts|strains}/{accession}/submit",
            web::post().to(curation::submit),
        )
        .route(
            "/{library:parts|strains}/{accession}/review",
            web::post().to(curation::review),
        )
        .route(
            "/{library:parts|strains}/{accession}/withdraw",
            web::post().to(curation::withdraw),
        )
        .route("/strains/{accession}/samples", web::post().to(strains::add_sample))
        .route("/reviews", web::get().to(curation::review_queue_page))
        .route("/reviews/batch", web::post().to(curation::batch_review))
        .route("/submit", web::get().to(submit::submit_page))
        .route("/submit/part", web::post().to(submit::register_part))
        .route("/submit/part-file", web::post().to(submit::register_part_file))
        .route("/submit/strain", web::post().to(submit::register_strain))
        .service(
            web::resource("/imports")
                .get(imports::imports_page)
                .post(imports::check_import),
        )
        .route("/imports/confirm", web::post().to(imports::confirm_import));
}

/// The one stylesheet, compiled in.
async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/css; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(include_str!("static/bioreg.css"))
}

/// A string field of a record as presented (`""` when absent or not a string).
pub(crate) fn text<'a>(record: &'a Value, key: &str) -> &'a str {
    record.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A list field of a record as presented (empty when absent).
pub(crate) fn items<'a>(record: &'a Value, key: &str) -> &'a [Value] {
    record
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// A JSON value as one line of text (strings without quotes, null as empty).
pub(crate) fn plain(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}
