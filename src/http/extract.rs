//! Owns reading requests: JSON bodies and query strings whose errors name the offending field,
//! and typed path parameters. actix's own `Json`/`Query` extractors report serde errors without
//! the field's path, so these wrap `serde_path_to_error`.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::error::{AppError, FieldError};
use crate::state::AppState;

/// Refuses a request body sent with a `Content-Encoding` other than `identity` (415, RFC 7694).
///
/// Bound: no request body is ever inflated, so a body costs at most the bytes received, which
/// `BIOREG_MAX_BODY_BYTES` / `BIOREG_MAX_IMPORT_BYTES` cap. actix-web's own decoder (its
/// `compress-*` features, turned off in `Cargo.toml`) inflated each received chunk whole before
/// any limit was checked: one 64 KiB chunk of zstd or brotli can stand for gigabytes, so a small
/// request could exhaust the server's memory. Without the decoder a compressed body would only be
/// misread as garbage; this names the header instead.
pub fn refuse_encoded_body(req: &HttpRequest) -> Result<(), AppError> {
    for value in req.headers().get_all(header::CONTENT_ENCODING) {
        let encodings = value.to_str().unwrap_or("?");
        if encodings
            .split(',')
            .map(str::trim)
            .any(|coding| !coding.is_empty() && !coding.eq_ignore_ascii_case("identity"))
        {
            return Err(AppError::unsupported_media_type(format!(
                "Content-Encoding `{encodings}` is not accepted: send the request body uncompressed"
            )));
        }
    }
    Ok(())
}

/// A JSON request body. Malformed JSON is a 400 naming line and column; a well-formed body that
/// does not fit the schema is a 422 naming the field; an oversized body is a 413; a compressed
/// body is a 415 ([`refuse_encoded_body`]).
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

/// Bodies larger than this are parsed on the blocking pool rather than on a worker's event loop.
const LARGE_BODY: usize = 64 * 1024;

impl<T: DeserializeOwned + Send + 'static> FromRequest for ApiJson<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let limit = state.as_ref().map(|s| s.settings.max_body_bytes).unwrap_or(256 * 1024);
        let encoded = refuse_encoded_body(req);
        let body = web::Bytes::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            encoded?;
            match content_type.as_deref() {
                Some("application/json") => {}
                Some(ct) if ct.ends_with("+json") => {}
                Some(other) => {
                    return Err(AppError::unsupported_media_type(format!(
                        "request body must be application/json, not `{other}`"
                    )))
                }
                None => {
                    return Err(AppError::unsupported_media_type(
                        "request body must be application/json; the Content-Type header is missing",
                    ))
                }
            }
            let read = async {
                body.await.map_err(|e| match e.as_error::<PayloadError>() {
                    Some(PayloadError::Overflow) => AppError::payload_too_large(limit, "BIOREG_MAX_BODY_BYTES"),
                    _ => match e.as_error::<actix_web::error::JsonPayloadError>() {
                        Some(_) => AppError::payload_too_large(limit, "BIOREG_MAX_BODY_BYTES"),
                        None if e.as_response_error().status_code() == 413 => {
                            AppError::payload_too_large(limit, "BIOREG_MAX_BODY_BYTES")
                        }
                        None => AppError::bad_request(format!("could not read the request body: {e}")),
                    },
                })
            };
            // Room for the body in memory first, and a bound on how long it may take to arrive.
            let (bytes, _reservation) = match &state {
                Some(state) => state.read_body(&req, limit, "BIOREG_MAX_BODY_BYTES", read).await?,
                None => return Err(AppError::internal("ApiJson needs the AppState")),
            };
            // Parsing a large body takes a while (tens of milliseconds per MiB in a debug build):
            // off the worker's event loop, so the other requests it serves are not held up.
            if bytes.len() <= LARGE_BODY {
                return crate::json::parse_json(&bytes).map(ApiJson);
            }
            web::block(move || crate::json::parse_json(&bytes).map(ApiJson))
                .await
                .map_err(AppError::internal)?
        })
    }
}

/// The JSON body of an action whose fields are all optional (submit, withdraw): as [`ApiJson`],
/// except that a request without a body — no `Content-Type`, no `Content-Length` or a length of 0,
/// not chunked — stands for the default (`{}`), so `curl -X POST …/submit` works.
#[derive(Debug)]
pub struct OptionalJson<T>(pub T);

impl<T: DeserializeOwned + Default + Send + 'static> FromRequest for OptionalJson<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let headers = req.headers();
        let no_body = !headers.contains_key(header::CONTENT_TYPE)
            && !headers.contains_key(header::TRANSFER_ENCODING)
            && headers
                .get(header::CONTENT_LENGTH)
                .is_none_or(|length| length.to_str().is_ok_and(|l| l.trim() == "0"));
        if no_body {
            return Box::pin(std::future::ready(Ok(OptionalJson(T::default()))));
        }
        let json = ApiJson::<T>::from_request(req, payload);
        Box::pin(async move { json.await.map(|body| OptionalJson(body.0)) })
    }
}

/// A query string. A value that does not fit is a 422 naming the parameter.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + IntoParams + 'static> FromRequest for ApiQuery<T> {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        query_reads::note::<T>(req);
        std::future::ready(parse_query(req.query_string()).map(ApiQuery))
    }
}

/// Which query parameters each route reads, for the test that every one is declared in the
/// OpenAPI document (`tests/api/repository.rs`). A query type is read only through [`ApiQuery`],
/// which requires `IntoParams`: the names noted here are the names the type deserialises, and
/// the same derive declares them. Off unless a test calls [`query_reads::start`].
pub mod query_reads {
    use std::collections::{BTreeMap, BTreeSet};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Mutex;

    use actix_web::HttpRequest;
    use utoipa::openapi::path::ParameterIn;
    use utoipa::IntoParams;

    static ON: AtomicBool = AtomicBool::new(false);
    /// `(method, route pattern)` → the query parameter names its handler reads.
    type Reads = BTreeMap<(String, String), BTreeSet<String>>;
    static READS: Mutex<Reads> = Mutex::new(BTreeMap::new());

    /// Starts noting reads (process-wide).
    pub fn start() {
        ON.store(true, Ordering::Relaxed);
    }

    /// What has been noted so far.
    pub fn noted() -> Reads {
        READS.lock().map(|reads| reads.clone()).unwrap_or_default()
    }

    pub(super) fn note<T: IntoParams>(req: &HttpRequest) {
        if !ON.load(Ordering::Relaxed) {
            return;
        }
        let names = T::into_params(|| Some(ParameterIn::Query))
            .into_iter()
            .map(|parameter| parameter.name)
            .collect::<BTreeSet<_>>();
        let route = req.match_pattern().unwrap_or_else(|| req.path().to_string());
        if let Ok(mut reads) = READS.lock() {
            reads
                .entry((req.method().as_str().to_ascii_lowercase(), route))
                .or_default()
                .extend(names);
        }
    }
}

pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, AppError> {
    // No stored text may hold NUL (PostgreSQL cannot), so no filter can match it: refused alike on
    // both backends, naming the parameter.
    if let Some((name, _)) =
        form_urlencoded_parse(query).find(|(name, value)| name.contains('\0') || value.contains('\0'))
    {
        return Err(AppError::invalid_field(
            name.replace('\0', "\\0"),
            "may not contain the NUL character (U+0000)",
        ));
    }
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded_parse(query));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let message = error.into_inner().to_string();
        // A missing or unknown parameter has no path; serde names it in the message.
        let field = if path == "." { "query".to_string() } else { path };
        AppError::invalid(vec![FieldError { field, message }])
    })
}

fn form_urlencoded_parse(query: &str) -> url::form_urlencoded::Parse<'_> {
    url::form_urlencoded::parse(query.as_bytes())
}

/// Page size of every list: `limit` from 1 to 500, 100 when absent.
pub fn page_limit(limit: Option<u32>) -> Result<i64, AppError> {
    match limit.unwrap_or(100) {
        n @ 1..=500 => Ok(i64::from(n)),
        n => Err(AppError::invalid_field(
            "limit",
            format!("{n} is not between 1 and 500"),
        )),
    }
}

/// Parses a UUID path parameter, naming it when it is not one.
pub fn path_uuid(name: &str, value: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(value).map_err(|_| AppError::not_found(format!("no record with {name} `{value}`: not a UUID")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Page {
        limit: Option<u32>,
    }

    #[test]
    fn query_errors_name_the_parameter() {
        let err = parse_query::<Page>("limit=many").unwrap_err();
        assert_eq!(err.status, 422);
        assert_eq!(err.errors[0].field, "limit");
        assert_eq!(parse_query::<Page>("limit=5").unwrap().limit, Some(5));
    }
}
