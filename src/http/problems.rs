//! Owns turning errors produced outside our handlers — unknown routes, wrong methods, actix's
//! own extractor and payload errors — into the one problem+json shape.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::header;
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpRequest, ResponseError};

use crate::error::{AppError, PROBLEM_JSON};

/// `ErrorHandlers` default: any error response that is not problem+json yet is rewritten.
pub fn rewrite_as_problem<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON) || v.starts_with("text/html"));
    // problem+json already, or an error page of the web pages (`crate::pages`), which render their
    // own errors for people.
    if is_problem {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let detail = match res.response().error() {
        Some(error) => error.to_string(),
        None => match status.as_u16() {
            404 => format!("no route for {} {}", res.request().method(), res.request().path()),
            405 => format!("{} is not allowed on {}", res.request().method(), res.request().path()),
            _ => status.canonical_reason().unwrap_or("error").to_string(),
        },
    };
    let (req, _) = res.into_parts();
    let response = AppError::from_status(status, detail).error_response();
    let rewritten: ServiceResponse<EitherBody<B, BoxBody>> = ServiceResponse::new(req, response).map_into_right_body();
    Ok(ErrorHandlerResponse::Response(rewritten))
}

/// The default service: a 404 problem naming the method and path.
pub async fn no_route(req: HttpRequest) -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::not_found(format!(
        "no route for {} {}",
        req.method(),
        req.path()
    )))
}
