//! Owns who the caller is: the `Authorization: Bearer <token>` extractors handlers take as
//! arguments ([`Authenticated`], [`Caller`]) and the public-read policy for anonymous callers.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};

use crate::domain::accounts::{self, Principal, Role};
use crate::error::AppError;
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

async fn resolve(req: HttpRequest) -> Result<Option<Principal>, AppError> {
    let Some(secret) = bearer_token(&req)? else {
        return Ok(None);
    };
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| AppError::internal("application state is missing"))?
        .clone();
    let principal = state.db(move |conn| accounts::authenticate(conn, &secret)).await;
    if let Err(error) = &principal {
        tracing::info!(detail = %error.detail, "authentication failed");
    }
    principal.map(Some)
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
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            resolve(req)
                .await?
                .map(Authenticated)
                .ok_or_else(|| AppError::unauthorized("this endpoint needs `Authorization: Bearer <token>`"))
        })
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
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { resolve(req).await.map(Caller) })
    }
}
