//! Owns conditional reads: every successful `GET` of the API carries an `ETag`, and a `GET` whose
//! `If-None-Match` names it is answered `304 Not Modified` without a body (RFC 9110 §13.1.2).
//!
//! A record's representation brings its own tag (the revision and format, `"r5-genbank"`);
//! any other answer (lists, revisions, search pages) is tagged with a hash of its bytes, so a
//! client polling a list re-downloads it only when it changed. Answers streamed with no known
//! length (exports) are left as they are: their bytes are not held to be hashed.
//!
//! Cost: one SHA-256 pass over an answer the handler already holds in memory (bounded by the
//! page budgets of the lists); no state.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::HttpResponse;
use sha2::{Digest, Sha256};

/// Headers a 304 repeats from the 200 it stands for (RFC 9110 §15.4.5).
const KEPT: [header::HeaderName; 4] = [
    header::ETAG,
    header::VARY,
    header::CACHE_CONTROL,
    header::CONTENT_LOCATION,
];

/// Whether `If-None-Match` names `etag` (weak comparison: `W/` is ignored on both sides).
pub fn none_match(if_none_match: &str, etag: &str) -> bool {
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_string();
    let etag = opaque(etag);
    if_none_match
        .split(',')
        .any(|tag| tag.trim() == "*" || opaque(tag) == etag)
}

/// Middleware: tags successful API reads and answers 304 to a matching `If-None-Match`.
pub async fn conditional_get(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let read = matches!(*req.method(), Method::GET | Method::HEAD) && req.path().starts_with("/api/");
    let if_none_match = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let response = next.call(req).await?.map_into_boxed_body();
    if !read || response.status() != StatusCode::OK {
        return Ok(response);
    }
    let (request, response) = response.into_parts();
    let (head, body) = response.into_parts();
    let bytes = match body.try_into_bytes() {
        Ok(bytes) => bytes,
        // A stream: passed on untouched.
        Err(body) => return Ok(ServiceResponse::new(request, head.set_body(body))),
    };
    let etag = match head.headers().get(header::ETAG).and_then(|v| v.to_str().ok()) {
        Some(tag) => tag.to_string(),
        None => {
            let digest = Sha256::digest(&bytes);
            format!("\"h{}\"", hex::encode(&digest[..12]))
        }
    };
    if if_none_match.as_deref().is_some_and(|header| none_match(header, &etag)) {
        let mut not_modified = HttpResponse::NotModified();
        for name in KEPT {
            if let Some(value) = head.headers().get(&name) {
                not_modified.insert_header((name, value.clone()));
            }
        }
        not_modified.insert_header((header::ETAG, etag));
        return Ok(ServiceResponse::new(request, not_modified.finish()));
    }
    let mut response = head.set_body(BoxBody::new(bytes));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    Ok(ServiceResponse::new(request, response))
}

#[cfg(test)]
mod tests {
    #[test]
    fn if_none_match_compares_weakly() {
        assert!(super::none_match("\"r5\"", "\"r5\""));
        assert!(super::none_match("W/\"r5\"", "\"r5\""));
        assert!(super::none_match("\"a\", \"r5\"", "\"r5\""));
        assert!(super::none_match("*", "\"r5\""));
        assert!(!super::none_match("\"r5-genbank\"", "\"r5\""));
        assert!(!super::none_match("\"r4\"", "\"r5\""));
    }
}
