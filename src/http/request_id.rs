//! Owns the request id: taken from a well-formed incoming `x-request-id` or generated, put on the
//! tracing span of the request (so every log line carries it) and on every response.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::HttpMessage;
use tracing::Instrument;

pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being served, stored in the request's extensions.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

fn acceptable(incoming: &str) -> bool {
    !incoming.is_empty()
        && incoming.len() <= 128
        && incoming
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

pub async fn assign_request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = req
        .headers()
        .get(&REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| acceptable(v))
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.path());
    let started = Instant::now();
    let result = next.call(req).instrument(span.clone()).await;
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| match &result {
        Ok(res) => tracing::info!(status = res.status().as_u16(), elapsed_ms, "request finished"),
        Err(error) => tracing::warn!(%error, elapsed_ms, "request failed"),
    });
    result.map(|mut res| {
        if let Ok(value) = HeaderValue::from_str(&id) {
            res.headers_mut().insert(REQUEST_ID_HEADER, value);
        }
        res
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_short_plain_ids_are_taken_from_clients() {
        assert!(super::acceptable("3f1c-abc_1.2:x"));
        assert!(!super::acceptable(""));
        assert!(!super::acceptable("has space"));
        assert!(!super::acceptable(&"a".repeat(129)));
    }
}
