//! Owns who the caller is: the middleware that resolves `Authorization: Bearer <token>`, the
//! extractors handlers take as arguments ([`Authenticated`], [`Caller`]) and the public-read policy
//! for anonymous callers.

use std::future::{ready, Ready};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};

use crate::domain::accounts::{self, Principal, Role};
use crate::domain::audit;
use crate::error::AppError;
use crate::http::request_id::RequestId;
use crate::state::AppState;

/// The bearer token of a request: `None` when there is no `Authorization` header,
/// an error when there is one that is not `Bearer <token>`.
fn bearer_token(req: &HttpRequest) -> Result<Option<String>, AppError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value
        .to_str()
        .map_err(|_| AppError::unauthorized("the Authorization header is not visible ASCII"))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(Some(token.trim().to_string()))
        }
        _ => Err(AppError::unauthorized(
            "the Authorization header must be `Bearer <token>`",
        )),
    }
}

/// The outcome of authenticating a request, decided once by [`authenticate_request`] before any
/// handler argument is extracted.
#[derive(Debug, Clone)]
struct Resolved(Result<Option<Principal>, AppError>);

/// Middleware: resolves the bearer token (one indexed lookup of its hash) and stores the outcome
/// in the request. Doing it here rather than in the extractor makes the outcome independent of
/// the other extractors, which actix polls concurrently: a bad token is always a 401, even when
/// the body is also bad.
///
/// It also applies the rate limits (see [`crate::http::limits`]): an authenticated request counts
/// against its token, any other (anonymous, or failing authentication) against its client
/// address. A request over its limit is answered 429 here; a failed authentication over the limit
/// is logged but not audited, so a flood of bad tokens cannot flood the audit log.
pub async fn authenticate_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone());
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let outcome = match (bearer_token(req.request()), &state) {
        (Err(error), _) => Err(error),
        (Ok(None), _) => Ok(None),
        (Ok(Some(secret)), Some(state)) => {
            let id = request_id.clone();
            // A token resolved before (and nothing written since, see crate::cache) is not looked up again.
            let hash = accounts::hash_token(&secret);
            let cached = state.cache.token(&hash, crate::db::now());
            let resolved = match cached {
                Some(principal) => Ok(principal),
                None => {
                    let (cache, epoch) = (state.cache.clone(), state.cache.epoch());
                    state
                        .db(move |conn| {
                            let principal = accounts::authenticate(conn, &secret)?;
                            cache.put_token(hash, epoch, principal.clone());
                            Ok(principal)
                        })
                        .await
                }
            };
            resolved.map(|principal| {
                Some(Principal {
                    request_id: id,
                    ..principal
                })
            })
        }
        (Ok(Some(_)), None) => Err(AppError::internal("application state is missing")),
    };
    // Liveness, readiness, metrics and the API document are not limited: probes and scrapers
    // must always get through.
    let limited_path = req.path().starts_with("/api/");
    let mut standing = None;
    if let (Some(state), true) = (&state, limited_path) {
        let limited = match &outcome {
            Ok(Some(principal)) => state.limits.check_token(principal.token_id),
            _ => state.limits.check_address(req.request()),
        };
        match limited {
            Ok(now) => standing = now,
            Err((error, now)) => {
                tracing::info!(detail = %error.detail, "rate limited");
                let mut response = req.error_response(error);
                for (name, value) in now.headers() {
                    response.headers_mut().insert(name, value);
                }
                return Ok(response.map_into_right_body());
            }
        }
    }
    if let (Err(error), Some(state)) = (&outcome, &state) {
        if error.status == actix_web::http::StatusCode::UNAUTHORIZED {
            tracing::info!(detail = %error.detail, "authentication failed");
            // Failed authentications are audited; a failure to audit must not turn a 401 into a 500.
            let (detail, path, request_id) = (error.detail.clone(), req.path().to_string(), request_id.clone());
            let audited = state
                .db(move |conn| {
                    let details = serde_json::json!({"detail": detail, "path": path});
                    audit::record(conn, None, request_id.as_deref(), "auth.failed", None, details)
                })
                .await;
            if let Err(error) = audited {
                tracing::warn!(detail = %error.detail, "could not audit a failed authentication");
            }
        }
    }
    req.extensions_mut().insert(Resolved(outcome));
    let mut response = next.call(req).await?;
    if let Some(standing) = standing {
        for (name, value) in standing.headers() {
            response.headers_mut().insert(name, value);
        }
    }
    Ok(response.map_into_left_body())
}

fn resolved(req: &HttpRequest) -> Result<Option<Principal>, AppError> {
    req.extensions()
        .get::<Resolved>()
        .map(|resolved| resolved.0.clone())
        .unwrap_or_else(|| Err(AppError::internal("authenticate_request middleware is not installed")))
}

/// A caller that presented a valid token; 401 otherwise.
#[derive(Debug, Clone)]
pub struct Authenticated(pub Principal);

impl Authenticated {
    /// 403 unless the caller has at least `role`.
    pub fn require(&self, role: Role) -> Result<&Principal, AppError> {
        self.0.require(role)?;
        Ok(&self.0)
    }
}

impl FromRequest for Authenticated {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(resolved(req).and_then(|principal| {
            principal
                .map(Authenticated)
                .ok_or_else(|| AppError::unauthorized("this endpoint needs `Authorization: Bearer <token>`"))
        }))
    }
}

/// Any caller: anonymous (no `Authorization` header) or authenticated. A header with a bad
/// token is still a 401 — a client that tried to authenticate is never silently downgraded.
#[derive(Debug, Clone)]
pub struct Caller(pub Option<Principal>);

impl Caller {
    /// Anonymous reads are allowed only when the registry is configured for public read.
    pub fn require_read(&self, state: &AppState) -> Result<(), AppError> {
        if self.0.is_none() && !state.settings.public_read {
            return Err(AppError::unauthorized(
                "this registry does not allow anonymous reads; send `Authorization: Bearer <token>`",
            ));
        }
        Ok(())
    }
}

impl FromRequest for Caller {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(resolved(req).map(Caller))
    }
}
