//! The one error type, [`AppError`], and its one wire shape: RFC 9457 `application/problem+json`.
//!
//! Every failure a client can see goes through here: handler and domain errors, database errors
//! (`From<diesel::result::Error>`), pool exhaustion, and — via [`crate::http::problems`] — actix's
//! own errors such as unknown routes and oversized bodies.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use serde::Serialize;
use utoipa::ToSchema;

/// Media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One invalid input value: which field (a dotted JSON path, a query or path parameter, or a
/// header) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// Dotted path of the offending value, e.g. `role` or `features[2].start`.
    pub field: String,
    pub message: String,
}

/// RFC 9457 problem details, the body of every error response.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:bioreg:problem:validation",
    "title": "Unprocessable Content",
    "status": 422,
    "detail": "field `role`: unknown variant `boss`, expected one of `admin`, `curator`, `submitter`, `reader`",
    "errors": [{"field": "role", "message": "unknown variant `boss`, expected one of `admin`, `curator`, `submitter`, `reader`"}]
}))]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:bioreg:problem:<kind>` (see docs/api-design.md).
    #[serde(rename = "type")]
    pub problem_type: String,
    /// Short summary of the kind of problem (the HTTP reason phrase).
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request, naming the offending field, record or line.
    pub detail: String,
    /// Every invalid field, when the request was refused for its content.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For a conflict with a stored record (e.g. the same sequence registered before): that record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing: Option<ExistingRecord>,
    /// For a refused import: the whole report (every record and what it would have become).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub report: Option<serde_json::Value>,
}

/// A stored record a request conflicts with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ExistingRecord {
    pub id: String,
    pub accession: String,
}

/// The error type of the whole crate.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{status}: {detail}")]
pub struct AppError {
    pub status: StatusCode,
    /// Short machine-readable kind, the last part of the problem type URI.
    pub kind: &'static str,
    pub detail: String,
    pub errors: Vec<FieldError>,
    pub existing: Option<Box<ExistingRecord>>,
    pub report: Option<Box<serde_json::Value>>,
    /// Seconds for the `Retry-After` header of a 429 or 503.
    pub retry_after: Option<u64>,
}

impl AppError {
    pub fn new(status: StatusCode, kind: &'static str, detail: impl Into<String>) -> Self {
        AppError {
            status,
            kind,
            detail: detail.into(),
            errors: Vec::new(),
            existing: None,
            report: None,
            retry_after: None,
        }
    }

    /// 400: the request could not be read at all (malformed JSON, bad header).
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad-request", detail)
    }

    /// 422 for one invalid field.
    pub fn invalid_field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::invalid(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }

    /// 422 listing every invalid field at once.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        let detail = errors
            .iter()
            .map(|e| format!("field `{}`: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; ");
        AppError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            kind: "validation",
            detail,
            errors,
            existing: None,
            report: None,
            retry_after: None,
        }
    }

    /// 401: no usable credentials.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", detail)
    }

    /// 403: authenticated, but the role or organisation does not allow this.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", detail)
    }

    /// 404 naming what was looked for.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", detail)
    }

    /// 409: the request conflicts with what is stored.
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", detail)
    }

    /// 412: a stale `If-Match`.
    pub fn precondition_failed(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::PRECONDITION_FAILED, "precondition-failed", detail)
    }

    /// 428: a write to a versioned record without `If-Match`.
    pub fn precondition_required(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::PRECONDITION_REQUIRED, "precondition-required", detail)
    }

    /// 413: the body is larger than the configured limit (`setting` names it).
    pub fn payload_too_large(limit: usize, setting: &str) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload-too-large",
            format!("request body is larger than the limit of {limit} bytes ({setting})"),
        )
    }

    /// 429: over a rate limit; retry after `seconds`.
    pub fn too_many_requests(detail: impl Into<String>, seconds: u64) -> Self {
        AppError {
            retry_after: Some(seconds.max(1)),
            ..Self::new(StatusCode::TOO_MANY_REQUESTS, "too-many-requests", detail)
        }
    }

    /// 503: the request took longer than the request timeout.
    pub fn timed_out(timeout: std::time::Duration) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!(
                "the request took longer than {} s (BIOREG_REQUEST_TIMEOUT); a write may still have completed: \
                 read the record before retrying",
                timeout.as_secs_f64()
            ),
        )
    }

    /// 406: none of the media types the client accepts can be served; `detail` lists those that can.
    pub fn not_acceptable(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_ACCEPTABLE, "not-acceptable", detail)
    }

    /// 415: the body is not in a media type this endpoint reads.
    pub fn unsupported_media_type(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", detail)
    }

    /// 503: the database cannot be reached or the pool is exhausted.
    pub fn unavailable(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", detail)
    }

    /// 503 with `Retry-After`: the server sheds load (a work pool's queue is full, or no slot
    /// came free in time).
    pub fn overloaded(detail: impl Into<String>, seconds: u64) -> Self {
        AppError {
            retry_after: Some(seconds.max(1)),
            ..Self::new(StatusCode::SERVICE_UNAVAILABLE, "overloaded", detail)
        }
    }

    /// 503 with `Retry-After`: what the request needs is still loading (the sequence index at
    /// start-up).
    pub fn not_ready(detail: impl Into<String>, seconds: u64) -> Self {
        AppError {
            retry_after: Some(seconds.max(1)),
            ..Self::new(StatusCode::SERVICE_UNAVAILABLE, "not-ready", detail)
        }
    }

    /// 500: a fault of ours. The cause is logged; the client gets no internals.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal server error; the request id is in the x-request-id header",
        )
    }

    /// A problem for a bare status produced outside our handlers (routing, actix extractors).
    pub fn from_status(status: StatusCode, detail: impl Into<String>) -> Self {
        let kind = match status {
            StatusCode::NOT_FOUND => "not-found",
            StatusCode::METHOD_NOT_ALLOWED => "method-not-allowed",
            StatusCode::PAYLOAD_TOO_LARGE => "payload-too-large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported-media-type",
            StatusCode::UNAUTHORIZED => "unauthorized",
            StatusCode::FORBIDDEN => "forbidden",
            StatusCode::TOO_MANY_REQUESTS => "too-many-requests",
            s if s.is_server_error() => "internal",
            _ => "bad-request",
        };
        Self::new(status, kind, detail)
    }

    pub fn problem(&self) -> Problem {
        Problem {
            problem_type: format!("urn:bioreg:problem:{}", self.kind),
            title: self.status.canonical_reason().unwrap_or("Error").to_string(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            errors: self.errors.clone(),
            existing: self.existing.as_deref().cloned(),
            report: self.report.as_deref().cloned(),
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        response.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
        if self.status == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"bioreg\""));
        }
        if let Some(seconds) = self.retry_after {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        } else if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response.insert_header((header::RETRY_AFTER, "1"));
        }
        let body = serde_json::to_vec(&self.problem()).unwrap_or_default();
        response.body(body)
    }
}

impl From<DieselError> for AppError {
    fn from(error: DieselError) -> Self {
        match error {
            DieselError::NotFound => AppError::not_found("record not found"),
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => AppError::conflict(format!(
                "a record with the same unique value already exists{}",
                info.constraint_name()
                    .map(|c| format!(" (constraint `{c}`)"))
                    .unwrap_or_default()
            )),
            DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, info) => AppError::conflict(format!(
                "the change refers to a record that does not exist or is still referenced: {}",
                info.message()
            )),
            DieselError::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                AppError::unavailable("the database could not serialise this change against a concurrent one; retry")
            }
            // SQLite waits BIOREG's busy_timeout for the write lock before saying this; a write
            // that waited that long is answered "retry", never 500.
            DieselError::DatabaseError(_, info)
                if info.message().contains("database is locked") || info.message().contains("database is busy") =>
            {
                AppError::unavailable("the database is busy with other writes; retry")
            }
            DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => {
                AppError::unavailable("the database connection was lost; retry")
            }
            // PostgreSQL refuses text holding NUL. JSON bodies and query strings are checked for it
            // first, naming the field; this answers the same for any other way text arrives (a path
            // segment, a form, a file).
            DieselError::DatabaseError(_, info) if info.message().contains("0x00") => {
                AppError::invalid_field("body", "text may not contain the NUL character (U+0000)")
            }
            other => AppError::internal(other),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        tracing::warn!(%error, "no database connection available");
        AppError::unavailable("no database connection is available right now; retry")
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        AppError::internal(error)
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_lists_every_field_in_the_detail() {
        let err = AppError::invalid(vec![
            FieldError {
                field: "name".into(),
                message: "must not be empty".into(),
            },
            FieldError {
                field: "role".into(),
                message: "unknown role".into(),
            },
        ]);
        assert_eq!(err.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            err.detail,
            "field `name`: must not be empty; field `role`: unknown role"
        );
        let problem = err.problem();
        assert_eq!(problem.problem_type, "urn:bioreg:problem:validation");
        assert_eq!(problem.errors.len(), 2);
    }

    #[test]
    fn unique_violations_are_conflicts_and_missing_rows_not_found() {
        assert_eq!(AppError::from(DieselError::NotFound).status, StatusCode::NOT_FOUND);
        assert_eq!(
            AppError::from(DieselError::RollbackTransaction).status,
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
